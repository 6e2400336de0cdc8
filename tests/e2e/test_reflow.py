"""Reflow (#25, point 7; WCAG 2.2, 1.4.10) and the copy check in a real browser (#25, point 8): at
320 CSS pixels wide no main page of any role scrolls sideways, every table that is wider than the
screen scrolls inside a labelled region that the keyboard can reach, and the phrases people tripped
over (tests/test_copy.py) are nowhere on the page as shown."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from challenges.models import EOIStatus, ExpressionOfInterest
from journeys.models import Journey
from tests.test_copy import BANNED

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _journey(email):
    return Journey.objects.filter(group__memberships__user__email=email).order_by("pk").first()


def _pages():
    officer = User.objects.get(email="officer@demo.test")
    eoi = (
        ExpressionOfInterest.objects.filter(service__council=officer.public_body)
        .exclude(status=EOIStatus.DRAFT)
        .order_by("pk")
        .first()
    )
    lead, planner = _journey("lead@demo.test"), _journey("lead3@demo.test")
    task = lead.tasks.order_by("definition__stage__order", "definition__order").first()
    return {
        None: [
            "/",
            reverse("challenges:register"),
            reverse("casestudies:list"),
            "/accounts/login/",
            reverse("referrals:outcomes_public"),
        ],
        "lead@demo.test": [
            "/accounts/",
            reverse("journeys:overview", args=[lead.pk]),
            reverse("journeys:task", args=[lead.pk, task.pk]),
        ],
        "lead3@demo.test": [
            reverse("journeys:finance", args=[planner.pk]),
            reverse("journeys:risks", args=[planner.pk]),
        ],
        "officer@demo.test": [reverse("challenges:eoi_list"), reverse("challenges:eoi_review", args=[eoi.pk])],
        "lead4@demo.test": [reverse("referrals:outcome_returns", args=[_journey("lead4@demo.test").pk])],
        "adviser@demo.test": [reverse("referrals:queue"), reverse("referrals:pipeline")],
        "body@demo.test": [reverse("challenges:my_eois")],
    }


def _as(context, live_server, email):
    from bench.django_tasks import session_for  # a signed-in session, second factor checked

    context.clear_cookies()
    if email:
        context.add_cookies([{"name": "sessionid", "value": session_for(email), "url": live_server.url}])


def test_no_page_scrolls_sideways_at_320_pixels_and_the_copy_is_clean(demo_data, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    problems = []
    for email, paths in _pages().items():
        _as(context, live_server, email)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (email, path, response.status)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > 321)
                      .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
                )
                problems.append(f"{email} {path}: {width}px wide ({wide})")
            for region in page.locator(".app-table-scroll[role=region]").all():
                assert (
                    region.get_attribute("tabindex") == "0"
                    and region.get_attribute("aria-label")
                    or (region.get_attribute("aria-labelledby"))
                ), (email, path)
            text = page.locator("body").inner_text()
            problems += [f"{email} {path}: says {phrase!r}" for phrase in BANNED if phrase in text]
    context.close()
    assert problems == []
