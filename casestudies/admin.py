from django.contrib import admin
from django.db import models

from .models import CaseStudy, Source, StatusChange


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area", "legal_form", "year_spun_out", "status"]
    list_filter = ["status", "service_area", "legal_form", "ownership_model", "region"]
    search_fields = ["name", "summary"]
    # Status changes go through the moderation pages, which log them.
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceInline, StatusChangeInline]
