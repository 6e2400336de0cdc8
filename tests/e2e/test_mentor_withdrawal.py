"""An adviser withdraws a mentor's approval in a real browser. The demo's adviser, signed in with their authenticator
code, opens Ruth Adeyemi's approved offer from the mentoring page; the confirmation page names the mentoring that
will end (Riverside Community Therapy Team's); sent without a reason it is refused with the error summary, then
withdrawn. Ruth sees the withdrawal and its reason on her offer page, and Riverside's journey is closed to her.
Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from journeys.models import Journey
from programme.models import MentoringRequest, MentorOffer
from tests.e2e.helpers import sign_in, sign_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True)]

MENTOR = "Ruth Adeyemi"
GROUP = "Riverside Community Therapy Team"
REASON = "Ruth has taken a post with the commissioner of Riverside's service: a conflict of interest."


def test_an_adviser_withdraws_a_mentors_approval_and_the_mentoring_ends(
    live_server, demo_data, watched_page, assert_accessible, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    page = watched_page
    base = live_server.url
    riverside = Journey.objects.get(group__name=GROUP)
    assert MentoringRequest.objects.matched().filter(journey=riverside, offer__mentor__full_name=MENTOR).exists()

    sign_in_with_code(page, base, "adviser@demo.test")
    page.goto(f"{base}/programme/mentoring/")
    page.get_by_role("link", name=MENTOR, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MENTOR)
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw the approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the approval")
    expect(page.locator("#mentorings-ending")).to_contain_text(GROUP)
    expect(page.locator("main")).to_contain_text("will end now, with your reason recorded")
    assert_accessible(page)

    page.get_by_role("button", name="Withdraw the approval").click()  # no reason given
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you are withdrawing the approval")
    assert_accessible(page)
    assert MentorOffer.objects.get(mentor__full_name=MENTOR).status == MentorOffer.Status.APPROVED

    page.get_by_label("Why are you withdrawing the approval?").fill(REASON)
    page.get_by_role("button", name="Withdraw the approval").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Approval of {MENTOR}'s offer withdrawn: 1 mentoring ended"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Approval withdrawn")
    expect(page.get_by_role("link", name="Withdraw the approval")).to_have_count(0)
    assert_accessible(page)
    offer = MentorOffer.objects.get(mentor__full_name=MENTOR)
    assert offer.status == MentorOffer.Status.WITHDRAWN and offer.decision_note == REASON
    assert not MentoringRequest.objects.matched().filter(offer=offer).exists()

    sign_in(page, base, "mentor@demo.test")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Offer mentoring").click()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Approval withdrawn")
    expect(summary).to_contain_text(REASON)
    expect(page.locator("main")).not_to_contain_text(f"read the journey of {GROUP}")
    assert_accessible(page)
    # (asked outside the page, whose failed requests fail the test)
    assert page.request.get(f"{base}/journeys/{riverside.pk}/").status == 404
