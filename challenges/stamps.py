"""What the public Right to Challenge pages are made of, read cheaply, for their ETags (and the
register's cached filter lists): see mutuals_portal/lib/httpcache.py."""

from django.db.models import Max
from django.utils import timezone

from mutuals_portal.lib.cache import data_changed, version
from mutuals_portal.lib.prepared import PreparedValues

from .models import ChallengeableService, Decision


def register_changed() -> None:
    """Called whenever a decision, an EOI, a service, its windows or a public body is saved or
    deleted (apps.py): the register's cached filter lists and counts and the public pages' ETags
    follow. The version is bumped now and again when the transaction commits (data_changed), so
    that figures read by someone else from the rows as they were before the commit are not kept
    under the new version."""
    data_changed("register")


def register_version() -> int:
    return version("register")


# The latest publication: one probe of the register's index, compiled once per process.
_LATEST_PUBLISHED = PreparedValues(
    lambda: Decision.objects.filter(published_at__isnull=False).order_by("-published_at").values("published_at")[:1],
    arity=0,
)


def register_stamp(request=None, *args, **kwargs) -> tuple:
    """The public register: the latest publication and the `register` version (renamed councils,
    services, bodies). The version is kept on the request (`register_version`), for the register's
    cached filter lists and count: the page then asks the cache for it once."""
    latest = _LATEST_PUBLISHED.rows()
    stamp = (latest[0]["published_at"] if latest else None), register_version()
    if request is not None:
        request.register_version = stamp[1]
    return stamp


def services_stamp(*args, **kwargs) -> tuple:
    """The public list of services: when a service last changed, the `register` version (windows,
    councils) and today's date (which windows are open)."""
    latest = ChallengeableService.objects.order_by().aggregate(latest=Max("updated_at"))["latest"]
    return latest, register_version(), timezone.localdate()
