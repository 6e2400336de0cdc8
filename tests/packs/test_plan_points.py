"""Issue #21 point by point, where no other test could fail: task notes land in their own section,
a deficit and a single risk are worded right, the business plan ends with its timetable and ask even
without evidence, the decision paper is tagged and reads as a web page, and the draft watermark is a
page background only while the plan is a draft."""

import io
import re
from decimal import Decimal

import pikepdf
import pytest
from django.urls import reverse

from journeys.demo_narrative import fill_narrative
from journeys.models import Evidence, Stage, Task
from journeys.narrative import SPECS
from mutuals_portal.lib.figures import pounds
from packs.content import plan_data, source_hash
from packs.models import BusinessPlanPack
from packs.services import render_pack_pdf
from tests.pdf_ua import check_tagged, outline_titles, structure, tag

from .factories import full_journey
from .pdf_tools import flat_text, page_texts

pytestmark = pytest.mark.django_db

Format = BusinessPlanPack.Format
TITLES = {spec.key.value: spec.title for spec in SPECS}
# The business plan's other top-level headings: a note must fall under its own section, not these.
OTHER_HEADINGS = [
    "Executive summary",
    "The service today",
    "Staff and stakeholder support",
    "Legal form, ownership and governance",
    "Financial model",
    "Risk register",
    "Transfer plan",
    "Council decisions",
    "Evidence index",
]
# In the decision paper: where each section's notes belong (the ask's go with the recommendations).
DECISION_PAPER_HEADING = {**TITLES, "ask": "Recommendations"}
CASES = ["The strategic case", "The economic case", "The commercial case", "The financial case"]
CASES += ["The management case"]


def _lead(journey):
    return journey.group.memberships.get(role="lead").user


def _written(journey):
    fill_narrative(journey, _lead(journey))
    return journey


def _with_scenarios(journey):
    """A downside and an upside besides the base, as the demo has: the scenarios figure gets its chart."""
    from journeys.finance import services as finance_services
    from journeys.finance.models import FinancialModel, Scenario

    model = FinancialModel.objects.get(journey=journey)
    for kind, change in (("downside", Decimal("-10")), ("upside", Decimal("3"))):
        finance_services.scenario_save(
            model=model, scenario=Scenario(kind=kind, contract_change=change), by=_lead(journey)
        )
    return journey


def _body(pdf: bytes) -> str:
    """The text after the cover and contents, whitespace collapsed."""
    return " ".join(" ".join(page_texts(pdf, layout=False)[2:]).split())


def _heading_before(body: str, position: int, headings: list[str]) -> str:
    found = [(body.rfind(h, 0, position), h) for h in headings]
    return max(found)[1]


@pytest.mark.parametrize("format", list(Format))
def test_task_notes_marked_for_the_plan_land_in_their_own_section(format):
    journey = _written(full_journey(risks=3, years=3))
    tasks = list(Task.objects.filter(journey=journey).exclude(plan_section="").order_by("id"))
    assert len(tasks) <= 1  # the demo marks one note; each section below gets its own task
    Task.objects.filter(journey=journey).update(plan_section="", notes="")
    tasks = list(Task.objects.filter(journey=journey).order_by("id")[: len(SPECS)])
    for task, spec in zip(tasks, SPECS, strict=True):
        Task.objects.filter(pk=task.pk).update(plan_section=spec.key.value, notes=f"Marked note {spec.slug} zq.")
    body = _body(render_pack_pdf(journey, format=format).content)
    headings = (
        list(TITLES.values()) + OTHER_HEADINGS
        if format == Format.BUSINESS_PLAN
        else [
            *DECISION_PAPER_HEADING.values(),
            *CASES,
            "Contract and transfer",
            "Legal form and governance",
            "Risks",
        ]
    )
    expected = TITLES if format == Format.BUSINESS_PLAN else DECISION_PAPER_HEADING
    for spec in SPECS:
        note = f"Marked note {spec.slug} zq."
        assert body.count(note) == 1, (format, note)
        position = body.index(note)
        assert _heading_before(body, position, headings) == expected[spec.key.value], (format, note)
        assert "From the notes of the task" in body[position - 200 : position]


@pytest.mark.parametrize("format", list(Format))
def test_a_deficit_an_extra_cost_and_a_single_risk_are_worded_right(format):
    from journeys.demo import RIVERSIDE_ASSUMPTIONS
    from journeys.finance import services as finance_services
    from journeys.finance.models import FinancialModel
    from journeys.finance.selectors import computed_for_journey

    journey = full_journey(risks=1, years=3)
    model = FinancialModel.objects.get(journey=journey)
    values = {**RIVERSIDE_ASSUMPTIONS, "contract_price": Decimal("2000000"), "baseline_cost": Decimal("1900000")}
    finance_services.assumptions_save(journey=journey, values=values, version=model.version, by=_lead(journey))
    result = computed_for_journey(journey).result
    assert result.total_surplus < 0 and result.total_saving < 0
    deficit, extra = pounds(-result.total_surplus), pounds(-result.total_saving)

    flat = " ".join(flat_text(render_pack_pdf(journey, format=format).content).split())
    if format == Format.BUSINESS_PLAN:
        assert f"{deficit} deficit before tax over 3 years" in flat
        assert f"Deficit before tax over the plan: {deficit}." in flat
        assert f"Extra cost to the council over the plan: {extra}," in flat
        assert "1 risk in the register" in flat
    else:
        assert f"A deficit before tax of {deficit} over 3 years; an extra cost to the council of {extra}." in flat
        assert "1 risk in the register; the highest-scoring is" in flat
    # Never a negative surplus or saving in words, never "1 risks".
    for wrong in ("surplus before tax of -£", "over the plan: -£", "saving to the council of -£", "1 risks"):
        assert wrong not in flat, wrong


def test_the_business_plan_ends_with_its_timetable_and_ask_even_without_evidence():
    journey = _written(full_journey(risks=3, years=3))
    Evidence.objects.filter(task__journey=journey).delete()
    pdf = render_pack_pdf(journey).content
    body = _body(pdf)
    assert "Evidence index" not in " ".join(page_texts(pdf, layout=False))
    for words in ["Implementation timetable", "20 January 2027 Cabinet decision", "The ask and recommendations"]:
        assert words in body, words
    assert "Agree that the community therapy service transfers" in body
    # Every section the contents page lists is printed after it.
    assert body.rindex("The ask and recommendations") > body.rindex("Council decisions")


@pytest.fixture(scope="module")
def decision_paper(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            journey = _with_scenarios(_written(full_journey(risks=5, years=5)))
            pdf = render_pack_pdf(journey, format=Format.DECISION_PAPER, version=4)
            transaction.set_rollback(True)
    return pdf


def test_the_decision_paper_is_tagged_with_its_bookmarks_in_five_case_order(decision_paper):
    pdf = check_tagged(
        decision_paper.content, title="Council decision paper: Riverside Community Therapies (version 4)"
    )
    titles = outline_titles(pdf)
    order = ["Recommendations", *CASES]
    positions = [next(i for i, t in enumerate(titles) if t.endswith(heading)) for heading in order]
    assert positions == sorted(positions), titles
    # Each chart is followed by its table before the next chart, in reading order. (A section that runs
    # onto the next page is two Sect elements in WeasyPrint's tree, so the order is what is checked.)
    charts_and_tables = [tag(e) for e in structure(pdf) if tag(e) in ("Figure", "Table")]
    assert charts_and_tables.count("Figure") == 7  # the model's seven figures (the decision paper has no other chart)
    for n, kind in enumerate(charts_and_tables):
        if kind == "Figure":
            assert charts_and_tables[n + 1] == "Table", charts_and_tables


def test_the_decision_paper_reads_as_a_web_page_in_the_same_order(client):
    journey = _with_scenarios(_written(full_journey(risks=3, years=3)))
    pack = BusinessPlanPack.objects.create(
        journey=journey,
        format=Format.DECISION_PAPER,
        version=1,
        status=BusinessPlanPack.Status.READY,
        source_hash=source_hash(plan_data(journey)),
    )
    client.force_login(_lead(journey))
    response = client.get(reverse("packs:page", args=[journey.pk, pack.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "<title>Council decision paper, version 1: Riverside Community Therapies" in page
    assert page.count("<h1") == 1
    ids = ["recommendations", "strategic", "economic", "commercial", "financial", "management"]
    positions = [page.index(f'<h2 id="{name}"') for name in ids]
    assert positions == sorted(positions)
    # Each of the model's figures: its chart (SVG) and its table.
    figures = plan_data(journey)["financial_model"]["figures"]
    assert len(figures) == 7 and all(figure["svg"] for figure in figures)
    assert page.count('class="app-chart"') == 7
    for figure in figures:
        assert figure["table"]["caption"] in page.replace("&#x27;", "'")


def _background(pdf: bytes, page: int) -> bool:
    """Whether the page is painted first with a full-page background (the watermark), as an artefact."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        data = document.pages[page - 1].obj.Contents.read_bytes()
    return re.search(rb"^[^B]*?/Artifact\s+BMC\s+0 0 [\d.]+ [\d.]+ re\s+W\s+n\s+/\w+ Do\s+EMC", data) is not None


@pytest.mark.parametrize("format", list(Format))
def test_the_draft_watermark_is_a_page_background_only_until_the_gate_is_signed_off(format):
    draft = render_pack_pdf(full_journey(risks=3, years=3), format=format).content
    final = render_pack_pdf(full_journey(risks=3, years=3, stage=Stage.TRANSFER), format=format).content
    assert all(_background(draft, n) for n in (1, 3))
    assert not any(_background(final, n) for n in (1, 3))
    assert "Version 1 · draft" in page_texts(draft)[2] and "draft" not in page_texts(final)[2]


def test_the_demo_business_plan_journey_gives_both_formats_complete_tagged_and_as_web_pages(client):
    """Issue #21's "done when": the demo's Riverside journey (seed_demo), each format rendered as the demo
    does it, read back as a tagged PDF with every section, and as its web page."""
    from django.core.management import call_command

    from accounts.models import User
    from journeys.models import Journey
    from packs.services import pack_render_now

    call_command("seed_demo", "--skip-packs", stdout=io.StringIO())
    lead = User.objects.get(email="lead3@demo.test")
    journey = Journey.objects.get(group__memberships__user=lead)
    client.force_login(lead)
    for format, first, titles, last in [
        (Format.BUSINESS_PLAN, "Executive summary", TITLES, "Evidence index"),
        (Format.DECISION_PAPER, "Recommendations", DECISION_PAPER_HEADING, "The management case"),
    ]:
        pack = pack_render_now(journey=journey, by=lead, format=format)
        assert pack.status == BusinessPlanPack.Status.READY
        content = pack.file.read()
        check_tagged(content, title=f"{pack.format_name}: {journey.group.name} (version 1)")
        body = _body(content)
        for title in [first, *titles.values(), last]:
            assert title in body, (format, title)
        assert "This section has not been written yet" not in body
        assert "No recommendations have been written yet" not in body
        page = client.get(reverse("packs:page", args=[journey.pk, pack.pk])).content.decode()
        assert '<article class="app-pack">' in page, format
        assert page.count('class="app-chart"') == 7
