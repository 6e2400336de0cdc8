"""Issue #19 point 4 in a real browser: officer@demo.test asks body@demo.test for more information on an
expression of interest; the body sees the request and answers it on the expression of interest; the officer
reads the answer. Asking changes nothing about the expression of interest's status (it is never a ground to
reject). Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from challenges.models import Decision, EOIStatus, ExpressionOfInterest, InfoRequest

from .helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

BODY = "Northbridge Youth Forum"  # the demo's, acknowledged and waiting for a decision
QUESTION = "Please send the names of the two youth workers who would lead the detached work."
ANSWER = "Sam Patel and Jo Ellis, both JNC-qualified youth workers, would lead it."


def test_an_officer_asks_for_more_information_and_the_body_answers(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    eoi = ExpressionOfInterest.objects.get(body_name=BODY)
    reference = eoi.reference
    assert eoi.status == EOIStatus.ACKNOWLEDGED and not eoi.info_requests.exists()

    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/")
    page.get_by_label("Body name or reference").fill(BODY)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Ask the body for more information").click()
    assert page.locator("h1").inner_text() == "Ask for more information"
    expect(page.locator("main")).to_contain_text("Asking is not a ground to reject it")
    assert_accessible(page)

    # An empty question is refused.
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what information you need")
    assert_accessible(page)
    assert not InfoRequest.objects.filter(eoi=eoi).exists()

    page.get_by_label("What information do you need?").fill(QUESTION)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your request has been sent to the body")
    requests = page.locator(".govuk-summary-card", has_text=QUESTION)
    expect(requests).to_contain_text("Not answered yet")
    # The status is unchanged, and the decision can still be recorded either way.
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    expect(page.get_by_role("link", name="Record a decision")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The council asked for more information")
    assert_accessible(page)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED
    asked = InfoRequest.objects.get(eoi=eoi)
    assert (asked.question, asked.asked_by.email, asked.answer) == (QUESTION, "officer@demo.test", "")

    # The body sees the request on its expression of interest and answers it there.
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/my/")
    page.get_by_role("link", name=reference).click()
    card = page.locator(".govuk-summary-card", has_text=QUESTION)
    expect(card).to_contain_text("Not answered yet")
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    assert_accessible(page)
    card.get_by_role("link", name=re.compile(r"^Answer")).click()
    assert page.locator("h1").inner_text() == "Answer the council's request"
    expect(page.locator(".govuk-inset-text")).to_contain_text(QUESTION)
    assert_accessible(page)
    page.get_by_role("button", name="Send your answer").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your answer")
    assert_accessible(page)

    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent to the council")
    card = page.locator(".govuk-summary-card", has_text=QUESTION)
    expect(card).to_contain_text(ANSWER)
    expect(card.get_by_role("link", name=re.compile(r"^Answer"))).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    assert_accessible(page)

    # The officer reads the answer; the expression of interest is still waiting for a decision.
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/eois/{eoi.pk}/")
    expect(page.locator(".govuk-summary-card", has_text=QUESTION)).to_contain_text(ANSWER)
    expect(page.locator("main")).to_contain_text("The body answered the council's request")
    expect(page.locator("main")).to_contain_text("Status: Acknowledged")
    expect(page.get_by_role("link", name="Record a decision")).to_be_visible()
    assert_accessible(page)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED
    assert not Decision.objects.filter(eoi=eoi).exists()
    asked.refresh_from_db()
    assert (asked.answer, asked.answered_by.email) == (ANSWER, "body@demo.test")
