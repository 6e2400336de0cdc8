"""Who may see which notifications: only their recipient, and only while they may still see
what a notification is about.

A notification about a journey, a business-plan pack or a case study disappears from the inbox
(and from the unread count, and is not emailed in a daily summary) once its recipient can no
longer see that object: they left the staff group, the journey is no longer shared with their
council, the group was deleted. Each app says which of its objects a person may see through an
optional `notification_targets(user)` in its access.py: a list of (model, queryset of the objects
the user may see). Decided in every request, from the database.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404

from .models import Notification


@cache
def _target_hooks() -> tuple:
    hooks = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.access":
                raise
            continue
        hook = getattr(module, "notification_targets", None)
        if hook is not None:
            hooks.append(hook)
    return tuple(hooks)


def _content_type(model):
    # A subquery, not a cached lookup: the inbox and the unread count stay one query each.
    return ContentType.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name).values("pk")


def still_visible(user) -> Q:
    """Notifications about nothing, or about an object of a type no app scopes, or about an
    object the user may still see."""
    condition = Q(content_type__isnull=True)
    scoped = Q()
    for hook in _target_hooks():
        for model, visible in hook(user):
            content_type = _content_type(model)
            scoped |= Q(content_type__in=content_type)
            if not visible.query.where and not visible.query.is_sliced:
                # The user sees every object of the model (a moderator, say): no list of ids to read.
                condition |= Q(content_type__in=content_type)
                continue
            ids = visible.order_by().annotate(notification_id=Cast("pk", CharField())).values("notification_id")
            condition |= Q(content_type__in=content_type, object_id__in=ids)
    if scoped:
        condition |= ~scoped
    return condition


def notifications_visible_to(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.for_user(user).filter(still_visible(user))


def get_notification_for_user(user, pk) -> Notification:
    notification = notifications_visible_to(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def can_see(user, obj) -> bool:
    return isinstance(obj, Notification) and user.is_authenticated and obj.recipient_id == user.pk
