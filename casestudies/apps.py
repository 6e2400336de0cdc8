from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case-study library"
    # Every save or delete of a case study, a source or a status change (in the admin too) bumps
    # the `library` version (mutuals_portal.pagecache.connect): the cached facet counts and pages
    # follow it. Writes that send no signal call search.library_changed().
