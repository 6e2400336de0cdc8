"""body@demo.test submits an EOI; officer@demo.test acknowledges it, rejects it on ground R9 with
reasons and publishes it; it appears on the public register. Every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from challenges.models import Decision, ExpressionOfInterest, InfoRequest
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

BODY_NAME = "Riverside Friends of the Parks"
REASONS = "This is the fourth identical expression of interest from the group this year."


def test_a_body_submits_and_an_officer_rejects_on_r9_and_publishes(
    demo_data, eager_notices, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url

    # The body finds an open service and starts an expression of interest.
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/services/")
    assert_accessible(page)
    page.get_by_role("link", name="Parks and green spaces maintenance").click()
    assert page.locator("h1").inner_text() == "Parks and green spaces maintenance"
    assert_accessible(page)
    page.get_by_role("button", name="Start an expression of interest").click()
    assert page.locator("h1").inner_text() == "Express an interest in Parks and green spaces maintenance"
    assert_accessible(page)

    # Submitting with a statutory item missing names it in the error summary.
    page.get_by_label("Name of the body").fill(BODY_NAME)
    page.get_by_label("Financial resources of the body").fill("Reserves of 60,000 GBP and a council grant.")
    page.get_by_role("button", name="Save and check your answers").click()
    page.get_by_role("button", name="Accept and send").click()
    summary = page.locator(".govuk-error-summary")
    assert "Give evidence that the body will be able to provide the service" in summary.inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.goto(page.url.replace("/submit/", "/edit/"))
    page.get_by_label("Capability to provide the service").fill("We have maintained two parks since 2020.")
    page.get_by_label("The service and its geographical area").fill("Grounds maintenance across the city.")
    page.get_by_label("How will the body promote or improve the well-being of the area?").fill("Local jobs.")
    page.get_by_label("How will the body meet the needs of the service's users?").fill("Users choose priorities.")
    page.get_by_role("button", name="Save and check your answers").click()
    assert page.locator("h1").inner_text() == "Check your answers before sending your expression of interest"
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()
    assert page.locator("h1").inner_text() == "Expression of interest sent"
    reference = re.search(r"EOI-\d+", page.locator(".govuk-panel__body").inner_text()).group(0)
    assert_accessible(page)
    page.goto(f"{base}/challenges/my/")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(page)

    # The officer finds it, acknowledges it, rejects it on R9 and publishes the decision.
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/")
    assert_accessible(page)
    page.get_by_label("Body name or reference").fill(reference)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=reference).click()
    assert page.locator("h1").inner_text() == BODY_NAME
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge").click()
    assert "acknowledged" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Record a decision").click()
    expect(page.locator("h1")).to_have_text("Record a decision")
    assert_accessible(page)

    # Rejecting without a ground or reasons is refused.
    page.get_by_label("Reject").check()
    page.get_by_label("I have considered whether accepting would promote").check()
    page.get_by_role("button", name="Record decision").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select at least one ground" in summary and "Enter the reasons for the decision" in summary
    assert_accessible(page)

    page.get_by_label("R9: the expression of interest is frivolous or vexatious").check()
    page.get_by_label("Reasons").fill(REASONS)
    page.get_by_label("Decision maker").fill("Priya Shah, Director of Communities")
    page.get_by_label("Delegated authority").fill("Officer scheme of delegation, paragraph 4.2")
    page.get_by_role("button", name="Record decision").click()
    assert "Decision recorded: Rejected" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    # Checked on a confirmation page before anything is sent or published.
    page.get_by_role("link", name="Check and publish the decision").click()
    assert page.locator("h1").inner_text() == "Check the decision before you publish it"
    assert "Paragraph 9 of the Schedule to SI 2012/1647 (R9)" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Publish and notify the body").click()
    assert "published on the register" in page.locator(".govuk-notification-banner").inner_text()
    expect(page.get_by_role("link", name="Download the decision notice (PDF)")).to_be_visible()
    assert_accessible(page)

    # The body sees the decision with its reasons and can download the notice.
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/my/")
    page.get_by_role("link", name=reference).click()
    assert REASONS in page.locator("main").inner_text()
    # Fetched with the page's cookies: a click would turn into a download that Chromium reports as aborted.
    href = page.get_by_role("link", name="Download the decision notice (PDF)").get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
    assert f"decision-notice-{reference}.pdf" in response.headers["content-disposition"]
    assert_accessible(page)

    # Anyone can read it on the public register.
    page.context.clear_cookies()
    page.goto(f"{base}/challenges/register/")
    register = page.locator("main").inner_text()
    assert BODY_NAME in register
    assert "R9: the expression of interest is frivolous or vexatious" in register
    assert REASONS in register
    assert_accessible(page)
    page.get_by_label("Outcome").select_option("REJECTED")
    page.get_by_role("button", name="Filter").click()
    assert BODY_NAME in page.locator("main").inner_text()
    assert_accessible(page)


def _ids():
    northbridge = ExpressionOfInterest.objects.filter(service__council__name="Northbridge City Council")
    eois = {e.status: e.pk for e in northbridge}
    published = (
        Decision.objects.on_register().filter(eoi__status="REJECTED", eoi__in=northbridge).order_by("pk").first()
    )
    return eois, published


def test_every_right_to_challenge_page_is_accessible(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    base = live_server.url
    eois, published = _ids()
    unpublished = Decision.objects.filter(published_at=None, eoi__service__council__name="Northbridge City Council")
    unpublished = unpublished.order_by("pk").first()
    body_eoi = ExpressionOfInterest.objects.get(submitted_by__email="body@demo.test", status="DRAFT").pk
    unlisted = ExpressionOfInterest.objects.get(service__described_by_body=True).pk
    late = ExpressionOfInterest.objects.get(outside_period=True).pk
    posted = ExpressionOfInterest.objects.get(route="POST").pk
    info = InfoRequest.objects.get()
    for path in ["/challenges/create-account/", "/challenges/services/", "/challenges/register/"]:
        page.goto(f"{base}{path}")
        assert_accessible(page)
    page.goto(f"{base}/challenges/create-account/")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    sign_in(page, base, "officer@demo.test")
    for path in [
        "/challenges/officer/services/",
        "/challenges/officer/services/new/",
        f"/challenges/officer/services/{published.eoi.service_id}/",
        f"/challenges/officer/services/{published.eoi.service_id}/windows/new/",
        "/challenges/officer/settings/",
        f"/challenges/eois/{eois['UNDER_REVIEW']}/",
        f"/challenges/eois/{eois['ACCEPTED']}/",
        f"/challenges/eois/{eois['ACCEPTED']}/procurement/",
        f"/challenges/eois/{eois['PROCUREMENT_STARTED']}/",
        f"/challenges/eois/{eois['RECEIVED']}/conflict/",
        f"/challenges/decisions/{published.pk}/correct/",
        f"/challenges/decisions/{unpublished.pk}/publish/",
        f"/challenges/eois/{unpublished.eoi_id}/decide/",
        f"/challenges/eois/{unlisted}/",
        f"/challenges/eois/{unlisted}/service/",
        f"/challenges/eois/{late}/",
        f"/challenges/eois/{posted}/",
        "/challenges/eois/record/",
        f"/challenges/eois/{info.eoi_id}/",
        f"/challenges/eois/{info.eoi_id}/request-information/",
        "/challenges/?status=overdue",
    ]:
        page.goto(f"{base}{path}")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto(f"{base}/challenges/eois/{eois['ACCEPTED']}/procurement/")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    sign_in(page, base, "body@demo.test")
    for path in [
        "/challenges/my/",
        "/challenges/express-interest/",
        f"/challenges/my/{info.eoi_id}/",
        f"/challenges/my/{info.eoi_id}/requests/{info.pk}/answer/",
        f"/challenges/my/{body_eoi}/check/",
        f"/challenges/my/{body_eoi}/partners/new/",
        f"/challenges/my/{body_eoi}/withdraw/",
        f"/challenges/my/{eois['ACCEPTED_MODIFIED']}/",
    ]:
        page.goto(f"{base}{path}")
        assert_accessible(page)
