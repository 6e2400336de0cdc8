"""Messages for the Celery workers that the broker refused (it was down), kept until it is back."""

from django.db import models
from django.utils import timezone


class UnsentJob(models.Model):
    """A task message not yet delivered to the broker; `jobs.send_unsent` sends it again every minute."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
