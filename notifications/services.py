"""The one notification service every app calls: `notify(...)`."""

import logging
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jobs.services import send_after_commit

from .events import Delivery, get_event
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def recipient_may_see(user, obj) -> bool:
    """Ask the app that owns `obj` (its access.py `can_see(user, obj)`) whether `user` may see it."""
    if obj is None:
        return True
    app_name = obj._meta.app_config.name
    try:
        access = import_module(f"{app_name}.access")
    except ModuleNotFoundError as error:
        raise ImproperlyConfigured(f"{app_name} has no access.py to check notifications against") from error
    can_see = getattr(access, "can_see", None)
    if can_see is None:
        raise ImproperlyConfigured(f"{app_name}.access has no can_see(user, obj) for notifications")
    return bool(can_see(user, obj))


def delivery_for(user, event_code: str) -> str:
    event = get_event(event_code)
    chosen = (
        NotificationPreference.objects.filter(user=user, event_type=event_code)
        .values_list("delivery", flat=True)
        .first()
    )
    delivery = chosen or event.default
    if delivery not in event.deliveries:  # a choice stored some other way, or before the event changed
        return event.default
    return delivery


@transaction.atomic
def notify(*, recipient, event: str, obj=None, message: str, url: str = "", email: bool = True) -> Notification | None:
    """Tell `recipient` about `obj`: an in-app notification, and an email as they prefer.

    Returns None, creating nothing, when the recipient may not see the object or has no
    active account. Emails are queued only after the surrounding transaction commits.
    `email=False` records the in-app notification only: for a message the app already
    sends as its own letter (a statutory notice with its full wording).
    """
    get_event(event)  # refuse undeclared event types loudly
    if recipient is None or not recipient.is_active:
        return None
    if not recipient_may_see(recipient, obj):
        logger.info("Notification %s for user %s withheld: object not visible to them", event, recipient.pk)
        return None
    delivery = delivery_for(recipient, event) if email else Delivery.OFF
    notification = Notification(recipient=recipient, event_type=event, message=message[:300], url=url)
    if obj is not None:
        notification.target = obj
    if delivery == Delivery.IMMEDIATE:
        notification.email_status = Notification.Email.QUEUED
    elif delivery == Delivery.DIGEST:
        notification.email_status = Notification.Email.DIGEST_PENDING
    notification.full_clean(exclude=["content_type", "object_id"])
    notification.save()
    if delivery == Delivery.IMMEDIATE:
        from .tasks import send_notification_email

        send_after_commit(send_notification_email, notification.pk)
    return notification


def set_preferences(*, user, choices: dict[str, str]) -> None:
    """Save a user's delivery choice per event type (events that cannot be turned off stay on)."""
    with transaction.atomic():
        for code, delivery in choices.items():
            event = get_event(code)
            if delivery == Delivery.OFF and not event.can_turn_off:
                raise ValueError(f"{event.name} cannot be turned off")
            if delivery not in event.deliveries:
                raise ValueError(f"{event.name} cannot be sent as {delivery!r}")
            NotificationPreference.objects.update_or_create(user=user, event_type=code, defaults={"delivery": delivery})


def forget_hidden(user) -> int:
    """Delete the user's notifications about things they may no longer see (called when someone
    loses access, e.g. is removed from a staff group; the inbox hides them in any case)."""
    from .access import still_visible

    mine = Notification.objects.for_user(user)
    hidden = mine.exclude(pk__in=mine.filter(still_visible(user)).values("pk"))
    # One by one, so that each deletion is signalled (the cached unread count follows).
    count = 0
    for notification in hidden:
        notification.delete()
        count += 1
    return count
