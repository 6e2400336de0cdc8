import pytest
from django.core.exceptions import ValidationError

from accounts.models import PublicBody, User
from tests.factories import PublicBodyFactory

pytestmark = pytest.mark.django_db


def test_create_user_stores_the_email_in_lower_case():
    user = User.objects.create_user("Priya.Shah@Example.TEST", "a-long-password-1", full_name="Priya Shah")
    assert user.email == "priya.shah@example.test"
    assert user.check_password("a-long-password-1")
    assert not user.is_staff


def test_create_superuser_is_an_admin():
    user = User.objects.create_superuser("root@example.test", "a-long-password-1", full_name="Root")
    assert user.is_superuser and user.is_staff and user.is_admin


def test_an_officer_must_belong_to_a_council():
    nhs = PublicBodyFactory(name="NHS Somewhere", kind=PublicBody.Kind.NHS)
    officer = User(email="o@example.test", full_name="O", role=User.Role.OFFICER, public_body=nhs)
    with pytest.raises(ValidationError, match="council officer must belong to a council"):
        officer.full_clean(exclude=["password"])
    officer.public_body = PublicBodyFactory(name="A council")
    officer.full_clean(exclude=["password"])


def test_an_adviser_must_belong_to_central_government():
    adviser = User(email="a@example.test", full_name="A", role=User.Role.ADVISER, public_body=None)
    with pytest.raises(ValidationError, match="adviser must belong"):
        adviser.full_clean(exclude=["password"])
