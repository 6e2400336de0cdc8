from django.contrib import admin

from .models import UnsentJob


@admin.register(UnsentJob)
class UnsentJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "task", "args", "attempts", "last_error"]
    list_filter = ["task"]
    readonly_fields = ["task", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False
