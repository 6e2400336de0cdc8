"""Shape the data of the journey overview (task list by stage, plan sections) for its template."""

from datetime import date

from .models import Journey, Stage, Task


def stage_groups(journey: Journey, stages, tasks) -> list[dict]:
    """One entry per stage: its tasks with their status, progress, and where it sits.

    Every task can be worked on whatever the current stage (workstreams run in parallel); a later stage's
    progress shows what was done ahead of it."""
    by_stage: dict[str, list[Task]] = {}
    for task in tasks:
        by_stage.setdefault(task.definition.stage_id, []).append(task)
    groups = []
    for definition in stages:
        index = Stage.index(definition.stage)
        is_later = index > journey.stage_index
        stage_tasks = by_stage.get(definition.pk, [])
        required = [t for t in stage_tasks if t.definition.required]
        groups.append(
            {
                "definition": definition,
                "stage": definition.stage,
                "number": index + 1,
                "is_current": index == journey.stage_index,
                "is_past": index < journey.stage_index,
                "is_later": is_later,
                "items": [(t, t.status) for t in stage_tasks],
                "required_total": len(required),
                "required_done": sum(1 for t in required if t.is_completed),
                "next_tasks": [t for t in required if not t.is_completed][:3],
                "started_ahead": sum(1 for t in stage_tasks if t.status != Task.Status.NOT_STARTED) if is_later else 0,
            }
        )
    return groups


def tasks_owned_by(user_id: int, tasks) -> list[Task]:
    """The open tasks among `tasks` (in task-list order) that the user owns: soonest due first, then
    those with no due date, in task-list order."""
    mine = [t for t in tasks if t.owner_id == user_id and not t.is_completed]
    return sorted(mine, key=lambda t: (t.due_on is None, t.due_on or date.min))


SECTIONS = [
    # (title, URL name, annotation, the stage whose gate reads it)
    ("Staff engagement (ballots and surveys)", "journeys:ballots", "has_ballot", Stage.SUPPORT),
    ("Legal form and ownership model", "journeys:design", "has_design", Stage.DESIGN),
    ("Governance: board seats", "journeys:governance", "has_board", Stage.DESIGN),
    ("Financial model", "journeys:finance", "has_financial_model", Stage.BUSINESS_PLAN),
    ("Risk register", "journeys:risks", "has_risk", Stage.BUSINESS_PLAN),
    ("Transfer plan", "journeys:transfer", "has_transfer", Stage.TRANSFER),
]


def plan_sections(facts: dict) -> list[dict]:
    """Each plan section with whether anything is recorded yet, from gates.plan_facts."""
    return [
        {"title": title, "url_name": url_name, "done": facts[flag], "stage": stage}
        for title, url_name, flag, stage in SECTIONS
    ]
