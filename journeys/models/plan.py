"""Plan sections: the facts that later feed the business-plan pack and the stage gates."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mutuals_portal.lib.choices import LegalForm, OwnershipModel
from mutuals_portal.lib.history import HistoricalRecords

from .journey import Journey


class Ballot(models.Model):
    """A staff ballot or survey. Support and turnout are computed, never typed."""

    class Kind(models.TextChoices):
        BALLOT = "ballot", "Ballot"
        SURVEY = "survey", "Survey"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="ballots")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BALLOT)
    held_on = models.DateField("date held")
    eligible = models.PositiveIntegerField("eligible staff", validators=[MinValueValidator(1)])
    votes_for = models.PositiveIntegerField()
    votes_against = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_for__lte=models.F("eligible") - models.F("votes_against")),
                name="ballot_votes_within_eligible",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on}"

    def clean(self):
        if None not in (self.eligible, self.votes_for, self.votes_against) and (
            self.votes_for + self.votes_against > self.eligible
        ):
            raise ValidationError("Votes for and against together cannot be more than the number of eligible staff.")

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against

    @property
    def turnout_percent(self) -> Decimal:
        return (Decimal(self.votes_cast) * 100 / self.eligible).quantize(Decimal("0.1"))

    @property
    def support_percent(self) -> Decimal | None:
        """Votes for as a share of votes cast; None when nobody voted."""
        if not self.votes_cast:
            return None
        return (Decimal(self.votes_for) * 100 / self.votes_cast).quantize(Decimal("0.1"))


class MutualDesign(models.Model):
    """The chosen legal form and ownership model."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="design")
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    ownership_model = models.CharField(max_length=30, choices=OwnershipModel.choices)
    notes = models.TextField("why this choice", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.get_legal_form_display()}, {self.get_ownership_model_display()}"


class BoardSeat(models.Model):
    """Seats on the board for one constituency."""

    class Constituency(models.TextChoices):
        STAFF = "staff", "Staff"
        USERS = "users", "Service users"
        COMMUNITY = "community", "Community"
        COMMISSIONER = "commissioner", "Commissioner"
        INDEPENDENT = "independent", "Independent"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="board_seats")
    constituency = models.CharField(max_length=20, choices=Constituency.choices)
    seats = models.PositiveSmallIntegerField(validators=[MaxValueValidator(30)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["journey", "constituency"], name="one_row_per_constituency")]

    def __str__(self):
        return f"{self.get_constituency_display()}: {self.seats}"


class Forecast(models.Model):
    """A financial forecast over 3 to 5 years."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="forecast")
    first_year = models.PositiveSmallIntegerField(
        "first financial year starts in", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    years = models.PositiveSmallIntegerField(
        "number of years", validators=[MinValueValidator(3), MaxValueValidator(5)], default=3
    )

    def __str__(self):
        return f"Forecast from {self.first_year} for {self.years} years"

    @property
    def year_labels(self) -> list[str]:
        return [f"{y}-{str(y + 1)[-2:]}" for y in range(self.first_year, self.first_year + self.years)]


MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ForecastLine(models.Model):
    """An income or cost line with one amount per forecast year."""

    class Kind(models.TextChoices):
        INCOME = "income", "Income"
        COST = "cost", "Cost"

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(max_length=120)
    year_1 = models.DecimalField(**MONEY, default=Decimal("0"))
    year_2 = models.DecimalField(**MONEY, default=Decimal("0"))
    year_3 = models.DecimalField(**MONEY, default=Decimal("0"))
    year_4 = models.DecimalField(**MONEY, default=Decimal("0"))
    year_5 = models.DecimalField(**MONEY, default=Decimal("0"))

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return self.label

    def amounts(self, years: int) -> list[Decimal]:
        return [getattr(self, f"year_{n}") for n in range(1, years + 1)]


class Risk(models.Model):
    """A row of the risk register; score = likelihood x impact."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField("risk", max_length=200)
    owner = models.CharField(max_length=120)
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    mitigation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class TransferPlan(models.Model):
    """Facts about the contract and the transfer of staff."""

    class Route(models.TextChoices):
        DIRECT_AWARD = "direct_award", "Direct award"
        RIGHT_TO_CHALLENGE = "right_to_challenge", "Community Right to Challenge"
        COMPETITIVE_TENDER = "competitive_tender", "Competitive tender"

    class Pension(models.TextChoices):
        LGPS_ADMITTED = "lgps_admitted", "Admitted body in the Local Government Pension Scheme"
        NHS_PENSION = "nhs_pension", "Continued access to the NHS Pension Scheme"
        FAIR_DEAL = "fair_deal", "Broadly comparable scheme under Fair Deal"
        OTHER = "other", "Other arrangement"

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="transfer_plan")
    procurement_route = models.CharField(max_length=30, choices=Route.choices)
    contract_length_months = models.PositiveSmallIntegerField(
        "contract length in months", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    contract_value = models.DecimalField("total contract value (GBP)", **MONEY)
    go_live_on = models.DateField("go-live date")
    tupe_headcount = models.PositiveIntegerField("staff transferring under TUPE")
    pension_arrangement = models.CharField(max_length=20, choices=Pension.choices)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.get_procurement_route_display()}, go-live {self.go_live_on}"
