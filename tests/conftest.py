"""Shared fixtures: a user of each role, an outsider, and the services' skip rules.

Roles (the permission matrix uses the same keys):
  anonymous      not signed in
  staff          lead of staff group A (parent: council A)
  member         member of staff group A
  other_staff    lead of staff group B (parent: council B)
  officer        officer of council A
  other_officer  officer of council B
  adviser        Cabinet Office adviser
  body           relevant body representative
  admin          superuser
"""

import importlib
import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from accounts.models import PublicBody, Region, User
from casestudies.models import CaseStudy
from journeys.models import Membership

from .factories import MembershipFactory, PublicBodyFactory, StaffGroupFactory, UserFactory
from .journeys.factories import make_journey
from .sends import record_sends

ROLES = ["anonymous", "staff", "member", "other_staff", "officer", "other_officer", "adviser", "body", "admin"]

WORLD_APPS = ["notifications", "journeys", "programme", "packs", "casestudies", "challenges"]

USING_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
USING_REDIS = bool(settings.REDIS_URL)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("needs_postgres") and not USING_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://..."))
        if item.get_closest_marker("needs_redis") and not USING_REDIS:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://..."))
        _keep_migration_data(item)
    # A transactional test (real worker, live server, browser) empties the database when it
    # ends, as Django's runner does; run them last, so that no ordinary test follows one.
    items.sort(key=_is_transactional)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in getattr(item, "fixturenames", ())


def _keep_migration_data(item) -> None:
    """Transactional tests get back the data that migrations load (the stage catalogue, the
    case-study library): Django serializes it once and restores it before each such test."""
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
        item.add_marker(
            pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
        )


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # CI's run against PostgreSQL and Redis must exercise everything: a skip fails it.
    if os.environ.get("MUTUALS_FORBID_SKIPS") == "1" and _skipped:
        print(f"\nMUTUALS_FORBID_SKIPS=1 but {len(_skipped)} test(s) were skipped:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object to the test database find the serialized migration data.

    Playwright's sync API runs an event loop, and Django then hands out a different connection
    object (connections are context-local); the data Django serialized after migrating sits on
    the first object only, so serialized rollback would silently restore nothing.
    """
    from django.db import connections

    contents = getattr(connections["default"], "_test_serialized_contents", None)
    if contents is not None:
        type(connections["default"])._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _steady_sessions(settings):
    """Sessions are renewed at sign-in; a slow test must not see an extra renewal write in the
    middle of a query count (tests/accounts/test_session_timeout.py moves the clock instead)."""
    settings.SESSION_RENEW_AFTER_SECONDS = 3600


@pytest.fixture(autouse=True)
def _closed_redis_breakers():
    """Each test starts with every Redis circuit breaker closed (mutuals_portal/lib/cache.py): a test
    that broke a Redis must not leave the next one skipping it."""
    from mutuals_portal.lib.cache import reset_breakers

    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache (cached facet counts, register filters, throttles, sessions)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _isolated_broker(tmp_path, monkeypatch):
    """Messages a test queues go to its own folder, never to `make run`'s queue.

    (With REDIS_URL set, CI points the tests at a Redis database of their own.)
    """
    from mutuals_portal.celery import app as celery_app

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folders = {name: tmp_path / "celery" / name for name in ("queue", "control")}
        for folder in folders.values():
            folder.mkdir(parents=True)
        options = {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "control_folder": str(folders["control"]),
            "store_processed": False,
        }
        monkeypatch.setitem(celery_app.conf, "broker_transport_options", options)
        # Connections made for an earlier test remember its folder: start afresh, as
        # Celery itself does after a fork (closing them could break a pool still in use).
        celery_app._pool = None
        if "amqp" in celery_app.__dict__:
            celery_app.amqp._producer_pool = None


@pytest.fixture
def packs_sent(monkeypatch):
    """The ids of the packs sent to be rendered (recorded; nothing reaches a broker or a worker)."""
    return record_sends(monkeypatch, "packs.tasks.render_pack")


@pytest.fixture
def notices_sent(monkeypatch):
    """The ids of the decision notices sent to be rendered (recorded; nothing reaches a broker or a worker)."""
    return record_sends(monkeypatch, "challenges.tasks.render_decision_notice")


@dataclass
class World:
    """Two councils, two staff groups and a user in every role."""

    council_a: PublicBody
    council_b: PublicBody
    cabinet_office: PublicBody
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return self.users[role]


@pytest.fixture
def world(db) -> World:
    council_a = PublicBodyFactory(name="Northbridge City Council", region=Region.NORTH_WEST)
    council_b = PublicBodyFactory(name="Eastvale District Council", region=Region.EAST)
    cabinet_office = PublicBodyFactory(name="Cabinet Office", kind=PublicBody.Kind.CENTRAL, region=Region.LONDON)
    group_a = StaffGroupFactory(name="Group A", parent_body=council_a)
    group_b = StaffGroupFactory(name="Group B", parent_body=council_b)
    users = {
        "anonymous": None,
        "staff": MembershipFactory(group=group_a, role=Membership.Role.LEAD, user__email="staff@example.test").user,
        "member": MembershipFactory(group=group_a, user__email="member@example.test").user,
        "other_staff": MembershipFactory(
            group=group_b, role=Membership.Role.LEAD, user__email="other-staff@example.test"
        ).user,
        "officer": UserFactory(email="officer@example.test", role=User.Role.OFFICER, public_body=council_a),
        "other_officer": UserFactory(email="other-officer@example.test", role=User.Role.OFFICER, public_body=council_b),
        "adviser": UserFactory(email="adviser@example.test", role=User.Role.ADVISER, public_body=cabinet_office),
        "body": UserFactory(email="body@example.test", role=User.Role.BODY),
        "admin": UserFactory(email="admin@example.test", role=User.Role.ADMIN, is_superuser=True, is_staff=True),
    }
    world = World(
        council_a=council_a,
        council_b=council_b,
        cabinet_office=cabinet_office,
        users=users,
        objects={"group_a": group_a, "group_b": group_b},
    )
    # Each app adds its objects (own and other) in tests/<app>/world.py: extend(world).
    for app_label in WORLD_APPS:
        try:
            module = importlib.import_module(f"tests.{app_label}.world")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{app_label}.world":
                raise
            continue
        module.extend(world)
    return world


# One staff group's journey and its people, for the tests of any app that need a single journey
# rather than the whole role world. A module that needs a particular one (a group under its council,
# a filled-in plan) defines its own `journey`, and its `lead` follows it.


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.test", full_name="Lena Lead")


@pytest.fixture
def journey(lead):
    group = StaffGroupFactory(name="Libraries group", parent_body=PublicBodyFactory(name="Northbridge"))
    MembershipFactory(group=group, user=lead, role=Membership.Role.LEAD)
    return make_journey(group=group, lead=lead)


@pytest.fixture
def member(journey):
    return MembershipFactory(group=journey.group, user__email="member@example.test").user


@pytest.fixture
def cabinet_office(db):
    return PublicBodyFactory(name="Cabinet Office", kind=PublicBody.Kind.CENTRAL, region=Region.LONDON)


@pytest.fixture
def adviser(cabinet_office):
    return UserFactory(
        email="adviser@example.test", full_name="Ada Adviser", role=User.Role.ADVISER, public_body=cabinet_office
    )


@pytest.fixture
def empty_library(db):
    """No case studies at all (the real ones come from a data migration)."""
    CaseStudy.objects.all().delete()


@pytest.fixture
def client_for(client):
    """Return a test client signed in as the given user (or anonymous for None)."""

    def _client_for(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _client_for
