"""Referrals and the programme for the permission matrix: an assessed open referral, an allocation to journey A,
an outcome return of journey A for the financial year before last (sent before it moved back from Spun out)."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from programme import services
from programme.models import Programme, financial_year_of
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
    outcome_year = financial_year_of(timezone.localdate()) - 2
    outcome = services.outcome_return_save(
        journey=world.objects["journey_a"],
        year=outcome_year,
        by=world.user("staff"),
        values={
            "staff_headcount": 80,
            "turnover": Decimal("2500000"),
            "sickness_absence_days": Decimal("6.5"),
            "staff_turnover_percent": Decimal("11.0"),
            "user_satisfaction_percent": Decimal("90"),
            "contracts_won": 1,
            "contracts_lost": 0,
            "social_value_highlights": "Apprenticeships",
        },
        new=True,
    )
    world.objects.update(
        referral=referral,
        referral_to_moderate=to_moderate,
        programme=programme,
        allocation_a=allocation,
        outcome_a=outcome,
    )
