"""Two-factor authentication with an authenticator app (TOTP, RFC 6238) via django-otp."""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def required_for(user) -> bool:
    """Advisers, officers and administrators must use two-factor authentication (when switched on)."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def confirmed_device(user) -> TOTPDevice | None:
    if not user.two_factor_enabled:  # a column on the user: no query on every page
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (one at a time), created when first needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The key in groups of four, for people who type it instead of scanning."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def confirm(device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.user.two_factor_enabled = True
    device.user.save(update_fields=["two_factor_enabled"])


@transaction.atomic
def turn_off(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    user.two_factor_enabled = False
    user.save(update_fields=["two_factor_enabled"])
