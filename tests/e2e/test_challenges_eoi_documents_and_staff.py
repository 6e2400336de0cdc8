"""Issue #19 in a real browser: a staff group's lead expresses an interest from the group's journey, and a
body attaches its accounts to a draft (an archive is refused). Every page passes axe-core."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from challenges.models import Attachment, ExpressionOfInterest, JourneyEOI

pytestmark = [pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _sign_in(page, base_url, email):
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/accounts/")


def test_a_lead_expresses_an_interest_from_the_journey(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    base = live_server.url
    _sign_in(page, base, "lead@demo.test")
    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name="Northbridge Libraries Staff Group").click()
    assert_accessible(page)
    page.get_by_role("link", name="Express an interest in running a council service").click()
    assert page.locator("h1").inner_text() == "Express an interest in running a council service"
    assert_accessible(page)

    # A missing answer is named in the error summary, and nothing is created.
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    assert "Select the service" in summary.inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    assert not JourneyEOI.objects.exists()

    page.get_by_label("Which service do you want to run?").select_option(label="Community library outreach")
    page.get_by_label("How many employees of the council support the expression of interest?").fill("14")
    page.get_by_label("How have staff been engaged").fill("Three open meetings and a survey of all 96 staff.")
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator("h1").inner_text() == "Express an interest in Community library outreach"
    assert_accessible(page)
    link = JourneyEOI.objects.select_related("eoi").get()
    assert link.supporting_employees == 14 and link.eoi.body_type == "STAFF2"

    # The journey lists it, and its page links back to the journey.
    page.goto(f"{base}/journeys/{link.journey_id}/")
    page.get_by_role("link", name=link.eoi.reference).click()
    expect(page.get_by_text("Supported by 14 employees")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="its journey").click()
    assert re.search(rf"/journeys/{link.journey_id}/$", page.url)


def test_a_body_attaches_its_accounts_and_an_archive_is_refused(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    _sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/services/")
    page.get_by_role("link", name="Youth clubs and detached youth work").click()
    page.get_by_role("button", name="Start an expression of interest").click()
    before = ExpressionOfInterest.objects.count()
    page.get_by_label("Financial resources of the body").fill("Reserves of 60,000 GBP.")
    page.get_by_role("button", name="Save and add a document").click()
    assert page.locator("h1").inner_text() == "Add a document"
    assert ExpressionOfInterest.objects.count() == before + 1
    assert_accessible(page)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("accounts.pdf", PDF)
    page.get_by_label("Accounts", exact=True).check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "accounts.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}
    )
    page.get_by_role("button", name="Add the document").click()
    assert "archive" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    assert not Attachment.objects.exists()

    page.get_by_label("Accounts", exact=True).check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "accounts 2025.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Add the document").click()
    assert "accounts 2025.pdf has been added" in page.locator(".govuk-notification-banner").inner_text()
    expect(page.get_by_role("link", name="accounts 2025.pdf (download)")).to_be_visible()
    assert_accessible(page)
    assert Attachment.objects.get().original_name == "accounts 2025.pdf"
