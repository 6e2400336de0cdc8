"""Read-only queries for the API, built on the apps' own scopes (their access.py) and searches.

Nothing here decides who may see what: each function starts from an access.py scope.
"""

from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone

from casestudies import search
from casestudies.models import CaseStudy
from challenges import access as challenges_access
from challenges.models import Decision, StaffMutualIntention
from journeys import access as journeys_access
from journeys.models import StageDefinition, Task, TaskDefinition

CASE_STUDY_LIST_DEFERRED = ["search_vector", "body", "outcomes", "lessons"]


def case_study_search(query: search.LibraryQuery):
    """(searched, results): the published library searched as on the page, then filtered and sorted."""
    searched = search.apply_search(CaseStudy.objects.published(), query.q)
    results = search.apply_sort(search.apply_filters(searched, query.filters), query)
    return searched, results.defer(*CASE_STUDY_LIST_DEFERRED)


def case_study_facets(searched, query: search.LibraryQuery, library_version=None) -> tuple[list[dict], int]:
    """The page's facet counts, shaped for the API, and the number of matches under every filter
    (read from those counts: search.count_from_facets). `library_version`: if already read."""
    facets = search.facet_counts(searched, query, library_version)
    shaped = [
        {
            "key": facet["key"],
            "label": facet["label"],
            "options": [
                {"value": o["value"], "label": o["label"], "count": o["count"], "selected": o["checked"]}
                for o in facet["options"]
            ],
        }
        for facet in facets
    ]
    return shaped, search.count_from_facets(facets)


def published_case_studies():
    return CaseStudy.objects.published().defer("search_vector").prefetch_related("sources", "facts__source")


def case_studies_last_modified():
    """Any change to any case study (publishing, unpublishing, editing) moves this on."""
    return CaseStudy.objects.aggregate(latest=Max("updated_at"))["latest"]


def register_decisions(*, council=None, outcome=None, year=None):
    """The public register (challenges.access.register_decisions), filtered as on the register page."""
    decisions = challenges_access.register_decisions().annotate(
        info_requests_count=Count("eoi__info_requests", distinct=True)
    )
    if council is not None:
        decisions = decisions.filter(eoi__service__council_id=council)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if year is not None:
        decisions = decisions.filter(published_at__year=year)
    return decisions


def register_last_modified():
    """Published decisions never change (a correction is a new decision), so publishing is the change."""
    return Decision.objects.aggregate(latest=Max("published_at"))["latest"]


def open_services(*, council=None):
    """Services published as open to challenge (challenges.access.public_services), in a stable order."""
    services = (
        challenges_access.public_services()
        .prefetch_related(
            Prefetch(
                "staff_mutual_intentions",
                queryset=StaffMutualIntention.objects.in_force().filter(published_on__lte=timezone.localdate()),
                to_attr="intentions_in_force",
            )
        )
        .order_by("council__name", "name", "pk")
    )
    if council is not None:
        services = services.filter(council_id=council)
    return services


def stage_catalogue():
    tasks = TaskDefinition.objects.order_by("order", "id")
    return StageDefinition.objects.order_by("order").prefetch_related(Prefetch("tasks", queryset=tasks))


def journeys_for(user):
    """The journeys the user may see (journeys.access), with the progress of their current stage."""
    current_required = Q(tasks__definition__required=True, tasks__definition__stage__stage=F("stage"))
    return (
        journeys_access.journeys_visible_to(user)
        .annotate(
            stage_required_tasks=Count("tasks", filter=current_required),
            stage_required_done=Count("tasks", filter=current_required & Q(tasks__status=Task.Status.COMPLETED)),
        )
        .order_by("group__name", "pk")
        .prefetch_related(Prefetch("tasks", queryset=_journey_tasks()))
    )


def _journey_tasks():
    return Task.objects.select_related("definition", "definition__stage").order_by(
        "definition__stage__order", "definition__order", "definition_id"
    )


def council_eois(user):
    """An officer's council's submitted EOIs (challenges.access); 403 for anyone but an officer."""
    challenges_access.require_officer(user)
    return (
        challenges_access.eois_visible_to(user)
        .select_related("procurement")
        .prefetch_related("info_requests")
        .order_by("-received_on", "-pk")
    )
