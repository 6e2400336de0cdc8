"""Triage scoring for referrals into the Mutuals Support Programme (DOMAIN.md section 2).

Gates T1 and T2 pass or fail; criteria T3-T8 score 0-3 points, weighted so the total is out of 100.
Bands come from settings.TRIAGE_BAND_THRESHOLDS (default: high from 70, medium from 45).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from . import subsidy


@dataclass(frozen=True)
class Criterion:
    field: str
    code: str
    label: str
    weight: int


CRITERIA = [
    Criterion("t3_sponsor", "T3", "Named senior sponsor and parent-body support", 20),
    Criterion("t4_commissioner", "T4", "Commissioner backing or contract route", 20),
    Criterion("t5_staff", "T5", "Staff engagement and a staff-control design", 15),
    Criterion("t6_viability", "T6", "Business case, finance and market position", 20),
    Criterion("t7_innovation", "T7", "Plans to transform the service; social impact", 15),
    Criterion("t8_match", "T8", "Cash match-funding committed", 10),
]
GATES = [
    ("t1_definition", "T1", "Meets, or will meet, all 3 tests of a public service mutual"),
    ("t2_england", "T2", "Services delivered in England"),
]
MAX_POINTS = 3
DEFAULT_THRESHOLDS = {"high": 70, "medium": 45}


def score(points: dict[str, int]) -> Decimal:
    """The weighted score out of 100, to one decimal place. Points must be 0-3."""
    total = Decimal(0)
    for criterion in CRITERIA:
        value = points[criterion.field]
        if not 0 <= value <= MAX_POINTS:
            raise ValueError(f"{criterion.code} must score from 0 to {MAX_POINTS}, not {value}")
        total += Decimal(criterion.weight) * Decimal(value) / MAX_POINTS
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def thresholds() -> dict[str, Decimal]:
    configured = getattr(settings, "TRIAGE_BAND_THRESHOLDS", DEFAULT_THRESHOLDS)
    return {name: Decimal(str(configured[name])) for name in ("high", "medium")}


def band(value: Decimal) -> str:
    limits = thresholds()
    if value >= limits["high"]:
        return "high"
    if value >= limits["medium"]:
        return "medium"
    return "low"


def flags(*, mutual_over_five_years: bool, retendered: bool, requested_support: Decimal) -> list[str]:
    """Warnings an adviser must weigh before accepting."""
    found = []
    if mutual_over_five_years or retendered:
        found.append(
            "Ineligible for the programme as it stands: an existing mutual more than 5 years old, "
            "or one whose contract has been retendered"
        )
    limit = subsidy.mfa_limit()
    if requested_support and subsidy.over_limit(requested_support):
        found.append(
            f"Support requested (£{requested_support:,.2f}) is over the £{limit:,.0f} limit for minimal financial "
            "assistance over the current and two previous financial years (Subsidy Control Act 2022, section 36): "
            "any part above it needs another lawful basis"
        )
    return found
