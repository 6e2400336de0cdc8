"""Reminders in the daily summary: things still to do (an overdue task), listed in each summary until done.

An app that has reminders gives a `digest_reminders(*, recipient=None)` in its `reminders.py`: the
reminders due now, for everyone or for one person, worked out from its own data when the summary is
sent (so a task completed since yesterday is not listed). The notification code imports no app: it
finds these hooks by module name, as it finds each app's access rules.

Each reminder sent is also a notification in the person's inbox. A reminder goes out at most once a
day per person and thing (its link): a second summary the same day does not repeat it, and today's
reminder replaces yesterday's in the inbox.
"""

from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

from .events import Delivery, get_event
from .models import Notification
from .services import delivery_for, recipient_may_see


@dataclass(frozen=True)
class Reminder:
    event: str  # a declared event type with reminder=True
    recipient: Model  # the user
    about: Model  # what it is about: the inbox shows it while the recipient may see this
    message: str
    url: str  # also what makes it the same reminder from one day to the next


@cache
def _reminder_hooks() -> tuple:
    hooks = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.reminders")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.reminders":
                raise
            continue
        hook = getattr(module, "digest_reminders", None)
        if hook is not None:
            hooks.append(hook)
    return tuple(hooks)


def reminders_due(recipient=None) -> list[Reminder]:
    """Every app's reminders due now (for one person, or for everyone)."""
    found = []
    for hook in _reminder_hooks():
        for reminder in hook(recipient=recipient):
            if not get_event(reminder.event).reminder:
                raise ValueError(f"{reminder.event} is not declared as a reminder in notifications/events.py")
            found.append(reminder)
    return found


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def record_reminders(user) -> list[Notification]:
    """Today's reminders for `user`, each once: inbox notifications, marked as emailed in the summary when
    the person chose the summary for them. Returns those to list in the summary being sent now.
    Call inside the summary's transaction, with the user's row locked (notifications.tasks.send_digest)."""
    if not user.is_active:
        return []
    due = [r for r in reminders_due(recipient=user) if r.recipient.pk == user.pk]
    if not due:
        return []
    codes = {r.event for r in due}
    mine = Notification.objects.filter(recipient=user, event_type__in=codes)
    sent_today = set(mine.filter(created_at__gte=_start_of_today()).values_list("event_type", "url"))
    seen: dict = {}
    fresh = []
    for reminder in due:
        key = (reminder.event, reminder.url)
        if key in sent_today:
            continue
        sent_today.add(key)  # once per summary, even if two apps' hooks name the same thing
        about = (type(reminder.about), reminder.about.pk)
        if about not in seen:
            seen[about] = recipient_may_see(user, reminder.about)
        if seen[about]:
            fresh.append(reminder)
    if not fresh:
        return []
    # Yesterday's reminder of the same thing leaves the inbox: today's says the same, with today's facts.
    for code in codes:
        mine.filter(event_type=code, url__in=[r.url for r in fresh if r.event == code]).delete()
    now = timezone.now()
    emailed = {code: delivery_for(user, code) == Delivery.DIGEST for code in codes}
    rows = []
    for reminder in fresh:
        row = Notification(
            recipient=user,
            event_type=reminder.event,
            message=reminder.message[:300],
            url=reminder.url,
            created_at=now,
        )
        row.target = reminder.about
        if emailed[reminder.event]:
            row.email_status, row.emailed_at = Notification.Email.DIGESTED, now
        row.full_clean(exclude=["content_type", "object_id"])
        rows.append(row)
    Notification.objects.bulk_create(rows)
    return [row for row in rows if row.email_status == Notification.Email.DIGESTED]
