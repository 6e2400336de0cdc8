"""Search, facets, sorting and paging of the public library."""

import pytest
from django.urls import reverse

from accounts.models import Region
from casestudies import search
from casestudies.models import CaseStudy
from casestudies.selectors import library
from mutuals_portal.lib.choices import LegalForm, OwnershipModel, ServiceArea
from mutuals_portal.lib.prepared import as_written

from .factories import CaseStudyFactory

LIST = reverse("casestudies:list")


def _names(response):
    return [row["case_study"].name for row in response.context["rows"]]


@pytest.fixture
def facet_data(empty_library):
    """Six published case studies (and a draft) with hand-picked facet values."""
    specs = [
        (
            "Alpha Library Trust",
            ServiceArea.LIBRARIES,
            LegalForm.CBS,
            OwnershipModel.MULTI_STAKEHOLDER,
            Region.LONDON,
            2014,
        ),
        ("Beta Libraries", ServiceArea.LIBRARIES, LegalForm.CIC_CLS, OwnershipModel.EMPLOYEE_OWNED, Region.EAST, 2011),
        (
            "Gamma Health",
            ServiceArea.COMMUNITY_HEALTH,
            LegalForm.CIC_CLS,
            OwnershipModel.EMPLOYEE_OWNED,
            Region.EAST,
            2010,
        ),
        ("Delta Health", ServiceArea.COMMUNITY_HEALTH, "", OwnershipModel.EMPLOYEE_OWNED, Region.LONDON, 2006),
        ("Epsilon Care", ServiceArea.ADULT_SOCIAL_CARE, LegalForm.COOP_SOC, "", Region.EAST, None),
        ("Zeta Leisure", ServiceArea.LEISURE, LegalForm.CBS, OwnershipModel.MULTI_STAKEHOLDER, "", 2003),
    ]
    for name, area, form, ownership, region, year in specs:
        CaseStudyFactory(
            name=name,
            service_area=area,
            legal_form=form,
            ownership_model=ownership,
            region=region,
            year_spun_out=year,
            summary=f"{name} summary.",
            body="A public service.",
        )
    CaseStudyFactory(name="Hidden Draft Library", service_area=ServiceArea.LIBRARIES, status=CaseStudy.Status.DRAFT)


def _facet(response, key):
    facet = next(f for f in response.context["facets"] if f["key"] == key)
    return {option["value"]: option["count"] for option in facet["options"]}


def test_it_counts_each_facet_value_among_published_case_studies(client, facet_data):
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 6
    assert _facet(response, "service_area") == {
        "adult_social_care": 1,
        "community_health": 2,
        "libraries": 2,
        "leisure": 1,
    }
    assert _facet(response, "legal_form") == {"CIC_CLS": 2, "CBS": 2, "COOP_SOC": 1, "unknown": 1}
    assert _facet(response, "ownership_model") == {"EMPLOYEE_OWNED": 3, "MULTI_STAKEHOLDER": 2, "unknown": 1}
    assert _facet(response, "region") == {"east": 3, "london": 2, "unknown": 1}
    assert _facet(response, "decade") == {"2010": 3, "2000": 2, "unknown": 1}


def test_facet_counts_combine_with_other_facets_but_not_their_own(client, facet_data):
    response = client.get(LIST, {"region": "east", "legal_form": "CIC_CLS"})
    assert sorted(_names(response)) == ["Beta Libraries", "Gamma Health"]
    # Region counts ignore the region filter, so other regions can still be added.
    assert _facet(response, "region") == {"east": 2}
    # Legal-form counts are within the east only.
    assert _facet(response, "legal_form") == {"CIC_CLS": 2, "COOP_SOC": 1}
    assert _facet(response, "service_area") == {"libraries": 1, "community_health": 1}


def test_values_of_one_facet_are_alternatives(client, facet_data):
    response = client.get(LIST, {"service_area": ["libraries", "leisure"]})
    assert sorted(_names(response)) == ["Alpha Library Trust", "Beta Libraries", "Zeta Leisure"]


def test_facet_counts_combine_with_the_query(client, facet_data):
    response = client.get(LIST, {"q": "health"})
    assert sorted(_names(response)) == ["Delta Health", "Gamma Health"]
    assert _facet(response, "service_area") == {"community_health": 2}


def test_the_not_known_value_finds_case_studies_with_the_fact_missing(client, facet_data):
    assert _names(client.get(LIST, {"legal_form": "unknown"})) == ["Delta Health"]
    assert _names(client.get(LIST, {"decade": "unknown"})) == ["Epsilon Care"]
    assert _names(client.get(LIST, {"decade": "2000"})) == ["Delta Health", "Zeta Leisure"]


def test_unknown_facet_values_are_ignored_with_a_notice(client, facet_data):
    response = client.get(LIST, {"legal_form": ["CBS", "MADE_UP"], "region": "<b>mars</b>", "sort": "price"})
    assert sorted(_names(response)) == ["Alpha Library Trust", "Zeta Leisure"]
    content = response.content.decode()
    assert "We ignored filters we do not recognise" in content
    assert "Legal form: MADE_UP" in content
    assert "&lt;b&gt;mars&lt;/b&gt;" in content
    assert "<b>mars</b>" not in content


def test_drafts_never_appear_in_the_library(client, facet_data):
    response = client.get(LIST, {"q": "library"})
    assert "Hidden Draft Library" not in _names(response)
    assert "Hidden Draft Library" not in client.get(LIST).content.decode()


def test_it_sorts_by_name_and_by_year(client, facet_data):
    by_name = _names(client.get(LIST, {"sort": "name"}))
    assert by_name == sorted(by_name)
    by_year = _names(client.get(LIST, {"sort": "year"}))
    assert by_year == [
        "Alpha Library Trust",
        "Beta Libraries",
        "Gamma Health",
        "Delta Health",
        "Zeta Leisure",
        "Epsilon Care",
    ]


def test_a_page_past_the_end_shows_the_last_page(client, empty_library):
    """(Without the page cache: the same page is asked for twice, and its context is read.)"""
    CaseStudyFactory.create_batch(23)
    for page in ["99", "3", "-4", "abc", ""]:
        response = client.get(LIST, {"page": page})
        assert response.status_code == 200
    assert client.get(LIST, {"page": "99"}).context["page"].number == 3
    assert len(client.get(LIST, {"page": "99"}).context["rows"]) == 3
    assert client.get(LIST, {"page": "abc"}).context["page"].number == 1


def test_pagination_links_keep_the_query_and_filters(client, empty_library):
    CaseStudyFactory.create_batch(12, service_area=ServiceArea.LIBRARIES, summary="A library service.")
    response = client.get(LIST, {"q": "library", "service_area": "libraries", "sort": "name"})
    assert response.context["pages"]["next"] == "?q=library&service_area=libraries&sort=name&page=2"
    assert 'href="?q=library&amp;service_area=libraries&amp;sort=name&amp;page=2"' in response.content.decode()


def test_an_empty_result_suggests_removing_filters(client, facet_data):
    response = client.get(LIST, {"q": "zebra", "region": "london"})
    content = response.content.decode()
    assert response.context["rows"] == []
    assert "No case studies match your search and filters" in content
    assert "clearing all filters" in content
    assert 'href="/case-studies/?q=zebra"' in content


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "'; DROP TABLE casestudies_casestudy; --",
        "<script>alert(1)</script>",
        "health & | ! ( ) : * <-> \\",
        "-",
        "or or and",
        "x" * 5000,
        "nul\x00byte",
        "\u202e\U0001f600 ünïcödé",
        "%",
        "_",
    ],
)
def test_any_query_text_gives_a_normal_page_with_the_text_escaped(client, facet_data, text):
    response = client.get(LIST, {"q": text})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert len(response.context["query"].q) <= search.MAX_QUERY_LENGTH


def test_query_text_is_shown_escaped(client, facet_data):
    response = client.get(LIST, {"q": "<script>alert(1)</script>"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_the_fallback_search_needs_every_word_in_some_field(client, facet_data, settings):
    # Runs on whichever database is configured; both must agree on these results.
    assert _names(client.get(LIST, {"q": "gamma health"})) == ["Gamma Health"]
    assert _names(client.get(LIST, {"q": "gamma leisure"})) == []


def test_the_fallback_search_matches_word_forms(monkeypatch, facet_data):
    monkeypatch.setattr(search, "using_postgres", lambda: False)
    found = search.apply_search(CaseStudy.objects.published(), "libraries")
    assert sorted(found.values_list("name", flat=True)) == ["Alpha Library Trust", "Beta Libraries"]


def test_the_fallback_search_ranks_name_matches_first(monkeypatch, empty_library):
    monkeypatch.setattr(search, "using_postgres", lambda: False)
    CaseStudyFactory(name="Riverside Trust", summary="Care at home.", body="It also runs an archive in town.")
    CaseStudyFactory(name="Archive Services Mutual", summary="Care.", body="Records.")
    query = search.LibraryQuery(q="archive")
    found = search.apply_sort(search.apply_search(CaseStudy.objects.all(), "archive"), query)
    assert list(found.values_list("name", flat=True)) == ["Archive Services Mutual", "Riverside Trust"]


def test_the_fallback_ignores_negated_words_and_operators(monkeypatch, facet_data):
    monkeypatch.setattr(search, "using_postgres", lambda: False)
    found = search.apply_search(CaseStudy.objects.published(), 'health -gamma or "and"')
    assert sorted(found.values_list("name", flat=True)) == ["Delta Health", "Gamma Health"]


def test_highlighting_escapes_first_then_marks_matches():
    html = search.highlight("<b>York</b> libraries & archives", ["libraries", "york"])
    assert str(html) == "&lt;b&gt;<mark>York</mark>&lt;/b&gt; <mark>libraries</mark> &amp; archives"


def test_highlighting_never_marks_inside_an_escaped_entity():
    assert str(search.highlight("Fish & chips", ["amp"])) == "Fish &amp; chips"


def test_results_show_the_matched_words_highlighted(client, facet_data):
    response = client.get(LIST, {"q": "gamma"})
    assert "<mark>Gamma</mark> Health" in response.content.decode()


@pytest.mark.needs_postgres
def test_postgres_ranks_a_name_match_above_a_single_mention_in_the_story(client, empty_library):
    CaseStudyFactory(name="Riverside Trust", summary="Care at home.", body="It also runs an archive in town.")
    CaseStudyFactory(name="Archive Services Mutual", summary="Care.", body="Records.")
    assert _names(client.get(LIST, {"q": "archive"})) == ["Archive Services Mutual", "Riverside Trust"]


@pytest.mark.needs_postgres
def test_postgres_stemming_finds_library_for_libraries(client, empty_library):
    CaseStudyFactory(name="Town Trust", summary="Runs the town library.", body="")
    CaseStudyFactory(name="Other Trust", summary="Runs the swimming pool.", body="")
    assert _names(client.get(LIST, {"q": "libraries"})) == ["Town Trust"]


@pytest.mark.needs_postgres
def test_postgres_websearch_understands_quotes_or_and_minus(client, empty_library):
    CaseStudyFactory(name="North Trust", summary="Community health in the north.", body="")
    CaseStudyFactory(name="South Trust", summary="Health community in the south.", body="")
    assert _names(client.get(LIST, {"q": '"community health"'})) == ["North Trust"]
    assert _names(client.get(LIST, {"q": "health -north"})) == ["South Trust"]
    assert sorted(_names(client.get(LIST, {"q": "north or south"}))) == ["North Trust", "South Trust"]


@pytest.mark.needs_postgres
def test_postgres_search_vector_follows_edits(empty_library):
    case_study = CaseStudyFactory(name="Plain Trust", summary="Nothing here.", body="")
    found = search.apply_search(CaseStudy.objects.all(), "orchestra")
    assert not found.exists()
    case_study.outcomes = "It started a youth orchestra."
    case_study.save()
    assert list(search.apply_search(CaseStudy.objects.all(), "orchestra")) == [case_study]


def test_a_flood_of_unknown_values_gives_a_short_notice(client, facet_data):
    response = client.get(LIST, {"region": [f"nowhere-{n}" for n in range(200)]})
    assert response.status_code == 200
    assert len(response.context["query"].ignored) == search.MAX_IGNORED_SHOWN
    assert response.context["page"].paginator.count == 6


@pytest.mark.needs_postgres
def test_a_word_in_more_studies_than_the_limit_ranks_only_the_newest_and_says_so(client, empty_library, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", 3)
    now = timezone.now()
    for days, name in enumerate(["Newest", "Second", "Third", "Fourth", "Oldest Community Community"]):
        study = CaseStudyFactory(name=name, summary="A community mutual.", body="")
        CaseStudy.objects.filter(pk=study.pk).update(published_at=now - timedelta(days=days))
    response = client.get(LIST, {"q": "community"})
    assert response.context["query"].limited
    assert sorted(_names(response)) == ["Newest", "Second", "Third"]  # the oldest, best match is left out
    html = response.content.decode()
    assert "More than 3 case studies" in html
    assert "most recently published are shown first" in html
    narrower = client.get(LIST, {"q": "community oldest"})
    assert not narrower.context["query"].limited
    assert _names(narrower) == ["Oldest Community Community"]


@pytest.mark.needs_postgres
def test_a_search_costs_the_same_queries_within_and_over_the_limit(
    client, empty_library, monkeypatch, django_assert_num_queries
):
    """The matches are read once: their number is known without a COUNT, however many there are."""
    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", 3)
    for count, name in enumerate(["One", "Two", "Three", "Four", "Five"], start=1):
        CaseStudyFactory(name=name, summary="A community mutual.", body="")
        with django_assert_num_queries(3):  # the ETag's stamp, the facet counts, the ranked page with its count
            response = client.get(LIST, {"q": "community"})
        assert response.context["page"].paginator.count == min(count, 3)
    assert response.context["query"].limited


@pytest.mark.needs_postgres
def test_within_the_limit_every_match_is_ranked(client, empty_library, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", 3)
    for name in ["One", "Two", "Three Community"]:
        CaseStudyFactory(name=name, summary="A community mutual.", body="")
    response = client.get(LIST, {"q": "community"})
    assert not response.context["query"].limited
    assert _names(response)[0] == "Three Community"
    assert "3 case studies matching" in response.content.decode()


def test_facet_counts_are_cached_until_a_case_study_changes(client, facet_data):
    def libraries_count():
        response = client.get(LIST)
        facet = next(f for f in response.context["facets"] if f["key"] == "service_area")
        return next(o["count"] for o in facet["options"] if o["value"] == ServiceArea.LIBRARIES)

    before = libraries_count()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cached:
        client.get(LIST)
    written = [as_written(q["sql"]) for q in cached.captured_queries]
    assert not [sql for sql in written if "FILTER (WHERE" in sql or "CASE WHEN" in sql]
    CaseStudyFactory(service_area=ServiceArea.LIBRARIES)  # a save: the library changed
    assert libraries_count() == before + 1
    study = CaseStudy.objects.filter(service_area=ServiceArea.LIBRARIES).first()
    study.status = CaseStudy.Status.DRAFT
    study.save()
    assert libraries_count() == before


def _published(name, body, days_ago):
    from datetime import timedelta

    from django.utils import timezone

    study = CaseStudyFactory(name=name, summary="A mutual.", body=body)
    study.published_at = timezone.now() - timedelta(days=days_ago)
    study.save()
    return study


@pytest.mark.needs_postgres
@pytest.mark.parametrize("limit", [2, 500])
def test_a_phrase_finds_the_newest_rows_with_the_words_together(client, empty_library, monkeypatch, limit):
    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", limit)
    _published("Orchard Trust", "Apples.", 0)
    _published("Apart Trust", "Its value is social.", 1)  # the newest with both words, not together
    _published("Second Trust", "It reports its social value.", 2)
    _published("Third Trust", "Social value matters.", 3)
    _published("Oldest Trust", "Social value, again: social value.", 4)
    response = client.get(LIST, {"q": '"social value"'})
    expected = ["Second Trust", "Third Trust"] if limit == 2 else ["Oldest Trust", "Second Trust", "Third Trust"]
    assert sorted(_names(response)) == expected
    assert response.context["query"].limited == (limit == 2)
    either = client.get(LIST, {"q": '"social value" or apples'})
    assert "Orchard Trust" in _names(either)
    assert "Apart Trust" not in _names(either)
    assert sorted(_names(client.get(LIST, {"q": 'trust -"social value"'}))) == ["Apart Trust", "Orchard Trust"]


@pytest.mark.needs_postgres
def test_a_phrase_ranks_the_newest_rows_with_the_words_together(empty_library, monkeypatch):
    from casestudies.selectors import ranked_page

    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", 5)
    for n in range(30):
        body = ["Social value.", "Value, social.", "Its social work has value.", "Social value and community."][n % 4]
        _published(f"Trust {n}", body, n)
    for text in ['"social value"', '"social value" community', '"social value" or "community"', '"value social"']:
        query = search.LibraryQuery(q=text)
        searched = search.apply_search(CaseStudy.objects.published(), text)
        newest = list(searched.order_by("-published_at", "-pk").values_list("pk", flat=True)[:5])
        ranked = search.rank_only(CaseStudy.objects.filter(pk__in=newest), text).order_by("-rank", "name", "pk")
        expected = list(ranked.values_list("pk", flat=True))
        rows, ranked = ranked_page(query, searched, 1)
        assert [row.pk for row in rows] == expected, text
        assert ranked == min(searched.count(), 6), text  # one more than the limit says there were more


# Issue #24: stemming, the domain's synonyms and "did you mean" ------------------------------------


def test_carers_finds_the_care_mutuals(client, db):
    response = client.get(LIST, {"q": "carers"})
    slugs = {row["case_study"].slug for row in response.context["rows"]}
    assert {"sunshine-care", "sirona-care-and-health"} <= slugs


def test_a_synonym_finds_what_the_other_word_describes(client, empty_library):
    CaseStudyFactory(name="Riverside Sport Trust", summary="Swimming pools.")
    CaseStudyFactory(name="Hilltop Libraries", summary="Books.")
    CaseStudyFactory(name="Valley Health CIC", summary="Nurses.")
    assert [r["case_study"].name for r in client.get(LIST, {"q": "leisure"}).context["rows"]] == [
        "Riverside Sport Trust"
    ]
    assert [r["case_study"].name for r in client.get(LIST, {"q": "library"}).context["rows"]] == ["Hilltop Libraries"]


def test_a_phrase_synonym_is_matched_as_a_whole(client, empty_library):
    CaseStudyFactory(name="Valley Health", summary="A community interest company run by nurses.")
    CaseStudyFactory(name="Other", summary="A company for the community that nobody can name an interest in.")
    names = [r["case_study"].name for r in client.get(LIST, {"q": "CIC"}).context["rows"]]
    assert names == ["Valley Health"]


def test_term_groups_fold_phrases_and_leave_search_syntax_alone():
    assert search.term_groups("home carers") == [("home",), ("care", "carer", "carers", "caring")]
    assert search.term_groups("spin-out health")[0] == search.SYNONYMS["spin out"]
    assert search.term_groups('"home care"') is None
    assert search.term_groups("care -home") is None


def test_a_near_miss_gets_a_did_you_mean_that_finds_something(client, db):
    response = client.get(LIST, {"q": "libarys"})
    assert response.context["rows"] == []
    assert response.context["did_you_mean"] == "library"
    html = response.content.decode()
    assert 'href="?q=library"' in html
    assert client.get(LIST, {"q": "library"}).context["rows"]


def test_no_did_you_mean_for_a_word_nothing_is_close_to(client, db):
    response = client.get(LIST, {"q": "zzqxv"})
    assert response.context["did_you_mean"] is None


def test_a_word_matches_the_start_of_words_only(client, empty_library):
    CaseStudyFactory(name="Valley Healthcare", summary="Nurses.")
    CaseStudyFactory(name="Hilltop Home Care", summary="Carers at home.")
    names = [r["case_study"].name for r in client.get(LIST, {"q": "carers"}).context["rows"]]
    assert names == ["Hilltop Home Care"]


# Issue #17: the pages' counts and rankings, read cheaply -----------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "mutual"},
        {"kind": "other"},
        {"kind": ["mutual", "other"]},
        {"region": Region.EAST, "kind": "mutual"},
        {"service_area": ServiceArea.LIBRARIES, "legal_form": "unknown"},
        {"q": "health", "sort": "name"},
        {"q": "nothing-like-this"},
    ],
)
def test_the_number_of_results_read_from_the_facet_counts_is_the_number_of_rows(client, facet_data, params):
    CaseStudy.objects.filter(name__in=["Beta Libraries", "Delta Health"]).update(is_public_service_mutual=False)
    query, searched, results = library(_query_dict(params))
    expected = results.count()
    facets = search.facet_counts_uncached(searched, query)
    assert search.count_from_facets(facets) == expected
    response = client.get(LIST, params)
    assert response.context["page"].paginator.count == expected
    assert len(response.context["rows"]) == min(expected, search.PAGE_SIZE)


def _query_dict(params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.needs_postgres
@pytest.mark.parametrize("limit", [4, 500])
def test_the_ranked_pages_are_the_newest_matches_ranked_then_by_name(client, empty_library, monkeypatch, limit):
    """Each page shows, in order, what ranking the newest `limit` matches directly gives: by rank,
    then name, then pk (several rows here share a rank and a name)."""
    monkeypatch.setattr(search, "RANKED_MATCHES_LIMIT", limit)
    monkeypatch.setattr(search, "PAGE_SIZE", 3)
    bodies = ["Community.", "Community and community.", "A community, a community, a community."]
    for n in range(14):
        _published(f"Trust {n % 5}", bodies[n % 3], n)
    _published("Unrelated", "Orchards.", 0)
    newest = CaseStudy.objects.published().filter(body__icontains="community").order_by("-published_at", "-pk")
    pks = list(newest.values_list("pk", flat=True)[:limit])
    ranked = search.rank_only(CaseStudy.objects.filter(pk__in=pks), "community").order_by("-rank", "name", "pk")
    expected = list(ranked.values_list("pk", flat=True))
    shown = []
    for page in range(1, (len(expected) + 2) // 3 + 1):
        response = client.get(LIST, {"q": "community", "page": page})
        shown += [row["case_study"].pk for row in response.context["rows"]]
        assert response.context["page"].paginator.count == len(expected)
        assert response.context["query"].limited == (limit < 14)
    last = client.get(LIST, {"q": "community", "page": 99})  # past the end: the last page
    assert [row["case_study"].pk for row in last.context["rows"]] == expected[-(len(expected) % 3 or 3) :]
    assert shown == expected
    far = client.get(LIST, {"q": "community", "page": "9" * 30})  # past any page: still the last page
    assert [row["case_study"].pk for row in far.context["rows"]] == expected[-(len(expected) % 3 or 3) :]
    for not_a_page in ["0", "-2", "two"]:
        first = client.get(LIST, {"q": "community", "page": not_a_page})
        assert [row["case_study"].pk for row in first.context["rows"]] == expected[:3], not_a_page


def test_the_ranked_page_reads_its_columns_as_they_are_stored():
    """ranked_page makes its rows with Model.from_db from the values PostgreSQL returns, which is
    right only for fields that convert nothing on the way out of the database."""
    from casestudies.selectors import _LIST_COLUMNS, LIST_FIELDS

    assert {field.name for field in _LIST_COLUMNS} == {"id", *LIST_FIELDS}
    assert not [field.name for field in _LIST_COLUMNS if hasattr(field, "from_db_value")]


@pytest.mark.needs_postgres
def test_search_vectors_are_kept_in_their_rows(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'casestudies_casestudy'::regclass"
            " AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_the_facet_checkboxes_escape_their_text_and_keep_the_choices(client, facet_data):
    from casestudies.templatetags.casestudies_tags import library_facets

    facets = [
        {
            "key": "region",
            "label": "Region <b>",
            "options": [
                {"value": 'a"b', "label": "East & more", "count": 1200, "checked": True, "id": "region-a"},
                {"value": "c", "label": "C", "count": 0, "checked": False, "id": "region-c"},
            ],
        },
        {"key": "decade", "label": "Spun out", "options": []},
    ]
    html = str(library_facets(facets))
    assert "Region &lt;b&gt;</legend>" in html
    assert 'value="a&quot;b" checked>' in html
    assert 'value="c">' in html
    assert "East &amp; more (1200)</label>" in html
    assert "Spun out" not in html  # a facet with no options has no fieldset
    page = client.get(LIST, {"region": Region.EAST}).content.decode()
    assert f'name="region" type="checkbox" value="{Region.EAST.value}" checked>' in page


@pytest.mark.parametrize("params", [{}, {"q": "orchard"}, {"q": "orchard", "sort": "name"}])
def test_each_result_shows_its_facts_and_what_it_is_not(client, empty_library, params):
    """A result's facts line says what is not known, and its tags say when a study is not a public
    service mutual or no longer trading (with the year, when known): searched (ranked on PostgreSQL)
    or not."""
    from casestudies.models import TradingStatus

    CaseStudyFactory(
        name="Orchard Care",
        slug="orchard-care",
        summary="An orchard.",
        legal_form="",
        year_spun_out=None,
        is_public_service_mutual=False,
        trading_status=TradingStatus.DISSOLVED,
        trading_status_year=2019,
    )
    CaseStudyFactory(name="Orchard Health", summary="An orchard.", trading_status=TradingStatus.TRADING)
    CaseStudyFactory(name="Orchard Leisure", summary="An orchard.", trading_status=TradingStatus.MERGED)
    response = client.get(LIST, params)
    rows = {row["case_study"].name: row for row in response.context["rows"]}
    assert rows["Orchard Care"]["url"] == reverse("casestudies:detail", args=["orchard-care"])
    assert rows["Orchard Care"]["facts"] == "Community health · Legal form not known · Year not known"
    assert rows["Orchard Care"]["tags"] == [("yellow", "Not a public service mutual"), ("grey", "Dissolved 2019")]
    assert rows["Orchard Health"]["facts"].endswith(" · Spun out 2012")
    assert rows["Orchard Health"]["tags"] == []
    assert rows["Orchard Leisure"]["tags"] == [("grey", "Merged")]
    html = response.content.decode()
    assert 'href="/case-studies/orchard-care/"' in html
    assert "Community health · Legal form not known · Year not known" in html
    assert '<strong class="govuk-tag govuk-tag--grey app-tag--wide">Dissolved 2019</strong>' in html
    assert (
        html.count('<strong class="govuk-tag govuk-tag--yellow app-tag--wide">Not a public service mutual</strong>')
        == 1
    )
