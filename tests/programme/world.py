"""Referrals and the programme for the permission matrix: an assessed open referral, an allocation to journey A."""

from decimal import Decimal

from programme import services
from programme.models import Programme
from tests.programme.factories import assess, make_referral


def extend(world):
    adviser = world.user("adviser")
    referral = make_referral(parent_body=world.council_a)
    assess(referral, adviser)
    programme = Programme.objects.create(name="Mutuals Support Programme")
    allocation = services.allocation_create(
        programme=programme,
        journey=world.objects["journey_a"],
        category="legal",
        supplier="Law firm",
        amount=Decimal("1000"),
        by=adviser,
    )
    world.objects.update(referral=referral, programme=programme, allocation_a=allocation)
