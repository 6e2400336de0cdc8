from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case-study library"
