from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "Community Right to Challenge"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Decision

        # The register's cached filter lists follow every decision, including admin edits.
        post_save.connect(_register_changed, sender=Decision, dispatch_uid="register_changed_save")
        post_delete.connect(_register_changed, sender=Decision, dispatch_uid="register_changed_delete")


def _register_changed(sender, **kwargs):
    from .views import register_changed

    register_changed()
