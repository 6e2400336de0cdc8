"""Sending work to the Celery workers so that nothing is lost while the broker (Redis) is down.

A request that queues a job must still succeed when the broker is unreachable: the job's own row
(a pack, a notice, a notification) already says "queued", so the message is kept in the database
and sent again by `send_unsent` (a beat job, every minute) once the broker answers. A Redis broker
that failed is not asked again for a while (its circuit breaker, mutuals_portal/lib/cache.py): while it
is open, messages go straight to the database, so a hung broker costs a request no time.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerUnavailable

from mutuals_portal.celery import app
from mutuals_portal.lib.cache import CircuitOpen, breaker_for

from .models import UnsentJob

logger = logging.getLogger(__name__)

# What publishing raises when the broker is down or unreachable.
BROKER_ERRORS = (BrokerUnavailable, ConnectionError, TimeoutError)


def send_after_commit(task, *args, **kwargs) -> None:
    """Send `task(*args, **kwargs)` once the surrounding transaction commits; never fail the request for it."""
    transaction.on_commit(lambda: send(task, *args, **kwargs))


def _broker_breaker():
    """The circuit breaker of a Redis broker (None for the file-system transport)."""
    url = app.conf.broker_url or settings.CELERY_BROKER_URL  # the broker Celery actually publishes to
    return breaker_for(url) if url.startswith(("redis://", "rediss://")) else None


def send(task, *args, **kwargs) -> bool:
    """Send now; if the broker refuses, keep the message to send later. True if it went."""
    breaker = _broker_breaker()
    try:
        if breaker:
            breaker.allow()
        task.delay(*args, **kwargs)
    except (CircuitOpen, *BROKER_ERRORS) as error:
        if breaker and not isinstance(error, CircuitOpen):
            breaker.failed(error)
        logger.warning("Broker unavailable: %s%r kept to send later (%s)", task.name, args, error)
        UnsentJob.objects.create(task=task.name, args=list(args), kwargs=kwargs, last_error=repr(error)[:500])
        return False
    if breaker:
        breaker.succeeded()
    return True


def send_unsent(*, limit: int = 500) -> int:
    """Send the kept messages, oldest first, and stop at the first refusal (the broker is still down)."""
    sent = 0
    with transaction.atomic():
        # Two sweeps at once (two beat ticks on a slow night) take different rows, not the same ones twice.
        jobs = list(UnsentJob.objects.select_for_update(skip_locked=True).order_by("id")[:limit])
        for job in jobs:
            try:
                app.tasks[job.task].delay(*job.args, **job.kwargs)
            except BROKER_ERRORS as error:
                UnsentJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1, last_error=repr(error)[:500])
                break
            job.delete()
            sent += 1
    if sent:
        logger.info("Sent %s job(s) kept while the broker was unavailable", sent)
    return sent
