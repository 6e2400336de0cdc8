"""Issue #19 point 3 in a real browser: an officer sets a service's own procurement periods (a period the
council's default would contradict is refused with an error summary) and the public service page publishes
them. Every page passes axe-core."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from challenges.models import ChallengeableService

from .helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

PARKS = "Parks and green spaces maintenance"


@pytest.fixture
def demo_data():
    call_command("seed_demo", "--skip-packs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_an_officer_sets_a_services_periods_and_the_service_page_publishes_them(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/officer/services/")
    page.get_by_role("link", name=PARKS).click()
    expect(page.get_by_role("group", name="Procurement periods for this service")).to_be_visible()
    assert_accessible(page)

    # A maximum shorter than the council's minimum (60 days) is refused, and nothing changes.
    page.get_by_label("Maximum period in days (optional)").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("the council's minimum period of 60 days")
    assert_accessible(page)
    parks = ChallengeableService.objects.get(name=PARKS)
    assert (parks.procurement_min_days, parks.procurement_max_days) == (None, None)

    page.get_by_label("Minimum period in days (optional)").fill("90")
    page.get_by_label("Maximum period in days (optional)").fill("400")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Your council's services")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(PARKS))).to_contain_text("90 to 400 days Set for this service")

    page.context.clear_cookies()
    page.goto(f"{base}/challenges/services/{parks.pk}/")
    expect(page.locator("dl")).to_contain_text(
        "Starts 90 to 400 days after the council accepts an expression of interest"
    )
    expect(page.locator("dl")).to_contain_text("Set for this service.")
    assert_accessible(page)
