"""A member of the public sends an enquiry; adviser@demo.test triages a referral, accepts it into the
Support Programme and allocates support. Every page visited passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programme.models import Referral, SupportAllocation
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_member_of_the_public_sends_an_enquiry(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/")
    page.locator(".govuk-service-navigation").get_by_role("link", name="Get help").click()
    assert page.locator("h1").inner_text() == "Get help to start a public service mutual"
    assert_accessible(page)

    page.get_by_label("Your full name").fill("Rosa Diaz")
    page.get_by_label("Your email address").fill("rosa@example.test")
    page.get_by_role("button", name="Send enquiry").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert "Enter the name of your team or organisation" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Your full name").input_value() == "Rosa Diaz"
    assert_accessible(page)

    page.get_by_label("Name of your team or organisation").fill("Kingsmere Youth Workers")
    page.get_by_label("The service you deliver").fill("Kingsmere Youth Service")
    page.get_by_label("Service area").select_option(label="Youth services")
    page.get_by_label("Name of your parent public body, if not listed").fill("Kingsmere County Council")
    page.get_by_label("Region where the service is delivered").select_option(label="South East")
    page.get_by_label("How many staff deliver the service").fill("28")
    page.get_by_label("The service's annual budget, in pounds").fill("1100000")
    page.get_by_label("We are exploring options with colleagues").check()
    page.get_by_label("What help do you need?").fill("Legal advice on becoming a community interest company.")
    page.get_by_label("I agree that the Mutuals Information Service may contact me").check()
    page.get_by_role("button", name="Send enquiry").click()

    assert page.locator("h1").inner_text() == "Enquiry sent"
    referral = Referral.objects.get(organisation="Kingsmere Youth Workers")
    assert referral.reference in page.locator(".govuk-panel").inner_text()
    assert re.fullmatch(r"MIS-\d{4}-\d{5}", referral.reference)
    assert_accessible(page)


def test_an_adviser_triages_accepts_and_funds_a_referral(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    base = live_server.url
    referral = Referral.objects.get(organisation="Northbridge Youth Workers")
    sign_in(page, base, "adviser@demo.test")

    page.locator(".govuk-service-navigation").get_by_role("link", name="Referrals").click()
    assert page.locator("h1").inner_text() == "Referrals"
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    assert page.locator("h1").inner_text() == "Northbridge Youth Workers"
    assert_accessible(page)

    page.get_by_role("button", name="Assign to me").click()
    assert "is assigned to you" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Assess the referral").click()
    assert page.locator("h1").inner_text() == "Triage assessment"
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^T1:")).get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("^T2:")).get_by_label("Yes").check()
    strong, good = "3 – strong", "2 – good"
    for code, label in [("T3", strong), ("T4", strong), ("T5", good), ("T6", strong), ("T7", good), ("T8", good)]:
        page.get_by_role("group", name=re.compile(f"^{code}:")).get_by_label(re.compile(re.escape(label))).check()
    page.get_by_label("Support requested over this and the next two financial years, in pounds").fill("120000")
    page.get_by_role("button", name="Save assessment").click()
    assert "score 86.7 (high)" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Accept into the programme").click()
    assert page.locator("h1").inner_text() == "Accept into the Support Programme"
    assert_accessible(page)
    page.get_by_role("button", name="Accept and invite the contact").click()
    assert "accepted into the Support Programme" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Allocate support").click()
    assert page.locator("h1").inner_text() == "Allocate support"
    assert_accessible(page)
    page.get_by_label("Legal").check()
    page.get_by_label("Supplier").fill("Harbourside Legal LLP")
    page.get_by_label("Amount, in pounds").fill("300000")
    page.get_by_label("Minimal financial assistance (Subsidy Control Act 2022, s.36)").check()
    page.get_by_role("button", name="Allocate support").click()
    assert "remaining cap, £250,000.00" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Amount, in pounds").fill("40000")
    page.get_by_role("button", name="Allocate support").click()
    assert page.locator("h1").inner_text() == "Subsidy control"
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Other minimal financial assistance the enterprise declared, in pounds").fill("0")
    page.get_by_label("I have the enterprise's written confirmation on file").check()
    page.get_by_role("button", name="Give the support as MFA").click()
    assert page.get_by_role("link", name="MFA confirmation (PDF)").is_visible()
    assert_accessible(page)
    allocation = SupportAllocation.objects.get(journey__group__name="Northbridge Youth Workers")
    assert allocation.amount == 40000 and allocation.mfa_status == "given"
    page.get_by_role("link", name="Back to allocations").click()
    assert page.locator("h1").inner_text() == "Support allocations"

    page.locator(".govuk-service-navigation").get_by_role("link", name="Pipeline").click()
    assert page.locator("h1").inner_text() == "Programme pipeline"
    assert_accessible(page)
    page.get_by_role("link", name="Stage sign-offs waiting", exact=True).click()
    assert page.locator("h1").inner_text() == "Stage sign-offs waiting"
    assert_accessible(page)
