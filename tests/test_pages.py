"""Home page, static pages, navigation by role and the error pages."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.navigation import navigation_for

pytestmark = pytest.mark.django_db


def test_home_is_a_start_page_with_a_route_for_each_user_group(client):
    html = client.get(reverse("home")).content.decode()
    assert "govuk-button--start" in html
    for audience in ("Staff groups", "Council officers", "Cabinet Office advisers", "Community groups"):
        assert audience in html
    assert 'href="#main-content"' in html  # skip link
    assert "govuk-phase-banner" in html
    assert reverse("accessibility") in html and reverse("privacy") in html  # footer


def test_pages_load_govuk_frontend_from_static(client):
    html = client.get(reverse("home")).content.decode()
    assert "/static/govuk/govuk-frontend.min.css" in html
    assert "/static/js/portal.js" in html


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("anonymous", ["Sign in"], ["Your account", "Admin"]),
        ("staff", ["Your account"], ["Admin", "Sign in"]),
        ("officer", ["Your account"], ["Admin", "Sign in"]),
        ("adviser", ["Your account"], ["Admin", "Sign in"]),
        ("admin", ["Admin", "Your account"], ["Sign in"]),
    ],
)
def test_navigation_fits_the_role(world, client_for, role, expected, absent):
    html = client_for(world.user(role)).get(reverse("home")).content.decode()
    nav = html.split('class="govuk-service-navigation', 1)[1].split("</section>", 1)[0]
    for text in expected:
        assert text in nav
    for text in absent:
        assert text not in nav


def test_navigation_for_each_role_only_links_to_pages_that_exist(world):
    for role in ("staff", "officer", "adviser", "body", "admin"):
        for item in navigation_for(world.user(role)):
            assert item["href"].startswith("/")


def test_the_navigation_marks_one_current_item_the_one_the_page_is_under(world):
    """The adviser's Mentoring pages (/programme/mentoring/...) are under Pipeline's URL (/programme/): only
    Mentoring is current there, and Pipeline on its own pages."""
    adviser = world.user("adviser")

    def current(path):
        return [item["text"] for item in navigation_for(adviser, path) if item["active"]]

    assert current(reverse("referrals:mentoring")) == ["Mentoring"]
    assert current(reverse("referrals:mentoring") + "offers/1/approve-again/") == ["Mentoring"]
    assert current(reverse("referrals:pipeline")) == ["Pipeline"]
    assert current(reverse("referrals:queue")) == ["Referrals"]
    assert current(reverse("accessibility")) == []


def test_the_header_shows_the_current_item_once_on_a_mentoring_page(world, client_for):
    html = client_for(world.user("adviser")).get(reverse("referrals:mentoring")).content.decode()
    nav = html.split('class="govuk-service-navigation', 1)[1].split("</section>", 1)[0]
    assert nav.count("govuk-service-navigation__item--active") == 1
    active = nav.split("govuk-service-navigation__item--active", 1)[1].split("</li>", 1)[0]
    assert "Mentoring" in active


def test_account_page_shows_the_role_and_organisation(world, client_for):
    html = client_for(world.user("officer")).get(reverse("account")).content.decode()
    assert "Council officer" in html
    assert "Northbridge City Council" in html
    html = client_for(world.user("staff")).get(reverse("account")).content.decode()
    assert "Group A (lead)" in html


def test_an_unknown_url_gets_the_govuk_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-header" in html


@override_settings(DEBUG=False)
def test_a_server_error_gets_a_styled_500_page_that_leaks_nothing(settings):
    settings.ROOT_URLCONF = "tests.urls_with_error"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-frontend.min.css" in html
    assert "secret-detail" not in html
    assert "Traceback" not in html
