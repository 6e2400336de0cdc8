"""Periodic jobs for journeys."""

from datetime import timedelta

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.models import Notification
from notifications.services import notify

from .after_launch import RETENDER_MONTHS, add_months, retender_dates
from .models import Contract, Journey, JourneyEvent, Membership, RetenderReminder

STALLED_AFTER_DAYS = 60
REMIND_EVERY_DAYS = 30
EVENT = "journeys.stalled"


@shared_task(name="journeys.remind_stalled_journeys")
def remind_stalled_journeys() -> int:
    """Tell the leads (and the adviser of a supported journey) when a journey has had no activity
    for 60 days; at most once every 30 days per journey. Returns the number of journeys."""
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Journey)
    recently_told = set(
        Notification.objects.filter(
            event_type=EVENT, content_type=content_type, created_at__gte=now - timedelta(days=REMIND_EVERY_DAYS)
        ).values_list("object_id", flat=True)
    )
    stalled = (
        Journey.objects.filter(
            status=Journey.Status.ACTIVE, last_activity_at__lt=now - timedelta(days=STALLED_AFTER_DAYS)
        )
        .select_related("group", "assigned_adviser")
        .order_by("pk")
    )
    leads = {}
    for membership in Membership.objects.filter(group__journey__in=stalled, role=Membership.Role.LEAD).select_related(
        "user"
    ):
        leads.setdefault(membership.group_id, []).append(membership.user)
    reminded = 0
    for journey in stalled:
        if str(journey.pk) in recently_told:
            continue
        days = (now - journey.last_activity_at).days
        recipients = list(leads.get(journey.group_id, []))
        if journey.in_support_programme and journey.assigned_adviser:
            recipients.append(journey.assigned_adviser)
        message = f"Nothing has happened on {journey.group.name}'s journey for {days} days. What is the next step?"
        url = reverse("journeys:overview", args=[journey.pk])
        told = [notify(recipient=person, event=EVENT, obj=journey, message=message, url=url) for person in recipients]
        if any(told):
            reminded += 1
    return reminded


RETENDER_EVENT = "journeys.retender_planning"


@shared_task(name="journeys.send_retender_reminders")
def send_retender_reminders(today=None) -> int:
    """Tell the leads (and the adviser of a supported journey) of a spun-out mutual when its contract is 18, then
    12, months from its end: each reminder once for each end date (RetenderReminder records it, so a second run
    sends nothing; an extension agreed moves the end date and brings new reminders). A contract recorded with
    less time left gets only the latest reminder due. Returns the number of reminders sent."""
    today = today or timezone.localdate()
    # Only contracts whose earliest reminder has come (ending within RETENDER_MONTHS' longest span), each with
    # the reminders already sent read in the same pass (not one query per contract).
    contracts = (
        Contract.objects.filter(
            journey__status=Journey.Status.SPUN_OUT,
            journey__group__deleted_at__isnull=True,
            end_on__gt=today,
            # a few days' margin: month ends map to month ends both ways; the exact dates are checked below
            end_on__lte=add_months(today, max(RETENDER_MONTHS)) + timedelta(days=3),
        )
        .select_related("journey__group", "journey__assigned_adviser")
        .prefetch_related("retender_reminders_sent")
        .order_by("pk")
    )
    sent = 0
    for contract in contracts:
        due = [months for months, on in retender_dates(contract.end_on) if on <= today]
        if not due:
            continue
        done = {r.months_before for r in contract.retender_reminders_sent.all() if r.end_on == contract.end_on}
        fresh = [months for months in due if months not in done]
        if not fresh:
            continue
        with transaction.atomic():
            created = [
                RetenderReminder.objects.get_or_create(contract=contract, months_before=m, end_on=contract.end_on)[1]
                for m in fresh
            ]
            if not any(created):  # another run recorded them first
                continue
            journey = contract.journey
            months = min(fresh)
            recipients = [
                m.user
                for m in Membership.objects.filter(group_id=journey.group_id, role=Membership.Role.LEAD).select_related(
                    "user"
                )
            ]
            if journey.in_support_programme and journey.assigned_adviser:
                recipients.append(journey.assigned_adviser)
            ends = date_format(contract.end_on, "j F Y")
            message = (
                f"{journey.group.name}: the contract with {contract.commissioner} ends on {ends}, about {months} "
                "months from now. Plan for its re-tender: talk to the commissioner, check the procurement route "
                "and the timetable."
            )
            url = reverse("journeys:after_launch", args=[journey.pk])
            for person in recipients:
                notify(recipient=person, event=RETENDER_EVENT, obj=journey, message=message, url=url)
            journey.log(
                None,
                JourneyEvent.Kind.AFTER_LAUNCH,
                f"Re-tender planning reminder sent: the contract ends on {ends} ({months} months)",
            )
            sent += 1
    return sent
