"""Notifications sent when something happens in a layer below (which cannot import this app)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.signals import password_changed

from .services import notify


@receiver(password_changed, dispatch_uid="notifications.password_changed")
def tell_password_changed(sender, user, **kwargs) -> None:
    when = date_format(timezone.localtime(), "j F Y \\a\\t g:ia")
    notify(
        recipient=user,
        event="security.password_changed",
        obj=user,
        message=f"Your Mutuals Portal password was changed on {when}. If this was not you, "
        "reset your password now and tell the service team.",
        url=reverse("password_reset"),
    )
