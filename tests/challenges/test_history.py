"""The change history of an EOI and its decisions: each change recorded with who made it, and shown
to the council's officers, admins and the body that sent the EOI."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import User
from challenges import services
from challenges.models import BodyType, Decision, DecisionOutcome, EOIStatus, ExpressionOfInterest, RejectionGround
from mutuals_portal.lib.history import acting
from tests.factories import PublicBodyFactory, UserFactory
from tests.history_tools import history_rows

from .factories import BodyUserFactory, EOIFactory

pytestmark = pytest.mark.django_db

REJECT_R9 = {
    "outcome": "REJECTED",
    "grounds": ["R9_FRIVOLOUS"],
    "reasons": "The same group sent an identical expression of interest last month.",
    "wellbeing_considered": "on",
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}


@pytest.fixture
def eoi(service, body):
    return EOIFactory(service=service, submitted_by=body, status=EOIStatus.RECEIVED, body_name="Friends of the Park")


def history_of(client, user, eoi, **params):
    client.force_login(user)
    return history_rows(client.get(reverse("challenges:eoi_history", args=[eoi.pk]), params))


def test_acknowledging_on_the_officers_page_is_recorded_with_the_officer_and_shown_as_a_diff(client, officer, eoi):
    client.force_login(officer)
    assert client.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk])).status_code == 302
    latest = eoi.history.first()
    assert (latest.history_type, latest.history_user, latest.status) == ("~", officer, EOIStatus.ACKNOWLEDGED)
    rows = history_of(client, officer, eoi)
    assert len(rows) == 2
    assert "Olive Officer Expression of interest changed" in rows[0]
    assert "Status: Received changed to Acknowledged" in rows[0]
    assert "Acknowledged on: Not set changed to" in rows[0]
    # Made by the factory, outside any request and with nobody named: the system.
    assert "System Expression of interest created" in rows[1]
    assert "Body name: Friends of the Park" in rows[1]


def test_the_officers_eoi_page_links_to_its_history(client, officer, eoi):
    client.force_login(officer)
    page = client.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert reverse("challenges:eoi_history", args=[eoi.pk]) in page and "View change history" in page


def test_a_decision_recorded_and_published_on_the_pages_is_in_the_history_with_its_author(client, officer, service):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    client.force_login(officer)
    assert client.post(reverse("challenges:eoi_decide", args=[eoi.pk]), REJECT_R9).status_code == 302
    decision = Decision.objects.get(eoi=eoi)
    assert client.post(reverse("challenges:decision_publish", args=[decision.pk])).status_code == 302
    assert [(r.history_type, r.history_user) for r in decision.history.all()] == [("~", officer), ("+", officer)]
    rows = history_of(client, officer, eoi)
    assert "Olive Officer Decision changed" in rows[0]
    assert "Published by: Not set changed to Olive Officer" in rows[0]
    assert "Outcome" not in rows[0]  # only what changed
    assert "Status: Under review changed to Rejected" in rows[1]
    assert "Olive Officer Decision created" in rows[2]
    assert "Outcome: Reject" in rows[2] and "Grounds: R9" in rows[2] and "Decided by: Olive Officer" in rows[2]
    assert "Reasons: The same group sent an identical expression of interest last month." in rows[2]


def test_publishing_a_decision_outside_a_request_names_the_officer_passed_to_the_service(officer, service):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    decision = services.decision_record(
        eoi=eoi,
        by=officer,
        outcome=DecisionOutcome.ACCEPTED,
        grounds=[],
        reasons="",
        wellbeing_considered=True,
        decision_maker="Sam Patel, Head of Commissioning",
        delegated_authority="Officer scheme of delegation, paragraph 4.2",
    )
    services.decision_publish(decision=decision, by=officer)
    published = decision.history.first()
    assert published.history_user == officer and published.published_at is not None
    assert eoi.history.first().history_user == officer


def test_a_body_sees_its_own_changes_by_name_and_the_councils_as_the_council(client, officer, body, service):
    eoi = EOIFactory(service=service, submitted_by=body, status=EOIStatus.ACKNOWLEDGED)
    decision = services.decision_record(
        eoi=eoi,
        by=officer,
        outcome=DecisionOutcome.REJECTED,
        grounds=[RejectionGround.R9_FRIVOLOUS],
        reasons="Vexatious.",
        wellbeing_considered=True,
        decision_maker="Sam Patel, Head of Commissioning",
        delegated_authority="Officer scheme of delegation, paragraph 4.2",
    )
    officer_rows = history_of(client, officer, eoi)
    assert any("Decision created" in row for row in officer_rows)
    body_rows = history_of(client, body, eoi)
    assert not any("Decision created" in row for row in body_rows), "an unpublished decision is not the body's"
    assert "Challenge Council Expression of interest changed" in body_rows[0]
    assert "Olive Officer" not in " ".join(body_rows)

    services.decision_publish(decision=decision, by=officer)
    body_rows = history_of(client, body, eoi)
    assert "Challenge Council Decision changed" in body_rows[0]
    assert any("Decision created" in row and "Outcome: Reject" in row for row in body_rows)
    assert "Olive Officer" not in " ".join(body_rows) and "Decided by" not in " ".join(body_rows)


def test_a_draft_started_edited_and_submitted_by_the_body_is_recorded_as_theirs(client, body, service):
    client.force_login(body)
    response = client.post(
        reverse("challenges:eoi_start", args=[service.pk]),
        {"token": str(uuid.uuid4()), "financial_resources": "Reserves."},
    )
    eoi = ExpressionOfInterest.objects.get(submitted_by=body)
    assert response.status_code == 302
    long_text = "We ran the park café for ten years. " * 20
    data = {
        "body_type": BodyType.CHARITY,
        "body_name": "Friends of the Park",
        "contact_name": "Bea Body",
        "contact_email": body.email,
        "financial_resources": "Reserves of 50,000 GBP.",
        "capability": long_text,
        "service_and_area": "The park.",
        "outcomes_wellbeing": "Volunteering.",
        "outcomes_users_needs": "Longer hours.",
    }
    assert client.post(reverse("challenges:eoi_edit", args=[eoi.pk]), data).status_code == 302
    assert client.post(reverse("challenges:eoi_submit", args=[eoi.pk])).status_code == 302
    assert {r.history_user for r in eoi.history.all()} == {body}
    rows = history_of(client, body, eoi)
    assert len(rows) == 3
    assert "Status: Draft changed to Received" in rows[0]
    # Choices by their label; long text cut short.
    assert "Body type: Not set changed to Charity" in rows[1]
    assert "Capability to provide the service: Not set changed to We ran the park café" in rows[1]
    assert long_text.strip() not in rows[1] and "…" in rows[1]
    assert f"{body.full_name} Expression of interest created" in rows[2]
    # The draft was the body's own: its council sees the history from submission on.
    officer = UserFactory(role=User.Role.OFFICER, public_body=service.council)
    officer_rows = history_of(client, officer, eoi)
    assert len(officer_rows) == 1 and "Status: Draft changed to Received" in officer_rows[0]
    assert "park café" not in officer_rows[0]


def test_an_eoi_with_no_recorded_history_shows_that_nothing_was_recorded(client, officer, eoi):
    ExpressionOfInterest.history.filter(id=eoi.pk).delete()  # as for an EOI older than the history
    client.force_login(officer)
    response = client.get(reverse("challenges:eoi_history", args=[eoi.pk]))
    assert response.status_code == 200 and "No changes have been recorded yet." in response.content.decode()
    services.eoi_acknowledge(eoi=eoi, by=officer)
    rows = history_of(client, officer, eoi)
    assert len(rows) == 1 and "Expression of interest first recorded" in rows[0]


def test_only_the_right_people_may_read_an_eois_history(client, officer, body, eoi):
    url = reverse("challenges:eoi_history", args=[eoi.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    other_officer = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Eastvale"))
    admin = UserFactory(role=User.Role.ADMIN, is_superuser=True, is_staff=True)
    expected = {
        other_officer: 404,  # another council's EOI does not exist for them
        BodyUserFactory(): 404,  # another body's EOI
        UserFactory(role=User.Role.ADVISER): 403,
        UserFactory(): 403,  # staff-group member
        officer: 200,
        body: 200,
        admin: 200,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_history_page_pages_newest_first(client, officer, eoi):
    for number in range(30):
        eoi.body_name = f"Name {number}"
        acting(eoi, officer).save(update_fields=["body_name"])
    client.force_login(officer)
    first = history_rows(client.get(reverse("challenges:eoi_history", args=[eoi.pk])))
    second = history_rows(client.get(reverse("challenges:eoi_history", args=[eoi.pk]), {"page": 2}))
    assert len(first) == 25 and len(second) == 6
    assert "Body name: Name 28 changed to Name 29" in first[0]
    assert "Body name: Friends of the Park changed to Name 0" in second[-2]
    assert "Expression of interest created" in second[-1]


def test_the_history_page_issues_the_same_number_of_queries_however_long_the_history(
    client, officer, service, django_assert_max_num_queries
):
    def queries_for(changes: int) -> int:
        eoi = EOIFactory(service=service, status=EOIStatus.ACKNOWLEDGED)
        for number in range(changes):
            eoi.body_name = f"Name {number}"
            acting(eoi, officer).save(update_fields=["body_name"])
        services.decision_record(
            eoi=eoi,
            by=officer,
            outcome=DecisionOutcome.ACCEPTED,
            grounds=[],
            reasons="",
            wellbeing_considered=True,
            decision_maker="Sam Patel, Head of Commissioning",
            delegated_authority="Officer scheme of delegation, paragraph 4.2",
        )
        client.force_login(officer)
        with django_assert_max_num_queries(10) as captured:  # 10 today, short or long
            assert client.get(reverse("challenges:eoi_history", args=[eoi.pk])).status_code == 200
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(40)
