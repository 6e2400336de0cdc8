"""The header's unread count and marking notifications as read, in a real browser."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lead_with_notifications():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lead = User.objects.get(email="lead@demo.test")
    # Demo data may already have told the lead things: start from a read inbox.
    Notification.objects.filter(recipient=lead).update(read_at=timezone.now())
    for message in ("Tom Walsh joined Northbridge Libraries Staff Group", "Options appraisal was completed"):
        notify(recipient=lead, event="journeys.member_joined", obj=lead, message=message, url="/accounts/")
    return lead


def test_the_header_count_and_mark_as_read(lead_with_notifications, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/")

    nav = page.locator(".govuk-service-navigation")
    expect(nav.get_by_role("link", name="Notifications 2 unread")).to_be_visible()
    nav.get_by_role("link", name="Notifications 2 unread").click()
    assert page.locator("h1").inner_text() == "Notifications"
    expect(page.locator(".app-notification--unread")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"^Mark as read\W+Options appraisal was completed$")).click()
    expect(page.locator(".app-notification--unread")).to_have_count(1)
    expect(nav.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    assert page.locator(".govuk-notification-banner").inner_text().endswith("1 notification marked as read")
    expect(page.locator(".app-notification--unread")).to_have_count(0)
    expect(nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Choose how we email you").click()
    assert page.locator("h1").inner_text() == "Choose how we email you"
    assert_accessible(page)
    page.get_by_role("group", name="Someone joined your staff group").get_by_label(
        "Do not email me (show in the portal only)"
    ).check()
    page.get_by_role("button", name="Save choices").click()
    assert "Your notification choices have been saved" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
