"""Referrals and the programme for the permission matrix: an assessed open referral, an allocation to journey A,
an outcome return of journey A for the financial year before last (sent before it moved back from Spun out)."""

from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from programme import services
from programme.models import Programme, financial_year_of
from tests.factories import UserFactory
from tests.journeys.factories import make_journey
from tests.programme.factories import assess, make_referral

OFFER = {
    "mutual_name": "Fictional Care Mutual",
    "spin_out_role": "Led the staff ballot",
    "service_areas": ["adult_social_care"],
    "region": "north_west",
    "topics": ["staff_engagement", "business_plan"],
    "capacity": 2,
    "active": True,
}


def _mentoring(world, adviser):
    mentor = UserFactory(email="mentor@example.test", full_name="Mo Mentor")
    offer = services.mentor_offer_save(user=mentor, values=OFFER)
    services.mentor_offer_decide(offer=offer, by=adviser, approve=True, note="", version=offer.version)
    mentoring = services.mentoring_request_create(
        journey=world.objects["journey_a"], by=world.user("staff"), topics=["staff_engagement"], note=""
    )
    mentoring = services.mentoring_match(mentoring=mentoring, offer=offer, by=adviser, version=mentoring.version)
    other = make_journey(supported=True)
    waiting = services.mentoring_request_create(
        journey=other, by=other.group.memberships.first().user, topics=["business_plan"], note=""
    )
    return mentoring, waiting


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
    # Mentoring: journey A has a mentor (from another mutual, no role of the matrix); a second supported journey
    # is waiting for one; an offer waits for approval; another was not approved (an adviser may approve it again).
    mentoring_a, waiting = _mentoring(world, adviser)
    declined = services.mentor_offer_save(user=UserFactory(email="declined-mentor@example.test"), values=OFFER)
    world.objects.update(
        mentoring_a=mentoring_a,
        mentoring_waiting=waiting,
        offer_pending=services.mentor_offer_save(user=UserFactory(email="new-mentor@example.test"), values=OFFER),
        offer_declined=services.mentor_offer_decide(
            offer=declined, by=adviser, approve=False, note="Tell us more about your spin-out", version=declined.version
        ),
    )
    world.objects.update(
        referral=referral,
        referral_to_moderate=to_moderate,
        programme=programme,
        allocation_a=allocation,
        outcome_a=outcome,
    )
