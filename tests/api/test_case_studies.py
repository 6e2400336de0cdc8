"""The case-study library through the API: the page's search, facets and sorting, as JSON."""

import pytest
from django.urls import reverse

from casestudies import search
from casestudies.models import CaseStudy
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea
from tests.casestudies.factories import CaseStudyFactory, SourceFactory

LIST = reverse("api-case-study-list", kwargs={"version": "v1"})


def detail(slug):
    return reverse("api-case-study-detail", kwargs={"version": "v1", "slug": slug})


def _slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def _facet(response, key):
    facet = next(f for f in response.json()["facets"] if f["key"] == key)
    return {option["value"]: option["count"] for option in facet["options"]}


@pytest.fixture
def library(empty_library):
    CaseStudyFactory(
        name="Alpha Libraries",
        slug="alpha",
        summary="A library mutual.",
        service_area=ServiceArea.LIBRARIES,
        legal_form=LegalForm.CBS,
        year_spun_out=2014,
        ownership_model=OwnershipModel.MULTI_STAKEHOLDER,
    )
    CaseStudyFactory(
        name="Beta Care",
        slug="beta",
        summary="Home care.",
        service_area=ServiceArea.ADULT_SOCIAL_CARE,
        legal_form=LegalForm.COOP_SOC,
        year_spun_out=2010,
    )
    CaseStudyFactory(
        name="Gamma Leisure",
        slug="gamma",
        summary="Leisure and a library.",
        service_area=ServiceArea.LEISURE,
        legal_form=LegalForm.CBS,
        year_spun_out=None,
    )
    CaseStudyFactory(name="Delta Draft", slug="delta", summary="A library draft.", status=CaseStudy.Status.DRAFT)


def test_a_search_for_library_finds_explore_york(client, db):
    response = client.get(LIST, {"q": "library York"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    first = response.json()["results"][0]
    assert first["slug"] == "explore-york"
    assert first["name"].startswith("Explore York")
    assert first["legal_form"] == "CBS"
    assert first["legal_form_label"] == "Community benefit society"
    assert first["web_url"] == "http://testserver/case-studies/explore-york/"


def test_each_row_s_addresses_and_labels_are_the_case_study_s_own(client, library):
    """Reversed once per response with a stand-in slug, labels from a dict made once: each row still says
    what reverse() and the model's get_<field>_display say of its own case study, a blank code included."""
    CaseStudyFactory(name="Epsilon Unknown", slug="epsilon-2", region="", legal_form="", ownership_model="")
    rows = client.get(LIST).json()["results"]
    assert [row["slug"] for row in rows] == ["alpha", "beta", "epsilon-2", "gamma"]
    for row in rows:
        case_study = CaseStudy.objects.get(slug=row["slug"])
        assert row["url"] == "http://testserver" + detail(case_study.slug)
        assert row["web_url"] == "http://testserver" + case_study.get_absolute_url()
        for field in ("service_area", "region", "legal_form", "ownership_model"):
            assert row[f"{field}_label"] == getattr(case_study, f"get_{field}_display")(), (row["slug"], field)
    labels = {row["slug"]: (row["legal_form_label"], row["region_label"]) for row in rows}
    assert labels["alpha"][0] == "Community benefit society" and labels["epsilon-2"] == ("", "")
    assert client.get(detail("beta")).json()["url"] == "http://testserver" + detail("beta")


def test_it_lists_only_published_case_studies_by_name(client, library):
    response = client.get(LIST)
    assert _slugs(response) == ["alpha", "beta", "gamma"]
    assert response.json()["count"] == 3


def test_it_filters_by_facets_as_the_page_does(client, library):
    assert _slugs(client.get(LIST, {"legal_form": "CBS"})) == ["alpha", "gamma"]
    assert _slugs(client.get(LIST, {"legal_form": ["CBS", "COOP_SOC"], "decade": "2010"})) == ["alpha", "beta"]
    assert _slugs(client.get(LIST, {"decade": "unknown"})) == ["gamma"]
    assert _slugs(client.get(LIST, {"q": "library", "service_area": "leisure"})) == ["gamma"]


def test_it_sorts_by_year_newest_first_with_unknown_years_last(client, library):
    assert _slugs(client.get(LIST, {"sort": "year"})) == ["alpha", "beta", "gamma"]


def test_facet_counts_are_the_pages_own(client, library):
    params = {"q": "library", "legal_form": "CBS"}
    response = client.get(LIST, params)
    assert _facet(response, "legal_form") == {"CBS": 2}
    assert _facet(response, "service_area") == {"libraries": 1, "leisure": 1}
    page = client.get(reverse("casestudies:list"), params)
    for facet in page.context["facets"]:
        expected = {option["value"]: option["count"] for option in facet["options"]}
        assert _facet(response, facet["key"]) == expected
    selected = next(f for f in response.json()["facets"] if f["key"] == "legal_form")["options"]
    assert selected == [{"value": "CBS", "label": "Community benefit society", "count": 2, "selected": True}]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"legal_form": "PLC"}, "legal_form"),
        ({"decade": "2015"}, "decade"),
        ({"sort": "price"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"q": "x" * (search.MAX_QUERY_LENGTH + 1)}, "q"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_the_field(client, library, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request has invalid values."
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) for message in body["errors"][field])


def test_query_text_with_control_characters_is_searched_not_refused(client, library):
    response = client.get(LIST, {"q": "library\x00\x1f"})
    assert response.status_code == 200
    assert "alpha" in _slugs(response)


def test_the_detail_has_the_story_and_sources(client, library):
    case_study = CaseStudy.objects.get(slug="alpha")
    SourceFactory(case_study=case_study, title="Annual report", url="https://example.org/a", position=1)
    SourceFactory(case_study=case_study, title="Press release", url="", position=0)
    body = client.get(detail("alpha")).json()
    assert body["name"] == "Alpha Libraries"
    assert body["body"] == "It runs a public service."
    assert body["sources"] == [
        {"title": "Press release", "url": "", "date_read": None},
        {"title": "Annual report", "url": "https://example.org/a", "date_read": None},
    ]
    assert body["ownership_model"] == "MULTI_STAKEHOLDER"
    assert body["region"] == ""
    assert body["facts"] == []


def test_the_detail_has_each_fact_with_its_source_and_year(client, db):
    body = client.get(detail("spiral-health")).json()
    status = next(fact for fact in body["facts"] if fact["topic"] == "status")
    assert status == {
        "topic": "status",
        "topic_label": "Trading status",
        "statement": "Ceased trading on 31 January 2019.",
        "as_at_year": 2019,
        "source": {
            "title": "Wikipedia: Spiral Health CIC",
            "url": "https://en.wikipedia.org/wiki/Spiral_Health_CIC",
            "date_read": "2026-12-03",
        },
    }
    assert (body["trading_status"], body["trading_status_year"], body["legal_form"]) == ("closed", 2019, "CIC")
    assert body["is_public_service_mutual"] is True


def test_a_draft_or_unknown_slug_is_a_json_404(client, library):
    for slug in ("delta", "no-such-mutual"):
        response = client.get(detail(slug))
        assert response.status_code == 404
        assert response.json() == {"detail": "No CaseStudy matches the given query."}


def test_pages_do_not_overlap_and_cover_every_row(client, empty_library):
    CaseStudyFactory.create_batch(7, name="Same Name")
    seen = []
    for page in (1, 2, 3):
        response = client.get(LIST, {"page": page, "page_size": 3})
        seen += _slugs(response)
    assert len(seen) == len(set(seen)) == 7
    assert client.get(LIST, {"page": 4, "page_size": 3}).status_code == 404


@pytest.mark.parametrize("page", ["", "0", "two", "-1", "1.5"])
def test_a_page_that_is_not_a_whole_number_is_a_400(client, library, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "mutual"},
        {"kind": "other"},
        {"kind": ["mutual", "other"], "legal_form": "CBS"},
        {"q": "library", "kind": "mutual"},
        {"page_size": 1, "page": 2},
    ],
)
def test_the_count_is_the_number_of_matching_rows(client, library, params):
    """Read from the facet counts (search.count_from_facets): the same as counting the rows."""
    CaseStudy.objects.filter(slug="gamma").update(is_public_service_mutual=False)
    body = client.get(LIST, params).json()
    query = search.LibraryQuery(q=params.get("q", ""))
    for key in ("kind", "legal_form"):
        if key in params:
            query.filters[key] = params[key] if isinstance(params[key], list) else [params[key]]
    rows = search.apply_filters(search.apply_search(CaseStudy.objects.published(), query.q), query.filters)
    assert body["count"] == rows.count()
    assert len(body["results"]) == min(rows.count(), params.get("page_size", 20))


def test_a_page_past_the_known_count_is_a_404(client, library):
    assert client.get(LIST, {"page": 2}).status_code == 404
    assert client.get(LIST, {"page_size": 2, "page": 2}).status_code == 200
