"""accounts.services.user_create: the one place accounts are made (#18, point 3), with Django's
password validation and one rule for an address that already has an account."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms import PASSWORDS_DIFFER
from accounts.models import User
from accounts.services import DUPLICATE_EMAIL, user_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_account_is_made_with_a_checked_password():
    user = user_create(email="ada@example.test", full_name="Ada Byron", role=User.Role.STAFF, password="Lovelace-1843!")
    assert user.pk and user.check_password("Lovelace-1843!") and user.role == User.Role.STAFF


def test_an_address_with_an_account_in_another_case_is_refused():
    UserFactory(email="ada@example.test")
    with pytest.raises(ValidationError) as error:
        user_create(email="ADA@Example.test", full_name="Ada", role=User.Role.STAFF, password="Lovelace-1843!")
    assert error.value.message_dict == {"email": [DUPLICATE_EMAIL]}
    assert User.objects.filter(email__iexact="ada@example.test").count() == 1


@pytest.mark.parametrize("password", ["short", "password123", "ada@example.test"])
def test_a_weak_password_is_refused_by_django_s_validators(password):
    with pytest.raises(ValidationError):
        user_create(email="ada@example.test", full_name="Ada Byron", role=User.Role.STAFF, password=password)
    assert not User.objects.exists()


def test_every_form_that_sets_a_password_says_the_same(client):
    """The staff group's registration and the invitation's acceptance use one check, one message."""
    response = client.post(
        reverse("journeys:register"),
        {"full_name": "Ada", "email": "a@example.test", "password1": "x", "password2": "y"},
    )
    assert PASSWORDS_DIFFER in response.content.decode()
