"""Who may see which notifications: only their recipient."""

from django.http import Http404

from .models import Notification


def notifications_visible_to(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.for_user(user)


def get_notification_for_user(user, pk) -> Notification:
    notification = notifications_visible_to(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def can_see(user, obj) -> bool:
    return isinstance(obj, Notification) and user.is_authenticated and obj.recipient_id == user.pk
