"""Periodic jobs for referrals and outcome returns (celery beat names them by string in CELERY_BEAT_SCHEDULE)."""

from datetime import date, datetime, time, timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journeys.models import Journey, Membership, Stage
from mutuals_portal.lib.dates import start_of_day
from notifications.models import Notification
from notifications.services import notify

from . import outcomes, workdays
from .models import Referral, financial_year_label

DIGEST_EVENT = "referrals.reply_digest"
DUE_SOON_WORKING_DAYS = 2
DIGEST_EVERY_HOURS = 12  # a second run the same morning (a retry, a restarted beat) sends nothing


def _midnight_after(day: date) -> datetime:
    return start_of_day(day + timedelta(days=1))


def overdue_arrived_before(today) -> datetime:
    """A referral still waiting is overdue if it arrived before this moment (due_conditions' first)."""
    days = settings.REFERRAL_REPLY_WORKING_DAYS
    return _midnight_after(workdays.latest_start_due_by(today - timedelta(days=1), days))


def due_soon_arrived_before(today) -> datetime:
    """A referral still waiting is due soon if it arrived before this moment and is not overdue."""
    days = settings.REFERRAL_REPLY_WORKING_DAYS
    return _midnight_after(workdays.latest_start_due_by(workdays.add_working_days(today, DUE_SOON_WORKING_DAYS), days))


def due_conditions_between(overdue_before: datetime, due_soon_before: datetime) -> tuple[Q, Q]:
    """due_conditions, from its two moments (overdue_arrived_before and due_soon_arrived_before)."""
    overdue = Q(created_at__lt=overdue_before)
    return overdue, Q(created_at__lt=due_soon_before) & ~overdue


def due_conditions(today) -> tuple[Q, Q]:
    """Of the referrals nobody has answered yet: those past their reply date, and those due within
    DUE_SOON_WORKING_DAYS working days, as conditions on the arrival date (the reply date only moves on as
    the arrival date does), so the database selects them without computing each reply date."""
    return due_conditions_between(overdue_arrived_before(today), due_soon_arrived_before(today))


def referrals_due(today):
    """The overdue and the due-soon referrals, as lists (the daily digest names them)."""
    overdue, due = due_conditions(today)
    waiting = Referral.objects.filter(status__in=Referral.AWAITING_REPLY).order_by("created_at", "id")
    return list(waiting.filter(overdue)), list(waiting.filter(due))


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


OUTCOME_EVENT = "referrals.outcome_return_due"


@shared_task(name="referrals.remind_outcome_returns")
def remind_outcome_returns() -> int:
    """Remind the leads of spun-out supported mutuals that last financial year's outcome return is missing:
    once per lead and journey in each financial year (later runs in the same year send nothing)."""
    current = outcomes.current_financial_year()
    last = current - 1
    year_began = timezone.make_aware(datetime.combine(date(current, 4, 1), time.min))
    journey_type = ContentType.objects.get_for_model(Journey)
    journeys = (
        Journey.objects.live()
        .filter(in_support_programme=True, stage=Stage.SPUN_OUT)
        .exclude(outcome_returns__year=last)
        .select_related("group")
        .order_by("pk")
    )
    sent = 0
    for journey in journeys:
        if not outcomes.reports_on(last, outcomes.spun_out_year(journey)):
            continue  # spun out this financial year: nothing to report for last year
        reminded = Notification.objects.filter(
            event_type=OUTCOME_EVENT,
            content_type=journey_type,
            object_id=str(journey.pk),
            created_at__gte=year_began,
        ).values_list("recipient_id", flat=True)
        leads = User.objects.filter(
            memberships__group_id=journey.group_id, memberships__role=Membership.Role.LEAD, is_active=True
        ).exclude(pk__in=list(reminded))
        for lead in leads.order_by("pk"):
            notification = notify(
                recipient=lead,
                event=OUTCOME_EVENT,
                obj=journey,
                message=f"{journey.group.name}: please send your outcome return for the financial year "
                f"{financial_year_label(last)} (1 April {last} to 31 March {last + 1}).",
                url=reverse("referrals:outcome_returns", args=[journey.pk]),
            )
            sent += notification is not None
    return sent
