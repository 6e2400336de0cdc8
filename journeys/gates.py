"""Stage gate rules: exactly what is still missing before a journey may leave a stage."""

from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from .finance.selectors import gate_problems
from .models import Ballot, BoardSeat, FinancialModel, Journey, MutualDesign, Risk, Stage, Task, TransferPlan

# Gate facts recorded as catalogue tasks: they stay gate facts even if an admin makes the task optional.
TASK_FACTS = {
    Stage.EXPLORE: ["name-senior-sponsor", "options-appraisal"],  # sponsor named; options appraisal recorded
    Stage.SUPPORT: ["commissioner-support"],  # commissioner position recorded
}


def plan_facts(journey) -> dict:
    """What the plan sections hold, in one query: the facts the gates and the overview read."""
    design = MutualDesign.objects.filter(journey=OuterRef("pk"))
    transfer = TransferPlan.objects.filter(journey=OuterRef("pk"))
    seats = BoardSeat.objects.filter(journey=OuterRef("pk")).values("journey").annotate(total=Sum("seats"))
    return (
        Journey.objects.filter(pk=journey.pk)
        .annotate(
            has_ballot=Exists(Ballot.objects.filter(journey=OuterRef("pk"))),
            has_design=Exists(design),
            legal_form=Subquery(design.values("legal_form")[:1]),
            ownership_model=Subquery(design.values("ownership_model")[:1]),
            has_board=Exists(BoardSeat.objects.filter(journey=OuterRef("pk"))),
            seats_total=Coalesce(Subquery(seats.values("total")[:1], output_field=IntegerField()), 0),
            has_financial_model=Exists(FinancialModel.objects.filter(journey=OuterRef("pk"))),
            has_risk=Exists(Risk.objects.filter(journey=OuterRef("pk"))),
            has_transfer=Exists(transfer),
            procurement_route=Subquery(transfer.values("procurement_route")[:1]),
            go_live_on=Subquery(transfer.values("go_live_on")[:1]),
        )
        .values(
            "has_ballot",
            "has_design",
            "legal_form",
            "ownership_model",
            "has_board",
            "seats_total",
            "has_financial_model",
            "has_risk",
            "has_transfer",
            "procurement_route",
            "go_live_on",
        )
        .get()
    )


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
    elif stage == Stage.DESIGN:
        fact(bool(facts["legal_form"]) and bool(facts["ownership_model"]), "Choose a legal form and an ownership model")
        fact(facts["seats_total"] > 0, "Record the board composition (seats by constituency)")
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
    return missing
