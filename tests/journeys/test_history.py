"""The change history of a journey, its staff group and its stage changes: each change recorded with
who made it, shown to the group's members, advisers of a supported journey and admins."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from journeys import services
from journeys.models import Journey, StaffGroup, Stage, StageChange
from mutuals_portal.lib.history import acting
from tests.factories import PublicBodyFactory, UserFactory, confirm_registration
from tests.history_tools import history_rows
from tests.journeys.factories import advance_to, ready_to_leave
from tests.journeys.test_registration import VALID

pytestmark = pytest.mark.django_db


def history_of(client, user, journey, **params):
    client.force_login(user)
    return history_rows(client.get(reverse("journeys:history", args=[journey.pk]), params))


def test_going_back_a_stage_on_the_page_records_the_lead_on_the_journey_and_the_stage_change(client, journey, lead):
    advance_to(journey, Stage.SUPPORT, lead)
    client.force_login(lead)
    response = client.post(reverse("journeys:go_back", args=[journey.pk]), {"reason": "The ballot was lost"})
    assert response.status_code == 302
    assert journey.history.first().history_user == lead
    assert StageChange.history.filter(journey_id=journey.pk).first().history_user == lead
    rows = history_of(client, lead, journey)
    assert "Lena Lead Journey changed Stage: Building support changed to Exploring options" in rows[0]
    assert "Lena Lead Stage change created" in rows[1]
    assert "From stage: Building support" in rows[1] and "To stage: Exploring options" in rows[1]
    assert "Note: The ballot was lost" in rows[1]


def test_an_advisers_sign_off_on_the_page_is_recorded_as_the_advisers(client, journey, lead, adviser):
    adviser.full_name = "Ada Adviser"
    adviser.save()
    journey.in_support_programme = True
    acting(journey, adviser).save(update_fields=["in_support_programme"])
    ready_to_leave(journey, lead)
    gate = services.gate_request(journey=journey, by=lead)
    client.force_login(adviser)
    response = client.post(reverse("journeys:gate_decide", args=[journey.pk, gate.pk]), {"decision": "approve"})
    assert response.status_code == 302
    rows = history_of(client, adviser, journey)
    assert "Ada Adviser Journey changed Stage: Exploring options changed to Building support" in rows[0]
    assert "Ada Adviser Stage change created" in rows[1]
    assert "In the Mutuals Support Programme: No changed to Yes" in rows[2]


def test_sharing_on_the_page_is_recorded_with_the_lead(client, journey, lead):
    client.force_login(lead)
    assert client.post(reverse("journeys:sharing", args=[journey.pk]), {"shared": "yes"}).status_code == 302
    rows = history_of(client, lead, journey)
    assert "Lena Lead Journey changed Shared with council: No changed to Yes" in rows[0]


def test_registering_a_group_records_the_new_lead_as_the_author_of_the_group_and_journey(client):
    council = PublicBodyFactory(name="Westmoor Council")
    response = confirm_registration(client, reverse("journeys:register"), {**VALID, "parent_body": council.pk})
    assert response.status_code == 302
    lead = User.objects.get(email="rosa@example.test")
    journey = Journey.objects.get(group__name="Westmoor Youth Workers")
    # The lead was not signed in yet when the group was saved: the service names them.
    assert journey.history.get().history_user == lead
    assert journey.group.history.get().history_user == lead
    rows = history_rows(client.get(reverse("journeys:history", args=[journey.pk])))
    assert len(rows) == 2
    assert "Rosa Diaz Journey created" in rows[0] and "Stage: Exploring options" in rows[0]
    assert "Rosa Diaz Staff group created" in rows[1] and "Parent public body: Westmoor Council" in rows[1]


def test_the_stage_log_is_append_only_so_its_history_holds_only_creations(journey, lead):
    advance_to(journey, Stage.DESIGN, lead)
    journey.change_stage(to_stage=Stage.SUPPORT, by=lead, note="Rethink the legal form")
    changes = list(journey.stage_changes.all())
    assert len(changes) == 3
    with pytest.raises(ValidationError):
        changes[0].note = "Edited afterwards"
        changes[0].save()
    records = StageChange.history.filter(journey_id=journey.pk)
    assert sorted(records.values_list("history_type", flat=True)) == ["+", "+", "+"]
    assert {r.history_user for r in records} == {lead}
    assert StageChange.objects.get(pk=changes[0].pk).note == "Rethink the legal form"


def test_only_members_advisers_of_a_supported_journey_and_admins_may_read_a_journeys_history(
    client, journey, lead, member, adviser, officer
):
    journey.in_support_programme = journey.shared_with_council = True
    journey.save(update_fields=["in_support_programme", "shared_with_council"])
    url = reverse("journeys:history", args=[journey.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    expected = {
        UserFactory(): 404,  # a stranger
        officer: 403,  # the council sees the shared journey, not its change history
        lead: 200,
        member: 200,
        adviser: 200,
        UserFactory(role=User.Role.ADMIN, is_superuser=True, is_staff=True): 200,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    journey.in_support_programme = False
    journey.save(update_fields=["in_support_programme"])
    client.force_login(adviser)
    assert client.get(url).status_code == 404


def test_the_overview_links_to_the_history_for_those_who_may_read_it(client, journey, lead, officer):
    journey.shared_with_council = True
    journey.save(update_fields=["shared_with_council"])
    url = reverse("journeys:history", args=[journey.pk])
    client.force_login(lead)
    assert url in client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()
    client.force_login(officer)
    assert url not in client.get(reverse("journeys:overview", args=[journey.pk])).content.decode()


def test_a_journey_with_no_recorded_history_says_so(client, journey, lead):
    Journey.history.filter(id=journey.pk).delete()  # as for a journey older than the history
    StaffGroup.history.filter(id=journey.group_id).delete()
    client.force_login(lead)
    response = client.get(reverse("journeys:history", args=[journey.pk]))
    assert response.status_code == 200 and "No changes have been recorded yet." in response.content.decode()


def test_the_history_page_issues_the_same_number_of_queries_however_long_the_history(
    client, journey, lead, django_assert_max_num_queries
):
    def queries() -> int:
        client.force_login(lead)
        with django_assert_max_num_queries(13) as captured:  # a short history: 13 today
            assert client.get(reverse("journeys:history", args=[journey.pk])).status_code == 200
        return len(captured.captured_queries)

    journey.change_stage(to_stage=Stage.SUPPORT, by=lead)
    few = queries()
    for _ in range(15):
        journey.change_stage(to_stage=Stage.EXPLORE, by=lead, note="Back")
        journey.change_stage(to_stage=Stage.SUPPORT, by=lead)
    assert journey.history.count() + StageChange.history.filter(journey_id=journey.pk).count() > 60
    # 25 rows instead of 5; the first page no longer reaches the staff group's creation (and its council's
    # name), so it may need fewer queries: never more.
    assert queries() <= few


def test_changing_the_business_plan_narrative_is_on_the_history_page_in_words(client, journey, lead):
    from journeys.narrative import Section

    lead.full_name = "Lena Lead"
    lead.save(update_fields=["full_name"])
    first = services.narrative_save(
        journey=journey,
        section=Section.VISION,
        answers={"vision": "Libraries open  seven days a week.", "case_for_change": ""},
        by=lead,
        version=0,
    )
    services.narrative_save(
        journey=journey,
        section=Section.VISION,
        answers={"vision": "Libraries open every day.", "case_for_change": "Budgets fell by a third."},
        by=lead,
        version=first.version,
    )
    rows = history_of(client, lead, journey)
    assert "Lena Lead Business plan narrative changed" in rows[0]
    assert "Vision: Libraries open seven days a week. changed to Vision: Libraries open every day.; " in rows[0]
    assert "Case for change: Budgets fell by a third." in rows[0]
    assert "Lena Lead Business plan narrative created" in rows[1]
    assert "{" not in rows[0] + rows[1]  # words, not the stored JSON
