"""factory-boy factories shared by all tests."""

from decimal import Decimal

import factory

from journeys.models import Membership, StaffGroup
from mutuals_portal.accounts.models import PublicBody, Region, User
from mutuals_portal.choices import ServiceArea

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
