"""Pages issue the same number of queries however large the library grows (exact counts, measured on SQLite and
PostgreSQL)."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy, Source
from casestudies.search import library_changed
from mutuals_portal.lib.choices import LegalForm, ServiceArea

AREAS = list(ServiceArea)
FORMS = list(LegalForm)


def _grow_library_to(size):
    existing = CaseStudy.objects.count()
    rows = [
        CaseStudy(
            name=f"Library Mutual {n}",
            slug=f"library-mutual-{n}",
            summary=f"Runs library number {n}.",
            body="A public library service.",
            service_area=AREAS[n % len(AREAS)],
            legal_form=FORMS[n % len(FORMS)],
            year_spun_out=2000 + n % 20,
            status=CaseStudy.Status.PUBLISHED if n % 5 else CaseStudy.Status.DRAFT,
        )
        for n in range(existing, size)
    ]
    created = CaseStudy.objects.bulk_create(rows, batch_size=500)
    Source.objects.bulk_create([Source(case_study=cs, title="Report") for cs in created], batch_size=500)
    library_changed()  # bulk inserts send no signals: tell the cached facet counts, as any bulk loader must


def _get(client, url, params=None) -> bytes:
    """The page's body, read to the end (a streamed one too, so that its queries are counted)."""
    response = client.get(url, params or {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return body


PAGES = [
    # label, URL, parameters, queries: all on case-study tables for these public pages, including one for
    # their ETag (when the library last changed); the number of results comes from the facet counts
    ("list", lambda: reverse("casestudies:list"), {}, 3),
    ("search", lambda: reverse("casestudies:list"), {"q": "library", "legal_form": "CBS", "sort": "year"}, 4),
    # detail: the case study, its sources, its sourced facts, related case studies, the ETag
    ("detail", lambda: reverse("casestudies:detail", args=["explore-york"]), {}, 5),
    ("map", lambda: reverse("casestudies:map"), {}, 2),
    ("csv", lambda: reverse("casestudies:export_csv"), {}, 2),
    ("json", lambda: reverse("casestudies:export_json"), {"legal_form": "CBS"}, 2),
]


@pytest.mark.parametrize(("label", "url", "params", "queries"), PAGES, ids=[page[0] for page in PAGES])
def test_queries_stay_constant_from_20_to_2000_case_studies(
    client, db, django_assert_num_queries, label, url, params, queries
):
    for size in (20, 2000):
        _grow_library_to(size)
        with django_assert_num_queries(queries):
            _get(client, url(), params)


def test_the_export_holds_every_matching_row(client, db):
    _grow_library_to(2000)
    body = _get(client, reverse("casestudies:export_json"))
    assert body.count(b'"name"') == CaseStudy.objects.published().count()


def test_the_moderation_list_queries_stay_constant(world, client_for, django_assert_num_queries):
    client = client_for(world.user("adviser"))
    for size in (20, 2000):
        _grow_library_to(size)
        # The session and the user; a count and a page for each of the two lists; the header's unread
        # count (the kinds of object the adviser's notifications are about: none here)
        with django_assert_num_queries(7):
            _get(client, reverse("casestudies:moderation"))
