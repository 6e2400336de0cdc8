from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case-study library"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import CaseStudy, Source

        # The cached facet counts and the public pages' ETags follow every change to the library,
        # including those made in the admin. Writes that send no signal call search.library_changed().
        for model in (CaseStudy, Source):
            post_save.connect(_library_changed, sender=model, dispatch_uid=f"library_changed_save_{model.__name__}")
            post_delete.connect(_library_changed, sender=model, dispatch_uid=f"library_changed_delete_{model.__name__}")


def _library_changed(sender, **kwargs):
    from .search import library_changed

    library_changed()
