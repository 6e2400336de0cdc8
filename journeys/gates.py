"""Stage gate rules: exactly what is still missing before a journey may leave a stage.

The gates test for a public service mutual, not only that something was recorded (DOMAIN.md section 2,
the definition's third test: "significant staff influence or control"): staff support is a majority of
the votes cast in the latest ballot or survey with a minimum turnout (settings.GATE_MIN_TURNOUT_PERCENT);
the design gives staff control (employee-owned) or influence through staff seats on the board, and is not
a council-owned company."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from mutuals_portal.lib.prepared import PreparedValues

from .finance.selectors import gate_problems
from .models import (
    Ballot,
    BoardSeat,
    FinancialModel,
    GateRequest,
    Journey,
    MutualDesign,
    Risk,
    Stage,
    Task,
    TransferPlan,
)

# Gate facts recorded as catalogue tasks: they stay gate facts even if an admin makes the task optional.
TASK_FACTS = {
    Stage.EXPLORE: ["name-senior-sponsor", "options-appraisal"],  # sponsor named; options appraisal recorded
    Stage.SUPPORT: ["commissioner-support"],  # commissioner position recorded
}


def _plan_facts_query(journey_pk):
    design = MutualDesign.objects.filter(journey=OuterRef("pk"))
    transfer = TransferPlan.objects.filter(journey=OuterRef("pk"))
    seats = BoardSeat.objects.filter(journey=OuterRef("pk")).values("journey").annotate(total=Sum("seats"))
    staff_seats = BoardSeat.objects.filter(journey=OuterRef("pk"), constituency=BoardSeat.Constituency.STAFF)
    latest_ballot = Ballot.objects.filter(journey=OuterRef("pk")).order_by("-held_on", "-pk")
    pending = GateRequest.objects.filter(journey=OuterRef("pk"), status=GateRequest.Status.PENDING).order_by("pk")
    return (
        Journey.objects.filter(pk=journey_pk)
        .annotate(
            has_ballot=Exists(Ballot.objects.filter(journey=OuterRef("pk"))),
            has_design=Exists(design),
            legal_form=Subquery(design.values("legal_form")[:1]),
            ownership_model=Subquery(design.values("ownership_model")[:1]),
            has_board=Exists(BoardSeat.objects.filter(journey=OuterRef("pk"))),
            seats_total=Coalesce(Subquery(seats.values("total")[:1], output_field=IntegerField()), 0),
            staff_seats=Coalesce(Subquery(staff_seats.values("seats")[:1], output_field=IntegerField()), 0),
            ballot_held_on=Subquery(latest_ballot.values("held_on")[:1]),
            ballot_eligible=Subquery(latest_ballot.values("eligible")[:1]),
            ballot_for=Subquery(latest_ballot.values("votes_for")[:1]),
            ballot_against=Subquery(latest_ballot.values("votes_against")[:1]),
            has_financial_model=Exists(FinancialModel.objects.filter(journey=OuterRef("pk"))),
            has_risk=Exists(Risk.objects.filter(journey=OuterRef("pk"))),
            has_transfer=Exists(transfer),
            procurement_route=Subquery(transfer.values("procurement_route")[:1]),
            go_live_on=Subquery(transfer.values("go_live_on")[:1]),
            tupe_consultation_on=Subquery(transfer.values("tupe_consultation_on")[:1]),
            eli_given_on=Subquery(transfer.values("eli_given_on")[:1]),
            pending_gate_from=Subquery(pending.values("from_stage")[:1]),
            pending_gate_requested_at=Subquery(pending.values("requested_at")[:1]),
        )
        .values(
            "has_ballot",
            "has_design",
            "legal_form",
            "ownership_model",
            "has_board",
            "seats_total",
            "staff_seats",
            "ballot_held_on",
            "ballot_eligible",
            "ballot_for",
            "ballot_against",
            "has_financial_model",
            "has_risk",
            "has_transfer",
            "procurement_route",
            "go_live_on",
            "tupe_consultation_on",
            "eli_given_on",
            "pending_gate_from",
            "pending_gate_requested_at",
        )
    )


# One query with 19 subqueries: compiled once per process (about 5 ms of Python saved on every overview,
# gate and plan page), run on every call.
_PLAN_FACTS = PreparedValues(_plan_facts_query)


def plan_facts(journey) -> dict:
    """What the plan sections hold, in one query: the facts the gates and the overview read (with the
    sign-off request waiting for an adviser, if any, which the overview shows)."""
    rows = _PLAN_FACTS.rows(journey.pk)
    if not rows:
        raise Journey.DoesNotExist("No such journey")
    return rows[0]


def missing_for_stage(journey, stage=None, *, stage_tasks=None, facts=None) -> list[str]:
    """What must be done before `journey` leaves `stage` (default: its current stage). Empty means ready.

    `stage_tasks` (the stage's tasks with their definitions) and `facts` (plan_facts) may be
    passed by a page that has them already."""
    stage = Stage(stage or journey.stage)
    if stage == Stage.SPUN_OUT:
        return ["Spun out is the final stage"]
    tasks = stage_tasks
    if tasks is None:
        tasks = list(Task.objects.filter(journey=journey, definition__stage__stage=stage).select_related("definition"))
    facts = facts if facts is not None else plan_facts(journey)
    missing = [
        f"Complete the task: {task.definition.title}"
        for task in tasks
        if task.definition.required and not task.is_completed
    ]

    def fact(ok: bool, message: str):
        if not ok and message not in missing:
            missing.append(message)

    for task in tasks:
        if task.definition.slug in TASK_FACTS.get(stage, []):
            fact(task.is_completed, f"Complete the task: {task.definition.title}")

    if stage == Stage.SUPPORT:
        fact(facts["has_ballot"], "Record a staff ballot or survey result")
        if facts["has_ballot"]:
            for problem in ballot_problems(facts):
                fact(False, problem)
    elif stage == Stage.DESIGN:
        fact(bool(facts["legal_form"]) and bool(facts["ownership_model"]), "Choose a legal form and an ownership model")
        fact(facts["seats_total"] > 0, "Record the board composition (seats by constituency)")
        for problem in design_problems(facts):
            fact(False, problem)
    elif stage == Stage.BUSINESS_PLAN:
        # The business case: the financial model complete (3 to 5 years) with no failing check.
        for problem in gate_problems(journey):
            fact(False, problem)
        fact(facts["has_risk"], "Add at least one risk to the risk register")
    elif stage == Stage.TRANSFER:
        fact(
            bool(facts["procurement_route"]) and facts["go_live_on"] is not None,
            "Record the contract route and the go-live date in the transfer plan",
        )
        if facts["has_transfer"]:
            # TUPE 2006 regs 11 and 13 (DOMAIN.md section 5): consultation with staff representatives, and
            # employee liability information at least 28 days before the transfer.
            fact(
                facts["tupe_consultation_on"] is not None,
                "Record in the transfer plan when consultation with staff representatives started (TUPE)",
            )
            fact(
                facts["eli_given_on"] is not None,
                "Record in the transfer plan when employee liability information is given (TUPE)",
            )
            problem = TransferPlan(eli_given_on=facts["eli_given_on"], go_live_on=facts["go_live_on"]).eli_problem
            fact(not problem, problem)
    return missing


def _whole(percent: Decimal | None) -> Decimal:
    return (percent or Decimal(0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def ballot_problems(facts: dict) -> list[str]:
    """The latest ballot or survey must show staff support: a majority of the votes cast, and a turnout
    of at least settings.GATE_MIN_TURNOUT_PERCENT of eligible staff. The figures are the Ballot's own
    (support and turnout percentages, as the plan and the pack show them), in whole percent here."""
    ballot = Ballot(
        votes_for=facts["ballot_for"], votes_against=facts["ballot_against"], eligible=facts["ballot_eligible"]
    )
    held_on = facts["ballot_held_on"]
    held = f"{held_on.day} {held_on:%B %Y}"
    problems = []
    if ballot.votes_for * 2 <= ballot.votes_cast or not ballot.votes_cast:
        problems.append(
            f"The latest staff ballot or survey ({held}) shows {_whole(ballot.support_percent)}% of votes cast in "
            "favour: staff support needs more than half of the votes cast. Hold a new ballot when staff are ready"
        )
    turnout = _whole(ballot.turnout_percent)
    if ballot.turnout_percent < settings.GATE_MIN_TURNOUT_PERCENT:
        problems.append(
            f"The latest staff ballot or survey ({held}) had a turnout of {turnout}% of eligible staff: at least "
            f"{settings.GATE_MIN_TURNOUT_PERCENT}% must take part"
        )
    return problems


# Ownership models in which staff own the organisation, directly or through an employee ownership trust.
STAFF_CONTROLLED = {OwnershipModel.EMPLOYEE_OWNED, OwnershipModel.EMPLOYEE_OWNERSHIP_TRUST}


def design_problems(facts: dict) -> list[str]:
    """A public service mutual has significant staff influence or control (its definition's third test):
    employee ownership, or staff seats on the board; a council-owned company is not a mutual."""
    if not facts["legal_form"] or not facts["ownership_model"]:
        return []
    if facts["ownership_model"] == OwnershipModel.COUNCIL_OWNED or facts["legal_form"] == LegalForm.LATC:
        return [
            "A council-owned company is not a public service mutual: staff must have significant influence or "
            "control. Choose a legal form and an ownership model that give it to them"
        ]
    if facts["ownership_model"] not in STAFF_CONTROLLED and facts["seats_total"] > 0 and facts["staff_seats"] == 0:
        return [
            "Give staff significant influence: the board has no staff seats and staff do not own the "
            "organisation. Add staff seats to the board, or choose employee ownership"
        ]
    return []


def gate_fact_rows(journey, stage, *, facts: dict | None = None) -> list[tuple[str, str]]:
    """The facts the gate out of `stage` tests, as (what, what the plan says now) rows for the adviser's
    sign-off page: the same plan_facts the rules above read, so the page and the rules cannot disagree."""
    stage = Stage(stage)
    facts = facts if facts is not None else plan_facts(journey)
    not_recorded = "Not recorded"
    rows: list[tuple[str, str]] = []
    slugs = TASK_FACTS.get(stage, [])
    if slugs:
        for task in Task.objects.filter(journey=journey, definition__slug__in=slugs).select_related("definition"):
            rows.append((task.definition.title, task.get_status_display()))
    if stage == Stage.SUPPORT:
        if not facts["has_ballot"]:
            rows.append(("Latest staff ballot or survey", not_recorded))
        else:
            ballot = Ballot(
                votes_for=facts["ballot_for"], votes_against=facts["ballot_against"], eligible=facts["ballot_eligible"]
            )
            held_on = facts["ballot_held_on"]
            support = "no votes cast" if ballot.support_percent is None else f"{ballot.support_percent}%"
            rows += [
                ("Latest staff ballot or survey", f"Held on {held_on.day} {held_on:%B %Y}"),
                (
                    "Support (votes for as a share of votes cast)",
                    f"{support}: {ballot.votes_for} for, {ballot.votes_against} against (more than 50% needed)",
                ),
                (
                    "Turnout (votes cast as a share of eligible staff)",
                    f"{ballot.turnout_percent}% of {ballot.eligible} "
                    f"(at least {settings.GATE_MIN_TURNOUT_PERCENT}% needed)",
                ),
            ]
    elif stage == Stage.DESIGN:
        rows += [
            ("Legal form", dict(LegalForm.choices).get(facts["legal_form"]) or not_recorded),
            (
                "Ownership model",
                dict(OwnershipModel.choices).get(facts["ownership_model"]) or not_recorded,
            ),
            (
                "Board seats",
                f"{facts['staff_seats']} staff seats of {facts['seats_total']}"
                if facts["seats_total"]
                else not_recorded,
            ),
        ]
    elif stage == Stage.BUSINESS_PLAN:
        rows += [
            ("Financial model", "Recorded" if facts["has_financial_model"] else not_recorded),
            ("Risk register", "At least one risk recorded" if facts["has_risk"] else not_recorded),
        ]
    elif stage == Stage.TRANSFER:
        route = dict(TransferPlan.Route.choices).get(facts["procurement_route"]) or not_recorded
        go_live = facts["go_live_on"]
        rows += [
            ("Contract route", route),
            ("Go-live date", f"{go_live.day} {go_live:%B %Y}" if go_live else not_recorded),
        ]
    return rows
