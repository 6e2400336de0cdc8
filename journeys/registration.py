"""A staff group's registration, finished once its lead has confirmed their email address
(accounts.registration): the lead's account, the group and its journey."""

from decimal import Decimal

from django.urls import reverse

from accounts.models import User

from . import services
from .models import StaffGroup

GROUP_FIELDS = ["name", "service_name", "service_description", "service_area", "headcount"]


def payload(form) -> dict:
    """What the registration form collected, as JSON (the password goes separately, to be hashed)."""
    data = form.cleaned_data
    return {
        "full_name": data["full_name"],
        **{field: data[field] for field in GROUP_FIELDS},
        "parent_body_id": data["parent_body"].pk,
        "annual_budget": str(data["annual_budget"]),
    }


def complete(payload: dict):
    lead = User(email=payload["email"], full_name=payload["full_name"], role=User.Role.STAFF)
    lead.password = payload["password_hash"]
    group = StaffGroup(
        **{field: payload[field] for field in GROUP_FIELDS},
        parent_body_id=payload["parent_body_id"],
        annual_budget=Decimal(payload["annual_budget"]),
    )
    journey = services.staff_group_register(lead=lead, group=group)
    message = f"{group.name} is registered. Your journey starts here."
    return lead, reverse("journeys:overview", args=[journey.pk]), message
