"""Pages issue a bounded number of queries however large the library grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _queries(client, url, params=None):
    """(all queries, queries on this app's tables) for one request, including a streamed body."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    # Not the navigation's unread count: it reads notifications (and which case studies they are about).
    own = [
        q
        for q in captured.captured_queries
        if "casestudies_" in q["sql"] and '"notifications_notification"' not in q["sql"].split("WHERE")[0]
    ]
    return len(captured.captured_queries), len(own), body


PAGES = [
    # label, URL, parameters, most queries on case-study tables (the public pages' include one for
    # their ETag: when the library last changed); the number of results comes from the facet counts
    ("list", lambda: reverse("casestudies:list"), {}, 3),
    ("search", lambda: reverse("casestudies:list"), {"q": "library", "legal_form": "CBS", "sort": "year"}, 4),
    # detail: the case study, its sources, its sourced facts, related case studies, the ETag
    ("detail", lambda: reverse("casestudies:detail", args=["explore-york"]), {}, 5),
    ("map", lambda: reverse("casestudies:map"), {}, 2),
    ("csv", lambda: reverse("casestudies:export_csv"), {}, 2),
    ("json", lambda: reverse("casestudies:export_json"), {"legal_form": "CBS"}, 2),
]


@pytest.mark.parametrize(("label", "url", "params", "budget"), PAGES, ids=[page[0] for page in PAGES])
def test_queries_stay_constant_from_20_to_2000_case_studies(client, db, label, url, params, budget):
    counts = []
    for size in (20, 2000):
        _grow_library_to(size)
        total, own, _body = _queries(client, url(), params)
        assert own <= budget, f"{label} at {size} rows: {own} queries"
        counts.append(total)
    assert counts[0] == counts[1]


def test_the_export_holds_every_matching_row(client, db):
    _grow_library_to(2000)
    _total, _own, body = _queries(client, reverse("casestudies:export_json"))
    assert body.count(b'"name"') == CaseStudy.objects.published().count()


def test_the_moderation_list_queries_stay_constant(world, client_for):
    client = client_for(world.user("adviser"))
    counts = []
    for size in (20, 2000):
        _grow_library_to(size)
        total, own, _body = _queries(client, reverse("casestudies:moderation"))
        assert own <= 4  # a count and a page for each of the two lists
        counts.append(total)
    assert counts[0] == counts[1]
