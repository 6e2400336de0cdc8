"""With the broker (Redis) down, requests that queue a job still succeed: the job's row says queued, the
message is kept in the database, and it reaches a real worker once the broker is back."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from accounts.models import User
from challenges.models import DecisionNotice
from jobs import tasks
from jobs.models import UnsentJob
from jobs.services import send_unsent
from mutuals_portal.celery import app as celery_app
from notifications.models import Notification
from notifications.services import notify
from packs import services as pack_services
from packs.models import BusinessPlanPack
from tests.challenges.factories import DecisionFactory
from tests.factories import UserFactory
from tests.journeys.factories import make_journey

Status = BusinessPlanPack.Status
BACKEND = "django.contrib.auth.backends.ModelBackend"


def lead_of(journey):
    return journey.group.memberships.get(role="lead").user


@pytest.mark.django_db
def test_a_lead_can_request_a_pack_while_the_broker_is_down_and_sees_it_queued(
    client, broker, django_capture_on_commit_callbacks
):
    journey = make_journey()
    client.force_login(lead_of(journey), backend=BACKEND)
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("packs:request", args=[journey.pk]), {"formats": "business_plan"})
    assert response.status_code == 302
    pack = journey.packs.get()
    assert pack.status == Status.QUEUED
    kept = UnsentJob.objects.get()
    assert (kept.task, kept.args, kept.attempts) == ("packs.render_pack", [pack.pk], 1)
    assert "OperationalError" in kept.last_error
    page = client.get(reverse("packs:list", args=[journey.pk])).content.decode()
    assert "Waiting to start" in page and "In the queue" in page


@pytest.mark.django_db
def test_an_officer_can_publish_a_decision_while_the_broker_is_down_and_its_notice_waits(
    client, broker, django_capture_on_commit_callbacks
):
    decision = DecisionFactory()
    officer = UserFactory(role=User.Role.OFFICER, public_body=decision.eoi.service.council)
    client.force_login(officer, backend=BACKEND)
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:decision_publish", args=[decision.pk]))
    assert response.status_code == 302
    notice = DecisionNotice.objects.get(decision=decision)
    assert notice.status == DecisionNotice.Status.QUEUED
    assert list(UnsentJob.objects.values_list("task", "args")) == [("challenges.render_decision_notice", [notice.pk])]
    assert "Being produced" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_an_email_notification_waits_for_the_broker(broker, django_capture_on_commit_callbacks):
    person = UserFactory()
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=person, event="journeys.gate_requested", obj=person, message="Sign-off")
    assert notification.email_status == Notification.Email.QUEUED
    assert UnsentJob.objects.get().task == "notifications.send_notification_email"


@pytest.mark.django_db(transaction=True)
def test_a_job_kept_while_the_broker_was_down_reaches_a_worker_once_it_is_back(broker):
    journey = make_journey()
    broker.stop()
    pack, created = pack_services.pack_request(journey=journey, by=lead_of(journey))
    assert created and UnsentJob.objects.count() == 1
    assert send_unsent() == 0  # still down: kept, with the attempt counted
    assert UnsentJob.objects.get().attempts == 2
    broker.start()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        # the beat job, run by the worker
        assert tasks.send_unsent.apply_async(ignore_result=False).get(timeout=30) == 1
        deadline = time.monotonic() + 90
        while pack.status not in (Status.READY, Status.FAILED):
            assert time.monotonic() < deadline, f"pack still {pack.status}"
            time.sleep(0.1)
            pack.refresh_from_db()
    assert pack.status == Status.READY, pack.error
    assert not UnsentJob.objects.exists()


@pytest.mark.django_db
def test_the_sweep_sends_the_oldest_first_and_stops_at_the_first_refusal(broker, packs_sent):
    for pack_id in (3, 1, 2):
        UnsentJob.objects.create(task="packs.render_pack", args=[pack_id])
    assert send_unsent(limit=2) == 2
    assert packs_sent == [3, 1]
    assert list(UnsentJob.objects.values_list("args", flat=True)) == [[2]]
