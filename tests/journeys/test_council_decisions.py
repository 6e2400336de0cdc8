"""The council in the journey (#22 point 7): officers of the parent council, on a journey shared with them,
record its decisions; a decision satisfies the task that asks for it and shows on the timeline and in the pack."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from journeys import services
from journeys.gates import missing_for_stage
from journeys.models import CouncilDecision, Journey, JourneyEvent, Stage, Task
from packs.content import plan_data
from packs.services import pack_html
from tests.factories import PublicBodyFactory, UserFactory
from tests.journeys.factories import pdf_file, task

NEW = "journeys:council_decision_new"


@pytest.fixture
def shared(journey, lead):
    services.journey_share(journey=journey, by=lead, shared=True)
    journey.refresh_from_db()
    return journey


def _date(day: date, name: str = "decided_on") -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _form(kind="in_principle", day=date(2026, 9, 14), **extra) -> dict:
    return {"kind": kind, **_date(day), "decision_maker": "Cabinet", "reference": "", "notes": "", **extra}


def _record(journey, officer, kind=CouncilDecision.Kind.IN_PRINCIPLE, **extra) -> CouncilDecision:
    fields = {"decided_on": date(2026, 9, 14), "decision_maker": "Cabinet", **extra}
    return services.council_decision_record(decision=CouncilDecision(journey=journey, kind=kind, **fields), by=officer)


# Who may record ---------------------------------------------------------------------------------


def test_an_officer_of_the_parent_council_records_a_decision_on_a_shared_journey(client, shared, officer):
    client.force_login(officer)
    data = _form(kind="key_decision", reference="KD-2026-014", notes="Subject to the EIA")
    response = client.post(reverse(NEW, args=[shared.pk]), data)
    assert response.status_code == 302
    decision = CouncilDecision.objects.get(journey=shared)
    assert decision.kind == CouncilDecision.Kind.KEY_DECISION
    assert (decision.reference, decision.decision_maker, decision.notes) == (
        "KD-2026-014",
        "Cabinet",
        "Subject to the EIA",
    )
    assert decision.council == shared.group.parent_body
    assert decision.recorded_by == officer
    overview = client.get(response["Location"]).content.decode()
    assert "Decision recorded: Cabinet or key decision" in overview
    assert "KD-2026-014" in overview


def test_an_officer_of_another_council_cannot_record_a_decision(client, shared):
    elsewhere = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere"))
    client.force_login(elsewhere)
    assert client.post(reverse(NEW, args=[shared.pk]), _form()).status_code == 404
    assert not CouncilDecision.objects.exists()


def test_an_officer_cannot_record_a_decision_on_a_journey_not_shared_with_the_council(client, journey, officer):
    client.force_login(officer)
    assert client.get(reverse(NEW, args=[journey.pk])).status_code == 404
    assert client.post(reverse(NEW, args=[journey.pk]), _form()).status_code == 404
    assert not CouncilDecision.objects.exists()


def test_the_group_and_the_adviser_may_see_decisions_but_not_record_them(client, shared, lead, member, adviser):
    Journey.objects.filter(pk=shared.pk).update(in_support_programme=True)
    for person in (lead, member, adviser):
        client.force_login(person)
        assert client.get(reverse(NEW, args=[shared.pk])).status_code == 403
        assert client.post(reverse(NEW, args=[shared.pk]), _form()).status_code == 403
        page = client.get(reverse("journeys:council_decisions", args=[shared.pk]))
        assert page.status_code == 200
        assert "Record a decision" not in page.content.decode()
    assert not CouncilDecision.objects.exists()


def test_the_group_reads_the_decision_on_its_overview_without_the_officers_actions(client, shared, officer, lead):
    decision = _record(shared, officer, reference="CAB-7")
    client.force_login(lead)
    html = client.get(reverse("journeys:overview", args=[shared.pk])).content.decode()
    assert "In-principle support" in html and "CAB-7" in html
    assert reverse("journeys:council_decision_edit", args=[shared.pk, decision.pk]) not in html
    assert reverse("journeys:council_decision_withdraw", args=[shared.pk, decision.pk]) not in html
    assert client.get(reverse("journeys:council_decision_edit", args=[shared.pk, decision.pk])).status_code == 403


def test_an_officer_cannot_record_on_a_stopped_journey(client, shared, officer):
    Journey.objects.filter(pk=shared.pk).update(status=Journey.Status.STOPPED)
    client.force_login(officer)
    assert client.post(reverse(NEW, args=[shared.pk]), _form()).status_code == 403


def test_an_officer_who_has_not_given_their_second_factor_is_sent_to_set_it_up(client, shared, officer, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(officer)
    response = client.post(reverse(NEW, args=[shared.pk]), _form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert not CouncilDecision.objects.exists()


# Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "Select what the council decided"),
        ({"day": "tomorrow"}, "The date of the decision must be today or in the past"),
        ({"kind": "key_decision", "reference": ""}, "Enter the decision&#x27;s reference: a cabinet or key decision"),
        ({"decision_maker": ""}, "Enter who took the decision"),
        ({"decided_on_0": "31", "decided_on_1": "2"}, "The date of the decision must be a real date"),
    ],
)
def test_bad_input_is_refused_with_the_error_summary(client, shared, officer, data, message):
    if data.get("day") == "tomorrow":  # worked out as the test runs (a run may go past midnight)
        data = {**data, "day": timezone.localdate() + timedelta(days=1)}
    client.force_login(officer)
    response = client.post(reverse(NEW, args=[shared.pk]), _form(**data))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not CouncilDecision.objects.exists()


def test_a_second_decision_of_the_same_kind_is_refused_while_the_first_is_in_force(client, shared, officer):
    _record(shared, officer)
    client.force_login(officer)
    response = client.post(reverse(NEW, args=[shared.pk]), _form())
    assert "A decision of this kind is already recorded on this journey: correct it or withdraw it" in (
        response.content.decode()
    )
    assert CouncilDecision.objects.count() == 1


def test_a_stale_correction_is_refused_and_changes_nothing(client, shared, officer):
    decision = _record(shared, officer)
    services.council_decision_change(
        decision=decision,
        by=officer,
        version=1,
        decided_on=date(2026, 9, 15),
        reference="",
        decision_maker="Leader",
        notes="",
    )
    client.force_login(officer)
    url = reverse("journeys:council_decision_edit", args=[shared.pk, decision.pk])
    response = client.post(url, {**_date(date(2026, 9, 1)), "decision_maker": "Cabinet", "version": "1"})
    assert response.status_code == 409
    assert "Someone else changed or withdrew this decision" in response.content.decode()
    decision.refresh_from_db()
    assert (decision.decided_on, decision.decision_maker, decision.version) == (date(2026, 9, 15), "Leader", 2)


def test_a_withdrawn_decision_can_be_neither_corrected_nor_withdrawn_again(client, shared, officer):
    decision = _record(shared, officer)
    services.council_decision_withdraw(decision=decision, by=officer, version=1, reason="Recorded in error")
    client.force_login(officer)
    assert client.get(reverse("journeys:council_decision_edit", args=[shared.pk, decision.pk])).status_code == 404
    assert client.get(reverse("journeys:council_decision_withdraw", args=[shared.pk, decision.pk])).status_code == 404


def test_a_withdrawal_needs_a_reason(client, shared, officer):
    decision = _record(shared, officer)
    client.force_login(officer)
    url = reverse("journeys:council_decision_withdraw", args=[shared.pk, decision.pk])
    html = client.post(url, {"reason": "", "version": "1"}).content.decode()
    assert "Enter why the decision is withdrawn" in html
    decision.refresh_from_db()
    assert decision.is_in_force


# The task it satisfies, the timeline, the pack ---------------------------------------------------


def test_a_decision_completes_its_task_and_withdrawing_it_reopens_the_task(shared, officer):
    support = task(shared, "commissioner-support")
    assert not support.evidence.exists()  # the task needs evidence: the council's recorded decision stands for it
    decision = _record(shared, officer)
    support.refresh_from_db()
    assert support.status == Task.Status.COMPLETED
    assert support.updated_by == officer
    assert decision.completed_task == support
    council = shared.group.parent_body.name
    assert shared.events.filter(
        kind=JourneyEvent.Kind.TASK, summary__contains=f"completed (recorded by {council} on 14 September 2026)"
    ).exists()
    assert "Complete the task: Get in-principle support from the commissioner or parent body" not in (
        missing_for_stage(shared, Stage.SUPPORT)
    )

    services.council_decision_withdraw(decision=decision, by=officer, version=1, reason="Rescinded by cabinet")
    support.refresh_from_db()
    assert support.status == Task.Status.IN_PROGRESS
    assert shared.events.filter(kind=JourneyEvent.Kind.TASK, summary__contains="reopened").exists()
    assert "Complete the task: Get in-principle support from the commissioner or parent body" in (
        missing_for_stage(shared, Stage.SUPPORT)
    )


def test_withdrawing_leaves_a_task_the_group_completed_itself(shared, officer, lead):
    pensions = task(shared, "pensions")
    services.task_update(task=pensions, by=lead, status=Task.Status.COMPLETED, notes="LGPS", version=pensions.version)
    decision = _record(shared, officer, kind=CouncilDecision.Kind.ADMISSION_AGREEMENT)
    assert decision.completed_task is None
    services.council_decision_withdraw(decision=decision, by=officer, version=1, reason="Recorded in error")
    pensions.refresh_from_db()
    assert pensions.status == Task.Status.COMPLETED


def test_each_kind_of_decision_satisfies_its_own_task(shared, officer):
    kinds = {
        CouncilDecision.Kind.KEY_DECISION: "public-interest-decision",
        CouncilDecision.Kind.ADMISSION_AGREEMENT: "pensions",
        CouncilDecision.Kind.ASSETS_PREMISES: "assets-premises-it",
    }
    for kind, slug in kinds.items():
        _record(shared, officer, kind=kind, reference="R-1")
        assert task(shared, slug).status == Task.Status.COMPLETED
    assert task(shared, "commissioner-support").status == Task.Status.NOT_STARTED


def test_the_task_page_shows_the_decision_that_satisfies_it(client, shared, officer, lead):
    _record(shared, officer, reference="CAB-7")
    client.force_login(lead)
    support = task(shared, "commissioner-support")
    html = client.get(reverse("journeys:task", args=[shared.pk, support.pk])).content.decode()
    assert "Satisfied by the council" in html and "CAB-7" in html


def test_recording_correcting_and_withdrawing_appear_on_the_timeline(client, shared, officer, lead):
    decision = _record(shared, officer, kind=CouncilDecision.Kind.KEY_DECISION, reference="KD-1")
    services.council_decision_change(
        decision=decision,
        by=officer,
        version=1,
        decided_on=date(2026, 9, 15),
        reference="KD-2",
        decision_maker="Cabinet",
        notes="",
    )
    services.council_decision_withdraw(decision=decision, by=officer, version=2, reason="Called in by scrutiny")
    council = shared.group.parent_body.name
    summaries = list(shared.events.filter(kind=JourneyEvent.Kind.COUNCIL).values_list("summary", "actor"))
    assert summaries == [
        (f"{council} withdrew: Cabinet or key decision, decided on 15 September 2026 (reference KD-2)", officer.pk),
        (f"{council} corrected: Cabinet or key decision, decided on 15 September 2026 (reference KD-2)", officer.pk),
        (f"{council} recorded: Cabinet or key decision, decided on 14 September 2026 (reference KD-1)", officer.pk),
    ]
    client.force_login(lead)
    html = client.get(reverse("journeys:timeline", args=[shared.pk])).content.decode()
    assert "Called in by scrutiny" in html


def test_the_members_are_told_of_a_decision(shared, officer, lead):
    from notifications.models import Notification

    _record(shared, officer)
    told = Notification.objects.get(event_type="journeys.council_decision")
    assert told.recipient == lead


def test_the_pack_lists_the_decisions_in_force(shared, officer):
    _record(shared, officer, kind=CouncilDecision.Kind.KEY_DECISION, reference="KD-2026-014", notes="With conditions")
    withdrawn = _record(shared, officer, kind=CouncilDecision.Kind.ASSETS_PREMISES)
    services.council_decision_withdraw(decision=withdrawn, by=officer, version=1, reason="Recorded in error")
    data = plan_data(shared)
    assert [d["kind"] for d in data["council_decisions"]] == ["Cabinet or key decision"]
    html = pack_html(data, version=1, on=date(2026, 10, 1))
    assert 'id="council-decisions"' in html
    assert "KD-2026-014" in html and "With conditions" in html and "14 September 2026" in html
    assert "Assets and premises agreed" not in html


def test_a_pack_with_no_decisions_says_so(shared):
    html = pack_html(plan_data(shared), version=1, on=date(2026, 10, 1))
    assert "has not recorded any decisions on this spin-out yet" in html


def test_the_change_history_keeps_each_version_and_who_made_it(client, shared, officer, lead):
    decision = _record(shared, officer)
    services.council_decision_change(
        decision=decision,
        by=officer,
        version=1,
        decided_on=date(2026, 9, 14),
        reference="CAB-9",
        decision_maker="Cabinet",
        notes="",
    )
    services.council_decision_withdraw(decision=decision, by=officer, version=2, reason="Recorded in error")
    versions = list(decision.history.order_by("history_date").values_list("history_type", "status", "reference"))
    assert versions == [("+", "recorded", ""), ("~", "recorded", "CAB-9"), ("~", "withdrawn", "CAB-9")]
    assert set(decision.history.values_list("history_user", flat=True)) == {officer.pk}
    client.force_login(lead)
    html = client.get(reverse("journeys:history", args=[shared.pk])).content.decode()
    assert "Council decision" in html and "CAB-9" in html


# Wording for those outside the group --------------------------------------------------------------


def test_an_officer_sees_the_groups_journey_not_your_journey(client, shared, officer):
    client.force_login(officer)
    html = client.get(reverse("journeys:overview", args=[shared.pk])).content.decode()
    name = shared.group.name
    assert f"<title>{name}&#x27;s journey" in html.replace("'", "&#x27;")
    assert "your journey" not in html.lower()
    assert "Before you can move on" not in html
    assert "Before the group can move on" in html
    assert "Record a decision" in html
    assert "Mutuals like yours" not in html


def test_a_member_still_sees_your_journey(client, shared, lead):
    client.force_login(lead)
    html = client.get(reverse("journeys:overview", args=[shared.pk])).content.decode()
    assert "your journey" in html
    assert "Before you can move on" in html
    assert "Record a decision" not in html


def test_an_officer_reads_a_task_needing_evidence_without_being_told_to_mark_it(client, shared, officer, lead):
    ballot = task(shared, "staff-ballot")
    services.evidence_add(task=ballot, by=lead, file=pdf_file())
    client.force_login(officer)
    html = client.get(reverse("journeys:task", args=[shared.pk, ballot.pk])).content.decode()
    assert "before it can be marked as completed" in html
    assert "before you can mark it" not in html


def test_an_officer_reads_the_groups_plan_not_your_plan(client, shared, officer):
    client.force_login(officer)
    html = client.get(reverse("journeys:narrative", args=[shared.pk])).content.decode()
    assert "The words of the group&#x27;s business plan" in html.replace("'", "&#x27;")
    assert "your business plan" not in html


def test_the_service_refuses_a_second_decision_of_a_kind_in_force_on_its_field(shared, officer):
    from django.core.exceptions import ValidationError

    first = _record(shared, officer)
    with pytest.raises(ValidationError) as refused:
        _record(shared, officer)
    assert refused.value.message_dict == {
        "kind": ["A decision of this kind is already recorded on this journey: correct it or withdraw it"]
    }
    # Once the first is withdrawn, the council may record the kind again.
    services.council_decision_withdraw(decision=first, by=officer, version=1, reason="Recorded in error")
    assert _record(shared, officer).is_in_force
