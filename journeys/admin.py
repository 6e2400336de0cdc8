from django.contrib import admin

from .models import Membership, StaffGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(StaffGroup)
class StaffGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "service_name", "service_area", "parent_body", "headcount"]
    list_filter = ["service_area", "parent_body"]
    search_fields = ["name", "service_name"]
    inlines = [MembershipInline]
