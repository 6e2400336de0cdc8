from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Start-up wiring for the whole project (it has no models)."""

    name = "mutuals_portal"
    label = "mutuals_portal"
    verbose_name = "Mutuals Portal"

    def ready(self):
        from mutuals_portal.celery import ensure_broker_folders
        from mutuals_portal.lib import govuk

        ensure_broker_folders()  # the file-system broker's folders, before anything is sent
        govuk.install()  # GOV.UK Frontend components' templates for Django's template engine
