"""The two pack formats from the same data: the business plan and the council decision paper in HM
Treasury's Five Case Model order, both with every narrative section (pdftotext reads them back)."""

import pytest
from django.urls import reverse

from journeys.demo_narrative import DEMO_NARRATIVE, fill_narrative
from journeys.models import Task
from packs.models import BusinessPlanPack
from packs.services import pack_request, render_pack_pdf

from .factories import full_journey
from .pdf_tools import flat_text, info, page_texts

pytestmark = pytest.mark.django_db

Format = BusinessPlanPack.Format


@pytest.fixture
def journey():
    journey = full_journey(risks=3, years=3)
    lead = journey.group.memberships.get(role="lead").user
    fill_narrative(journey, lead)
    task = Task.objects.filter(journey=journey).first()
    Task.objects.filter(pk=task.pk).update(notes="Waiting lists doubled in two years", plan_section="vision")
    return journey


def _words(text: str) -> str:
    return " ".join(text.split())


def _expected_phrases():
    """A phrase from every narrative section's text (the start of each part)."""
    for section, answers in DEMO_NARRATIVE.items():
        for name, value in answers.items():
            if isinstance(value, str) and not name.endswith("_position") and len(value) > 30:
                yield section, " ".join(value.split()[:5])


@pytest.mark.parametrize("format", list(Format))
def test_each_format_prints_every_narrative_section(journey, format):
    pdf = render_pack_pdf(journey, format=format).content
    flat = _words(flat_text(pdf))
    for section, phrase in _expected_phrases():
        assert phrase in flat, (format, section, phrase)
    # The options appraisal's table, the stakeholders' positions, the timetable's dated milestones.
    assert "Staff-led mutual (preferred)" in flat
    assert "Total (out of 25)" in flat
    assert "The commissioner Supports" in flat
    assert "Open to it, with conditions" in flat
    assert "20 January 2027 Cabinet decision" in flat
    # A task note marked for the plan, quoted and attributed.
    assert "Waiting lists doubled in two years" in flat
    assert "From the notes of the task" in flat
    # Words and numbers agree.
    assert "1 risks" not in flat and "-£" not in flat.split("Risk")[0]


def test_the_decision_paper_puts_recommendations_first_then_the_five_cases_in_order(journey):
    pdf = render_pack_pdf(journey, format=Format.DECISION_PAPER, version=2).content
    assert info(pdf)["Title"] == "Council decision paper: Riverside Community Therapies (version 2)"
    pages = page_texts(pdf)
    body = _words(" ".join(pages[2:]))  # after the cover and contents
    order = [
        "Recommendations",
        "Agree that the community therapy service transfers",
        "The strategic case",
        "The economic case",
        "The commercial case",
        "The financial case",
        "The management case",
    ]
    positions = [body.find(heading) for heading in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "HM Treasury's Five Case Model" in _words(pages[0])
    # The recommendations are numbered, one a line.
    assert "1. Agree that the community therapy service transfers" in body
    assert "4. Delegate the contract's final terms" in body


def test_the_business_plan_keeps_its_own_order(journey):
    pdf = render_pack_pdf(journey, format=Format.BUSINESS_PLAN).content
    body = _words(" ".join(page_texts(pdf)[2:]))
    order = ["Executive summary", "Vision and case for change", "Options appraisal", "Financial model"]
    order += ["Implementation timetable", "The ask and recommendations"]
    positions = [body.find(heading) for heading in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=True))


def test_both_formats_are_requested_together_and_versioned_apart(journey, client, django_capture_on_commit_callbacks):
    lead = journey.group.memberships.get(role="lead").user
    client.force_login(lead)
    url = reverse("packs:request", args=[journey.pk])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"formats": ["business_plan", "decision_paper"]}, follow=True)
    page = response.content.decode()
    assert "Business plan version 1 is being produced" in page
    assert "Council decision paper version 1 is being produced" in page
    assert sorted(journey.packs.values_list("format", "version")) == [("business_plan", 1), ("decision_paper", 1)]
    # Unchanged data: the same packs again. Nothing selected: an error, nothing made.
    assert pack_request(journey=journey, by=lead, format=Format.DECISION_PAPER)[1] is False
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Select the business plan, the council decision paper, or both" in response.content.decode()
    assert journey.packs.count() == 2
    decision = journey.packs.get(format="decision_paper")
    assert decision.download_name.startswith("riverside-community-therapies-council-decision-paper-v1-")


def test_the_decision_paper_sets_out_the_council_s_decisions_so_far(journey):
    """In the strategic case: what the council has already decided on the spin-out (or that it has decided nothing
    yet), from the same record the business plan prints."""
    from datetime import date

    from accounts.models import User
    from journeys import services
    from journeys.models import CouncilDecision
    from tests.factories import UserFactory

    flat = _words(flat_text(render_pack_pdf(journey, format=Format.DECISION_PAPER).content))
    strategic = flat.split("The strategic case")[-1].split("The economic case")[0]
    assert "Decisions the council has taken so far" in strategic
    assert "has not recorded any decisions on this spin-out yet" in strategic

    lead = journey.group.memberships.get(role="lead").user
    services.journey_share(journey=journey, by=lead, shared=True)
    officer = UserFactory(role=User.Role.OFFICER, public_body=journey.group.parent_body)
    decision = CouncilDecision(
        journey=journey,
        kind=CouncilDecision.Kind.IN_PRINCIPLE,
        decided_on=date(2026, 9, 14),
        decision_maker="Cabinet",
        reference="KD/2026/041",
    )
    services.council_decision_record(decision=decision, by=officer)
    flat = _words(flat_text(render_pack_pdf(journey, format=Format.DECISION_PAPER).content))
    strategic = flat.split("The strategic case")[-1].split("The economic case")[0]
    assert "In-principle support 14 September 2026 Cabinet KD/2026/041" in strategic
    assert "has not recorded any decisions" not in strategic
