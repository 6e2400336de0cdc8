from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event_type", "message", "read_at", "email_status"]
    list_filter = ["event_type", "email_status"]
    search_fields = ["recipient__email", "message"]
    raw_id_fields = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event_type", "delivery", "updated_at"]
    list_filter = ["event_type", "delivery"]
    raw_id_fields = ["user"]
