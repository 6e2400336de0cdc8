"""Shape the data of the journey overview (task list by stage, plan sections) for its template."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mutuals_portal.lib.dates import long_dates
from mutuals_portal.lib.urls import url_for_each

from .models import Journey, Stage, Task

# A task's status as the task list shows it (GOV.UK task list: "Completed" as text, the others as tags).
STATUS_HTML = {
    Task.Status.COMPLETED: mark_safe("Completed"),
    Task.Status.IN_PROGRESS: mark_safe('<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>'),
    Task.Status.NOT_STARTED: mark_safe('<strong class="govuk-tag govuk-tag--blue">Not started</strong>'),
}
OVERDUE_TAG = mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')


@dataclass(frozen=True, slots=True)
class StageItem:
    """A stage of the catalogue as the overview prints it."""

    pk: int
    stage: str
    title: str
    summary: str
    order: int


@dataclass(frozen=True, slots=True)
class DefinitionItem:
    """A task's catalogue entry as the overview reads it."""

    pk: int
    stage_id: int
    stage: StageItem
    slug: str
    title: str
    required: bool
    needs_evidence: bool
    order: int


@dataclass(frozen=True, slots=True)
class OwnerItem:
    full_name: str
    email: str


@dataclass(frozen=True, slots=True)
class TaskItem:
    """A journey's task as the overview reads it (its task list, "Your tasks" and what the stage still needs),
    read as plain rows: about fifty tasks a page, each with its catalogue entry and stage, cost more to make as
    model instances than to read. Its rules are the Task model's own."""

    Status: ClassVar = Task.Status
    is_completed = Task.is_completed
    is_overdue = Task.is_overdue
    is_overdue_on = Task.is_overdue_on

    pk: int
    journey_id: int
    status: str
    owner_id: int | None
    owner: OwnerItem | None
    due_on: date | None
    evidence_count: int
    definition: DefinitionItem


def task_items_from(rows: list[dict]) -> list[TaskItem]:
    """TaskItems from rows with the columns of `views.OVERVIEW_TASK_COLUMNS` (each stage made once)."""
    stages: dict[int, StageItem] = {}
    found = []
    for row in rows:
        stage = stages.get(row["definition__stage_id"])
        if stage is None:
            stage = stages[row["definition__stage_id"]] = StageItem(
                pk=row["definition__stage_id"],
                stage=row["definition__stage__stage"],
                title=row["definition__stage__title"],
                summary=row["definition__stage__summary"],
                order=row["definition__stage__order"],
            )
        definition = DefinitionItem(
            pk=row["definition_id"],
            stage_id=stage.pk,
            stage=stage,
            slug=row["definition__slug"],
            title=row["definition__title"],
            required=row["definition__required"],
            needs_evidence=row["definition__needs_evidence"],
            order=row["definition__order"],
        )
        owner = OwnerItem(row["owner__full_name"], row["owner__email"]) if row["owner_id"] is not None else None
        found.append(
            TaskItem(
                pk=row["id"],
                journey_id=row["journey_id"],
                status=row["status"],
                owner_id=row["owner_id"],
                owner=owner,
                due_on=row["due_on"],
                evidence_count=row["evidence_count"],
                definition=definition,
            )
        )
    return found


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'} uploaded"


def task_hint(task: "Task | TaskItem", today: date, dates: Callable | None = None) -> SafeString | str:
    """The hint under a task's name: optional or not, its evidence, its owner and due date ("" for none).
    Needs the task's `evidence_count` annotation and its owner read with it. `dates`: lib.dates.long_dates()
    (a list asks for it once)."""
    definition = task.definition
    first = []
    if not definition.required:
        first.append("Optional")
    if definition.needs_evidence:
        first.append(f"Needs evidence: {_files(task.evidence_count)}" if task.evidence_count else "Needs evidence")
    elif task.evidence_count:
        first.append(_files(task.evidence_count))
    second = []
    if task.owner_id:
        second.append("Owner: " + escape(task.owner.full_name or task.owner.email))
    if task.due_on:
        due = (dates or long_dates())(task.due_on)
        second.append(f"Due {due}{OVERDUE_TAG}" if task.is_overdue_on(today) else f"Due {due}")
    # Every part is text of ours or escaped above.
    return mark_safe("<br>".join(". ".join(line) for line in (first, second) if line))  # noqa: S308


def task_rows(journey: Journey, tasks) -> list[dict]:
    """What the task list prints for each task, worked out here rather than by the template's lookups (the
    overview's longest loop)."""
    url = url_for_each("journeys:task", journey.pk)
    today = timezone.localdate()
    dates = long_dates()
    return [
        {
            "pk": task.pk,
            "title": task.definition.title,
            "url": url(task.pk),
            "hint": task_hint(task, today, dates),
            "status": STATUS_HTML[task.status],
        }
        for task in tasks
    ]


def _task_item(row: dict) -> str:
    pk, hint = row["pk"], row["hint"]
    described_by = f"task-{pk}-hint task-{pk}-status" if hint else f"task-{pk}-status"
    hint_html = f'<div class="govuk-task-list__hint" id="task-{pk}-hint">{hint}</div>' if hint else ""
    return (
        '<li class="govuk-task-list__item govuk-task-list__item--with-link">'
        '<div class="govuk-task-list__name-and-hint">'
        f'<a class="govuk-link govuk-task-list__link" href="{escape(row["url"])}" aria-describedby="{described_by}">'
        f"{escape(row['title'])}</a>{hint_html}</div>"
        f'<div class="govuk-task-list__status" id="task-{pk}-status">{row["status"]}</div></li>'
    )


def task_items(rows: list[dict]) -> SafeString:
    """The task list's items (GOV.UK task list) for `rows`, as one piece of HTML: about 50 rows a page, each
    printed here once rather than through seven template lookups. The title and address are escaped; the hint
    and status are HTML of ours (task_hint, STATUS_HTML)."""
    return mark_safe("\n".join(_task_item(row) for row in rows))  # noqa: S308


def stage_groups(journey: Journey, stages, tasks) -> list[dict]:
    """One entry per stage: its tasks with their status, progress, and where it sits.

    Every task can be worked on whatever the current stage (workstreams run in parallel); a later stage's
    progress shows what was done ahead of it."""
    by_stage: dict[str, list[Task]] = {}
    for task in tasks:
        by_stage.setdefault(task.definition.stage_id, []).append(task)
    rows = dict(zip((task.pk for task in tasks), task_rows(journey, tasks), strict=True))
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
                "tasks": stage_tasks,
                "items": task_items([rows[task.pk] for task in stage_tasks]),
                "required_total": len(required),
                "required_done": sum(1 for t in required if t.is_completed),
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
