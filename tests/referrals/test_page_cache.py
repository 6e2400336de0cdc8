"""The triage queue and the pipeline dashboard are cached per person (mutuals_portal/pagecache.py):
every change to what they show must appear on the next GET, and the queue's forms must still post."""

import re
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journeys.models import GateRequest, Journey, Stage
from journeys.referrals import services
from mutuals_portal import pagecache
from tests.journeys.factories import make_journey
from tests.referrals.factories import assess, make_referral

QUEUE = reverse("referrals:queue")
PIPELINE = reverse("referrals:pipeline")
NOT_SCORED = '<span class="app-muted">Not scored</span>'


def assign_token(content: str, referral) -> str | None:
    """The CSRF token of the referral's "Assign to me" form, if it has one."""
    action = re.escape(reverse("referrals:assign", args=[referral.pk]))
    found = re.search(rf'action="{action}">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)"', content)
    return found and found.group(1)


def rendered(response) -> bool:
    """Whether the page's content was rendered for this response (a miss), not read from the cache."""
    return "page" in response.context or "stages" in response.context


def tomorrow(monkeypatch):
    """The page cache's day moves on (the data's clock does not)."""
    day = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(pagecache, "timezone", SimpleNamespace(localdate=lambda: day))


def status_row(content: str, status: str) -> list[str]:
    row = re.search(rf'<th scope="row" class="govuk-table__header">{status}</th>(.*?)</tr>', content).group(1)
    return re.findall(r">(\d+)</td>", row)


@pytest.fixture
def other_client(other_adviser):
    client = Client()
    client.force_login(other_adviser, backend="django.contrib.auth.backends.ModelBackend")
    return client


# The triage queue ------------------------------------------------------------------------------


def test_the_queue_is_cached_until_a_referral_arrives(adviser_client):
    first = make_referral(organisation="First team")
    assert first.reference in adviser_client.get(QUEUE).content.decode()
    assert not rendered(adviser_client.get(QUEUE))
    second = make_referral(organisation="Second team")
    content = adviser_client.get(QUEUE).content.decode()
    assert second.reference in content and "2 referrals" in content


def test_the_queue_shows_a_new_assessment(adviser_client, adviser):
    referral = make_referral()
    assert NOT_SCORED in adviser_client.get(QUEUE).content.decode()
    assessment = assess(referral, adviser)
    content = adviser_client.get(QUEUE).content.decode()
    assert f"{assessment.score}<br>" in content and NOT_SCORED not in content


def test_the_queue_drops_a_decided_referral(adviser_client, adviser):
    referral = make_referral()
    assert referral.reference in adviser_client.get(QUEUE).content.decode()
    services.referral_decline(referral=referral, by=adviser, reason="Out of scope")
    content = adviser_client.get(QUEUE).content.decode()
    assert referral.reference not in content and "0 referrals" in content


def test_the_queue_shows_a_renamed_adviser(adviser_client, adviser):
    referral = make_referral()
    services.referral_assign(referral=referral, adviser=adviser, by=adviser)
    assert "Ada Adviser" in adviser_client.get(QUEUE).content.decode()
    adviser.full_name = "Ada Lovelace"
    adviser.save()
    assert "Ada Lovelace" in adviser_client.get(QUEUE).content.decode()


def test_the_queue_ages_move_on_each_day(adviser_client, monkeypatch):
    referral = make_referral()
    adviser_client.get(QUEUE)
    # As if the referral had come in 3 days ago: only the date, not a change, can show it.
    type(referral).objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert not rendered(adviser_client.get(QUEUE))
    tomorrow(monkeypatch)
    response = adviser_client.get(QUEUE)
    assert rendered(response)
    assert response.context["page"].object_list[0].age_days() == 3
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in response.content.decode()


def test_each_filter_has_its_own_cached_page(adviser_client, adviser):
    open_one, declined = make_referral(), make_referral()
    services.referral_decline(referral=declined, by=adviser, reason="Out of scope")
    assert declined.reference not in adviser_client.get(QUEUE).content.decode()
    content = adviser_client.get(QUEUE, {"status": "declined"}).content.decode()
    assert declined.reference in content and open_one.reference not in content


def test_two_advisers_see_their_own_referrals(adviser_client, other_client, adviser):
    mine = make_referral()
    services.referral_assign(referral=mine, adviser=adviser, by=adviser)
    assert mine.reference in adviser_client.get(QUEUE, {"mine": "on"}).content.decode()
    content = other_client.get(QUEUE, {"mine": "on"}).content.decode()
    assert mine.reference not in content and "No referrals match these filters." in content


def test_a_bad_filter_still_says_error_in_the_title_from_the_cache(adviser_client):
    for _ in range(2):
        content = adviser_client.get(QUEUE, {"status": "nonsense"}).content.decode()
        assert "<title>Error: Referrals" in content


def test_assign_to_me_posts_from_the_cached_queue(adviser, other_adviser):
    """The cached content has no CSRF token of its own: each response gets a valid one, in any browser."""
    referral = make_referral()
    browsers = []
    for _ in range(2):  # e.g. the adviser's laptop and phone: two CSRF cookies, one cached page
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(adviser, backend="django.contrib.auth.backends.ModelBackend")
        browsers.append(browser)
    assert rendered(browsers[0].get(QUEUE))
    tokens = []
    for browser in browsers:
        response = browser.get(QUEUE)
        assert not rendered(response)
        token = assign_token(response.content.decode(), referral)
        assert token and "pagecache" not in token
        tokens.append(token)
    assert tokens[0] != tokens[1]
    url = reverse("referrals:assign", args=[referral.pk])
    response = browsers[1].post(url, {"csrfmiddlewaretoken": tokens[1], "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    referral.refresh_from_db()
    assert referral.assigned_adviser == adviser
    content = browsers[0].get(QUEUE).content.decode()
    assert "Ada Adviser" in content and assign_token(content, referral) is None


# The pipeline dashboard ------------------------------------------------------------------------


def test_the_pipeline_is_cached_until_a_journey_changes_stage(adviser_client, programme):
    journey = make_journey(supported=True)
    assert "Exploring options 1," in adviser_client.get(PIPELINE).content.decode()
    assert not rendered(adviser_client.get(PIPELINE))
    journey.stage = Stage.DESIGN
    journey.save()
    content = adviser_client.get(PIPELINE).content.decode()
    assert "Exploring options 0," in content and "Designing the mutual 1," in content


def test_the_pipeline_shows_a_new_sign_off_request(adviser_client, programme):
    journey = make_journey(supported=True)
    assert "No stage sign-offs are waiting." in adviser_client.get(PIPELINE).content.decode()
    gate = GateRequest.objects.create(journey=journey, from_stage=Stage.EXPLORE, to_stage=Stage.SUPPORT)
    assert reverse("journeys:gate_decide", args=[journey.pk, gate.pk]) in adviser_client.get(PIPELINE).content.decode()


def test_the_pipeline_shows_a_new_allocation(adviser_client, adviser, programme):
    journey = make_journey(supported=True)
    assert "£0.00" in adviser_client.get(PIPELINE).content.decode()
    services.allocation_create(
        programme=programme, journey=journey, category="legal", supplier="A", amount=Decimal("1500"), by=adviser
    )
    assert "£1,500.00" in adviser_client.get(PIPELINE).content.decode()


def test_the_pipeline_counts_a_new_referral(adviser_client, programme):
    assert status_row(adviser_client.get(PIPELINE).content.decode(), "New") == ["0", "0", "0", "0", "0"]
    make_referral()
    assert status_row(adviser_client.get(PIPELINE).content.decode(), "New") == ["1", "0", "0", "0", "1"]


def test_the_pipeline_shows_a_renamed_adviser_on_a_stalled_journey(adviser_client, adviser, programme):
    journey = make_journey(supported=True)
    Journey.objects.filter(pk=journey.pk).update(
        assigned_adviser=adviser, last_activity_at=timezone.now() - timedelta(days=90)
    )
    assert "Ada Adviser" in adviser_client.get(PIPELINE).content.decode()
    adviser.full_name = "Ada Lovelace"
    adviser.save()
    assert "Ada Lovelace" in adviser_client.get(PIPELINE).content.decode()


def test_a_journey_stalls_on_the_next_day(adviser_client, programme, monkeypatch):
    journey = make_journey(supported=True)
    assert "No supported journey has stalled." in adviser_client.get(PIPELINE).content.decode()
    # As if 61 quiet days had gone by: only the date, not a change, can show it.
    Journey.objects.filter(pk=journey.pk).update(last_activity_at=timezone.now() - timedelta(days=61))
    assert not rendered(adviser_client.get(PIPELINE))
    tomorrow(monkeypatch)
    content = adviser_client.get(PIPELINE).content.decode()
    assert "No supported journey has stalled." not in content
    assert reverse("journeys:overview", args=[journey.pk]) in content


def test_the_cached_pipeline_is_the_page_as_rendered(adviser_client, adviser, programme, settings):
    def main(response) -> str:
        content = response.content.decode()
        return content[content.index("<main") : content.index("</main>")]

    make_journey(supported=True)
    make_referral()
    assert rendered(adviser_client.get(PIPELINE))
    cached = adviser_client.get(PIPELINE)
    assert not rendered(cached)
    settings.PAGE_CACHE = False
    assert main(adviser_client.get(PIPELINE)) == main(cached)
