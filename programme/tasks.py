"""Periodic jobs for referrals (celery beat names them by string in settings.CELERY_BEAT_SCHEDULE)."""

from datetime import timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify

from . import workdays
from .models import Referral

DIGEST_EVENT = "referrals.reply_digest"
DUE_SOON_WORKING_DAYS = 2
DIGEST_EVERY_HOURS = 12  # a second run the same morning (a retry, a restarted beat) sends nothing


def referrals_due(today):
    """Referrals nobody has answered yet: past their reply date, and due within DUE_SOON_WORKING_DAYS working days."""
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    overdue, due = [], []
    waiting = Referral.objects.filter(status__in=Referral.AWAITING_REPLY).order_by("created_at", "id")
    for referral in waiting:
        if referral.reply_due_on < today:
            overdue.append(referral)
        elif referral.reply_due_on <= soon:
            due.append(referral)
    return overdue, due


def _line(referrals) -> str:
    shown = ", ".join(r.reference for r in referrals[:5])
    return shown + (f" and {len(referrals) - 5} more" if len(referrals) > 5 else "")


@shared_task(name="referrals.send_reply_digest")
def send_reply_digest() -> int:
    """Each working day, tell every adviser which referrals (theirs, or nobody's yet) are overdue or
    due soon. Once a day per adviser: a second run within DIGEST_EVERY_HOURS sends nothing."""
    today = timezone.localdate()
    if not workdays.is_working_day(today):
        return 0
    overdue, due = referrals_due(today)
    sent = 0
    for adviser in User.objects.filter(role=User.Role.ADVISER, is_active=True).order_by("pk"):
        mine_overdue = [r for r in overdue if r.assigned_adviser_id in (None, adviser.pk)]
        mine_due = [r for r in due if r.assigned_adviser_id in (None, adviser.pk)]
        if not mine_overdue and not mine_due:
            continue
        recent = timezone.now() - timedelta(hours=DIGEST_EVERY_HOURS)
        if Notification.objects.filter(recipient=adviser, event_type=DIGEST_EVENT, created_at__gte=recent).exists():
            continue
        parts = []
        if mine_overdue:
            parts.append(f"{len(mine_overdue)} overdue ({_line(mine_overdue)})")
        if mine_due:
            parts.append(f"{len(mine_due)} due within {DUE_SOON_WORKING_DAYS} working days ({_line(mine_due)})")
        notify(
            recipient=adviser,
            event=DIGEST_EVENT,
            message="Referrals waiting for a reply, yours or unassigned: " + "; ".join(parts),
            url=reverse("referrals:queue"),
        )
        sent += 1
    return sent
