from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attachment,
    ChallengeableService,
    ChallengeSettings,
    ConflictDeclaration,
    Decision,
    DecisionNotice,
    EOIStatusChange,
    ExpressionOfInterest,
    JourneyEOI,
    Partner,
    ProcurementExercise,
    RelevantBodyProfile,
    ReminderSent,
    StaffMutualIntention,
    SubmissionWindow,
)


class SubmissionWindowInline(admin.TabularInline):
    model = SubmissionWindow
    extra = 0


@admin.register(ChallengeableService)
class ChallengeableServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council", "published", "contract_end"]
    list_filter = ["published", "council"]
    search_fields = ["name"]
    inlines = [SubmissionWindowInline]


@admin.register(ChallengeSettings)
class ChallengeSettingsAdmin(admin.ModelAdmin):
    list_display = ["council", "decision_period_days", "procurement_min_days", "procurement_max_days"]


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = EOIStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    """Listed only: documents are added through the portal (its upload checks) and read there."""

    model = Attachment
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(SimpleHistoryAdmin):
    """Read-only: status changes go through the service layer so that they are logged."""

    list_display = ["reference", "body_name", "service", "status", "received_on", "decision_due_on"]
    list_filter = ["status", "service__council"]
    search_fields = ["body_name"]
    list_select_related = ["service", "service__council"]
    inlines = [PartnerInline, AttachmentInline, StatusChangeInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Read-only: a published decision is never edited, only superseded."""

    list_display = ["eoi", "outcome", "decided_at", "published_at"]
    list_filter = ["outcome"]
    list_select_related = ["eoi", "eoi__service"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(ConflictDeclaration)


@admin.register(StaffMutualIntention)
class StaffMutualIntentionAdmin(SimpleHistoryAdmin):
    list_display = ["service", "proposed_body", "published_on", "withdrawn_on"]
    raw_id_fields = ["service", "journey", "recorded_by", "withdrawn_by"]


@admin.register(ProcurementExercise)
class ProcurementExerciseAdmin(SimpleHistoryAdmin):
    list_display = ["eoi", "starts_on", "procedure", "notice_identifier", "result", "winner_is_challenger"]
    list_filter = ["procedure", "result", "reserved_to_mutuals"]
    raw_id_fields = ["eoi", "recorded_by", "result_recorded_by"]


admin.site.register(RelevantBodyProfile)
admin.site.register(DecisionNotice)
admin.site.register(ReminderSent)


@admin.register(JourneyEOI)
class JourneyEOIAdmin(admin.ModelAdmin):
    """Read-only: a lead starts one from the journey (challenges.services.eoi_start_from_journey)."""

    list_display = ["eoi", "journey", "supporting_employees", "created_at"]
    list_select_related = ["eoi__service", "journey"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
