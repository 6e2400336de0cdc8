"""lead@demo.test downloads the group's data and then deletes the group, in a real browser.
Every page visited passes axe-core's WCAG 2.2 A/AA rules."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from journeys.models import StaffGroup

pytestmark = [pytest.mark.django_db(transaction=True)]

GROUP = "Northbridge Libraries Staff Group"


def test_a_lead_downloads_the_groups_data_then_deletes_the_group(
    demo_data, live_server, watched_page, assert_accessible, tmp_path
):
    page = watched_page
    base = live_server.url
    page.goto(f"{base}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")

    page.goto(f"{base}/journeys/")
    page.get_by_role("link", name=GROUP).click()
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_role("link", name="Download all of your group's data, or delete the group").click()
    assert page.locator("h1").inner_text() == "Your group's data"
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download your group's data (zip)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mutuals-portal-northbridge-libraries-staff-group-data-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        members = json.loads(archive.read("members.json"))
        assert "lead@demo.test" in {member["email"] for member in members}
        assert any(name.startswith("evidence/") for name in archive.namelist())

    page.get_by_role("link", name=f"Delete {GROUP}").click()
    assert page.locator("h1").inner_text() == f"Delete {GROUP}"
    assert_accessible(page)
    page.get_by_label("To confirm, type the name of the group").fill("Northbridge")
    page.get_by_role("button", name="Delete group").click()
    assert "does not match the name of the group" in page.locator(".govuk-error-summary").inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    page.get_by_label("To confirm, type the name of the group").fill(GROUP)
    page.get_by_role("button", name="Delete group").click()
    page.wait_for_url(f"{base}/journeys/")
    assert f"{GROUP} has been deleted" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    assert StaffGroup.objects.get(name=GROUP).is_deleted
