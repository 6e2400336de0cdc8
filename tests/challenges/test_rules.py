"""The statutory rules: windows, due dates, transitions, contents, grounds, conflicts, procurement."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from challenges import services
from challenges.models import (
    BodyType,
    ChallengeSettings,
    Decision,
    DecisionOutcome,
    EOIStatus,
    EOIStatusChange,
    ExpressionOfInterest,
    PublishedDecisionError,
    RejectionGround,
    compute_due_dates,
)
from tests.factories import PublicBodyFactory, UserFactory

from .factories import ConflictFactory, DecisionFactory, EOIFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db


def _decide(eoi, officer, **overrides):
    data = {
        "outcome": DecisionOutcome.REJECTED,
        "grounds": [RejectionGround.R9_FRIVOLOUS],
        "reasons": "Repeats an earlier expression of interest.",
        "wellbeing_considered": True,
        "decision_maker": "Sam Patel, Head of Commissioning",
        "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
    }
    data.update(overrides)
    return services.decision_record(eoi=eoi, by=officer, **data)


# --- windows and due dates ---------------------------------------------------------


def test_a_service_without_windows_accepts_eois_at_any_time(council):
    service = ServiceFactory(council=council)
    assert service.accepts_on(date(2030, 1, 1))


def test_a_service_with_windows_accepts_only_inside_one_inclusive(council):
    service = ServiceFactory(council=council)
    WindowFactory(service=service, opens_on=date(2027, 9, 1), closes_on=date(2027, 10, 31))
    assert service.accepts_on(date(2027, 9, 1))
    assert service.accepts_on(date(2027, 10, 31))
    assert not service.accepts_on(date(2027, 8, 31))
    assert not service.accepts_on(date(2027, 11, 1))


def test_a_window_cannot_close_before_it_opens(council):
    window = WindowFactory.build(
        service=ServiceFactory(council=council), opens_on=date(2027, 9, 1), closes_on=date(2027, 8, 1)
    )
    with pytest.raises(ValidationError) as error:
        window.full_clean()
    assert "closes_on" in error.value.message_dict


def test_due_dates_run_from_receipt_without_a_window():
    ack, decision = compute_due_dates(received_on=date(2027, 3, 1), window=None, decision_period_days=60)
    assert ack == date(2027, 3, 31)
    assert decision == date(2027, 4, 30)


def test_due_dates_run_from_the_close_of_the_window(council):
    window = WindowFactory(
        service=ServiceFactory(council=council), opens_on=date(2027, 9, 1), closes_on=date(2027, 10, 31)
    )
    ack, decision = compute_due_dates(received_on=date(2027, 9, 10), window=window, decision_period_days=90)
    assert ack == date(2027, 11, 30)
    assert decision == date(2028, 1, 29)


def test_submitting_records_the_dates_from_the_councils_period(council):
    ChallengeSettings.objects.create(council=council, decision_period_days=45)
    eoi = EOIFactory(service=ServiceFactory(council=council))
    today = timezone.localdate()
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED
    assert eoi.received_on == today
    assert eoi.acknowledgement_due_on == today + timedelta(days=30)
    assert eoi.decision_due_on == today + timedelta(days=45)


def test_submitting_outside_every_period_is_received_and_flagged_for_the_council(council):
    service = ServiceFactory(council=council)
    WindowFactory(service=service, opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1))
    eoi = EOIFactory(service=service)
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED and eoi.outside_period
    # The 30 days run from receipt: no period covers it.
    assert eoi.acknowledgement_due_on == timezone.localdate() + timedelta(days=30)


def test_an_unpublished_service_still_receives_an_eoi_already_drafted(council):
    service = ServiceFactory(council=council, published=False)
    eoi = EOIFactory(service=service)
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED and not eoi.outside_period


def test_submitting_twice_changes_nothing_the_second_time(council):
    eoi = EOIFactory(service=ServiceFactory(council=council))
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    assert EOIStatusChange.objects.filter(eoi=eoi, to_status=EOIStatus.RECEIVED).count() == 1


def test_a_draft_created_twice_with_the_same_token_is_one_eoi(council):
    service = ServiceFactory(council=council)
    user = UserFactory(role=User.Role.BODY)
    token = uuid.uuid4()
    first = services.eoi_create_draft(service=service, user=user, token=token)
    second = services.eoi_create_draft(service=service, user=user, token=token)
    assert first.pk == second.pk
    assert ExpressionOfInterest.objects.filter(submitted_by=user).count() == 1


# --- statutory contents ------------------------------------------------------------


def test_missing_statutory_content_names_each_item(council):
    eoi = EOIFactory(
        service=ServiceFactory(council=council), financial_resources="", capability=" ", outcomes_users_needs=""
    )
    missing = eoi.missing_statutory_content()
    assert set(missing) == {"financial_resources", "capability", "outcomes_users_needs"}
    with pytest.raises(ValidationError) as error:
        services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    assert set(error.value.message_dict) == set(missing)


def test_staff_engagement_is_required_only_for_two_or_more_employees(council):
    service = ServiceFactory(council=council)
    assert "staff_engagement" not in EOIFactory(service=service, body_type=BodyType.VCB).missing_statutory_content()
    staff = EOIFactory(service=service, body_type=BodyType.STAFF2)
    assert "staff_engagement" in staff.missing_statutory_content()
    staff.staff_engagement = "Monthly open meetings with every affected team."
    assert staff.missing_statutory_content() == {}


# --- transitions -------------------------------------------------------------------


def test_every_transition_is_logged_with_who_and_when(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council))
    services.eoi_submit(eoi_id=eoi.pk, by=eoi.submitted_by)
    eoi.refresh_from_db()
    services.eoi_acknowledge(eoi=eoi, by=officer)
    services.eoi_start_review(eoi=eoi, by=officer)
    log = list(EOIStatusChange.objects.filter(eoi=eoi).values_list("from_status", "to_status", "changed_by"))
    assert log == [
        ("DRAFT", "RECEIVED", eoi.submitted_by.pk),
        ("RECEIVED", "ACKNOWLEDGED", officer.pk),
        ("ACKNOWLEDGED", "UNDER_REVIEW", officer.pk),
    ]


def test_a_transition_outside_the_table_is_refused(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.RECEIVED)
    with pytest.raises(services.TransitionNotAllowed):
        services.eoi_transition(eoi=eoi, to=EOIStatus.ACCEPTED, by=officer)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.RECEIVED
    assert not EOIStatusChange.objects.filter(eoi=eoi).exists()


def test_a_decided_eoi_cannot_be_withdrawn(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.REJECTED)
    with pytest.raises(services.TransitionNotAllowed):
        services.eoi_withdraw(eoi=eoi, by=eoi.submitted_by)


# --- decisions ---------------------------------------------------------------------


def test_a_rejection_needs_at_least_one_ground(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as error:
        _decide(eoi, officer, grounds=[])
    assert "grounds" in error.value.message_dict
    assert not Decision.objects.exists()
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW


def test_a_rejection_needs_reasons(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as error:
        _decide(eoi, officer, reasons="  ")
    assert "reasons" in error.value.message_dict


def test_a_ground_outside_the_statutory_list_is_refused(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        _decide(eoi, officer, grounds=["R11_BECAUSE"])


def test_a_modification_needs_the_bodys_agreement(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as error:
        _decide(
            eoi,
            officer,
            outcome=DecisionOutcome.ACCEPTED_MODIFIED,
            grounds=[],
            modification="Run two branches, not three.",
            modification_agreed=False,
        )
    assert "modification_agreed" in error.value.message_dict
    decision = _decide(
        eoi,
        officer,
        outcome=DecisionOutcome.ACCEPTED_MODIFIED,
        grounds=[],
        modification="Run two branches, not three.",
        modification_agreed=True,
    )
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW  # recorded, not published: the body is not told yet
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACCEPTED_MODIFIED
    assert decision.modification_agreed


def test_deciding_an_acknowledged_eoi_moves_it_through_review(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.ACKNOWLEDGED)
    decision = _decide(eoi, officer)
    changes = list(EOIStatusChange.objects.filter(eoi=eoi).values_list("to_status", "officer_only"))
    assert changes == [(EOIStatus.UNDER_REVIEW, False), (EOIStatus.UNDER_REVIEW, True)]
    services.decision_publish(decision=decision, by=officer)
    changes = list(EOIStatusChange.objects.filter(eoi=eoi).values_list("to_status", "officer_only"))
    assert changes[-1] == (EOIStatus.REJECTED, False)


def test_a_declared_conflict_on_the_eoi_blocks_deciding(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    ConflictFactory(eoi=eoi, officer=officer)
    with pytest.raises(services.ConflictOfInterest):
        _decide(eoi, officer)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW


def test_a_conflict_on_the_body_blocks_its_other_eois_but_not_colleagues(council, officer):
    service = ServiceFactory(council=council)
    first = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    second = EOIFactory(service=service, submitted_by=first.submitted_by, status=EOIStatus.UNDER_REVIEW)
    ConflictFactory(eoi=first, officer=officer, covers_body=True)
    with pytest.raises(services.ConflictOfInterest):
        _decide(second, officer)
    colleague = UserFactory(role=User.Role.OFFICER, public_body=council)
    services.decision_publish(decision=_decide(second, colleague), by=colleague)
    second.refresh_from_db()
    assert second.status == EOIStatus.REJECTED


def test_an_officer_of_another_council_cannot_decide(council):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    stranger = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Elsewhere"))
    with pytest.raises(services.ConflictOfInterest):
        _decide(eoi, stranger)
    assert not Decision.objects.exists()


def test_a_published_decision_cannot_be_edited(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    decision = services.decision_publish(decision=_decide(eoi, officer), by=officer)
    decision.reasons = "Something else"
    with pytest.raises(PublishedDecisionError):
        decision.save()
    decision.refresh_from_db()
    assert decision.reasons == "Repeats an earlier expression of interest."


def test_a_correction_supersedes_a_published_decision_on_the_register(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    original = services.decision_publish(decision=_decide(eoi, officer), by=officer)
    correction = services.decision_correct(
        decision=original,
        by=officer,
        grounds=[RejectionGround.R9_FRIVOLOUS, RejectionGround.R2_INFO_INADEQUATE],
        reasons="Corrected reasons.",
        correction_note="Added ground R2 that was left out.",
    )
    assert list(Decision.objects.on_register()) == [original]  # the correction is not published yet
    services.decision_publish(decision=correction, by=officer)
    assert list(Decision.objects.on_register()) == [correction]
    original.refresh_from_db()
    assert original.reasons == "Repeats an earlier expression of interest."
    assert correction.grounds == ["R2_INFO_INADEQUATE", "R9_FRIVOLOUS"]
    with pytest.raises(ValidationError):
        services.decision_correct(
            decision=original, by=officer, grounds=["R9_FRIVOLOUS"], reasons="x", correction_note="again"
        )


def test_publishing_twice_is_refused_and_keeps_the_first_publication(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    decision = services.decision_publish(decision=_decide(eoi, officer), by=officer)
    first = decision.published_at
    changes = EOIStatusChange.objects.filter(eoi=eoi).count()
    with pytest.raises(services.AlreadyPublished):
        services.decision_publish(decision=decision, by=officer)
    decision.refresh_from_db()
    assert decision.published_at == first
    assert EOIStatusChange.objects.filter(eoi=eoi).count() == changes


def test_grounds_have_their_full_statutory_wording():
    assert RejectionGround.R9_FRIVOLOUS.label == "R9: the expression of interest is frivolous or vexatious"
    assert "integrated NHS service" in RejectionGround.R5_NHS_INTEGRATION.label
    assert len(RejectionGround.values) == 10


# --- procurement -------------------------------------------------------------------


def _accepted(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    decision = _decide(eoi, officer, outcome=DecisionOutcome.ACCEPTED, grounds=[], reasons="")
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    return eoi


def test_procurement_must_start_within_the_councils_period(council, officer):
    ChallengeSettings.objects.create(council=council, procurement_min_days=30, procurement_max_days=120)
    eoi = _accepted(council, officer)
    today = timezone.localdate()
    for starts_on in (today + timedelta(days=29), today + timedelta(days=121)):
        with pytest.raises(ValidationError) as error:
            services.procurement_record(
                eoi=eoi,
                by=officer,
                starts_on=starts_on,
                social_value_considered=True,
                social_value_notes="",
                procedure="OPEN",
            )
        assert "starts_on" in error.value.message_dict
    for starts_on in (today + timedelta(days=30), today + timedelta(days=120)):
        assert services.procurement_bounds(eoi)[0] <= starts_on <= services.procurement_bounds(eoi)[1]
    services.procurement_record(
        eoi=eoi,
        by=officer,
        starts_on=today + timedelta(days=120),
        social_value_considered=True,
        social_value_notes="Local jobs weighted at 10%.",
        procedure="OPEN",
    )
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.PROCUREMENT_STARTED
    assert eoi.procurement.social_value_considered


def test_procurement_without_social_value_needs_an_explanation(council, officer):
    eoi = _accepted(council, officer)
    starts_on = services.procurement_bounds(eoi)[0]
    with pytest.raises(ValidationError) as error:
        services.procurement_record(
            eoi=eoi,
            by=officer,
            starts_on=starts_on,
            social_value_considered=False,
            social_value_notes="",
            procedure="OPEN",
        )
    assert "social_value_notes" in error.value.message_dict


def test_procurement_never_follows_a_rejection(council, officer):
    eoi = EOIFactory(service=ServiceFactory(council=council), status=EOIStatus.UNDER_REVIEW)
    _decide(eoi, officer)
    with pytest.raises(ValidationError):
        services.procurement_bounds(eoi)


def test_the_minimum_period_cannot_exceed_the_maximum(council):
    settings = ChallengeSettings(council=council, procurement_min_days=200, procurement_max_days=100)
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "procurement_max_days" in error.value.message_dict


def test_decision_factory_defaults_are_valid():
    decision = DecisionFactory()
    decision.full_clean()
