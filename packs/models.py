"""Business-plan packs: one row per rendered version of a journey's plan, and its status log."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from journeys.models import Journey


def pack_upload_to(instance, filename):
    # A random name under the storage's own root: never a path built from user data.
    return f"packs/{instance.journey_id}/{uuid.uuid4().hex}.pdf"


class BusinessPlanPack(models.Model):
    """A PDF of a journey's business plan, rendered by a Celery worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The transition table. RENDERING -> QUEUED is the requeue of a pack whose worker died
    # or took too long; RENDERING -> RENDERING is a worker picking up a redelivered message.
    TRANSITIONS = {
        Status.QUEUED: {Status.RENDERING, Status.FAILED},
        Status.RENDERING: {Status.RENDERING, Status.READY, Status.FAILED, Status.QUEUED},
        Status.FAILED: {Status.QUEUED},
        Status.READY: set(),
    }
    ACTIVE = (Status.QUEUED, Status.RENDERING, Status.READY)

    class Format(models.TextChoices):
        # Both are made from the same plan data; each is versioned on its own.
        BUSINESS_PLAN = "business_plan", "Business plan (for the board, staff and investors)"
        DECISION_PAPER = "decision_paper", "Council decision paper (HM Treasury's Five Case Model)"

        @property
        def short(self) -> str:
            return {"business_plan": "Business plan", "decision_paper": "Council decision paper"}[self.value]

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="packs")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.BUSINESS_PLAN)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    rendered_by = models.CharField("worker (host:pid)", max_length=120, blank=True)
    source_hash = models.CharField(max_length=64, help_text="SHA-256 of the plan data the pack was made from.")
    file = models.FileField(upload_to=pack_upload_to, max_length=200, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-version", "format"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "format", "version"], name="one_pack_per_format_version"),
            # Two requests for the same data can never both render it: at most one live pack per source and format.
            models.UniqueConstraint(
                fields=["journey", "format", "source_hash"],
                condition=models.Q(status__in=["queued", "rendering", "ready"]),
                name="one_live_pack_per_source",
            ),
        ]

    def __str__(self):
        return f"Pack v{self.version} ({self.format}) of {self.journey_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        day = (self.finished_at or self.requested_at).date().isoformat()
        kind = "business-plan" if self.format == self.Format.BUSINESS_PLAN else "council-decision-paper"
        return f"{slugify(self.journey.group.name)}-{kind}-v{self.version}-{day}.pdf"

    @property
    def format_name(self) -> str:
        return self.Format(self.format).short

    def move_to(self, status, *, note: str = "", fields=()) -> "PackEvent":
        """Change status if the transition table allows it, save, and log the change."""
        status = self.Status(status)
        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise ValidationError(f"A pack cannot go from {self.get_status_display()} to {status.label}.")
        event = PackEvent(pack=self, from_status=self.status, to_status=status, note=note[:500])
        self.status = status
        self.save(update_fields=["status", *fields])
        event.save()
        return event


class PackEvent(models.Model):
    """One row per status change of a pack: from, to, when, and why."""

    pack = models.ForeignKey(BusinessPlanPack, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=BusinessPlanPack.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BusinessPlanPack.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"
