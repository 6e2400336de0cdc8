"""Issue #22, point 3: the catalogue and the legal forms as today's law has them (DOMAIN.md sections 2 and 5)."""

import importlib

from django.apps import apps
from django.urls import reverse

from journeys.gates import design_problems
from journeys.models import MutualDesign, Stage, Task, TaskDefinition
from mutuals_portal.lib.choices import LegalForm, OwnershipModel

migration = importlib.import_module("journeys.migrations.0010_catalogue_2025")


def _stage_order(slug):
    definition = TaskDefinition.objects.select_related("stage").get(slug=slug)
    return definition.stage.order, definition.order, definition.stage.stage


def test_the_procurement_route_is_chosen_during_the_business_plan(db):
    assert _stage_order("procurement-route")[2] == Stage.BUSINESS_PLAN
    # ...after the equality impact assessment's place is known: before the council's decision.
    assert _stage_order("eia-consultation") < _stage_order("public-interest-decision")


def test_the_legal_entity_is_registered_before_the_contract(db):
    assert _stage_order("register-entity") < _stage_order("contract-length-value")
    assert _stage_order("register-entity") < _stage_order("contract-terms")


def test_the_new_tasks_are_in_the_catalogue_each_with_guidance_naming_its_source(db):
    for slug in migration.NEW_TASKS:
        definition = TaskDefinition.objects.get(slug=slug)
        assert "Source: " in definition.guidance, slug
    assert "28 days" in TaskDefinition.objects.get(slug="tupe").guidance
    assert "appropriate representatives" in TaskDefinition.objects.get(slug="tupe").guidance
    pensions = TaskDefinition.objects.get(slug="pensions").guidance
    assert "admission agreement" in pensions and "New Fair Deal" in pensions and "cessation" in pensions
    assert "315,000" in TaskDefinition.objects.get(slug="subsidy-control").guidance
    assert "not a route to a contract" in TaskDefinition.objects.get(slug="procurement-route").guidance


def test_the_legal_forms_say_who_registers_and_regulates_them():
    assert "EOT" not in LegalForm.values and LegalForm.CIO in LegalForm.values
    help_texts = LegalForm.help_texts()
    assert "Companies House" in help_texts[LegalForm.CIC_CLS] and "CIC Regulator" in help_texts[LegalForm.CIC_CLS]
    assert "asset lock" in help_texts[LegalForm.CIC_CLG]
    assert "Financial Conduct Authority" in help_texts[LegalForm.COOP_SOC]
    assert "exempt charity" in help_texts[LegalForm.CBS]
    assert "Charity Commission" in help_texts[LegalForm.CIO]
    assert OwnershipModel.EMPLOYEE_OWNERSHIP_TRUST in OwnershipModel.values


def test_the_design_page_offers_the_cio_and_the_trust_as_an_ownership_model(client, journey, lead):
    client.force_login(lead)
    html = client.get(reverse("journeys:design_edit", args=[journey.pk])).content.decode()
    assert 'value="CIO"' in html and 'value="EMPLOYEE_OWNERSHIP_TRUST"' in html and 'value="EOT"' not in html


def test_an_employee_ownership_trust_gives_staff_control_at_the_design_gate():
    facts = {"legal_form": LegalForm.CLS, "ownership_model": OwnershipModel.EMPLOYEE_OWNERSHIP_TRUST}
    assert design_problems({**facts, "seats_total": 5, "staff_seats": 0}) == []


def test_a_design_with_the_old_eot_legal_form_is_migrated_and_the_reverse_restores_it(journey):
    MutualDesign.objects.create(journey=journey, legal_form="EOT", ownership_model="MULTI_STAKEHOLDER", notes="Ours")
    migration.eot_to_ownership_model(apps, None)
    design = MutualDesign.objects.get(journey=journey)
    assert (design.legal_form, design.ownership_model) == (LegalForm.CLS, OwnershipModel.EMPLOYEE_OWNERSHIP_TRUST)
    assert design.notes.startswith("Ours\n\n") and "not a legal form" in design.notes
    migration.ownership_model_to_eot(apps, None)
    design.refresh_from_db()
    assert (design.legal_form, design.ownership_model, design.notes) == ("EOT", "MULTI_STAKEHOLDER", "Ours")


def test_the_catalogue_migration_gives_existing_journeys_the_new_tasks_and_reverses(journey):
    Task.objects.filter(journey=journey, definition__slug__in=migration.NEW_TASKS).delete()
    migration.apply_catalogue(apps, None)
    assert Task.objects.filter(journey=journey, definition__slug__in=migration.NEW_TASKS).count() == len(
        migration.NEW_TASKS
    )
    migration.restore_catalogue(apps, None)
    assert not TaskDefinition.objects.filter(slug__in=migration.NEW_TASKS).exists()
    assert _stage_order("procurement-route")[2] == Stage.TRANSFER
    assert TaskDefinition.objects.get(slug="tupe").title == "Inform and consult staff under TUPE"
    migration.apply_catalogue(apps, None)
    assert _stage_order("procurement-route")[2] == Stage.BUSINESS_PLAN
