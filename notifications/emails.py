"""Build and send notification emails (plain text and HTML, from templates)."""

from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def absolute(url: str) -> str:
    if not url:
        return settings.SITE_URL + "/"
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "inbox_url": absolute(reverse("notifications:inbox")),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_single(notification) -> None:
    _send(
        to=notification.recipient.email,
        subject=f"Mutuals Portal: {notification.event_name}",
        template="notification",
        context={"notification": notification, "link": absolute(notification.url), "user": notification.recipient},
    )


def send_digest(user, notifications, reminders=()) -> None:
    """One email: today's reminders first (things still to do), then what happened, by event type."""

    def by_event(items):
        ordered = sorted(items, key=lambda n: (n.event_name, n.created_at))
        return [
            {"name": name, "items": [(n, absolute(n.url)) for n in group]}
            for name, group in groupby(ordered, key=lambda n: n.event_name)
        ]

    count, due = len(notifications), len(reminders)
    counts = [f"{count} update{'s' if count != 1 else ''}"] if count else []
    if due:
        counts.append(f"{due} reminder{'s' if due != 1 else ''}")
    _send(
        to=user.email,
        subject=f"Mutuals Portal: your daily summary ({', '.join(counts)})",
        template="digest",
        context={"user": user, "groups": by_event(notifications), "count": count, "reminders": by_event(reminders)},
    )
