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


# Employee liability information must reach the new employer at least this many days before the
# transfer (TUPE Regulations 2006 reg 11(6); DOMAIN.md section 5).
ELI_MIN_DAYS = 28


class TransferPlan(models.Model):
    """Facts about the contract and the transfer of staff (DOMAIN.md section 5: Procurement Act 2023,
    pensions on transfer, TUPE 2006)."""

    class Route(models.TextChoices):
        COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure (Procurement Act 2023)"
        OPEN = "open", "Open procedure (Procurement Act 2023)"
        RESERVED_MUTUAL = "reserved_mutual", "Competition reserved to public service mutuals (section 33)"
        DIRECT_AWARD = "direct_award", "Direct award"
        PROVIDER_SELECTION = "provider_selection", "NHS Provider Selection Regime (NHS health care services)"

    class Pension(models.TextChoices):
        LGPS_ADMITTED = "lgps_admitted", "Local Government Pension Scheme admission agreement (council staff)"
        NEW_FAIR_DEAL = (
            "new_fair_deal",
            "New Fair Deal: staff keep their public service scheme (central government and NHS staff)",
        )
        OTHER = "other", "Other arrangement"

    class Security(models.TextChoices):
        BOND = "bond", "A bond"
        GUARANTEE = "guarantee", "A guarantee from the council"
        NOT_AGREED = "not_agreed", "Not agreed yet"

    # Routes open to a competition started by an accepted Right to Challenge (open to any bidder).
    COMPETITIONS = (Route.COMPETITIVE_FLEXIBLE, Route.OPEN)

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="transfer_plan")
    procurement_route = models.CharField(
        max_length=30,
        choices=Route.choices,
        help_text="A direct award is allowed only on a justification in the Procurement Act 2023: record it below.",
    )
    direct_award_justification = models.TextField(
        "justification for the direct award",
        blank=True,
        help_text="The justification in the Procurement Act 2023 (Schedule 5) the council relies on, and why it "
        "applies. The council publishes a transparency notice before it awards the contract.",
    )
    right_to_challenge = models.BooleanField(
        "an accepted Community Right to Challenge started this procurement",
        default=False,
        help_text="An accepted expression of interest makes the council run a procurement open to any bidder: "
        "it is a trigger for competition, not a route to a contract.",
    )
    contract_length_months = models.PositiveSmallIntegerField(
        "contract length in months", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    contract_value = models.DecimalField("total contract value (GBP)", **MONEY)
    go_live_on = models.DateField("go-live date")
    tupe_headcount = models.PositiveIntegerField("staff transferring under TUPE")
    tupe_consultation_on = models.DateField(
        "date consultation with staff representatives started", null=True, blank=True
    )
    eli_given_on = models.DateField("date employee liability information was (or will be) given", null=True, blank=True)
    pension_arrangement = models.CharField(max_length=20, choices=Pension.choices)
    lgps_security = models.CharField(
        "security for the pension fund", max_length=20, choices=Security.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.get_procurement_route_display()}, go-live {self.go_live_on}"

    def clean(self):
        errors = {}
        if self.procurement_route == self.Route.DIRECT_AWARD and not self.direct_award_justification.strip():
            errors["direct_award_justification"] = "Enter the justification for the direct award"
        if self.right_to_challenge and self.procurement_route and self.procurement_route not in self.COMPETITIONS:
            errors["procurement_route"] = (
                "A Right to Challenge leads to a procurement open to any bidder: choose the competitive flexible "
                "or the open procedure"
            )
        if self.pension_arrangement == self.Pension.LGPS_ADMITTED and not self.lgps_security:
            errors["lgps_security"] = "Select how the pension fund's risk is covered, or choose not agreed yet"
        if self.eli_given_on and self.go_live_on and self.eli_given_on >= self.go_live_on:
            errors["eli_given_on"] = "Employee liability information must be given before the transfer (go-live) date"
        if self.tupe_consultation_on and self.go_live_on and self.tupe_consultation_on >= self.go_live_on:
            errors["tupe_consultation_on"] = "Consultation must start before the transfer (go-live) date"
        if errors:
            raise ValidationError(errors)

    @property
    def eli_days_before_transfer(self) -> int | None:
        if self.eli_given_on is None or self.go_live_on is None:
            return None
        return (self.go_live_on - self.eli_given_on).days

    @property
    def eli_problem(self) -> str:
        """Why the employee liability information date breaks TUPE reg 11, or ""."""
        days = self.eli_days_before_transfer
        if days is None or days >= ELI_MIN_DAYS:
            return ""
        return (
            f"Employee liability information is given {days} day{'s' if days != 1 else ''} before the transfer: "
            f"TUPE requires at least {ELI_MIN_DAYS} days. Give it earlier or move the transfer date"
        )


class ReservedContractCheck(models.Model):
    """Whether a contract may be reserved to the group's mutual under the Procurement Act 2023 s.33 (DOMAIN.md
    section 5 [S77]). Each answer is the group's; the conditions are computed from them."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known yet"

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="reserved_contract_check")
    reservable_service = models.CharField(
        "is the service a reservable light-touch service?", max_length=10, choices=Answer.choices
    )
    max_term_months = models.PositiveSmallIntegerField(
        "maximum term of the contract, including any extensions (months)",
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    comparable_contract = models.CharField(
        "in the 3 years before the award, has the mutual entered into a comparable section 33 contract?",
        max_length=10,
        choices=Answer.choices,
    )
    public_service_purpose = models.CharField(
        "does the mutual operate to deliver public services, and mainly reservable light-touch services?",
        max_length=10,
        choices=Answer.choices,
    )
    profit_basis = models.CharField(
        "is it not for profit, or does it distribute profits only to its members?",
        max_length=10,
        choices=Answer.choices,
    )
    employee_control = models.CharField(
        "is it under the management and control of its employees?", max_length=10, choices=Answer.choices
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Section 33 check for {self.journey}"
