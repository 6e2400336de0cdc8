"""Done-when of issue #25: a member of the public from a council not in the demo starts from the home
page, registers a staff group with a council typed in as not listed, confirms their email, and lands
on their journey. Every page passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from django.core import mail

from accounts.models import PublicBody
from journeys.models import StaffGroup

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_staff_group_from_an_unlisted_council_registers_and_starts(
    demo_data, live_server, watched_page, assert_accessible, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = watched_page
    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_role("link", name="Start as a staff group").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(f"{base}/journeys/register/")

    page.get_by_label("Your full name").fill("Ade Bello")
    page.get_by_label("Your work email address").fill("ade@southmoor.example")
    page.get_by_label("Create a password").fill("a-long-pass-phrase-2026")
    page.get_by_label("Confirm your password").fill("a-long-pass-phrase-2026")
    page.get_by_label("Name of your staff group").fill("Southmoor Library Staff")
    page.get_by_label("Name of the service you deliver").fill("Southmoor Libraries")
    page.get_by_label("Service area").select_option("libraries")
    page.get_by_label("If your council or NHS body is not in the list, enter its full name").fill(
        "Southmoor Borough Council"
    )
    page.get_by_label("How many staff work in the service?").fill("24")
    page.get_by_label("What is the service's annual budget, in pounds?").fill("800000")
    assert_accessible(page)
    page.get_by_role("button", name="Register and start your journey").click()
    page.wait_for_url(f"{base}/accounts/register/check-email/")
    assert not StaffGroup.objects.filter(name="Southmoor Library Staff").exists()

    link = re.search(r"http://\S+/accounts/register/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + "/" + link.split("/", 3)[3])
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile(r".*/journeys/\d+/$"))
    assert "Southmoor Library Staff is registered" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    body = StaffGroup.objects.get(name="Southmoor Library Staff").parent_body
    assert body.name == "Southmoor Borough Council" and not body.is_verified
    assert not PublicBody.objects.listed().filter(name="Southmoor Borough Council").exists()
