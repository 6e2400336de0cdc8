"""Emails from the Right to Challenge, sent after the transaction commits.

One function so that they can later be routed through the portal's notification service.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_email(*, template: str, to: list[str], context: dict) -> None:
    """Send templates/challenges/email/<template>.{txt,html} (subject: the first line of the .txt)."""
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
        try:
            message.send()
        except Exception:  # the change is already saved; a mail outage must not turn it into an error page
            logger.exception("Could not send %s email", template)

    transaction.on_commit(_send)
