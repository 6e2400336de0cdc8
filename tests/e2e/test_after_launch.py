"""Issue #22, point 9, in a real browser: the lead of the demo's spun-out mutual records an agreed extension on
the contract (a wrong end date is refused with the GOV.UK error summary first), sees the re-tender planning
dates move, then sees the yearly duties, takes one on and marks it done, and next year's comes up. Every page
is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from journeys.after_launch import add_months
from journeys.models import AnnualDuty, Contract
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Harbourside Leisure Staff Mutual"
RETURN = "Annual return and accounts to the FCA (AR30)"


def _fill_date(page, group_label: str, day) -> None:
    fieldset = page.get_by_role("group", name=re.compile(group_label))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_a_lead_records_the_contract_and_sees_the_yearly_duties(
    live_server, demo_data, watched_page, assert_accessible
):
    page = watched_page
    sign_in(page, live_server.url, "lead4@demo.test")
    page.goto(f"{live_server.url}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    expect(page.get_by_role("heading", name="After launch")).to_be_visible()
    expect(page.get_by_role("table", name="Yearly duties still to do")).to_contain_text(RETURN)
    assert_accessible(page)

    page.get_by_role("link", name="Record the contract, the registered mutual and its yearly duties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("After launch")
    assert_accessible(page)
    page.get_by_role("button", name="Change the contract").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The contract")
    contract = Contract.objects.get(journey__group__name=GROUP)

    # An end date before the start is refused, and nothing is saved.
    _fill_date(page, "^End date", contract.start_on)
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end date must be after the start date")
    assert_accessible(page)

    # The council agreed the first 12-month extension: the end date moves, and the planning dates with it.
    extended = add_months(contract.end_on, 12)
    _fill_date(page, "^End date", extended)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Contract saved")).to_be_visible()
    eighteen = add_months(extended, -18)
    expect(page.get_by_text(f"18 months before the end: {eighteen.day} {eighteen:%B %Y}")).to_be_visible()
    assert Contract.objects.get(pk=contract.pk).end_on == extended

    # The yearly duties, with what each is and its source; the lead takes the FCA return and marks it done.
    duties = page.get_by_role("table", name="Yearly duties still to do")
    expect(duties).to_contain_text("Annual general meeting")
    expect(page.get_by_text("Co-operative and Community Benefit Societies Act 2014 s.89").first).to_be_visible()
    duty = AnnualDuty.objects.open().get(journey__group__name=GROUP, kind="society_return")
    duties.get_by_role("link", name=RETURN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RETURN)
    assert_accessible(page)
    page.get_by_label("Owner").select_option(label="Priya Shah (you)")
    page.get_by_label("This is done").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{RETURN} saved and marked done")).to_be_visible()
    following = AnnualDuty.objects.open().get(journey__group__name=GROUP, kind="society_return")
    assert following.period_end == add_months(duty.period_end, 12) and following.owner.email == "lead4@demo.test"
    expect(page.get_by_role("table", name="Yearly duties done")).to_contain_text(RETURN)
    assert_accessible(page)
