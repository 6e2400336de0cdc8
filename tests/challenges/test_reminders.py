"""Officers are reminded 7 days before the acknowledgement and decision deadlines and when overdue, once each."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from challenges.models import EOIStatus, ReminderSent
from challenges.tasks import send_deadline_reminders
from notifications.models import Notification
from notifications.tasks import send_notification_email
from tests.factories import PublicBodyFactory, UserFactory

from .factories import EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    council = PublicBodyFactory(name="Reminder Council")
    UserFactory(role=User.Role.OFFICER, public_body=council, email="o1@example.test")
    UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Not ours"), email="o2@example.test")
    return council


def _run(capture):
    """Run the beat job, then deliver the queued emails as the worker would."""
    with capture(execute=False):
        sent = send_deadline_reminders()
    for pk in Notification.objects.filter(email_status=Notification.Email.QUEUED).values_list("pk", flat=True):
        send_notification_email(pk)
    return sent


def test_a_reminder_is_sent_seven_days_before_the_acknowledgement_deadline(council, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    eoi = EOIFactory(
        service=ServiceFactory(council=council),
        status=EOIStatus.RECEIVED,
        acknowledgement_due_on=today + timedelta(days=7),
        decision_due_on=today + timedelta(days=60),
    )
    EOIFactory(
        service=ServiceFactory(council=council),
        status=EOIStatus.RECEIVED,
        acknowledgement_due_on=today + timedelta(days=8),
        decision_due_on=today + timedelta(days=60),
    )
    assert _run(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["o1@example.test"]]
    assert eoi.reference in mail.outbox[0].body
    notification = Notification.objects.get(recipient__email="o1@example.test")
    assert notification.event_type == "challenges.deadline_reminder" and notification.target == eoi
    assert ReminderSent.objects.get().kind == ReminderSent.Kind.ACK_SOON


def test_reminders_are_never_sent_twice(council, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    EOIFactory(
        service=ServiceFactory(council=council),
        status=EOIStatus.UNDER_REVIEW,
        decision_due_on=today + timedelta(days=3),
    )
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_an_overdue_deadline_gets_its_own_single_reminder(council, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    eoi = EOIFactory(
        service=ServiceFactory(council=council),
        status=EOIStatus.ACKNOWLEDGED,
        decision_due_on=today + timedelta(days=2),
    )
    _run(django_capture_on_commit_callbacks)
    eoi.decision_due_on = today - timedelta(days=1)  # time passes: the same deadline is now missed
    eoi.save(update_fields=["decision_due_on"])
    ReminderSent.objects.update(due_on=eoi.decision_due_on)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    kinds = set(ReminderSent.objects.values_list("kind", flat=True))
    assert kinds == {ReminderSent.Kind.DECISION_SOON, ReminderSent.Kind.DECISION_OVERDUE}


def test_decided_and_draft_eois_get_no_reminders(council, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    service = ServiceFactory(council=council)
    EOIFactory(service=service, status=EOIStatus.REJECTED, decision_due_on=today - timedelta(days=1))
    EOIFactory(service=service, status=EOIStatus.DRAFT)
    EOIFactory(service=service, status=EOIStatus.WITHDRAWN, decision_due_on=today)
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_reminder_job_is_scheduled_daily_for_celery_beat(settings):
    from mutuals_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["right-to-challenge-deadline-reminders"]
    assert entry["task"] == "challenges.send_deadline_reminders"
    assert entry["task"] in app.tasks  # the name matches a registered task
    assert entry["schedule"].hour == {7}
