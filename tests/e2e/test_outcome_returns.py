"""Outcome returns in a real browser. The lead of the demo's spun-out supported mutual (lead4@demo.test, Priya
Shah of Harbourside Leisure Staff Mutual) opens the yearly returns from the journey and sends the return for
the financial year so far: a first try with the staff headcount left out and a staff turnover of 140% is
refused with the GOV.UK error summary naming both questions (nothing saved); corrected, it is sent and
confirmed. The journey's adviser, signed in with their authenticator code, then reads the return and its
figures. Every page is checked with axe."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from journeys.models import Journey, JourneyEvent
from programme import outcomes
from programme.models import OutcomeReturn, financial_year_label
from tests.e2e.helpers import sign_in, sign_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Harbourside Leisure Staff Mutual"
LEAD = "lead4@demo.test"


def test_a_lead_sends_an_outcome_return_and_the_adviser_reads_its_figures(
    live_server, demo_data, watched_page, assert_accessible, settings
):
    settings.TWO_FACTOR_REQUIRED = True  # as in production: the adviser signs in with a code
    page = watched_page
    base = live_server.url
    journey = Journey.objects.get(group__name=GROUP)
    year = outcomes.current_financial_year()
    label = financial_year_label(year)
    sent_before = set(OutcomeReturn.objects.filter(journey=journey).values_list("year", flat=True))
    assert sent_before == {year - 2, year - 1}  # the demo's two returns: the year so far is not sent yet

    sign_in(page, base, LEAD)
    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    page.get_by_role("link", name="Yearly outcome returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome returns")
    assert_accessible(page)
    page.get_by_role("link", name="Send a return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send an outcome return")
    assert_accessible(page)

    # A first try: the headcount left out, a staff turnover over 100%.
    page.get_by_label("Which financial year is this return for?").fill(str(year))
    page.get_by_label("Turnover for the year, in pounds").fill("4,720,000")
    page.get_by_label("Sickness absence: average days lost per employee").fill("6.1")
    page.get_by_label("Staff turnover: percentage of staff who left during the year").fill("140")
    page.get_by_label("Contracts won during the year").fill("4")
    page.get_by_label("Contracts lost or not renewed during the year").fill("1")
    page.get_by_label("Social value highlights (optional)").fill("A second lido season run with volunteers.")
    page.get_by_role("button", name="Send the return").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # Each message links to its question.
    headcount_error = summary.get_by_role("link", name="Enter the number of staff")
    expect(headcount_error).to_have_attribute("href", "#id_staff_headcount")
    percent_error = summary.get_by_role("link", name="Enter a percentage from 0 to 100")
    expect(percent_error).to_have_attribute("href", "#id_staff_turnover_percent")
    # ... and stands by its question too.
    expect(page.locator(".govuk-form-group--error .govuk-error-message")).to_have_count(2)
    expect(page.locator(".govuk-form-group--error", has=page.locator("#id_staff_headcount"))).to_contain_text(
        "Enter the number of staff"
    )
    # What was typed is kept.
    expect(page.get_by_label("Turnover for the year, in pounds")).to_have_value("4,720,000")
    assert_accessible(page)
    assert set(OutcomeReturn.objects.filter(journey=journey).values_list("year", flat=True)) == sent_before

    page.get_by_label("Staff at the end of the year (headcount)").fill("131")
    page.get_by_label("Staff turnover: percentage of staff who left during the year").fill("9.4")
    page.get_by_role("button", name="Send the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Outcome return for {label} sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome returns")
    row = page.locator("table tbody tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    expect(row).to_contain_text("131")
    expect(row).to_contain_text("Priya Shah")
    assert_accessible(page)

    sent = OutcomeReturn.objects.get(journey=journey, year=year)
    assert sent.staff_headcount == 131
    assert sent.turnover == Decimal("4720000")
    assert sent.sickness_absence_days == Decimal("6.1")
    assert sent.staff_turnover_percent == Decimal("9.4")
    assert sent.user_satisfaction_percent is None
    assert (sent.contracts_won, sent.contracts_lost) == (4, 1)
    assert sent.submitted_by.email == LEAD
    assert sent.history.get().history_user.email == LEAD
    assert JourneyEvent.objects.filter(
        journey=journey, actor__email=LEAD, summary=f"Submitted the outcome return for {label}"
    ).exists()

    # The journey's adviser reads it, from the journey, with every figure as sent.
    adviser = journey.assigned_adviser
    sign_in_with_code(page, base, adviser.email)
    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    page.get_by_role("link", name="Yearly outcome returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome returns")
    expect(page.get_by_role("link", name="Send a return")).to_have_count(0)  # advisers read, the group sends
    row = page.locator("table tbody tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("131")
    expect(cells.nth(1)).to_have_text("£4,720,000")
    expect(cells.nth(2)).to_have_text("6.1")
    expect(cells.nth(3)).to_have_text("9.4%")
    expect(cells.nth(4)).to_have_text("Not surveyed")
    expect(cells.nth(5)).to_have_text("4 / 1")
    expect(cells.nth(6)).to_contain_text("Priya Shah")
    expect(page.locator("main")).to_contain_text(f"Social value highlights, {label}")
    expect(page.locator("main")).to_contain_text("A second lido season run with volunteers.")
    assert_accessible(page)
