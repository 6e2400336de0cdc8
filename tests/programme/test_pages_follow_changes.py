"""The triage queue: each adviser's own view, computed in every request; its forms post."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from programme import services
from tests.programme.factories import make_referral

QUEUE = reverse("referrals:queue")


def assign_token(content: str, referral) -> str | None:
    """The CSRF token of the referral's "Assign to me" form, if it has one."""
    action = re.escape(reverse("referrals:assign", args=[referral.pk]))
    found = re.search(rf'action="{action}">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)"', content)
    return found and found.group(1)


@pytest.fixture
def other_client(other_adviser):
    client = Client()
    client.force_login(other_adviser, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_two_advisers_see_their_own_referrals(adviser_client, other_client, adviser):
    mine = make_referral()
    services.referral_assign(referral=mine, adviser=adviser, by=adviser)
    assert mine.reference in adviser_client.get(QUEUE, {"mine": "on"}).content.decode()
    content = other_client.get(QUEUE, {"mine": "on"}).content.decode()
    assert mine.reference not in content and "No referrals match these filters." in content


def test_a_bad_filter_says_error_in_the_title_and_at_the_field(adviser_client):
    content = adviser_client.get(QUEUE, {"status": "nonsense", "mine": "on"}).content.decode()
    assert "<title>Error: Referrals" in content
    assert 'id="id_status-error" class="govuk-error-message"' in content
    assert 'aria-describedby="id_status-error" aria-invalid="true"' in content
    assert 'id="id_mine" checked' in content


def test_the_filters_show_what_was_chosen(adviser_client):
    content = adviser_client.get(QUEUE, {"status": "declined", "sort": "newest"}).content.decode()
    assert '<option value="declined" selected>' in content and '<option value="newest" selected>' in content
    assert '<option value="open" selected>' not in content and "govuk-error-message" not in content
    assert 'id="id_mine" checked' not in content


def test_assign_to_me_posts_and_the_queue_shows_it_on_the_next_get(adviser):
    referral = make_referral()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(adviser, backend="django.contrib.auth.backends.ModelBackend")
    token = assign_token(browser.get(QUEUE).content.decode(), referral)
    assert token
    url = reverse("referrals:assign", args=[referral.pk])
    response = browser.post(url, {"csrfmiddlewaretoken": token, "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    referral.refresh_from_db()
    assert referral.assigned_adviser == adviser
    content = browser.get(QUEUE).content.decode()
    assert "Ada Adviser" in content and assign_token(content, referral) is None
