"""Data retention for accounts (UK GDPR Article 5(1)(e), storage limitation; the privacy notice states the periods).

An account nobody has signed in to for DORMANT_ACCOUNT_DAYS (since it was made, if never) is closed:
first an email DORMANT_WARNING_DAYS before, then, if there is still no sign-in, it is deactivated and
its sessions ended. Signing in after the warning starts the count again. Administrators are never
closed this way (someone must be able to reopen accounts). Each step is in the audit trail.
Run monthly by celery beat (accounts.tasks.apply_retention); `now` is passed in, so tests fix the clock.

Unfinished drafts (expressions of interest, case studies) go the same way through `expire_drafts`: a
draft nobody has changed for STALE_DRAFT_DAYS is deleted, after an email to its author
STALE_DRAFT_WARNING_DAYS before; changing it after the warning starts the count again. Each app passes
its own drafts (challenges.retention, casestudies.retention); the steps are in the audit trail.
"""

from collections.abc import Callable
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


def expire_drafts(
    drafts,
    *,
    now: datetime,
    author: Callable,
    describe: Callable,
    path: Callable,
    delete: Callable | None = None,
) -> dict:
    """Delete the drafts in `drafts` (a queryset of one model with `updated_at` and `retention_warned_at`)
    unchanged for STALE_DRAFT_DAYS whose author was warned at least STALE_DRAFT_WARNING_DAYS ago, then
    warn the authors of drafts unchanged for STALE_DRAFT_DAYS - STALE_DRAFT_WARNING_DAYS. `author(draft)`
    is the account told, `describe(draft)` names the draft in the email, `path(draft)` is its page and
    `delete(draft)`, when given, deletes it with its files (else the row is deleted). Returns how many
    were deleted and warned."""
    days, warning_days = settings.STALE_DRAFT_DAYS, settings.STALE_DRAFT_WARNING_DAYS
    deleted = 0
    expired = drafts.filter(
        updated_at__lt=now - timedelta(days=days),
        retention_warned_at__gte=F("updated_at"),
        retention_warned_at__lte=now - timedelta(days=warning_days),
    )
    for draft in expired:
        with transaction.atomic():
            audit.record(SecurityEvent.Kind.DRAFT_DELETED, user=author(draft), path=path(draft))
            if delete is None:
                draft.delete()
            else:
                delete(draft)
        deleted += 1
    warned = 0
    stale = drafts.filter(updated_at__lt=now - timedelta(days=days - warning_days)).filter(
        Q(retention_warned_at__isnull=True) | Q(retention_warned_at__lt=F("updated_at"))
    )
    for draft in stale:
        user = author(draft)
        with transaction.atomic():
            # An update, not save(): the warning must not count as a change to the draft (updated_at).
            type(draft).objects.filter(pk=draft.pk).update(retention_warned_at=now)
            audit.record(SecurityEvent.Kind.DRAFT_WARNED, user=user, path=path(draft))
            _email(
                "draft_warning",
                user.email,
                {
                    "draft": describe(draft),
                    "days": warning_days,
                    "deleted_on": (now + timedelta(days=warning_days)).date(),
                    "url": settings.SITE_URL + path(draft),
                },
            )
        warned += 1
    return {"deleted": deleted, "warned": warned}
