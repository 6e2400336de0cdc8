from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mutuals_portal.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
