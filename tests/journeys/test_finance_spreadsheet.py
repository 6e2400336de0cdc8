"""The financial model as an XLSX workbook: live formulas that an independent formula engine
recalculates to the portal's figures to the penny, and the upload of a changed copy (each change
listed for confirmation, a clear error per bad cell, an unchanged round trip changing nothing)."""

import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journeys.demo import RIVERSIDE_ASSUMPTIONS, RIVERSIDE_LINES
from journeys.finance import services as finance_services
from journeys.finance.models import FinanceLine, FinancialModel
from journeys.finance.selectors import computed
from journeys.models import JourneyEvent

PENNY = Decimal("0.01")


@pytest.fixture
def model(journey, lead):
    model = finance_services.assumptions_save(journey=journey, values=RIVERSIDE_ASSUMPTIONS, version=None, by=lead)
    for kind, label, source, amounts in RIVERSIDE_LINES:
        FinanceLine.objects.create(
            model=model, kind=kind, label=label, source=source,
            **{f"year_{n}": Decimal(a) for n, a in enumerate(amounts, start=1)},
        )  # fmt: skip
    return model


def download(client, journey) -> bytes:
    response = client.get(reverse("journeys:finance_download", args=[journey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.search(r'attachment; filename="financial-model-libraries-group-\d{4}-\d{2}-\d{2}\.xlsx"',
                     response["Content-Disposition"])  # fmt: skip
    return response.content


def rows_by_label(sheet) -> dict[str, int]:
    return {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}


def upload(client, journey, data: bytes, name="model.xlsx"):
    return client.post(reverse("journeys:finance_upload", args=[journey.pk]), {"file": SimpleUploadedFile(name, data)})


def test_the_workbook_has_the_assumptions_as_values_and_the_model_as_formulas(client, journey, member, model):
    client.force_login(member)
    wb = openpyxl.load_workbook(BytesIO(download(client, journey)))
    assert wb.sheetnames == [
        "Assumptions",
        "Lines",
        "Income and expenditure",
        "Cash flow",
        "Balance sheet",
        "Scenarios",
    ]
    assumptions = wb["Assumptions"]
    by_key = {assumptions.cell(r, 3).value: assumptions.cell(r, 2).value for r in range(2, assumptions.max_row + 1)}
    assert by_key["contract_price"] == 2700000
    assert by_key["pension_rate"] == 18.5
    assert by_key["model_version"] == model.version
    ie = wb["Income and expenditure"]
    rows = rows_by_label(ie)
    assert ie.cell(rows["Total income"], 3).value.startswith("=SUM(")
    assert ie.cell(rows["Employer National Insurance"], 4).value.startswith("=MAX(0,MAX(0,D")
    assert "3/200" in ie.cell(rows["Corporation tax"], 3).value
    balance = wb["Balance sheet"]
    assert balance.cell(rows_by_label(balance)["Net assets"], 5).value.startswith("=")


def test_an_independent_formula_engine_gets_the_portals_figures_to_the_penny(client, journey, member, model, tmp_path):
    import formulas  # an Excel formula engine that shares no code with the portal

    client.force_login(member)
    path = tmp_path / "model.xlsx"
    path.write_bytes(download(client, journey))
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {key.split("]", 1)[1]: cell.value[0][0] for key, cell in solution.items() if "]" in key}

    def cell(sheet, ref):
        return Decimal(str(values[f"{sheet.upper()}'!{ref}"])).quantize(PENNY)

    wb = openpyxl.load_workbook(path)
    result = computed(FinancialModel.objects.get(pk=model.pk)).result
    ie_rows, bs_rows = rows_by_label(wb["Income and expenditure"]), rows_by_label(wb["Balance sheet"])
    checked = 0
    for i, year in enumerate(result.years):
        col = "CDE"[i]
        for label, figure in [
            ("Total income", year.income),
            ("Total costs", year.costs),
            ("Surplus or deficit before tax", year.surplus),
            ("Corporation tax", year.tax),
            ("Surplus or deficit after tax", year.surplus_after_tax),
            ("Break-even contract price", year.break_even_price),
            ("Saving to the council", year.saving),
        ]:
            assert cell("Income and expenditure", f"{col}{ie_rows[label]}") == figure.quantize(PENNY), (label, col)
            checked += 1
        for label, figure in [
            ("Closing cash", year.closing_cash),
            ("Debtors", year.debtors),
            ("Creditors", year.creditors),
            ("Net assets", year.net_assets),
            ("Reserves (opening cash and assets, plus surpluses after tax)", year.reserves),
        ]:
            assert cell("Balance sheet", f"{col}{bs_rows[label]}") == figure.quantize(PENNY), (label, col)
            checked += 1
    for month in result.months:
        assert cell("Cash flow", f"G{month.number + 1}") == month.closing_cash.quantize(PENNY), month.number
        checked += 1
    assert checked == 3 * 12 + 12


def test_uploading_an_unchanged_download_changes_nothing(client, journey, member, model):
    client.force_login(member)
    data = download(client, journey)
    before = (model.version, JourneyEvent.objects.count())
    response = upload(client, journey, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Nothing changed: the workbook&#x27;s assumptions are the same as the model&#x27;s" in page
    model.refresh_from_db()
    assert (model.version, JourneyEvent.objects.count()) == before


def test_each_changed_value_is_listed_then_saved_once_confirmed(client, journey, member, model):
    client.force_login(member)
    wb = openpyxl.load_workbook(BytesIO(download(client, journey)))
    sheet = wb["Assumptions"]
    rows = {sheet.cell(r, 3).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["contract_price"], 2).value = "£2,800,000"
    sheet.cell(rows["pension_rate"], 2).value = "19%"
    out = BytesIO()
    wb.save(out)
    response = upload(client, journey, out.getvalue())
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 assumptions will change" in html
    assert f"B{rows['contract_price']}" in html and "£2,700,000.00" in html and "£2,800,000.00" in html
    assert "18.5%" in html and "19%" in html
    assert FinancialModel.objects.get().contract_price == Decimal("2700000")  # nothing saved yet
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    response = client.post(reverse("journeys:finance_assumptions", args=[journey.pk]), hidden)
    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.contract_price, model.pension_rate) == (Decimal("2800000"), Decimal("19"))
    assert model.pay_bill == RIVERSIDE_ASSUMPTIONS["pay_bill"]  # everything else as it was


def test_a_bad_cell_is_named_with_its_sheet_cell_value_and_why(client, journey, member, model):
    client.force_login(member)
    wb = openpyxl.load_workbook(BytesIO(download(client, journey)))
    sheet = wb["Assumptions"]
    rows = {sheet.cell(r, 3).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["pension_rate"], 2).value = 250
    sheet.cell(rows["contract_price"], 2).value = "lots"
    out = BytesIO()
    wb.save(out)
    html = upload(client, journey, out.getvalue()).content.decode()
    assert "2 cells of the workbook cannot be used" in html
    assert "Cells that cannot be used (Assumptions sheet)" in html
    assert f"B{rows['pension_rate']}" in html and "250" in html
    assert "Enter the employer pension contribution rate between 0% and 50%" in html
    assert "Enter the contract price in year one in pounds, like 1,200,000 or 1200000.50" in html
    model.refresh_from_db()
    assert model.pension_rate == Decimal("18.5")


def test_a_file_that_is_not_our_workbook_is_refused(client, journey, member, model):
    client.force_login(member)
    html = upload(client, journey, b"not a spreadsheet").content.decode()
    assert "The file is not an Excel workbook (.xlsx)" in html
    wb = openpyxl.Workbook()
    out = BytesIO()
    wb.save(out)
    html = upload(client, journey, out.getvalue()).content.decode()
    assert "The file has no Assumptions sheet" in html
    html = upload(client, journey, b"x", name="model.csv").content.decode()
    assert "The selected file must be an Excel workbook (.xlsx)" in html


def test_a_stale_workbook_goes_through_the_version_check(client, journey, member, lead, model):
    client.force_login(member)
    wb = openpyxl.load_workbook(BytesIO(download(client, journey)))
    finance_services.assumptions_save(
        journey=journey, values={"premises": Decimal("125000")}, version=model.version, by=lead
    )
    sheet = wb["Assumptions"]
    rows = {sheet.cell(r, 3).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["insurance"], 2).value = 40000
    out = BytesIO()
    wb.save(out)
    html = upload(client, journey, out.getvalue()).content.decode()
    assert "The model was changed on the portal after this workbook was downloaded" in html
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    response = client.post(reverse("journeys:finance_assumptions", args=[journey.pk]), hidden)
    assert response.status_code == 409  # their premises change is shown, not overwritten
    model.refresh_from_db()
    assert (model.premises, model.insurance) == (Decimal("125000"), Decimal("38000"))


def test_an_incomplete_model_recalculates_like_the_portal_too(client, journey, member, tmp_path):
    """Blank assumptions: the workbook treats them as the engine does (a blank VAT position recovers all VAT)."""
    import formulas

    values = {"years": 3, "contract_price": Decimal("500000"), "premises": Decimal("40000"), "vat_cost_share": 50}
    model = finance_services.assumptions_save(journey=journey, values=values, version=None, by=member)
    client.force_login(member)
    path = tmp_path / "model.xlsx"
    path.write_bytes(download(client, journey))
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {key.split("]", 1)[1]: cell.value[0][0] for key, cell in solution.items() if "]" in key}
    rows = rows_by_label(openpyxl.load_workbook(path)["Income and expenditure"])
    result = computed(model).result
    for i, col in enumerate("CDE"):
        got = Decimal(str(values[f"INCOME AND EXPENDITURE'!{col}{rows['Total costs']}"])).quantize(PENNY)
        assert got == result.years[i].costs.quantize(PENNY) == Decimal("40000.00")
