from django.contrib import admin
from django.db import models

from .models import CaseStudy, Fact, Source, StatusChange


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class FactInline(admin.TabularInline):
    model = Fact
    extra = 0
    fields = ["topic", "statement", "as_at_year", "source", "position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this case study's own sources (Fact.clean checks it too).
        if db_field.name == "source":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Source.objects.filter(case_study_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area", "legal_form", "year_spun_out", "trading_status", "status"]
    list_filter = [
        "status",
        "is_public_service_mutual",
        "trading_status",
        "service_area",
        "legal_form",
        "ownership_model",
        "region",
    ]
    search_fields = ["name", "summary"]
    # Status changes go through the moderation pages, which log them.
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceInline, FactInline, StatusChangeInline]
