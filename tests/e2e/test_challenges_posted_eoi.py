"""Issue #19 point 2 in a real browser: officer@demo.test records an expression of interest that came by post,
on behalf of a body with no account (its details, the date it was received, the scanned letter). It is listed
with the council's others, its deadlines run from the day it was received, and it follows the same path: it
is acknowledged. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import ChallengeSettings, EOIStatus, ExpressionOfInterest, Route

from .helpers import fill_date, sign_in, small_pdf

pytestmark = [pytest.mark.django_db(transaction=True)]

BODY = "Hillside Residents Association"
PARKS = "Parks and green spaces maintenance"


def _value(page, key):
    """The value of a summary list's row, found by its key."""
    row = page.locator(".govuk-summary-list__row", has=page.get_by_role("term").filter(has_text=re.compile(f"^{key}$")))
    return row.locator(".govuk-summary-list__value")


def test_an_officer_records_a_posted_eoi_with_its_original_and_acknowledges_it(
    demo_data, live_server, watched_page, assert_accessible, tmp_path
):
    page = watched_page
    base = live_server.url
    letter = tmp_path / "hillside letter.pdf"
    letter.write_bytes(small_pdf("Hillside Residents Association: expression of interest"))
    today = timezone.localdate()
    received = today - timedelta(days=10)

    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/")
    page.get_by_role("link", name="Record an expression of interest received by email or post").click()
    assert page.locator("h1").inner_text() == "Record an expression of interest received by email or post"
    assert_accessible(page)

    page.get_by_label("Which service is it about?").select_option(label=f"{PARKS} (Northbridge City Council)")
    page.get_by_label("By post").check()
    fill_date(page, "Date it was received", today + timedelta(days=1))
    page.get_by_label("Voluntary or community body").check()
    page.get_by_label("Name of the body").fill(BODY)
    page.get_by_label("Contact name").fill("Amira Okafor")
    page.get_by_label("Financial resources of the body").fill("Reserves of 9,500 GBP.")
    page.get_by_label("Capability to provide the service").fill("We have looked after Hillside green since 2016.")
    # A date still to come, and no original: both refused, and nothing is recorded.
    page.get_by_role("button", name="Record it as received").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Upload the original expression of interest")
    assert_accessible(page)
    assert not ExpressionOfInterest.objects.filter(body_name=BODY).exists()

    page.get_by_label("The original (scanned letter or the email)").set_input_files(letter)
    page.get_by_role("button", name="Record it as received").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date it was received must be today or in the past"
    )
    assert_accessible(page)
    assert not ExpressionOfInterest.objects.filter(body_name=BODY).exists()

    fill_date(page, "Date it was received", received)
    page.get_by_label("The original (scanned letter or the email)").set_input_files(letter)
    page.get_by_role("button", name="Record it as received").click()
    eoi = ExpressionOfInterest.objects.get(body_name=BODY)
    reference = eoi.reference
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{reference} recorded as received on {received.day} {received:%B %Y}"
    )
    assert page.locator("h1").inner_text() == BODY
    assert_accessible(page)

    # The 30 days run from the day it was received: parks take expressions of interest at any time (no period).
    acknowledge_by = received + timedelta(days=30)
    decide_by = received + timedelta(days=ChallengeSettings.for_council(eoi.service.council).decision_period_days)
    assert (eoi.route, eoi.submitted_by, eoi.received_on) == (Route.POST, None, received)
    assert (eoi.acknowledgement_due_on, eoi.decision_due_on) == (acknowledge_by, decide_by)
    expect(_value(page, "Received")).to_have_text(f"{received.day} {received:%B %Y}")
    expect(_value(page, "Sent")).to_contain_text("By post; recorded by Helen Price")
    expect(_value(page, "Acknowledge by")).to_have_text(f"{acknowledge_by.day} {acknowledge_by:%B %Y}")
    expect(_value(page, "Decide by")).to_have_text(f"{decide_by.day} {decide_by:%B %Y}")
    expect(page.locator("main")).to_contain_text(f"Received by post on {received.day} {received:%B %Y}")

    # The scanned original is kept and served to the council's officers.
    href = page.get_by_role("link", name="Download the original (hillside letter.pdf)").get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200
    assert response.body() == letter.read_bytes()

    # It is in the council's list with the others, to acknowledge by that date.
    page.goto(f"{base}/challenges/?status=RECEIVED")
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text(BODY)
    expect(row).to_contain_text(PARKS)
    cells = row.get_by_role("cell")
    expect(cells.nth(3)).to_have_text("Received")
    expect(cells.nth(4)).to_have_text(f"{acknowledge_by.day} {acknowledge_by:%b %Y}")
    assert_accessible(page)

    # The same path as one sent online.
    row.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{reference} acknowledged")
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    expect(_value(page, "Acknowledge by")).to_have_text(
        f"{acknowledge_by.day} {acknowledge_by:%B %Y} (acknowledged {today.day} {today:%B %Y})"
    )
    expect(page.get_by_role("link", name="Record a decision")).to_be_visible()
    assert_accessible(page)
    eoi.refresh_from_db()
    assert (eoi.status, eoi.acknowledged_on) == (EOIStatus.ACKNOWLEDGED, today)
