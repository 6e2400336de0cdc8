"""The computed model as tables (a caption, column headings, rows): for the pages, the pack and downloads."""

from dataclasses import dataclass, field
from decimal import Decimal

from .checks import MONTH_NAMES
from .compute import Result


@dataclass
class Row:
    label: str
    values: list
    total: bool = False
    kind: str = "money"  # "money" or "percent"


@dataclass
class Table:
    key: str
    caption: str
    headings: list[str]
    rows: list[Row] = field(default_factory=list)

    def add(self, label, values, **kwargs):
        self.rows.append(Row(label, list(values), **kwargs))


def income_and_expenditure(result: Result, labels: list[str]) -> Table:
    years = result.years
    t = Table("ie", "Income and expenditure by year", labels)
    t.add("Contract", [y.contract for y in years])
    for i, (label, _amount) in enumerate(years[0].other_income):
        t.add(label, [y.other_income[i][1] for y in years])
    if any(y.grant for y in years):
        t.add("Start-up grants", [y.grant for y in years])
    t.add("Total income", [y.income for y in years], total=True)
    t.add("Pay", [y.pay for y in years])
    t.add("Employer pension contributions", [y.pension for y in years])
    if any(y.pension_deficit for y in years):
        t.add("Pension deficit contributions", [y.pension_deficit for y in years])
    t.add("Employer National Insurance", [y.national_insurance for y in years])
    t.add("Premises", [y.premises for y in years])
    t.add("Back office and IT", [y.back_office for y in years])
    t.add("Insurance", [y.insurance for y in years])
    for i, (label, _amount) in enumerate(years[0].other_costs):
        t.add(label, [y.other_costs[i][1] for y in years])
    t.add("Irrecoverable VAT", [y.vat for y in years])
    t.add("Contingency", [y.contingency for y in years])
    t.add("Depreciation", [y.depreciation for y in years])
    t.add("One-off transition costs", [y.transition for y in years])
    t.add("Loan interest", [y.interest for y in years])
    t.add("Total costs", [y.costs for y in years], total=True)
    t.add("Surplus or deficit before tax", [y.surplus for y in years], total=True)
    t.add("Margin", [y.margin for y in years], kind="percent")
    t.add("Corporation tax", [y.tax for y in years])
    t.add("Surplus or deficit after tax", [y.surplus_after_tax for y in years], total=True)
    t.add("Break-even contract price", [y.break_even_price for y in years])
    return t


def baseline(result: Result, labels: list[str]) -> Table:
    years = result.years
    t = Table("baseline", "The council's current cost against the contract price", [*labels, "Whole plan"])
    total = sum((y.baseline for y in years), Decimal(0))
    contract = sum((y.contract for y in years), Decimal(0))
    t.add("Council's current cost of the service", [*[y.baseline for y in years], total])
    t.add("Contract price", [*[y.contract for y in years], contract])
    t.add("Saving to the council", [*[y.saving for y in years], total - contract], total=True)
    return t


def calendar_month(start_on, number: int) -> str:
    """'April 2027' for month 1 of a plan starting in April 2027; 'Month 1' with no start date."""
    if start_on is None:
        return f"Month {number}"
    index = start_on.month - 1 + number - 1
    return f"{MONTH_NAMES[index % 12]} {start_on.year + index // 12}"


def cash_flow_year_one(result: Result, start_on) -> Table:
    """One row per month (12 rows read better than 12 columns on any screen)."""
    t = Table(
        "cash_months",
        "Cash flow in year one, month by month",
        ["Receipts", "Payments", "Loans and support in, less repaid", "Net cash flow", "Closing cash"],
    )
    for m in result.months:
        t.add(calendar_month(start_on, m.number), [m.receipts, m.payments, m.financing, m.net, m.closing_cash])
    return t


def cash_flow_years(result: Result, labels: list[str]) -> Table:
    years = result.years
    t = Table("cash_years", "Cash flow by year", labels)
    t.add("Opening cash", [y.opening_cash for y in years])
    t.add("Receipts", [y.receipts for y in years])
    t.add("Payments", [y.payments for y in years])
    t.add("Assets bought", [y.investing for y in years])
    t.add("Loans and support received less repaid", [y.financing for y in years])
    t.add("Closing cash", [y.closing_cash for y in years], total=True)
    return t


def balance_sheet(result: Result, labels: list[str]) -> Table:
    years = result.years
    t = Table("balance", "Balance sheet at each year end", labels)
    t.add("Fixed assets", [y.fixed_assets for y in years])
    t.add("Debtors", [y.debtors for y in years])
    t.add("Cash", [y.closing_cash for y in years])
    t.add("Total assets", [y.total_assets for y in years], total=True)
    t.add("Creditors", [y.creditors for y in years])
    t.add("Corporation tax owed", [y.tax_payable for y in years])
    t.add("Loans and council support", [y.loans for y in years])
    t.add("Net assets", [y.net_assets for y in years], total=True)
    t.add("Reserves (opening cash and assets, plus surpluses after tax)", [y.reserves for y in years], total=True)
    return t


def all_tables(result: Result, labels: list[str], start_on) -> list[Table]:
    return [
        income_and_expenditure(result, labels),
        baseline(result, labels),
        cash_flow_year_one(result, start_on),
        cash_flow_years(result, labels),
        balance_sheet(result, labels),
    ]
