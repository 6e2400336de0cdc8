"""Overdue tasks in the daily summary (issue #22, point 5): the owner of a task past its due date and not
completed finds it listed in each daily summary, once; not once it is completed, nor after they leave the
group. Run through the real Celery tasks (send_daily_digests queues send_digest, run eagerly here), with the
emails read from Django's outbox."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from journeys import services
from journeys.models import Journey, Membership, Task
from mutuals_portal.celery import app as celery_app
from notifications.events import Delivery
from notifications.models import Notification
from notifications.services import notify, set_preferences
from notifications.tasks import send_daily_digests, send_digest
from tests.factories import UserFactory
from tests.journeys.factories import make_journey, task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager(monkeypatch):
    """send_daily_digests queues send_digest with .delay(): run each job in-process, as a worker would."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def _due(journey, slug, owner, days_ago):
    """A task whose due date (set earlier) was `days_ago` days ago: negative for one still to come."""
    row = task(journey, slug)
    Task.objects.filter(pk=row.pk).update(owner=owner, due_on=timezone.localdate() - timedelta(days=days_ago))
    return task(journey, slug)


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def _url(row):
    return f"http://localhost:8000{reverse('journeys:task', args=[row.journey_id, row.pk])}"


def test_the_owner_of_an_overdue_task_finds_it_in_the_daily_summary(journey, member, settings):
    settings.SITE_URL = "http://localhost:8000"
    late = _due(journey, "why-and-vision", member, days_ago=3)
    _due(journey, "name-senior-sponsor", member, days_ago=0)  # due today: not overdue yet
    _due(journey, "options-appraisal", member, days_ago=-5)  # still to come

    assert send_daily_digests() == 1
    [email] = _mails_to(member)
    assert email.subject == "Mutuals Portal: your daily summary (1 reminder)"
    due = timezone.localdate() - timedelta(days=3)
    line = (
        f"- Write down why you want to spin out and your vision (Libraries group) was due on "
        f"{due.day} {due.strftime('%B %Y')}, 3 days ago"
    )
    assert "Still to do:" in email.body and "Your tasks that are past their due date" in email.body
    assert line in email.body and f"  {_url(late)}\n" in email.body
    assert email.body.count("Write down why") == 1
    assert "Name a senior sponsor" not in email.body and "options appraisal" not in email.body
    html = email.alternatives[0][0]
    assert f'<a href="{_url(late)}" style="color: #1d70b8;">Write down why you want to spin out' in html
    # Also in the inbox, marked as sent in the summary.
    reminder = Notification.objects.get(recipient=member, event_type="journeys.task_overdue")
    assert reminder.email_status == Notification.Email.DIGESTED and reminder.target == journey


def test_each_task_is_listed_once_per_summary_and_a_second_run_the_same_day_sends_nothing(journey, lead, member):
    _due(journey, "why-and-vision", member, days_ago=1)
    _due(journey, "name-senior-sponsor", member, days_ago=6)
    assert send_daily_digests() == 1
    assert send_daily_digests() == 1  # queued again (it has reminders due) ...
    [email] = _mails_to(member)  # ... but sends nothing new the same day
    assert email.subject == "Mutuals Portal: your daily summary (2 reminders)"
    assert email.body.count("Write down why") == 1 and email.body.count("Name a senior sponsor") == 1
    # The sponsor task, 6 days late, is listed before the one a day late.
    assert email.body.index("Name a senior sponsor") < email.body.index("Write down why")
    assert Notification.objects.filter(recipient=member, event_type="journeys.task_overdue").count() == 2
    assert _mails_to(lead) == []


def test_the_next_day_s_summary_reminds_again_and_replaces_yesterday_s_in_the_inbox(journey, member):
    row = _due(journey, "why-and-vision", member, days_ago=1)
    assert send_digest(member.pk) == 1
    yesterday = timezone.now() - timedelta(days=1)
    Notification.objects.filter(event_type="journeys.task_overdue").update(created_at=yesterday, read_at=yesterday)
    assert send_digest(member.pk) == 1
    assert len(_mails_to(member)) == 2
    [reminder] = Notification.objects.filter(recipient=member, event_type="journeys.task_overdue")
    assert reminder.created_at > yesterday and reminder.read_at is None
    assert reminder.url == reverse("journeys:task", args=[journey.pk, row.pk])


def test_reminders_and_updates_share_one_summary(journey, lead, member):
    _due(journey, "why-and-vision", member, days_ago=2)
    notify(recipient=member, event="journeys.member_joined", obj=journey, message="Tom joined", url="/a/")
    assert send_daily_digests() == 1
    [email] = _mails_to(member)
    assert email.subject == "Mutuals Portal: your daily summary (1 update, 1 reminder)"
    assert email.body.index("Still to do:") < email.body.index("Write down why") < email.body.index("Tom joined")


def test_a_completed_task_is_not_reminded(journey, member):
    row = _due(journey, "why-and-vision", member, days_ago=4)
    services.task_update(task=row, by=member, status="completed", notes="Done", version=row.version)
    send_daily_digests()  # the lead's summary says the task was completed
    assert _mails_to(member) == []
    assert "was due on" not in "".join(m.body for m in mail.outbox)
    assert not Notification.objects.filter(event_type="journeys.task_overdue").exists()


def test_someone_no_longer_a_member_is_not_reminded(journey, lead, member):
    _due(journey, "why-and-vision", member, days_ago=4)
    services.membership_remove(membership=Membership.objects.get(group=journey.group, user=member), by=lead)
    assert task(journey, "why-and-vision").owner is None
    assert send_daily_digests() == 0
    assert mail.outbox == []


def test_an_owner_whose_membership_went_some_other_way_is_not_reminded(journey, member):
    """The owner is checked against the group again, not trusted (a membership deleted in the admin)."""
    _due(journey, "why-and-vision", member, days_ago=4)
    Membership.objects.filter(user=member).delete()
    assert send_daily_digests() == 0
    assert send_digest(member.pk) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("status", [Journey.Status.PAUSED, Journey.Status.STOPPED])
def test_a_paused_or_stopped_journey_sends_no_reminders(journey, member, status):
    _due(journey, "why-and-vision", member, days_ago=4)
    Journey.objects.filter(pk=journey.pk).update(status=status)
    assert send_daily_digests() == 0


def test_a_deactivated_account_is_not_reminded(journey, member):
    _due(journey, "why-and-vision", member, days_ago=4)
    member.is_active = False
    member.save()
    assert send_daily_digests() == 0
    assert send_digest(member.pk) == 0
    assert mail.outbox == []


def test_someone_who_turned_reminders_off_gets_no_email_but_sees_them_in_the_portal(journey, member):
    set_preferences(user=member, choices={"journeys.task_overdue": Delivery.OFF})
    _due(journey, "why-and-vision", member, days_ago=2)
    send_daily_digests()
    assert _mails_to(member) == []
    reminder = Notification.objects.get(recipient=member, event_type="journeys.task_overdue")
    assert reminder.email_status == Notification.Email.NONE


def test_each_owner_gets_only_their_own_tasks(journey, lead, member):
    other = make_journey()
    stranger = Membership.objects.get(group=other.group).user
    _due(journey, "why-and-vision", member, days_ago=1)
    _due(journey, "name-senior-sponsor", lead, days_ago=1)
    _due(other, "why-and-vision", stranger, days_ago=1)
    UserFactory(email="quiet@example.test")
    assert send_daily_digests() == 3
    assert [len(_mails_to(person)) for person in (member, lead, stranger)] == [1, 1, 1]
    assert "Name a senior sponsor" not in _mails_to(member)[0].body
    assert "Libraries group" not in _mails_to(stranger)[0].body
