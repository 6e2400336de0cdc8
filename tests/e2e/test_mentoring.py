"""mentor@demo.test, matched with Riverside Community Therapy Team, reads its journey in a real browser: the
journey read-only (no task form, no evidence links), then the group's mentoring page, where they log a
meeting. The lead of Northbridge's journey, which did not ask for them, stays hidden. Every page visited
passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from django.utils import timezone

from journeys.models import Journey
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_mentor_reads_the_journey_that_invited_them_and_logs_a_meeting(
    demo_data, live_server, watched_page, assert_accessible
):
    page = watched_page
    base = live_server.url
    sign_in(page, base, "mentor@demo.test")

    page.locator(".govuk-service-navigation").get_by_role("link", name="Offer mentoring").click()
    assert page.locator("h1").inner_text() == "Mentor a staff group"
    assert "Approved" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)

    # The journey, read-only: a task shows what it says, with no form to change it.
    page.get_by_role("link", name="read the journey of Riverside Community Therapy Team").click()
    assert re.search(r"/journeys/\d+/$", page.url)
    assert "You mentor this group" in page.content()
    assert_accessible(page)
    page.locator(".govuk-task-list a").first.click()
    assert page.get_by_role("button", name="Save task").count() == 0
    assert page.locator("a[href*='/evidence/']").count() == 0
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Mentoring", exact=True).last.click()
    assert page.locator("h1").inner_text() == "Mentoring"
    assert "Walked through our TUPE consultation timetable" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_role("button", name="Log the meeting").click()  # nothing typed
    assert "Choose at least one topic" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_label("Business plan and finance").check()
    page.get_by_label("Short note (optional)").fill("Read the draft business plan together")
    page.get_by_role("button", name="Log the meeting").click()
    assert "on or after the day you were matched" in page.locator(".govuk-error-summary").inner_text()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Log the meeting").click()
    assert "Meeting logged" in page.locator(".govuk-notification-banner").inner_text()
    assert "Read the draft business plan together" in page.locator("table").inner_text()
    assert_accessible(page)

    # A journey that did not ask for this mentor is not there for them.
    northbridge = Journey.objects.get(group__name="Northbridge Libraries Staff Group")
    # (asked outside the page, whose failed requests fail the test)
    assert page.request.get(f"{base}/journeys/{northbridge.pk}/").status == 404
