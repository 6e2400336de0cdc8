import pytest
from django.urls import reverse

from notifications.models import Notification, NotificationPreference
from notifications.tasks import send_notification_email
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory(email="priya@example.test", full_name="Priya Shah")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def _make(user, count, **extra):
    Notification.objects.bulk_create(
        Notification(recipient=user, event_type="journeys.member_joined", message=f"Person {i} joined", **extra)
        for i in range(count)
    )


def test_the_header_shows_the_unread_count(client, person):
    _make(person, 3)
    html = client.get(reverse("home")).content.decode()
    assert 'Notifications <span class="app-count">3<span class="govuk-visually-hidden"> unread</span>' in html


def test_the_inbox_lists_newest_first_and_has_an_empty_state(client, person):
    assert "You have no notifications yet" in client.get(reverse("notifications:inbox")).content.decode()
    Notification.objects.create(recipient=person, event_type="journeys.member_joined", message="First")
    Notification.objects.create(recipient=person, event_type="journeys.member_joined", message="Second")
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert html.index("Second") < html.index("First")


def test_it_never_shows_someone_else_s_notifications(client, person):
    other = UserFactory(email="other@example.test")
    Notification.objects.create(recipient=other, event_type="journeys.member_joined", message="Secret to other")
    assert "Secret to other" not in client.get(reverse("notifications:inbox")).content.decode()


def test_mark_one_and_mark_all_as_read(client, person):
    _make(person, 3)
    first = Notification.objects.filter(recipient=person).first()
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert Notification.objects.unread().count() == 2
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert Notification.objects.unread().count() == 0
    assert "2 notifications marked as read" in response.content.decode()


def test_open_marks_read_and_follows_only_local_links(client, person):
    local = Notification.objects.create(
        recipient=person, event_type="journeys.member_joined", message="Local", url="/accounts/"
    )
    evil = Notification.objects.create(
        recipient=person, event_type="journeys.member_joined", message="Evil", url="https://evil.example/"
    )
    assert client.post(reverse("notifications:mark_read", args=[local.pk]), {"open": "1"})["Location"] == "/accounts/"
    response = client.post(reverse("notifications:mark_read", args=[evil.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_the_inbox_is_paginated(client, person):
    _make(person, 45)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert html.count("app-notification--unread") == 20
    assert "govuk-pagination" in html
    last = client.get(reverse("notifications:inbox") + "?page=99").content.decode()
    assert last.count("app-notification--unread") == 5


@pytest.mark.parametrize("count", [5, 100])
def test_the_inbox_uses_a_constant_number_of_queries(client, person, count, django_assert_num_queries):
    _make(person, count)
    # Once the process has read the content types (its first page with notifications does), as every
    # later request finds them: the count no longer depends on which test ran first.
    client.get(reverse("notifications:inbox"))
    with django_assert_num_queries(6):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_preferences_are_saved_and_mandatory_events_offer_no_off(client, person):
    html = " ".join(client.get(reverse("notifications:preferences")).content.decode().split())
    assert 'id="id_security__password_changed_3"' not in html
    assert 'name="packs__finished" class="govuk-radios__input" id="id_packs__finished_3" value="off"' in html
    data = dict.fromkeys(_codes(), "immediate") | {"journeys__task_overdue": "digest"}
    data["journeys__member_joined"] = "off"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person, event_type="journeys.member_joined").delivery == "off"


def test_turning_off_a_mandatory_event_is_refused_with_an_error_summary(client, person):
    data = dict.fromkeys(_codes(), "immediate")
    data["security__password_changed"] = "off"
    response = client.post(reverse("notifications:preferences"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_changing_your_password_queues_a_security_email(client, person, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("password_change"),
            {
                "old_password": TEST_PASSWORD,
                "new_password1": "brand-new-pass-2026",
                "new_password2": "brand-new-pass-2026",
            },
        )
    assert response.status_code == 302
    notification = Notification.objects.get(recipient=person, event_type="security.password_changed")
    assert notification.email_status == Notification.Email.QUEUED
    assert len(callbacks) == 1  # the email job, queued once the change is committed
    send_notification_email(notification.pk)  # what the worker runs
    assert len(mailoutbox) == 1
    assert "password was changed" in mailoutbox[0].body


def _codes():
    """The preference form's field names, but for reminders (emailed in the summary or not at all)."""
    from notifications.events import EVENTS

    return [code.replace(".", "__") for code, event in EVENTS.items() if not event.reminder]


def test_a_reminder_is_offered_in_the_summary_or_not_at_all_never_straight_away(client, person):
    html = " ".join(client.get(reverse("notifications:preferences")).content.decode().split())
    offered = 'name="journeys__task_overdue" class="govuk-radios__input" id="id_journeys__task_overdue_{}" value="{}"'
    assert offered.format(1, "digest") in html and offered.format(2, "off") in html
    assert 'id="id_journeys__task_overdue_3"' not in html and 'value="immediate"' in html
    data = dict.fromkeys(_codes(), "immediate") | {"journeys__task_overdue": "immediate"}
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=person).exists()
    data["journeys__task_overdue"] = "off"
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert NotificationPreference.objects.get(user=person, event_type="journeys.task_overdue").delivery == "off"
