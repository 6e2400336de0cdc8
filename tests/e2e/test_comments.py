"""Issue #22, point 5, in a real browser: the Riverside lead asks the adviser a question on the risk
register (an empty comment is refused with the error summary first); the adviser finds it among the
journey's comments and answers; a comment for the group only never reaches the adviser. Pages checked
with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Riverside Community Therapy Team"


def _open_journey(page, live_server, email):
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(GROUP)


def test_a_lead_and_the_adviser_talk_about_the_risk_register(live_server, demo_data, watched_page, assert_accessible):
    page = watched_page
    _open_journey(page, live_server, "lead3@demo.test")
    page.get_by_role("link", name="Risk register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    comments = page.locator("#comments")
    # The demo's own comment on the risk register, for the group only.
    expect(comments).to_contain_text("LGPS admission bond")
    expect(comments).to_contain_text("Seen by the staff group only")

    page.get_by_role("button", name="Add comment").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a comment")
    assert_accessible(page)

    page.get_by_role("textbox", name="Comment").fill("Is a 30% chance of the bond costing more a fair likelihood?")
    page.get_by_label("The Mutuals Support Programme adviser").check()
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Comment added")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments on Risk register")
    expect(page.locator(".app-comment").last).to_contain_text("Seen by the staff group and the programme's adviser")
    assert_accessible(page)

    _open_journey(page, live_server, "adviser@demo.test")
    page.get_by_role("link", name="Comments", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments")
    listed = page.locator(".app-comment")
    expect(listed.first).to_contain_text("Is a 30% chance of the bond costing more")
    # The group's own comment is not the adviser's to read.
    expect(page.locator("main")).not_to_contain_text("LGPS admission bond")
    assert_accessible(page)
    listed.first.get_by_role("link", name="Risk register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments on Risk register")
    answer = "Yes: the council's actuary gave a range, use its top end in the downside."
    page.get_by_role("textbox", name="Comment").fill(answer)
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Comment added")).to_be_visible()
    expect(page.locator(".app-comment").last).to_contain_text("Cabinet Office adviser")
    assert_accessible(page)
