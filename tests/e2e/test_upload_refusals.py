"""Refused uploads in a real browser: an archive renamed .pdf, a virus, a scanner that is down and
a full disk each get a GOV.UK error summary that passes axe-core's WCAG 2.2 A/AA rules."""

import errno
import io
import re
import zipfile

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from playwright.sync_api import expect

from tests.fake_clamd import EICAR, FakeClamd, unused_tcp_address

pytestmark = [pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
TASK = "Draft the rules or articles"


class DiskFullStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def task_page(live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def open_task(page):
        page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
        page.get_by_label("Email address").fill("lead@demo.test")
        page.get_by_label("Password").fill("demo-pass-2026")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/accounts/")
        page.goto(f"{live_server.url}/journeys/")
        page.get_by_role("link", name="Northbridge Libraries Staff Group").click()
        # From the task list: the demo's lead owns this task, so "Your tasks" links to it as well.
        page.locator(".govuk-task-list").get_by_role("link", name=TASK, exact=True).click()
        return page.url

    return open_task


def _upload(page, task_url, name, content):
    page.goto(task_url)
    page.get_by_label("Upload a file").set_input_files({"name": name, "mimeType": "application/pdf", "buffer": content})
    page.get_by_role("button", name="Upload evidence").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()  # the refused upload's page has loaded (reading the title at once raced it)
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary.inner_text()


def test_an_archive_a_virus_and_a_scanner_that_is_down_are_refused_clearly(
    task_page, watched_page, assert_accessible, settings
):
    page = watched_page
    task_url = task_page(page)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("plan.pdf", PDF)
    assert "The selected file is an archive" in _upload(page, task_url, "plan.pdf", archive.getvalue())
    assert_accessible(page)

    with FakeClamd() as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        assert "The selected file contains a virus" in _upload(page, task_url, "plan.pdf", PDF + EICAR)
        assert_accessible(page)
    settings.CLAMD_ADDRESS = unused_tcp_address()
    summary = _upload(page, task_url, "plan.pdf", PDF)
    assert "The file could not be checked for viruses. Try again later." in summary
    assert_accessible(page)


def test_a_full_disk_is_explained_on_the_task_page(task_page, page, assert_accessible, settings):
    task_url = task_page(page)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.DiskFullStorage"}}
    summary = _upload(page, task_url, "plan.pdf", PDF)
    assert "The file could not be saved because the server is out of space. Nothing was uploaded." in summary
    assert_accessible(page)
