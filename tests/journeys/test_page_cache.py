"""The journey overview and task pages are cached per person (mutuals_portal/pagecache.py): every
change they show must appear on the next visit, and access must follow membership at once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journeys import services
from journeys.models import Membership, Task, TaskDefinition
from mutuals_portal import pagecache
from mutuals_portal.accounts.models import User

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _task(journey, slug="why-and-vision") -> Task:
    return journey.tasks.select_related("definition").get(definition__slug=slug)


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache(client, journey, lead):
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    first = _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        second = _get(client, url)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", second) == token.sub("", first)  # the sign-out form's token differs
    # The session's user is all the database is asked for: access and content come from the cache.
    assert len(queries) <= 2, [q["sql"] for q in queries]


def test_the_overview_follows_a_task_update(client, journey, lead):
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    row = _task(journey)
    assert "Completed" not in _get(client, url).split(row.definition.title, 1)[1][:600]
    services.task_update(task=row, by=lead, status="completed", notes="", version=row.version)
    after = _get(client, url).split(row.definition.title, 1)[1][:600]
    assert "Completed" in after


def test_the_overview_follows_the_catalogue(client, journey, lead):
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    definition = _task(journey).definition
    _get(client, url)
    definition.title = "Why spin out, and the vision"
    definition.save()
    assert "Why spin out, and the vision" in _get(client, url)


def test_the_overview_follows_a_renamed_adviser(client, journey, lead, adviser):
    journey.in_support_programme = True
    journey.assigned_adviser = adviser
    journey.save()
    client.force_login(lead)
    url = reverse("journeys:overview", args=[journey.pk])
    assert adviser.full_name in _get(client, url)
    adviser.full_name = "Ada Renamed"
    adviser.save()
    assert "Ada Renamed" in _get(client, url)


def test_a_removed_member_loses_the_journey_at_once(client, journey, lead, member):
    client.force_login(member)
    url = reverse("journeys:overview", args=[journey.pk])
    _get(client, url)
    services.membership_remove(membership=Membership.objects.get(user=member), by=lead)
    assert client.get(url).status_code == 404


def test_a_member_made_lead_gets_the_lead_links_at_once(client, journey, member):
    client.force_login(member)
    url = reverse("journeys:overview", args=[journey.pk])
    sharing = reverse("journeys:sharing", args=[journey.pk])
    assert sharing not in _get(client, url)
    membership = Membership.objects.get(user=member)
    membership.role = Membership.Role.LEAD
    membership.save()
    assert sharing in _get(client, url)


def test_people_do_not_share_cached_content(journey, lead, member, officer):
    services.journey_share(journey=journey, by=lead, shared=True)
    url = reverse("journeys:overview", args=[journey.pk])
    pages = {}
    for user in (lead, member, officer):
        client = Client()
        client.force_login(user)
        pages[user.email] = _get(client, url)
    assert "You can read it but not change it" in pages[officer.email]
    assert "You can read it but not change it" not in pages[lead.email]
    assert reverse("journeys:sharing", args=[journey.pk]) in pages[lead.email]
    assert reverse("journeys:sharing", args=[journey.pk]) not in pages[member.email]


def test_the_task_page_follows_evidence_and_notes(client, journey, lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(lead)
    row = _task(journey, "options-appraisal")
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    assert "No evidence uploaded yet" in _get(client, url)
    services.evidence_add(task=row, by=lead, file=SimpleUploadedFile("appraisal.pdf", PDF))
    html = _get(client, url)
    assert "appraisal.pdf" in html and "No evidence uploaded yet" not in html
    row.refresh_from_db()
    services.task_update(task=row, by=lead, status="in_progress", notes="Three options costed", version=row.version)
    assert "Three options costed" in _get(client, url)


def test_a_cached_task_form_posts_in_another_session(journey, lead):
    """The cached copy holds a placeholder for the CSRF token: each response carries its own."""
    row = _task(journey)
    url = reverse("journeys:task", args=[journey.pk, row.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(lead)
    _get(first, url)
    second = Client(enforce_csrf_checks=True)
    second.force_login(lead)
    html = _get(second, url)  # from the cache
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert len(token) == 64
    response = second.post(url, {"csrfmiddlewaretoken": token, "status": "in_progress", "notes": "x", "version": 1})
    assert response.status_code == 302
    assert Task.objects.get(pk=row.pk).status == "in_progress"


def test_a_failed_save_is_not_cached_and_its_form_posts_again(journey, lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    row = _task(journey)
    url = reverse("journeys:task", args=[journey.pk, row.pk])

    def token(html):
        return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]

    response = client.post(url, {"csrfmiddlewaretoken": token(_get(client, url)), "status": "nonsense", "notes": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert pagecache.CSRF_PLACEHOLDER not in html
    fixed = {"csrfmiddlewaretoken": token(html), "status": "in_progress", "notes": "", "version": row.version}
    assert client.post(url, fixed).status_code == 302
    assert "govuk-error-summary" not in _get(client, url)


@pytest.mark.parametrize("enabled", [True, False])
def test_pages_work_with_the_cache_on_and_off(client, journey, lead, settings, enabled):
    settings.PAGE_CACHE = enabled
    client.force_login(lead)
    row = _task(journey)
    for url in (reverse("journeys:overview", args=[journey.pk]), reverse("journeys:task", args=[journey.pk, row.pk])):
        html = _get(client, url)
        assert "csrf-" not in html  # no placeholder left behind
    assert TaskDefinition.objects.exists() and User.objects.filter(pk=lead.pk).exists()


def test_no_password_hash_goes_into_the_cache(client, journey, lead, adviser, monkeypatch):
    from django.core.cache import cache

    journey.in_support_programme = True
    journey.assigned_adviser = adviser
    journey.save()
    row = _task(journey)
    services.task_update(task=row, by=lead, status="in_progress", notes="", version=row.version)
    stored = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        stored.append(value[1] if isinstance(value, tuple) else value)  # (versions, what is kept)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    client.force_login(lead)
    _get(client, reverse("journeys:overview", args=[journey.pk]))
    _get(client, reverse("journeys:task", args=[journey.pk, row.pk]))
    access = next(v for v in stored if hasattr(v, "membership"))
    task = next(v for v in stored if isinstance(v, Task))
    assert access.journey.assigned_adviser == adviser and task.updated_by == lead
    assert "password" in access.journey.assigned_adviser.get_deferred_fields()
    assert "password" in task.updated_by.get_deferred_fields()
