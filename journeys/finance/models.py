"""The assumptions of a journey's financial model, its typed income and cost lines and its scenarios.

Only assumptions are stored: every figure of the model is computed from them (finance.compute).
Help texts name the source of each rate; they are shown on the assumptions page.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from mutuals_portal.lib.history import HistoricalRecords

from ..models.journey import Journey

MAX_MONEY = Decimal("1000000000")  # GBP 1bn: anything larger is a typing mistake for a staff mutual


def money(label, *, null=False, help_text="", default=None):
    kwargs: dict[str, Any] = {"default": Decimal("0")} if default is None and not null else {}
    if default is not None:
        kwargs["default"] = default
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        null=null,
        blank=null,
        help_text=help_text,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONEY)],
        **kwargs,
    )


def percent(label, *, low, high, null=False, default=None, help_text=""):
    kwargs: dict[str, Any] = {"default": Decimal(default)} if default is not None else {}
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=3,
        null=null,
        blank=null,
        help_text=help_text,
        validators=[MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))],
        **kwargs,
    )


def days(label, help_text):
    return models.PositiveSmallIntegerField(label, default=30, validators=[MaxValueValidator(180)], help_text=help_text)


class FinancialModel(models.Model):
    """The assumptions of a journey's business case (one per journey)."""

    class BackOffice(models.TextChoices):
        COUNCIL = "council", "Bought back from the council"
        NEW = "new", "New suppliers"
        MIXED = "mixed", "Some from the council, some new"

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="financial_model")
    # The version the form was read at: a second editor cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The plan
    start_on = models.DateField("plan start date", null=True, blank=True)
    years = models.PositiveSmallIntegerField(
        "number of years", default=3, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    basis = models.TextField(
        "where these figures come from",
        blank=True,
        help_text=(
            "Name the sources: the council's budget book, the draft contract, payroll, the pension fund's actuary."
        ),
    )
    # Income
    contract_price = money(
        "contract price in year one", null=True, help_text="What the commissioner will pay a year, excluding VAT."
    )
    contract_indexation = percent(
        "contract indexation a year", low="-20", high="25", default="0", help_text="For example 2 for 2% a year."
    )
    baseline_cost = money(
        "the council's current cost of the service a year",
        null=True,
        help_text="From the council's budget for the service, including its overheads (the baseline to compare with).",
    )
    baseline_indexation = percent("baseline cost growth a year", low="-20", high="25", default="0")
    # Staff
    headcount = models.PositiveIntegerField(
        "staff transferring (headcount)", null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    pay_bill = money("gross pay bill in year one", null=True, help_text="Salaries before employer's on-costs.")
    pay_award = percent("pay award a year", low="-10", high="25", default="0")
    pension_rate = percent(
        "employer pension contribution rate",
        low="0",
        high="50",
        null=True,
        help_text=(
            "The rate in your admission agreement (Local Government Pension Scheme: set per fund by its "
            "actuary at each valuation) or under New Fair Deal for NHS and civil service staff."
        ),
    )
    pension_deficit = money(
        "pension deficit or cessation contributions a year",
        help_text="Fixed sums the fund's actuary asks for on top of the rate; 0 if none.",
    )
    ni_rate = percent(
        "employer National Insurance rate",
        low="0",
        high="30",
        default="15",
        help_text="15% from 6 April 2025 (HMRC tax information and impact note, 2024).",
    )
    ni_threshold = money(
        "National Insurance secondary threshold per employee a year",
        default=Decimal("5000"),
        help_text="GBP 5,000 a year from 6 April 2025 until April 2028 (HMRC).",
    )
    employment_allowance = models.BooleanField(
        "claim the Employment Allowance (GBP 10,500 a year)",
        default=False,
        help_text=(
            "Not for employers doing more than half their work in the public sector, unless a charity "
            "(National Insurance Contributions Act 2014 s.2; HMRC manual NIM06530)."
        ),
    )
    charitable = models.BooleanField(
        "a charity (exempt from corporation tax on its charitable activities)", default=False
    )
    # VAT
    vat_recovery = percent(
        "share of input VAT you can recover",
        low="0",
        high="100",
        null=True,
        help_text=(
            "100 if all your income is taxable for VAT; 0 if your services are exempt (much health, welfare "
            "and education is); in between if partly exempt."
        ),
    )
    vat_cost_share = percent(
        "share of non-pay costs that bears VAT",
        low="0",
        high="100",
        default="0",
        help_text=(
            "Costs are entered without VAT; VAT at the standard rate of 20% (VAT Act 1994 s.2) is added on this share."
        ),
    )
    # Running costs
    premises = money("premises a year")
    back_office = money("back office and IT a year")
    back_office_source = models.CharField(
        "back office and IT from", max_length=10, choices=BackOffice.choices, blank=True
    )
    insurance = money("insurance a year")
    cost_inflation = percent("non-pay cost inflation a year", low="-20", high="25", default="0")
    # Assets
    assets_transferred = money("value of assets transferred from the council")
    assets_bought = money("assets bought at the start")
    asset_life_years = models.PositiveSmallIntegerField(
        "asset life in years (straight-line depreciation)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    transition_costs = money(
        "one-off transition costs", help_text="Legal, TUPE, set-up and systems costs, in year one."
    )
    contingency = percent("contingency on running costs", low="0", high="50", default="0")
    # Funding and working capital
    opening_cash = money("opening cash")
    grant = money("start-up grants", help_text="Received in the first month and counted as income in year one.")
    loan = money("loans and social investment")
    loan_rate = percent("loan interest rate a year", low="0", high="30", default="0")
    loan_term_years = models.PositiveSmallIntegerField(
        "loan term in years", default=5, validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    council_support = money("council working-capital support")
    council_support_repaid_year = models.PositiveSmallIntegerField(
        "year the council support is repaid",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Leave blank if it is not repaid within the plan.",
    )
    debtor_days = days("debtor days", "How long customers take to pay, in days (0 to 180).")
    creditor_days = days("creditor days", "How long you take to pay suppliers, in days (0 to 180).")

    REQUIRED = {
        "start_on": "Enter the plan start date",
        "contract_price": "Enter the contract price in year one",
        "baseline_cost": "Enter the council's current cost of the service",
        "headcount": "Enter the number of staff transferring",
        "pay_bill": "Enter the gross pay bill in year one",
        "pension_rate": "Enter the employer pension contribution rate",
        "vat_recovery": "Enter the share of input VAT you can recover (your VAT position)",
    }

    def __str__(self):
        return f"Financial model of {self.journey_id}"

    @property
    def year_labels(self) -> list[str]:
        if self.start_on is None:
            return [f"Year {n}" for n in range(1, self.years + 1)]
        first = self.start_on.year
        return [f"{y}-{str(y + 1)[-2:]}" for y in range(first, first + self.years)]

    def missing(self) -> list[str]:
        return [message for name, message in self.REQUIRED.items() if getattr(self, name) is None]


class FinanceLine(models.Model):
    """An income or cost line typed per year: grants, traded services, diversification, other costs."""

    class Kind(models.TextChoices):
        INCOME = "income", "Income"
        COST = "cost", "Cost"

    model = models.ForeignKey(FinancialModel, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(max_length=120)
    source = models.CharField("source", max_length=200, blank=True, help_text="Where the figures come from.")
    year_1 = money("year 1")
    year_2 = money("year 2")
    year_3 = money("year 3")
    year_4 = money("year 4")
    year_5 = money("year 5")
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return self.label

    def amounts(self, years: int = 5) -> list[Decimal]:
        return [getattr(self, f"year_{n}") for n in range(1, years + 1)]


class Scenario(models.Model):
    """A named set of changes to the assumptions, compared side by side with the base case."""

    class Kind(models.TextChoices):
        DOWNSIDE = "downside", "Downside"
        UPSIDE = "upside", "Upside"

    model = models.ForeignKey(FinancialModel, on_delete=models.CASCADE, related_name="scenarios")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    contract_change = percent("change to the contract price", low="-100", high="100", default="0")
    pay_award_change = percent("change to the pay award (percentage points)", low="-10", high="10", default="0")
    other_income_change = percent("change to other income", low="-100", high="100", default="0")
    cost_change = percent("change to non-pay costs", low="-50", high="100", default="0")
    lost_line = models.ForeignKey(
        FinanceLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="an income line lost in full",
    )

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["model", "kind"], name="one_scenario_of_each_kind")]

    def __str__(self):
        return self.get_kind_display()
