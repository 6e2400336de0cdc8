"""The model's checks: a list the staff group can act on, run on every change.

A failing check blocks the business-plan gate; a warning is shown but does not.
"""

from dataclasses import dataclass
from decimal import Decimal

from mutuals_portal.lib import figures

from .compute import Result

PENNY = Decimal("0.01")
HALF_PENNY = Decimal("0.005")

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    status: str  # "pass", "fail" or "warning"
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"


def pounds(value: Decimal) -> str:
    """£1,234.56: the checks quote figures to the penny."""
    return figures.pounds(value, pence=True)


def month_label(start_on, number: int) -> str:
    """'Month 3 (June 2027)' when the plan has a start date."""
    if start_on is None:
        return f"month {number}"
    index = start_on.month - 1 + number - 1
    return f"month {number} ({MONTH_NAMES[index % 12]} {start_on.year + index // 12})"


def run_checks(result: Result, *, missing: list[str], year_labels: list[str], start_on=None) -> list[Check]:
    checks = [
        Check(
            "complete",
            "The assumptions are complete",
            "fail" if missing else "pass",
            "; ".join(missing),
        )
    ]
    if missing:
        return checks  # the figures below would be computed from blanks
    inputs, years = result.inputs, result.years

    unbalanced = [
        f"{label}: net assets {pounds(y.net_assets)}, reserves {pounds(y.reserves)}"
        for label, y in zip(year_labels, years, strict=True)
        if abs(y.net_assets - y.reserves) >= HALF_PENNY
    ]
    checks.append(
        Check("balance_sheet", "The balance sheet balances every year", _status(unbalanced), "; ".join(unbalanced))
    )

    gap = years[0].closing_cash - result.months[-1].closing_cash
    checks.append(
        Check(
            "cash_agrees",
            "Year one's closing cash agrees with the 12-month cash flow",
            "fail" if abs(gap) >= HALF_PENNY else "pass",
            f"The balance sheet shows {pounds(years[0].closing_cash)}, "
            f"the cash flow {pounds(result.months[-1].closing_cash)}"
            if abs(gap) >= HALF_PENNY
            else "",
        )
    )

    short_months = [
        f"{month_label(start_on, m.number)}: {pounds(m.closing_cash)}"
        for m in result.months
        if m.closing_cash.quantize(PENNY) < 0
    ]
    short_years = [
        f"end of {label}: {pounds(y.closing_cash)}"
        for label, y in zip(year_labels[1:], years[1:], strict=True)
        if y.closing_cash.quantize(PENNY) < 0
    ]
    shortfall = short_months + short_years
    checks.append(
        Check(
            "cash_positive",
            "Cash never falls below zero",
            _status(shortfall),
            (
                "Cash is overdrawn in " + "; ".join(shortfall) + ". Add funding, working-capital support or "
                "shorter debtor days."
            )
            if shortfall
            else "",
        )
    )

    if inputs.headcount:
        checks.append(
            Check(
                "pension",
                "Staff transfer with an employer pension contribution",
                "fail" if not inputs.pension_rate else "pass",
                "Staff transfer, so the model needs the employer pension contribution rate from the pension "
                "fund (admission agreement) or New Fair Deal."
                if not inputs.pension_rate
                else "",
            )
        )
        no_vat_line = inputs.vat_recovery < 100 and not inputs.vat_cost_share
        checks.append(
            Check(
                "vat",
                "The VAT position is in the costs",
                "warning" if no_vat_line else "pass",
                "You cannot recover all input VAT, but no costs bear VAT: enter the share of non-pay costs that "
                "bears VAT."
                if no_vat_line
                else "",
            )
        )

    income = sum((y.income for y in years), Decimal(0))
    contract = sum((y.contract for y in years), Decimal(0))
    if inputs.employment_allowance and not inputs.charitable and income and contract * 2 > income:
        checks.append(
            Check(
                "employment_allowance",
                "The Employment Allowance can be claimed",
                "fail",
                "Most of your income is a public-service contract, so you cannot claim the Employment Allowance "
                "unless you are a charity (HMRC manual NIM06530).",
            )
        )

    deficits = [
        f"{label}: {pounds(-y.surplus)}"
        for label, y in zip(year_labels, years, strict=True)
        if y.surplus.quantize(PENNY) < 0
    ]
    checks.append(
        Check(
            "surplus",
            "No year ends in deficit",
            _status(deficits),
            ("A deficit in " + "; ".join(deficits) + ".") if deficits else "",
        )
    )
    return checks


def _status(problems: list) -> str:
    return "fail" if problems else "pass"
