"""Periodic jobs for journeys."""

from datetime import timedelta

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify

from .models import Journey, Membership

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
