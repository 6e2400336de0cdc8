"""The financial model as an XLSX workbook with live formulas, and reading the assumptions back.

The workbook is our template: the Assumptions sheet holds one value per row (column B) beside its
key (column C); every other figure is a formula over those cells and the Lines sheet, written to
follow finance.compute step by step, so a spreadsheet program recalculates the same model (a test
recalculates it with an independent formula engine and compares the totals to the penny).
"""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from . import compute
from .forms import ASSUMPTION_GROUPS
from .models import FinancialModel
from .tables import calendar_month

MONEY_FORMAT = "£#,##0.00;-£#,##0.00"
BOLD = Font(bold=True)
INPUT = PatternFill("solid", fgColor="FFF7BF")  # the cells people fill in
SHEETS = ("Assumptions", "Lines", "Income and expenditure", "Cash flow", "Balance sheet", "Scenarios")
VERSION_KEY = "model_version"


def _label(name: str) -> str:
    text = str(FinancialModel._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def workbook(model: FinancialModel, lines, result: compute.Result | None = None, scenarios=()) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Assumptions"
    refs = _assumptions_sheet(sheet, model)
    line_rows = _lines_sheet(wb.create_sheet("Lines"), model, lines)
    ie = _income_and_expenditure(wb.create_sheet("Income and expenditure"), model, refs, line_rows)
    cash = _cash_flow(wb.create_sheet("Cash flow"), model, refs, ie)
    _balance_sheet(wb.create_sheet("Balance sheet"), model, refs, ie, cash)
    _scenarios(wb.create_sheet("Scenarios"), model, scenarios)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _assumptions_sheet(ws, model) -> dict[str, str]:
    ws.append(["Assumption", "Value", "Key (do not change)"])
    for cell in ws[1]:
        cell.font = BOLD
    refs = {}
    for title, names in ASSUMPTION_GROUPS:
        ws.append([title])
        ws.cell(ws.max_row, 1).font = BOLD
        for name in names:
            value = getattr(model, name)
            ws.append([_label(name), _cell_value(value), name])
            row = ws.max_row
            ws.cell(row, 2).fill = INPUT
            if isinstance(value, date):
                ws.cell(row, 2).number_format = "yyyy-mm-dd"
            refs[name] = f"Assumptions!$B${row}"
    ws.append([])
    ws.append(["Version of the model when downloaded", model.version, VERSION_KEY])
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 28
    return refs


def _lines_sheet(ws, model, lines) -> list[tuple[str, int]]:
    ws.append(["Income or cost", "Line", "Source", *model.year_labels])
    for cell in ws[1]:
        cell.font = BOLD
    rows = []
    for line in lines:
        ws.append([line.kind, line.label, line.source, *[_cell_value(a) for a in line.amounts(model.years)]])
        rows.append((line.kind, ws.max_row))
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 30
    return rows


def _year_columns(model) -> list[str]:
    return [get_column_letter(3 + n) for n in range(model.years)]  # C, D, ...


class Rows:
    """Rows of a sheet by key, so formulas can name them."""

    def __init__(self, ws):
        self.ws, self.at = ws, {}

    def add(self, key, label, formulas, *, bold=False, fmt=MONEY_FORMAT):
        self.ws.append([label, None, *formulas])
        row = self.ws.max_row
        self.at[key] = row
        for col in range(3, 3 + len(formulas)):
            self.ws.cell(row, col).number_format = fmt
            if bold:
                self.ws.cell(row, col).font = BOLD
        if bold:
            self.ws.cell(row, 1).font = BOLD
        return row

    def __call__(self, key, col) -> str:
        return f"{col}{self.at[key]}"


def _income_and_expenditure(ws, model, a, line_rows) -> Rows:
    cols = _year_columns(model)
    ws.append(["", "", *model.year_labels])
    ws.append(["Year number", "", *range(1, model.years + 1)])
    for cell in ws[1]:
        cell.font = BOLD
    r = Rows(ws)
    n = {c: f"{c}$2" for c in cols}
    income_lines = [row for kind, row in line_rows if kind == "income"]
    cost_lines = [row for kind, row in line_rows if kind == "cost"]
    lines_col = {c: get_column_letter(4 + i) for i, c in enumerate(cols)}  # Lines!D.. for year 1..

    def each(template):
        return [template(c) for c in cols]

    r.add(
        "contract", "Contract", each(lambda c: f"={a['contract_price']}*(1+{a['contract_indexation']}/100)^({n[c]}-1)")
    )
    for i, row in enumerate(income_lines):
        r.add(f"in{i}", f"=Lines!B{row}", each(lambda c, row=row: f"=Lines!{lines_col[c]}{row}"))
    r.add("grant", "Start-up grants", each(lambda c: f"=IF({n[c]}=1,{a['grant']},0)"))
    first, last = r.at["contract"], r.at["grant"]
    r.add("income", "Total income", each(lambda c: f"=SUM({c}{first}:{c}{last})"), bold=True)
    r.add("pay", "Pay", each(lambda c: f"={a['pay_bill']}*(1+{a['pay_award']}/100)^({n[c]}-1)"))
    r.add("pension", "Employer pension contributions", each(lambda c: f"={r('pay', c)}*{a['pension_rate']}/100"))
    r.add("deficit", "Pension deficit contributions", each(lambda c: f"={a['pension_deficit']}"))
    r.add(
        "ni",
        "Employer National Insurance",
        each(
            lambda c: (
                f"=MAX(0,MAX(0,{r('pay', c)}-{a['headcount']}*{a['ni_threshold']})*{a['ni_rate']}/100"
                f"-IF({a['employment_allowance']},{compute.EMPLOYMENT_ALLOWANCE},0))"
            )
        ),
    )
    grow = "*(1+{inf}/100)^({n}-1)"
    for key, label in (("premises", "Premises"), ("back_office", "Back office and IT"), ("insurance", "Insurance")):
        r.add(key, label, each(lambda c, key=key: f"={a[key]}" + grow.format(inf=a["cost_inflation"], n=n[c])))
    for i, row in enumerate(cost_lines):
        r.add(f"cost{i}", f"=Lines!B{row}", each(lambda c, row=row: f"=Lines!{lines_col[c]}{row}"))
    nonpay_first = r.at["premises"]
    nonpay_last = ws.max_row
    r.add(
        "vat",
        "Irrecoverable VAT",
        each(
            lambda c: (
                f"=SUM({c}{nonpay_first}:{c}{nonpay_last})*{a['vat_cost_share']}/100*"
                f"{compute.VAT_STANDARD_RATE}/100*(1-IF(ISBLANK({a['vat_recovery']}),100,{a['vat_recovery']})/100)"
            )
        ),
    )
    pay_first = r.at["pay"]
    r.add(
        "contingency",
        "Contingency",
        each(lambda c: f"=SUM({c}{pay_first}:{c}{r.at['vat']})*{a['contingency']}/100"),
    )
    r.add(
        "depreciation",
        "Depreciation",
        each(
            lambda c: (
                f"=IF({n[c]}<={a['asset_life_years']},"
                f"({a['assets_transferred']}+{a['assets_bought']})/{a['asset_life_years']},0)"
            )
        ),
    )
    r.add("transition", "One-off transition costs", each(lambda c: f"=IF({n[c]}=1,{a['transition_costs']},0)"))
    r.add("interest", "Loan interest", each(lambda c: f"='Balance sheet'!{c}{{loan_start}}*{a['loan_rate']}/100"))
    r.add("costs", "Total costs", each(lambda c: f"=SUM({c}{pay_first}:{c}{r.at['interest']})"), bold=True)
    r.add("surplus", "Surplus or deficit before tax", each(lambda c: f"={r('income', c)}-{r('costs', c)}"), bold=True)
    r.add(
        "margin",
        "Margin (%)",
        each(lambda c: f'=IF({r("income", c)}=0,"",{r("surplus", c)}/{r("income", c)}*100)'),
        fmt="0.0",
    )
    r.add(
        "losses_bf",
        "Tax losses brought forward",
        [f"=IF({cols[0]}$2=1,0,0)"] + [f"={prev}{{losses_cf}}" for prev in cols[:-1]],
    )
    r.add(
        "losses_cf",
        "Tax losses carried forward",
        each(lambda c: f"=MAX(0,-({r('surplus', c)}-{r('losses_bf', c)}))"),
    )
    p = "({s}-{l})"
    r.add(
        "tax",
        "Corporation tax",
        each(
            lambda c: (
                "=IF({ch},0,IF({p}<=0,0,IF({p}<={lo},{p}*{sr}/100,IF({p}<{hi},{p}*{mr}/100-({hi}-{p})*3/200,"
                "{p}*{mr}/100))))".format(
                    ch=a["charitable"],
                    p=p.format(s=r("surplus", c), l=r("losses_bf", c)),
                    lo=compute.CT_LOWER_LIMIT,
                    hi=compute.CT_UPPER_LIMIT,
                    sr=compute.CT_SMALL_RATE,
                    mr=compute.CT_MAIN_RATE,
                )
            )
        ),
    )
    r.add("after_tax", "Surplus or deficit after tax", each(lambda c: f"={r('surplus', c)}-{r('tax', c)}"), bold=True)
    r.add("break_even", "Break-even contract price", each(lambda c: f"={r('contract', c)}-{r('surplus', c)}"))
    r.add(
        "baseline",
        "Council's current cost of the service",
        each(lambda c: f"={a['baseline_cost']}*(1+{a['baseline_indexation']}/100)^({n[c]}-1)"),
    )
    r.add("saving", "Saving to the council", each(lambda c: f"={r('baseline', c)}-{r('contract', c)}"))
    ws.append([])
    r.add("trade", "Invoiced income (debtor days apply)", each(lambda c: f"={r('income', c)}-{r('grant', c)}"))
    r.add(
        "lagged",
        "Supplier costs (creditor days apply)",
        each(lambda c: f"=SUM({c}{nonpay_first}:{c}{nonpay_last})+{r('vat', c)}+{r('contingency', c)}"),
    )
    r.add("pay_costs", "Pay, pensions and National Insurance", each(lambda c: f"=SUM({c}{pay_first}:{c}{r.at['ni']})"))
    # Fill in the row numbers only known now.
    for row in ws.iter_rows(min_row=3, min_col=3):
        for cell in row:
            if isinstance(cell.value, str) and "{losses_cf}" in cell.value:
                cell.value = cell.value.replace("{losses_cf}", str(r.at["losses_cf"]))
    ws.column_dimensions["A"].width = 44
    for c in cols:
        ws.column_dimensions[c].width = 16
    return r


def _cash_flow(ws, model, a, ie: Rows) -> dict:
    y1 = "'Income and expenditure'!C"
    ws.append(
        ["Month", "", "Receipts", "Payments", "Loans and support in, less repaid", "Net cash flow", "Closing cash"]
    )
    for cell in ws[1]:
        cell.font = BOLD
    debtor_lag = f"({a['debtor_days']}*12/365)"
    creditor_lag = f"({a['creditor_days']}*12/365)"
    trade = f"({y1}{ie.at['trade']}/12)"
    lagged = f"({y1}{ie.at['lagged']}/12)"
    first = ws.max_row + 1
    for m in range(1, 13):
        row = ws.max_row + 1
        receipts = f"={trade}*(MAX(0,{m}-{debtor_lag})-MAX(0,{m - 1}-{debtor_lag}))" + (
            f"+{a['grant']}" if m == 1 else ""
        )
        payments = f"={lagged}*(MAX(0,{m}-{creditor_lag})-MAX(0,{m - 1}-{creditor_lag}))+{y1}{ie.at['pay_costs']}/12"
        financing = "=0"
        if m == 1:
            payments += f"+{a['transition_costs']}+{a['assets_bought']}"
            financing = f"={a['loan']}+{a['council_support']}"
        if m == 12:
            payments += f"+{y1}{ie.at['interest']}"
            financing = "=-('Balance sheet'!C{loan_repaid}+'Balance sheet'!C{council_repaid})"
        opening = a["opening_cash"] if m == 1 else f"G{row - 1}"
        ws.append(
            [
                m,
                calendar_month(model.start_on, m),
                receipts,
                payments,
                financing,
                f"=C{row}-D{row}+E{row}",
                f"={opening}+F{row}",
            ]
        )
        for col in "CDEFG":
            ws[f"{col}{row}"].number_format = MONEY_FORMAT
    last = ws.max_row
    ws.column_dimensions["B"].width = 18
    for col in "CDEFG":
        ws.column_dimensions[col].width = 18
    return {"first": first, "last": last}


def _balance_sheet(ws, model, a, ie: Rows, cash: dict):
    cols = _year_columns(model)
    ws.append(["", "", *model.year_labels])
    ws.append(["Year number", "", *range(1, model.years + 1)])
    for cell in ws[1]:
        cell.font = BOLD
    r = Rows(ws)
    n = {c: f"{c}$2" for c in cols}
    ie_ = "'Income and expenditure'!"

    def each(template):
        return [template(c) for c in cols]

    def prev(c):
        return get_column_letter(ord(c) - ord("A"))  # the column before c (C -> B)

    r.add("loan_start", "Loan at the start of the year", [f"={a['loan']}"] + [f"={p}{{loan_end}}" for p in cols[:-1]])
    r.add(
        "loan_repaid",
        "Loan repaid",
        each(
            lambda c: (
                f"=IF({n[c]}<={a['loan_term_years']},MIN({a['loan']}/{a['loan_term_years']},{r('loan_start', c)}),0)"
            )
        ),
    )
    r.add("loan_end", "Loan at the year end", each(lambda c: f"={r('loan_start', c)}-{r('loan_repaid', c)}"))
    r.add(
        "council_repaid",
        "Council support repaid",
        each(lambda c: f"=IF({a['council_support_repaid_year']}={n[c]},{a['council_support']},0)"),
    )
    r.add(
        "council_end",
        "Council support at the year end",
        each(lambda c: f"={a['council_support']}-SUM($C{r.at['council_repaid']}:{c}{r.at['council_repaid']})"),
    )
    ws.append([])
    ws.append(["Cash flow by year"])
    ws.cell(ws.max_row, 1).font = BOLD
    r.add("opening", "Opening cash", [f"={a['opening_cash']}"] + [f"={p}{{closing}}" for p in cols[:-1]])
    y1_receipts = f"=SUM('Cash flow'!C{cash['first']}:C{cash['last']})"
    r.add(
        "receipts",
        "Receipts",
        [y1_receipts] + [f"={ie_}{c}{ie.at['trade']}+{prev(c)}{{debtors}}-{c}{{debtors}}" for c in cols[1:]],
    )
    y1_payments = f"=SUM('Cash flow'!D{cash['first']}:D{cash['last']})-{a['assets_bought']}"
    r.add(
        "payments",
        "Payments",
        [y1_payments]
        + [
            f"={ie_}{c}{ie.at['pay_costs']}+{ie_}{c}{ie.at['transition']}+{ie_}{c}{ie.at['interest']}"
            f"+{ie_}{c}{ie.at['lagged']}+{prev(c)}{{creditors}}-{c}{{creditors}}+{prev(c)}{{tax_payable}}"
            for c in cols[1:]
        ],
    )
    r.add("investing", "Assets bought", each(lambda c: f"=IF({n[c]}=1,-{a['assets_bought']},0)"))
    r.add(
        "financing",
        "Loans and support in, less repaid",
        each(
            lambda c: (
                f"=IF({n[c]}=1,{a['loan']}+{a['council_support']},0)-{r('loan_repaid', c)}-{r('council_repaid', c)}"
            )
        ),
    )
    r.add(
        "closing",
        "Closing cash",
        each(
            lambda c: (
                f"={r('opening', c)}+{r('receipts', c)}-{r('payments', c)}+{r('investing', c)}+{r('financing', c)}"
            )
        ),
        bold=True,
    )
    ws.append([])
    ws.append(["Balance sheet at the year end"])
    ws.cell(ws.max_row, 1).font = BOLD
    dep = ie.at["depreciation"]
    r.add(
        "fixed",
        "Fixed assets",
        each(lambda c: f"={a['assets_transferred']}+{a['assets_bought']}-SUM({ie_}$C${dep}:{c}${dep})"),
    )
    r.add("debtors", "Debtors", each(lambda c: f"={ie_}{c}{ie.at['trade']}*{a['debtor_days']}/365"))
    r.add("cash", "Cash", each(lambda c: f"={r('closing', c)}"))
    r.add("assets", "Total assets", each(lambda c: f"={r('fixed', c)}+{r('debtors', c)}+{r('cash', c)}"), bold=True)
    r.add("creditors", "Creditors", each(lambda c: f"={ie_}{c}{ie.at['lagged']}*{a['creditor_days']}/365"))
    r.add("tax_payable", "Corporation tax owed", each(lambda c: f"={ie_}{c}{ie.at['tax']}"))
    r.add("loans", "Loans and council support", each(lambda c: f"={r('loan_end', c)}+{r('council_end', c)}"))
    r.add(
        "net",
        "Net assets",
        each(lambda c: f"={r('assets', c)}-{r('creditors', c)}-{r('tax_payable', c)}-{r('loans', c)}"),
        bold=True,
    )
    after = ie.at["after_tax"]
    r.add(
        "reserves",
        "Reserves (opening cash and assets, plus surpluses after tax)",
        each(lambda c: f"={a['opening_cash']}+{a['assets_transferred']}+SUM({ie_}$C${after}:{c}${after})"),
        bold=True,
    )
    names = {
        "loan_end": r.at["loan_end"],
        "closing": r.at["closing"],
        "debtors": r.at["debtors"],
        "creditors": r.at["creditors"],
        "tax_payable": r.at["tax_payable"],
    }
    _fill(ws, names)
    # Formulas elsewhere that name rows of this sheet.
    wb = ws.parent
    _fill(wb["Income and expenditure"], {"loan_start": r.at["loan_start"]})
    _fill(wb["Cash flow"], {"loan_repaid": r.at["loan_repaid"], "council_repaid": r.at["council_repaid"]})
    ws.column_dimensions["A"].width = 44
    for c in cols:
        ws.column_dimensions[c].width = 16


def _fill(ws, names: dict[str, int]) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "{" in cell.value:
                for key, number in names.items():
                    cell.value = cell.value.replace("{" + key + "}", str(number))


def _scenarios(ws, model, scenarios) -> None:
    ws.append(
        ["Scenario figures are worked out by the portal (values, not formulas): change a scenario on the portal."]
    )
    ws.append([])
    ws.append(
        [
            "Scenario",
            "Changes",
            *[f"Surplus before tax {label}" for label in model.year_labels],
            "Surplus over the plan",
        ]
    )
    for cell in ws[3]:
        cell.font = BOLD
    for column in scenarios:
        if column.result is None:
            ws.append([column.title, "not set"])
            continue
        ws.append(
            [
                column.title,
                ", ".join(column.description),
                *[float(y.surplus) for y in column.result.years],
                float(column.total_surplus),
            ]
        )
        for cell in ws[ws.max_row][2:]:
            cell.number_format = MONEY_FORMAT
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 50


# Reading an uploaded copy back ----------------------------------------------------------------


class TemplateError(Exception):
    """The file is not a copy of our template (no Assumptions sheet with its keys)."""


def read_assumptions(data: bytes) -> tuple[dict[str, tuple[str, object]], int | None]:
    """The Assumptions sheet's values by key, each with its cell ("B12"), and the version it was made at."""
    try:
        wb = load_workbook(BytesIO(data), data_only=False, read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise TemplateError("The file is not an Excel workbook (.xlsx)") from error
    if "Assumptions" not in wb.sheetnames:
        raise TemplateError("The file has no Assumptions sheet: upload a copy of the workbook downloaded here")
    known = {name for _title, names in ASSUMPTION_GROUPS for name in names}
    values, version = {}, None
    for index, row in enumerate(wb["Assumptions"].iter_rows(min_row=2, max_col=3, values_only=True), start=2):
        if len(row) < 3:
            continue
        _label, value, key = row
        if key == VERSION_KEY:
            version = value if isinstance(value, int) else None
        elif key in known:
            if isinstance(value, datetime):
                value = value.date()
            values[key] = (f"B{index}", value)
    wb.close()
    if not values:
        raise TemplateError(
            "The Assumptions sheet has no keys in column C: upload a copy of the workbook downloaded here"
        )
    return values, version
