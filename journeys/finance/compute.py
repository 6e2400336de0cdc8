"""The financial model's engine: pure Python, in Decimal, no database and no rounding.

`compute(inputs)` turns one set of assumptions into the income and expenditure account per
year, a 12-month cash flow for year one and yearly cash after it, a balance sheet per year end,
break-even, the baseline comparison and sources and uses of funds. Money is rounded only where
it is shown (or written to a spreadsheet cell's value).

Rules and rates (each is an assumption the staff group may change, with its source in the help
text of the assumptions page):
- Employer National Insurance: rate x (pay - headcount x secondary threshold), less the
  Employment Allowance when claimed (15 %, GBP 5,000 and GBP 10,500 from 6 April 2025: HMRC,
  "Changes to the Class 1 National Insurance contributions secondary threshold...", 2024).
  Worked from the average pay per head: an estimate, not a payroll calculation.
- Irrecoverable VAT: the standard rate (20 %, VAT Act 1994 s.2) on the share of non-pay costs
  that bears VAT, less the share of input VAT the organisation recovers.
- Corporation tax (none for a charity): 19 % up to GBP 50,000 of taxable profit, 25 % above
  GBP 250,000, marginal relief (standard fraction 3/200) between (HMRC, rates from 1 April 2023),
  on the surplus after losses brought forward; paid the year after. Depreciation is used as a
  stand-in for capital allowances: an estimate for planning, not a tax computation.
- Loans: equal capital repayments over the term with interest on the opening balance, both paid
  in the last month of each year. Council working-capital support is received in month 1 and
  repaid at the end of the chosen year.
- Debtors and creditors: year-end balance = the year's amount x days / 365; in year one, receipts
  and payments lag the monthly amounts by days x 12 / 365 months, so the month-12 closing cash
  equals the year-end balance sheet's cash.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
DAYS_IN_YEAR = Decimal(365)
VAT_STANDARD_RATE = Decimal(20)
EMPLOYMENT_ALLOWANCE = Decimal(10500)
CT_SMALL_RATE, CT_MAIN_RATE = Decimal(19), Decimal(25)
CT_LOWER_LIMIT, CT_UPPER_LIMIT = Decimal(50000), Decimal(250000)
CT_MARGINAL_FRACTION = Decimal(3) / Decimal(200)
MONTHS = 12


@dataclass(frozen=True)
class Line:
    """An income or cost line typed per year (grants, traded services, other costs)."""

    kind: str  # "income" or "cost"
    label: str
    amounts: tuple[Decimal, ...]
    key: str = ""  # a stable identifier (the database row) for scenarios that drop a line


@dataclass(frozen=True)
class Inputs:
    """The assumptions. Percentages are in percent (12.5 means 12.5 %); money in pounds."""

    years: int = 3
    contract_price: Decimal = ZERO
    contract_indexation: Decimal = ZERO
    baseline_cost: Decimal = ZERO
    baseline_indexation: Decimal = ZERO
    headcount: int = 0
    pay_bill: Decimal = ZERO
    pay_award: Decimal = ZERO
    pension_rate: Decimal = ZERO
    pension_deficit: Decimal = ZERO
    ni_rate: Decimal = Decimal(15)
    ni_threshold: Decimal = Decimal(5000)
    employment_allowance: bool = False
    charitable: bool = False
    vat_recovery: Decimal = HUNDRED
    vat_cost_share: Decimal = ZERO
    premises: Decimal = ZERO
    back_office: Decimal = ZERO
    insurance: Decimal = ZERO
    cost_inflation: Decimal = ZERO
    assets_transferred: Decimal = ZERO
    assets_bought: Decimal = ZERO
    asset_life_years: int = 5
    transition_costs: Decimal = ZERO
    contingency: Decimal = ZERO
    opening_cash: Decimal = ZERO
    grant: Decimal = ZERO
    loan: Decimal = ZERO
    loan_rate: Decimal = ZERO
    loan_term_years: int = 5
    council_support: Decimal = ZERO
    council_support_repaid_year: int | None = None
    debtor_days: int = 30
    creditor_days: int = 30
    lines: tuple[Line, ...] = ()


@dataclass
class Year:
    number: int
    contract: Decimal = ZERO
    other_income: list[tuple[str, Decimal]] = field(default_factory=list)
    grant: Decimal = ZERO
    income: Decimal = ZERO
    pay: Decimal = ZERO
    pension: Decimal = ZERO
    pension_deficit: Decimal = ZERO
    national_insurance: Decimal = ZERO
    premises: Decimal = ZERO
    back_office: Decimal = ZERO
    insurance: Decimal = ZERO
    other_costs: list[tuple[str, Decimal]] = field(default_factory=list)
    vat: Decimal = ZERO
    contingency: Decimal = ZERO
    depreciation: Decimal = ZERO
    transition: Decimal = ZERO
    interest: Decimal = ZERO
    costs: Decimal = ZERO
    surplus: Decimal = ZERO  # before tax
    tax: Decimal = ZERO
    surplus_after_tax: Decimal = ZERO
    margin: Decimal | None = None  # surplus before tax / income, in percent
    break_even_price: Decimal = ZERO
    baseline: Decimal = ZERO
    saving: Decimal = ZERO  # baseline cost - contract price
    # the yearly cash flow
    opening_cash: Decimal = ZERO
    receipts: Decimal = ZERO
    payments: Decimal = ZERO
    financing: Decimal = ZERO
    investing: Decimal = ZERO
    closing_cash: Decimal = ZERO
    # the balance sheet at the year end
    fixed_assets: Decimal = ZERO
    debtors: Decimal = ZERO
    creditors: Decimal = ZERO
    tax_payable: Decimal = ZERO
    loans: Decimal = ZERO
    net_assets: Decimal = ZERO
    reserves: Decimal = ZERO

    @property
    def pay_costs(self) -> Decimal:
        return self.pay + self.pension + self.pension_deficit + self.national_insurance

    @property
    def other_income_total(self) -> Decimal:
        return sum((amount for _label, amount in self.other_income), ZERO)

    @property
    def other_costs_total(self) -> Decimal:
        return sum((amount for _label, amount in self.other_costs), ZERO)

    @property
    def total_assets(self) -> Decimal:
        return self.fixed_assets + self.debtors + self.cash

    @property
    def cash(self) -> Decimal:
        return self.closing_cash


@dataclass
class Month:
    number: int
    receipts: Decimal = ZERO
    payments: Decimal = ZERO
    financing: Decimal = ZERO
    closing_cash: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.receipts - self.payments + self.financing


@dataclass
class Result:
    inputs: Inputs
    years: list[Year]
    months: list[Month]
    sources: list[tuple[str, Decimal]]
    uses: list[tuple[str, Decimal]]

    @property
    def total_surplus(self) -> Decimal:
        return sum((y.surplus for y in self.years), ZERO)

    @property
    def total_saving(self) -> Decimal:
        return sum((y.saving for y in self.years), ZERO)

    @property
    def lowest_month(self) -> Month:
        return min(self.months, key=lambda m: m.closing_cash)


def pct(value: Decimal) -> Decimal:
    return value / HUNDRED


def grown(amount: Decimal, rate: Decimal, year: int) -> Decimal:
    """`amount` in year 1, grown by `rate` percent a year (compound)."""
    return amount * (1 + pct(rate)) ** (year - 1)


def corporation_tax(profit: Decimal) -> Decimal:
    if profit <= 0:
        return ZERO
    if profit <= CT_LOWER_LIMIT:
        return profit * pct(CT_SMALL_RATE)
    tax = profit * pct(CT_MAIN_RATE)
    if profit < CT_UPPER_LIMIT:
        tax -= (CT_UPPER_LIMIT - profit) * CT_MARGINAL_FRACTION
    return tax


def employer_ni(inputs: Inputs, pay: Decimal) -> Decimal:
    above = max(ZERO, pay - inputs.headcount * inputs.ni_threshold)
    ni = above * pct(inputs.ni_rate)
    if inputs.employment_allowance:
        ni = max(ZERO, ni - EMPLOYMENT_ALLOWANCE)
    return ni


def _lagged(monthly: Decimal, lag_months: Decimal, month: int) -> Decimal:
    """What is paid (or received) in `month` of an amount accruing evenly, paid `lag_months` late."""

    def cumulative(m: int) -> Decimal:
        return monthly * max(ZERO, m - lag_months)

    return cumulative(month) - cumulative(month - 1)


def _income_and_costs(inputs: Inputs, n: int, loan_opening: Decimal) -> Year:
    y = Year(number=n)
    y.contract = grown(inputs.contract_price, inputs.contract_indexation, n)
    y.other_income = [(line.label, line.amounts[n - 1]) for line in inputs.lines if line.kind == "income"]
    y.grant = inputs.grant if n == 1 else ZERO
    y.income = y.contract + y.other_income_total + y.grant
    y.pay = grown(inputs.pay_bill, inputs.pay_award, n)
    y.pension = y.pay * pct(inputs.pension_rate)
    y.pension_deficit = inputs.pension_deficit
    y.national_insurance = employer_ni(inputs, y.pay)
    y.premises = grown(inputs.premises, inputs.cost_inflation, n)
    y.back_office = grown(inputs.back_office, inputs.cost_inflation, n)
    y.insurance = grown(inputs.insurance, inputs.cost_inflation, n)
    y.other_costs = [(line.label, line.amounts[n - 1]) for line in inputs.lines if line.kind == "cost"]
    non_pay = y.premises + y.back_office + y.insurance + y.other_costs_total
    y.vat = non_pay * pct(inputs.vat_cost_share) * pct(VAT_STANDARD_RATE) * (1 - pct(inputs.vat_recovery))
    y.contingency = (y.pay_costs + non_pay + y.vat) * pct(inputs.contingency)
    if n <= inputs.asset_life_years:
        y.depreciation = (inputs.assets_transferred + inputs.assets_bought) / inputs.asset_life_years
    y.transition = inputs.transition_costs if n == 1 else ZERO
    y.interest = loan_opening * pct(inputs.loan_rate)
    y.costs = y.pay_costs + non_pay + y.vat + y.contingency + y.depreciation + y.transition + y.interest
    y.surplus = y.income - y.costs
    y.margin = y.surplus / y.income * HUNDRED if y.income else None
    y.break_even_price = y.contract - y.surplus
    y.baseline = grown(inputs.baseline_cost, inputs.baseline_indexation, n)
    y.saving = y.baseline - y.contract
    return y


def lagged_costs(y: Year) -> Decimal:
    """Costs paid to suppliers on credit (creditor days apply): non-pay costs, VAT and contingency."""
    return y.premises + y.back_office + y.insurance + y.other_costs_total + y.vat + y.contingency


def trade_income(y: Year) -> Decimal:
    """Income invoiced to customers (debtor days apply); a grant arrives at once."""
    return y.contract + y.other_income_total


def compute(inputs: Inputs) -> Result:
    years: list[Year] = []
    months: list[Month] = []
    loan_balance = inputs.loan
    loan_repayment = inputs.loan / inputs.loan_term_years if inputs.loan_term_years else inputs.loan
    council_balance = inputs.council_support
    losses = ZERO
    cumulative_depreciation = ZERO
    reserves = inputs.opening_cash + inputs.assets_transferred
    debtor_lag = Decimal(inputs.debtor_days) * MONTHS / DAYS_IN_YEAR
    creditor_lag = Decimal(inputs.creditor_days) * MONTHS / DAYS_IN_YEAR
    previous: Year | None = None
    for n in range(1, inputs.years + 1):
        y = _income_and_costs(inputs, n, loan_balance)
        if not inputs.charitable:
            taxable = y.surplus - losses
            losses = max(ZERO, -taxable)
            y.tax = corporation_tax(taxable)
        y.surplus_after_tax = y.surplus - y.tax
        repaid = min(loan_repayment, loan_balance) if n <= inputs.loan_term_years else ZERO
        council_repaid = council_balance if inputs.council_support_repaid_year == n else ZERO
        y.debtors = trade_income(y) * inputs.debtor_days / DAYS_IN_YEAR
        y.creditors = lagged_costs(y) * inputs.creditor_days / DAYS_IN_YEAR
        y.tax_payable = y.tax
        immediate = y.pay_costs + y.transition + y.interest
        if n == 1:
            y.opening_cash = inputs.opening_cash
            cash = inputs.opening_cash
            trade_monthly, lagged_monthly = trade_income(y) / MONTHS, lagged_costs(y) / MONTHS
            for m in range(1, MONTHS + 1):
                month = Month(number=m)
                month.receipts = _lagged(trade_monthly, debtor_lag, m)
                month.payments = _lagged(lagged_monthly, creditor_lag, m) + y.pay_costs / MONTHS
                if m == 1:
                    month.receipts += y.grant
                    month.payments += y.transition + inputs.assets_bought
                    month.financing += inputs.loan + inputs.council_support
                if m == MONTHS:
                    month.payments += y.interest
                    month.financing -= repaid + council_repaid
                cash += month.net
                month.closing_cash = cash
                months.append(month)
            y.receipts = sum((m.receipts for m in months), ZERO)
            y.payments = sum((m.payments for m in months), ZERO) - inputs.assets_bought
            y.investing = -inputs.assets_bought
        else:
            assert previous is not None  # every year after the first follows one
            y.opening_cash = previous.closing_cash
            y.receipts = trade_income(y) + previous.debtors - y.debtors
            y.payments = immediate + lagged_costs(y) + previous.creditors - y.creditors + previous.tax_payable
        if n == 1:
            y.financing = inputs.loan + inputs.council_support - repaid - council_repaid
        else:
            y.financing = -repaid - council_repaid
        y.closing_cash = y.opening_cash + y.receipts - y.payments + y.investing + y.financing
        loan_balance -= repaid
        council_balance -= council_repaid
        cumulative_depreciation += y.depreciation
        y.fixed_assets = inputs.assets_transferred + inputs.assets_bought - cumulative_depreciation
        y.loans = loan_balance + council_balance
        y.net_assets = y.fixed_assets + y.debtors + y.closing_cash - y.creditors - y.tax_payable - y.loans
        reserves += y.surplus_after_tax
        y.reserves = reserves
        years.append(y)
        previous = y
    return Result(inputs=inputs, years=years, months=months, **_sources_and_uses(inputs, years[0]))


def _sources_and_uses(inputs: Inputs, y1: Year) -> dict:
    """Year one's cash, from where it came to where it went (the two totals are equal)."""
    trading = y1.surplus + y1.depreciation + y1.transition - y1.grant  # trading cash before working capital
    working_capital = y1.debtors - y1.creditors
    repaid = y1.loans - inputs.loan - inputs.council_support  # 0 or negative
    sources = [
        ("Opening cash", inputs.opening_cash),
        ("Grants", inputs.grant),
        ("Loans and social investment", inputs.loan),
        ("Council working-capital support", inputs.council_support),
    ]
    uses = [
        ("One-off transition costs", inputs.transition_costs),
        ("Assets bought", inputs.assets_bought),
        ("Working capital (debtors less creditors)", working_capital),
        ("Loans repaid", -repaid),
    ]
    if trading >= 0:
        sources.append(("Year one trading (surplus before depreciation and transition costs)", trading))
    else:
        uses.append(("Year one trading loss (before depreciation and transition costs)", -trading))
    uses.append(("Cash at the end of year one", y1.closing_cash))
    return {"sources": sources, "uses": uses}


@dataclass(frozen=True)
class Adjustment:
    """A scenario: named changes to the assumptions (all zero: the base case)."""

    contract_change: Decimal = ZERO  # percent change to the contract price, e.g. -10
    pay_award_change: Decimal = ZERO  # percentage points added to the pay award, e.g. 2
    other_income_change: Decimal = ZERO  # percent change to every other income line
    cost_change: Decimal = ZERO  # percent change to non-pay costs
    lost_line: str = ""  # key of an income line that is lost in full


def adjust(inputs: Inputs, change: Adjustment) -> Inputs:
    factor = 1 + pct(change.other_income_change)
    lines = []
    for line in inputs.lines:
        if line.kind == "income":
            amounts = tuple(ZERO for _ in line.amounts) if line.key and line.key == change.lost_line else line.amounts
            line = replace(line, amounts=tuple(a * factor for a in amounts))
        else:
            line = replace(line, amounts=tuple(a * (1 + pct(change.cost_change)) for a in line.amounts))
        lines.append(line)
    cost = 1 + pct(change.cost_change)
    return replace(
        inputs,
        contract_price=inputs.contract_price * (1 + pct(change.contract_change)),
        pay_award=inputs.pay_award + change.pay_award_change,
        premises=inputs.premises * cost,
        back_office=inputs.back_office * cost,
        insurance=inputs.insurance * cost,
        lines=tuple(lines),
    )
