"""The public library: real content, detail pages, related case studies and exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.selectors import related_for
from mutuals_portal.lib.choices import LegalForm, ServiceArea
from mutuals_portal.lib.csv_export import safe_cell

from .factories import CaseStudyFactory, SourceFactory

LIST = reverse("casestudies:list")


def test_the_library_ships_with_at_least_15_real_published_mutuals_with_sources(db):
    published = CaseStudy.objects.published()
    assert published.count() >= 15
    for case_study in published.prefetch_related("sources"):
        assert case_study.sources.all(), case_study.name
        assert case_study.summary
    explore = published.get(slug="explore-york")
    assert explore.legal_form == LegalForm.CBS
    assert explore.year_spun_out == 2014
    assert explore.annual_turnover is None  # not known, so not invented


def test_a_member_of_the_public_finds_explore_york_by_typing_libraries_york(client, db):
    response = client.get(LIST, {"q": "libraries York"})
    names = [row["case_study"].name for row in response.context["rows"]]
    assert names[0] == "Explore York Libraries and Archives"
    narrowed = client.get(LIST, {"q": "libraries York", "legal_form": "CBS"})
    assert [row["case_study"].slug for row in narrowed.context["rows"]] == ["explore-york"]


def test_the_detail_page_shows_facts_story_and_sources(client, db):
    response = client.get(reverse("casestudies:detail", args=["explore-york"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "City of York Council" in content
    assert "Community benefit society" in content
    assert "Explore York Libraries and Archives: About Explore</a>" in content  # a source with a link
    assert "report against contract April 2022 to March 2023</a>" in content
    assert "First staff-led mutual library receives £100,000 backing</a>" in content
    assert "Mutuals Portal project source documents" not in content  # the project's own material is no source


def test_unknown_facts_are_shown_as_not_known(client, db):
    case_study = CaseStudyFactory(
        legal_form="", ownership_model="", region="", parent_body="", year_spun_out=None, staff_count=None
    )
    content = client.get(case_study.get_absolute_url()).content.decode()
    assert content.count("Not known") >= 8


def test_the_story_is_escaped(client, db):
    case_study = CaseStudyFactory(body="<script>alert(1)</script>\n\nSecond paragraph")
    content = client.get(case_study.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert '<p class="govuk-body">Second paragraph</p>' in content


def test_a_draft_is_not_found_by_the_public(client, db):
    draft = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_related_case_studies_share_the_service_area_or_legal_form(empty_library):
    both = CaseStudyFactory(name="Both", service_area=ServiceArea.LIBRARIES, legal_form=LegalForm.CBS)
    area = CaseStudyFactory(name="Area", service_area=ServiceArea.LIBRARIES, legal_form=LegalForm.CLG)
    form = CaseStudyFactory(name="Form", service_area=ServiceArea.LEISURE, legal_form=LegalForm.CBS)
    CaseStudyFactory(name="Neither", service_area=ServiceArea.LEISURE, legal_form=LegalForm.CLG)
    CaseStudyFactory(name="Draft", service_area=ServiceArea.LIBRARIES, status=CaseStudy.Status.DRAFT)
    assert related_for(ServiceArea.LIBRARIES, LegalForm.CBS) == [both, area, form]
    assert related_for(ServiceArea.LIBRARIES, LegalForm.CBS, limit=1) == [both]
    assert related_for(ServiceArea.LIBRARIES, None) == [area, both]
    assert list(related_for(None, None)) == []


def test_the_detail_page_lists_related_case_studies(client, empty_library):
    shown = CaseStudyFactory(name="Shown", service_area=ServiceArea.YOUTH)
    sibling = CaseStudyFactory(name="Sibling Youth Mutual", service_area=ServiceArea.YOUTH, legal_form="")
    content = client.get(shown.get_absolute_url()).content.decode()
    assert "Related case studies" in content
    assert sibling.get_absolute_url() in content


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("plain", "plain"), (None, "")],
)
def test_csv_cells_that_look_like_formulas_are_made_text(value, expected):
    assert safe_cell(value) == expected


def test_the_csv_export_has_the_published_library_with_the_page_filters(client, empty_library):
    CaseStudyFactory(name="=HYPERLINK(evil)", legal_form=LegalForm.CBS, summary="Library work.")
    CaseStudyFactory(name="Other", legal_form=LegalForm.CLG, summary="Library work.")
    CaseStudyFactory(name="Draft", legal_form=LegalForm.CBS, status=CaseStudy.Status.DRAFT)
    source_holder = CaseStudyFactory(name="Sourced", legal_form=LegalForm.CBS, summary="Library work.")
    SourceFactory(case_study=source_holder, title="Annual report", url="https://example.org/a")
    response = client.get(reverse("casestudies:export_csv"), {"legal_form": "CBS", "q": "library"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Name"
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(evil)", "Sourced"]
    assert rows[2][-1] == "Annual report https://example.org/a"


def test_the_json_export_has_the_same_filters(client, empty_library):
    kept = CaseStudyFactory(name="Kept", service_area=ServiceArea.YOUTH, year_spun_out=2014)
    CaseStudyFactory(name="Dropped", service_area=ServiceArea.LEISURE)
    response = client.get(reverse("casestudies:export_json"), {"service_area": "youth"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["count"] == 1
    assert data["results"][0]["name"] == "Kept"
    assert data["results"][0]["service_area"] == "Youth services"
    assert data["results"][0]["url"] == f"http://testserver/case-studies/{kept.slug}/"
    assert data["results"][0]["year_spun_out"] == 2014
