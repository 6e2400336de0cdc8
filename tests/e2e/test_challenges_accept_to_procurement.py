"""Issue #19 points 6 and 7 in a real browser, as one sequence: officer@demo.test records an acceptance, amends
it while it is unpublished (the body still sees only when a decision is due, and no procurement can be
recorded), checks it on the confirmation page and publishes it; body@demo.test reads the decision and
downloads the notice; later the officer records the procurement exercise (within the periods frozen into the
decision) and its outcome, which anyone can read on the register. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Decision, EOIStatus, ExpressionOfInterest, ProcurementExercise

from .helpers import fill_date, sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

BODY = "Northbridge Parks Volunteers"
SERVICE = "Community library outreach"
MAKER = "Priya Shah, Director of Communities"
AUTHORITY = "Officer scheme of delegation, paragraph 4.2"
KEY_DECISION = "KD-2026-041"
COMPETITIVE_FLEXIBLE = "Competitive flexible procedure (Procurement Act 2023 s.20(2)(b))"


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _value(page, key):
    """The value of the first summary list row with this key."""
    term = page.get_by_role("term").filter(has_text=re.compile(f"^{re.escape(key)}$"))
    return page.locator(".govuk-summary-list__row", has=term).first.locator(".govuk-summary-list__value")


def test_an_acceptance_is_amended_published_and_its_procurement_outcome_reaches_the_register(
    demo_data, eager_notices, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    eoi = ExpressionOfInterest.objects.get(body_name=BODY, service__name=SERVICE, status=EOIStatus.ACKNOWLEDGED)
    reference = eoi.reference
    periods = eoi.service.procurement_periods()
    today = timezone.localdate()

    # The officer records an acceptance.
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/")
    page.get_by_label("Body name or reference").fill(reference)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Record a decision").click()
    expect(page.locator("main")).to_contain_text(
        f"the procurement exercise must start {periods.min_days} to {periods.max_days} days after the decision"
    )
    assert_accessible(page)
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("I have considered whether accepting would promote").check()
    page.get_by_label("Decision maker").fill("Helen Price, Head of Libraries")
    page.get_by_label("Delegated authority").fill(AUTHORITY)
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Decision recorded: Accepted. It is not public and the body has not been told"
    )
    expect(page.locator("main")).to_contain_text("Status: Under review")
    assert_accessible(page)

    # Before publication no procurement can be recorded: no link, and the page itself is refused.
    expect(page.get_by_role("link", name="Record the procurement exercise")).to_have_count(0)
    refused = page.request.get(f"{base}/challenges/eois/{eoi.pk}/procurement/", max_redirects=0)
    assert refused.status == 403
    assert not ProcurementExercise.objects.filter(eoi=eoi).exists()

    # Amended while unpublished: the one decision changes.
    page.get_by_role("link", name="Amend the decision").click()
    assert page.locator("h1").inner_text() == "Amend the recorded decision"
    expect(page.get_by_label("Accept", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Decision maker").fill(MAKER)
    page.get_by_label("Key decision reference (optional)").fill(KEY_DECISION)
    page.get_by_role("button", name="Save the amended decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision amended: Accepted")
    expect(_value(page, "Decision maker")).to_have_text(MAKER)
    expect(_value(page, "Published")).to_have_text("Not yet")
    assert_accessible(page)
    decision = Decision.objects.get(eoi=eoi)
    assert (decision.decision_maker, decision.key_decision_reference, decision.published_at) == (
        MAKER,
        KEY_DECISION,
        None,
    )
    # The periods that applied to the service at the decision are kept with it.
    assert (decision.procurement_min_days, decision.procurement_max_days) == (periods.min_days, periods.max_days)

    # The body still sees only when the decision is due.
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/my/{eoi.pk}/")
    expect(page.locator("main")).to_contain_text("Status: Under review")
    expect(_value(page, "Decision due by")).to_have_text(_long(eoi.decision_due_on))
    expect(page.get_by_role("heading", name="The council's decision")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Decision recorded")
    assert_accessible(page)

    # The officer checks what will be sent and shown, and publishes.
    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/eois/{eoi.pk}/")
    page.get_by_role("link", name="Check and publish the decision").click()
    assert page.locator("h1").inner_text() == "Check the decision before you publish it"
    expect(_value(page, "Decision")).to_have_text("Accepted")
    expect(_value(page, "Decision maker")).to_have_text(MAKER)
    expect(_value(page, "Key decision reference")).to_have_text(KEY_DECISION)
    expect(page.locator("main")).to_contain_text('The expression of interest\'s status becomes "Accepted"')
    assert_accessible(page)
    page.get_by_role("button", name="Publish and notify the body").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision published on the register")
    expect(page.locator("main")).to_contain_text("Status: Accepted")
    expect(page.get_by_role("link", name="Download the decision notice (PDF)")).to_be_visible()
    expect(page.get_by_role("link", name="Record the procurement exercise")).to_be_visible()
    assert_accessible(page)

    # The body reads the decision and downloads the notice.
    starts_from, starts_by = today + timedelta(days=periods.min_days), today + timedelta(days=periods.max_days)
    sign_in(page, base, "body@demo.test")
    page.goto(f"{base}/challenges/my/")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("main")).to_contain_text("Status: Accepted")
    expect(_value(page, "Outcome")).to_have_text("Accepted")
    expect(_value(page, "Decision maker")).to_have_text(f"{MAKER}, under {AUTHORITY} (key decision {KEY_DECISION})")
    expect(page.locator("main")).to_contain_text(
        f"the exercise will start between {_long(starts_from)} and {_long(starts_by)}"
    )
    assert_accessible(page)
    # Fetched with the page's cookies: a click would turn into a download that Chromium reports as aborted.
    href = page.get_by_role("link", name="Download the decision notice (PDF)").get_attribute("href")
    notice = page.request.get(f"{base}{href}")
    assert notice.status == 200
    assert notice.body().startswith(b"%PDF-")
    assert f"decision-notice-{reference}.pdf" in notice.headers["content-disposition"]

    # Some weeks later: the decision was taken and published (periods.min_days + 5) days ago. The server's
    # clock cannot be moved, so the decision's dates are; the rest is done as the officer would.
    ago = timedelta(days=periods.min_days + 5)
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=F("decided_at") - ago, published_at=F("published_at") - ago
    )
    decided_on = today - ago
    earliest = decided_on + timedelta(days=periods.min_days)
    latest = decided_on + timedelta(days=periods.max_days)
    starts_on = earliest + timedelta(days=1)
    assert starts_on <= latest
    notice_on, awarded_on = starts_on, today - timedelta(days=1)
    contract_starts = today + timedelta(days=28)
    contract_ends = contract_starts.replace(year=contract_starts.year + 3) - timedelta(days=1)
    notice_id = f"012345-{notice_on.year}"

    sign_in(page, base, "officer@demo.test")
    page.goto(f"{base}/challenges/eois/{eoi.pk}/")
    expect(page.locator("main")).to_contain_text(f"it must start between {_long(earliest)} and {_long(latest)}")
    page.get_by_role("link", name="Record the procurement exercise").click()
    assert page.locator("h1").inner_text() == "Record the procurement exercise"
    assert_accessible(page)
    page.get_by_label(COMPETITIVE_FLEXIBLE).check()
    page.get_by_role("group", name=re.compile("reserved to public service mutuals")).get_by_label("No").check()
    page.get_by_label("Find a Tender notice identifier (optional)").fill(notice_id)
    fill_date(page, "Date the notice was published", notice_on)
    page.get_by_role("group", name="Has social value been considered for this procurement?").get_by_label("Yes").check()
    page.get_by_label("Social value notes").fill("Bidders must offer volunteering places for local young people.")
    # A start before the earliest date the frozen periods allow is refused, and nothing is recorded.
    fill_date(page, "Procurement start date", earliest - timedelta(days=1))
    page.get_by_role("button", name="Record").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"The procurement must start between {_long(earliest)} and {_long(latest)}"
    )
    assert_accessible(page)
    assert not ProcurementExercise.objects.filter(eoi=eoi).exists()

    fill_date(page, "Procurement start date", starts_on)
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Procurement exercise recorded")
    expect(page.locator("main")).to_contain_text("Status: Procurement started")
    expect(_value(page, "Procurement started")).to_have_text(_long(starts_on))
    expect(_value(page, "Procedure")).to_have_text(COMPETITIVE_FLEXIBLE)
    assert_accessible(page)

    # Once the contract is awarded: to the challenging body.
    page.get_by_role("link", name="Record the outcome of the procurement").click()
    assert page.locator("h1").inner_text() == "Record the outcome of the procurement"
    assert_accessible(page)
    page.get_by_label("Contract awarded", exact=True).check()
    fill_date(page, "Award date", awarded_on)
    page.get_by_label("Winning supplier").fill(BODY)
    page.get_by_role(
        "group", name="Was the winning supplier the body that made the expression of interest?"
    ).get_by_label("Yes").check()
    page.get_by_label("Total contract value (£)").fill("930000")
    fill_date(page, "Contract start date", contract_starts)
    fill_date(page, "Contract end date", contract_ends)
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome of the procurement recorded")
    expect(_value(page, "Outcome")).to_have_text(
        f"Contract awarded on {_long(awarded_on)} to {BODY} (the body that made the expression of interest)"
    )
    assert_accessible(page)
    exercise = ProcurementExercise.objects.get(eoi=eoi)
    assert (exercise.starts_on, exercise.procedure, exercise.notice_identifier) == (
        starts_on,
        "COMPETITIVE_FLEXIBLE",
        notice_id,
    )
    assert (exercise.winning_supplier, exercise.winner_is_challenger, exercise.term_months) == (BODY, True, 36)

    # Anyone can read what the challenge led to on the register, and in its open data.
    page.context.clear_cookies()
    page.goto(f"{base}/challenges/register/")
    page.get_by_label("Outcome").select_option("ACCEPTED")
    page.get_by_role("button", name="Filter").click()
    card = page.locator(".govuk-summary-card").filter(has_text=f"{SERVICE}: accepted").filter(has_text=BODY)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(
        f"Between {_long(earliest)} and {_long(latest)} (the council's periods at the decision: "
        f"at least {periods.min_days} and at most {periods.max_days} days after accepting)"
    )
    expect(card).to_contain_text(COMPETITIVE_FLEXIBLE)
    expect(card.get_by_role("link", name=f"{notice_id} on Find a Tender")).to_be_visible()
    expect(card).to_contain_text(
        f"Contract awarded on {_long(awarded_on)} to {BODY} (the body that made the expression of interest)"
    )
    expect(card).to_contain_text(f"£930,000.00 from {_long(contract_starts)} to {_long(contract_ends)} (36 months)")
    assert_accessible(page)
    rows = page.request.get(f"{base}/challenges/register.json").json()["decisions"]
    outcome = next(row for row in rows if row["reference"] == reference)["procurement"]
    assert (outcome["procedure"], outcome["winning_supplier"], outcome["winner_is_challenger"]) == (
        "COMPETITIVE_FLEXIBLE",
        BODY,
        True,
    )
