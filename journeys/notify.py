"""How journeys tell people things: in-app notifications (with email as each person prefers) through
the portal's notification service, and plain email only for invitations (the invitee has no account yet)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.services import forget_hidden, notify

from .models import Membership


def send_email(*, to: str, template: str, context: dict) -> None:
    """Send templates/journeys/email/<template>.{txt,html,subject.txt} once the transaction commits."""

    def _send():
        context_all = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        # One line, whatever names it quotes: a line break in a header is refused (BadHeaderError).
        subject = " ".join(render_to_string(f"journeys/email/{template}.subject.txt", context_all).split())
        text = render_to_string(f"journeys/email/{template}.txt", context_all)
        html = render_to_string(f"journeys/email/{template}.html", context_all)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(_send)


def tell(*, recipients, event: str, journey, message: str, url: str = "", exclude=None) -> None:
    """Notify each recipient (once) about the journey, except `exclude` (usually the person acting)."""
    url = url or reverse("journeys:overview", args=[journey.pk])
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        notify(recipient=user, event=event, obj=journey, message=message, url=url)


def members_of(journey, *, leads_only: bool = False):
    memberships = Membership.objects.filter(group_id=journey.group_id).select_related("user")
    if leads_only:
        memberships = memberships.filter(role=Membership.Role.LEAD)
    return [m.user for m in memberships]


def forget_journey_notifications(*, journey, user) -> None:
    """`user` may no longer see `journey`: delete their notifications about it (and anything
    else they can no longer see)."""
    forget_hidden(user)
