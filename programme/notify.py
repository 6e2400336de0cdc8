"""How referrals tell people things: plain emails to the enquiry's contact (who has no account),
in-app notifications for advisers through the portal's notification service."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.services import notify


def email_contact(*, referral, template: str, context: dict | None = None) -> None:
    """Send templates/referrals/email/<template>.{subject.txt,txt,html} to the contact after commit."""
    values = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "referral": referral,
        "reply_working_days": settings.REFERRAL_REPLY_WORKING_DAYS,
        **(context or {}),
    }
    to = referral.contact_email

    def _send():
        subject = " ".join(render_to_string(f"referrals/email/{template}.subject.txt", values).split())  # one line
        text = render_to_string(f"referrals/email/{template}.txt", values)
        html = render_to_string(f"referrals/email/{template}.html", values)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(_send)


def tell_adviser(*, adviser, referral, message: str) -> None:
    notify(
        recipient=adviser,
        event="referrals.assigned",
        obj=referral,
        message=message,
        url=reverse("referrals:detail", args=[referral.pk]),
    )
