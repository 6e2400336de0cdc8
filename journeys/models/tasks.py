import uuid

from django.conf import settings
from django.db import models

from ..narrative import Section
from .catalogue import TaskDefinition
from .journey import Journey


class Task(models.Model):
    """One journey's copy of a catalogue task: its status, notes and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="tasks")
    definition = models.ForeignKey(TaskDefinition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(blank=True)
    # Notes marked for the business plan appear, quoted and attributed to the task, in this section.
    plan_section = models.CharField(
        "use the notes in the business plan", max_length=20, choices=Section.choices, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented on every save through journeys.services.task_update: a form carries the
    # version it was read at, so a second writer cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["definition__stage__order", "definition__order", "id"]
        constraints = [models.UniqueConstraint(fields=["journey", "definition"], name="one_task_per_definition")]

    def __str__(self):
        return f"{self.definition.title} ({self.get_status_display()})"

    @property
    def stage(self) -> str:
        return self.definition.stage.stage

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


def evidence_path(instance, filename):
    # A random name: the uploader's file name is kept only as data, never as a path.
    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A document attached to a task; served only through an access-checked download view."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)  # pdf, docx, xlsx, odt, ods, png, jpeg
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name
