"""Registration that does not tell anyone whether an email address has an account (pen test #16,
point 7).

A registration form (a staff group's in journeys, a relevant body's in challenges) that is filled
in correctly always leads to the same "Check your email" page:

- a new address gets a link to confirm it; nothing is created until the link is followed (within
  LINK_HOURS), then the account (and the group, or the body's profile) is created by the app's
  completer, the person is signed in and sent where registration used to send them;
- an address that already has an account gets an email telling its owner that someone tried to
  register with it, and how to sign in or reset the password. Nothing else happens.

The password is hashed in both cases (the same work), and both emails are sent after the commit.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from . import audit
from .models import PendingRegistration, SecurityEvent, User

LINK_HOURS = 24

# kind -> "module.function" that creates what the registration asked for. It takes the payload
# (with "email" and "password_hash") and returns (user, url to go to, message to show).
COMPLETERS = {
    "staff_group": "journeys.registration.complete",
    "relevant_body": "challenges.registration.complete",
}


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _email(template: str, to: str, context: dict) -> None:
    values = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}

    def _send():
        subject = " ".join(render_to_string(f"accounts/email/{template}.subject.txt", values).split())
        text = render_to_string(f"accounts/email/{template}.txt", values)
        html = render_to_string(f"accounts/email/{template}.html", values)
        # The kind picks the GOV.UK Notify template when Notify sends email (mutuals_portal.lib.notify_email).
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers={"X-Mutuals-Kind": template}
        )
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(_send)


@transaction.atomic
def start(request, *, kind: str, email: str, password: str, payload: dict) -> None:
    """Answer a correctly filled-in registration form (the caller then shows `check_email`)."""
    if kind not in COMPLETERS:
        raise ValueError(f"Unknown registration kind: {kind}")
    email = User.objects.normalize_email(email).lower()
    # Links never followed are not kept (their answers and password hash) beyond their life.
    PendingRegistration.objects.filter(created_at__lt=timezone.now() - timedelta(hours=LINK_HOURS)).delete()
    password_hash = make_password(password)  # in both cases: the same work whether or not it exists
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        audit.record(SecurityEvent.Kind.REGISTRATION_FOR_EXISTING, request=request, user=existing)
        if existing.is_active:
            _email(
                "registration_existing",
                existing.email,
                {
                    "login_url": settings.SITE_URL + reverse("login"),
                    "reset_url": settings.SITE_URL + reverse("password_reset"),
                },
            )
        return
    key = secrets.token_urlsafe(32)
    PendingRegistration.objects.create(
        kind=kind,
        email=email,
        key_digest=_digest(key),
        payload={**payload, "email": email, "password_hash": password_hash},
    )
    _email(
        "registration_confirm",
        email,
        {"confirm_url": settings.SITE_URL + reverse("registration_confirm", args=[key]), "hours": LINK_HOURS},
    )


def pending(key: str) -> PendingRegistration | None:
    """The registration a link is for, if it is still waiting and not too old."""
    since = timezone.now() - timedelta(hours=LINK_HOURS)
    return PendingRegistration.objects.filter(
        key_digest=_digest(key), completed_at__isnull=True, created_at__gt=since
    ).first()


class AlreadyRegistered(Exception):
    """The address got an account (another registration, an invitation) after this one was started."""


@transaction.atomic
def complete(registration: PendingRegistration):
    """Create what the registration asked for; returns (user, url, message). Raises AlreadyRegistered,
    or the completer's ValidationError (nothing is then kept, the registration stays pending)."""
    registration = PendingRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.completed_at is not None or User.objects.filter(email__iexact=registration.email).exists():
        registration.completed_at = registration.completed_at or timezone.now()
        registration.save(update_fields=["completed_at"])
        raise AlreadyRegistered
    result = import_string(COMPLETERS[registration.kind])(registration.payload)
    registration.completed_at = timezone.now()
    registration.payload = {}  # the password hash and the answers are not kept once used
    registration.save(update_fields=["completed_at", "payload"])
    return result
