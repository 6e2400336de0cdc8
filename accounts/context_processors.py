from django.conf import settings

from .middleware import session_seconds_left


def session(request):
    """The session-timeout warning's figures (base.html)."""
    user = getattr(request, "user", None)
    is_signed_in = user is not None and user.is_authenticated
    return {
        "SESSION_IDLE_SECONDS": session_seconds_left(request) if is_signed_in else settings.SESSION_COOKIE_AGE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "SESSION_TIMEOUT_WARNING_SECONDS": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }
