"""lead3@demo.test works on the Riverside business case in a real browser: a change that leaves year one
overdrawn fails a check (the month named), fixing it passes, the scenarios are compared and the model is
downloaded as XLSX. Every page visited passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_lead_breaks_and_fixes_a_check_compares_scenarios_and_downloads_the_workbook(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead3@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")
    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name="Riverside Community Therapy Team").click()
    page.get_by_role("link", name="Financial model", exact=True).click()
    assert page.locator("h1").inner_text() == "Financial model"
    assert "Every check passes." in page.locator("main").inner_text()
    assert_accessible(page)

    # No opening cash and no council support: April is overdrawn, and the check says so.
    page.get_by_role("button", name="Change the assumptions").click()
    assert_accessible(page)
    page.get_by_label("Opening cash").fill("0")
    page.get_by_label("Council working-capital support").fill("0")
    page.get_by_label("Year the council support is repaid").fill("")
    page.get_by_role("button", name="Save the assumptions").click()
    text = page.locator("main").inner_text()
    assert "Cash is overdrawn in month 1 (April 2027)" in text
    assert "check failing" in text or "checks failing" in text
    assert_accessible(page)

    # A pension rate of 250 % is refused with the limits; then the support is put back.
    page.get_by_role("button", name="Change the assumptions").click()
    page.get_by_label("Employer pension contribution rate").fill("250%")
    page.get_by_role("button", name="Save the assumptions").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the employer pension contribution rate between 0% and 50%" in summary
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Employer pension contribution rate").fill("18.5%")
    page.get_by_label("Council working-capital support").fill("£300,000")
    page.get_by_label("Year the council support is repaid").fill("3")
    page.get_by_label("Opening cash").fill("50000")
    page.get_by_role("button", name="Save the assumptions").click()
    assert "Every check passes." in page.locator("main").inner_text()

    page.get_by_role("link", name="Scenarios and sensitivity").click()
    text = page.locator("main").inner_text()
    assert "Downside" in text and "Upside" in text and "contract price -10.0%" in text
    assert_accessible(page)

    page.get_by_role("link", name="Back to the financial model").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the model as a spreadsheet (XLSX, with live formulas)").click()
    download = info.value
    assert download.suggested_filename.startswith("financial-model-riverside-community-therapy-team-")
    with open(download.path(), "rb") as file:
        assert file.read(2) == b"PK"  # a zip container, as every XLSX is
