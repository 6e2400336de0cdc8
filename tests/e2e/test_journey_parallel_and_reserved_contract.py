"""Issue #22 in a real browser: lead2@demo.test (Eastvale, in Exploring options) starts and completes a task
of a later stage, while the gate still asks for the current stage's own tasks; then checks whether the
contract can be reserved to public service mutuals (Procurement Act 2023 s.33). Every page passes axe."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _sign_in(page, base_url):
    page.goto(f"{base_url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead2@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/accounts/")


def test_a_group_starts_a_later_stage_task_early_and_checks_a_reserved_contract(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    _sign_in(page, base)
    page.locator(".govuk-service-navigation").get_by_role("link", name="Your journey").click()
    page.get_by_role("link", name="Eastvale Home Care Team").click()
    journey_url = page.url
    assert re.search(r"/journeys/\d+/$", journey_url)
    assert "Stage 1 of 6: Exploring options" in page.locator(".govuk-summary-list").first.inner_text()
    assert "Cannot start yet" not in page.content()
    assert_accessible(page)

    # A task of Contract and transfer, started while the group is still exploring.
    page.get_by_role("link", name="Register with regulators such as CQC or Ofsted, where relevant", exact=True).click()
    assert (
        "This task belongs to a later stage, Contract and transfer"
        in page.locator(".govuk-inset-text").first.inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Completed").check()
    page.get_by_label("Notes", exact=True).fill("CQC registration applied for in parallel with the options appraisal.")
    page.get_by_role("button", name="Save task").click()
    assert "Task saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "1 task of later stages started or completed" in page.locator(".govuk-summary-list").first.inner_text()
    # The gate is still the current stage's: its own required tasks come first.
    assert "Before you can move on to Building support" in page.content()
    assert_accessible(page)

    # The s.33 check, from the transfer plan.
    page.goto(f"{journey_url}plan/transfer/")
    page.get_by_role("link", name="Check whether the contract can be reserved").click()
    assert page.locator("h1").inner_text() == "Can the contract be reserved to a public service mutual?"
    assert_accessible(page)
    page.get_by_role("button", name="Check the conditions").click()
    assert "Select yes, no or not known yet" in page.locator(".govuk-error-summary").inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    for group, answer in [
        ("^Is the service a reservable", "Yes"),
        ("comparable section 33 contract", "No"),
        ("^Does the mutual operate", "Yes"),
        ("not for profit", "Yes"),
        ("management and control of its employees", "Yes"),
    ]:
        page.get_by_role("group", name=re.compile(group)).get_by_label(answer, exact=True).check()
    page.get_by_label(re.compile("Maximum term of the contract")).fill("84")
    page.get_by_role("button", name="Check the conditions").click()
    assert "Section 33 check saved" in page.locator(".govuk-notification-banner").inner_text()
    conditions = page.locator("#conditions").inner_text()
    assert "The maximum term is 84 months: a reserved contract may last at most 60 months" in conditions
    assert "At least one condition is not met" in page.content()
    assert_accessible(page)
    page.get_by_label(re.compile("Maximum term of the contract")).fill("60")
    page.get_by_role("button", name="Check the conditions").click()
    assert "Every condition is met" in page.content()
    assert_accessible(page)
