from django.contrib import admin

from .models import EmailDeliveryStatus, Notification, NotificationPreference


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


@admin.register(EmailDeliveryStatus)
class EmailDeliveryStatusAdmin(admin.ModelAdmin):
    list_display = ["received_at", "reference", "status", "notification_type", "completed_at", "notify_id"]
    list_filter = ["status", "notification_type"]
    search_fields = ["reference", "notify_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
