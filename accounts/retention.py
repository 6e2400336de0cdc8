"""Data retention for accounts (UK GDPR storage limitation; the privacy notice states the periods).

An account nobody has signed in to for DORMANT_ACCOUNT_DAYS (since it was made, if never) is closed:
first an email DORMANT_WARNING_DAYS before, then, if there is still no sign-in, it is deactivated and
its sessions ended. Signing in after the warning starts the count again. Administrators are never
closed this way (someone must be able to reopen accounts). Each step is in the audit trail.
Run monthly by celery beat (accounts.tasks.apply_retention); `now` is passed in, so tests fix the clock.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from . import audit
from .models import SecurityEvent, User
from .registration import _email
from .sessions import end_sessions


def _candidates():
    return (
        User.objects.filter(is_active=True, is_superuser=False)
        .exclude(role=User.Role.ADMIN)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
    )


@transaction.atomic
def warn_dormant(*, now: datetime) -> int:
    """Email people whose account will be closed in DORMANT_WARNING_DAYS; returns how many."""
    warn_before = now - timedelta(days=settings.DORMANT_ACCOUNT_DAYS - settings.DORMANT_WARNING_DAYS)
    users = (
        _candidates()
        .filter(last_seen__lt=warn_before)
        .filter(Q(dormancy_warned_at__isnull=True) | Q(dormancy_warned_at__lt=F("last_seen")))
    )
    count = 0
    for user in users:
        user.dormancy_warned_at = now
        user.save(update_fields=["dormancy_warned_at"])
        audit.record(SecurityEvent.Kind.DORMANT_WARNED, user=user)
        _email(
            "dormant_warning",
            user.email,
            {"days": settings.DORMANT_WARNING_DAYS, "login_url": settings.SITE_URL + "/accounts/login/"},
        )
        count += 1
    return count


@transaction.atomic
def deactivate_dormant(*, now: datetime) -> int:
    """Close accounts still unused DORMANT_WARNING_DAYS after their warning; returns how many."""
    closed_before = now - timedelta(days=settings.DORMANT_ACCOUNT_DAYS)
    warned_before = now - timedelta(days=settings.DORMANT_WARNING_DAYS)
    users = _candidates().filter(
        last_seen__lt=closed_before,
        dormancy_warned_at__gte=F("last_seen"),
        dormancy_warned_at__lte=warned_before,
    )
    count = 0
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_sessions(user)
        audit.record(SecurityEvent.Kind.DORMANT_DEACTIVATED, user=user)
        count += 1
    return count
