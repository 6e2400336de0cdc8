"""Issue #23, "Done when", in a real browser: a staff group is matched with a mentor who sees only that journey.
Eastvale's journey is taken into the Support Programme; its lead (lead2@demo.test) asks for a mentor from the
journey (an empty request refused with the error summary first); the adviser matches the request with Ruth
Adeyemi, who has room for one more group; the mentor can then read Eastvale's journey, and still not a journey
that did not ask for her. Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from journeys.models import Journey
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Eastvale Home Care Team"


def test_a_lead_asks_for_a_mentor_and_the_adviser_matches_one(live_server, demo_data, watched_page, assert_accessible):
    page = watched_page
    base = live_server.url
    eastvale = Journey.objects.get(group__name=GROUP)
    Journey.objects.filter(pk=eastvale.pk).update(in_support_programme=True)
    northbridge = Journey.objects.get(group__name="Northbridge Libraries Staff Group")

    sign_in(page, base, "lead2@demo.test")
    page.goto(f"{base}/programme/journeys/{eastvale.pk}/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for a mentor").click()
    page.get_by_role("button", name="Ask for a mentor").click()  # nothing chosen
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Business plan and finance").check()
    page.get_by_label("Anything else a mentor should know (optional)").fill("The council decides in March.")
    page.get_by_role("button", name="Ask for a mentor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request sent")
    assert_accessible(page)

    sign_in(page, base, "adviser@demo.test")
    page.goto(f"{base}/programme/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^{GROUP}")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ruth Adeyemi, Larkspur Community Care CIC").check()
    page.get_by_role("button", name="Match").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Ruth Adeyemi is now mentoring {GROUP}")
    assert_accessible(page)

    sign_in(page, base, "mentor@demo.test")
    page.goto(f"{base}/journeys/{eastvale.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(GROUP)
    assert_accessible(page)
    # (asked outside the page, whose failed requests fail the test)
    assert page.request.get(f"{base}/journeys/{northbridge.pk}/").status == 404
