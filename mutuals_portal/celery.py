"""The Celery application: configured from Django settings (the CELERY_ prefix). It imports no app:
each app's tasks.py is found by autodiscovery, and beat names tasks by string (settings)."""

import os

from celery import Celery
from celery.signals import worker_init

from mutuals_portal.lib import fs_broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuals_portal.settings")

fs_broker.install()  # the embedded default's broker writes each message whole (lib/fs_broker.py)
app = Celery("mutuals_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The file-system broker needs its folders to exist before anything is sent."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            os.makedirs(str(options[key]), exist_ok=True)


@worker_init.connect
def _prepare_worker(**kwargs):
    ensure_broker_folders()


@app.task(name="mutuals_portal.ping", ignore_result=False)
def ping() -> str:
    """Liveness check for workers: `ping.delay().get(timeout=10)` answers "pong"."""
    return "pong"
