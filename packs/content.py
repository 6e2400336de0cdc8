"""The plan data a pack is made from: plain, JSON-ready values (so they can be hashed), in a few queries."""

import hashlib
import json
from decimal import Decimal

from casestudies.selectors import related_for
from journeys.finance import charts as finance_charts
from journeys.finance import tables as finance_tables
from journeys.finance.checks import pounds
from journeys.finance.selectors import computed_for_journey
from journeys.models import (
    Ballot,
    BoardSeat,
    Evidence,
    Journey,
    MutualDesign,
    Risk,
    Stage,
    StageChange,
    StageDefinition,
    Task,
    TransferPlan,
)
from journeys.narrative_read import narrative_for
from mutuals_portal.lib.choices import LegalForm, ServiceArea


def money(value) -> str:
    """Whole pounds with thousands separators; a deficit as -£1,234."""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def _shown(value, kind: str) -> str:
    if kind == "percent":
        return f"{Decimal(value).quantize(Decimal('0.1'))}%"
    return money(Decimal(value).quantize(Decimal("1")))


def _financial_model(journey: Journey) -> dict | None:
    """The business case as the financial model computes it (journeys.finance): its key figures, its
    checks, the income and expenditure and the council's baseline, and two charts (SVG drawn by our
    own code from the figures, with the tables as their text alternative)."""
    cm = computed_for_journey(journey)
    if cm is None:
        return None
    model, result = cm.model, cm.result
    labels = model.year_labels
    surplus = result.total_surplus
    data = {
        "complete": cm.complete,
        "years": labels,
        "start_on": f"{model.start_on.day} {model.start_on:%B %Y}" if model.start_on else "",
        "checks": [{"title": c.title, "status": c.status, "detail": c.detail} for c in cm.checks],
        "failing": len(cm.failing),
        "tables": [],
        "charts": [],
    }
    if not cm.complete:
        return data
    lowest = result.lowest_month
    data.update(
        surplus_word="surplus" if surplus >= 0 else "deficit",
        surplus_total=money(abs(surplus).quantize(Decimal("1"))),
        surplus_exact=pounds(surplus),
        break_even=pounds(result.years[0].break_even_price),
        contract=pounds(result.years[0].contract),
        saving=pounds(result.total_saving),
        baseline=pounds(model.baseline_cost) if model.baseline_cost is not None else "not known",
        lowest_cash=pounds(lowest.closing_cash),
        lowest_month=finance_tables.calendar_month(model.start_on, lowest.number),
    )
    for table in (
        finance_tables.income_and_expenditure(result, labels),
        finance_tables.baseline(result, labels),
        finance_tables.balance_sheet(result, labels),
    ):
        data["tables"].append(
            {
                "caption": table.caption,
                "headings": table.headings,
                "rows": [
                    {"label": row.label, "values": [_shown(v, row.kind) for v in row.values], "total": row.total}
                    for row in table.rows
                ],
            }
        )
    months = [finance_tables.calendar_month(model.start_on, m.number) for m in result.months]
    for chart in (finance_charts.income_and_costs(result, labels), finance_charts.cash_in_year_one(result, months)):
        description = chart.description.rstrip(".") + "."
        data["charts"].append({"title": chart.title, "description": description, "svg": str(chart.svg)})
    return data


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
    journey = Journey.objects.with_group().get(pk=journey.pk)
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
        "financial_model": _financial_model(journey),
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
        "narrative": narrative_for(journey),
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
