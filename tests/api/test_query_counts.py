"""List endpoints issue the same number of queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy, Source
from casestudies.search import library_changed
from challenges.models import EOIStatus
from journeys.models import Membership
from mutuals_portal.lib.choices import LegalForm, ServiceArea
from tests.challenges.factories import DecisionFactory, EOIFactory, ServiceFactory, WindowFactory
from tests.factories import MembershipFactory, StaffGroupFactory
from tests.journeys.factories import make_journey

V1 = {"version": "v1"}
AREAS, FORMS = list(ServiceArea), list(LegalForm)


def _grow_library_to(size):
    existing = CaseStudy.objects.count()
    created = CaseStudy.objects.bulk_create(
        [
            CaseStudy(
                name=f"Library Mutual {n}",
                slug=f"library-mutual-{n}",
                summary=f"Runs library {n}.",
                service_area=AREAS[n % len(AREAS)],
                legal_form=FORMS[n % len(FORMS)],
                year_spun_out=2000 + n % 20,
                status=CaseStudy.Status.PUBLISHED,
            )
            for n in range(existing, size)
        ],
        batch_size=500,
    )
    Source.objects.bulk_create([Source(case_study=cs, title="Report") for cs in created], batch_size=500)
    library_changed()  # bulk inserts send no signals: tell the cached facet counts, as any bulk loader must


def _grow_register_by(count, council):
    for _ in range(count):
        service = ServiceFactory(council=council)
        WindowFactory(service=service)
        DecisionFactory(eoi__service=service, published_at=timezone.now())
        EOIFactory(service=service, status=EOIStatus.RECEIVED)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("label", "params", "budget"),
    [
        # page, facet counts (one pass, plus one per filtered facet), Last-Modified; the number of
        # matches is read from the facet counts (search.count_from_facets)
        ("all", {}, 3),
        ("search", {"q": "library", "legal_form": "CBS", "sort": "year", "page_size": 50}, 4),
    ],
)
def test_the_case_study_list_queries_stay_constant_from_20_to_1000_rows(
    client, db, django_assert_num_queries, label, params, budget
):
    url = reverse("api-case-study-list", kwargs=V1)
    counts = []
    for size in (20, 1000):
        _grow_library_to(size)
        with django_assert_num_queries(budget):
            counts.append(_count(client, url, params))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    # session and user, count, page, prefetches (decisions' and services' lists), Last-Modified
    ("name", "budget"),
    [("api-decision-list", 6), ("api-service-list", 6), ("api-council-eoi-list", 5)],
)
def test_register_lists_queries_stay_constant_as_the_register_grows(
    world, client_for, django_assert_num_queries, name, budget
):
    client = client_for(world.user("officer"))
    url = reverse(name, kwargs=V1)
    counts = []
    for extra in (2, 25):
        _grow_register_by(extra, world.council_a)
        with django_assert_num_queries(budget):
            counts.append(_count(client, url))
    assert counts[0] == counts[1]


def test_the_journey_list_queries_stay_constant_as_an_adviser_sees_more_journeys(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.user("adviser"))
    url = reverse("api-journey-list", kwargs=V1)
    counts = []
    for extra in (1, 8):
        for _ in range(extra):
            group = StaffGroupFactory()
            lead = MembershipFactory(group=group, role=Membership.Role.LEAD).user
            make_journey(group=group, lead=lead, supported=True)
        with django_assert_num_queries(5):
            counts.append(_count(client, url))
    assert counts[0] == counts[1]


def test_the_stage_catalogue_takes_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get(reverse("api-stage-list", kwargs=V1))
