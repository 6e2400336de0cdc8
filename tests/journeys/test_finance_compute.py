"""The financial model's engine against a business case worked by hand (fixtures/finance_hand_worked.json)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from journeys.finance import compute
from journeys.finance.checks import run_checks

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "finance_hand_worked.json").read_text())
PENNY = Decimal("0.01")


def hand_worked_inputs(**changes) -> compute.Inputs:
    raw = dict(FIXTURE["inputs"])
    lines = tuple(
        compute.Line(kind=line["kind"], label=line["label"], amounts=tuple(Decimal(a) for a in line["amounts"]))
        for line in raw.pop("lines")
    )
    values = {k: Decimal(v) if isinstance(v, str) else v for k, v in raw.items()}
    values.update(changes)
    return compute.Inputs(**values, lines=lines)


def penny(value) -> Decimal:
    return Decimal(value).quantize(PENNY)


@pytest.fixture(scope="module")
def result():
    return compute.compute(hand_worked_inputs())


@pytest.mark.parametrize("year", [1, 2, 3])
def test_every_yearly_figure_matches_the_hand_worked_example(result, year):
    expected = FIXTURE["expected_years"][year - 1]
    got = result.years[year - 1]
    for name, value in expected.items():
        if name.startswith("_"):
            continue
        assert penny(getattr(got, name)) == penny(value), f"year {year}: {name}"


def test_the_margin_is_the_surplus_over_income(result):
    assert result.years[0].margin.quantize(Decimal("0.0001")) == Decimal("18.2333")


def test_year_one_month_by_month_matches_the_hand_worked_example(result):
    for month, value in FIXTURE["expected_months"]["closing_cash"].items():
        assert penny(result.months[int(month) - 1].closing_cash) == penny(value), f"month {month}"
    overdrawn = [m.number for m in result.months if m.closing_cash < 0]
    assert overdrawn == FIXTURE["expected_months"]["overdrawn_months"]


def test_sources_and_uses_balance_and_match_the_hand_worked_total(result):
    sources = sum(v for _label, v in result.sources)
    uses = sum(v for _label, v in result.uses)
    assert penny(sources) == penny(FIXTURE["expected_sources_total"])
    assert penny(uses) == penny(sources)


def test_the_baseline_saving_over_the_plan(result):
    assert penny(result.total_saving) == Decimal("227520.00")  # 100,000 + 76,000 + 51,520


@pytest.mark.parametrize(
    ("profit", "tax"),
    [
        ("0", "0"),
        ("-5000", "0"),
        ("50000", "9500"),  # 19% small profits rate
        ("100000", "22750"),  # 25,000 - 150,000 x 3/200 (HMRC's marginal relief example)
        ("250000", "62500"),  # 25% main rate from here
        ("1000000", "250000"),
    ],
)
def test_corporation_tax_rates_and_marginal_relief(profit, tax):
    assert penny(compute.corporation_tax(Decimal(profit))) == penny(tax)


def test_a_charity_pays_no_corporation_tax():
    result = compute.compute(hand_worked_inputs(charitable=True))
    assert all(y.tax == 0 for y in result.years)
    assert result.years[0].surplus_after_tax == result.years[0].surplus


def test_losses_are_carried_forward_against_later_surpluses():
    # Year 1 loses 100,000 (a 327,552 transition cost); year 2's 227,766 is taxed on 127,766.
    result = compute.compute(hand_worked_inputs(transition_costs=Decimal("363552")))
    assert penny(result.years[0].surplus) == Decimal("-100000.00")
    assert result.years[0].tax == 0
    expected = Decimal("127766") * Decimal("0.25") - (Decimal("250000") - Decimal("127766")) * Decimal("3") / 200
    assert penny(result.years[1].tax) == penny(expected)


def test_employment_allowance_reduces_national_insurance_but_not_below_zero():
    inputs = hand_worked_inputs(employment_allowance=True)
    assert compute.employer_ni(inputs, Decimal("600000")) == Decimal("75000") - Decimal("10500")
    assert compute.employer_ni(inputs, Decimal("150000")) == 0  # 7,500 of NI, all covered


def test_part_recovered_vat_adds_only_the_unrecovered_share():
    result = compute.compute(hand_worked_inputs(vat_recovery=Decimal("75")))
    assert penny(result.years[0].vat) == Decimal("3350.00")  # 13,400 x 25%


def test_council_support_arrives_in_month_one_and_is_repaid_in_its_year():
    result = compute.compute(hand_worked_inputs(council_support=Decimal("50000"), council_support_repaid_year=2))
    assert result.months[0].financing == Decimal("110000")  # loan 60,000 + support 50,000
    assert penny(result.years[0].loans) == Decimal("90000.00")
    assert penny(result.years[1].loans) == Decimal("20000.00")
    assert all(abs(y.net_assets - y.reserves) < Decimal("0.005") for y in result.years)


def test_every_check_on_the_hand_worked_example(result):
    checks = {c.key: c for c in run_checks(result, missing=[], year_labels=["2027-28", "2028-29", "2029-30"])}
    assert checks["balance_sheet"].status == "pass"
    assert checks["cash_agrees"].status == "pass"
    assert checks["cash_positive"].status == "fail"
    assert checks["cash_positive"].detail.startswith("Cash is overdrawn in month 3: -£8,972.40")
    assert checks["pension"].status == "pass"
    assert checks["vat"].status == "pass"
    assert checks["surplus"].status == "pass"


def test_the_overdrawn_month_is_named_with_its_calendar_month(result):
    from datetime import date

    checks = {c.key: c for c in run_checks(result, missing=[], year_labels=["a", "b", "c"], start_on=date(2027, 4, 1))}
    assert "month 3 (June 2027): -£8,972.40" in checks["cash_positive"].detail


def test_a_deficit_year_and_a_missing_pension_rate_fail_their_checks():
    result = compute.compute(hand_worked_inputs(contract_price=Decimal("700000"), pension_rate=Decimal("0")))
    checks = {c.key: c for c in run_checks(result, missing=[], year_labels=["2027-28", "2028-29", "2029-30"])}
    assert checks["surplus"].status == "fail"
    assert "2027-28" in checks["surplus"].detail
    assert checks["pension"].status == "fail"


def test_unrecoverable_vat_with_no_costs_bearing_it_is_a_warning():
    result = compute.compute(hand_worked_inputs(vat_cost_share=Decimal("0")))
    checks = {c.key: c for c in run_checks(result, missing=[], year_labels=["a", "b", "c"])}
    assert checks["vat"].status == "warning"


def test_claiming_the_employment_allowance_on_mostly_public_work_fails_unless_a_charity():
    result = compute.compute(hand_worked_inputs(employment_allowance=True))
    keys = {c.key: c.status for c in run_checks(result, missing=[], year_labels=["a", "b", "c"])}
    assert keys["employment_allowance"] == "fail"
    result = compute.compute(hand_worked_inputs(employment_allowance=True, charitable=True))
    keys = {c.key: c.status for c in run_checks(result, missing=[], year_labels=["a", "b", "c"])}
    assert "employment_allowance" not in keys


def test_missing_assumptions_are_one_failing_check_naming_them(result):
    checks = run_checks(result, missing=["Enter the contract price in year one"], year_labels=["a", "b", "c"])
    assert [(c.key, c.status) for c in checks] == [("complete", "fail")]
    assert "contract price" in checks[0].detail


def test_a_scenario_changes_only_what_it_names():
    base = hand_worked_inputs()
    lines = tuple(
        compute.Line(kind=line.kind, label=line.label, amounts=line.amounts, key=str(i))
        for i, line in enumerate(base.lines)
    )
    base = compute.Inputs(**{**base.__dict__, "lines": lines})
    down = compute.adjust(
        base, compute.Adjustment(contract_change=Decimal("-10"), pay_award_change=Decimal("2"), lost_line="0")
    )
    assert down.contract_price == Decimal("1080000")
    assert down.pay_award == Decimal("5")
    assert down.lines[0].amounts == (0, 0, 0)
    assert down.lines[1].amounts == base.lines[1].amounts
    assert down.pay_bill == base.pay_bill
    year1 = compute.compute(down).years[0]
    assert penny(year1.income) == Decimal("1116000.00")  # 1,080,000 + 0 training + 36,000 grant
