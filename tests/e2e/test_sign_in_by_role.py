"""Each demo role signs in through a real browser, sees its navigation, and every page
it visits loads all its assets and passes axe-core's WCAG 2.2 A/AA rules."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pass-2026"

ROLES = [
    # email, caption on the account page, a navigation link the role must see
    ("lead@demo.test", "Staff group member", "Your account"),
    ("member@demo.test", "Staff group member", "Your account"),
    ("lead2@demo.test", "Staff group member", "Your account"),
    ("officer@demo.test", "Council officer", "Your account"),
    ("officer2@demo.test", "Council officer", "Your account"),
    ("adviser@demo.test", "Cabinet Office adviser", "Your account"),
    ("body@demo.test", "Relevant body representative", "Your account"),
    ("admin@demo.test", "Administrator", "Admin"),
]


def test_public_pages_load_and_are_accessible(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    for path, heading in [
        ("/", "Spin out a public service as a mutual"),
        ("/accessibility/", "Accessibility statement for Mutuals Portal"),
        ("/privacy/", "Privacy notice"),
        ("/accounts/login/", "Sign in"),
        ("/accounts/password-reset/", "Reset your password"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").inner_text() == heading
        # GOV.UK Frontend's stylesheet and font really applied.
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert "GDS Transport" in font
        assert page.evaluate("document.fonts.check('bold 16px \"GDS Transport\"')")
        assert_accessible(page)


def test_a_wrong_password_shows_an_accessible_error_summary(demo_data, live_server, watched_page, assert_accessible):
    page = watched_page
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/")
    page.get_by_label("Email address").fill("lead@demo.test")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter a correct email address and password" in summary.inner_text()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


def test_the_404_page_is_styled_and_accessible(demo_data, live_server, watched_page, assert_accessible, settings):
    settings.DEBUG = False
    page = watched_page
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


@pytest.mark.parametrize(("email", "caption", "nav_link"), ROLES, ids=[role[0] for role in ROLES])
def test_each_demo_role_signs_in_and_sees_its_navigation(
    demo_data, live_server, watched_page, assert_accessible, email, caption, nav_link
):
    page = watched_page
    sign_in(page, live_server.url, email)
    assert page.locator("h1").inner_text() == "Your account"
    assert page.locator(".govuk-caption-l").inner_text() == caption
    nav = page.locator(".govuk-service-navigation")
    expect(nav.get_by_role("link", name=nav_link)).to_be_visible()
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/password-change/")
    assert page.locator("h1").inner_text() == "Change your password"
    assert_accessible(page)

    page.goto(f"{live_server.url}/accounts/")
    page.locator(".govuk-service-navigation").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".govuk-service-navigation").get_by_role("link", name="Sign in")).to_be_visible()


HOMES = [
    ("lead@demo.test", "/journeys/"),
    ("officer@demo.test", "/challenges/"),
    ("adviser@demo.test", "/referrals/"),
    ("body@demo.test", "/challenges/my/"),
]


@pytest.mark.parametrize(("email", "home"), HOMES, ids=[role[0] for role in HOMES])
def test_each_role_lands_on_its_home_and_its_navigation_fits_on_one_line_at_1024px(
    demo_data, live_server, watched_page, assert_accessible, email, home
):
    page = watched_page
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{home}")
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('.govuk-service-navigation__item'))"
        ".map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) >= 4 and len(set(tops)) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    sign_out = page.locator(".govuk-service-navigation").get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert_accessible(page)
    sign_out.click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".govuk-service-navigation").get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("audience", ["staff-groups", "community-groups", "councils", "advisers"])
def test_start_pages_are_accessible(demo_data, live_server, watched_page, assert_accessible, audience):
    page = watched_page
    page.goto(f"{live_server.url}/start/{audience}/")
    expect(page.get_by_role("button", name="Start now")).to_be_visible()
    assert_accessible(page)
