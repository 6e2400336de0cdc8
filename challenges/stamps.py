"""What the public Right to Challenge pages are made of, read cheaply, for their ETags (and the
register's cached filter lists): see mutuals_portal/lib/httpcache.py."""

from django.db.models import Max
from django.utils import timezone

from mutuals_portal.lib.cache import data_changed, version

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


def register_stamp(*args, **kwargs) -> tuple:
    """The public register: the latest publication (one probe of the register's index) and the
    `register` version (renamed councils, services, bodies)."""
    latest = Decision.objects.order_by().aggregate(latest=Max("published_at"))["latest"]
    return latest, register_version()


def services_stamp(*args, **kwargs) -> tuple:
    """The public list of services: when a service last changed, the `register` version (windows,
    councils) and today's date (which windows are open)."""
    latest = ChallengeableService.objects.order_by().aggregate(latest=Max("updated_at"))["latest"]
    return latest, register_version(), timezone.localdate()
