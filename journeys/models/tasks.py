import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..narrative import Section
from .catalogue import TaskDefinition
from .journey import Journey


class TaskQuerySet(models.QuerySet):
    def open(self):
        """Not completed yet."""
        return self.exclude(status=Task.Status.COMPLETED)

    def overdue(self, today: date | None = None):
        """Past their due date (the day after it, in the portal's time zone) and not completed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Task(models.Model):
    """One journey's copy of a catalogue task: its status, notes and evidence, who owns it and when it is due."""

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
    # A member of the journey's group (journeys.services checks it; removing a member leaves their tasks unowned).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_tasks"
    )
    due_on = models.DateField("due date", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented on every save through journeys.services.task_update: a form carries the
    # version it was read at, so a second writer cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["definition__stage__order", "definition__order", "id"]
        constraints = [models.UniqueConstraint(fields=["journey", "definition"], name="one_task_per_definition")]
        # "Your tasks" and the digest's overdue reminders read a person's tasks by due date.
        indexes = [models.Index(fields=["owner", "due_on"], name="task_owner_due_idx")]

    def __str__(self):
        return f"{self.definition.title} ({self.get_status_display()})"

    @property
    def stage(self) -> str:
        return self.definition.stage.stage

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, today: date) -> bool:
        """Open with a due date before `today` (a page that lists many tasks asks for today's date once)."""
        return self.due_on is not None and not self.is_completed and self.due_on < today


DUE_DATE_YEARS_AHEAD = 10


def due_date_problem(due_on: date | None, *, current: date | None) -> str | None:
    """Why a new due date cannot be set, or None. A date already set may stay when it has passed
    (the task is overdue), so that its notes can still be saved; a new one may not be in the past."""
    if due_on is None or due_on == current:
        return None
    today = timezone.localdate()
    if due_on < today:
        return "The due date must be today or in the future"
    if due_on.year > today.year + DUE_DATE_YEARS_AHEAD:
        return f"The due date must be within {DUE_DATE_YEARS_AHEAD} years"
    return None


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
