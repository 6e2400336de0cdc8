"""Who may see and do what with referrals, the programme budget and the pipeline. The only place for these rules.

- Advisers triage and decide referrals, allocate support and follow the pipeline.
- Anyone may send an enquiry; its contact sees only the confirmation page of their own enquiry
  (remembered in their session, never looked up by number).
- Everyone else: 403 on the adviser pages, 404 on a referral.
- The change history of referrals, assessments and allocations: advisers and admins; 404 for others.
- Outcome returns of a supported journey: its group's members and advisers read them; members who may
  work on the journey (journeys.access) submit and correct them once it has spun out. A council the
  journey is shared with gets 403 (the figures are the programme's evidence, published only in aggregate);
  anyone who may not see the journey, or a journey outside the programme, 404.
- Mentoring: anyone with a staff account may offer to mentor (their own offer only); advisers approve offers
  (and may withdraw an approval: the offer's mentor 403, others 404; or approve again an offer not approved or
  withdrawn: everyone else 404), see open requests and match them. A supported journey's mentoring page: its
  members, its advisers and its matched mentor (the council it is shared with 403; others 404). A lead asks
  for a mentor; a lead, the mentor or an adviser ends the mentoring; the mentor or a member who may work on
  the journey logs meetings; the mentor writes the mentor's note. A matched mentor reads the journey read-only
  through journeys.access (`journeys_mentored_by`, a guest grant): only while matched, looked up in every request.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from journeys.access import JourneyAccess, get_journey_for_user, journeys_visible_to
from journeys.models import Journey, Membership, Stage
from mutuals_portal.lib.history import Source

from .models import (
    MentoringMeeting,
    MentoringRequest,
    MentorOffer,
    OutcomeReturn,
    Programme,
    Referral,
    ReferralEvent,
    ScoreModeration,
    SupportAllocation,
    TriageAssessment,
)

SESSION_KEY = "referrals.submitted"


def is_adviser(user) -> bool:
    return user.is_authenticated and user.is_adviser


def require_adviser(user) -> None:
    if not is_adviser(user):
        raise PermissionDenied


def referrals_visible_to(user):
    if not is_adviser(user):
        return Referral.objects.none()
    return advisers_referrals()


def advisers_referrals():
    """What an adviser sees of the referrals: all of them (referrals_visible_to, for a query compiled once; the
    caller has checked the adviser with require_adviser)."""
    return Referral.objects.for_queue()


def get_referral_for_user(user, pk) -> Referral:
    referral = referrals_visible_to(user).filter(pk=pk).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def may_moderate(user, assessment: TriageAssessment | None) -> bool:
    """A second adviser moderates an assessment's scores: never the adviser who assessed it."""
    return is_adviser(user) and assessment is not None and assessment.assessed_by_id != user.pk


def require_moderator(user, assessment: TriageAssessment | None) -> None:
    if not may_moderate(user, assessment):
        raise PermissionDenied


def supported_journeys_visible_to(user):
    if not is_adviser(user):
        return Journey.objects.none()
    return Journey.objects.live().filter(in_support_programme=True).with_group()


def get_supported_journey_for_user(user, pk) -> Journey:
    """A supported journey for an adviser; a journey's own people may see it but not fund it (403)."""
    if not is_adviser(user) and journeys_visible_to(user).filter(pk=pk).exists():
        raise PermissionDenied
    journey = supported_journeys_visible_to(user).filter(pk=pk).first()
    if journey is None:
        raise Http404("No such supported journey")
    return journey


def get_allocation_for_user(user, pk) -> SupportAllocation:
    if not is_adviser(user):
        raise Http404("No such allocation")
    allocation = (
        SupportAllocation.objects.select_related("journey__group", "programme", "reversal").filter(pk=pk).first()
    )
    if allocation is None:
        raise Http404("No such allocation")
    return allocation


@dataclass(frozen=True)
class OutcomesAccess:
    """What one user may do with one supported journey's outcome returns."""

    journey_access: JourneyAccess

    @property
    def journey(self) -> Journey:
        return self.journey_access.journey

    @property
    def can_submit(self) -> bool:
        journey = self.journey
        return self.journey_access.can_work and journey.stage == Stage.SPUN_OUT and journey.in_support_programme


def get_outcomes_for_user(user, journey_pk) -> OutcomesAccess:
    """A supported journey's returns: its members and advisers read them (the council it is shared with 403)."""
    journey_access = get_journey_for_user(user, journey_pk)
    if not journey_access.journey.in_support_programme:
        raise Http404("No such supported journey")
    if not (journey_access.is_member or journey_access.is_adviser):
        raise PermissionDenied
    return OutcomesAccess(journey_access)


def require_outcome_submitter(outcomes: OutcomesAccess) -> None:
    if not outcomes.can_submit:
        raise PermissionDenied


def submitted_referral(request) -> Referral | None:
    """The enquiry this browser just sent (the contact's only view of it)."""
    pk = request.session.get(SESSION_KEY)
    return Referral.objects.filter(pk=pk).first() if pk else None


def can_see(user, obj) -> bool:
    """For the notification service: advisers see everything in this app; nobody else does."""
    if isinstance(obj, Referral | ReferralEvent | TriageAssessment | ScoreModeration | Programme | SupportAllocation):
        return is_adviser(user)
    if isinstance(obj, OutcomeReturn):
        return may_read_outcomes(user, obj.journey_id)
    if isinstance(obj, MentorOffer):
        return is_adviser(user) or (user.is_authenticated and obj.mentor_id == user.pk)
    if isinstance(obj, MentoringRequest | MentoringMeeting):
        journey_id = obj.journey_id if isinstance(obj, MentoringRequest) else obj.mentoring.journey_id
        return may_read_mentoring(user, journey_id)
    return False


def may_read_outcomes(user, journey_pk) -> bool:
    """get_outcomes_for_user as a yes or no (for notifications)."""
    try:
        get_outcomes_for_user(user, journey_pk)
    except (Http404, PermissionDenied):
        return False
    return True


# Change history: advisers and admins ------------------------------------------------------------


def may_read_history(user) -> bool:
    return user.is_authenticated and (user.is_adviser or user.is_admin)


def get_referral_for_history(user, pk) -> Referral:
    referral = Referral.objects.filter(pk=pk).first() if may_read_history(user) else None
    if referral is None:
        raise Http404("No such referral")
    return referral


def referral_history_sources(referral: Referral) -> list[Source]:
    """The referral's history and its triage assessment's."""
    return [
        Source(Referral.history.filter(id=referral.pk), "Referral", hidden=frozenset({"created_at"})),
        Source(TriageAssessment.history.filter(referral_id=referral.pk), "Assessment", hidden=frozenset({"referral"})),
    ]


def get_allocation_for_history(user, pk) -> SupportAllocation:
    allocation = (
        SupportAllocation.objects.select_related("journey__group").filter(pk=pk).first()
        if may_read_history(user)
        else None
    )
    if allocation is None:
        raise Http404("No such allocation")
    return allocation


def allocation_history_sources(allocation: SupportAllocation) -> list[Source]:
    """The allocation's history and its correction's (allocations are never edited: a correction reverses one)."""
    hidden = frozenset({"created_at", "created_by"})  # the author is the row's "who"
    return [
        Source(SupportAllocation.history.filter(id=allocation.pk), "Allocation", hidden=hidden),
        Source(SupportAllocation.history.filter(reverses_id=allocation.pk), "Correction", hidden=hidden | {"reverses"}),
    ]


# Mentoring ---------------------------------------------------------------------------------------


def journeys_mentored_by(user):
    """The ids of the journeys `user` mentors now (a guest grant for journeys.access: read-only)."""
    return MentoringRequest.objects.matched().filter(offer__mentor_id=user.pk).values("journey_id")


def notification_targets(user) -> list:
    """For the inbox: notifications about a mentoring show only while their recipient may read it (an ended
    mentor's "you are now mentoring" goes with their access)."""
    return [(MentoringRequest, lambda: _mentoring_requests_readable_by(user))]


def _mentoring_requests_readable_by(user):
    if not user.is_authenticated:
        return MentoringRequest.objects.none()
    journeys = journeys_visible_to(user).filter(in_support_programme=True)
    if not user.is_adviser:
        journeys = journeys.filter(
            Q(group__in=Membership.objects.filter(user=user).values("group")) | Q(pk__in=journeys_mentored_by(user))
        )
    return MentoringRequest.objects.filter(journey__in=journeys.values("pk"))


def may_offer_mentoring(user) -> bool:
    """People who led a spin-out work for a mutual: they hold ordinary (staff) accounts."""
    return user.is_authenticated and user.role == user.Role.STAFF


def require_mentor_offerer(user) -> None:
    if not may_offer_mentoring(user):
        raise PermissionDenied


def get_offer_for_adviser(user, pk) -> MentorOffer:
    offer = MentorOffer.objects.select_related("mentor").filter(pk=pk).first() if is_adviser(user) else None
    if offer is None:
        raise Http404("No such mentoring offer")
    return offer


def get_offer_for_withdrawal(user, pk) -> MentorOffer:
    """Advisers, who decide offers, withdraw an approval. The offer's mentor sees their offer but may not
    withdraw its approval (403); anyone else 404."""
    offer = MentorOffer.objects.select_related("mentor").filter(pk=pk).first() if user.is_authenticated else None
    if offer is None or not (is_adviser(user) or offer.mentor_id == user.pk):
        raise Http404("No such mentoring offer")
    if not is_adviser(user):
        raise PermissionDenied
    return offer


def may_withdraw_approval(user, offer: MentorOffer) -> bool:
    """An approval can be withdrawn while it stands, by an adviser."""
    return is_adviser(user) and offer.status == MentorOffer.Status.APPROVED


def may_reapprove(user, offer: MentorOffer) -> bool:
    """An offer that was not approved, or whose approval was withdrawn, can be approved again, by an adviser."""
    return is_adviser(user) and offer.status in MentorOffer.NOT_APPROVED


def get_mentoring_request_for_adviser(user, pk) -> MentoringRequest:
    mentoring = (
        MentoringRequest.objects.select_related("journey__group", "requested_by").filter(pk=pk).first()
        if is_adviser(user)
        else None
    )
    if mentoring is None or not mentoring.journey.in_support_programme or mentoring.journey.group.deleted_at:
        raise Http404("No such request")
    return mentoring


@dataclass(frozen=True)
class MentoringAccess:
    """What one user may do with one supported journey's mentoring."""

    journey_access: JourneyAccess
    current: MentoringRequest | None  # the request waiting for a mentor, or the mentoring running
    user_pk: int | None

    @property
    def journey(self) -> Journey:
        return self.journey_access.journey

    @property
    def is_matched(self) -> bool:
        return self.current is not None and self.current.status == MentoringRequest.Status.MATCHED

    @property
    def is_mentor(self) -> bool:
        """The mentor matched to the running mentoring (not a mentor of an earlier, ended one)."""
        offer = self.current.offer if self.is_matched and self.current is not None else None
        return offer is not None and offer.mentor_id == self.user_pk

    @property
    def can_request(self) -> bool:
        return self.current is None and self.journey_access.is_lead and self.journey.status == Journey.Status.ACTIVE

    @property
    def can_match(self) -> bool:
        return self.journey_access.is_adviser and self.current is not None and not self.is_matched

    @property
    def can_end(self) -> bool:
        return self.current is not None and (
            self.journey_access.is_lead or self.journey_access.is_adviser or self.is_mentor
        )

    @property
    def can_log_meeting(self) -> bool:
        return self.is_matched and (self.is_mentor or self.journey_access.can_work)

    @property
    def can_write_note(self) -> bool:
        return self.is_mentor

    @property
    def can_read_history(self) -> bool:
        return self.journey_access.is_adviser


def get_mentoring_for_user(user, journey_pk) -> MentoringAccess:
    """A supported journey's mentoring: members, advisers and the matched mentor (shared council 403)."""
    journey_access = get_journey_for_user(user, journey_pk)
    if not journey_access.journey.in_support_programme:
        raise Http404("No such supported journey")
    current = (
        MentoringRequest.objects.filter(journey=journey_access.journey, status__in=MentoringRequest.CURRENT)
        .select_related("offer__mentor", "requested_by", "matched_by")
        .first()
    )
    access = MentoringAccess(journey_access, current, user.pk)
    if not (journey_access.is_member or journey_access.is_adviser or access.is_mentor):
        raise PermissionDenied
    return access


def require_mentoring(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def may_read_mentoring(user, journey_pk) -> bool:
    """get_mentoring_for_user as a yes or no (for notifications)."""
    try:
        get_mentoring_for_user(user, journey_pk)
    except (Http404, PermissionDenied):
        return False
    return True


def get_offer_for_history(user, pk) -> MentorOffer:
    offer = MentorOffer.objects.select_related("mentor").filter(pk=pk).first() if may_read_history(user) else None
    if offer is None:
        raise Http404("No such mentoring offer")
    return offer


def offer_history_sources(offer: MentorOffer) -> list[Source]:
    """The offer's history and that of the mentorings matched to it."""
    return [
        Source(MentorOffer.history.filter(id=offer.pk), "Offer", hidden=frozenset({"mentor", "created_at", "version"})),
        Source(MentoringRequest.history.filter(offer_id=offer.pk), "Mentoring", hidden=frozenset({"offer", "version"})),
    ]


def get_journey_for_mentoring_history(user, journey_pk) -> Journey:
    """Advisers of a supported journey and admins read its mentoring's history; others 404."""
    journey = (
        Journey.objects.with_group().filter(pk=journey_pk, in_support_programme=True).first()
        if may_read_history(user)
        else None
    )
    if journey is None:
        raise Http404("No such supported journey")
    return journey


def mentoring_history_sources(journey: Journey) -> list[Source]:
    return [
        Source(
            MentoringRequest.history.filter(journey_id=journey.pk),
            "Mentoring",
            hidden=frozenset({"journey", "version", "requested_at"}),
        ),
    ]
