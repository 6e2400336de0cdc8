from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task(name="casestudies.expire_stale_drafts")
def expire_stale_drafts() -> dict:
    """Monthly (celery beat): delete draft case studies unchanged past the retention period, warning first."""
    return retention.expire_stale_drafts(now=timezone.now())
