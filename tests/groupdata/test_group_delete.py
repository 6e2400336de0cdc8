"""Deleting a staff group: personal data goes, statutory and public-money records stay."""

import json

import pytest
from django.core import serializers
from django.urls import reverse

from casestudies.models import CaseStudy
from challenges.models import Decision, DecisionNotice, ExpressionOfInterest
from groupdata import deletion
from groupdata.deletion import FORMER_MEMBER, staff_group_delete
from journeys.models import (
    Ballot,
    BoardSeat,
    Evidence,
    FinanceLine,
    FinancialModel,
    Forecast,
    ForecastLine,
    GateRequest,
    Invitation,
    Journey,
    JourneyEvent,
    Membership,
    MutualDesign,
    Risk,
    StaffGroup,
    StageChange,
    Task,
    TransferPlan,
)
from notifications.models import Notification
from packs.models import BusinessPlanPack, PackEvent
from programme.models import Referral, ReferralEvent, ScoreModeration, SupportAllocation, TriageAssessment
from tests.factories import UserFactory
from tests.groupdata.group_data import fill_group

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def delete_through_the_page(client, user, journey, name, capture):
    with capture(execute=True):
        return sign_in(client, user).post(reverse("groupdata:group_delete", args=[journey.pk]), {"name": name})


def files_of(filled):
    return [(e.file.storage, e.file.name) for e in filled.evidence] + [
        (filled.pack.file.storage, filled.pack.file.name)
    ]


def kept_records_text(journey) -> str:
    """Everything kept about the group, serialised, to search for personal data."""
    objects = [
        journey.group,
        journey,
        *StageChange.objects.filter(journey=journey),
        *GateRequest.objects.filter(journey=journey),
        *JourneyEvent.objects.filter(journey=journey).exclude(kind=JourneyEvent.Kind.DATA),
        *Referral.objects.filter(staff_group=journey.group),
        *ReferralEvent.objects.filter(referral__staff_group=journey.group),
        *TriageAssessment.objects.filter(referral__staff_group=journey.group),
        *ScoreModeration.objects.filter(assessment__referral__staff_group=journey.group),
        *SupportAllocation.objects.filter(journey=journey),
    ]
    return serializers.serialize("json", objects)


def test_a_lead_deletes_the_group_after_typing_its_name(client, filled, django_capture_on_commit_callbacks):
    response = delete_through_the_page(
        client, filled.lead, filled.journey, "  alpha   GROUP ", django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("journeys:list")
    group = StaffGroup.objects.get(pk=filled.journey.group_id)
    assert group.is_deleted
    page = client.get(reverse("journeys:list")).content.decode()
    assert "Alpha group has been deleted" in page
    assert reverse("journeys:overview", args=[filled.journey.pk]) not in page


def test_the_wrong_name_shows_an_error_and_deletes_nothing(client, filled, django_capture_on_commit_callbacks):
    response = delete_through_the_page(client, filled.lead, filled.journey, "Alpha", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The name you typed does not match the name of the group" in page
    assert page.count("<title>Error: ") == 1
    assert not StaffGroup.objects.get(pk=filled.journey.group_id).is_deleted
    assert Membership.objects.filter(group=filled.journey.group).count() == 2


def test_the_confirmation_page_warns_what_goes_and_what_stays(client, filled):
    page = sign_in(client, filled.lead).get(reverse("groupdata:group_delete", args=[filled.journey.pk])).content
    page = page.decode()
    assert "govuk-warning-text" in page
    assert "You cannot undo this" in page
    assert "the group&#x27;s 2 members" in page or "the group's 2 members" in page
    assert "2 evidence files" in page
    assert "the 1 allocation of support" in page
    assert 'name="name"' in page


def test_personal_data_is_removed(client, filled, django_capture_on_commit_callbacks):
    journey, group = filled.journey, filled.journey.group
    files = files_of(filled)
    assert all(storage.exists(name) for storage, name in files)
    other = fill_group(tag="Bravo")
    unrelated = Notification.objects.create(recipient=filled.member, event_type="journeys.stage_changed", message="x")

    delete_through_the_page(client, filled.lead, journey, "Alpha group", django_capture_on_commit_callbacks)

    assert not Membership.objects.filter(group=group).exists()
    assert not Invitation.objects.filter(group=group).exists()
    for model in (Task, Ballot, MutualDesign, BoardSeat, Forecast, FinancialModel, Risk, TransferPlan):
        assert not model.objects.filter(journey=journey).exists(), model
    assert not ForecastLine.objects.filter(forecast__journey=journey).exists()
    assert not FinanceLine.objects.filter(model__journey=journey).exists()
    assert not Evidence.objects.filter(task__journey=journey).exists()
    assert not BusinessPlanPack.objects.filter(journey=journey).exists()
    assert not PackEvent.objects.filter(pack__journey=journey).exists()
    assert not any(storage.exists(name) for storage, name in files)
    assert not Notification.objects.filter(message__startswith="Alpha").exists()
    assert Notification.objects.filter(pk=unrelated.pk).exists()
    group.refresh_from_db()
    assert group.service_description == ""

    kept = kept_records_text(journey)
    for personal in ("Alpha Lead", "alpha-lead@", "Alpha Member", "alpha-member@", "Alpha Contact", "invitee"):
        assert personal not in kept
    notes = ("stage note", "gate note", "adviser comments", "help needed", "internal triage notes", "pending")
    for note in (*notes, "moderation reason"):
        assert f"Alpha {note}" not in kept
    referral = Referral.objects.get(pk=filled.referral.pk)
    assert (referral.contact_name, referral.contact_email, referral.help_needed) == (FORMER_MEMBER, "", "")
    # The people stay people: their accounts are theirs, and the other group is untouched.
    assert filled.member.__class__.objects.filter(pk__in=[filled.lead.pk, filled.member.pk]).count() == 2
    assert Membership.objects.filter(group=other.journey.group).count() == 2
    assert all(e.file.storage.exists(e.file.name) for e in other.evidence)


def test_statutory_and_public_money_records_are_kept(client, world, django_capture_on_commit_callbacks):
    journey = world.objects["journey_a"]
    filled = fill_group(tag="Alpha", journey=journey, lead=world.user("staff"))
    changes = list(StageChange.objects.filter(journey=journey).values_list("from_stage", "to_stage", "changed_at"))
    decided = list(
        GateRequest.objects.filter(journey=journey)
        .exclude(status=GateRequest.Status.PENDING)
        .values_list("from_stage", "to_stage", "status", "requested_at", "decided_at")
    )
    allocations = list(SupportAllocation.objects.filter(journey=journey).values())
    assert len(allocations) == 2  # the world's and the filled group's
    statutory = [
        json.dumps(list(model.objects.order_by("pk").values()), default=str)
        for model in (ExpressionOfInterest, Decision, DecisionNotice)
    ]
    notice = DecisionNotice.objects.get()

    delete_through_the_page(client, world.user("staff"), journey, "Group A", django_capture_on_commit_callbacks)

    assert (
        list(StageChange.objects.filter(journey=journey).values_list("from_stage", "to_stage", "changed_at")) == changes
    )
    assert not StageChange.objects.filter(journey=journey).exclude(changed_by=None, note="").exists()
    assert (
        list(
            GateRequest.objects.filter(journey=journey).values_list(
                "from_stage", "to_stage", "status", "requested_at", "decided_at"
            )
        )
        == decided
    )
    assert list(SupportAllocation.objects.filter(journey=journey).values()) == allocations
    assert statutory == [
        json.dumps(list(model.objects.order_by("pk").values()), default=str)
        for model in (ExpressionOfInterest, Decision, DecisionNotice)
    ]
    assert notice.file.storage.exists(notice.file.name)
    referral = Referral.objects.get(pk=filled.referral.pk)
    assert (referral.reference, referral.status) == (filled.referral.reference, Referral.Status.ACCEPTED)
    assert TriageAssessment.objects.get(referral=referral).score == filled.referral.assessment.score
    kinds = set(JourneyEvent.objects.filter(journey=journey).values_list("kind", flat=True))
    assert kinds == {JourneyEvent.Kind.STARTED, JourneyEvent.Kind.STAGE, JourneyEvent.Kind.DATA}


def test_the_deletion_is_logged_with_who_and_when(client, filled, django_capture_on_commit_callbacks):
    delete_through_the_page(client, filled.lead, filled.journey, "Alpha group", django_capture_on_commit_callbacks)
    event = JourneyEvent.objects.get(journey=filled.journey, kind=JourneyEvent.Kind.DATA)
    assert event.actor == filled.lead
    assert event.summary == "The group was deleted and its personal data removed"
    group = StaffGroup.objects.get(pk=filled.journey.group_id)
    assert abs((group.deleted_at - event.created_at).total_seconds()) < 5


def test_a_member_who_is_not_a_lead_cannot_delete(client, filled, django_capture_on_commit_callbacks):
    url = reverse("groupdata:group_delete", args=[filled.journey.pk])
    assert sign_in(client, filled.member).get(url).status_code == 403
    response = delete_through_the_page(
        client, filled.member, filled.journey, "Alpha group", django_capture_on_commit_callbacks
    )
    assert response.status_code == 403
    assert not StaffGroup.objects.get(pk=filled.journey.group_id).is_deleted
    assert Membership.objects.filter(group=filled.journey.group).count() == 2


def test_the_groups_adviser_and_other_groups_leads_get_404(client, filled, django_capture_on_commit_callbacks):
    other = fill_group(tag="Bravo")
    for user in (filled.adviser, other.lead):
        response = delete_through_the_page(
            client, user, filled.journey, "Alpha group", django_capture_on_commit_callbacks
        )
        assert response.status_code == 404
    assert not StaffGroup.objects.get(pk=filled.journey.group_id).is_deleted


def test_an_administrator_can_delete_a_group_they_are_not_in(client, filled, django_capture_on_commit_callbacks):
    admin = UserFactory(role="admin", is_superuser=True, is_staff=True)
    change_page = sign_in(client, admin).get(
        reverse("admin:journeys_staffgroup_change", args=[filled.journey.group_id])
    )
    assert reverse("groupdata:group_delete", args=[filled.journey.pk]) in change_page.content.decode()
    response = delete_through_the_page(client, admin, filled.journey, "Alpha group", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert StaffGroup.objects.get(pk=filled.journey.group_id).is_deleted
    assert JourneyEvent.objects.get(journey=filled.journey, kind=JourneyEvent.Kind.DATA).actor == admin


def test_the_admin_cannot_hard_delete_a_group(client, filled):
    admin = UserFactory(role="admin", is_superuser=True, is_staff=True)
    url = reverse("admin:journeys_staffgroup_delete", args=[filled.journey.group_id])
    assert sign_in(client, admin).post(url, {"post": "yes"}).status_code == 403
    assert StaffGroup.objects.filter(pk=filled.journey.group_id).exists()


def test_a_failure_half_way_leaves_everything_as_it_was(filled, monkeypatch, django_capture_on_commit_callbacks):
    files = files_of(filled)
    notifications = Notification.objects.filter(message__startswith="Alpha").count()
    assert notifications >= 2

    def broken(journey):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(deletion, "_anonymise_referrals", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        staff_group_delete(journey=filled.journey, by=filled.lead)
    assert callbacks == []
    assert not StaffGroup.objects.get(pk=filled.journey.group_id).is_deleted
    assert Membership.objects.filter(group=filled.journey.group).count() == 2
    assert Evidence.objects.filter(task__journey=filled.journey).count() == 2
    assert StageChange.objects.filter(journey=filled.journey).exclude(note="").exists()
    assert Notification.objects.filter(message__startswith="Alpha").count() == notifications
    assert all(storage.exists(name) for storage, name in files)


def test_stored_files_go_only_after_the_commit(filled, django_capture_on_commit_callbacks):
    files = files_of(filled)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_group_delete(journey=filled.journey, by=filled.lead)
    assert all(storage.exists(name) for storage, name in files)
    assert len(callbacks) == len(files)
    for callback in callbacks:
        callback()
    assert not any(storage.exists(name) for storage, name in files)


def test_a_deleted_group_is_seen_by_nobody_and_gets_no_more_money(client, filled, django_capture_on_commit_callbacks):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from programme import services as referral_services

    delete_through_the_page(client, filled.lead, filled.journey, "Alpha group", django_capture_on_commit_callbacks)
    for user in (filled.lead, filled.member, filled.adviser):
        assert sign_in(client, user).get(reverse("journeys:overview", args=[filled.journey.pk])).status_code == 404
    adviser = sign_in(client, filled.adviser)
    assert adviser.get(reverse("referrals:allocate", args=[filled.journey.pk])).status_code == 404
    allocations = adviser.get(reverse("referrals:allocations")).content.decode()
    assert "£1,000.00" in allocations  # the spend stays on the programme's books
    with pytest.raises(ValidationError):
        referral_services.allocation_create(
            programme=filled.allocation.programme,
            journey=filled.journey,
            category="legal",
            supplier="Law firm",
            amount=Decimal("10"),
            by=filled.adviser,
        )


def test_a_case_study_drafted_from_the_journey_goes(filled):
    draft = filled.case_study  # in review: not yet public
    staff_group_delete(journey=filled.journey, by=filled.lead)
    assert not CaseStudy.objects.filter(pk=draft.pk).exists()


def test_a_published_case_study_from_the_journey_stays_without_its_contributor(filled):
    from tests.casestudies.factories import CaseStudyFactory

    CaseStudy.objects.filter(pk=filled.case_study.pk).update(status=CaseStudy.Status.PUBLISHED)
    published = filled.case_study
    elsewhere = CaseStudyFactory(status=CaseStudy.Status.DRAFT, contributed_by=filled.lead)
    staff_group_delete(journey=filled.journey, by=filled.lead)
    published.refresh_from_db()
    assert (published.status, published.contributed_by) == (CaseStudy.Status.PUBLISHED, None)
    assert CaseStudy.objects.get(pk=elsewhere.pk).contributed_by == filled.lead  # not the group's record


def test_an_adviser_cannot_link_a_new_referral_to_a_deleted_group(filled):
    from programme.forms import AcceptForm

    staff_group_delete(journey=filled.journey, by=filled.lead)
    form = AcceptForm(data={"group": filled.journey.group_id}, referral=filled.referral)
    assert not form.is_valid()
    assert "group" in form.errors


def test_the_change_history_forgets_the_old_values_and_records_the_deletion(
    client, filled, django_capture_on_commit_callbacks
):
    journey, group = filled.journey, filled.journey.group
    referral = Referral.objects.get(pk=filled.referral.pk)
    referral.contact_name = "Alpha Contact Changed"
    referral.save()  # a history row holding personal data
    assert Referral.history.filter(id=referral.pk).exists()

    delete_through_the_page(client, filled.lead, journey, "Alpha group", django_capture_on_commit_callbacks)

    histories = [
        *Journey.history.filter(id=journey.pk),
        *StaffGroup.history.filter(id=group.pk),
        *StageChange.history.filter(journey_id=journey.pk),
        *Referral.history.filter(id=referral.pk),
        *TriageAssessment.history.filter(referral_id=referral.pk),
    ]
    text = serializers.serialize("json", histories)
    for personal in ("Alpha Contact", "alpha-contact@", "Alpha stage note", "Alpha help needed"):
        assert personal not in text
    last = StaffGroup.history.filter(id=group.pk).latest("history_date")
    assert last.deleted_at is not None
    assert last.history_user == filled.lead
