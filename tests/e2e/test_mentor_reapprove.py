"""An adviser approves a mentor's offer again in a real browser. Ruth Adeyemi's approval was withdrawn (by the
service, before the browser opens): the demo's adviser, signed in with their authenticator code, finds her offer in
the mentoring page's list of offers not approved or withdrawn, with its reason; the confirmation page shows that
reason and says the mentoring that ended does not start again; sent without a reason it is refused with the error
summary, then approved again. Ruth sees the approval and its reason on her offer page. Every page is checked with
axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from programme import services
from programme.models import MentoringRequest, MentorOffer
from tests.e2e.helpers import sign_in, sign_in_with_code

pytestmark = [pytest.mark.django_db(transaction=True)]

MENTOR = "Ruth Adeyemi"
WITHDRAWN = "Ruth has taken a post with the commissioner of Riverside's service: a conflict of interest."
REASON = "Ruth has left the commissioner's team: the conflict of interest has ended."


def test_an_adviser_approves_a_withdrawn_offer_again(live_server, demo_data, watched_page, assert_accessible, settings):
    settings.TWO_FACTOR_REQUIRED = True
    page = watched_page
    base = live_server.url
    offer = MentorOffer.objects.get(mentor__full_name=MENTOR)
    services.mentor_offer_withdraw(
        offer=offer, by=User.objects.get(email="adviser@demo.test"), reason=WITHDRAWN, version=offer.version
    )

    sign_in_with_code(page, base, "adviser@demo.test")
    page.goto(f"{base}/programme/mentoring/")
    row = page.locator("tr", has=page.get_by_role("link", name=MENTOR, exact=True))
    expect(row).to_contain_text("Approval withdrawn")
    expect(row).to_contain_text(WITHDRAWN)
    assert_accessible(page)
    row.get_by_role("link", name=MENTOR, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MENTOR)
    expect(page.get_by_role("link", name="Withdraw the approval")).to_have_count(0)
    page.get_by_role("link", name="Approve again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the offer again")
    expect(page.locator(".govuk-summary-list")).to_contain_text(WITHDRAWN)
    expect(page.locator("main")).to_contain_text("Mentorings that ended when the approval was withdrawn do not start")
    assert_accessible(page)

    page.get_by_role("button", name="Approve the offer again").click()  # no reason given
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you are approving the offer now")
    assert_accessible(page)
    assert MentorOffer.objects.get(pk=offer.pk).status == MentorOffer.Status.WITHDRAWN

    page.get_by_label("Why are you approving the offer now?").fill(REASON)
    page.get_by_role("button", name="Approve the offer again").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{MENTOR}'s offer to mentor is approved again")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Approved")
    expect(page.get_by_role("link", name="Withdraw the approval")).to_be_visible()
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.status == MentorOffer.Status.APPROVED and offer.decision_note == REASON
    assert not MentoringRequest.objects.matched().filter(offer=offer).exists()  # the ended mentoring stays ended

    sign_in(page, base, "mentor@demo.test")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Offer mentoring").click()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Approved")
    expect(summary).to_contain_text(REASON)
    assert_accessible(page)
