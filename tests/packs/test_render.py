"""The pack's content: every section, the figures, real page numbers, watermark, metadata and fonts."""

import pytest

from journeys.models import Stage
from packs.content import plan_data, source_hash
from packs.services import render_pack_pdf

from .factories import full_journey
from .pdf_tools import catalog_language, contents_entries, flat_text, fonts, info, page_texts, save_first_pages

SECTIONS = [
    "Executive summary",
    "The service today",
    # The narrative (packs/pdf/narrative/contents_front.html).
    "Vision and case for change",
    "The service, its users and quality",
    "Market, competitors and SWOT",
    "Options appraisal",
    "Social value and impact",
    "People, TUPE and pensions",
    "Equality impact",
    "Stakeholders",
    "Staff and stakeholder support",
    "Legal form, ownership and governance",
    "Financial model",
    "Risk register",
    "Transfer plan",
    "Council decisions",
    "Implementation timetable",
    "The ask and recommendations",
    "Evidence index",
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey():
    return full_journey(risks=30, years=5)


@pytest.fixture
def rendered(journey):
    return render_pack_pdf(journey, version=3)


def test_it_renders_every_section_with_the_groups_figures(journey, rendered):
    text = "\n".join(page_texts(rendered.content))
    flat = flat_text(rendered.content)
    assert "Riverside Community Therapies" in text
    for title in SECTIONS:
        assert title in text, title
    # The financial model's figures as the engine computes them (journeys.finance), in the pack's words.
    from journeys.finance.selectors import computed_for_journey
    from mutuals_portal.lib.figures import pounds

    result = computed_for_journey(journey).result
    assert result.total_surplus > 0 and result.total_saving > 0
    # Whole pounds, as the tables print them ("rounded to the pound", the section says).
    assert f"Surplus before tax over the plan: {pounds(result.total_surplus)}." in flat
    assert f"Saving to the council over the plan: {pounds(result.total_saving)}," in flat
    assert f"£{result.years[0].income:,.0f}" in flat  # total income in year one, to the pound
    for risk in journey.risks.all():
        assert risk.title in flat, risk.title
    assert "ballot-result.pdf" in flat  # the evidence index lists names


def test_the_page_count_is_plausible_and_recorded(rendered):
    pages = page_texts(rendered.content)
    assert rendered.page_count == len(pages) == int(info(rendered.content)["Pages"])
    assert 10 <= rendered.page_count <= 25


def test_the_contents_page_numbers_match_where_the_headings_fall(rendered):
    pages = page_texts(rendered.content)
    entries = contents_entries(pages)
    assert list(entries) == SECTIONS
    contents_index = next(i for i, p in enumerate(pages) if "Contents" in p)
    for title, number in entries.items():
        first = next(i for i, p in enumerate(pages) if i > contents_index and title in p)
        assert first + 1 == number, f"{title}: contents says {number}, found on {first + 1}"


def test_every_page_after_the_cover_has_a_page_n_of_m_footer(rendered):
    pages = page_texts(rendered.content)
    total = len(pages)
    assert "Page 1 of" not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in page


def test_a_draft_is_watermarked_until_the_business_plan_stage_is_complete(journey, rendered):
    assert "DRAFT" in page_texts(rendered.content)[0]
    final = full_journey(stage=Stage.TRANSFER)
    text = "\n".join(page_texts(render_pack_pdf(final).content))
    assert "DRAFT" not in text
    assert "Final: the business plan is signed off" in text


def test_leaving_the_stage_without_the_gates_sign_off_is_still_a_draft():
    from journeys.models import GateRequest

    final = full_journey(stage=Stage.TRANSFER)
    GateRequest.objects.filter(journey=final).delete()
    assert plan_data(final)["journey"]["plan_is_final"] is False


def test_no_portal_metadata_and_case_studies_only_from_the_same_kind_of_body(journey):
    from accounts.models import PublicBody
    from casestudies.models import CaseStudy
    from tests.factories import PublicBodyFactory

    group = journey.group
    area = group.service_area
    nhs = PublicBodyFactory(name="Riverside NHS Trust", kind=PublicBody.Kind.NHS)
    council = PublicBodyFactory(name="Hillside Borough Council", kind=group.parent_body.kind)
    for name, parent in [("Hillside Care", council.name), ("Trust Therapies", nhs.name), ("Unknown Care", "")]:
        CaseStudy.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            summary="A spin-out.",
            service_area=area,
            parent_body=parent,
            status=CaseStudy.Status.PUBLISHED,
        )
    text = flat_text(render_pack_pdf(journey).content)
    assert "Hillside Care" in text
    assert "Trust Therapies" not in text and "Unknown Care" not in text
    for internal in ("Mutuals Portal", "Journey status", "Stage progress", "Current stage"):
        assert internal not in text, internal


def test_without_a_matching_case_study_there_is_no_case_studies_page(journey, rendered):
    assert "Related case studies" not in "\n".join(page_texts(rendered.content))


def test_the_pdf_has_a_title_a_language_and_embedded_fonts(rendered, tmp_path):
    assert info(rendered.content)["Title"] == "Business plan: Riverside Community Therapies (version 3)"
    assert catalog_language(rendered.content) == "en-GB"
    rows = fonts(rendered.content, tmp_path)
    assert rows and all(row[-5] == "yes" for row in rows)  # the "emb" column
    assert any("Liberation-Sans" in row[0] or "DejaVu" in row[0] for row in rows)


def test_charts_carry_their_text_alternative_into_the_pdf(rendered):
    flat = flat_text(rendered.content)
    assert "Income and costs by year 2027-28: income £" in flat  # the chart's heading, its figures in words
    assert "Cash at the end of each month of year one Closing cash each month of year one, from £" in flat
    assert "Risk heat map of 30 risks" in flat
    assert "Board composition, 9 seats" in flat


def test_the_first_pages_are_saved_as_png_for_people_to_look_at(rendered):
    images = save_first_pages(rendered.content, "riverside")
    assert len(images) == 4
    assert all(image.stat().st_size > 5_000 for image in images)


def test_an_empty_plan_still_renders_with_plain_placeholders():
    from tests.journeys.factories import make_journey

    journey = make_journey()
    text = "\n".join(page_texts(render_pack_pdf(journey).content))
    assert "No financial model has been built yet." in text
    assert "No risks have been recorded yet." in text


def test_the_source_hash_changes_with_the_data_and_only_with_it(journey):
    before = source_hash(plan_data(journey))
    assert source_hash(plan_data(journey)) == before
    risk = journey.risks.first()
    risk.impact = 5 if risk.impact != 5 else 4
    risk.save()
    assert source_hash(plan_data(journey)) != before


def test_plan_data_takes_a_bounded_number_of_queries(django_assert_num_queries):
    small = full_journey(risks=3, years=3)
    large = full_journey(group=None, risks=60, years=5)
    for journey in (small, large):
        with django_assert_num_queries(16):
            plan_data(journey)


def test_rendering_leaves_the_hashed_data_untouched(journey):
    data = plan_data(journey)
    before = source_hash(data)
    render_pack_pdf(journey, data=data)
    assert source_hash(data) == before


def test_each_chart_is_well_formed_svg_with_a_title(journey):
    from xml.etree import ElementTree

    from packs.services import pack_context

    context = pack_context(plan_data(journey), version=1, on=None)
    assert set(context["charts"]) == {"ballots", "board", "risks"}
    # Every figure of the business case has a chart (SVG) and its table (#21, point 3).
    assert [figure["title"] for figure in context["figures"]] == [
        "The council's current cost against the contract price",
        "Income and costs by year",
        "Cash at the end of each month of year one",
        "Cash and net assets at each year end",
        "The contract price against the break-even price",
        "Scenarios: the plan with changed assumptions",
        "Surplus or deficit over the plan with each assumption lowered or raised the most",
    ]
    for figure in context["figures"]:
        assert figure["table"]["rows"], figure["title"]
        if figure["svg"]:
            assert ElementTree.fromstring(str(figure["svg"])).tag == "{http://www.w3.org/2000/svg}svg"
    for chart in context["charts"].values():
        root = ElementTree.fromstring(chart.svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title").text
        assert len(chart.alt) > 30


def test_the_pack_prints_the_financial_model_with_its_checks(journey, rendered):
    """The business case from journeys.finance (#20, point 6): key figures, the pension deficit line,
    the council's baseline, the balance sheet and the checks; a surplus is never printed as negative."""
    flat = flat_text(rendered.content)
    for words in [
        "Surplus before tax over the plan",
        "Pension deficit contributions",
        "The council's current cost against the contract price",
        "Balance sheet at each year end",
        "Passes: The balance sheet balances",
    ]:
        assert words in flat, words
    assert "-£" not in flat.split("surplus before tax over")[0][-40:]
