"""Give feedback and the human service-status page (issue #25, point 4)."""

import pytest
from django.urls import reverse

from accounts.models import Feedback
from mutuals_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_feedback_is_stored_with_the_page_it_came_from_and_nothing_about_the_person(world, client_for):
    client = client_for(world.user("staff"))
    form = client.get(reverse("feedback") + "?from=/journeys/").content.decode()
    assert "Overall, how did you feel about the service you received today?" in form
    assert 'name="page" value="/journeys/"' in form
    response = client.post(
        reverse("feedback"), {"satisfaction": "satisfied", "comments": "The task list helps.", "page": "/journeys/"}
    )
    assert response["Location"] == reverse("feedback_thanks")
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.comments, feedback.page) == (
        "satisfied",
        "The task list helps.",
        "/journeys/",
    )


def test_a_missing_answer_shows_the_error_summary_keeps_the_comments_and_saves_nothing(client):
    response = client.post(reverse("feedback"), {"comments": "Kept when the page comes back"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Select how you feel about the service" in html
    assert "Kept when the page comes back" in html
    assert not Feedback.objects.exists()


def test_a_page_on_another_site_is_not_kept(client):
    client.post(reverse("feedback"), {"satisfaction": "neither", "page": "//evil.example/"})
    assert Feedback.objects.get().page == ""


def test_too_much_feedback_from_one_address_is_refused(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": "2/hour"}
    for _ in range(2):
        assert client.post(reverse("feedback"), {"satisfaction": "satisfied"}).status_code == 302
    response = client.post(reverse("feedback"), {"satisfaction": "satisfied"})
    assert response.status_code == 429 and "Retry-After" in response
    assert Feedback.objects.count() == 2


def test_administrators_read_feedback_in_the_admin_and_cannot_change_it(world, client_for):
    Feedback.objects.create(satisfaction="dissatisfied", comments="Could not find my council")
    admin = client_for(world.user("admin"))
    html = admin.get(reverse("admin:accounts_feedback_changelist")).content.decode()
    assert "Could not find my council" in html
    assert admin.get(reverse("admin:accounts_feedback_add")).status_code == 403


def test_the_footer_and_phase_banner_lead_to_feedback_and_the_status_page(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("feedback")}"' in html
    assert f'href="{reverse("service_status")}"' in html
    assert f'href="{reverse("healthz")}"' not in html


def test_the_status_page_says_in_words_that_the_service_works(client):
    response = client.get(reverse("service_status"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "is working normally" in html and "Not working" not in html


def test_the_status_page_says_which_part_is_down(client, monkeypatch):
    # A real Redis client pointed at a port where nothing listens (as tests/test_healthz.py does).
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    response = client.get(reverse("service_status"))
    html = response.content.decode()
    assert response.status_code == 503
    assert "Part of" in html and "Not working" in html
    assert "Pages and saving your work" in html
