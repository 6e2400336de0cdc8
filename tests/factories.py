"""factory-boy factories shared by all tests."""

from decimal import Decimal

import factory

from accounts.models import PublicBody, Region, User
from journeys.models import Membership, StaffGroup
from mutuals_portal.lib.choices import ServiceArea

TEST_PASSWORD = "test-pass-2026"


class PublicBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicBody
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Council {n}")
    kind = PublicBody.Kind.COUNCIL
    region = Region.NORTH_WEST


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    role = User.Role.STAFF

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class StaffGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffGroup

    name = factory.Sequence(lambda n: f"Staff group {n}")
    service_name = factory.Sequence(lambda n: f"Service {n}")
    service_area = ServiceArea.LIBRARIES
    parent_body = factory.SubFactory(PublicBodyFactory)
    headcount = 40
    annual_budget = Decimal("1000000.00")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(StaffGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


def api_token_for(user, *, days: int = 30, with_second_factor: bool = False, **fields) -> str:
    """A live API token for `user` (accounts.ApiToken); returns its key."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from accounts.api_tokens import digest
    from accounts.models import ApiToken

    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_digest=digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
        with_second_factor=with_second_factor,
        **fields,
    )
    return key


def post_and_run_commit_hooks(client, url, data):
    """POST as a browser would, with what the view leaves for after the commit (emails) run."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def confirm_registration(client, url, data):
    """Fill in a registration form, then follow the link emailed to the address (as its owner
    would): returns the response to "Create my account"."""
    from django.conf import settings
    from django.core import mail
    from django.urls import reverse

    response = post_and_run_commit_hooks(client, url, data)
    assert response.status_code == 302 and response["Location"] == reverse("registration_check_email"), response
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/register/confirm/" in line)
    return client.post(link.strip().removeprefix(settings.SITE_URL))


def signed_in_client(user):
    """A browser of the user's own, signed in: two people in one test never share a session or
    its flash messages (the `client` fixture is one browser)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
