"""Enumerations published through the API (codes, labels and plain-English help)."""

from mutuals_portal.accounts.models import Region
from mutuals_portal.choices import LEGAL_FORM_HELP, OWNERSHIP_MODEL_HELP, LegalForm, OwnershipModel, ServiceArea


def _items(choices, help_texts=None):
    help_texts = help_texts or {}
    return [{"code": value, "label": label, "help": help_texts.get(value, "")} for value, label in choices.choices]


def enumerations() -> dict:
    data = {
        "legal_forms": _items(LegalForm, LEGAL_FORM_HELP),
        "ownership_models": _items(OwnershipModel, OWNERSHIP_MODEL_HELP),
        "service_areas": _items(ServiceArea),
        "regions": _items(Region),
    }
    try:
        from challenges.models import BodyType, RejectionGround
    except ImportError:  # the Right to Challenge app is optional for the enumerations
        return data
    data["rejection_grounds"] = _items(RejectionGround)
    data["relevant_body_types"] = _items(BodyType)
    return data
