"""The case-study list answers from the data of each request (nothing is kept on the server):
each change shows in the next response, per URL and media type; authentication, throttling and
conditional GET run for every request."""

from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import api_token_for

LIST = reverse("api-case-study-list", kwargs={"version": "v1"})


def _slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_a_new_or_changed_case_study_is_in_the_next_response(client, db):
    assert "api-cache-trust" not in _slugs(client.get(LIST, {"q": "zephyr"}))
    study = CaseStudyFactory(name="Zephyr Trust", slug="api-cache-trust", summary="Zephyr.")
    assert _slugs(client.get(LIST, {"q": "zephyr"})) == ["api-cache-trust"]
    study.summary = "Zephyr, renamed."
    study.save()
    assert client.get(LIST, {"q": "zephyr"}).json()["results"][0]["summary"] == "Zephyr, renamed."
    study.change_status(CaseStudy.Status.DRAFT, by=None)
    assert _slugs(client.get(LIST, {"q": "zephyr"})) == []


def test_a_second_response_has_the_same_body_and_headers(client, db):
    first = client.get(LIST, {"page_size": 2})
    second = client.get(LIST, {"page_size": 2})
    assert second.content == first.content
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Allow"):
        assert second[header] == first[header], header
    assert second.json()["next"] == "http://testserver/api/v1/case-studies/?page=2&page_size=2"
    assert client.get(LIST, {"page_size": 2, "page": 2}).json()["previous"] == (
        "http://testserver/api/v1/case-studies/?page_size=2"
    )


def test_each_host_and_media_type_has_its_own_body(client, db):
    plain = client.get(LIST, {"page_size": 1})
    indented = client.get(LIST, {"page_size": 1}, headers={"accept": "application/json; indent=4"})
    assert indented.json() == plain.json()
    assert b'\n    "count"' in indented.content and b'\n    "count"' not in plain.content
    other_host = client.get(LIST, {"page_size": 1}, headers={"host": "localhost"})
    assert other_host.json()["next"].startswith("http://localhost/")
    assert client.get(LIST, {"page_size": 1}).content == plain.content


def test_bad_parameters_are_still_refused_after_good_ones(client, db):
    assert client.get(LIST, {"sort": "name"}).status_code == 200
    assert client.get(LIST, {"sort": "nonsense"}).status_code == 400
    assert client.get(LIST, {"page": "999"}).status_code == 404
    assert client.get(LIST, {"page": "999"}).status_code == 404


def test_signed_in_clients_get_the_same_open_data_and_a_bad_token_is_still_refused(client, world):
    anonymous = client.get(LIST)
    key = api_token_for(world.user("staff"))
    signed_in = client.get(LIST, headers={"authorization": f"Token {key}"})
    assert signed_in.status_code == 200
    assert signed_in.content == anonymous.content
    assert client.get(LIST, headers={"authorization": "Token not-a-real-token"}).status_code in (401, 403)


def test_responses_and_304s_are_throttled(client, db, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "600/minute"})
    etag = client.get(LIST)["ETag"]
    assert [client.get(LIST, headers={"if-none-match": etag}).status_code for _ in range(2)] == [304, 429]


def test_a_client_revalidating_its_copy_gets_304(client, db):
    etag = client.get(LIST)["ETag"]
    last_modified = client.get(LIST)["Last-Modified"]
    assert client.get(LIST, headers={"if-none-match": etag}).status_code == 304
    assert client.get(LIST, headers={"if-modified-since": last_modified}).status_code == 304
