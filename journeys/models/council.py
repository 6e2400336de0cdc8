from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mutuals_portal.lib.history import HistoricalRecords

from .journey import Journey
from .tasks import Task

ALREADY_RECORDED = "A decision of this kind is already recorded on this journey: correct it or withdraw it"


class CouncilDecisionQuerySet(models.QuerySet):
    def in_force(self):
        """Recorded and not withdrawn."""
        return self.filter(status=CouncilDecision.Status.RECORDED)


class CouncilDecision(models.Model):
    """A decision of the parent council on a journey shared with it, recorded by one of its officers.

    A recorded decision satisfies the catalogue task that asks for it (TASKS below); withdrawing it
    reopens that task if the decision was what completed it."""

    class Kind(models.TextChoices):
        IN_PRINCIPLE = "in_principle", "In-principle support"
        KEY_DECISION = "key_decision", "Cabinet or key decision"
        ADMISSION_AGREEMENT = "admission_agreement", "Pension admission agreement signed"
        ASSETS_PREMISES = "assets_premises", "Assets and premises agreed"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The catalogue task (journeys/catalogue_data.py) each kind of decision satisfies.
    TASKS = {
        Kind.IN_PRINCIPLE: "commissioner-support",
        Kind.KEY_DECISION: "public-interest-decision",
        Kind.ADMISSION_AGREEMENT: "pensions",
        Kind.ASSETS_PREMISES: "assets-premises-it",
    }

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="council_decisions")
    # The council that decided (the group's parent body when it was recorded).
    council = models.ForeignKey("accounts.PublicBody", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    decided_on = models.DateField("date of the decision")
    reference = models.CharField(
        max_length=100, blank=True, help_text="The decision's reference in the council's records or forward plan."
    )
    decision_maker = models.CharField(
        max_length=200, help_text="Who took the decision, for example the cabinet or a named cabinet member."
    )
    notes = models.TextField(blank=True)
    # The task this decision completed when it was recorded (None: the task was completed already).
    completed_task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    withdrawal_reason = models.TextField(blank=True)
    # Incremented on every change through journeys.services: a form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = CouncilDecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            # One decision of each kind in force: a changed decision is corrected, or withdrawn first.
            models.UniqueConstraint(
                fields=["journey", "kind"],
                condition=models.Q(status="recorded"),
                name="one_council_decision_per_kind",
                violation_error_message=ALREADY_RECORDED,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.decided_on}"

    def clean(self):
        errors = {}
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = "The date of the decision must be today or in the past"
        if self.kind == self.Kind.KEY_DECISION and not self.reference.strip():
            errors["reference"] = "Enter the decision's reference: a cabinet or key decision has one"
        if errors:
            raise ValidationError(errors)

    @property
    def task_slug(self) -> str:
        return self.TASKS[self.Kind(self.kind)]

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.RECORDED
