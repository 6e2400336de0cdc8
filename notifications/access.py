"""Who may see which notifications: only their recipient, and only while they may still see
what a notification is about.

A notification about a journey, a business-plan pack or a case study disappears from the inbox
(and from the unread count, and is not emailed in a daily summary) once its recipient can no
longer see that object: they left the staff group, the journey is no longer shared with their
council, the group was deleted. Each app says which of its objects a person may see through an
optional `notification_targets(user)` in its access.py: a list of (model, a function of no arguments
returning the queryset of the objects the user may see), so that only the rules of the kinds at hand
are built. Decided in every request, from the database.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.http import Http404

from mutuals_portal.lib.prepared import CountStatements, PreparedValues

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


def still_visible(user, *, kinds: set[int] | None = None, among: dict[int, list] | None = None) -> Q:
    """Notifications about nothing, or about an object of a type no app scopes, or about an
    object the user may still see. `kinds`: only the content types (ids) the notifications at hand
    are about, so the rules of the other kinds are not even built. `among`: for each kind, the keys of
    the only objects the notifications at hand are about, so that the database finds those objects by
    their keys and asks the rule about them alone, instead of working out all that the user may see."""
    condition = Q(content_type__isnull=True)
    scoped = Q()
    for hook in _target_hooks():
        for model, objects_visible in hook(user):
            if kinds is not None and ContentType.objects.get_for_model(model).pk not in kinds:
                continue
            visible = objects_visible()
            content_type = _content_type(model)
            scoped |= Q(content_type__in=content_type)
            if not visible.query.where and not visible.query.is_sliced:
                # The user sees every object of the model (a moderator, say): no list of ids to read.
                condition |= Q(content_type__in=content_type)
                continue
            if among is not None:
                keys = among.get(ContentType.objects.get_for_model(model).pk)
                if not keys:
                    continue  # no object of this kind to ask about: none of its notifications is visible
                visible = visible.filter(pk__in=keys)
            ids = visible.order_by().annotate(notification_id=Cast("pk", CharField())).values("notification_id")
            condition |= Q(content_type__in=content_type, object_id__in=ids)
    if not scoped:
        return Q()  # none of these kinds is scoped by any app: all are visible
    return condition | ~scoped


def notifications_visible_to(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.for_user(user).filter(still_visible(user))


# The unread count's SQL for a person and what their unread notifications are about: building it from every
# app's rules costs a few milliseconds on every page; it is built once per person, objects and process and
# run on every page (mutuals_portal.lib.prepared). The key is the person's whole row as read in this request
# (role, council, flags...), so a change to them builds a new statement.
_UNREAD_COUNTS = CountStatements()

# A person's unread notifications are about a few objects (a journey, a pack, a draft): up to this many, the
# count asks each kind's rule about those objects alone, found by their keys. Past it, each rule whole.
OBJECTS_LOOKED_UP = 100
_ABOUT_READ = OBJECTS_LOOKED_UP + 1  # one more, to know there are more


# What a person's unread notifications are about, with how many each (compiled once: it runs on every page).
_UNREAD_ABOUT = PreparedValues(
    lambda user_id: (
        Notification.objects.for_user(user_id)
        .unread()
        .values("content_type_id", "object_id")
        .annotate(n=Count("pk"))
        .order_by()[:_ABOUT_READ]
    )
)


def _person_key(user) -> tuple:
    return tuple(getattr(user, field.attname) for field in user._meta.concrete_fields if field.attname != "password")


def unread_count(user) -> int:
    """On every page of a signed-in person, never cached (it is personal): which objects their unread
    notifications are about, with how many each (one read of the (recipient, read_at) index), then the count
    of those they may still see, built from those kinds' rules only and asked about those objects alone. None
    unread, or all about nothing: one query."""
    if not user.is_authenticated:
        return 0

    def unread():  # built only where a statement is compiled, or past OBJECTS_LOOKED_UP
        return Notification.objects.for_user(user).unread().order_by()

    about = [(row["content_type_id"], row["object_id"], row["n"]) for row in _UNREAD_ABOUT.rows(user.pk)]
    if len(about) > OBJECTS_LOOKED_UP:
        kinds = frozenset(unread().values_list("content_type_id", flat=True).distinct())
        return _UNREAD_COUNTS.count(
            (kinds, _person_key(user)), lambda: unread().filter(still_visible(user, kinds=set(kinds - {None})))
        )
    kinds = frozenset(kind for kind, _object_id, _n in about if kind is not None)
    if not kinds:
        return sum(n for _kind, _object_id, n in about)  # all about nothing (or none at all)
    among = {kind: _keys(kind, sorted(o for k, o, _n in about if k == kind)) for kind in kinds}
    key = (kinds, tuple(sorted((kind, tuple(keys)) for kind, keys in among.items())), _person_key(user))
    return _UNREAD_COUNTS.count(key, lambda: unread().filter(still_visible(user, kinds=set(kinds), among=among)))


def _keys(kind: int, object_ids) -> list:
    """The keys of the objects of content type `kind` that `object_ids` (text, as notifications store them)
    name. As in the inbox's query, an id names an object only when it is the object's key as text ("12", not
    "012"); a kind no model answers to (its app removed) names none."""
    model = ContentType.objects.get_for_id(kind).model_class()
    if model is None:
        return []
    keys = []
    for object_id in object_ids:
        try:
            key = model._meta.pk.to_python(object_id)
        except ValidationError:
            continue
        if str(key) == object_id:
            keys.append(key)
    return keys


def get_notification_for_user(user, pk) -> Notification:
    notification = notifications_visible_to(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    return notification


def can_see(user, obj) -> bool:
    return isinstance(obj, Notification) and user.is_authenticated and obj.recipient_id == user.pk
