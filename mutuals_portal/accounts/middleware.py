import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

# Pages a signed-in person can reach before their second factor is checked.
EXEMPT_URL_NAMES = ["two_factor_verify", "two_factor_setup", "logout", "keep_alive", "healthz"]
EXEMPT_PREFIXES = ("/static/", "/assets/")


class TwoFactorMiddleware:
    """Ask for the authenticator code of people who have set one up, and send people whose role
    requires two-factor authentication to set it up before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def _is_exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = {reverse(name) for name in EXEMPT_URL_NAMES}
        return path in self._exempt_paths or path.startswith(EXEMPT_PREFIXES)

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_exempt(request.path):
            next_query = f"?next={request.get_full_path()}" if request.method == "GET" else ""
            if user.two_factor_enabled:
                return redirect(reverse("two_factor_verify") + next_query)
            if two_factor.required_for(user):
                return redirect(reverse("two_factor_setup") + next_query)
        return self.get_response(request)


RENEWED_AT = "_renewed_at"


def now() -> float:
    return time.time()


def session_seconds_left(request) -> int:
    """Seconds until the signed-in session ends if nothing else is done (for the timeout warning)."""
    current = now()
    renewed_at = request.session.get(RENEWED_AT, current)
    return max(0, round(settings.SESSION_COOKIE_AGE - (current - renewed_at)))


def renew_session(request) -> None:
    request.session[RENEWED_AT] = now()  # marks the session modified: it is saved


@receiver(user_logged_in, dispatch_uid="session_renewed_at_login")
def _renew_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        renew_session(request)


class SessionRenewalMiddleware:
    """Keep a signed-in session alive while it is used, writing it at most once a renewal period.

    The session ends SESSION_COOKIE_AGE after its last renewal. Renewing it on every request
    (SESSION_SAVE_EVERY_REQUEST) would cost a database write and commit per page; renewing at most
    every SESSION_RENEW_AFTER_SECONDS moves the end by at most that much, and the pages tell the
    timeout warning the exact time left (session_seconds_left)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            renewed_at = request.session.get(RENEWED_AT, 0)
            if now() - renewed_at >= settings.SESSION_RENEW_AFTER_SECONDS:
                renew_session(request)
        return self.get_response(request)
