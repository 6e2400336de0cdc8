from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import emails
from .access import still_visible
from .digest import record_reminders, reminders_due
from .models import Notification

RETRY = {"autoretry_for": (ConnectionError, TimeoutError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(name="notifications.send_notification_email", acks_late=True, **RETRY)
def send_notification_email(notification_id: int) -> str:
    """Send one notification by email; safe to run twice (it sends once)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.email_status != Notification.Email.QUEUED:
            return "skipped"
        if not Notification.objects.filter(pk=notification.pk).filter(still_visible(notification.recipient)).exists():
            # Its recipient may no longer see what it is about (they left the staff group).
            notification.email_status = Notification.Email.NONE
            notification.save(update_fields=["email_status"])
            return "skipped"
        emails.send_single(notification)
        notification.email_status = Notification.Email.SENT
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_status", "emailed_at"])
    return "sent"


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    """Queue one digest job per user who has pending digest items or reminders due (an overdue task they
    own), and none for anyone else."""
    user_ids = set(
        Notification.objects.filter(email_status=Notification.Email.DIGEST_PENDING)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    user_ids |= {reminder.recipient.pk for reminder in reminders_due()}
    for user_id in sorted(user_ids):
        send_digest.delay(user_id)
    return len(user_ids)


@shared_task(name="notifications.send_digest", acks_late=True, **RETRY)
def send_digest(user_id: int) -> int:
    """Email the user's daily summary: what happened since the last one, and today's reminders.
    Safe to run twice: pending items are sent once, and each reminder once a day."""
    with transaction.atomic():
        # One summary at a time per person: a second run waits, then finds nothing new to send.
        user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            return 0
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=user_id, email_status=Notification.Email.DIGEST_PENDING)
            .order_by("created_at")
        )
        if pending:
            # Leave out what the user may no longer see (they left the staff group it is about).
            visible = set(
                Notification.objects.filter(pk__in=[n.pk for n in pending])
                .filter(still_visible(user))
                .values_list("pk", flat=True)
            )
            hidden = [n.pk for n in pending if n.pk not in visible]
            pending = [n for n in pending if n.pk in visible]
            if hidden:
                Notification.objects.filter(pk__in=hidden).update(email_status=Notification.Email.NONE)
        reminders = record_reminders(user)
        if user.is_active and (pending or reminders):
            emails.send_digest(user, pending, reminders)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            email_status=Notification.Email.DIGESTED, emailed_at=timezone.now()
        )
    return len(pending) + len(reminders)
