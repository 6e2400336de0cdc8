"""Signed-in endpoints go through the apps' access.py scopes: the same people see the same things
as on the pages, and nobody else does."""

import pytest
from django.urls import reverse

from challenges.access import eois_visible_to
from journeys.access import journeys_visible_to
from journeys.models import Task
from tests.challenges.factories import EOIFactory, ServiceFactory

JOURNEYS = reverse("api-journey-list", kwargs={"version": "v1"})
EOIS = reverse("api-council-eoi-list", kwargs={"version": "v1"})


def journey_url(journey):
    return reverse("api-journey-detail", kwargs={"version": "v1", "pk": journey.pk})


def eoi_url(eoi):
    return reverse("api-council-eoi-detail", kwargs={"version": "v1", "pk": eoi.pk})


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("url", [JOURNEYS, EOIS])
def test_an_anonymous_client_gets_a_json_403_not_a_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_staff_member_sees_their_own_journey_with_stage_and_tasks(world, client_for):
    journey = world.objects["journey_a"]
    client = client_for(world.user("member"))
    assert _ids(client.get(JOURNEYS)) == [journey.pk]
    body = client.get(journey_url(journey)).json()
    assert body["group"] == "Group A"
    assert body["stage"] == "support"
    assert body["stage_label"] == "Building support"
    assert body["stage_number"] == 2
    tasks = Task.objects.filter(journey=journey)
    assert len(body["tasks"]) == tasks.count() > 0
    required = tasks.filter(definition__required=True, definition__stage__stage="support")
    assert body["stage_required_tasks"] == required.count()
    assert body["stage_required_done"] == required.filter(status=Task.Status.COMPLETED).count()


def test_progress_counts_completed_required_tasks_of_the_current_stage(world, client_for):
    journey = world.objects["journey_a"]
    task = world.objects["task_a"]  # the staff ballot, a required task of "support"
    Task.objects.filter(pk=task.pk).update(status=Task.Status.COMPLETED)
    body = client_for(world.user("staff")).get(journey_url(journey)).json()
    assert body["stage_required_done"] == 1
    assert next(t for t in body["tasks"] if t["id"] == task.pk)["status"] == "completed"


def test_another_groups_journey_is_invisible(world, client_for):
    client = client_for(world.user("other_staff"))
    assert _ids(client.get(JOURNEYS)) == [world.objects["journey_b"].pk]
    assert client.get(journey_url(world.objects["journey_a"])).status_code == 404


def test_an_officer_sees_only_journeys_shared_with_their_council(world, client_for):
    assert _ids(client_for(world.user("officer")).get(JOURNEYS)) == [world.objects["journey_a"].pk]
    assert _ids(client_for(world.user("other_officer")).get(JOURNEYS)) == []


def test_an_officer_sees_their_councils_submitted_eois_only(world, client_for):
    o = world.objects
    ids = set(_ids(client_for(world.user("officer")).get(EOIS)))
    assert {o["received_a"].pk, o["review_a"].pk, o["other_body_eoi"].pk} <= ids
    assert o["draft_a"].pk not in ids
    assert o["received_b"].pk not in ids


def test_an_officer_never_sees_another_councils_eois(world, client_for):
    o = world.objects
    client = client_for(world.user("other_officer"))
    ids = _ids(client.get(EOIS))
    assert ids == [o["received_b"].pk]
    for eoi in (o["received_a"], o["review_a"]):
        response = client.get(eoi_url(eoi))
        assert response.status_code == 404
        assert response.json() == {"detail": "No ExpressionOfInterest matches the given query."}


def test_the_officers_eoi_detail_has_the_statutory_dates(world, client_for):
    eoi = world.objects["received_a"]
    body = client_for(world.user("officer")).get(eoi_url(eoi)).json()
    assert body["reference"] == eoi.reference
    assert body["status"] == "RECEIVED"
    assert body["decision_due_on"] == eoi.decision_due_on.isoformat()
    assert body["service"] == "Northbridge parks"


@pytest.mark.parametrize("role", ["staff", "body", "adviser", "admin"])
def test_only_officers_may_list_council_eois(world, client_for, role):
    response = client_for(world.user(role)).get(EOIS)
    assert response.status_code == 403
    assert response.json()["detail"] == "You do not have permission to perform this action."


def test_the_eoi_list_is_newest_first_and_pages_are_stable(world, client_for):
    service = ServiceFactory(council=world.council_b)
    EOIFactory.create_batch(5, service=service, status="RECEIVED")
    client = client_for(world.user("other_officer"))
    first = _ids(client.get(EOIS, {"page_size": 3}))
    second = _ids(client.get(EOIS, {"page_size": 3, "page": 2}))
    assert len(first) == 3 and len(second) == 3
    assert not set(first) & set(second)
    assert _ids(client.get(EOIS, {"page_size": 6})) == first + second


@pytest.mark.parametrize("role", ["staff", "member", "other_staff", "officer", "other_officer", "adviser", "body"])
def test_the_api_shows_each_role_exactly_the_journeys_the_pages_scope_allows(world, client_for, role):
    user = world.user(role)
    allowed = set(journeys_visible_to(user).values_list("pk", flat=True))
    assert set(_ids(client_for(user).get(JOURNEYS))) == allowed


@pytest.mark.parametrize("role", ["officer", "other_officer"])
def test_the_api_shows_an_officer_exactly_the_eois_the_pages_scope_allows(world, client_for, role):
    user = world.user(role)
    allowed = set(eois_visible_to(user).values_list("pk", flat=True))
    assert allowed
    assert set(_ids(client_for(user).get(EOIS, {"page_size": 100}))) == allowed


def test_the_officers_eoi_has_its_route_info_requests_and_procurement(world, client_for):
    client = client_for(world.user("officer"))
    received = client.get(eoi_url(world.objects["received_a"])).json()
    assert received["route"] == "ONLINE" and received["procurement"] is None
    # The council's request, without its text: only when it was asked and answered.
    assert received["info_requests"] == [
        {"asked_at": world.objects["info_a"].asked_at.isoformat().replace("+00:00", "Z"), "answered_at": None}
    ]
    assert client.get(eoi_url(world.objects["recorded_eoi_a"])).json()["route"] == "POST"
    procuring = client.get(eoi_url(world.objects["procurement_eoi_a"])).json()
    assert procuring["procurement"]["procedure"] == "COMPETITIVE_FLEXIBLE"
    assert procuring["procurement"]["result"] is None
