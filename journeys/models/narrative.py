"""The business plan's narrative: one row per journey and section (journeys.narrative lists them)."""

from django.conf import settings
from django.db import models

from mutuals_portal.lib.history import HistoricalRecords

from ..narrative import Section
from .journey import Journey


class PlanNarrative(models.Model):
    """The answers of one narrative section of a journey's business plan.

    `answers` holds the section's free-text parts by name, and for the options appraisal,
    stakeholders and timetable their small structured tables (journeys.forms shapes and checks them).
    """

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="narrative")
    section = models.CharField(max_length=20, choices=Section.choices)
    answers = models.JSONField(default=dict, blank=True)
    # The version the form was read at: a second editor cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["journey", "section"]
        constraints = [models.UniqueConstraint(fields=["journey", "section"], name="one_narrative_per_section")]

    def __str__(self):
        return f"{self.get_section_display()} ({self.journey_id})"
