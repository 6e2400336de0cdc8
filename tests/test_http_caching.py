"""HTTP caching of the public pages (issue #17, point 2): an anonymous visitor's browser or a
shared cache keeps the page, with an ETag made from the data it shows; a signed-in person's
response is never public. Nothing is kept on the server."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy
from mutuals_portal.lib.choices import ServiceArea
from tests.challenges.factories import DecisionFactory, ServiceFactory
from tests.factories import PublicBodyFactory

PUBLIC_PAGES = {
    "library": lambda: reverse("casestudies:list"),
    "library search": lambda: reverse("casestudies:list") + "?q=matrix",
    "library facet": lambda: reverse("casestudies:list") + f"?service_area={ServiceArea.LIBRARIES}",
    "case study": lambda: CaseStudy.objects.published().first().get_absolute_url(),
    "register": lambda: reverse("challenges:register"),
    "services": lambda: reverse("challenges:service_list"),
}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_an_anonymous_visitor_gets_a_public_page_with_an_etag_and_304_when_it_matches(client, world, page):
    url = PUBLIC_PAGES[page]()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert "cookie" in _vary(response)
    assert not response.cookies
    etag = response["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "public, max-age=60" and "cookie" in _vary(again)
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("role", ["staff", "officer", "adviser", "admin"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_signed_in_response_is_never_public(world, client_for, page, role):
    client = client_for(world.user(role))
    url = PUBLIC_PAGES[page]()
    anonymous_etag = client_for(None).get(url)["ETag"]
    client = client_for(world.user(role))
    response = client.get(url)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "cookie" in _vary(response)
    # A signed-in person never gets a 304 for the anonymous copy: their page is rendered for them.
    assert client.get(url, headers={"if-none-match": anonymous_etag}).status_code == 200


def test_a_304_for_a_matching_etag_runs_only_the_stamp_queries(client, world, django_assert_num_queries):
    url = reverse("casestudies:list") + "?q=matrix"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_the_library_etag_changes_with_each_change_to_the_library(client, world):
    url = reverse("casestudies:list")
    detail_study = CaseStudy.objects.published().first()
    detail = detail_study.get_absolute_url()
    etags = {client.get(url)["ETag"], client.get(detail)["ETag"]}
    other = CaseStudy.objects.published().exclude(pk=detail_study.pk).first() or detail_study
    other.summary = "A changed summary."
    other.save()
    list_response = client.get(url, headers={"if-none-match": ",".join(etags)})
    assert list_response.status_code == 200
    detail_response = client.get(detail, headers={"if-none-match": ",".join(etags)})
    assert detail_response.status_code == 200  # its related case studies may have changed
    etags |= {list_response["ETag"], detail_response["ETag"]}
    other.delete()  # a deletion leaves no newer updated_at: the library version moves on
    assert client.get(url, headers={"if-none-match": ",".join(etags)}).status_code == 200
    assert client.get(url, {"q": "matrix"})["ETag"] != client.get(url, {"q": "care"})["ETag"]


def test_the_register_etag_follows_a_publication_and_a_renamed_council(client, db):
    url = reverse("challenges:register")
    council = PublicBodyFactory(name="Etag Council")
    decision = DecisionFactory(eoi__service=ServiceFactory(council=council), eoi__body_name="Etag body")
    first = client.get(url)["ETag"]
    decision.published_at = timezone.now()
    decision.save()
    response = client.get(url, headers={"if-none-match": first})
    assert response.status_code == 200 and "Etag body" in response.content.decode()
    second = response["ETag"]
    council.name = "Renamed Etag Council"
    council.save()
    response = client.get(url, headers={"if-none-match": second})
    assert response.status_code == 200 and "Renamed Etag Council" in response.content.decode()


def test_the_services_etag_follows_a_newly_published_service(client, db):
    url = reverse("challenges:service_list")
    first = client.get(url)["ETag"]
    ServiceFactory(name="Newly open service", published=True)
    response = client.get(url, headers={"if-none-match": first})
    assert response.status_code == 200 and "Newly open service" in response.content.decode()
