"""The plan data a pack is made from: plain, JSON-ready values (so they can be hashed), in a few queries."""

import hashlib
import json
from decimal import Decimal

from casestudies.selectors import related_for
from journeys.models import (
    Ballot,
    BoardSeat,
    Evidence,
    ForecastLine,
    Journey,
    MutualDesign,
    Risk,
    Stage,
    StageChange,
    StageDefinition,
    Task,
    TransferPlan,
)
from mutuals_portal.lib.choices import LegalForm, ServiceArea


def money(value) -> str:
    """Whole pounds with thousands separators; a deficit as -£1,234."""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def _forecast(journey: Journey) -> dict | None:
    forecast = getattr(journey, "forecast", None)
    if forecast is None:
        return None
    years = forecast.years
    lines = list(ForecastLine.objects.filter(forecast=forecast).order_by("kind", "id"))
    income = [line for line in lines if line.kind == ForecastLine.Kind.INCOME]
    costs = [line for line in lines if line.kind == ForecastLine.Kind.COST]

    def rows(group):
        return [
            {
                "label": line.label,
                "amounts": [money(a) for a in line.amounts(years)],
                "total": money(sum(line.amounts(years), Decimal(0))),
            }
            for line in group
        ]

    def totals(group):
        return [sum((line.amounts(years)[i] for line in group), Decimal(0)) for i in range(years)]

    income_totals, cost_totals = totals(income), totals(costs)
    surplus = [i - c for i, c in zip(income_totals, cost_totals, strict=True)]
    return {
        "years": forecast.year_labels,
        "income": rows(income),
        "costs": rows(costs),
        # Whole pounds as numbers for the chart; formatted strings for the tables.
        "income_values": [int(v) for v in income_totals],
        "cost_values": [int(v) for v in cost_totals],
        "income_totals": [money(v) for v in income_totals],
        "cost_totals": [money(v) for v in cost_totals],
        "surplus": [money(v) for v in surplus],
        "surplus_is_deficit": [v < 0 for v in surplus],
        "income_total": money(sum(income_totals, Decimal(0))),
        "cost_total": money(sum(cost_totals, Decimal(0))),
        "surplus_total": money(sum(surplus, Decimal(0))),
        "has_lines": bool(lines),
    }


def _stages(journey: Journey) -> list[dict]:
    tasks = list(Task.objects.filter(journey=journey).select_related("definition"))
    stages = []
    for definition in StageDefinition.objects.order_by("order"):
        index = Stage.index(definition.stage)
        required = [t for t in tasks if t.definition.stage_id == definition.pk and t.definition.required]
        if index < journey.stage_index:
            state = "Done"
        elif index == journey.stage_index:
            state = "Current stage"
        else:
            state = "Not started"
        stages.append(
            {
                "number": index + 1,
                "title": definition.title,
                "state": state,
                "required_done": sum(1 for t in required if t.is_completed),
                "required_total": len(required),
            }
        )
    return stages


def plan_data(journey: Journey) -> dict:
    """Everything the pack shows about `journey`, as JSON-ready values."""
    journey = Journey.objects.with_group().select_related("forecast").get(pk=journey.pk)
    group = journey.group
    design = MutualDesign.objects.filter(journey=journey).first()
    transfer = TransferPlan.objects.filter(journey=journey).first()
    ballots = list(Ballot.objects.filter(journey=journey).order_by("held_on", "id"))
    board = list(BoardSeat.objects.filter(journey=journey).order_by("id"))
    risks = list(Risk.objects.filter(journey=journey).order_by("id"))
    cases = related_for(group.service_area, design.legal_form if design else None, limit=5)
    return {
        "group": {
            "name": group.name,
            "service_name": group.service_name,
            "service_description": group.service_description,
            "service_area": ServiceArea(group.service_area).label if group.service_area else "",
            "parent_body": group.parent_body.name,
            "headcount": group.headcount,
            "annual_budget": money(group.annual_budget),
        },
        "journey": {
            "stage": journey.stage,
            "stage_label": journey.get_stage_display(),
            "stage_number": journey.stage_index + 1,
            "status": journey.get_status_display(),
            "in_support_programme": journey.in_support_programme,
            "adviser": journey.assigned_adviser.full_name if journey.assigned_adviser else "",
            # The business plan is final once the journey has left that stage.
            "plan_is_final": journey.stage_index > Stage.index(Stage.BUSINESS_PLAN),
        },
        "ballots": [
            {
                "kind": b.get_kind_display(),
                "held_on": b.held_on.strftime("%-d %B %Y"),
                "eligible": b.eligible,
                "votes_for": b.votes_for,
                "votes_against": b.votes_against,
                "not_voted": b.eligible - b.votes_cast,
                "turnout": str(b.turnout_percent),
                "support": "" if b.support_percent is None else str(b.support_percent),
            }
            for b in ballots
        ],
        "design": {
            "legal_form": design.get_legal_form_display(),
            "legal_form_help": str(LegalForm.help_texts().get(design.legal_form, "")),
            "ownership_model": design.get_ownership_model_display(),
            "notes": design.notes,
        }
        if design
        else None,
        "board": [{"constituency": s.get_constituency_display(), "seats": s.seats} for s in board if s.seats],
        "forecast": _forecast(journey),
        "risks": [
            {
                "title": r.title,
                "owner": r.owner,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": r.score,
                "mitigation": r.mitigation,
            }
            for r in sorted(risks, key=lambda r: (-r.score, r.pk))
        ],
        "transfer": {
            "route": transfer.get_procurement_route_display(),
            "contract_length_months": transfer.contract_length_months,
            "contract_value": money(transfer.contract_value),
            "go_live_on": transfer.go_live_on.strftime("%-d %B %Y"),
            "tupe_headcount": transfer.tupe_headcount,
            "pension": transfer.get_pension_arrangement_display(),
        }
        if transfer
        else None,
        "stages": _stages(journey),
        "stage_changes": [
            {
                "from": Stage(c.from_stage).label,
                "to": Stage(c.to_stage).label,
                "on": c.changed_at.strftime("%-d %B %Y"),
                "by": c.changed_by.full_name if c.changed_by else "",
                "note": c.note,
            }
            for c in StageChange.objects.filter(journey=journey)
            .select_related("changed_by")
            .order_by("changed_at", "id")
        ],
        # Names only: the contents of evidence never go into a pack.
        "evidence": [
            {
                "name": e.original_name,
                "task": e.task.definition.title,
                "stage": e.task.definition.stage.title,
                "uploaded_on": e.uploaded_at.strftime("%-d %B %Y"),
            }
            for e in Evidence.objects.filter(task__journey=journey)
            .select_related("task__definition__stage")
            .order_by("task__definition__stage__order", "task__definition__order", "uploaded_at", "id")
        ],
        "case_studies": [
            {
                "name": c.name,
                "summary": c.summary,
                "year": c.year_spun_out,
                "legal_form": c.get_legal_form_display() if c.legal_form else "",
            }
            for c in cases
        ],
    }


def source_hash(data: dict) -> str:
    """A stable fingerprint of the plan data: equal data, equal hash."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
