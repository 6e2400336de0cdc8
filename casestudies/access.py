"""Who may see and change case studies: the only place these rules live.

- Everyone, signed in or not, sees published case studies.
- Advisers and admins (moderators) see every case study and may edit, publish or return it.
- The person who contributed a case study sees it, and may edit it and send it for review
  while it is a draft.
- Members of a staff group whose journey has reached `spun_out` may contribute its case study
  (who sees the journey itself is decided by journeys.access).
"""

from django.db.models import Q
from django.http import Http404

from .models import CaseStudy

SPUN_OUT_STAGE = "spun_out"


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_adviser or user.is_admin))


def visible_to(user):
    queryset = CaseStudy.objects.all()
    if can_moderate(user):
        return queryset
    if user is not None and user.is_authenticated:
        return queryset.filter(Q(status=CaseStudy.Status.PUBLISHED) | Q(contributed_by=user))
    return queryset.published()


def get_case_study_for_user(user, slug: str) -> CaseStudy:
    """The case study with this slug if the user may see it; 404 otherwise."""
    case_study = visible_to(user).filter(slug=slug).select_related("contributed_by").order_by().first()
    if case_study is None:
        raise Http404("No case study found.")
    return case_study


def can_see(user, case_study: CaseStudy) -> bool:
    """The same rule as visible_to, for one case study already loaded (used by notifications)."""
    return case_study.is_published or can_moderate(user) or is_contributor(user, case_study)


def is_contributor(user, case_study: CaseStudy) -> bool:
    return bool(user and user.is_authenticated and case_study.contributed_by_id == user.pk)


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
