"""The plan data a pack is made from: plain, JSON-ready values (so they can be hashed), in a few queries."""

import hashlib
import json
from decimal import Decimal

from django.db.models.functions import Lower

from accounts.models import PublicBody
from casestudies.models import CaseStudy
from casestudies.selectors import related_for
from journeys.finance import charts as finance_charts
from journeys.finance import scenarios as finance_scenarios
from journeys.finance import tables as finance_tables
from journeys.finance.selectors import computed_for_journey
from journeys.models import (
    Ballot,
    BoardSeat,
    CouncilDecision,
    Evidence,
    GateRequest,
    Journey,
    MutualDesign,
    Risk,
    Stage,
    TransferPlan,
)
from journeys.narrative_read import narrative_for
from mutuals_portal.lib import figures
from mutuals_portal.lib.choices import LegalForm, ServiceArea


def money(value) -> str:
    """Whole pounds with thousands separators; a deficit as -£1,234."""
    return figures.pounds(value)


def _shown(value, kind: str) -> str:
    if kind == "percent":
        return f"{Decimal(value).quantize(Decimal('0.1'))}%"
    return money(Decimal(value).quantize(Decimal("1")))


def _table(table: finance_tables.Table, *, first: str = "Line") -> dict:
    return {
        "caption": table.caption,
        "first": first,
        "headings": table.headings,
        "rows": [
            {
                "label": row.label,
                "values": [v if row.kind == "text" else _shown(v, row.kind) for v in row.values],
                "total": row.total,
                "text": row.kind == "text",
            }
            for row in table.rows
        ],
    }


def _figure(chart: finance_charts.Chart | None, table: dict) -> dict:
    """A chart and its table (the table is the chart's text alternative, printed beside it)."""
    if chart is None:
        return {"title": table["caption"], "description": "", "svg": "", "table": table}
    description = chart.description.rstrip(".") + "."
    return {"title": chart.title, "description": description, "svg": str(chart.svg), "table": table}


def _figures(cm, labels: list[str]) -> list[dict]:
    """The business case's figures, each an SVG chart with its table: the council's baseline against
    the contract, income and expenditure, cash flow in year one, the balance sheet, break-even, the
    scenarios and the sensitivity of the surplus to the assumptions that move it most."""
    model, result = cm.model, cm.result
    years = result.years
    months = [finance_tables.calendar_month(model.start_on, m.number) for m in result.months]
    figures = [
        _figure(
            finance_charts.grouped_bars(
                "baseline",
                "The council's current cost against the contract price",
                "; ".join(
                    f"{label}: current cost {money(y.baseline)}, contract {money(y.contract)}"
                    for label, y in zip(labels, years, strict=True)
                ),
                labels,
                [
                    ("Council's current cost", finance_charts.ORANGE, [y.baseline for y in years]),
                    ("Contract price", finance_charts.BLUE, [y.contract for y in years]),
                ],
            ),
            _table(finance_tables.baseline(result, labels)),
        ),
        _figure(
            finance_charts.income_and_costs(result, labels),
            _table(finance_tables.income_and_expenditure(result, labels)),
        ),
        _figure(
            finance_charts.cash_in_year_one(result, months),
            _table(finance_tables.cash_flow_year_one(result, model.start_on), first="Month"),
        ),
        _figure(
            finance_charts.grouped_bars(
                "balance",
                "Cash and net assets at each year end",
                "; ".join(
                    f"{label}: cash {money(y.closing_cash)}, net assets {money(y.net_assets)}"
                    for label, y in zip(labels, years, strict=True)
                ),
                labels,
                [
                    ("Cash", finance_charts.GREEN, [y.closing_cash for y in years]),
                    ("Net assets", finance_charts.BLUE, [y.net_assets for y in years]),
                ],
            ),
            _table(finance_tables.balance_sheet(result, labels)),
        ),
    ]
    break_even = finance_tables.Table("break_even", "The contract price against the break-even price", labels)
    break_even.add("Contract price", [y.contract for y in years])
    break_even.add("Break-even contract price", [y.break_even_price for y in years])
    break_even.add("Surplus or deficit (-) before tax", [y.surplus for y in years], total=True)
    figures.append(
        _figure(
            finance_charts.grouped_bars(
                "break-even",
                "The contract price against the break-even price",
                "; ".join(
                    f"{label}: contract {money(y.contract)}, break-even {money(y.break_even_price)}"
                    for label, y in zip(labels, years, strict=True)
                ),
                labels,
                [
                    ("Contract price", finance_charts.BLUE, [y.contract for y in years]),
                    ("Break-even price", finance_charts.ORANGE, [y.break_even_price for y in years]),
                ],
            ),
            _table(break_even),
        )
    )
    columns = finance_scenarios.comparison(cm, list(model.scenarios.select_related("lost_line")))
    shown = [c for c in columns if c.result is not None]
    scenario_table = finance_tables.Table(
        "scenarios", "Scenarios: the plan with changed assumptions", [c.title for c in shown]
    )
    scenario_table.add("Changes", ["; ".join(c.description) for c in shown], kind="text")
    scenario_table.add("Surplus or deficit (-) before tax over the plan", [c.total_surplus for c in shown], total=True)
    scenario_table.add("Lowest cash in year one", [c.lowest_cash for c in shown])
    figures.append(_figure(finance_charts.scenarios(columns), _table(scenario_table, first="Figure")))
    rows = finance_scenarios.sensitivity(cm.inputs)
    if rows:
        sensitivity = finance_tables.Table(
            "sensitivity",
            "Sensitivity: the surplus or deficit over the plan as one assumption changes",
            ["Surplus or deficit (-) before tax over the plan"],
        )

        def change(row, step) -> str:
            return "as entered" if not step else f"{step:+} {row.unit}".replace(" %", "%")

        for row in rows:
            for step, surplus in zip(row.steps, row.surpluses, strict=True):
                sensitivity.add(f"{row.label}, {change(row, step)}", [surplus], total=not step)
        # The bars are the assumption lowered and raised the most, in neutral colours: lowering a cost
        # helps, lowering the price hurts, so neither end is "good" or "bad".
        chart = finance_charts.grouped_bars(
            "sensitivity",
            "Surplus or deficit over the plan with each assumption lowered or raised the most",
            "; ".join(
                f"{row.label} {change(row, row.steps[0])}: {money(row.surpluses[0])}, "
                f"{change(row, row.steps[-1])}: {money(row.surpluses[-1])}"
                for row in rows
            ),
            [row.label for row in rows],
            [
                ("Lowered the most", finance_charts.ORANGE, [row.surpluses[0] for row in rows]),
                ("Raised the most", finance_charts.BLUE, [row.surpluses[-1] for row in rows]),
            ],
        )
        figures.append(_figure(chart, _table(sensitivity, first="Assumption and change")))
    return figures


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
        "figures": [],
    }
    if not cm.complete:
        return data
    lowest = result.lowest_month
    saving = result.total_saving
    # Whole pounds, as the tables print them; a deficit or an extra cost is named in words, with its
    # amount unsigned ("a deficit of £1,234", never "a surplus of -£1,234").
    data.update(
        surplus_word="surplus" if surplus >= 0 else "deficit",
        surplus_total=money(abs(surplus)),
        break_even=money(result.years[0].break_even_price),
        contract=money(result.years[0].contract),
        saving_word="saving" if saving >= 0 else "extra cost",
        saving=money(abs(saving)),
        baseline=money(model.baseline_cost) if model.baseline_cost is not None else "not known",
        lowest_cash=money(lowest.closing_cash),
        lowest_month=finance_tables.calendar_month(model.start_on, lowest.number),
    )
    data["figures"] = _figures(cm, labels)
    return data


def _matching_cases(group, design, limit: int = 5) -> list:
    """Published case studies like this plan (service area or legal form) whose parent body is of the
    same kind as the group's (a council's plan is not helped by an NHS spin-out). A case study names its
    parent body in words: the kind is known only when that name is a public body in the portal."""
    kind = group.parent_body.kind
    if kind == PublicBody.Kind.NOT_KNOWN:
        return []
    cases = related_for(group.service_area, design.legal_form if design else None, limit=50)
    parents = dict(CaseStudy.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "parent_body"))
    names = {name.strip().lower() for name in parents.values() if name.strip()}
    kinds = dict(
        PublicBody.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=names)
        .values_list("lower_name", "kind")
    )
    return [c for c in cases if kinds.get(parents.get(c.pk, "").strip().lower()) == kind][:limit]


def plan_data(journey: Journey) -> dict:
    """Everything the pack shows about `journey`, as JSON-ready values."""
    journey = Journey.objects.with_group().get(pk=journey.pk)
    group = journey.group
    design = MutualDesign.objects.filter(journey=journey).first()
    transfer = TransferPlan.objects.filter(journey=journey).first()
    ballots = list(Ballot.objects.filter(journey=journey).order_by("held_on", "id"))
    board = list(BoardSeat.objects.filter(journey=journey).order_by("id"))
    risks = list(Risk.objects.filter(journey=journey).order_by("id"))
    cases = _matching_cases(group, design)
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
            # Final once the business-plan gate is signed off (an adviser approved, or the lead of an
            # unsupported journey confirmed, leaving the stage) and the journey has not moved back.
            "plan_is_final": journey.stage_index > Stage.index(Stage.BUSINESS_PLAN)
            and GateRequest.objects.filter(
                journey=journey,
                from_stage=Stage.BUSINESS_PLAN,
                status__in=(GateRequest.Status.APPROVED, GateRequest.Status.CONFIRMED),
            ).exists(),
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
        # The parent council's decisions in force, as its officers recorded them on the journey.
        "council_decisions": [
            {
                "kind": d.get_kind_display(),
                "decided_on": d.decided_on.strftime("%-d %B %Y"),
                "reference": d.reference,
                "decision_maker": d.decision_maker,
                "notes": d.notes,
                "council": d.council.name,
            }
            for d in CouncilDecision.objects.in_force()
            .filter(journey=journey)
            .select_related("council")
            .order_by("decided_on", "id")
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
