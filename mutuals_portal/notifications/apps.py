from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mutuals_portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"
