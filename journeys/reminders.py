"""Reminders for the daily summary (notifications.digest): tasks and yearly duties past their due date, for
their owners."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.digest import Reminder

from .models import AnnualDuty, Journey, Membership, Task

EVENT = "journeys.task_overdue"
# A yearly duty is a recurring task: its reminder is a task reminder, under the same preference.
DUTY_EVENT = EVENT


def overdue_tasks(recipient=None):
    """Tasks past their due date and not completed, on journeys being worked on (not paused or stopped,
    nor of a deleted group), owned by an active member of the group: a removed member's tasks have no
    owner, and this checks the membership again rather than trust that."""
    member = Membership.objects.filter(group_id=OuterRef("journey__group_id"), user_id=OuterRef("owner_id"))
    tasks = (
        Task.objects.overdue()
        .filter(
            owner__is_active=True,
            journey__status__in=[Journey.Status.ACTIVE, Journey.Status.SPUN_OUT],
            journey__group__deleted_at__isnull=True,
        )
        .filter(Exists(member))
        .select_related("definition", "journey__group", "owner")
        .order_by("owner_id", "due_on", "journey__group__name", "definition__order", "pk")
    )
    if recipient is not None:
        tasks = tasks.filter(owner=recipient)
    return tasks


def overdue_duties(recipient=None):
    """Yearly duties past their due date and not done, on spun-out journeys of live groups, owned by an active
    member of the group (checked again, as for tasks)."""
    member = Membership.objects.filter(group_id=OuterRef("journey__group_id"), user_id=OuterRef("owner_id"))
    duties = (
        AnnualDuty.objects.overdue()
        .filter(
            owner__is_active=True,
            journey__status=Journey.Status.SPUN_OUT,
            journey__group__deleted_at__isnull=True,
        )
        .filter(Exists(member))
        .select_related("journey__group", "owner")
        .order_by("owner_id", "due_on", "journey__group__name", "kind", "pk")
    )
    if recipient is not None:
        duties = duties.filter(owner=recipient)
    return duties


def digest_reminders(*, recipient=None) -> list[Reminder]:
    today = timezone.localdate()
    reminders = []
    for task in overdue_tasks(recipient):
        days = (today - task.due_on).days
        late = f"{days} day{'s' if days != 1 else ''} ago"
        reminders.append(
            Reminder(
                event=EVENT,
                recipient=task.owner,
                about=task.journey,
                message=f"{task.definition.title} ({task.journey.group.name}) was due on "
                f"{date_format(task.due_on, 'j F Y')}, {late}",
                url=reverse("journeys:task", args=[task.journey_id, task.pk]),
            )
        )
    for duty in overdue_duties(recipient):
        days = (today - duty.due_on).days
        reminders.append(
            Reminder(
                event=DUTY_EVENT,
                recipient=duty.owner,
                about=duty.journey,
                message=f"{duty.get_kind_display()} ({duty.journey.group.name}) was due on "
                f"{date_format(duty.due_on, 'j F Y')}, {days} day{'s' if days != 1 else ''} ago",
                url=reverse("journeys:duty", args=[duty.journey_id, duty.pk]),
            )
        )
    return reminders
