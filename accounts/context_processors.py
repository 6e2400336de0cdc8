from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

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


def sign_out_item(request) -> str:
    """The header's "Sign out": a form (Django signs out only on POST), as the last navigation item."""
    return format_html(
        '<li class="govuk-service-navigation__item app-sign-out">'
        '<form method="post" action="{}" class="app-sign-out__form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="govuk-service-navigation__link app-sign-out__button">Sign out</button>'
        "</form></li>",
        reverse("logout"),
        get_token(request),
    )


def header(request):
    """The service navigation's slots: "Sign out" for a signed-in person (lazy, like the navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"header_slots": None}
    return {"header_slots": SimpleLazyObject(lambda: {"navigationEnd": sign_out_item(request)})}
