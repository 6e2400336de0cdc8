from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Mutuals Information Service referrals, triage and the Mutuals Support Programme budget."""

    name = "programme"
    label = "referrals"
    verbose_name = "Referrals and the Support Programme"
