"""Turning on two-factor authentication and signing in with a code, in a real browser."""

import time

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


def _code(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def test_turn_on_two_factor_then_sign_in_with_a_code(live_server, watched_page, assert_accessible):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = watched_page
    sign_in(page, live_server.url, wait=False)
    page.wait_for_url(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Turn on two-factor authentication").click()
    assert page.locator("h1").inner_text() == "Set up two-factor authentication"
    expect(page.get_by_role("img", name="QR code to add Mutuals Portal to an authenticator app")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert "Enter the code as 6 digits" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    device = TOTPDevice.objects.get(user__email="lead@demo.test")
    page.get_by_label("Code from your authenticator app").fill(_code(device))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert "Two-factor authentication is on" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, wait=False)
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/code/**")
    assert page.locator("h1").inner_text() == "Enter the code from your authenticator app"
    assert_accessible(page)
    device.refresh_from_db()
    page.get_by_label("Code from your authenticator app").fill(_code(device, 1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/accounts/")
    assert page.locator("h1").inner_text() == "Your account"
