from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Mutuals Information Service referrals, triage and the Mutuals Support Programme budget."""

    name = "programme"
    label = "referrals"
    verbose_name = "Referrals and the Support Programme"

    def ready(self):
        from journeys.access import register_guest_grant

        from .access import journeys_mentored_by

        # A matched mentor reads the journey that asked for them (journeys.access, read-only).
        register_guest_grant(journeys_mentored_by)
