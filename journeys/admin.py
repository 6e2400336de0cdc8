from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from mutuals_portal.lib.admin_safety import SafeAutocompleteMixin

from .models import (
    AnnualDuty,
    Comment,
    Contract,
    CouncilDecision,
    Evidence,
    GateRequest,
    Invitation,
    Journey,
    JourneyEvent,
    Membership,
    RegisteredBody,
    RetenderReminder,
    StaffGroup,
    StageChange,
    StageDefinition,
    Task,
    TaskDefinition,
)
from .services import catalogue_sync_all


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(StaffGroup)
class StaffGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service_name", "service_area", "parent_body", "headcount", "deleted_at"]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter), "service_area", "parent_body"]
    search_fields = ["name", "service_name"]
    readonly_fields = ["deleted_at", "delete_group"]
    inlines = [MembershipInline]

    @admin.display(description="Delete")
    def delete_group(self, obj):
        journey = getattr(obj, "journey", None) if obj and obj.pk else None
        if journey is None or obj.is_deleted:
            return "-"
        url = reverse("groupdata:group_delete", args=[journey.pk])
        return format_html('<a href="{}">Delete the group and remove its personal data</a>', url)

    def has_delete_permission(self, request, obj=None):
        # A plain delete would take the statutory and public-money records with it (or fail on
        # them): groups are deleted through groupdata.deletion, from the link above.
        return False


class TaskDefinitionInline(admin.StackedInline):
    model = TaskDefinition
    extra = 0
    fields = ["order", "title", "slug", "guidance", "required", "needs_evidence"]


@admin.register(StageDefinition)
class StageDefinitionAdmin(admin.ModelAdmin):
    """The stage catalogue: stages and their tasks are product data, edited here."""

    list_display = ["order", "title", "stage"]
    list_display_links = ["title"]
    inlines = [TaskDefinitionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # the six stages are fixed by the code's Stage enum

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        catalogue_sync_all()  # new tasks reach existing journeys


@admin.register(TaskDefinition)
class TaskDefinitionAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "order", "required", "needs_evidence"]
    list_filter = ["stage", "required", "needs_evidence"]
    search_fields = ["title", "slug"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_sync_all()  # a new task reaches existing journeys


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Journey)
class JourneyAdmin(SimpleHistoryAdmin):
    list_display = ["group", "stage", "status", "in_support_programme", "assigned_adviser", "shared_with_council"]
    list_filter = ["stage", "status", "in_support_programme"]
    search_fields = ["group__name"]
    # The stage changes only through gates (journeys.services), so that it is always logged.
    readonly_fields = ["stage"]
    raw_id_fields = ["group"]
    inlines = [StageChangeInline]

    def has_delete_permission(self, request, obj=None):
        return False  # its stage history is kept: delete the group instead (groupdata.deletion)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "group__name"]
    readonly_fields = ["accepted_at", "accepted_by", "revoked_at", "revoked_by", "revoked_reason"]


@admin.register(GateRequest)
class GateRequestAdmin(admin.ModelAdmin):
    list_display = ["journey", "from_stage", "to_stage", "status", "requested_at", "decided_at"]
    list_filter = ["status", "from_stage"]
    readonly_fields = [f.name for f in GateRequest._meta.fields]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["definition", "journey", "status", "owner", "due_on", "updated_at"]
    list_filter = ["status", "definition__stage"]
    list_select_related = ["definition", "journey__group", "owner"]
    raw_id_fields = ["journey", "owner"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "task", "kind", "size", "uploaded_at"]
    readonly_fields = ["file", "original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at", "task"]


@admin.register(JourneyEvent)
class JourneyEventAdmin(admin.ModelAdmin):
    list_display = ["summary", "journey", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["journey", "actor", "kind", "summary", "detail", "created_at"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """Comments are written on the journey's pages; an administrator can read the change history and remove
    an abusive comment (the deletion is in the history, with who and when)."""

    list_display = [
        "journey",
        "topic",
        "author",
        "created_at",
        "visible_to_adviser",
        "visible_to_council",
        "visible_to_mentor",
    ]
    list_select_related = ["journey__group", "author", "task__definition"]
    search_fields = ["body", "journey__group__name"]
    readonly_fields = [f.name for f in Comment._meta.fields]

    @admin.display(description="About")
    def topic(self, obj):
        return obj.topic_title

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# After launch: recorded on the journey's pages (journeys.services keeps the version check and the timeline);
# shown here read-only for support.
class _ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(_ReadOnlyAdmin):
    list_display = ["journey", "commissioner", "start_on", "end_on", "latest_end_on"]
    list_select_related = ["journey__group"]
    search_fields = ["journey__group__name", "commissioner"]


@admin.register(RegisteredBody)
class RegisteredBodyAdmin(_ReadOnlyAdmin):
    list_display = ["registered_name", "journey", "incorporated_on", "first_year_end", "agm_months"]
    list_select_related = ["journey__group"]
    search_fields = ["registered_name", "journey__group__name"]


@admin.register(AnnualDuty)
class AnnualDutyAdmin(_ReadOnlyAdmin):
    list_display = ["kind", "journey", "period_end", "due_on", "owner", "completed_at"]
    list_filter = ["kind"]
    list_select_related = ["journey__group", "owner"]


@admin.register(RetenderReminder)
class RetenderReminderAdmin(admin.ModelAdmin):
    list_display = ["contract", "months_before", "end_on", "sent_at"]
    readonly_fields = ["contract", "months_before", "end_on", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(SimpleHistoryAdmin):
    """Read-only here: the council's officers record, correct and withdraw decisions on the journey."""

    list_display = ["kind", "journey", "council", "decided_on", "reference", "status", "recorded_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["journey__group", "council"]
    search_fields = ["reference", "journey__group__name", "council__name"]
    readonly_fields = [f.name for f in CouncilDecision._meta.fields]

    def has_add_permission(self, request):
        return False
