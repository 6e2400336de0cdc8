"""Emails from the Right to Challenge, sent after the transaction commits.

One function so that they can later be routed through the portal's notification service.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_email(*, template: str, to: list[str], context: dict, attachments: tuple = ()) -> None:
    """Send templates/challenges/email/<template>.{txt,html} (subject: the first line of the .txt),
    with `attachments` as (filename, content, mimetype)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {**context, "SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME}

    def _send():
        text = render_to_string(f"challenges/email/{template}.txt", context)
        subject, _, body = text.partition("\n")
        html = render_to_string(f"challenges/email/{template}.html", context)
        message = EmailMultiAlternatives(subject.strip(), body.strip() + "\n", to=recipients)
        message.attach_alternative(html, "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        try:
            message.send()
        except Exception:  # the change is already saved; a mail outage must not turn it into an error page
            logger.exception("Could not send %s email", template)

    transaction.on_commit(_send)


def tell_body(eoi, message: str) -> None:
    """In the body's inbox. The statutory letter itself is the email above (always sent)."""
    from django.urls import reverse

    from notifications.services import notify

    if eoi.submitted_by_id is None:  # recorded by an officer from an email or a letter: no account to tell
        return
    notify(
        recipient=eoi.submitted_by,
        event="challenges.eoi_statutory",
        obj=eoi,
        message=message,
        url=reverse("challenges:my_eoi_detail", args=[eoi.pk]),
        email=False,
    )


def council_officers(council_id: int) -> list:
    from accounts.models import User

    return list(User.objects.filter(role=User.Role.OFFICER, public_body_id=council_id, is_active=True))


def tell_officers(eoi, *, event: str, message: str, officers: list | None = None) -> int:
    """Tell every active officer of the EOI's council, each as they prefer (in-app and email).

    `officers` may be passed in by a caller that already loaded them (the reminder job does, per council).
    """
    from django.urls import reverse

    from notifications.services import notify

    if officers is None:
        officers = council_officers(eoi.service.council_id)
    url = reverse("challenges:eoi_review", args=[eoi.pk])
    return sum(1 for officer in officers if notify(recipient=officer, event=event, obj=eoi, message=message, url=url))
