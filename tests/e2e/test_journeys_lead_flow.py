"""lead@demo.test works through the design stage in a real browser: a task with evidence, a ballot,
the legal form and board, then the stage gate. Every page visited passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60


def _complete_task(page, assert_accessible, title):
    # From the task list: "Your tasks" above it links to the tasks the demo's lead owns as well.
    page.locator(".govuk-task-list").get_by_role("link", name=title, exact=True).click()
    assert page.locator("h1").inner_text() == title
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Save task").click()
    assert f"Task saved: {title}" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)


def test_lead_completes_a_task_with_evidence_records_a_ballot_and_passes_the_gate(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    sign_in(page, base)

    page.locator(".govuk-service-navigation").get_by_role("link", name="Your journey").click()
    assert page.locator("h1").inner_text() == "Your journeys"
    assert_accessible(page)
    page.get_by_role("link", name="Northbridge Libraries Staff Group").click()
    journey_url = page.url
    assert re.search(r"/journeys/\d+/$", journey_url)
    assert "Stage 3 of 6: Designing the mutual" in page.locator(".govuk-summary-list").first.inner_text()
    assert_accessible(page)

    # A task that needs evidence: refused without it, a disguised executable refused, a PDF accepted.
    page.locator(".govuk-task-list").get_by_role("link", name="Draft the rules or articles", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Completed").check()
    page.get_by_role("button", name="Save task").click()
    assert "Upload evidence before you mark this task as completed" in page.locator(".govuk-error-summary").inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.set_input_files(
        "input[type=file]", files=[{"name": "rules.pdf", "mimeType": "application/pdf", "buffer": EXE}]
    )
    page.get_by_role("button", name="Upload evidence").click()
    assert "content does not match its name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.set_input_files(
        "input[type=file]", files=[{"name": "Draft rules.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload evidence").click()
    assert "evidence uploaded: Draft rules.pdf" in page.locator(".govuk-notification-banner").inner_text()
    expect(page.get_by_role("link", name="Draft rules.pdf", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Completed").check()
    page.get_by_label("Notes", exact=True).fill("Model rules from Co-operatives UK, adapted by our solicitor.")
    page.get_by_role("button", name="Save task").click()
    assert "Task saved: Draft the rules or articles" in page.locator(".govuk-notification-banner").inner_text()

    _complete_task(page, assert_accessible, "Choose a legal form and ownership model")
    _complete_task(page, assert_accessible, "Decide the board mix and staff directors")
    _complete_task(page, assert_accessible, "Set up a shadow board and brief directors on their duties")

    # A staff ballot: numbers that do not add up are refused, then the figures are computed.
    page.get_by_role("link", name="Staff engagement (ballots and surveys)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record a ballot or survey").click()
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Number of eligible staff").fill("96")
    page.get_by_label("Votes for the spin-out").fill("80")
    page.get_by_label("Votes against").fill("20")
    page.get_by_role("button", name="Save and continue").click()
    assert "more than the 96 eligible staff" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Votes for the spin-out").input_value() == "80"
    assert_accessible(page)
    page.get_by_label("Votes against").fill("8")
    page.get_by_role("button", name="Save and continue").click()
    assert "90.9% of votes cast" in page.locator("main").inner_text()
    assert_accessible(page)

    # The design stage's gate facts: legal form and board.
    page.goto(journey_url)
    page.get_by_role("link", name="Legal form and ownership model", exact=True).click()
    page.get_by_role("button", name="Choose a legal form").click()
    assert_accessible(page)
    page.get_by_label("Community benefit society").check()
    page.get_by_label("Multi-stakeholder").check()
    page.get_by_role("button", name="Save and continue").click()
    assert "Community benefit society" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    page.goto(journey_url)
    page.get_by_role("link", name="Governance: board seats").click()
    page.get_by_role("button", name="Record board seats").click()
    page.get_by_label("Staff seats").fill("4")
    page.get_by_label("Service users seats").fill("3")
    page.get_by_label("Community seats").fill("2")
    page.get_by_role("button", name="Save and continue").click()
    assert "9" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)

    # The gate: the lead of an unsupported journey confirms, and the journey moves on.
    page.goto(journey_url + "gate/")
    assert "Ready to leave Designing the mutual" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and move to Business plan").click()
    page.wait_for_url(journey_url)
    assert "Your journey has moved to Business plan" in page.locator(".govuk-notification-banner").inner_text()
    assert "Stage 4 of 6: Business plan" in page.locator(".govuk-summary-list").first.inner_text()
    assert "Journey moved from Designing the mutual to Business plan" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(journey_url + "timeline/")
    assert "Evidence added to Draft the rules or articles: Draft rules.pdf" in page.locator("main").inner_text()
    assert_accessible(page)
