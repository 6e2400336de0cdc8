"""The unread count in the header asks each kind's rule about the objects a person's unread notifications
are about (their keys), or, past OBJECTS_LOOKED_UP objects, runs each rule whole. Both give what the inbox
shows: notifications about nothing, about a kind no app scopes, or about an object the person may still see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudy
from journeys.models import Journey
from mutuals_portal.lib.prepared import as_written
from notifications import access
from notifications.access import notifications_visible_to, unread_count
from notifications.models import Notification
from packs.models import BusinessPlanPack
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import UserFactory
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["objects looked up", "each rule whole"])
def path(request, monkeypatch):
    if request.param == "each rule whole":
        monkeypatch.setattr(access, "OBJECTS_LOOKED_UP", 0)
    return request.param


def _about(recipient, obj=None, *, object_id=None, times=1):
    for _ in range(times):
        notification = Notification(recipient=recipient, event_type="journeys.task_completed", message="Something")
        if obj is not None:
            notification.target = obj
        if object_id is not None:
            notification.object_id = object_id
        notification.save()


def _pack(journey, version=1):
    return BusinessPlanPack.objects.create(journey=journey, version=version, source_hash=f"hash-{version}")


def test_the_count_is_what_the_inbox_shows(path, journey, lead):
    other = make_journey()
    _about(lead)  # about nothing
    _about(lead, lead)  # about a kind no app scopes (the person's own account)
    _about(lead, journey, times=3)  # their journey: three notifications about one object
    _about(lead, other)  # another group's journey
    _about(lead, _pack(journey))  # their pack
    _about(lead, _pack(other))  # another group's pack
    _about(lead, CaseStudyFactory(status=CaseStudy.Status.PUBLISHED))  # everyone sees it
    _about(lead, CaseStudyFactory(status=CaseStudy.Status.DRAFT))  # someone else's draft
    # A journey that no longer exists, and an id that cannot be a journey's.
    _about(lead, journey, object_id=str(Journey.objects.order_by("-pk").first().pk + 1000))
    _about(lead, journey, object_id="not-a-number")

    assert unread_count(lead) == notifications_visible_to(lead).unread().count() == 7


def test_it_follows_access_on_the_next_call(path, journey, lead, member):
    _about(member, journey, times=2)
    _about(member, _pack(journey))
    assert unread_count(member) == 3
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=False)
    journey.group.memberships.filter(user=member).delete()
    assert unread_count(member) == 0
    assert notifications_visible_to(member).unread().count() == 0


def test_an_id_names_its_object_only_as_the_inbox_reads_it(path, journey, lead):
    _about(lead, journey, object_id=f"0{journey.pk}")  # not the journey's key as text: the inbox leaves it out
    assert unread_count(lead) == notifications_visible_to(lead).unread().count() == 0


def test_two_kinds_are_asked_about_in_one_query(journey, lead):
    _about(lead, journey)
    _about(lead, _pack(journey))
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(lead) == 2
    assert len(queries) == 2
    sql = as_written(queries[1]["sql"])
    assert "journeys_journey" in sql and "packs_businessplanpack" in sql


def test_read_notifications_and_other_people_s_do_not_count(path, journey, lead, member):
    _about(lead, journey)
    Notification.objects.filter(recipient=lead).update(read_at="2026-12-01T10:00:00Z")
    _about(member, journey)
    assert unread_count(lead) == 0
    assert unread_count(UserFactory()) == 0
