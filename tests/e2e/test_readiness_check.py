"""Issue #23, point 4: a member of the public takes the readiness self-check, reads the result and
sends it as an enquiry, pre-filled. Every page visited passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

from programme import readiness
from programme.models import Referral

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_member_of_the_public_checks_readiness_and_sends_it_as_an_enquiry(
    live_server, watched_page, assert_accessible
):
    page = watched_page
    page.goto(f"{live_server.url}/enquire/")
    page.get_by_role("link", name="Check if your group is ready for support").click()
    assert page.locator("h1").inner_text() == "Check if your group is ready for support"
    assert_accessible(page)

    page.get_by_role("button", name="See your result").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert "Select an answer to" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    for question in readiness.QUESTIONS:
        group = page.get_by_role("group", name=question.text)
        group.get_by_label(question.answers[1 if question.code == "T8" else 2], exact=True).check()
    page.get_by_label("Your service area (optional)").select_option(label="Youth services")
    page.get_by_role("button", name="See your result").click()

    assert page.locator("h1").inner_text() == "You have made a good start"
    assert "Ask your parent body for staff time" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Send this as an enquiry").click()
    assert page.locator("h1").inner_text() == "Get help to start a public service mutual"
    assert page.get_by_label("They support it in principle").is_checked()
    assert "From our readiness self-check" in page.get_by_label("What help do you need?").input_value()
    assert_accessible(page)

    page.get_by_label("Your full name").fill("Rosa Diaz")
    page.get_by_label("Your email address").fill("rosa@example.test")
    page.get_by_label("Name of your team or organisation").fill("Kingsmere Youth Workers")
    page.get_by_label("The service you deliver").fill("Kingsmere Youth Service")
    page.get_by_label("Name of your parent public body, if not listed").fill("Kingsmere County Council")
    page.get_by_label("Region where the service is delivered").select_option(label="South East")
    page.get_by_label("How many staff deliver the service").fill("28")
    page.get_by_label("The service's annual budget, in pounds").fill("1100000")
    page.get_by_label("I agree that the Mutuals Information Service may contact me").check()
    page.get_by_role("button", name="Send enquiry").click()

    assert page.locator("h1").inner_text() == "Enquiry sent"
    referral = Referral.objects.get(organisation="Kingsmere Youth Workers")
    assert referral.commissioner_position == "supportive"
    assert referral.service_area == "youth"
    assert "From our readiness self-check" in referral.help_needed
