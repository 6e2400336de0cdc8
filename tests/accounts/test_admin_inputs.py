"""Values typed or crafted into the Django admin's user forms get a form error, never a server error."""

import pytest
from django.urls import reverse

from accounts.models import User
from journeys.models import Membership
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(email="admin@example.test", role=User.Role.ADMIN, is_superuser=True, is_staff=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("public_body", ["abc", "<script>", "9" * 30])
def test_a_public_body_that_is_not_an_id_is_a_form_error(admin_client, public_body):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.test",
            "full_name": "New Person",
            "role": User.Role.OFFICER,
            "public_body": public_body,
            "usable_password": "true",
            "password1": "fuzzy-otter-battery-9271",
            "password2": "fuzzy-otter-battery-9271",
        },
    )
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert not User.objects.filter(email="new@example.test").exists()


@pytest.mark.parametrize("permission", ["9223372036854775808", "-9223372036854775809", "abc"])
def test_a_permission_id_out_of_range_is_a_form_error(admin_client, permission):
    person = UserFactory(email="person@example.test", full_name="Pat Person")
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {"email": person.email, "full_name": "Changed", "role": User.Role.STAFF, "user_permissions": [permission]},
    )
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Pat Person"


def test_a_member_that_is_not_an_id_is_a_form_error_in_the_staff_group_admin(admin_client):
    group = MembershipFactory().group
    prefix = "memberships"
    response = admin_client.post(
        reverse("admin:journeys_staffgroup_change", args=[group.pk]),
        {
            "name": group.name,
            "service_name": group.service_name,
            "service_area": group.service_area,
            "parent_body": group.parent_body_id,
            "headcount": group.headcount,
            "annual_budget": group.annual_budget,
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-user": "not-an-id",
            f"{prefix}-0-role": Membership.Role.MEMBER,
        },
    )
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
