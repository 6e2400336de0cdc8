from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .events import EVENTS, Delivery


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", "Not emailed"
        QUEUED = "queued", "Email queued"
        SENT = "sent", "Emailed"
        DIGEST_PENDING = "digest_pending", "Waiting for the daily summary"
        DIGESTED = "digested", "Sent in a daily summary"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event_type = models.CharField(max_length=60)
    message = models.CharField(max_length=300)
    url = models.CharField("link", max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=20, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_status", "recipient"], name="notification_email_idx"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.message}"

    @property
    def event_name(self) -> str:
        event = EVENTS.get(self.event_type)
        return event.name if event else self.event_type

    def mark_read(self):
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event_type = models.CharField(max_length=60)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event_type"], name="one_preference_per_event")]

    def __str__(self):
        return f"{self.user}: {self.event_type} -> {self.delivery}"


class EmailDeliveryStatus(models.Model):
    """A delivery receipt from GOV.UK Notify's callback (notifications.views.notify_callback): what
    happened to one email. Only Notify's ids, our reference and the status are kept, not the address."""

    notify_id = models.CharField("Notify notification id", max_length=36, db_index=True)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(max_length=40, help_text="As Notify reports it: delivered, permanent-failure, ...")
    notification_type = models.CharField(max_length=20, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name_plural = "email delivery statuses"

    def __str__(self):
        return f"{self.reference or self.notify_id}: {self.status}"
