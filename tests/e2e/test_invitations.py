"""lead@demo.test invites a colleague, resends and cancels the invitation from the members page in a
real browser; the old link then says it was withdrawn. Every page passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from django.core import mail

from journeys.models import Invitation, Journey

pytestmark = [pytest.mark.django_db(transaction=True)]


def _link(message) -> str:
    return "/" + re.search(r"http://\S+/journeys/invitations/\S+/", message.body).group(0).split("/", 3)[3]


def test_a_lead_invites_resends_and_cancels(demo_data, live_server, watched_page, assert_accessible, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = watched_page
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")
    journey = Journey.objects.get(group__memberships__user__email="lead@demo.test")
    page.goto(f"{base}/journeys/{journey.pk}/members/")

    page.get_by_label("Email address").fill("colleague@example.test")
    page.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to colleague@example.test" in page.locator(".govuk-notification-banner").inner_text()
    assert "colleague@example.test" in page.locator("table").nth(1).inner_text()
    assert_accessible(page)
    first_link = _link(mail.outbox[-1])

    page.get_by_role("button", name="Resend the invitation to colleague@example.test").click()
    assert "again with a new link" in page.locator(".govuk-notification-banner").inner_text()
    assert _link(mail.outbox[-1]) != first_link
    assert_accessible(page)

    page.get_by_role("button", name="Cancel the invitation to colleague@example.test").click()
    assert "cancelled" in page.locator(".govuk-notification-banner").inner_text()
    assert not Invitation.objects.open().filter(email="colleague@example.test").exists()
    assert_accessible(page)

    page.goto(f"{base}{first_link}")
    assert page.locator("h1").inner_text() == "This invitation has been withdrawn"
    assert_accessible(page)
    # That page answers 404 on purpose (the link no longer works): the one error response expected.
    expected = [problem for problem in page.watcher.problems if problem == f"404 {base}{first_link}"]
    assert len(expected) == 1
    page.watcher.problems.remove(expected[0])
