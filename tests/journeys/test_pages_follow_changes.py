"""Journey pages decide access in every request, from the database: a change to who may do what
applies to the very next request, whatever the cache does (issue #17)."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from journeys import services
from journeys.models import Membership, Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _task(journey, slug="why-and-vision") -> Task:
    return journey.tasks.select_related("definition").get(definition__slug=slug)


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def redis_refuses_writes(monkeypatch):
    """Redis answering reads but refusing writes (as in the incident of issue #17): a boundary we
    do not own, so the one place a test stands in for it."""

    def refuse(*args, **kwargs):
        raise RedisConnectionError("Redis refused the write")

    for name in ("incr", "decr"):
        monkeypatch.setattr(cache, name, refuse)


def test_a_removed_member_loses_the_journey_at_once_even_when_redis_refuses_writes(
    journey, lead, member, redis_refuses_writes
):
    """Reproduces issue #17: the removed member got 200 on the overview and saved a task."""
    client = Client()
    client.force_login(member)
    overview = reverse("journeys:overview", args=[journey.pk])
    row = _task(journey)
    task_url = reverse("journeys:task", args=[journey.pk, row.pk])
    _get(client, overview)
    _get(client, task_url)
    services.membership_remove(membership=Membership.objects.get(user=member), by=lead)
    assert client.get(overview).status_code == 404
    response = client.post(task_url, {"status": "completed", "notes": "after removal", "version": row.version})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status != "completed" and row.notes != "after removal"


def test_a_member_made_lead_gets_the_lead_links_at_once(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:overview", args=[journey.pk])
    sharing = reverse("journeys:sharing", args=[journey.pk])
    assert sharing not in _get(client, url)
    membership = Membership.objects.get(user=member)
    membership.role = Membership.Role.LEAD
    membership.save()
    assert sharing in _get(client, url)


def test_each_person_sees_their_own_overview(journey, lead, member, officer):
    services.journey_share(journey=journey, by=lead, shared=True)
    url = reverse("journeys:overview", args=[journey.pk])
    pages = {}
    for user in (lead, member, officer):
        client = Client()
        client.force_login(user)
        pages[user.email] = _get(client, url)
    assert "You can read it but not change the group's work" in pages[officer.email]
    assert "You can read it but not change the group's work" not in pages[lead.email]
    assert reverse("journeys:sharing", args=[journey.pk]) in pages[lead.email]
    assert reverse("journeys:sharing", args=[journey.pk]) not in pages[member.email]


def test_the_overview_and_task_page_show_a_change_on_the_next_get(client, journey, lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(lead)
    overview = reverse("journeys:overview", args=[journey.pk])
    row = _task(journey, "options-appraisal")
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    assert "No evidence uploaded yet" in _get(client, url)
    services.evidence_add(task=row, by=lead, file=SimpleUploadedFile("appraisal.pdf", PDF))
    html = _get(client, url)
    assert "appraisal.pdf" in html and "No evidence uploaded yet" not in html
    row.refresh_from_db()
    services.task_update(task=row, by=lead, status="completed", notes="Three options costed", version=row.version)
    assert "Three options costed" in _get(client, url)
    assert "Completed" in _get(client, overview).split(row.definition.title, 1)[1][:600]


def test_a_failed_save_shows_its_errors_and_its_form_posts_again(journey, lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    row = _task(journey)
    url = reverse("journeys:task", args=[journey.pk, row.pk])

    def token(html):
        return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]

    response = client.post(url, {"csrfmiddlewaretoken": token(_get(client, url)), "status": "nonsense", "notes": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "<title>Error: " in html
    fixed = {"csrfmiddlewaretoken": token(html), "status": "in_progress", "notes": "", "version": row.version}
    assert client.post(url, fixed).status_code == 302
    assert "govuk-error-summary" not in _get(client, url)
