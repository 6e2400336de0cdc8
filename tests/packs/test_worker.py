"""A real Celery worker renders a pack (on Redis in CI, on the file-system broker otherwise),
and a worker process killed with SIGKILL mid-render does not lose the pack."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from mutuals_portal.celery import app as celery_app
from packs import services
from packs.models import BusinessPlanPack

from .factories import full_journey
from .pdf_tools import flat_text, page_texts

Status = BusinessPlanPack.Status


def wait_for(pack, statuses, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in statuses:
            return pack
        time.sleep(0.05)
    raise AssertionError(f"pack stayed {pack.status} for {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_a_requested_pack():
    journey = full_journey(risks=12, years=5)
    lead = journey.group.memberships.get(role="lead").user
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        pack, created = services.pack_request(journey=journey, by=lead)
        assert created
        wait_for(pack, {Status.READY, Status.FAILED})
    assert pack.status == Status.READY, pack.error
    content = pack.file.read()
    assert content.startswith(b"%PDF") and len(content) == pack.file_size
    assert len(page_texts(content)) == pack.page_count >= 10
    text = flat_text(content)
    assert journey.group.name in text and "Risk register" in text
    assert services.pack_request(journey=journey, by=lead) == (pack, False)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_pack_survives_its_worker_being_killed_mid_render(tmp_path):
    # Many risks make the render take long enough to be caught in the middle of it.
    journey = full_journey(risks=400, years=5)
    lead = journey.group.memberships.get(role="lead").user
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # The test's own broker folders (tests/conftest.py); with REDIS_URL set, the worker uses Redis.
        "CELERY_DATA_DIR": str(tmp_path / "celery"),
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [
            str(celery),
            "-A",
            "mutuals_portal",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
    )
    try:
        pack, _ = services.pack_request(journey=journey, by=lead)
        wait_for(pack, {Status.RENDERING, Status.READY, Status.FAILED})
        assert pack.status == Status.RENDERING, "the render finished before it could be interrupted"
        victim = int(pack.rendered_by.rpartition(":")[2])
        assert victim in _children(worker.pid)  # the pool process doing the work
        os.kill(victim, signal.SIGKILL)
        wait_for(pack, {Status.READY, Status.FAILED}, timeout=180)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert pack.status == Status.READY, (tmp_path / "worker.log").read_text()[-3000:]
    assert pack.attempts == 2 and str(victim) not in pack.rendered_by
    notes = list(pack.events.values_list("note", flat=True))
    assert any(note.startswith("Taken over by") for note in notes)
    assert pack.file.read().startswith(b"%PDF")
