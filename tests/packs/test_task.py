"""The render task: ready with a file and a notification, retries for temporary errors, fails plainly on bad data,
takes over from a dead worker, and the beat job requeues stale packs."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from mutuals_portal.lib.pdf import RenderedPdf
from notifications.models import Notification
from packs import services, tasks
from packs.models import BusinessPlanPack

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("packs_sent")]
Status = BusinessPlanPack.Status


@pytest.fixture
def pack(journey, lead):
    return services.pack_request(journey=journey, by=lead)[0]


def fake_render(monkeypatch, result=None, error=None):
    def render(*args, **kwargs):
        if error:
            raise error
        return result or RenderedPdf(b"%PDF-1.7 fake", 12)

    monkeypatch.setattr(services, "render_pack_pdf", render)


def test_the_task_stores_the_file_and_tells_the_requester(pack, monkeypatch, django_capture_on_commit_callbacks):
    fake_render(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.render_pack.apply(args=[pack.pk]).get() == "ready"
    pack.refresh_from_db()
    assert pack.status == Status.READY and pack.page_count == 12 and pack.file_size == 13
    assert pack.file.name.startswith(f"packs/{pack.journey_id}/") and pack.file.read() == b"%PDF-1.7 fake"
    assert pack.attempts == 1 and pack.render_seconds is not None and pack.finished_at
    note = Notification.objects.get(recipient=pack.requested_by, event_type="packs.finished")
    assert "ready" in note.message and note.url.endswith(f"/journeys/{pack.journey_id}/packs/")


def test_running_the_task_again_for_a_ready_pack_does_nothing(pack, monkeypatch):
    fake_render(monkeypatch)
    tasks.render_pack.apply(args=[pack.pk])
    fake_render(monkeypatch, error=AssertionError("must not render again"))
    assert tasks.render_pack.apply(args=[pack.pk]).get() == "skipped"


def test_bad_data_fails_at_once_with_a_plain_reason(pack, monkeypatch):
    fake_render(monkeypatch, error=ValueError("unexpected None"))
    assert tasks.render_pack.apply(args=[pack.pk]).get() == "failed"
    pack.refresh_from_db()
    assert pack.status == Status.FAILED and pack.attempts == 1
    assert "could not be laid out" in pack.error and "None" not in pack.error
    assert Notification.objects.filter(event_type="packs.finished", message__contains="could not be produced").exists()


def test_a_temporary_error_puts_the_pack_back_in_the_queue_and_retries_with_backoff(pack, monkeypatch):
    fake_render(monkeypatch, error=OSError("disk full"))
    retried = {}
    monkeypatch.setattr(
        tasks.render_pack, "retry", lambda exc, countdown: retried.update(countdown=countdown) or Retry()
    )
    with pytest.raises(Retry):
        tasks.render_pack.run(pack.pk)
    pack.refresh_from_db()
    assert pack.status == Status.QUEUED and retried == {"countdown": 10}
    assert [tasks.backoff_seconds(n) for n in range(6)] == [10, 20, 40, 80, 160, 300]


def test_the_last_retry_fails_the_pack(pack, monkeypatch):
    fake_render(monkeypatch, error=OSError("disk full"))
    tasks.render_pack.push_request(retries=tasks.MAX_RETRIES)
    try:
        assert tasks.render_pack.run(pack.pk) == "failed"
    finally:
        tasks.render_pack.pop_request()
    pack.refresh_from_db()
    assert pack.status == Status.FAILED and "temporary problem" in pack.error


def test_a_pack_held_by_a_live_worker_is_not_rendered_twice(pack):
    assert services.pack_claim(pack_id=pack.pk, worker=services.worker_name()) is not None
    assert services.pack_claim(pack_id=pack.pk, worker="other-host:1") is None


def test_a_pack_whose_worker_died_is_taken_over(pack):
    import socket

    dead = f"{socket.gethostname()}:999999999"
    services.pack_claim(pack_id=pack.pk, worker=dead)
    taken = services.pack_claim(pack_id=pack.pk, worker=services.worker_name())
    assert taken is not None and taken.attempts == 2 and taken.rendered_by == services.worker_name()


def test_the_beat_job_requeues_packs_stuck_in_rendering(pack, packs_sent, django_capture_on_commit_callbacks):
    services.pack_claim(pack_id=pack.pk, worker="gone-host:1")
    BusinessPlanPack.objects.filter(pk=pack.pk).update(started_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_packs.apply().get() == 1
    pack.refresh_from_db()
    assert pack.status == Status.QUEUED and packs_sent[-1] == pack.pk
    assert tasks.requeue_stale_packs.apply().get() == 0


def test_the_beat_job_leaves_recent_packs_alone(pack, packs_sent):
    services.pack_claim(pack_id=pack.pk, worker="busy-host:1")
    assert services.requeue_stale_packs() == 0
    pack.refresh_from_db()
    assert pack.status == Status.RENDERING


def test_the_beat_job_resends_packs_queued_too_long(pack, packs_sent, django_capture_on_commit_callbacks):
    BusinessPlanPack.objects.filter(pk=pack.pk).update(requested_at=timezone.now() - timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_packs() == 1
    assert packs_sent[-1] == pack.pk


def test_the_beat_job_requeues_at_once_a_pack_whose_worker_on_this_host_is_gone(
    pack, packs_sent, django_capture_on_commit_callbacks
):
    import socket
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    services.pack_claim(pack_id=pack.pk, worker=f"{socket.gethostname()}:{child.pid}")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_packs() == 1
    pack.refresh_from_db()
    assert pack.status == Status.QUEUED and packs_sent[-1] == pack.pk
    assert pack.events.last().note == f"Requeued: {socket.gethostname()}:{child.pid} is gone"
