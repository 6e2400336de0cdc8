from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "Community Right to Challenge"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.models import PublicBody

        from .models import ChallengeableService, ChallengeSettings, Decision, ExpressionOfInterest, SubmissionWindow

        # The register shows decisions with their EOI's reference and body, the service and its
        # council; the public list of services their windows and procurement periods (a service's
        # own or its council's): the register's cached filter lists and the public pages' ETags
        # follow every change to them, in the admin too.
        models = (Decision, ExpressionOfInterest, ChallengeableService, SubmissionWindow, PublicBody, ChallengeSettings)
        for model in models:
            uid = f"register_changed_{model._meta.label}"
            post_save.connect(_register_changed, sender=model, dispatch_uid=f"{uid}_save")
            post_delete.connect(_register_changed, sender=model, dispatch_uid=f"{uid}_delete")


def _register_changed(sender, **kwargs):
    from .stamps import register_changed

    register_changed()
