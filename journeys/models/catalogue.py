from django.db import models

from .journey import Stage


class StageDefinition(models.Model):
    """A stage of the catalogue: its name, what it is for, and its tasks (kept as data)."""

    stage = models.CharField(max_length=20, choices=Stage.choices, unique=True)
    title = models.CharField(max_length=100)
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.title

    @property
    def guidance_anchor(self) -> str:
        """This stage's section of the six-stages guidance (templates/pages/guidance/six-stages.html)."""
        return self.stage.replace("_", "-")


class TaskDefinition(models.Model):
    """A task of the stage catalogue; each journey gets a Task row for it."""

    stage = models.ForeignKey(StageDefinition, on_delete=models.PROTECT, related_name="tasks")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    needs_evidence = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stage__order", "order", "id"]

    def __str__(self):
        return self.title
