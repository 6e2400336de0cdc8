"""Cached page content: the part of a page below its header, kept per person and per version of
the data it shows, so a page seen again is not queried and rendered again.

Rendering a GOV.UK page with Django templates costs 10-30 ms and its queries a few more; the
same person usually sees the same page many times between two changes. A page's content is
cached under a key made of:

- the page and its objects (`parts`), and the query string for lists;
- the person (their role and access follow from who they are and the data), or "anonymous";
- today's date for content with deadlines or ages ("3 days left");
- the release (a fingerprint of templates and code), so a deployment starts afresh;

and stored with the version of every *scope* of data the content reads (`scopes`): a number
that every change to that data bumps (signals on every portal model, below, and explicit `bump`
calls where code writes with `QuerySet.update`). The entry and the current versions are read in
one round trip; an entry made under other versions is a miss, so a change makes every page that
shows it a miss at once. `value()` does the same for any picklable value (access checks).

Content with forms holds a placeholder where the CSRF token goes (`form_context`), replaced by
the request's own token on every response.

Scopes: `catalogue` (stages and tasks), `journeys` (any journey), `journey:<id>` (one journey:
its group, tasks, evidence, plan, gates, packs, allocations), `referrals`, `challenges`,
`library`, `accounts` (people's names and public bodies), `inbox:<user>` (the unread count).

Only GET requests are cached, only when `PAGE_CACHE` is on (it is whenever Redis is the cache:
every web process and worker then sees the same versions), and cached content expires after
`PAGE_CACHE_SECONDS` whatever happens. When Redis is down every read is a miss: pages are
rendered as if there were no cache.
"""

import hashlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe

from .cache import bump_version, version_key, versions

PORTAL_APPS = {"accounts", "journeys", "referrals", "packs", "challenges", "casestudies", "notifications"}
CATALOGUE_MODELS = {"journeys.StageDefinition", "journeys.TaskDefinition"}
# Saved often and never shown in page content.
UNSHOWN_MODELS = {"accounts.SecurityEvent", "referrals.ReferenceCounter"}
UNSHOWN_USER_FIELDS = {"last_login", "password"}
# Where the CSRF token goes in cached content; not guessable, so no one can type it into a page.
CSRF_PLACEHOLDER = "csrf-" + hashlib.sha256(f"pagecache-csrf:{settings.SECRET_KEY}".encode()).hexdigest()


def _release() -> str:
    """Changes with the code and templates, so that a deployment does not serve content cached by
    the previous release: every web process of one release computes the same value."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = sorted((root / "templates").rglob("*.html"))
    for app in ("mutuals_portal", "journeys", "challenges", "casestudies"):
        files += sorted(path for path in (root / app).rglob("*.py") if "migrations" not in path.parts)
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _release()


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


def bump(*scopes: str) -> None:
    """The data of these scopes changed: now, for this request's next read, and again when the
    transaction commits, so that a page rendered from the data before the commit by someone else
    is not kept under the new version."""
    for scope in scopes:
        bump_version(scope)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        flush = getattr(connection, "_pagecache_flush", None)
        # One callback per transaction, whatever it saves (a rollback to a savepoint drops it).
        if flush is None or not any(item[1] is flush for item in connection.run_on_commit):
            flush = connection._pagecache_flush = _BumpOnCommit()
            transaction.on_commit(flush)
        flush.scopes.update(scopes)


class _BumpOnCommit:
    def __init__(self):
        self.scopes = set()

    def __call__(self):
        for scope in sorted(self.scopes):
            bump_version(scope)


def content(
    request,
    name: str,
    render: Callable[[], str],
    *,
    scopes: Iterable[str],
    parts: Iterable = (),
    query: bool = False,
    daily: bool = False,
    forms: bool = False,
    cacheable: bool = True,
) -> str:
    """The page content `render()` returns, from the cache when nothing it shows has changed.

    Content with a POST form (`forms=True`) is rendered with `form_context()` in its template
    context: the cached copy holds a placeholder where the CSRF token goes, and each response
    gets its own token in its place. `cacheable=False` for content that must not be kept (a form
    shown again with its errors): rendered, and given its token, all the same."""
    if not enabled() or request.method != "GET" or not cacheable:
        return _with_token(request, _checked(render(), forms), forms)
    key_parts = [name, *parts, request.user.pk if request.user.is_authenticated else "anonymous"]
    if query:
        key_parts.append(sorted(request.GET.lists()))
    if daily:
        key_parts.append(timezone.localdate().isoformat())
    return _with_token(request, _cached("page", key_parts, scopes, lambda: _checked(render(), forms)), forms)


def form_context() -> dict:
    """Template context for cached content with forms: `{% csrf_token %}` prints a placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER}


def _checked(html: str, forms: bool) -> str:
    # A real token in cached content would be served to the next session, whose posts would fail.
    if 'name="csrfmiddlewaretoken"' in html and (not forms or CSRF_PLACEHOLDER not in html):
        raise ImproperlyConfigured("Cached content with a form needs forms=True and form_context() in its context")
    return html


def _with_token(request, html: str, forms: bool) -> str:
    if forms:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308  (rendered by our templates, escaped there)


_MISSING = object()


def value(name: str, compute: Callable, *, scopes: Iterable[str], parts: Iterable = ()):
    """What `compute()` returns (any picklable value, e.g. who may do what on a journey), from the
    cache while the data of `scopes` is unchanged. Not for GET requests only: a change bumps the
    versions at once, so even the request that made it reads the new value."""
    if not enabled():
        return compute()
    return _cached("value", [name, *parts], scopes, compute)


def _cached(kind: str, key_parts: list, scopes: Iterable[str], compute: Callable):
    """One round trip to the cache on a hit: the entry and the versions of its scopes together.
    The entry holds the versions it was computed under; it is used only if they are still current."""
    key = f"{kind}:" + hashlib.sha256(repr([RELEASE, *key_parts]).encode()).hexdigest()
    scopes = list(scopes)
    version_keys = [version_key(scope) for scope in scopes]
    found = cache.get_many([key, *version_keys])
    # A scope never seen, or its version evicted, is given one first.
    current = [found[k] for k in version_keys] if all(k in found for k in version_keys) else versions(scopes)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    result = compute()
    cache.set(key, (current, result), settings.PAGE_CACHE_SECONDS)
    return result


# What a change to each model makes stale ------------------------------------------------------


APP_SCOPES = {
    "accounts": ["accounts"],
    "journeys": ["journeys"],
    "packs": ["journeys"],
    "referrals": ["referrals"],
    "challenges": ["challenges"],
    "casestudies": ["library"],
    "notifications": [],  # only in the navigation, per recipient: inbox_scope
}


def app_scopes(instance, update_fields=None) -> list[str]:
    meta = instance._meta
    if meta.label in UNSHOWN_MODELS or meta.object_name.startswith("Historical"):
        return []
    if meta.label in CATALOGUE_MODELS:
        return ["catalogue"]
    if meta.label == "accounts.User" and update_fields and set(update_fields) <= UNSHOWN_USER_FIELDS:
        return []
    return list(APP_SCOPES[meta.app_label])


def journey_ids(instance) -> list[int]:
    """The journeys a changed object belongs to (none for most objects outside journeys)."""
    from journeys.models import Journey

    name = instance._meta.object_name
    if name == "Journey":
        return [instance.pk]
    if getattr(instance, "journey_id", None):
        return [instance.journey_id]
    if name == "Evidence":
        return [instance.task.journey_id]
    if name == "ForecastLine":
        return [instance.forecast.journey_id]
    if name == "PackEvent":
        return [instance.pack.journey_id]
    if name == "StaffGroup":
        return list(Journey.objects.filter(group_id=instance.pk).values_list("pk", flat=True))
    if getattr(instance, "group_id", None):  # Membership, Invitation
        return list(Journey.objects.filter(group_id=instance.group_id).values_list("pk", flat=True))
    if name == "User":  # their memberships decide what they see on each journey
        return list(Journey.objects.filter(group__memberships__user=instance.pk).values_list("pk", flat=True))
    return []


def inbox_scope(user_id: int) -> str:
    """A person's notifications (the unread count in the navigation)."""
    return f"inbox:{user_id}"


def _changed(instance, update_fields=None) -> None:
    scopes = app_scopes(instance, update_fields)
    if scopes:
        with suppress(ObjectDoesNotExist):  # its journey went first, in the same deletion
            scopes += [f"journey:{pk}" for pk in journey_ids(instance)]
    if instance._meta.label == "notifications.Notification":
        scopes.append(inbox_scope(instance.recipient_id))
    if scopes:
        bump(*scopes)


def _saved(sender, instance, update_fields=None, **kwargs):
    _changed(instance, update_fields)


def _deleted(sender, instance, **kwargs):
    _changed(instance)


def _m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _deleted(sender, instance)


def connect() -> None:
    """Every portal model bumps the scopes it shows in (called once the models are loaded)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in PORTAL_APPS:
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")


def journey_changed(journey_id: int) -> None:
    """For writes that send no signal (QuerySet.update) to a journey's data."""
    bump("journeys", f"journey:{journey_id}")
