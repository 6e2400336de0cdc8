"""After launch: the mutual's contract, its registration dates and its yearly duties (issue #22 point 9)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from mutuals_portal.lib.history import HistoricalRecords

from ..after_launch import RULES, DutyKind, first_year_end_problem, retender_dates
from .journey import Journey

CONTRACT_YEARS_MAX = 50


class Contract(models.Model):
    """The mutual's contract with its commissioner: when it starts and ends, and how it may be extended.

    Re-tender planning is counted from `end_on`, the date the contract ends unless an extension is agreed:
    an extension is the commissioner's option, not a promise, so planning assumes it will not be taken up.
    When one is agreed, the lead moves `end_on` and the reminders move with it."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="contract")
    commissioner = models.CharField(max_length=200)
    start_on = models.DateField("start date")
    end_on = models.DateField("end date")
    extension_options = models.TextField(blank=True)
    latest_end_on = models.DateField("latest possible end date", null=True, blank=True)
    value = models.DecimalField(
        "total value",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # A form carries the version it was read at; journeys.services.contract_save refuses a stale one.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gt=models.F("start_on")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(latest_end_on__isnull=True) | models.Q(latest_end_on__gte=models.F("end_on")),
                name="contract_latest_end_not_before_end",
            ),
        ]

    def __str__(self):
        return f"Contract with {self.commissioner} to {self.end_on}"

    def clean(self):
        errors = {}
        if self.start_on and self.end_on:
            if self.end_on <= self.start_on:
                errors["end_on"] = "The end date must be after the start date"
            elif self.end_on.year - self.start_on.year > CONTRACT_YEARS_MAX:
                errors["end_on"] = f"The contract must end within {CONTRACT_YEARS_MAX} years of its start"
        if self.latest_end_on and self.end_on and self.latest_end_on < self.end_on:
            errors["latest_end_on"] = "The latest possible end date must be on or after the end date"
        if (
            self.latest_end_on
            and self.end_on
            and self.latest_end_on > self.end_on
            and not self.extension_options.strip()
        ):
            errors["extension_options"] = "Describe the extension options that allow a later end date"
        if errors:
            raise ValidationError(errors)

    def retender_reminders(self) -> list[tuple[int, date]]:
        return retender_dates(self.end_on)


class RegisteredBody(models.Model):
    """The registered mutual's dates, from which its yearly duties are worked out."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="registered_body")
    registered_name = models.CharField(max_length=200)
    registration_number = models.CharField(max_length=30, blank=True)
    incorporated_on = models.DateField("date of incorporation or registration")
    # Every later year ends on the same day and month.
    first_year_end = models.DateField("end of the first financial year")
    agm_months = models.PositiveSmallIntegerField(
        "months after the financial year end by which the AGM is held",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    def __str__(self):
        return self.registered_name

    def clean(self):
        if self.incorporated_on and self.incorporated_on > timezone.localdate():
            raise ValidationError({"incorporated_on": "The date of incorporation must be today or in the past"})
        if self.incorporated_on and self.first_year_end:
            problem = first_year_end_problem(self.incorporated_on, self.first_year_end)
            if problem:
                raise ValidationError({"first_year_end": problem})


class AnnualDutyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class AnnualDuty(models.Model):
    """One year's instance of a recurring duty (a confirmation statement, a return, an AGM). Completing it
    creates the next year's (journeys.services.duty_complete)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="annual_duties")
    kind = models.CharField(max_length=30, choices=DutyKind.choices)
    period_end = models.DateField("for the period ending")
    due_on = models.DateField("due date")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_duties"
    )
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AnnualDutyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "kind", "id"]
        verbose_name_plural = "annual duties"
        constraints = [
            models.UniqueConstraint(fields=["journey", "kind", "period_end"], name="one_duty_per_kind_and_period")
        ]
        indexes = [models.Index(fields=["owner", "due_on"], name="duty_owner_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} for the period ending {self.period_end}"

    @property
    def rule(self):
        return RULES[DutyKind(self.kind)]

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_completed and self.due_on < timezone.localdate()


class RetenderReminder(models.Model):
    """A re-tender planning reminder sent for a contract: once for each (months before, end date). A new
    end date (an extension agreed) gets its own reminders when their time comes."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="retender_reminders_sent")
    months_before = models.PositiveSmallIntegerField()
    end_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "months_before", "end_on"], name="one_retender_reminder_per_end_date"
            )
        ]

    def __str__(self):
        return f"{self.months_before} months before {self.end_on}"
