from django.contrib import admin

from .models import BusinessPlanPack, PackEvent


class PackEventInline(admin.TabularInline):
    model = PackEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "note"]
    can_delete = False


@admin.register(BusinessPlanPack)
class BusinessPlanPackAdmin(admin.ModelAdmin):
    list_display = ["journey", "version", "status", "requested_at", "page_count", "render_seconds", "attempts"]
    list_filter = ["status"]
    list_select_related = ["journey__group"]
    readonly_fields = [f.name for f in BusinessPlanPack._meta.fields]
    inlines = [PackEventInline]
