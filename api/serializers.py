"""What the API publishes. Codes come with their labels; the enumerations endpoint lists every code."""

from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.hashable import make_hashable
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Region
from casestudies.models import LEGAL_FORM_CHOICES, CaseStudy, ContractRoute, Fact, Source, TradingStatus
from challenges.models import (
    ChallengeableService,
    Decision,
    ExpressionOfInterest,
    ProcurementProcedure,
    ProcurementResult,
    RejectionGround,
    Route,
    SubmissionWindow,
    procurement_outcome,
)
from journeys.models import Journey, StageDefinition, Task, TaskDefinition
from mutuals_portal.lib.choices import OwnershipModel


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each bad parameter with its messages.",
    )


# --- case studies ----------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["title", "url", "date_read"]


class FactSerializer(serializers.ModelSerializer):
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    source = SourceSerializer(read_only=True)

    class Meta:
        model = Fact
        fields = ["topic", "topic_label", "statement", "as_at_year", "source"]
        read_only_fields = fields


def optional_code(choices) -> serializers.ChoiceField:
    """A code that may be blank ("" = not known)."""
    return serializers.ChoiceField(choices=[("", "Not known"), *choices], read_only=True)


@lru_cache(maxsize=64)
def _labels(model, field_name: str) -> dict:
    """A model field's choices as a dict of code to label, as get_<field>_display makes it for each call."""
    return dict(make_hashable(model._meta.get_field(field_name).flatchoices))


class LabelField(serializers.CharField):
    """A code's label, as the model's get_<field>_display gives it (`source`: the code's field), from the
    field's choices made into a dict once per process: get_<field>_display makes it again on every call,
    which cost a quarter of a case study's serializing on the list."""

    def __init__(self, source: str, **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, value):
        return str(_labels(self.parent.Meta.model, self.source).get(value, value))


# A slug no case study has, reversed in its place (a slug is the same in an address as it is written).
_SLUG = "slug-stand-in-7305118421"


class CaseStudySerializer(serializers.ModelSerializer):
    _made: tuple[str, str] | None = None
    region = optional_code(Region.choices)
    legal_form = optional_code(LEGAL_FORM_CHOICES)
    ownership_model = optional_code(OwnershipModel.choices)
    trading_status = optional_code(TradingStatus.choices)
    first_contract_route = optional_code(ContractRoute.choices)
    url = serializers.SerializerMethodField(help_text="This case study in the API.")
    web_url = serializers.SerializerMethodField(help_text="This case study's page on the portal.")
    service_area_label = LabelField("service_area")
    region_label = LabelField("region")
    legal_form_label = LabelField("legal_form")
    ownership_model_label = LabelField("ownership_model")

    class Meta:
        model = CaseStudy
        fields = [
            "slug",
            "name",
            "url",
            "web_url",
            "summary",
            "service_area",
            "service_area_label",
            "region",
            "region_label",
            "parent_body",
            "legal_form",
            "legal_form_label",
            "ownership_model",
            "ownership_model_label",
            "year_spun_out",
            "staff_count",
            "staff_count_year",
            "annual_turnover",
            "annual_turnover_year",
            "is_public_service_mutual",
            "trading_status",
            "trading_status_year",
            "first_contract_route",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, case_study) -> str:
        return self._addresses()[0].replace(_SLUG, case_study.slug)

    def get_web_url(self, case_study) -> str:
        return self._addresses()[1].replace(_SLUG, case_study.slug)

    def _addresses(self) -> tuple[str, str]:
        """A case study's two absolute addresses (in the API, on the portal) with a stand-in for its slug:
        reversed once per response, where a page of the list reversed them for each of its rows."""
        if self._made is None:
            request = self.context["request"]
            api = reverse("api-case-study-detail", kwargs={"version": "v1", "slug": _SLUG})
            self._made = (
                request.build_absolute_uri(api),
                request.build_absolute_uri(CaseStudy(slug=_SLUG).get_absolute_url()),
            )
        return self._made


class CaseStudyDetailSerializer(CaseStudySerializer):
    sources = SourceSerializer(many=True, read_only=True)
    facts = FactSerializer(many=True, read_only=True, help_text="Each published fact with its source and as-at year.")

    class Meta(CaseStudySerializer.Meta):
        fields = [
            *CaseStudySerializer.Meta.fields,
            "body",
            "outcomes",
            "lessons",
            "not_a_mutual_reason",
            "where_now",
            "facts",
            "sources",
        ]
        read_only_fields = fields


# --- Right to Challenge ------------------------------------------------------------


class CouncilSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class GroundSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="R1 to R10 (SI 2012/1647, Schedule).")
    label = serializers.CharField(help_text="The ground's full wording.")


class ProcurementOutcomeSerializer(serializers.Serializer):
    """What an accepted challenge led to (null fields are not known or do not apply)."""

    starts_on = serializers.DateField(help_text="The procurement exercise's start date.")
    procedure = serializers.ChoiceField(
        choices=ProcurementProcedure.choices, allow_null=True, help_text="Null when it was not recorded."
    )
    procedure_label = serializers.CharField(allow_null=True)
    reserved_to_public_service_mutuals = serializers.BooleanField(
        help_text="The contract is reserved to public service mutuals (Procurement Act 2023 s.33)."
    )
    direct_award_justification = serializers.CharField(allow_null=True)
    notice_identifier = serializers.CharField(
        allow_null=True, help_text="The Find a Tender notice identifier, like 012345-2026."
    )
    notice_published_on = serializers.DateField(allow_null=True)
    result = serializers.ChoiceField(
        choices=ProcurementResult.choices, allow_null=True, help_text="Null until the outcome is recorded."
    )
    result_notes = serializers.CharField(allow_null=True, help_text="Why no contract was awarded.")
    awarded_on = serializers.DateField(allow_null=True)
    winning_supplier = serializers.CharField(allow_null=True)
    winner_is_challenger = serializers.BooleanField(
        allow_null=True, help_text="The body that made the expression of interest won the contract."
    )
    contract_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Total contract value in pounds."
    )
    contract_starts_on = serializers.DateField(allow_null=True)
    contract_ends_on = serializers.DateField(allow_null=True)
    term_months = serializers.IntegerField(allow_null=True)


class DecisionPeriodSerializer(serializers.Serializer):
    """An acceptance's procurement periods, frozen at the decision, and the start dates they give."""

    min_days = serializers.IntegerField(help_text="At least this many days after accepting.")
    max_days = serializers.IntegerField(help_text="At most this many days after accepting.")
    starts_from = serializers.DateField(help_text="The first day the procurement exercise may start.")
    starts_by = serializers.DateField(help_text="The last day by which it must start.")


class DecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="eoi.reference", help_text="The expression of interest's reference.")
    council = CouncilSerializer(source="eoi.service.council")
    service = serializers.CharField(source="eoi.service.name")
    body_name = serializers.CharField(source="eoi.body_name")
    body_type = serializers.CharField(source="eoi.body_type")
    body_type_label = serializers.CharField(source="eoi.get_body_type_display")
    outcome_label = serializers.CharField(source="result_label")
    grounds = serializers.SerializerMethodField()
    received_on = serializers.DateField(source="eoi.received_on", allow_null=True)
    decided_on = serializers.SerializerMethodField()
    corrects_earlier_decision = serializers.SerializerMethodField()
    procurement = serializers.SerializerMethodField(
        help_text="What an accepted challenge led to; null before a procurement exercise is recorded."
    )
    procurement_period = serializers.SerializerMethodField(
        help_text="For an acceptance: the council's procurement periods as they stood at the decision, and the "
        "dates they give for starting the procurement exercise; null for a rejection."
    )
    route = serializers.ChoiceField(
        source="eoi.route", choices=Route.choices, help_text="How the expression of interest was sent (s.81(1)(b))."
    )
    info_requests_count = serializers.SerializerMethodField(
        help_text="How many times the council asked the body for more information before deciding."
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "council",
            "service",
            "body_name",
            "body_type",
            "body_type_label",
            "outcome",
            "outcome_label",
            "grounds",
            "reasons",
            "modification",
            "received_on",
            "decided_on",
            "published_at",
            "corrects_earlier_decision",
            "route",
            "info_requests_count",
            "procurement_period",
            "procurement",
        ]
        read_only_fields = fields

    @extend_schema_field(DecisionPeriodSerializer(allow_null=True))
    def get_procurement_period(self, decision):
        period = decision.procurement_period()
        return None if period is None else DecisionPeriodSerializer(period).data

    def get_info_requests_count(self, decision) -> int:
        counted = getattr(decision, "info_requests_count", None)
        return decision.eoi.info_requests.count() if counted is None else counted

    @extend_schema_field(ProcurementOutcomeSerializer(allow_null=True))
    def get_procurement(self, decision):
        outcome = procurement_outcome(decision.eoi)
        return None if outcome is None else ProcurementOutcomeSerializer(outcome).data

    @extend_schema_field(GroundSerializer(many=True))
    def get_grounds(self, decision):
        grounds = [RejectionGround(code) for code in decision.grounds]
        return [{"code": ground.short, "label": ground.label} for ground in grounds]

    def get_decided_on(self, decision) -> OpenApiTypes.DATE:
        return timezone.localdate(decision.decided_at)

    def get_corrects_earlier_decision(self, decision) -> bool:
        return decision.supersedes_id is not None


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubmissionWindow
        fields = ["opens_on", "closes_on"]
        read_only_fields = fields


class IntentionSerializer(serializers.Serializer):
    """The council's published intention to consider provision by a staff mutual (the basis of ground R8)."""

    statement = serializers.CharField()
    proposed_body = serializers.CharField()
    published_on = serializers.DateField()
    where_published = serializers.CharField()


class ProcurementPeriodsSerializer(serializers.Serializer):
    """Days from accepting an expression of interest to the start of the procurement exercise."""

    min_days = serializers.IntegerField(help_text="The minimum period in days.")
    max_days = serializers.IntegerField(help_text="The maximum period in days.")
    min_days_set_for_service = serializers.BooleanField(
        help_text="The minimum is set for this service (false: the council's default for its services)."
    )
    max_days_set_for_service = serializers.BooleanField(
        help_text="The maximum is set for this service (false: the council's default for its services)."
    )


class ServiceSerializer(serializers.ModelSerializer):
    council = CouncilSerializer()
    excluded = serializers.BooleanField(
        help_text="Excluded from the Right to Challenge (Localism Act 2011 s.81(5), SI 2012/1313 Schedule 2)."
    )
    exclusion_basis = serializers.SerializerMethodField(
        help_text="The paragraph of Schedule 2 and why it applies; null when the service is not excluded."
    )
    staff_mutual_intention = serializers.SerializerMethodField(
        help_text="The council's published intention to consider provision by a staff mutual (ground R8), if any."
    )
    windows = serializers.SerializerMethodField(help_text="Submission windows; with none, EOIs are taken any time.")
    accepting_now = serializers.SerializerMethodField(help_text="Expressions of interest may be submitted today.")
    procurement_periods = serializers.SerializerMethodField(
        help_text="The periods that apply to an accepted expression of interest in this service (each decision "
        "keeps the periods as they stood when it was made)."
    )

    class Meta:
        model = ChallengeableService
        fields = [
            "id",
            "name",
            "council",
            "description",
            "current_provider",
            "annual_value",
            "contract_end",
            "windows",
            "accepting_now",
            "excluded",
            "exclusion_basis",
            "staff_mutual_intention",
            "procurement_periods",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ProcurementPeriodsSerializer)
    def get_procurement_periods(self, service):
        periods = service.procurement_periods()
        return ProcurementPeriodsSerializer(
            {
                "min_days": periods.min_days,
                "max_days": periods.max_days,
                "min_days_set_for_service": periods.min_set_for_service,
                "max_days_set_for_service": periods.max_set_for_service,
            }
        ).data

    @extend_schema_field(WindowSerializer(many=True))
    def get_windows(self, service):
        return WindowSerializer(service.sorted_windows(), many=True).data

    def get_accepting_now(self, service) -> bool:
        return service.accepts_on(timezone.localdate())

    def get_exclusion_basis(self, service) -> str | None:
        return service.exclusion_basis if service.excluded else None

    @extend_schema_field(IntentionSerializer(allow_null=True))
    def get_staff_mutual_intention(self, service):
        intentions = getattr(service, "intentions_in_force", None)
        if intentions is None:
            intentions = list(service.staff_mutual_intentions.in_force().filter(published_on__lte=timezone.localdate()))
        return IntentionSerializer(intentions[0]).data if intentions else None


class InfoRequestSummarySerializer(serializers.Serializer):
    asked_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class CouncilEOISerializer(serializers.ModelSerializer):
    """An expression of interest as the council's officers see it."""

    service = serializers.CharField(source="service.name")
    service_id = serializers.IntegerField()
    status_label = serializers.CharField(source="get_status_display")
    body_type_label = serializers.CharField(source="get_body_type_display")
    # A body that wrote by post may have given no email address: null then, never "" (not an email).
    contact_email = serializers.SerializerMethodField()

    route = serializers.ChoiceField(choices=Route.choices, help_text="How it was sent: online, by email or by post.")
    info_requests = serializers.SerializerMethodField(
        help_text="The council's requests for more information: when asked and when answered (no text)."
    )
    procurement = serializers.SerializerMethodField(
        help_text="The procurement after an acceptance and what it led to; null before one is recorded."
    )

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_contact_email(self, eoi) -> str | None:
        return eoi.contact_email or None

    @extend_schema_field(InfoRequestSummarySerializer(many=True))
    def get_info_requests(self, eoi):
        return InfoRequestSummarySerializer(eoi.info_requests.all(), many=True).data

    @extend_schema_field(ProcurementOutcomeSerializer(allow_null=True))
    def get_procurement(self, eoi):
        outcome = procurement_outcome(eoi)
        return None if outcome is None else ProcurementOutcomeSerializer(outcome).data

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "reference",
            "service",
            "service_id",
            "body_name",
            "body_type",
            "body_type_label",
            "contact_name",
            "contact_email",
            "status",
            "status_label",
            "received_on",
            "acknowledgement_due_on",
            "acknowledged_on",
            "decision_due_on",
            "route",
            "info_requests",
            "procurement",
            "updated_at",
        ]
        read_only_fields = fields


# --- stages and journeys ---------------------------------------------------------------


class TaskDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskDefinition
        fields = ["slug", "title", "guidance", "required", "needs_evidence", "order"]
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_stage_display")
    tasks = TaskDefinitionSerializer(many=True, read_only=True)

    class Meta:
        model = StageDefinition
        fields = ["stage", "label", "title", "summary", "order", "tasks"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="definition.slug")
    title = serializers.CharField(source="definition.title")
    stage = serializers.CharField(source="definition.stage.stage")
    required = serializers.BooleanField(source="definition.required")
    needs_evidence = serializers.BooleanField(source="definition.needs_evidence")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Task
        fields = ["id", "slug", "title", "stage", "required", "needs_evidence", "status", "status_label", "updated_at"]
        read_only_fields = fields


class JourneySerializer(serializers.ModelSerializer):
    """A journey: its group, stage and status, progress on the current stage, and every task."""

    group = serializers.CharField(source="group.name")
    service_name = serializers.CharField(source="group.service_name")
    parent_body = serializers.CharField(source="group.parent_body.name")
    stage_label = serializers.CharField(source="get_stage_display")
    stage_number = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    stage_required_tasks = serializers.IntegerField(help_text="Required tasks of the current stage.")
    stage_required_done = serializers.IntegerField(help_text="Of those, the ones completed.")
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = Journey
        fields = [
            "id",
            "group",
            "service_name",
            "parent_body",
            "stage",
            "stage_label",
            "stage_number",
            "status",
            "status_label",
            "in_support_programme",
            "stage_required_tasks",
            "stage_required_done",
            "last_activity_at",
            "tasks",
        ]
        read_only_fields = fields

    def get_stage_number(self, journey) -> int:
        return journey.stage_index + 1


# --- enumerations ----------------------------------------------------------------------


class EnumItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField(allow_blank=True)


class EnumerationsSerializer(serializers.Serializer):
    legal_forms = EnumItemSerializer(many=True)
    ownership_models = EnumItemSerializer(many=True)
    service_areas = EnumItemSerializer(many=True)
    regions = EnumItemSerializer(many=True)
    rejection_grounds = EnumItemSerializer(many=True)
    relevant_body_types = EnumItemSerializer(many=True)
    decision_outcomes = EnumItemSerializer(many=True)
    journey_stages = EnumItemSerializer(many=True)
    trading_statuses = EnumItemSerializer(many=True)
    first_contract_routes = EnumItemSerializer(many=True)


class ApiIndexSerializer(serializers.Serializer):
    version = serializers.CharField()
    documentation = serializers.URLField()
    schema = serializers.URLField()
    endpoints = serializers.DictField(child=serializers.URLField())


class OutcomeYearSerializer(serializers.Serializer):
    """One financial year's aggregate outcome figures; all null when too few mutuals sent a return."""

    year = serializers.IntegerField(help_text="The year the financial year starts in: 2025 for 2025-26.")
    label = serializers.CharField(help_text="The financial year, like 2025-26 (1 April to 31 March).")
    shown = serializers.BooleanField(
        help_text="False when fewer than `min_returns` mutuals sent a return: the figures are then withheld."
    )
    returns = serializers.IntegerField(
        source="published_returns", allow_null=True, help_text="The number of returns; null when not shown."
    )
    total_staff = serializers.IntegerField(allow_null=True)
    median_turnover = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    mean_sickness_absence_days = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    mean_staff_turnover_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    contracts_won = serializers.IntegerField(allow_null=True)
    contracts_lost = serializers.IntegerField(allow_null=True)


class OutcomesSerializer(serializers.Serializer):
    min_returns = serializers.IntegerField(help_text="The fewest returns for which a year's figures are published.")
    note = serializers.CharField()
    years = OutcomeYearSerializer(many=True)
