from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    MentoringMeeting,
    MentoringRequest,
    MentorOffer,
    OutcomeReturn,
    Programme,
    Referral,
    ReferralEvent,
    RubricDescriptor,
    ScoreModeration,
    SupportAllocation,
    TriageAssessment,
)


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "organisation", "status", "region", "assigned_adviser", "created_at"]
    list_filter = ["status", "region", "service_area"]
    search_fields = ["reference", "organisation", "contact_email"]
    readonly_fields = ["reference", "status", "created_at", "updated_at"]
    inlines = [ReferralEventInline]


class ScoreModerationInline(admin.TabularInline):
    """Read-only: moderation goes through the adviser page, which checks who may moderate."""

    model = ScoreModeration
    extra = 0
    can_delete = False
    fields = readonly_fields = ["previous_score", "score", "band", "reason", "moderated_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TriageAssessment)
class TriageAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["referral", "score", "band", "assessed_by", "assessed_at"]
    readonly_fields = ["score", "band"]
    inlines = [ScoreModerationInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "per_journey_cap", "starts_on", "ends_on"]


@admin.register(SupportAllocation)
class SupportAllocationAdmin(SimpleHistoryAdmin):
    """Read-only: allocations go through the adviser pages, which lock the budget; never deleted."""

    list_display = ["journey", "category", "supplier", "amount", "allocated_on", "reverses"]
    list_filter = ["category", "programme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RubricDescriptor)
class RubricDescriptorAdmin(SimpleHistoryAdmin):
    """Edit what each score means; the set of criteria and scores is fixed (T3-T8, 0-3)."""

    list_display = ["code", "points", "text"]
    list_filter = ["code"]
    readonly_fields = ["code", "points"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutcomeReturn)
class OutcomeReturnAdmin(SimpleHistoryAdmin):
    """Read-only: a mutual's people send and correct returns on their journey's pages (with who and when)."""

    list_display = ["journey", "year", "staff_headcount", "turnover", "submitted_by", "submitted_at"]
    list_filter = ["year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MentoringMeetingInline(admin.TabularInline):
    model = MentoringMeeting
    extra = 0
    can_delete = False
    readonly_fields = ["met_on", "topics", "note", "logged_by", "logged_at"]

    def has_add_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Read-only: mentors, groups and advisers change these on the mentoring pages (with history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MentorOffer)
class MentorOfferAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["mentor", "mutual_name", "region", "capacity", "active", "status"]
    list_filter = ["status", "active", "region"]
    search_fields = ["mutual_name", "mentor__email", "mentor__full_name"]


@admin.register(MentoringRequest)
class MentoringRequestAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["journey", "status", "offer", "requested_at", "matched_at", "ended_at"]
    list_filter = ["status"]
    inlines = [MentoringMeetingInline]


@admin.register(MentoringMeeting)
class MentoringMeetingAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["mentoring", "met_on", "logged_by", "logged_at"]
