"""Stage gate rules: exactly what is still missing before a journey may leave a stage."""

from django.db.models import Sum

from .models import Ballot, BoardSeat, Forecast, MutualDesign, Risk, Stage, Task, TransferPlan

# Gate facts recorded as catalogue tasks: they stay gate facts even if an admin makes the task optional.
TASK_FACTS = {
    Stage.EXPLORE: ["name-senior-sponsor", "options-appraisal"],  # sponsor named; options appraisal recorded
    Stage.SUPPORT: ["commissioner-support"],  # commissioner position recorded
}


def missing_for_stage(journey, stage=None) -> list[str]:
    """What must be done before `journey` leaves `stage` (default: its current stage). Empty means ready."""
    stage = Stage(stage or journey.stage)
    if stage == Stage.SPUN_OUT:
        return ["Spun out is the final stage"]
    tasks = list(Task.objects.filter(journey=journey, definition__stage__stage=stage).select_related("definition"))
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
        fact(Ballot.objects.filter(journey=journey).exists(), "Record a staff ballot or survey result")
    elif stage == Stage.DESIGN:
        design = MutualDesign.objects.filter(journey=journey).first()
        fact(
            design is not None and bool(design.legal_form) and bool(design.ownership_model),
            "Choose a legal form and an ownership model",
        )
        seats = BoardSeat.objects.filter(journey=journey).aggregate(total=Sum("seats"))["total"] or 0
        fact(seats > 0, "Record the board composition (seats by constituency)")
    elif stage == Stage.BUSINESS_PLAN:
        forecast = Forecast.objects.filter(journey=journey).first()
        fact(
            forecast is not None and forecast.years >= 3 and forecast.lines.exists(),
            "Enter a financial forecast of at least 3 years, with its income and cost lines",
        )
        fact(Risk.objects.filter(journey=journey).exists(), "Add at least one risk to the risk register")
    elif stage == Stage.TRANSFER:
        plan = TransferPlan.objects.filter(journey=journey).first()
        fact(
            plan is not None and bool(plan.procurement_route) and plan.go_live_on is not None,
            "Record the contract route and the go-live date in the transfer plan",
        )
    return missing
