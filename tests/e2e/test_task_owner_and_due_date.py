"""Issue #22, point 5, in a real browser: a lead hands a task to a member with a due date; the member finds
it under "Your tasks"; the demo's overdue task is flagged on the task list; a past date is refused with an
error summary. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from journeys.models import Task
from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Northbridge Libraries Staff Group"
TASK = "Write a social value statement"


def _open_journey(page, live_server, email):
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)


def test_a_lead_gives_a_member_a_task_and_the_member_finds_it(live_server, demo_data, watched_page, assert_accessible):
    page = watched_page
    _open_journey(page, live_server, "lead@demo.test")
    # The demo's overdue task is tagged on the task list.
    overdue = page.locator(".govuk-task-list__item", has_text="Draft the rules or articles")
    expect(overdue.locator(".govuk-tag--red")).to_have_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name=TASK, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TASK)
    member = Task.objects.get(journey__group__name=GROUP, definition__title=TASK).journey.group.memberships.get(
        user__email="member@demo.test"
    )
    page.get_by_label("Owner").select_option(str(member.user_id))
    # A date in the past is refused, with the GOV.UK error summary, and nothing is saved.
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("March")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Save task").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The due date must be today or in the future")
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Day")).to_be_focused()

    due = timezone.localdate() + timedelta(days=9)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Save task").click()
    expect(page.get_by_text(f"Task saved: {TASK}")).to_be_visible()
    row = page.locator(".govuk-task-list__item", has_text=TASK)
    expect(row.locator(".govuk-task-list__hint")).to_contain_text(f"Due {due.day} {due:%B %Y}")

    _open_journey(page, live_server, "member@demo.test")
    page.goto(f"{live_server.url}/journeys/")
    mine = page.locator("table", has=page.get_by_role("columnheader", name="Due"))
    expect(mine.get_by_role("link", name=TASK)).to_be_visible()
    assert_accessible(page)
    saved = Task.objects.get(journey__group__name=GROUP, definition__title=TASK)
    assert (saved.owner.email, saved.due_on) == ("member@demo.test", due)
