import pytest
from django.core import mail

from notifications.events import EVENTS, Delivery
from notifications.models import Notification, NotificationPreference
from notifications.services import delivery_for, notify, set_preferences
from notifications.tasks import send_daily_digests, send_digest, send_notification_email
from tests.factories import UserFactory
from tests.sends import record_sends

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(email="priya@example.test", full_name="Priya Shah")


def test_the_default_delivery_comes_from_the_declared_event(person):
    assert delivery_for(person, "journeys.gate_requested") == Delivery.IMMEDIATE
    assert delivery_for(person, "journeys.member_joined") == Delivery.DIGEST
    assert delivery_for(person, "packs.finished") == Delivery.OFF


def test_a_preference_overrides_the_default(person):
    set_preferences(user=person, choices={"journeys.gate_requested": Delivery.DIGEST})
    assert delivery_for(person, "journeys.gate_requested") == Delivery.DIGEST


def test_security_and_statutory_messages_cannot_be_turned_off(person):
    for code in ("security.password_changed", "challenges.eoi_statutory"):
        assert not EVENTS[code].can_turn_off
        with pytest.raises(ValueError, match="cannot be turned off"):
            set_preferences(user=person, choices={code: Delivery.OFF})
        # Even a preference stored some other way is ignored.
        NotificationPreference.objects.update_or_create(user=person, event_type=code, defaults={"delivery": "off"})
        assert delivery_for(person, code) == Delivery.IMMEDIATE


def test_an_undeclared_event_type_is_refused(person):
    with pytest.raises(ValueError, match="Unknown notification event type"):
        notify(recipient=person, event="made.up", obj=None, message="Hello")


def test_an_immediate_notification_is_emailed_after_commit(person, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    from notifications import tasks

    original = tasks.send_notification_email.delay
    tasks.send_notification_email.delay = lambda pk: sent.append(pk) or send_notification_email(pk)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notification = notify(
                recipient=person, event="journeys.gate_requested", obj=person, message="Sign-off requested"
            )
            assert notification.email_status == Notification.Email.QUEUED
        assert sent == []  # nothing queued before the commit
        for callback in callbacks:
            callback()
    finally:
        tasks.send_notification_email.delay = original
    assert sent == [notification.pk]
    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.SENT
    assert len(mail.outbox) == 1


def test_sending_the_same_notification_twice_sends_one_email(person):
    notification = notify(recipient=person, event="journeys.gate_requested", obj=person, message="Sign-off")
    assert send_notification_email(notification.pk) == "sent"
    assert send_notification_email(notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_email_has_text_and_html_with_working_links_and_a_preferences_link(person, settings):
    settings.SITE_URL = "https://mutuals.example.gov.uk"
    notification = notify(
        recipient=person,
        event="journeys.gate_requested",
        obj=person,
        message="Priya asked for sign-off of <Building support>",
        url="/journeys/1/",
    )
    send_notification_email(notification.pk)
    message = mail.outbox[0]
    assert message.subject == "Mutuals Portal: A stage sign-off was requested"
    assert "Hello Priya," in message.body
    assert "https://mutuals.example.gov.uk/journeys/1/" in message.body
    assert "https://mutuals.example.gov.uk/notifications/preferences/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://mutuals.example.gov.uk/journeys/1/"' in html
    assert "&lt;Building support&gt;" in html  # user text escaped in HTML
    assert "<Building support>" not in html


def test_a_notification_is_not_created_for_someone_who_may_not_see_the_object(person):
    stranger = UserFactory(email="stranger@example.test")
    assert notify(recipient=stranger, event="journeys.gate_requested", obj=person, message="About Priya") is None
    assert not Notification.objects.filter(recipient=stranger).exists()
    assert mail.outbox == []


def test_an_inactive_recipient_gets_nothing(person):
    person.is_active = False
    person.save()
    assert notify(recipient=person, event="journeys.gate_requested", obj=person, message="Hi") is None


def test_off_records_the_notification_in_the_portal_only(person):
    set_preferences(user=person, choices={"journeys.gate_requested": Delivery.OFF})
    notification = notify(recipient=person, event="journeys.gate_requested", obj=person, message="Hi")
    assert notification.email_status == Notification.Email.NONE
    assert Notification.objects.filter(recipient=person).count() == 1


def test_the_digest_groups_pending_items_by_event_type_in_one_email(person, settings):
    settings.SITE_URL = "https://mutuals.example.gov.uk"
    notify(recipient=person, event="journeys.member_joined", obj=person, message="Tom joined", url="/a/")
    notify(recipient=person, event="journeys.member_joined", obj=person, message="Ann joined", url="/b/")
    notify(recipient=person, event="journeys.task_completed", obj=person, message="Options appraisal done")
    assert send_digest(person.pk) == 3
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Mutuals Portal: your daily summary (3 updates)"
    joined = body.index("Someone joined your staff group")
    completed = body.index("A task on your journey was completed")
    assert body.index("Tom joined") > joined and body.index("Ann joined") > joined
    assert body.index("Options appraisal done") > completed
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Notification.Email.DIGESTED}
    # Nothing pending any more: no second email.
    assert send_digest(person.pk) == 0
    assert len(mail.outbox) == 1


def test_the_daily_job_queues_one_digest_per_user_with_pending_items_only(person, monkeypatch):
    other = UserFactory(email="other@example.test")
    UserFactory(email="quiet@example.test")  # nothing pending: no job
    notify(recipient=person, event="journeys.member_joined", obj=person, message="One")
    notify(recipient=person, event="journeys.member_joined", obj=person, message="Two")
    notify(recipient=other, event="journeys.member_joined", obj=other, message="Three")
    queued = record_sends(monkeypatch, "notifications.tasks.send_digest")
    assert send_daily_digests() == 2
    assert sorted(queued) == sorted([person.pk, other.pk])


def test_the_daily_digest_is_scheduled_in_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["daily-notification-digests"]
    assert schedule["task"] == "notifications.send_daily_digests"
