"""Copy check (issue #25, point 8): the phrases people tripped over never come back. Walks the demo
data's pages as each role (one link deep from their home) and renders the refusal page."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from mutuals_portal.templatetags.portal import govuk_datetime, govuk_time

pytestmark = pytest.mark.django_db

BANNED = [
    "by the lead by",  # "Confirmed by the lead by Priya Shah"
    "a.m.",  # Django's "a" format: GOV.UK writes 8:06am
    "p.m.",
    "can see this page",  # the 403 page told people who could not see a page that they could
]
LINK = re.compile(r'href="(/[^"#?]*)"')
SKIP = ("/static/", "/admin/", "/api/", "/accounts/logout/", ".csv", ".json", ".pdf", ".docx", "/download")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(8, 6), "8:06am"),
        (time(17, 30), "5:30pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(12, 5), "12:05pm"),
    ],
)
def test_times_are_written_the_gov_uk_way(value, expected):
    assert govuk_time(value) == expected


def test_date_and_time_use_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime(2026, 7, 1, 7, 6, tzinfo=ZoneInfo("UTC"))
    assert govuk_datetime(summer) == "1 July 2026, 8:06am"


def _walk(client, start):
    seen, problems = set(), []
    first = client.get(start, follow=True)
    pages = [(start, first)]
    for href in LINK.findall(first.content.decode()):
        if href in seen or href.startswith(SKIP) or len(seen) >= 40:
            continue
        seen.add(href)
        pages.append((href, client.get(href)))
    for url, response in pages:
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        problems += [f"{url}: {phrase!r}" for phrase in BANNED if phrase in html]
    return problems


@pytest.mark.parametrize(
    "email", ["lead@demo.test", "lead3@demo.test", "officer@demo.test", "adviser@demo.test", "body@demo.test"]
)
def test_no_page_a_demo_role_reaches_uses_a_banned_phrase(email):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(User.objects.get(email=email))
    assert _walk(client, reverse("role_home")) == []


def test_a_withdrawn_expression_of_interest_expects_no_decision():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(User.objects.get(email="body@demo.test"))
    html = client.get(reverse("challenges:my_eois")).content.decode()
    for row in html.split("<tr")[1:]:
        if "Withdrawn" in row:
            assert "Not applicable: withdrawn" in row
            break
    else:
        pytest.fail("the demo data has no withdrawn expression of interest")


def test_the_refusal_page_says_what_happened_and_who_to_ask(rf, world):
    from accounts.views import permission_denied

    for role, ask in [("staff", "ask the lead of your staff group"), ("officer", "contact the service team")]:
        request = rf.get("/somewhere/")
        request.user = world.user(role)
        request.session = {}
        html = permission_denied(request, None).content.decode()
        assert "You do not have permission to do this" in html
        assert ask in html
        assert "can see this page" not in html
    officer_request = rf.get("/somewhere/")
    officer_request.user = world.user("officer")
    officer_request.session = {}
    assert "lead of your staff group" not in permission_denied(officer_request, None).content.decode()
