"""Issue #22, point 5, in a real browser: a member types notes on a task, then uploads evidence;
the notes are saved with the file, and a refused file brings the typed notes back."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from journeys.models import Task

pytestmark = [pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60
TASK = "Draft the rules or articles"


def _open_task_as_member(page, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("member@demo.test")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/")
    page.goto(f"{live_server.url}/journeys/")
    page.get_by_role("link", name="Northbridge Libraries Staff Group").click()
    page.get_by_role("link", name=TASK, exact=True).click()
    return page.url


def test_a_members_typed_notes_survive_an_upload(live_server, watched_page, assert_accessible):
    page = watched_page
    task_url = _open_task_as_member(page, live_server)
    page.get_by_label("Notes", exact=True).fill("Asked Co-operatives UK for model rules; reply due Friday.")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "model-rules.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload evidence").click()
    page.get_by_text("Task saved and evidence uploaded: model-rules.pdf").wait_for()
    assert page.url == task_url
    assert (
        page.get_by_label("Notes", exact=True).input_value()
        == "Asked Co-operatives UK for model rules; reply due Friday."
    )
    assert page.get_by_role("link", name="model-rules.pdf").is_visible()
    saved = Task.objects.get(definition__title=TASK, journey__group__name="Northbridge Libraries Staff Group")
    assert saved.notes == "Asked Co-operatives UK for model rules; reply due Friday."
    assert saved.updated_by.email == "member@demo.test"
    assert_accessible(page)


def test_a_refused_file_gives_the_typed_notes_back(live_server, page, assert_accessible):
    _open_task_as_member(page, live_server)
    page.get_by_label("Notes", exact=True).fill("Notes typed before a bad file")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "rules.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    page.get_by_role("button", name="Upload evidence").click()
    page.locator(".govuk-error-summary").wait_for()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert page.get_by_label("Notes", exact=True).input_value() == "Notes typed before a bad file"
    assert_accessible(page)
