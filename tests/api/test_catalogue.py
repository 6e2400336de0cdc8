"""The stage catalogue and the enumerations."""

from django.urls import reverse

from casestudies.models import ContractRoute, TradingStatus
from challenges.models import RejectionGround
from journeys.models import Stage, StageDefinition, TaskDefinition
from mutuals_portal.lib.choices import LEGAL_FORM_HELP, LegalForm

STAGES = reverse("api-stage-list", kwargs={"version": "v1"})
ENUMERATIONS = reverse("api-enumerations", kwargs={"version": "v1"})


def test_the_stage_catalogue_has_the_six_stages_in_order_with_their_tasks(client, db):
    stages = client.get(STAGES).json()
    assert [stage["stage"] for stage in stages] == [stage.value for stage in Stage]
    explore = StageDefinition.objects.get(stage=Stage.EXPLORE)
    expected = list(TaskDefinition.objects.filter(stage=explore).order_by("order", "id").values_list("slug", flat=True))
    assert [task["slug"] for task in stages[0]["tasks"]] == expected
    assert expected
    assert set(stages[0]["tasks"][0]) == {"slug", "title", "guidance", "required", "needs_evidence", "order"}


def test_a_task_added_by_an_admin_appears_in_the_catalogue(client, db):
    design = StageDefinition.objects.get(stage=Stage.DESIGN)
    TaskDefinition.objects.create(stage=design, slug="new-task", title="A new task", order=999, required=False)
    design_row = next(stage for stage in client.get(STAGES).json() if stage["stage"] == "design")
    assert design_row["tasks"][-1] == {
        "slug": "new-task",
        "title": "A new task",
        "guidance": "",
        "required": False,
        "needs_evidence": False,
        "order": 999,
    }


def test_the_enumerations_give_rejection_grounds_in_full_and_legal_forms_with_help(client, db):
    body = client.get(ENUMERATIONS).json()
    grounds = {item["code"]: item["label"] for item in body["rejection_grounds"]}
    assert len(grounds) == 10
    assert grounds["R9_FRIVOLOUS"] == RejectionGround.R9_FRIVOLOUS.label
    assert "frivolous or vexatious" in grounds["R9_FRIVOLOUS"]
    cbs = next(item for item in body["legal_forms"] if item["code"] == "CBS")
    assert cbs == {"code": "CBS", "label": LegalForm.CBS.label, "help": LEGAL_FORM_HELP[LegalForm.CBS]}
    assert [item["code"] for item in body["journey_stages"]] == [stage.value for stage in Stage]
    assert {item["code"] for item in body["decision_outcomes"]} == {"ACCEPTED", "ACCEPTED_MODIFIED", "REJECTED"}
    assert set(body) == {
        "legal_forms",
        "ownership_models",
        "service_areas",
        "regions",
        "rejection_grounds",
        "relevant_body_types",
        "decision_outcomes",
        "journey_stages",
        "trading_statuses",
        "first_contract_routes",
    }


def test_the_enumerations_list_the_case_studies_trading_statuses_and_first_contract_routes(client, db):
    body = client.get(ENUMERATIONS).json()
    assert [item["code"] for item in body["trading_statuses"]] == [status.value for status in TradingStatus]
    routes = {item["code"]: item["label"] for item in body["first_contract_routes"]}
    assert routes == {route.value: route.label for route in ContractRoute}
    assert routes["right_to_challenge"] == "Community Right to Challenge"
