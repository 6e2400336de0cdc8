"""The financial model's pages: assumptions with money and percent parsing, refusal of absurd values,
the version check, lines, the computed model and its checks, scenarios, the gate and the data migration."""

import importlib
import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journeys.demo import RIVERSIDE_ASSUMPTIONS
from journeys.finance import services as finance_services
from journeys.finance.models import FinanceLine, FinancialModel, Scenario
from journeys.gates import missing_for_stage
from journeys.models import Forecast, ForecastLine, JourneyEvent, Stage
from tests.journeys.factories import advance_to, complete_required, passing_financial_model


def _post(client, journey, **values):
    data = {"years": "3", **values}
    if "start_on" in data:
        day = data.pop("start_on")
        data.update(start_on_0=str(day.day), start_on_1=str(day.month), start_on_2=str(day.year))
    return client.post(reverse("journeys:finance_assumptions", args=[journey.pk]), data)


def _full(**changes):
    """The demo's business case as a form would post it."""
    values = {k: v for k, v in RIVERSIDE_ASSUMPTIONS.items() if v is not None}
    values.update(changes)
    out = {}
    for key, value in values.items():
        if isinstance(value, bool):
            if value:
                out[key] = "on"
        elif isinstance(value, date):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def test_a_member_enters_money_and_percentages_as_people_type_them(client, journey, member):
    client.force_login(member)
    response = _post(
        client,
        journey,
        contract_price="£1,200,000",
        pay_bill="1200000.50",
        pension_rate="12.5%",
        pay_award="2.5",
        start_on=date(2027, 4, 1),
    )
    assert response.status_code == 302
    model = FinancialModel.objects.get(journey=journey)
    assert model.contract_price == Decimal("1200000")
    assert model.pay_bill == Decimal("1200000.50")
    assert model.pension_rate == Decimal("12.5")
    assert model.pay_award == Decimal("2.5")
    assert model.contract_indexation == 0  # left blank: its default
    assert model.updated_by == member
    event = JourneyEvent.objects.filter(journey=journey, kind=JourneyEvent.Kind.PLAN).latest("id")
    assert event.actor == member
    assert event.summary == "Started the financial model"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pension_rate", "250", "Enter the employer pension contribution rate between 0% and 50%"),
        ("pension_rate", "-3%", "Enter the employer pension contribution rate between 0% and 50%"),
        ("pension_rate", "twelve", "Enter the employer pension contribution rate as a number, like 12.5 or 12.5%"),
        ("contract_price", "-5", "Enter the contract price in year one between £0 and £1,000,000,000"),
        (
            "contract_price",
            "12.345",
            "Enter the contract price in year one with no more than 2 digits after the decimal point (pence)",
        ),
        ("contract_price", "12 pounds", "Enter the contract price in year one in pounds, like 1,200,000 or 1200000.50"),
        ("contract_price", "£5,000,000,000", "Enter the contract price in year one between £0 and £1,000,000,000"),
        ("debtor_days", "400", "Enter the debtor days as a whole number from 0 to 180"),
        ("ni_rate", "1e3", "Enter the employer National Insurance rate as a number, like 12.5 or 12.5%"),
        ("ni_rate", "31", "Enter the employer National Insurance rate between 0% and 30%"),
    ],
)
def test_absurd_values_are_refused_with_a_clear_message_and_nothing_is_saved(
    client, journey, member, field, value, message
):
    client.force_login(member)
    response = _post(client, journey, **{field: value, "contract_price": "100", **{field: value}})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert message in html, html[html.find("govuk-error-summary") :][:1500]
    assert not FinancialModel.objects.exists()
    assert not JourneyEvent.objects.filter(journey=journey, kind=JourneyEvent.Kind.PLAN).exists()


def test_support_repaid_after_the_plan_or_with_none_borrowed_is_refused(client, journey, member):
    client.force_login(member)
    html = _post(client, journey, council_support="100000", council_support_repaid_year="4").content.decode()
    assert "Enter a year from 1 to 3, or leave it blank" in html
    html = _post(client, journey, council_support_repaid_year="2").content.decode()
    assert "there is no council support to repay" in html
    assert not FinancialModel.objects.exists()


def test_a_stale_form_does_not_overwrite_someone_elses_save(client, journey, member, lead):
    client.force_login(member)
    _post(client, journey, contract_price="1000000")
    model = FinancialModel.objects.get()
    finance_services.assumptions_save(
        journey=journey, values={"contract_price": Decimal("900000")}, version=model.version, by=lead
    )
    response = _post(client, journey, contract_price="1100000", version=str(model.version))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved the assumptions while you were editing them" in html
    assert "Lena Lead saved the assumptions" in html
    assert "£900,000.00" in html and "£1,100,000.00" in html  # theirs and yours, side by side
    model.refresh_from_db()
    assert model.contract_price == Decimal("900000") and model.version == 2
    # Saving again from the conflict page (it carries the new version) applies the change.
    response = _post(client, journey, contract_price="1100000", version="2")
    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.contract_price, model.version) == (Decimal("1100000"), 3)


def test_every_change_is_logged_with_old_and_new_values(client, journey, member):
    client.force_login(member)
    _post(client, journey, contract_price="1000000")
    _post(client, journey, contract_price="1,250,000", version="1")
    event = JourneyEvent.objects.filter(journey=journey).latest("id")
    assert event.summary == "Changed the financial model's assumptions (1)"
    assert event.detail == "contract price in year one: £1,000,000.00 → £1,250,000.00"
    assert event.actor == member


def test_the_empty_model_page_explains_what_to_do(client, journey, member):
    client.force_login(member)
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "No financial model yet" in html
    assert reverse("journeys:finance_assumptions", args=[journey.pk]) in html


def test_an_incomplete_model_names_what_is_missing(client, journey, member):
    client.force_login(member)
    _post(client, journey, contract_price="1000000")
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "Enter the council&#x27;s current cost of the service" in html
    assert "Enter the employer pension contribution rate" in html
    assert "Key figures" not in html  # nothing worked out from blanks


def test_the_model_page_shows_the_computed_business_case(client, journey, member):
    client.force_login(member)
    assert _post(client, journey, **_full()).status_code == 302
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "Every check passes." in html
    assert "Pension deficit contributions" in html
    assert "£45,000" in html
    for caption in [
        "Income and expenditure by year",
        "The council&#x27;s current cost against the contract price",
        "Cash flow in year one, month by month",
        "Balance sheet at each year end",
        "Sources and uses of funds in year one",
    ]:
        assert caption in html
    assert "April 2027" in html and "March 2028" in html
    assert "Break-even contract price in 2027-28" in html


def test_a_failing_check_names_the_month_and_blocks_the_gate(client, journey, lead):
    advance_to(journey, Stage.BUSINESS_PLAN, lead)
    complete_required(journey, Stage.BUSINESS_PLAN, lead)
    passing_financial_model(journey, lead)
    model = FinancialModel.objects.get(journey=journey)
    assert not [m for m in missing_for_stage(journey) if m.startswith("Financial model")]
    finance_services.assumptions_save(
        journey=journey,
        values={"opening_cash": Decimal("0"), "council_support": Decimal("0"), "council_support_repaid_year": None},
        version=model.version,
        by=lead,
    )
    missing = missing_for_stage(journey)
    assert "Financial model check failing: Cash never falls below zero" in missing
    client.force_login(lead)
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "Cash is overdrawn in month 1 (April 2027)" in html


def test_the_gate_lists_each_missing_assumption(journey, lead):
    advance_to(journey, Stage.BUSINESS_PLAN, lead)
    complete_required(journey, Stage.BUSINESS_PLAN, lead)
    finance_services.assumptions_save(journey=journey, values={"years": 3}, version=None, by=lead)
    missing = missing_for_stage(journey)
    assert "Financial model: Enter the contract price in year one" in missing
    assert "Financial model: Enter the share of input VAT you can recover (your VAT position)" in missing


def test_lines_are_added_and_removed_and_logged(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    url = reverse("journeys:finance_line_new", args=[journey.pk])
    response = client.post(
        url,
        {
            "kind": "income",
            "label": "Traded services",
            "source": "Price list 2027",
            "year_1": "£10,000",
            "year_2": "12000.50",
        },
    )
    assert response.status_code == 302
    line = FinanceLine.objects.get()
    assert line.amounts(3) == [Decimal("10000"), Decimal("12000.50"), Decimal("0")]
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "Traded services" in html and "Price list 2027" in html
    client.post(reverse("journeys:finance_line_delete", args=[journey.pk, line.pk]))
    assert not FinanceLine.objects.exists()
    summaries = list(JourneyEvent.objects.filter(journey=journey).values_list("summary", flat=True))
    assert "Added a financial model income line: Traded services" in summaries
    assert "Removed the financial model line: Traded services" in summaries


def test_each_wrong_year_of_a_line_is_named_once_with_the_line_and_the_year(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    model = FinancialModel.objects.get(journey=journey)
    url = reverse("journeys:finance_line_new", args=[journey.pk])
    data = {"kind": "cost", "label": "Training", "year_1": "lots", "year_2": "-5", "year_3": "lots"}
    html = client.post(url, data).content.decode()
    first, second, third = model.year_labels[:3]
    bad = f"Enter the amount of “Training” in {first} in pounds, like 1,200,000 or 1200000.50"
    assert html.count(f'<a href="#id_year_1">{bad}</a>') == 1
    assert f"Enter the amount of “Training” in {second} between £0 and £1,000,000,000" in html
    assert f"Enter the amount of “Training” in {third} in pounds" in html
    assert html.count("in pounds, like 1,200,000") == 4  # years 1 and 3: once in the summary, once by the input
    assert not FinanceLine.objects.exists()


def test_a_line_of_another_journey_cannot_be_removed(client, journey, member, other_journey):
    other = finance_services.assumptions_save(journey=other_journey, values={"years": 3}, version=None, by=None)
    line = FinanceLine.objects.create(model=other, kind="cost", label="Theirs")
    client.force_login(member)
    response = client.post(reverse("journeys:finance_line_delete", args=[journey.pk, line.pk]))
    assert response.status_code == 404
    assert FinanceLine.objects.filter(pk=line.pk).exists()


def test_scenarios_side_by_side_and_the_sensitivity_table(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    url = reverse("journeys:finance_scenario_edit", args=[journey.pk, "downside"])
    response = client.post(url, {"contract_change": "-10%", "pay_award_change": "2"})
    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert (scenario.contract_change, scenario.pay_award_change) == (Decimal("-10"), Decimal("2"))
    html = client.get(reverse("journeys:finance_scenarios", args=[journey.pk])).content.decode()
    assert "contract price -10.0%, pay award +2.0 points" in html
    assert 'Set up<span class="govuk-visually-hidden"> the upside scenario' in html
    assert "Contract price" in html and "Pay bill" in html  # the assumptions that move the surplus most
    assert client.get(reverse("journeys:finance_scenario_edit", args=[journey.pk, "sideways"])).status_code == 404


def test_the_model_page_makes_the_same_queries_however_many_lines(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    model = FinancialModel.objects.get()
    url = reverse("journeys:finance", args=[journey.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    FinanceLine.objects.create(model=model, kind="cost", label="One", year_1=1)
    few = queries()
    FinanceLine.objects.bulk_create(FinanceLine(model=model, kind="income", label=f"L{i}", year_1=i) for i in range(30))
    assert queries() == few


def test_the_migration_moves_every_forecast_line_into_the_model(journey):
    forecast = Forecast.objects.create(journey=journey, first_year=2027, years=4)
    ForecastLine.objects.create(
        forecast=forecast, kind="income", label="Contract", year_1=Decimal("1000.50"), year_4=Decimal("7")
    )
    ForecastLine.objects.create(
        forecast=forecast, kind="cost", label="Staff", year_2=Decimal("900"), year_5=Decimal("3")
    )
    migration = importlib.import_module("journeys.migrations.0008_forecast_into_financial_model")
    migration.forward(apps, None)
    model = FinancialModel.objects.get(journey=journey)
    assert (model.years, model.start_on) == (4, date(2027, 4, 1))
    rows = list(model.lines.values_list("kind", "label", "year_1", "year_2", "year_3", "year_4", "year_5"))
    assert rows == [
        ("cost", "Staff", 0, Decimal("900"), 0, 0, Decimal("3")),
        ("income", "Contract", Decimal("1000.50"), 0, 0, Decimal("7"), 0),
    ]
    migration.forward(apps, None)  # run again: nothing doubled
    assert FinanceLine.objects.count() == 2


def test_the_charts_are_svg_with_a_text_alternative(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert 'role="img" aria-labelledby="chart-income-costs-title chart-income-costs-desc"' in html
    assert re.search(r"<desc id=\"chart-income-costs-desc\">2027-28: income £[0-9.]+m, costs £[0-9.]+m; 2028-29", html)
    assert "Closing cash each month of year one, from £" in html
    assert "at the end of April 2027" in html


def test_the_scenario_chart_draws_a_deficit_below_zero(client, journey, member):
    from journeys.finance.charts import scenarios
    from journeys.finance.scenarios import comparison
    from journeys.finance.selectors import computed

    client.force_login(member)
    _post(client, journey, **_full())
    client.post(reverse("journeys:finance_scenario_edit", args=[journey.pk, "downside"]), {"contract_change": "-10"})
    model = FinancialModel.objects.get()
    chart = scenarios(comparison(computed(model), list(Scenario.objects.all())))
    assert chart.description == "Base: £252k; Downside: -£574k"
    html = client.get(reverse("journeys:finance_scenarios", args=[journey.pk])).content.decode()
    assert 'aria-labelledby="chart-scenarios-title chart-scenarios-desc"' in html


def test_lines_moved_from_the_forecast_carry_a_warning_until_their_source_is_checked(client, journey, member):
    client.force_login(member)
    _post(client, journey, **_full())
    line = FinanceLine.objects.create(
        model=FinancialModel.objects.get(), kind="income", label="Core contract", source="Financial forecast"
    )
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "These lines came from the financial forecast: Core contract." in html
    assert "Every check passes, with 1 point to look at." in html  # a warning does not block the gate
    line.source = "Checked against the draft contract"
    line.save()
    html = client.get(reverse("journeys:finance", args=[journey.pk])).content.decode()
    assert "These lines came from the financial forecast" not in html
