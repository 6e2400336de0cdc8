"""Celery tasks: render a business-plan pack, and requeue packs whose worker vanished."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError, connections

from . import services

logger = logging.getLogger(__name__)

# Errors worth trying again (a full disk, a storage or database hiccup); anything else is bad data.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
HARD_TIME_LIMIT = 300  # seconds; below services.STALE_AFTER and the broker's visibility timeout
MAX_RETRIES = 5


def backoff_seconds(retries: int) -> int:
    """Exponential: 10, 20, 40, 80, 160 s, capped at 5 minutes."""
    return min(300, 10 * 2**retries)


@shared_task(
    name="packs.render_pack",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    time_limit=HARD_TIME_LIMIT,
    soft_time_limit=HARD_TIME_LIMIT - 30,
)
def render_pack(self, pack_id: int) -> str:
    """Render one pack. Safe to run twice: a ready or failed pack, or one another worker holds, is left alone."""
    pack = services.pack_claim(pack_id=pack_id, worker=services.worker_name())
    if pack is None:
        return "skipped"
    try:
        services.pack_render_and_store(pack)
    except SoftTimeLimitExceeded:
        services.pack_fail(pack=pack, reason="It took too long to produce. Try again, or contact the service team.")
        return "failed"
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.exception("Pack %s failed after %s retries", pack_id, self.request.retries)
            services.pack_fail(
                pack=pack,
                reason="A temporary problem stopped it several times. Try again in a few minutes.",
                detail=repr(error),
            )
            return "failed"
        countdown = backoff_seconds(self.request.retries)
        services.pack_back_to_queue(
            pack=pack, note=f"Temporary error ({error.__class__.__name__}); retry in {countdown} s"
        )
        raise self.retry(exc=error, countdown=countdown) from error
    except Exception as error:
        logger.exception("Pack %s could not be rendered", pack_id)
        services.pack_fail(
            pack=pack,
            reason="Something in the plan data could not be laid out. Check the plan sections and try again; "
            "if it fails again, contact the service team.",
            detail=repr(error),
        )
        return "failed"
    return "ready"


@shared_task(name="packs.requeue_stale_packs")
def requeue_stale_packs() -> int:
    """Beat job: packs stuck in rendering (dead worker) or queued (lost message) are sent again."""
    return services.requeue_stale_packs()


@worker_ready.connect(dispatch_uid="packs.send_again_what_a_dead_worker_held")
def _send_again_what_a_dead_worker_held(**kwargs):
    """A worker killed outright (SIGKILL, out of memory) leaves its renders marked as in progress, and
    the broker hands its messages out again only after the visibility timeout. A worker starting on
    the same host sees that their process is gone and sends its packs again at once."""
    try:
        services.requeue_stale_packs()
    except Exception:  # the database may be down too: beat's sweep will do it later
        logger.exception("Could not look for packs left by a dead worker")
    finally:
        connections.close_all()  # this is the main process: keep no connection open here
