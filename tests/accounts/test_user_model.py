import pytest
from django.core.exceptions import ValidationError

from accounts.models import PublicBody, User
from tests.factories import PublicBodyFactory, UserFactory

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


def test_a_person_read_by_key_is_the_row_the_orm_reads_and_a_missing_one_does_not_exist(django_assert_num_queries):
    """User.objects.get(pk=...) (how Django's ModelBackend reads the signed-in person on every page) by a
    statement compiled once: the same row, whether the key is a number or the digits a session keeps."""
    council = PublicBodyFactory()
    person = UserFactory(
        email="ines@example.test", full_name="Ines Officer", role=User.Role.OFFICER, public_body=council
    )
    for key in (person.pk, str(person.pk)):
        with django_assert_num_queries(1):
            found = User.objects.get(pk=key)
        assert found == person and type(found) is User
        assert {f.attname: getattr(found, f.attname) for f in User._meta.concrete_fields} == {
            f.attname: getattr(person, f.attname) for f in User._meta.concrete_fields
        }
    User.objects.filter(pk=person.pk).update(full_name="Ines Changed")
    assert User.objects.get(pk=person.pk).full_name == "Ines Changed"  # the row as it is now
    for missing in (10**9, str(10**9), 2**63 - 1):
        with pytest.raises(User.DoesNotExist, match="User matching query does not exist"):
            User.objects.get(pk=missing)
    # Anything else goes through the ORM, with its own answers and errors.
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=2**63)
    with pytest.raises(ValueError):
        User.objects.get(pk="six")
    assert User.objects.get(pk=person.pk, role=User.Role.OFFICER) == person
    # A council's people add their own condition: someone of another council is not among them.
    other = UserFactory(email="olu@example.test", public_body=PublicBodyFactory())
    assert council.people.get(pk=person.pk) == person
    with pytest.raises(User.DoesNotExist):
        council.people.get(pk=other.pk)
