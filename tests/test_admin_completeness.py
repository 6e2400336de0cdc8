"""Every model of the portal is in the Django admin (registered, or as an inline of a registered model),
or is listed here with the reason it is not (#18, point 4): a new model fails until someone decides."""

from django.apps import apps
from django.contrib import admin

from tests.layout import project_packages

NOT_IN_ADMIN = {
    # Sign-in machinery: sessions end through sign-out, password change and access changes, never by hand.
    "accounts.UserSession": "sessions are ended by the portal's rules, not edited",
    "accounts.PendingRegistration": "a registration waiting for its emailed link: no one else may read or change it",
    # A staff group's own plan, edited by its members on the journey's pages (with their history).
    "journeys.Ballot": "the group's plan: edited on the journey's pages",
    "journeys.MutualDesign": "the group's plan: edited on the journey's pages",
    "journeys.BoardSeat": "the group's plan: edited on the journey's pages",
    "journeys.Forecast": "the old forecast, kept until the pack's history no longer needs it",
    "journeys.ForecastLine": "the old forecast, kept until the pack's history no longer needs it",
    "journeys.Risk": "the group's plan: edited on the journey's pages",
    "journeys.TransferPlan": "the group's plan: edited on the journey's pages",
    "journeys.ReservedContractCheck": "the group's section 33 check: edited on the journey's pages",
    "journeys.FinancialModel": "the group's plan: edited on the journey's pages",
    "journeys.FinanceLine": "the group's plan: edited on the journey's pages",
    "journeys.Scenario": "the group's plan: edited on the journey's pages",
    "journeys.PlanNarrative": "the group's plan: edited on the journey's pages",
    "referrals.ReferenceCounter": "the sequence behind referral references: changing it by hand would reuse one",
    "challenges.InfoRequest": "the officer asks and the body answers on the EOI's pages, both logged",
}


def _portal_models():
    labels = {config.label for config in apps.get_app_configs() if config.name.split(".")[0] in project_packages()}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in labels and not m.__name__.startswith("Historical")  # simple_history's copies
    ]


def test_every_model_is_in_the_admin_or_says_why_not():
    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    unplaced = sorted(
        m._meta.label
        for m in _portal_models()
        if m not in admin.site._registry and m not in inlines and m._meta.label not in NOT_IN_ADMIN
    )
    assert unplaced == [], "register these in their app's admin.py, or add them to NOT_IN_ADMIN with a reason"


def test_the_list_names_only_models_that_exist_and_are_not_in_the_admin():
    for label in NOT_IN_ADMIN:
        assert apps.get_model(label) not in admin.site._registry, label
