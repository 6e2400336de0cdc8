"""A journey with a full plan (5-year forecast, many risks) for pack tests and the benchmark."""

from datetime import date
from decimal import Decimal

from journeys import services
from journeys.models import (
    Ballot,
    BoardSeat,
    Forecast,
    ForecastLine,
    GateRequest,
    MutualDesign,
    Risk,
    Stage,
    TransferPlan,
)
from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from tests.factories import StaffGroupFactory
from tests.journeys.factories import advance_to, make_journey, passing_financial_model, pdf_file, task

RISK_TITLES = [
    "Pension deficit contribution higher than modelled",
    "Commissioner reduces the contract value",
    "Key staff leave before transfer",
    "VAT treatment changes after spin-out",
    "IT systems not separated in time",
    "Premises lease not agreed",
]


def full_journey(*, group=None, lead=None, risks: int = 30, years: int = 5, stage=Stage.DESIGN):
    """A journey at `stage` with every plan section recorded."""
    group = group or StaffGroupFactory(name="Riverside Community Therapies", service_name="Community therapies")
    journey = make_journey(group=group, lead=lead, supported=True)
    lead = journey.group.memberships.get(role="lead").user
    advance_to(journey, stage, lead)
    if journey.stage_index > Stage.index(Stage.BUSINESS_PLAN):
        # advance_to moves the stage directly; the business-plan gate's sign-off, as an adviser gives it.
        GateRequest.objects.create(
            journey=journey,
            from_stage=Stage.BUSINESS_PLAN,
            to_stage=Stage.TRANSFER,
            requested_by=lead,
            status=GateRequest.Status.APPROVED,
        )
    Ballot.objects.create(journey=journey, held_on=date(2026, 3, 2), eligible=96, votes_for=71, votes_against=9)
    Ballot.objects.create(
        journey=journey, kind=Ballot.Kind.SURVEY, held_on=date(2026, 6, 9), eligible=64, votes_for=52, votes_against=4
    )
    MutualDesign.objects.update_or_create(
        journey=journey,
        defaults={
            "legal_form": LegalForm.CIC_CLS,
            "ownership_model": OwnershipModel.EMPLOYEE_OWNED,
            "notes": "Staff each hold a 1 pound share; dividends capped.",
        },
    )
    for constituency, seats in [("staff", 4), ("users", 2), ("commissioner", 1), ("independent", 2)]:
        BoardSeat.objects.update_or_create(journey=journey, constituency=constituency, defaults={"seats": seats})
    forecast, _ = Forecast.objects.update_or_create(journey=journey, defaults={"first_year": 2027, "years": years})
    forecast.lines.all().delete()
    amounts = {f"year_{n}": Decimal(2_700_000 + 50_000 * n) for n in range(1, years + 1)}
    ForecastLine.objects.create(forecast=forecast, kind="income", label="Core contract", **amounts)
    ForecastLine.objects.create(
        forecast=forecast,
        kind="income",
        label="Private clinics",
        **{f"year_{n}": Decimal(40_000 * n) for n in range(1, years + 1)},
    )
    ForecastLine.objects.create(
        forecast=forecast,
        kind="cost",
        label="Staff",
        **{f"year_{n}": Decimal(2_200_000 + 45_000 * n) for n in range(1, years + 1)},
    )
    ForecastLine.objects.create(
        forecast=forecast,
        kind="cost",
        label="Premises and back office",
        **{f"year_{n}": Decimal(480_000 - 5_000 * n) for n in range(1, years + 1)},
    )
    passing_financial_model(journey, lead)  # the business case the pack prints (journeys.finance)
    Risk.objects.filter(journey=journey).delete()
    Risk.objects.bulk_create(
        Risk(
            journey=journey,
            title=f"{RISK_TITLES[n % len(RISK_TITLES)]} (risk {n + 1})",
            owner="Finance lead" if n % 2 else "Service lead",
            likelihood=1 + n % 5,
            impact=1 + (n * 3) % 5,
            mitigation="Agree a pass-through clause with the commissioner and review each quarter.",
        )
        for n in range(risks)
    )
    TransferPlan.objects.update_or_create(
        journey=journey,
        defaults={
            "procurement_route": "direct_award",
            "contract_length_months": 60,
            "contract_value": Decimal("13500000"),
            "go_live_on": date(2028, 4, 1),
            "tupe_headcount": 88,
            "pension_arrangement": "lgps_admitted",
        },
    )
    services.evidence_add(task=task(journey, "staff-ballot"), by=lead, file=pdf_file("ballot-result.pdf"))
    return journey
