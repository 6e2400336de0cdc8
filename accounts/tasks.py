from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task(name="accounts.apply_retention")
def apply_retention() -> dict:
    """Monthly (celery beat): close accounts unused past the retention period, warning first."""
    now = timezone.now()
    return {"deactivated": retention.deactivate_dormant(now=now), "warned": retention.warn_dormant(now=now)}
