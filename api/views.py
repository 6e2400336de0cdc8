"""The open data API (read-only). Access comes from each app's access.py, through api.queries."""

from django.urls import reverse
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from casestudies.search import library_stamp
from challenges.stamps import register_stamp
from mutuals_portal.lib.http import json_error
from programme import outcomes

from . import filters, queries
from .conditional import ConditionalGetMixin
from .enums import enumerations
from .pagination import CaseStudyPagination, Pagination
from .serializers import (
    ApiIndexSerializer,
    CaseStudyDetailSerializer,
    CaseStudySerializer,
    CouncilEOISerializer,
    DecisionSerializer,
    EnumerationsSerializer,
    ErrorSerializer,
    JourneySerializer,
    OutcomesSerializer,
    ServiceSerializer,
    StageSerializer,
)

PUBLIC = "Open data"
SIGNED_IN = "Signed-in users"


ERROR_DESCRIPTIONS = {
    400: "Bad parameter values: `errors` names each parameter with its messages.",
    401: "The API token sent is unknown, expired or revoked (or not allowed for a role that must use "
    "two-factor authentication until it is created after a checked second factor).",
    403: "Not signed in, or not allowed.",
    404: "Not found (an unknown slug or id, or a page past the last).",
    429: "Too many requests: try again after the number of seconds in the Retry-After header.",
}


def responses(ok, *statuses: int) -> dict:
    """The 200 response and the JSON errors an operation can give (401 for a bad token and 429 are
    possible for all)."""
    found = {200: ok}
    for status in (*statuses, 401, 429):
        found[status] = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
    return found


class RememberObjectMixin:
    """Detail views: load the object once, for the body and for Last-Modified."""

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object


# --- case studies ----------------------------------------------------------------------


@extend_schema(
    tags=[PUBLIC],
    summary="Search the case-study library",
    description="Published case studies, searched, filtered and sorted as on the library page "
    "(/case-studies/), with the facet counts for the whole search.",
    parameters=[filters.CaseStudyFilter],
    responses=responses(CaseStudySerializer(many=True), 400, 404),
)
class CaseStudyList(ConditionalGetMixin, generics.ListAPIView):
    """Open data, the same for everyone (signed in or not)."""

    serializer_class = CaseStudySerializer
    pagination_class = CaseStudyPagination

    def list(self, request, *args, **kwargs):
        query = filters.validated(filters.CaseStudyFilter, request).library_query()
        searched, results = queries.case_study_search(query)
        facets, count = queries.case_study_facets(searched, query, library_version=self._library[1])
        page = self.paginator.paginate_queryset(results, request, view=self, count=count)
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data, facets=facets)

    def get_data_stamp(self):
        self._library = library_stamp()
        return self._library

    def get_last_modified(self):
        return self._library[0]  # when a case study last changed (queries.case_studies_last_modified)


@extend_schema(
    tags=[PUBLIC],
    summary="A published case study",
    description="One published case study, by its slug, with its story, outcomes, lessons and sources.",
    responses=responses(CaseStudyDetailSerializer, 404),
)
class CaseStudyDetail(RememberObjectMixin, ConditionalGetMixin, generics.RetrieveAPIView):
    serializer_class = CaseStudyDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return queries.published_case_studies()

    def get_last_modified(self):
        return self.get_object().updated_at

    def get_data_stamp(self):
        return library_stamp()


# --- Right to Challenge ----------------------------------------------------------------


@extend_schema(
    tags=[PUBLIC],
    summary="Right to Challenge decisions (the public register)",
    description="Published decisions on expressions of interest, newest first; a corrected decision "
    "is replaced by its correction. Each says how the expression of interest was sent (online, by email or by "
    "post), how many times the council asked for more information, and, after an acceptance, what the "
    "procurement led to (procedure under the Procurement Act 2023, Find a Tender notice, award).",
    parameters=[filters.DecisionFilter],
    responses=responses(DecisionSerializer(many=True), 400, 404),
)
class DecisionList(ConditionalGetMixin, generics.ListAPIView):
    serializer_class = DecisionSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return queries.register_decisions(**filters.validated(filters.DecisionFilter, self.request).validated_data)

    def get_last_modified(self):
        return queries.register_last_modified()

    def get_data_stamp(self):
        return register_stamp()


@extend_schema(
    tags=[PUBLIC],
    summary="Services open to challenge",
    description="Services councils have published as open to the Community Right to Challenge, with their "
    "submission windows, whether the council treats a service as excluded (with its Schedule 2 basis), the "
    "council's published intention to consider provision by a staff mutual (the basis of ground R8), and the "
    "minimum and maximum periods from acceptance to procurement (the service's own, or the council's default).",
    parameters=[filters.ServiceFilter],
    responses=responses(ServiceSerializer(many=True), 400, 404),
)
class ServiceList(ConditionalGetMixin, generics.ListAPIView):
    serializer_class = ServiceSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return queries.open_services(**filters.validated(filters.ServiceFilter, self.request).validated_data)


# --- catalogue and enumerations ------------------------------------------------------------


@extend_schema(
    tags=[PUBLIC],
    summary="The stage catalogue",
    description="The six stages of a journey to a public service mutual, in order, each with its tasks.",
    responses=responses(StageSerializer(many=True)),
)
class StageList(ConditionalGetMixin, generics.ListAPIView):
    serializer_class = StageSerializer
    pagination_class = None

    def get_queryset(self):
        return queries.stage_catalogue()


@extend_schema(
    tags=[PUBLIC],
    summary="Enumerations",
    description="Codes and labels used across the portal: legal forms, ownership models, service areas, "
    "regions, the statutory Right to Challenge rejection grounds (SI 2012/1647) in full, relevant-body "
    "types, decision outcomes and journey stages.",
    responses=responses(EnumerationsSerializer),
)
class EnumerationList(ConditionalGetMixin, generics.GenericAPIView):
    serializer_class = EnumerationsSerializer

    def get(self, request, *args, **kwargs):
        return Response(enumerations())


@extend_schema(
    tags=[PUBLIC],
    summary="Outcomes of supported mutuals",
    description="What the mutuals supported by the Mutuals Support Programme reported after spin-out, per "
    "financial year (1 April to 31 March), newest first: the number of returns, total staff, median turnover, "
    "mean sickness absence, mean staff turnover and the contracts won and lost. A year with fewer than "
    "`min_returns` returns has its figures withheld (`shown` false, figures null), so that no mutual can be "
    "identified. As on the page /outcomes/.",
    responses=responses(OutcomesSerializer),
)
class OutcomeList(ConditionalGetMixin, generics.GenericAPIView):
    serializer_class = OutcomesSerializer

    def get(self, request, *args, **kwargs):
        threshold = outcomes.min_returns()
        data = {
            "min_returns": threshold,
            "note": f"Fewer than {threshold} returns: not shown, so that no mutual can be identified.",
            "years": outcomes.figures_by_year(),
        }
        return Response(self.get_serializer(data).data)


# --- signed-in users ----------------------------------------------------------------------------


@extend_schema(
    tags=[SIGNED_IN],
    summary="Your journeys",
    description="The journeys you may see on the portal (your staff group's; for advisers, supported "
    "journeys; for officers, journeys shared with your council), with the progress of the current stage.",
    responses=responses(JourneySerializer(many=True), 400, 403, 404),
)
class JourneyList(ConditionalGetMixin, generics.ListAPIView):
    serializer_class = JourneySerializer
    pagination_class = Pagination
    permission_classes = [IsAuthenticated]
    cache_private = True

    def get_queryset(self):
        return queries.journeys_for(self.request.user)


@extend_schema(
    tags=[SIGNED_IN],
    summary="One of your journeys, with its tasks",
    description="A journey you may see (as in the list), by its id; any other id is a 404.",
    responses=responses(JourneySerializer, 403, 404),
)
class JourneyDetail(RememberObjectMixin, ConditionalGetMixin, generics.RetrieveAPIView):
    serializer_class = JourneySerializer
    permission_classes = [IsAuthenticated]
    cache_private = True

    def get_queryset(self):
        return queries.journeys_for(self.request.user)


@extend_schema(
    tags=[SIGNED_IN],
    summary="Your council's expressions of interest (officers)",
    description="Submitted expressions of interest for your council's services, newest first. "
    "Only council officers may use this; each sees their own council's only.",
    responses=responses(CouncilEOISerializer(many=True), 400, 403, 404),
)
class CouncilEOIList(ConditionalGetMixin, generics.ListAPIView):
    serializer_class = CouncilEOISerializer
    pagination_class = Pagination
    permission_classes = [IsAuthenticated]
    cache_private = True

    def get_queryset(self):
        return queries.council_eois(self.request.user)


@extend_schema(
    tags=[SIGNED_IN],
    summary="One of your council's expressions of interest (officers)",
    description="An expression of interest for one of your council's services, by its id; any other id is a 404.",
    responses=responses(CouncilEOISerializer, 403, 404),
)
class CouncilEOIDetail(RememberObjectMixin, ConditionalGetMixin, generics.RetrieveAPIView):
    serializer_class = CouncilEOISerializer
    permission_classes = [IsAuthenticated]
    cache_private = True

    def get_queryset(self):
        return queries.council_eois(self.request.user)


# --- index and fallbacks ------------------------------------------------------------------


ENDPOINTS = {
    "case_studies": "api-case-study-list",
    "decisions": "api-decision-list",
    "services": "api-service-list",
    "stages": "api-stage-list",
    "enumerations": "api-enumerations",
    "outcomes": "api-outcome-list",
    "journeys": "api-journey-list",
    "council_eois": "api-council-eoi-list",
}


@extend_schema(tags=[PUBLIC], summary="API index", responses=responses(ApiIndexSerializer))
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, version):
    return Response(
        {
            "version": version,
            "documentation": request.build_absolute_uri(reverse("api-docs")),
            "schema": request.build_absolute_uri(reverse("api-schema")),
            "endpoints": {
                key: request.build_absolute_uri(reverse(name, kwargs={"version": version}))
                for key, name in ENDPOINTS.items()
            },
        }
    )


def not_found(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 (Django's debug page is HTML, even with DEBUG on)."""
    return json_error(404, "Not found.")


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI without deep links (a link inside the operation's button, which screen readers
    cannot use: axe's nested-interactive) and without syntax colours (too little contrast)."""

    template_name = "api/docs.html"
    url_name = "api-schema"

    def _dump(self, data):
        if data is spectacular_settings.SWAGGER_UI_SETTINGS:
            data = {**data, "deepLinking": False, "syntaxHighlight": False}
        return super()._dump(data)
