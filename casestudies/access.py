"""Who may see and change case studies: the only place these rules live.

- Everyone, signed in or not, sees published case studies.
- Advisers and admins (moderators) see every case study and may edit, publish or return it.
- The person who contributed a case study sees it, and may edit it and send it for review
  while it is a draft. A case study contributed from a journey follows the staff group: its
  contributor keeps it only while they are a member of the group.
- Members of a staff group whose journey has reached `spun_out` may contribute its case study
  (who sees the journey itself is decided by journeys.access).
- The group's leads see its unpublished case study and may take it over (they become its
  contributor), e.g. when the member who wrote it has left.
"""

from django.db.models import Q
from django.http import Http404

from journeys.models import Membership

from .models import CaseStudy

SPUN_OUT_STAGE = "spun_out"


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_adviser or user.is_admin))


def visible_to(user):
    queryset = CaseStudy.objects.all()
    if can_moderate(user):
        return queryset
    if user is not None and user.is_authenticated:
        groups = Membership.objects.filter(user=user).values("group")
        lead_groups = groups.filter(role=Membership.Role.LEAD)
        own = Q(contributed_by=user) & (Q(journey__isnull=True) | Q(journey__group__in=groups))
        return queryset.filter(Q(status=CaseStudy.Status.PUBLISHED) | own | Q(journey__group__in=lead_groups))
    return queryset.published()


def get_case_study_for_user(user, slug: str) -> CaseStudy:
    """The case study with this slug if the user may see it; 404 otherwise."""
    case_study = visible_to(user).filter(slug=slug).select_related("contributed_by").order_by().first()
    if case_study is None:
        raise Http404("No case study found.")
    return case_study


def can_see(user, case_study: CaseStudy) -> bool:
    """The same rule as visible_to, for one case study already loaded (used by notifications)."""
    return (
        case_study.is_published
        or can_moderate(user)
        or is_contributor(user, case_study)
        or is_group_lead(user, case_study)
    )


def notification_targets(user) -> list:
    """For the inbox: notifications about a case study show only while its recipient may see it."""
    return [(CaseStudy, lambda: visible_to(user))]


def _membership(user, case_study: CaseStudy):
    return Membership.objects.filter(user=user, group__journey=case_study.journey_id)


def is_contributor(user, case_study: CaseStudy) -> bool:
    """The person who contributed it; for a journey's case study, only while they are in its group."""
    if not (user and user.is_authenticated and case_study.contributed_by_id == user.pk):
        return False
    return case_study.journey_id is None or _membership(user, case_study).exists()


def is_group_lead(user, case_study: CaseStudy) -> bool:
    """A lead of the staff group whose journey the case study was contributed from."""
    return bool(
        user
        and user.is_authenticated
        and case_study.journey_id is not None
        and _membership(user, case_study).filter(role=Membership.Role.LEAD).exists()
    )


def can_take_over(user, case_study: CaseStudy) -> bool:
    """A lead of the group takes over its unpublished case study from whoever contributed it."""
    return (
        not case_study.is_published
        and case_study.contributed_by_id != getattr(user, "pk", None)
        and is_group_lead(user, case_study)
    )


def can_edit(user, case_study: CaseStudy) -> bool:
    if can_moderate(user):
        return True
    return is_contributor(user, case_study) and case_study.status == CaseStudy.Status.DRAFT


def can_submit_for_review(user, case_study: CaseStudy) -> bool:
    return case_study.status == CaseStudy.Status.DRAFT and (can_moderate(user) or is_contributor(user, case_study))


def can_contribute(user, journey_access) -> bool:
    """A member of a staff group whose journey has reached `spun_out` may write up its story."""
    return journey_access.is_member and journey_access.journey.stage == SPUN_OUT_STAGE


def can_publish(user, case_study: CaseStudy) -> bool:
    return can_moderate(user)


def can_return(user, case_study: CaseStudy) -> bool:
    return can_moderate(user)
