"""The Celery application: configured from Django settings (the CELERY_ prefix)."""

import logging
import os

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuals_portal.settings")

app = Celery("mutuals_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The file-system broker needs its folders to exist before anything is sent."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            os.makedirs(options[key], exist_ok=True)


logger = logging.getLogger(__name__)


@worker_init.connect
def _prepare_worker(**kwargs):
    ensure_broker_folders()


@worker_ready.connect
def _send_again_what_a_dead_worker_held(**kwargs):
    """A worker killed outright (SIGKILL, out of memory) leaves its renders marked as in progress, and
    the broker hands its messages out again only after the visibility timeout. A worker starting on
    the same host sees that their process is gone and sends them again at once."""
    from django.db import connections

    from challenges.services import requeue_stale_notices
    from packs.services import requeue_stale_packs

    try:
        requeue_stale_packs()
        requeue_stale_notices()
    except Exception:  # the database may be down too: beat's sweep will do it later
        logger.exception("Could not look for jobs left by a dead worker")
    finally:
        connections.close_all()  # this is the main process: keep no connection open here


@app.task(name="mutuals_portal.ping")
def ping() -> str:
    """Liveness check for workers: `ping.delay().get(timeout=10)` answers "pong"."""
    return "pong"
