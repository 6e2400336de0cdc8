from django.apps import AppConfig


class PacksConfig(AppConfig):
    """Business-plan packs: PDFs of a journey's plan, rendered by Celery workers with WeasyPrint."""

    name = "packs"
    label = "packs"
    verbose_name = "Business-plan packs"
