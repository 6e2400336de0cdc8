"""Referrals and assessments made the way the product makes them (through the services)."""

from decimal import Decimal

from accounts.models import Region
from mutuals_portal.lib.choices import ServiceArea
from programme import services
from programme.models import Referral, TriageAssessment

_counter = {"n": 0}

STRONG = {"t3_sponsor": 3, "t4_commissioner": 3, "t5_staff": 2, "t6_viability": 3, "t7_innovation": 2, "t8_match": 2}


def enquiry_data(**overrides) -> dict:
    """POST data for the public enquiry form."""
    data = {
        "contact_name": "Rosa Diaz",
        "contact_email": "rosa@example.test",
        "organisation": "Kingsmere Youth Workers",
        "service_name": "Kingsmere Youth Service",
        "service_area": ServiceArea.YOUTH,
        "parent_body": "",
        "parent_body_name": "Kingsmere County Council",
        "region": Region.SOUTH_EAST,
        "headcount": "28",
        "annual_budget": "1100000",
        "progress": Referral.Progress.EXPLORING,
        "help_needed": "Legal advice on setting up a community interest company.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def make_referral(*, parent_body=None, **overrides) -> Referral:
    _counter["n"] += 1
    values = {
        "contact_name": "Rosa Diaz",
        "contact_email": f"contact{_counter['n']}@example.test",
        "organisation": f"Team {_counter['n']}",
        "service_name": "Youth service",
        "service_area": ServiceArea.YOUTH,
        "parent_body": parent_body,
        "parent_body_name": parent_body.name if parent_body else "Kingsmere County Council",
        "region": Region.SOUTH_EAST,
        "headcount": 28,
        "annual_budget": Decimal("1100000"),
        "progress": Referral.Progress.EXPLORING,
        "help_needed": "Advice, please.",
        "consent": True,
    }
    values.update(overrides)
    return services.referral_submit(referral=Referral(**values))


def assess(referral, by, *, t1=True, t2=True, points=None, **extra) -> TriageAssessment:
    assessment = TriageAssessment(t1_definition=t1, t2_england=t2, **(points or STRONG), **extra)
    return services.assessment_save(referral=referral, assessment=assessment, by=by)
