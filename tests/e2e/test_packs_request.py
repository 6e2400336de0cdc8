"""lead@demo.test asks for a business-plan pack in a real browser, watches it become ready, and downloads it."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from playwright.sync_api import expect

from journeys.models import Journey, Risk
from mutuals_portal.celery import app as celery_app

pytestmark = [pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pass-2026"


def test_a_lead_requests_a_pack_watches_it_become_ready_and_downloads_it(
    live_server, watched_page, assert_accessible, tmp_path
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    journey = Journey.objects.get(group__memberships__user__email="lead@demo.test")
    # The demo already has version 1: change the plan so the request makes a new version.
    Risk.objects.create(
        journey=journey,
        title="Library lease renewal delayed",
        owner="Priya Shah",
        likelihood=3,
        impact=3,
        mitigation="Start talks with the landlord a year early.",
    )
    page = watched_page
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead@demo.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/")

    page.goto(f"{live_server.url}/journeys/{journey.pk}/")
    page.get_by_role("link", name="Business-plan pack").click()
    expect(page.locator("h1")).to_have_text("Business-plan packs")
    assert_accessible(page)

    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        page.get_by_role("button", name="Create from the current plan").click()
        expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
        assert page.get_by_text("Business plan version 2 is being produced").count() == 1
        assert_accessible(page)
        # The page polls quietly and swaps in the new status, without a reload.
        download_link = page.get_by_role("link", name="Download business plan version 2 (PDF)")
        expect(download_link).to_be_visible(timeout=60_000)
    assert_accessible(page)

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.startswith("northbridge-libraries-staff-group-business-plan-v2-")
    target = tmp_path / "pack.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
