"""HTTP behaviour: conditional GET (ETag, Last-Modified, 304), throttling (429), JSON errors only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.throttling import SimpleRateThrottle

from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import UserFactory

V1 = {"version": "v1"}
LIST = reverse("api-case-study-list", kwargs=V1)
PUBLIC_URLS = [
    LIST,
    reverse("api-case-study-detail", kwargs={**V1, "slug": "explore-york"}),
    reverse("api-decision-list", kwargs=V1),
    reverse("api-service-list", kwargs=V1),
    reverse("api-stage-list", kwargs=V1),
    reverse("api-enumerations", kwargs=V1),
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_client_sending_back_the_etag_gets_304_with_no_body(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_etag_changes_when_the_data_changes(client, db):
    first = client.get(LIST)["ETag"]
    CaseStudyFactory(name="A New Mutual")
    response = client.get(LIST, headers={"if-none-match": first})
    assert response.status_code == 200
    assert response["ETag"] != first


def test_the_etag_differs_between_searches(client, db):
    assert client.get(LIST, {"q": "library"})["ETag"] != client.get(LIST, {"q": "care"})["ETag"]


def test_last_modified_is_the_newest_change_and_if_modified_since_gives_304(client, db):
    response = client.get(LIST)
    newest = CaseStudy.objects.latest("updated_at").updated_at
    assert response["Last-Modified"] == http_date(int(newest.timestamp()))
    assert client.get(LIST, headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    earlier = http_date(int((newest - timedelta(hours=1)).timestamp()))
    assert client.get(LIST, headers={"if-modified-since": earlier}).status_code == 200


def test_unpublishing_a_case_study_moves_last_modified_on(client, db, monkeypatch):
    before = client.get(LIST)["Last-Modified"]
    study = CaseStudy.objects.get(slug="explore-york")
    study.status = CaseStudy.Status.DRAFT
    later = timezone.now() + timedelta(seconds=5)  # Last-Modified counts whole seconds
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: later)
        study.save()
    response = client.get(LIST, headers={"if-modified-since": before})
    assert response.status_code == 200
    assert "explore-york" not in [row["slug"] for row in response.json()["results"]]


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_open_data_is_public_for_a_minute_for_anonymous_clients_only(world, client_for, url):
    response = client_for(None).get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert {"accept", "cookie", "authorization"} <= _vary(response)
    signed_in = client_for(world.user("staff")).get(url)
    assert signed_in.status_code == 200
    assert "public" not in signed_in["Cache-Control"] and "private" in signed_in["Cache-Control"]
    assert {"accept", "cookie", "authorization"} <= _vary(signed_in)


def test_private_data_is_cached_only_privately(world, client_for):
    response = client_for(world.user("staff")).get(reverse("api-journey-list", kwargs=V1))
    # Signed in: never stored at all (accounts.middleware.NoStoreForSignedInMiddleware).
    assert response["Cache-Control"] == "private, no-store"
    assert "cookie" in _vary(response)


def test_a_matching_etag_on_the_case_study_list_is_answered_before_the_search(client, db, django_assert_num_queries):
    etag = client.get(LIST, {"q": "library"})["ETag"]
    with django_assert_num_queries(1):  # the library's last change; no search, no facet counts
        assert client.get(LIST, {"q": "library"}, headers={"if-none-match": etag}).status_code == 304


def test_each_media_type_has_its_own_etag(client, db):
    plain = client.get(LIST)["ETag"]
    indented = client.get(LIST, headers={"accept": "application/json; indent=4"})
    assert indented["ETag"] != plain
    assert client.get(LIST, headers={"accept": "application/json; indent=4", "if-none-match": plain}).status_code == 200


def test_too_many_requests_get_a_json_429_with_retry_after(client, db, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "600/minute"})
    statuses = [client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(LIST)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Request was throttled.")
    assert int(response["Retry-After"]) > 0


def test_each_limit_counts_its_own_clients(client, db, monkeypatch):
    """The anonymous limit counts anonymous clients and the signed-in limit signed-in users, each alone."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "2/minute"})
    assert [client.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/v1/case-studies/no-such-slug/",
        "/api/v2/case-studies/",
        "/api/",
        "/api/v1/journeys/not-a-number/",
    ],
)
def test_an_unknown_api_url_is_a_json_404_never_html(client, db, settings, url, debug):
    settings.DEBUG = debug
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_writing_is_refused_with_a_json_405(client, db):
    response = client.post(LIST, {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_the_index_links_every_endpoint(client, db):
    body = client.get(reverse("api-root", kwargs=V1)).json()
    assert body["documentation"] == "http://testserver/api/docs/"
    for url in body["endpoints"].values():
        path = url.removeprefix("http://testserver")
        assert client.get(path).status_code in (200, 403)
