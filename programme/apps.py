from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Mutuals Information Service referrals, triage and the Mutuals Support Programme budget."""

    name = "programme"
    label = "referrals"
    verbose_name = "Referrals and the Support Programme"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from journeys.access import register_guest_grant

        from .access import journeys_mentored_by
        from .models import Referral

        # A matched mentor reads the journey that asked for them (journeys.access, read-only).
        register_guest_grant(journeys_mentored_by)
        # The pipeline's cached referral figures follow every referral added, deleted or saved with a
        # new status or arrival time, in the admin too. Writes that send no signal (QuerySet.update,
        # bulk_create) call dashboard.referral_figures_changed().
        post_save.connect(_referral_saved, sender=Referral, dispatch_uid="referral_figures_save")
        post_delete.connect(_referral_figures_changed, sender=Referral, dispatch_uid="referral_figures_delete")


FIGURE_FIELDS = {"status", "created_at"}  # what the pipeline's referral figures are counted by


def _referral_saved(sender, update_fields=None, **kwargs):
    if update_fields is None or FIGURE_FIELDS & set(update_fields):
        _referral_figures_changed(sender)


def _referral_figures_changed(sender, **kwargs):
    from .dashboard import referral_figures_changed

    referral_figures_changed()
