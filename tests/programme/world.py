"""Referrals and the programme for the permission matrix: an assessed open referral, an allocation to journey A."""

from decimal import Decimal

from accounts.models import User
from programme import services
from programme.models import Programme
from tests.factories import UserFactory
from tests.programme.factories import assess, make_referral


def extend(world):
    adviser = world.user("adviser")
    referral = make_referral(parent_body=world.council_a)
    assess(referral, adviser)
    # Assessed by a second adviser: the world's adviser may moderate it (not their own).
    second = UserFactory(email="second-adviser@example.test", role=User.Role.ADVISER)
    to_moderate = make_referral(parent_body=world.council_a, organisation="Second opinion team")
    assess(to_moderate, second)
    programme = Programme.objects.create(name="Mutuals Support Programme")
    allocation = services.allocation_create(
        programme=programme,
        journey=world.objects["journey_a"],
        category="legal",
        supplier="Law firm",
        amount=Decimal("1000"),
        by=adviser,
    )
    world.objects.update(
        referral=referral, referral_to_moderate=to_moderate, programme=programme, allocation_a=allocation
    )
