"""Read-only queries other pages (and other apps) use to show case studies."""

from django.db.models import Case, Q, Value, When

from .models import CaseStudy


def related_for(service_area: str | None, legal_form: str | None = None, limit: int = 3, *, exclude_pk=None):
    """Up to `limit` published case studies sharing the service area or legal form.

    Those sharing both come first, then the same service area, then the same legal form.
    For the journey overview: `related_for(group.service_area, plan.legal_form)`.
    """
    condition = Q()
    if service_area:
        condition |= Q(service_area=service_area)
    if legal_form:
        condition |= Q(legal_form=legal_form)
    if not condition:
        return CaseStudy.objects.none()
    queryset = CaseStudy.objects.published().filter(condition)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    score = Value(0)
    if service_area:
        score = score + Case(When(service_area=service_area, then=Value(2)), default=Value(0))
    if legal_form:
        score = score + Case(When(legal_form=legal_form, then=Value(1)), default=Value(0))
    return list(
        queryset.annotate(closeness=score)
        .order_by("-closeness", "name")
        .only("name", "slug", "summary", "service_area", "legal_form", "year_spun_out")[:limit]
    )


def related_to(case_study: CaseStudy, limit: int = 3):
    return related_for(case_study.service_area, case_study.legal_form, limit, exclude_pk=case_study.pk)
