"""A staff group whose journey reached `spun_out` writes up its story as a draft case study."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from journeys.models import Journey, MutualDesign, Stage, TransferPlan
from mutuals_portal.lib.choices import LegalForm, OwnershipModel


@pytest.fixture
def spun_out(world):
    journey = world.objects["journey_b"]
    # Walking all six gates is the journeys app's business; here only the stage matters.
    Journey.objects.filter(pk=journey.pk).update(stage=Stage.SPUN_OUT)
    MutualDesign.objects.create(
        journey=journey, legal_form=LegalForm.CIC_CLS, ownership_model=OwnershipModel.EMPLOYEE_OWNED
    )
    TransferPlan.objects.create(
        journey=journey,
        procurement_route=TransferPlan.Route.DIRECT_AWARD,
        contract_length_months=60,
        contract_value=Decimal("5000000"),
        go_live_on=datetime.date(2025, 4, 1),
        tupe_headcount=38,
        pension_arrangement=TransferPlan.Pension.LGPS_ADMITTED,
    )
    journey.refresh_from_db()
    return journey


def test_the_form_is_prefilled_from_the_journey(world, client_for, spun_out):
    response = client_for(world.user("other_staff")).get(reverse("casestudies:contribute", args=[spun_out.pk]))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["legal_form"] == LegalForm.CIC_CLS
    assert initial["ownership_model"] == OwnershipModel.EMPLOYEE_OWNED
    assert initial["staff_count"] == 38
    assert initial["year_spun_out"] == 2025
    assert initial["service_area"] == spun_out.group.service_area
    assert initial["parent_body"] == world.council_b.name


def test_a_spun_out_group_submits_its_story_and_an_adviser_publishes_it(world, client_for, spun_out):
    lead = world.user("other_staff")
    client = client_for(lead)
    response = client.post(
        reverse("casestudies:contribute", args=[spun_out.pk]),
        {
            "name": "Eastvale Care Mutual",
            "summary": "Home care run by its staff.",
            "service_area": "adult_social_care",
            "legal_form": "CIC_CLS",
            "year_spun_out": "2025",
            "sources_text": "Our first annual report | https://example.org/annual-report",
        },
    )
    case_study = CaseStudy.objects.get(journey=spun_out)
    assert response.status_code == 302
    assert case_study.status == CaseStudy.Status.DRAFT
    assert case_study.contributed_by == lead
    assert client_for(None).get(case_study.get_absolute_url()).status_code == 404

    client = client_for(lead)
    client.post(reverse("casestudies:submit", args=[case_study.slug]))
    adviser = client_for(world.user("adviser"))
    adviser.post(reverse("casestudies:publish", args=[case_study.slug]))
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED
    assert [(c.from_status, c.to_status) for c in case_study.status_changes.order_by("changed_at", "id")] == [
        ("draft", "in_review"),
        ("in_review", "published"),
    ]
    assert client_for(None).get(case_study.get_absolute_url()).status_code == 200


def test_a_second_visit_opens_the_existing_draft(world, client_for, spun_out):
    existing = CaseStudy.objects.create(
        name="Existing",
        slug="existing",
        summary="s",
        service_area="youth",
        journey=spun_out,
        contributed_by=world.user("other_staff"),
    )
    response = client_for(world.user("other_staff")).get(reverse("casestudies:contribute", args=[spun_out.pk]))
    assert response.status_code == 302
    assert response["Location"] == existing.get_absolute_url()


def test_a_group_that_has_not_spun_out_cannot_contribute(world, client_for):
    response = client_for(world.user("staff")).get(
        reverse("casestudies:contribute", args=[world.objects["journey_a"].pk])
    )
    assert response.status_code == 403


def test_another_group_cannot_contribute_for_a_journey_it_cannot_see(world, client_for, spun_out):
    response = client_for(world.user("staff")).post(
        reverse("casestudies:contribute", args=[spun_out.pk]), {"name": "x", "summary": "y", "service_area": "youth"}
    )
    assert response.status_code == 404
    assert not CaseStudy.objects.filter(journey=spun_out).exists()


def test_a_journey_without_design_or_transfer_facts_still_prefills_the_group_facts(world, journey):
    from casestudies.services import prefill_from_journey

    initial = prefill_from_journey(journey)
    assert "legal_form" not in initial
    assert initial["staff_count"] == journey.group.headcount


def test_a_contribution_cites_the_journey_for_the_facts_it_kept_from_it(world, client_for, spun_out):
    client = client_for(world.user("other_staff"))
    client.post(
        reverse("casestudies:contribute", args=[spun_out.pk]),
        {
            "name": "Eastvale Care Mutual",
            "summary": "Home care run by its staff.",
            "service_area": "adult_social_care",
            "legal_form": "CIC_CLS",  # as the journey records it
            "ownership_model": "MULTI_STAKEHOLDER",  # changed by the contributor: not cited to the journey
            "year_spun_out": "2025",
            "staff_count": "38",
            "sources_text": "",
        },
    )
    case_study = CaseStudy.objects.get(journey=spun_out)
    assert case_study.first_contract_route == "direct_award"
    source = case_study.sources.get()
    assert source.title == f"Mutuals Portal: the journey record of {spun_out.group.name} (design and transfer plan)"
    assert source.date_read is not None
    facts = {fact.topic: fact for fact in case_study.facts.all()}
    assert set(facts) == {"legal_form", "origin", "staff", "contract"}
    assert facts["staff"].statement == "38 staff to transfer under TUPE."
    assert facts["staff"].as_at_year == 2025
    assert facts["origin"].statement == "Go-live date: 1 April 2025."
    assert facts["contract"].statement == "Procurement route in the transfer plan: Direct award, 60 months."
    assert all(fact.source == source for fact in facts.values())
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert "Facts and their sources" in page
    assert "Direct award" in page
