"""A relevant body's account, created once its representative has confirmed their email address
(accounts.registration)."""

from django.urls import reverse

from . import services

FIELDS = ["full_name", "body_name", "body_type"]


def payload(form) -> dict:
    return {field: form.cleaned_data[field] for field in FIELDS}


def complete(payload: dict):
    user = services.body_register(
        email=payload["email"],
        password_hash=payload["password_hash"],
        **{field: payload[field] for field in FIELDS},
    )
    return user, reverse("challenges:service_list"), "Your account has been created"
