"""The GOV.UK session-timeout warning in a real browser, with a short idle period."""

import pytest
from django.core.management import call_command

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_COOKIE_AGE = 6  # seconds: the warning opens at once (6 - 120 < 0)
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 4
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_warning_opens_and_staying_signed_in_keeps_the_session(
    short_sessions, live_server, watched_page, assert_accessible
):
    page = watched_page
    sign_in(page, live_server.url)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=5000)
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden", timeout=5000)
    page.goto(f"{live_server.url}/accounts/")
    assert page.locator("h1").inner_text() == "Your account"


def test_doing_nothing_signs_the_person_out(short_sessions, live_server, watched_page, assert_accessible):
    page = watched_page
    sign_in(page, live_server.url)
    page.wait_for_url(f"{live_server.url}/accounts/login/?timed_out=1", timeout=15000)
    assert "You were signed out because you had not used the service" in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/")
    assert "/accounts/login/" in page.url
