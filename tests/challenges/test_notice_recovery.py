"""A decision notice is never lost with its worker: a live worker's render is not repeated, a dead one's is
taken over, and the sweep sends again notices left rendering or whose message was lost."""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from challenges import services, tasks
from challenges.models import DecisionNotice
from jobs.workers import worker_name

from .factories import DecisionFactory

pytestmark = pytest.mark.django_db
Status = DecisionNotice.Status


@pytest.fixture
def notice():
    return DecisionNotice.objects.create(decision=DecisionFactory(published_at=timezone.now()))


def dead_worker() -> str:
    child = subprocess.Popen(["true"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}"


def test_a_notice_held_by_a_live_worker_is_not_rendered_twice(notice, monkeypatch):
    assert services.notice_claim(notice_id=notice.pk, worker=worker_name()) is not None
    monkeypatch.setattr("challenges.tasks.render_notice_pdf", lambda notice: pytest.fail("rendered twice"))
    assert tasks.render_decision_notice.run(notice.pk) == "skipped"
    notice.refresh_from_db()
    assert notice.status == Status.RENDERING and notice.rendered_by == worker_name()


def test_a_notice_whose_worker_died_is_taken_over_and_finished(notice):
    services.notice_claim(notice_id=notice.pk, worker=dead_worker())
    assert tasks.render_decision_notice.run(notice.pk) == "ready"
    notice.refresh_from_db()
    assert notice.status == Status.READY and notice.rendered_by == worker_name()
    assert notice.file.read().startswith(b"%PDF")


def test_a_temporary_error_puts_the_notice_back_in_the_queue_for_the_retry(notice, monkeypatch):
    def full_disk(notice):
        raise OSError("No space left on device")

    monkeypatch.setattr("challenges.tasks.render_notice_pdf", full_disk)
    with pytest.raises(OSError):
        tasks.render_decision_notice.run(notice.pk)
    notice.refresh_from_db()
    assert notice.status == Status.QUEUED  # the retry will claim it, not find it held


def test_the_sweep_sends_again_at_once_a_notice_whose_worker_on_this_host_is_gone(
    notice, notices_sent, django_capture_on_commit_callbacks
):
    services.notice_claim(notice_id=notice.pk, worker=dead_worker())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_notices.apply().get() == 1
    notice.refresh_from_db()
    assert notice.status == Status.QUEUED and notices_sent == [notice.pk]


def test_the_sweep_sends_again_notices_rendering_too_long_or_queued_too_long(
    notice, notices_sent, django_capture_on_commit_callbacks
):
    services.notice_claim(notice_id=notice.pk, worker="other-host:1")
    DecisionNotice.objects.filter(pk=notice.pk).update(started_at=timezone.now() - timedelta(minutes=11))
    lost = DecisionNotice.objects.create(
        decision=DecisionFactory(published_at=timezone.now()), requested_at=timezone.now() - timedelta(minutes=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_notices() == 2
    assert sorted(notices_sent) == sorted([notice.pk, lost.pk])
    assert services.requeue_stale_notices() == 0


def test_the_sweep_leaves_a_live_or_recent_render_alone(notice, notices_sent):
    services.notice_claim(notice_id=notice.pk, worker=worker_name())
    other = DecisionNotice.objects.create(decision=DecisionFactory(published_at=timezone.now()))
    services.notice_claim(notice_id=other.pk, worker="busy-host:1")
    assert services.requeue_stale_notices() == 0
    assert notices_sent == []
