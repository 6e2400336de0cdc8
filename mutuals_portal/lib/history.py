"""The audit trail as people read it: who changed what, when, from the change history that
django-simple-history keeps for EOIs, decisions, referrals, assessments, allocations, staff
groups, journeys and stage changes.

Each app's access.py decides whose history a user may see and gives the `Source`s; a view
turns them into one page of `Entry`s with `history_page`. A page costs the same number of
queries however long the history is: one to count, one for the page, and per source one for
the records (each with the id of the record before it) and one for those earlier records,
plus one per kind of object the changed links point to.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from simple_history import models as simple_history

PER_PAGE = 25
LONG_TEXT = 200  # characters shown of a long text value
NOT_SET = "Not set"
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
ALWAYS_HIDDEN = frozenset({"id"})


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple-history's HistoricalRecords, recording what a partial save left in the database.

    `save(update_fields=[...])` writes only those fields, but simple-history records every field of
    the instance (its issue #1127): a stale value held in memory would show in the history as a
    change that never happened. After a partial save, the row is read back and recorded as stored.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") and not created and not kwargs.get("raw"):
            if hasattr(instance, "skip_history_when_saving"):
                return
            stored = type(instance)._base_manager.using(using).get(pk=instance.pk)
            stored._history_user = self.get_history_user(instance)
            for attribute in ("_history_date", "_change_reason"):
                if hasattr(instance, attribute):
                    setattr(stored, attribute, getattr(instance, attribute))
            instance = stored
        super().post_save(instance, created, using=using, **kwargs)


def acting(obj, user):
    """Name `user` (None: the system) as the author of `obj`'s next saves in its change history.

    In a web request HistoryRequestMiddleware names the signed-in user; services say who acts
    explicitly, so that changes made from Celery, a management command or on someone else's
    behalf are attributed correctly too.
    """
    obj._history_user = user
    return obj


@dataclass(frozen=True)
class Source:
    """The history records of one kind of object shown on a page, e.g. an EOI's decisions."""

    records: models.QuerySet  # of a historical model, filtered to the objects to show
    name: str  # what a row is about: "Expression of interest", "Decision"
    hidden: frozenset = frozenset()  # fields not shown: the link to the page's object, bookkeeping
    formatters: dict = field(default_factory=dict)  # field name -> value -> text


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None on a creation
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list


def default_who(user) -> str:
    if user is None:
        return "System"
    return user.full_name or user.email


def history_page(sources: list[Source], number, *, who: Callable = default_who, per_page: int = PER_PAGE) -> Page:
    """One page of the sources' history, newest first, as `Entry`s in `page.object_list`."""
    keys = [
        # A name no model's field has (a financial model line has a field called "source").
        source.records.order_by()
        .annotate(history_source_index=Value(index))
        .values_list("history_source_index", "history_id", "history_date")
        for index, source in enumerate(sources)
    ]
    merged = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    page = Paginator(merged.order_by("-history_date", "-history_id"), per_page).get_page(number)
    rows = list(page.object_list)
    records = {}
    for index, source in enumerate(sources):
        ids = [history_id for src, history_id, _ in rows if src == index]
        if ids:
            records.update({(index, r.history_id): r for r in _with_previous(source, ids)})
    labels = _link_labels(sources, records)
    page.object_list = [
        _entry(sources[index], records[(index, history_id)], labels, who) for index, history_id, _ in rows
    ]
    return page


def _with_previous(source: Source, ids: list[int]) -> list:
    """The records with these ids, each with `previous` (the object's record before it, or None)."""
    model = source.records.model
    pk = model.instance_type._meta.pk.attname
    earlier = model.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk: OuterRef(pk)},
    ).order_by("-history_date", "-history_id")
    records = list(
        source.records.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(earlier.values("history_id")[:1]))
    )
    previous = model.objects.in_bulk([r.previous_id for r in records if r.previous_id])
    for record in records:
        record.previous = previous.get(record.previous_id)
    return records


def _fields(source: Source) -> list[models.Field]:
    hidden = ALWAYS_HIDDEN | source.hidden
    return [f for f in source.records.model.tracked_fields if f.name not in hidden]


def _changed(source: Source, record) -> list[tuple[models.Field, object, object]]:
    """(field, old, new) for each shown field that changed; on a creation, each field given a value
    (a "no" counts as none: "The body agreed to the modification: No" on every new decision is noise)."""
    changed: list[tuple[models.Field, object, object]] = []
    for f in _fields(source):
        new = getattr(record, f.attname)
        if record.previous is None:
            if new is not False and new not in (None, "", [], {}):
                changed.append((f, None, new))
        else:
            old = getattr(record.previous, f.attname)
            if old != new:
                changed.append((f, old, new))
    return changed


def _link_labels(sources: list[Source], records: dict) -> dict:
    """Names of the objects that changed links point to: {(model, pk): text}, one query per model."""
    wanted: dict[type[models.Model], set] = {}
    for (index, _), record in records.items():
        for f, old, new in _changed(sources[index], record):
            related = f.related_model
            if f.is_relation and f.name not in sources[index].formatters and isinstance(related, type):
                wanted.setdefault(related, set()).update(v for v in (old, new) if v is not None)
    labels = {}
    for related, pks in wanted.items():
        # select_related() follows the non-null links, so that str() needs no further queries.
        for pk, obj in related._base_manager.select_related().in_bulk(pks).items():
            labels[(related, pk)] = _object_label(obj)
    return labels


def _object_label(obj) -> str:
    full_name = getattr(obj, "full_name", None)
    if full_name is not None:  # a user
        return full_name or obj.email
    return str(obj)


def _entry(source: Source, record, labels: dict, who: Callable) -> Entry:
    if record.history_type == "-":
        changes = []
    else:
        changes = [
            Change(
                label=capfirst(str(f.verbose_name)),
                old=None if record.previous is None else _display(source, f, old, labels),
                new=_display(source, f, new, labels),
            )
            for f, old, new in _changed(source, record)
        ]
    action = ACTIONS[record.history_type]
    if record.history_type == "~" and record.previous is None:
        action = "First recorded"  # an object that existed before the history was kept
    return Entry(
        when=record.history_date, who=who(record.history_user), subject=source.name, action=action, changes=changes
    )


def _display(source: Source, f: models.Field, value, labels: dict) -> str:
    if f.name in source.formatters:
        return source.formatters[f.name](value)
    if value is None or value == "":
        return NOT_SET
    if f.is_relation:
        return labels.get((f.related_model, value), f"No longer exists (#{value})")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or NOT_SET
    return Truncator(str(value)).chars(LONG_TEXT)
