"""Notifications about a staff group's journey leave the inbox of someone who can no longer see
it (pen test #16, point 11): removed from the group, or the journey no longer shared with their
council. The inbox, the unread count in the navigation, single emails and daily summaries agree."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from journeys import services
from journeys.models import Membership
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_digest, send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["objects looked up", "each rule whole"])
def unread_count_path(request, monkeypatch):
    """The header's unread count asks each rule about a person's few objects, or past OBJECTS_LOOKED_UP
    objects runs each rule whole (notifications.access): both follow access."""
    if request.param == "each rule whole":
        from notifications import access

        monkeypatch.setattr(access, "OBJECTS_LOOKED_UP", 0)
    return request.param


def _tell(person, journey, message, event="journeys.task_completed"):
    return notify(recipient=person, event=event, obj=journey, message=message, url=f"/journeys/{journey.pk}/")


def _unread_in_navigation(client) -> str:
    html = client.get(reverse("home")).content.decode()
    if '<span class="app-count">' not in html:
        return "none"
    return html.split('<span class="app-count">')[1].split("<")[0]


def test_a_removed_member_loses_the_group_s_notifications_from_inbox_and_count(client, journey, lead, member):
    _tell(member, journey, "Secret plan task completed")
    unrelated = notify(recipient=member, event="journeys.member_joined", message="About nothing in particular")
    client.force_login(member)
    assert "Secret plan task completed" in client.get(reverse("notifications:inbox")).content.decode()
    assert _unread_in_navigation(client) == "2"

    services.membership_remove(membership=Membership.objects.get(user=member), by=lead)

    assert "Secret plan task completed" not in client.get(reverse("notifications:inbox")).content.decode()
    assert _unread_in_navigation(client) == "1"
    assert list(Notification.objects.filter(recipient=member)) == [unrelated]


def test_the_inbox_hides_what_the_recipient_can_no_longer_see_even_if_not_deleted(client, journey, lead):
    """Decided in the inbox query: an officer whose council the journey is no longer shared with."""
    journey.shared_with_council = True
    journey.save(update_fields=["shared_with_council"])
    officer = UserFactory(role=User.Role.OFFICER, public_body=journey.group.parent_body)
    notification = _tell(officer, journey, "Libraries group moved on", event="journeys.stage_changed")
    assert notification is not None
    client.force_login(officer)
    assert _unread_in_navigation(client) == "1"

    services.journey_share(journey=journey, by=lead, shared=False)

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Libraries group moved on" not in page
    assert "You have no notifications yet" in page
    assert _unread_in_navigation(client) == "none"
    # Nor can it be opened or marked read by its id.
    assert client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    # Shared again: it is back.
    services.journey_share(journey=journey, by=lead, shared=True)
    assert _unread_in_navigation(client) == "1"


def test_no_email_or_daily_summary_about_a_group_the_recipient_has_left(journey, lead, member):
    queued = _tell(member, journey, "Queued for an email", event="journeys.stage_changed")
    assert queued.email_status == Notification.Email.QUEUED
    in_digest = _tell(member, journey, "Waiting for the summary", event="journeys.task_completed")
    assert in_digest.email_status == Notification.Email.DIGEST_PENDING
    # Removed before the emails go out (the notifications are kept here to test the emails' own check).
    Membership.objects.filter(user=member).delete()

    assert send_notification_email(queued.pk) == "skipped"
    assert send_digest(member.pk) == 0
    assert mail.outbox == []


def test_a_lead_still_sees_the_group_s_notifications(client, journey, lead, member):
    _tell(lead, journey, "Still visible to the lead")
    services.membership_remove(membership=Membership.objects.get(user=member), by=lead)
    client.force_login(lead)
    assert "Still visible to the lead" in client.get(reverse("notifications:inbox")).content.decode()
    assert _unread_in_navigation(client) == "1"


def test_the_count_follows_access_on_every_page_though_its_sql_is_kept(client, journey, lead):
    """The unread count's SQL is built once per person and kinds (notifications.access): moving an officer
    to another council, or unsharing and sharing again, changes the count on the very next page."""
    from accounts.models import PublicBody
    from tests.factories import PublicBodyFactory

    services.journey_share(journey=journey, by=lead, shared=True)
    officer = UserFactory(role=User.Role.OFFICER, public_body=journey.group.parent_body)
    _tell(officer, journey, "Libraries group moved on", event="journeys.stage_changed")
    client.force_login(officer)
    assert _unread_in_navigation(client) == "1"
    services.journey_share(journey=journey, by=lead, shared=False)
    assert _unread_in_navigation(client) == "none"
    services.journey_share(journey=journey, by=lead, shared=True)
    assert _unread_in_navigation(client) == "1"

    other: PublicBody = PublicBodyFactory(name="Another council")
    User.objects.filter(pk=officer.pk).update(public_body=other)
    assert _unread_in_navigation(client) == "none"
    User.objects.filter(pk=officer.pk).update(public_body=journey.group.parent_body)
    assert _unread_in_navigation(client) == "1"
