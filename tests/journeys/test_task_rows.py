"""The task list's rows (journey overview): each task's hint, status and address, worked out in Python."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from journeys.models import Task, TaskDefinition
from journeys.overview import task_hint, task_rows

TODAY = date(2026, 12, 4)


def _task(*, required=True, needs_evidence=False, evidence=0, owner=None, due_on=None, status="not_started"):
    if owner is not None:
        owner.pk = 7  # an unsaved person standing in for a member: the hint reads the owner read with the task
    definition = TaskDefinition(title="Hold a staff ballot", required=required, needs_evidence=needs_evidence)
    task = Task(definition=definition, status=status, due_on=due_on, owner=owner)
    task.evidence_count = evidence
    return task


@pytest.mark.parametrize(
    ("task", "hint"),
    [
        (_task(), ""),
        (_task(required=False), "Optional"),
        (_task(needs_evidence=True), "Needs evidence"),
        (_task(needs_evidence=True, evidence=1), "Needs evidence: 1 file uploaded"),
        (_task(required=False, needs_evidence=True, evidence=2), "Optional. Needs evidence: 2 files uploaded"),
        (_task(evidence=3), "3 files uploaded"),
        (_task(required=False, evidence=1), "Optional. 1 file uploaded"),
        (_task(owner=User(full_name="Priya Shah", email="p@example.test")), "Owner: Priya Shah"),
        (_task(owner=User(full_name="", email="p@example.test")), "Owner: p@example.test"),
        (_task(due_on=date(2027, 1, 31)), "Due 31 January 2027"),
        (
            _task(owner=User(full_name="Priya Shah"), due_on=date(2026, 12, 1)),
            'Owner: Priya Shah. Due 1 December 2026 <strong class="govuk-tag govuk-tag--red">Overdue</strong>',
        ),
        (_task(due_on=date(2026, 12, 1), status="completed"), "Due 1 December 2026"),
        (_task(required=False, due_on=date(2026, 12, 4)), "Optional<br>Due 4 December 2026"),
        (
            _task(needs_evidence=True, evidence=1, owner=User(full_name="Sam <Lee>")),
            "Needs evidence: 1 file uploaded<br>Owner: Sam &lt;Lee&gt;",
        ),
    ],
)
def test_the_hint_under_a_tasks_name(task, hint):
    assert str(task_hint(task, TODAY)) == hint


@pytest.mark.django_db
def test_each_row_links_to_its_task_page_and_shows_its_status(journey):
    tasks = list(journey.tasks.select_related("definition", "owner").order_by("pk")[:3])
    for task in tasks:
        task.evidence_count = 0
    tasks[0].status, tasks[1].status, tasks[2].status = "completed", "in_progress", "not_started"
    rows = task_rows(journey, tasks)
    assert [row["url"] for row in rows] == [reverse("journeys:task", args=[journey.pk, t.pk]) for t in tasks]
    assert [row["title"] for row in rows] == [t.definition.title for t in tasks]
    assert str(rows[0]["status"]) == "Completed"
    assert "In progress" in rows[1]["status"] and "govuk-tag--light-blue" in rows[1]["status"]
    assert "Not started" in rows[2]["status"] and "govuk-tag--blue" in rows[2]["status"]


@pytest.mark.django_db
def test_the_overview_reads_each_task_as_the_model_has_it(journey, lead):
    """The overview's tasks are read as plain rows (journeys.overview.TaskItem): each says what the Task, its
    catalogue entry, its stage and its owner say, and answers the model's own rules."""
    from datetime import timedelta

    from django.utils import timezone

    from journeys.overview import task_items_from
    from journeys.views import _OVERVIEW_TASKS

    today = timezone.localdate()
    tasks = list(journey.tasks.select_related("definition__stage", "owner").order_by("pk"))
    Task.objects.filter(pk=tasks[0].pk).update(owner=lead, due_on=today - timedelta(days=1), status="in_progress")
    Task.objects.filter(pk=tasks[1].pk).update(status="completed", due_on=today - timedelta(days=3))
    items = {item.pk: item for item in task_items_from(_OVERVIEW_TASKS.rows(journey.pk))}
    assert len(items) == len(tasks)
    for task in journey.tasks.select_related("definition__stage", "owner"):
        item = items[task.pk]
        assert (item.journey_id, item.status, item.owner_id, item.due_on) == (
            task.journey_id,
            task.status,
            task.owner_id,
            task.due_on,
        )
        assert (item.is_completed, item.is_overdue, item.is_overdue_on(today)) == (
            task.is_completed,
            task.is_overdue,
            task.is_overdue_on(today),
        )
        definition, stage = item.definition, item.definition.stage
        assert (definition.pk, definition.slug, definition.title, definition.required, definition.needs_evidence) == (
            task.definition_id,
            task.definition.slug,
            task.definition.title,
            task.definition.required,
            task.definition.needs_evidence,
        )
        assert (stage.pk, stage.stage, stage.title, stage.summary, stage.order) == (
            task.definition.stage_id,
            task.definition.stage.stage,
            task.definition.stage.title,
            task.definition.stage.summary,
            task.definition.stage.order,
        )
        assert item.evidence_count == task.evidence.count()
        assert (item.owner.full_name, item.owner.email) == (lead.full_name, lead.email) if task.owner_id else True
    assert items[tasks[0].pk].is_overdue and not items[tasks[1].pk].is_overdue
    # One object for each stage, shared by its tasks.
    assert len({id(item.definition.stage) for item in items.values()}) == len({t.definition.stage_id for t in tasks})
