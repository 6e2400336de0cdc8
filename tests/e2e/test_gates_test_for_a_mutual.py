"""Issue #22, "Done when", in a real browser: the Eastvale group (lead2@demo.test) is refused at the support
gate with a 14% ballot and passes it after a majority ballot; at the design gate a council-owned company is
refused with the reason, and a real mutual design (a community benefit society, staff on the board) is ready
to leave. Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from journeys.models import Journey, Stage
from tests.e2e.helpers import sign_in
from tests.journeys.factories import advance_to, complete_required

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Eastvale Home Care Team"


def _record_ballot(page, journey_url, *, day: str, votes_for: str, votes_against: str):
    page.goto(f"{journey_url}plan/staff-engagement/new/")
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Number of eligible staff").fill("100")
    page.get_by_label("Votes for the spin-out").fill(votes_for)
    page.get_by_label("Votes against").fill(votes_against)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff engagement")


def _design(page, journey_url, *, legal_form: str, ownership: str):
    page.goto(f"{journey_url}plan/legal-form/change/")
    page.get_by_label(legal_form, exact=True).check()
    page.get_by_label(ownership, exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(legal_form)


def test_the_gates_refuse_a_minority_ballot_and_a_council_owned_company(
    live_server, demo_data, watched_page, assert_accessible
):
    page = watched_page
    journey = Journey.objects.select_related("group").get(group__name=GROUP)
    lead = journey.group.memberships.get(user__email="lead2@demo.test").user
    advance_to(journey, Stage.SUPPORT, lead)
    complete_required(journey, Stage.SUPPORT, lead)
    sign_in(page, live_server.url, "lead2@demo.test")
    journey_url = f"{live_server.url}/journeys/{journey.pk}/"

    # 10 for and 60 against: 14% of the votes cast.
    _record_ballot(page, journey_url, day="3", votes_for="10", votes_against="60")
    page.goto(f"{journey_url}gate/")
    main = page.locator("main")
    expect(main).to_contain_text(
        "shows 14% of votes cast in favour: staff support needs more than half of the votes cast"
    )
    expect(page.get_by_role("button", name=re.compile("^Confirm and move"))).to_have_count(0)
    assert_accessible(page)

    # A later ballot with a majority clears it.
    _record_ballot(page, journey_url, day="24", votes_for="61", votes_against="20")
    page.goto(f"{journey_url}gate/")
    expect(main).not_to_contain_text("votes cast in favour: staff support needs")
    expect(main).to_contain_text("Ready to leave Building support")
    page.get_by_role("button", name="Confirm and move to Designing the mutual").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("moved to Designing the mutual")

    # Designing the mutual: its tasks done, a council-owned company is refused with the reason.
    journey.refresh_from_db()
    complete_required(journey, Stage.DESIGN, lead)
    _design(page, journey_url, legal_form="Council-owned company", ownership="Council-owned")
    page.goto(f"{journey_url}plan/governance/change/")
    page.get_by_label("Staff seats").fill("2")
    page.get_by_label("Commissioner seats").fill("3")
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{journey_url}gate/")
    expect(main).to_contain_text("A council-owned company is not a public service mutual")
    expect(page.get_by_role("button", name=re.compile("^Confirm and move"))).to_have_count(0)
    assert_accessible(page)

    # A community benefit society with staff on its board is a mutual: ready to leave.
    _design(page, journey_url, legal_form="Community benefit society", ownership="Multi-stakeholder")
    page.goto(f"{journey_url}gate/")
    expect(main).not_to_contain_text("not a public service mutual")
    expect(main).to_contain_text("Ready to leave Designing the mutual")
    assert_accessible(page)
