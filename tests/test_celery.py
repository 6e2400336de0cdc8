"""A real Celery worker runs a task through the configured broker.

Without REDIS_URL that broker is kombu's file-system transport (no server needed; each
test gets its own queue folder, see tests/conftest.py); in CI, with REDIS_URL set, it is Redis.
"""

import pytest
from celery.contrib.testing.worker import start_worker

from mutuals_portal.celery import app as celery_app
from mutuals_portal.celery import ping


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_through_the_broker():
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = ping.delay()
        assert result.get(timeout=30) == "pong"
    assert result.successful()


@pytest.mark.needs_redis
def test_ci_uses_redis_as_the_broker():
    assert celery_app.conf.broker_url.startswith("redis://")
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def test_every_scheduled_job_names_a_registered_task(settings):
    celery_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"{name}: no task called {entry['task']}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_stores_no_result_nobody_asked_for():
    """Jobs keep their state in their own rows; a task's result is stored only when its caller asks."""
    from django_celery_results.models import TaskResult

    from notifications import tasks

    assert tasks.send_daily_digests.ignore_result and not ping.ignore_result
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        tasks.send_daily_digests.delay()  # stores nothing
        ping.delay().get(timeout=30)  # stored: its caller reads it. One worker, one queue: the digests ran first
    assert list(TaskResult.objects.values_list("task_name", flat=True)) == ["mutuals_portal.ping"]
