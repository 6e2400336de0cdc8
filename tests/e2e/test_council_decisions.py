"""Issue #22, point 7, in a real browser: the demo council's officer, signed in with their authenticator code,
opens the journey Northbridge Libraries Staff Group shares with the council, sees it as the group's journey,
is refused a cabinet decision without its reference (GOV.UK error summary), records it, and the task that asks
for it is completed and the decision is on the timeline; withdrawing it reopens the task. Every page is checked
with axe."""

import re

import pytest
from playwright.sync_api import expect

from journeys.models import CouncilDecision, Task
from tests.e2e.helpers import sign_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Northbridge Libraries Staff Group"


def test_an_officer_records_the_cabinet_decision_on_a_shared_journey(
    live_server, demo_data, watched_page, assert_accessible, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    page = watched_page
    base = live_server.url
    sign_in_with_code(page, base, "officer@demo.test")
    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    expect(page).to_have_title(re.compile(rf"^{GROUP}'s journey"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{GROUP}'s journey")
    expect(page.locator("main")).not_to_contain_text("Before you can move on")
    # The demo's in-principle support, recorded by the council, is on the overview.
    decisions = page.locator("#council-decisions + .govuk-summary-list")
    expect(decisions).to_contain_text("In-principle support")
    assert_accessible(page)

    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a council decision")
    page.get_by_label("Cabinet or key decision").check()
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Who took the decision?").fill("Cabinet")
    page.get_by_role("button", name="Save the decision").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the decision's reference: a cabinet or key decision has one")
    assert_accessible(page)
    assert not CouncilDecision.objects.filter(kind=CouncilDecision.Kind.KEY_DECISION).exists()

    page.get_by_label("Decision reference").fill("NCC/KD/2026/31")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Decision recorded: Cabinet or key decision")).to_be_visible()
    expect(decisions).to_contain_text("NCC/KD/2026/31")
    expect(page.locator(".app-timeline").first).to_contain_text("recorded: Cabinet or key decision")
    assert_accessible(page)

    decision_task = Task.objects.get(journey__group__name=GROUP, definition__slug="public-interest-decision")
    assert decision_task.status == Task.Status.COMPLETED
    page.get_by_role("link", name=decision_task.definition.title).click()
    expect(page.locator("#council-decision")).to_contain_text("NCC/KD/2026/31")
    assert_accessible(page)

    # Withdrawn (called in by scrutiny, say): the task it completed reopens.
    page.get_by_role("link", name="Back to the journey").click()
    page.get_by_role("link", name="Withdraw the decision: cabinet or key decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the decision: cabinet or key decision")
    assert_accessible(page)
    page.get_by_label("Why is the decision withdrawn?").fill("Called in by the scrutiny committee")
    page.get_by_role("button", name="Withdraw the decision").click()
    expect(page.get_by_text("Decision withdrawn: Cabinet or key decision")).to_be_visible()
    expect(decisions).not_to_contain_text("NCC/KD/2026/31")
    decision_task.refresh_from_db()
    assert decision_task.status == Task.Status.IN_PROGRESS
