"""A staff group's registration, finished once its lead has confirmed their email address
(accounts.registration): the lead's account, the group and its journey."""

from decimal import Decimal

from django.urls import reverse

from accounts.services import public_body_not_listed

from . import services
from .models import StaffGroup

GROUP_FIELDS = ["name", "service_name", "service_description", "service_area", "headcount"]


def payload(form) -> dict:
    """What the registration form collected, as JSON (the password goes separately, to be hashed)."""
    data = form.cleaned_data
    return {
        "full_name": data["full_name"],
        **{field: data[field] for field in GROUP_FIELDS},
        "parent_body_id": data["parent_body"].pk if data["parent_body"] else None,
        "parent_body_not_listed": "" if data["parent_body"] else data["parent_body_not_listed"],
        "annual_budget": str(data["annual_budget"]),
    }


def complete(payload: dict):
    parent_body_id = payload["parent_body_id"]
    if parent_body_id is None:  # "not listed": a body waiting to be checked (accounts.services)
        parent_body_id = public_body_not_listed(name=payload["parent_body_not_listed"]).pk
    group = StaffGroup(
        **{field: payload[field] for field in GROUP_FIELDS},
        parent_body_id=parent_body_id,
        annual_budget=Decimal(payload["annual_budget"]),
    )
    journey = services.staff_group_register(
        email=payload["email"], full_name=payload["full_name"], password_hash=payload["password_hash"], group=group
    )
    lead = journey.group.memberships.get().user
    message = f"{group.name} is registered. Your journey starts here."
    return lead, reverse("journeys:overview", args=[journey.pk]), message
