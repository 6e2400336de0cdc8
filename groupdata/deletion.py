"""Deleting a staff group: its personal data goes; its statutory and public-money records stay.

Removed: memberships and invitations; tasks with their notes; evidence and business-plan packs
(rows now, stored files once the transaction commits); every plan section (ballots, legal form,
board, forecast, risks, transfer plan); the timeline except the journey's start, stage changes and
sign-offs; notifications about the group; case studies drafted from the journey and not published.

Kept, as anonymised facts: the group's name, service, parent body, headcount and budget (what the
programme's spend was for); the journey's stage and dates; every stage change and sign-off decision
(dates and stages, with no person and no free text); the Support Programme's allocations and
corrections (amounts, categories, suppliers, dates, the advisers who made them); the referral the
group came from, with its contact replaced by "Former member" and its free text cleared. Right to
Challenge expressions of interest, decisions and notices are not linked to staff groups and are
never touched. Who deleted the group, and when, is kept on the journey's record.
"""

import logging
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from casestudies.models import CaseStudy, StatusChange
from journeys.models import (
    AnnualDuty,
    Ballot,
    BoardSeat,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    FinanceLine,
    FinancialModel,
    Forecast,
    GateRequest,
    Invitation,
    Journey,
    JourneyEvent,
    Membership,
    MutualDesign,
    PlanNarrative,
    RegisteredBody,
    ReservedContractCheck,
    Risk,
    StaffGroup,
    StageChange,
    Task,
    TransferPlan,
)
from mutuals_portal.lib.history import acting
from notifications.models import Notification
from packs.models import BusinessPlanPack
from programme.models import (
    MentoringRequest,
    OutcomeReturn,
    Referral,
    ReferralEvent,
    ScoreModeration,
    SupportAllocation,
    TriageAssessment,
)

logger = logging.getLogger(__name__)

FORMER_MEMBER = "Former member"
# Timeline entries that are facts about the journey, not about people: kept without actor or detail.
KEPT_EVENT_KINDS = (JourneyEvent.Kind.STARTED, JourneyEvent.Kind.STAGE, JourneyEvent.Kind.GATE)


def _stored_files(journey: Journey) -> list[tuple]:
    files = [
        (row.file.storage, row.file.name)
        for row in Evidence.objects.filter(task__journey=journey).only("file")
        if row.file.name
    ]
    files += [
        (row.file.storage, row.file.name)
        for row in BusinessPlanPack.objects.filter(journey=journey).exclude(file="").only("file")
    ]
    return files


def _remove_notifications(journey: Journey, case_study_ids: list[int]) -> int:
    """Notifications (to anyone) about the group, its journey, its packs and its removed case studies."""
    targets = [
        (StaffGroup, [journey.group_id]),
        (Journey, [journey.pk]),
        (BusinessPlanPack, BusinessPlanPack.objects.filter(journey=journey).values_list("pk", flat=True)),
        (GateRequest, GateRequest.objects.filter(journey=journey).values_list("pk", flat=True)),
        (Task, Task.objects.filter(journey=journey).values_list("pk", flat=True)),
        (CaseStudy, case_study_ids),
        (MentoringRequest, MentoringRequest.objects.filter(journey=journey).values_list("pk", flat=True)),
    ]
    about = Q(pk__in=[])
    for model, ids in targets:
        about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids])
    deleted, _ = Notification.objects.filter(about).delete()
    return deleted


def _remove_group_work(journey: Journey) -> None:
    model_ids = list(FinancialModel.objects.filter(journey=journey).values_list("pk", flat=True))
    BusinessPlanPack.objects.filter(journey=journey).delete()
    # The council's decisions on the journey (the council keeps its own record), and their old versions.
    CouncilDecision.objects.filter(journey=journey).delete()
    CouncilDecision.history.filter(journey_id=journey.pk).delete()
    Evidence.objects.filter(task__journey=journey).delete()
    # Comments (on tasks and plan sections) and their old words go with the group.
    Comment.objects.filter(journey=journey).delete()
    Comment.history.filter(journey_id=journey.pk).delete()
    Task.objects.filter(journey=journey).delete()
    for model in (
        Ballot,
        MutualDesign,
        BoardSeat,
        Forecast,
        FinancialModel,
        Risk,
        TransferPlan,
        PlanNarrative,
        ReservedContractCheck,
        AnnualDuty,
        Contract,
        RegisteredBody,
    ):
        model.objects.filter(journey=journey).delete()
    # Their change history holds the same free text: it goes with them.
    for model in (Ballot, BoardSeat, Risk, AnnualDuty, Contract, RegisteredBody):
        model.history.filter(journey_id=journey.pk).delete()
    FinanceLine.history.filter(model_id__in=model_ids).delete()
    # The group's yearly outcome returns and their old versions (the public figures are aggregates).
    OutcomeReturn.objects.filter(journey=journey).delete()
    OutcomeReturn.history.filter(journey_id=journey.pk).delete()
    # Its mentoring (meetings go with it) and the old versions, which hold the notes.
    MentoringRequest.objects.filter(journey=journey).delete()
    MentoringRequest.history.filter(journey_id=journey.pk).delete()
    Invitation.objects.filter(group_id=journey.group_id).delete()
    Membership.objects.filter(group_id=journey.group_id).delete()


def _anonymise_history(journey: Journey) -> None:
    StageChange.objects.filter(journey=journey).update(changed_by=None, note="")
    # A request nobody decided is not a sign-off: it goes. Decisions stay as dates and stages.
    GateRequest.objects.filter(journey=journey, status=GateRequest.Status.PENDING).delete()
    GateRequest.objects.filter(journey=journey).update(requested_by=None, decided_by=None, note="", comments="")
    events = JourneyEvent.objects.filter(journey=journey)
    events.exclude(kind__in=KEPT_EVENT_KINDS).delete()
    events.update(actor=None, detail="")


def _anonymise_referrals(journey: Journey) -> None:
    referrals = Referral.objects.filter(staff_group_id=journey.group_id)
    TriageAssessment.objects.filter(referral__in=referrals).update(notes="")
    ScoreModeration.objects.filter(assessment__referral__in=referrals).update(reason="")
    ReferralEvent.objects.filter(referral__in=referrals).update(note="")
    # Neither the status nor the arrival time changes, so the pipeline's cached referral figures stand.
    referrals.update(
        contact_name=FORMER_MEMBER,
        contact_email="",
        help_needed="",
        information_requested="",
        decline_reason="",
        updated_at=timezone.now(),
    )


def _case_studies(journey: Journey, member_ids: list[int]) -> list[int]:
    """Drafts from the journey go; a published case study is public and stays, without its contributor."""
    studies = CaseStudy.objects.filter(journey=journey)
    drafts = list(studies.exclude(status=CaseStudy.Status.PUBLISHED).values_list("pk", flat=True))
    CaseStudy.objects.filter(pk__in=drafts).delete()
    studies.update(contributed_by=None)
    StatusChange.objects.filter(case_study__journey=journey, changed_by_id__in=member_ids).update(changed_by=None)
    return drafts


def _forget_change_history(journey: Journey) -> None:
    """The change history keeps every old value (names, notes, contact details): the records kept
    after a deletion start a new history from their anonymised state."""
    referral_ids = list(Referral.objects.filter(staff_group_id=journey.group_id).values_list("pk", flat=True))
    Journey.history.filter(id=journey.pk).delete()
    StaffGroup.history.filter(id=journey.group_id).delete()
    StageChange.history.filter(journey_id=journey.pk).delete()
    PlanNarrative.history.filter(journey_id=journey.pk).delete()  # its rows are gone: their old words go too
    Referral.history.filter(id__in=referral_ids).delete()
    TriageAssessment.history.filter(referral_id__in=referral_ids).delete()
    # Allocations keep theirs: amounts, suppliers and the advisers who committed public money.


@transaction.atomic
def staff_group_delete(*, journey: Journey, by: User) -> StaffGroup:
    """Delete the journey's group (see the module's docstring), in one transaction."""
    journey = Journey.objects.select_for_update().select_related("group").get(pk=journey.pk)
    group = journey.group
    if group.deleted_at is not None:
        raise ValidationError("This group has already been deleted")
    member_ids = list(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    files = _stored_files(journey)
    removed_case_studies = _case_studies(journey, member_ids)
    _remove_notifications(journey, removed_case_studies)
    _remove_group_work(journey)
    _anonymise_history(journey)
    _anonymise_referrals(journey)
    _forget_change_history(journey)

    acting(group, by)
    acting(journey, by)
    group.service_description = ""
    group.deleted_at = timezone.now()
    group.save(update_fields=["service_description", "deleted_at"])
    journey.shared_with_council = False
    if journey.status != Journey.Status.SPUN_OUT:
        journey.status = Journey.Status.STOPPED
    journey.save(update_fields=["shared_with_council", "status"])
    journey.log(by, JourneyEvent.Kind.DATA, "The group was deleted and its personal data removed")
    logger.info("Staff group %s (journey %s) deleted by user %s", group.pk, journey.pk, by.pk)

    # Stored files go only once the deletion is committed: a rollback leaves everything as it was.
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name))
    return group


def deletion_summary(journey: Journey) -> dict:
    """What deleting the group would remove and keep, for the confirmation page (a few queries)."""
    return {
        "members": Membership.objects.filter(group_id=journey.group_id).count(),
        "evidence": Evidence.objects.filter(task__journey=journey).count(),
        "packs": BusinessPlanPack.objects.filter(journey=journey).count(),
        "stage_changes": StageChange.objects.filter(journey=journey).count(),
        "allocations": SupportAllocation.objects.filter(journey=journey).count(),
    }
