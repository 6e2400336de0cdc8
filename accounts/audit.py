"""Record security events in the database and the log, without letting input forge log lines."""

import logging
import re

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent
from .security import client_ip

logger = logging.getLogger("mutuals_portal.security")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def clean(value, limit: int) -> str:
    """Replace control characters (newlines included) so a value cannot start a fake log line."""
    return _UNSAFE.sub("?", str(value or ""))[:limit]


def _ip(request) -> str | None:
    return client_ip(request)


def record(kind: str, *, request=None, user=None, username: str = "", path: str = "") -> SecurityEvent:
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=clean(username or (user.email if user else ""), 254),
        ip_address=_ip(request),
        path=clean(path or (request.path if request is not None else ""), 500),
        method=clean(request.method if request is not None else "", 10),
        user_agent=clean(request.META.get("HTTP_USER_AGENT", "") if request is not None else "", 300),
    )
    logger.info(
        "security event=%s user_id=%s username=%s ip=%s method=%s path=%s",
        kind,
        event.user_id or "-",
        event.username or "-",
        event.ip_address or "-",
        event.method or "-",
        event.path or "-",
    )
    return event


@receiver(user_logged_in, dispatch_uid="audit_login")
def _on_login(sender, request, user, **kwargs):
    record(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    record(SecurityEvent.Kind.LOGIN_FAILED, request=request, username=credentials.get("username", ""))


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _on_locked_out(sender, request, username, ip_address, **kwargs):
    record(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username)
