"""Journeys with no activity for 60 days get a reminder, at most once a month."""

from datetime import timedelta

import pytest
from django.utils import timezone

from journeys.models import Journey
from journeys.tasks import remind_stalled_journeys
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _idle(journey, days):
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - timedelta(days=days))


def test_the_leads_of_a_stalled_journey_are_reminded_once_a_month(world):
    journey_a = Journey.objects.get(group=world.objects["group_a"])
    journey_b = Journey.objects.get(group=world.objects["group_b"])
    _idle(journey_a, 61)
    _idle(journey_b, 59)  # not yet stalled

    assert remind_stalled_journeys() == 1
    notes = Notification.objects.filter(event_type="journeys.stalled")
    assert [n.recipient for n in notes] == [world.user("staff")]  # the lead, not the member
    assert "for 61 days" in notes[0].message
    assert notes[0].target == journey_a

    assert remind_stalled_journeys() == 0  # already told this month
    assert Notification.objects.filter(event_type="journeys.stalled").count() == 1


def test_the_adviser_of_a_supported_journey_is_told_too(world):
    journey = Journey.objects.get(group=world.objects["group_a"])
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True, assigned_adviser=world.user("adviser"))
    _idle(journey, 90)
    remind_stalled_journeys()
    recipients = set(
        Notification.objects.filter(event_type="journeys.stalled").values_list("recipient__email", flat=True)
    )
    assert recipients == {world.user("staff").email, world.user("adviser").email}


def test_paused_or_spun_out_journeys_are_left_alone(world):
    journey = Journey.objects.get(group=world.objects["group_a"])
    Journey.objects.filter(pk=journey.pk).update(status=Journey.Status.PAUSED)
    _idle(journey, 200)
    assert remind_stalled_journeys() == 0
