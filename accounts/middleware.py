import time

import django_otp.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp.plugins.otp_totp.models import TOTPDevice

from mutuals_portal.lib.prepared import PreparedModels

from . import two_factor

# Pages a signed-in person can reach before their second factor is checked.
EXEMPT_URL_NAMES = ["two_factor_verify", "two_factor_setup", "logout", "keep_alive", "healthz"]
EXEMPT_PREFIXES = ("/static/", "/assets/")


# The signed-in person's authenticator, read on every page of the roles that must use one: compiled once
# (mutuals_portal.lib.prepared) rather than built by the ORM on each request, as django_otp does.
_TOTP_DEVICE = PreparedModels(lambda pk: TOTPDevice.objects.filter(id=pk), kinds=("int32",))
_INT32_MAX = 2**31 - 1


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django_otp's middleware (the device named in the session, if it is the person's and confirmed, becomes
    `user.otp_device`), reading an authenticator app's device by a statement compiled once. Any other
    kind of device, or an id no such device can have, is read as django_otp reads it."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label == TOTPDevice.model_label() and device_id.isdigit() and int(device_id) <= _INT32_MAX:
            found = _TOTP_DEVICE.objects(int(device_id))
            return found[0] if found else None
        return super()._device_from_persistent_id(persistent_id)


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
SIGNED_IN_AT = "_signed_in_at"


def now() -> float:
    return time.time()


def session_seconds_left(request) -> int:
    """Seconds until the signed-in session ends if nothing else is done (for the timeout warning):
    the idle timeout, or the absolute lifetime when that comes first."""
    current = now()
    renewed_at = request.session.get(RENEWED_AT, current)
    idle_left = settings.SESSION_COOKIE_AGE - (current - renewed_at)
    signed_in_at = request.session.get(SIGNED_IN_AT, current)
    absolute_left = settings.SESSION_ABSOLUTE_HOURS * 3600 - (current - signed_in_at)
    return max(0, round(min(idle_left, absolute_left)))


def renew_session(request) -> None:
    request.session[RENEWED_AT] = now()  # marks the session modified: it is saved


@receiver(user_logged_in, dispatch_uid="session_renewed_at_login")
def _renew_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = now()
        renew_session(request)


class SessionLifetimeMiddleware:
    """End a signed-in session SESSION_ABSOLUTE_HOURS after sign-in, however busy it has been.

    The time of sign-in is kept in the session (at login); a session without it is ended too (fail
    closed). The person is signed out (the session row deleted) and sent to the sign-in page with a
    message. Goes straight after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None or now() - signed_in_at >= settings.SESSION_ABSOLUTE_HOURS * 3600:
                return self._end(request)
        return self.get_response(request)

    def _end(self, request):
        from . import audit
        from .models import SecurityEvent

        audit.record(SecurityEvent.Kind.SESSION_EXPIRED, request=request, user=request.user)
        logout(request)
        # MessageMiddleware comes later in the chain and has not run: use the storage directly.
        storage = default_storage(request)
        storage.add(
            messages.INFO,
            f"You have been signed out because you were signed in for {settings.SESSION_ABSOLUTE_HOURS} hours. "
            "Sign in again to continue.",
        )
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            response = JsonResponse({"detail": "Your session has ended. Sign in again."}, status=401)
        else:
            response = redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
        storage.update(response)
        return response


class NoStoreForSignedInMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person, whatever the view
    said (a public cache header included), so no browser or proxy keeps a copy of their pages.

    Anonymous responses are left alone (public pages may be cached); a request without a session
    cookie is anonymous and its session is not even looked at (no `Vary: Cookie` added). Goes near
    the top of MIDDLEWARE so that it has the last word on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # none for static files served before the session
        if user is None:
            return response
        # Not yet looked at and no session cookie: nobody is signed in (an API token's user
        # replaces the lazy object, so token responses are covered too).
        if isinstance(user, SimpleLazyObject) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        if user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


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
