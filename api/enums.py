"""Enumerations published through the API (codes, labels and plain-English help)."""

from accounts.models import Region
from casestudies.models import ContractRoute, TradingStatus
from challenges.models import BodyType, DecisionOutcome, RejectionGround
from journeys.models import Stage
from mutuals_portal.lib.choices import LEGAL_FORM_HELP, OWNERSHIP_MODEL_HELP, LegalForm, OwnershipModel, ServiceArea


def _items(choices, help_texts=None):
    help_texts = help_texts or {}
    return [{"code": value, "label": label, "help": help_texts.get(value, "")} for value, label in choices.choices]


def enumerations() -> dict:
    return {
        "legal_forms": _items(LegalForm, LEGAL_FORM_HELP),
        "ownership_models": _items(OwnershipModel, OWNERSHIP_MODEL_HELP),
        "service_areas": _items(ServiceArea),
        "regions": _items(Region),
        # The labels hold the statutory wording of each ground (SI 2012/1647, Schedule).
        "rejection_grounds": _items(RejectionGround),
        "relevant_body_types": _items(BodyType),
        "decision_outcomes": _items(DecisionOutcome),
        "journey_stages": _items(Stage),
        # The case-study library's "where are they now" and first-contract facts.
        "trading_statuses": _items(TradingStatus),
        "first_contract_routes": _items(ContractRoute),
    }
