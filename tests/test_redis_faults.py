"""Redis faults stay harmless (issue #17, point 5).

Each test starts a private redis-server on a spare port (the machine's Redis, shared by everyone,
is never reconfigured or stopped) and breaks it in one of three ways:

- **refusing writes**: `maxmemory 1mb`, policy `noeviction`, then filled: every write is refused
  with "OOM command not allowed when used memory > 'maxmemory'", reads still work;
- **down**: the process is killed (connections refused);
- **hung**: the process gets SIGSTOP (connections are accepted by the kernel, nothing answers).

In each case access changes take effect on the next request (a removed member, an unshared
journey, an officer moved to another council), pages answer, and for down and hung the circuit
breaker opened, so the process stops asking Redis. Timing is measured by `make faults`, not here.
No page or access decision is cached (issue #17): these tests prove it holds under faults.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from challenges.models import EOIStatus
from journeys.models import Membership
from mutuals_portal.lib.cache import CircuitOpen, bump_version, reset_breakers, version, version_key
from tests.challenges.factories import EOIFactory, ServiceFactory
from tests.factories import MembershipFactory, PublicBodyFactory, StaffGroupFactory, UserFactory
from tests.journeys.factories import make_journey

pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.django_db,
]

FAULTS = ["refusing writes", "down", "hung"]


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, and the faults it can be put in."""

    def __init__(self, folder):
        self.port = _spare_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.fault = None

    def break_it(self, fault: str) -> None:
        self.fault = fault
        if fault == "refusing writes":
            self.client.config_set("maxmemory-policy", "noeviction")
            self.client.config_set("maxmemory", "1mb")
            filler = "x" * 10_000
            for n in range(100_000):
                try:
                    self.client.set(f"filler:{n}", filler)
                except redis.exceptions.OutOfMemoryError:
                    # Full for a large value; full for a small one too once freed buffers are used up.
                    try:
                        self.client.set("probe", "x")
                    except redis.exceptions.OutOfMemoryError:
                        break
            with pytest.raises(redis.exceptions.OutOfMemoryError):
                self.client.set("one-more", "x")
        elif fault == "down":
            self.process.kill()
            self.process.wait(10)
        elif fault == "hung":
            os.kill(self.process.pid, signal.SIGSTOP)
        else:
            raise ValueError(fault)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, private_redis):
    """The cache on the private Redis, as production configures it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "mutuals_portal.lib.cache.FailSoftRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {
                "socket_connect_timeout": settings.REDIS_CONNECT_TIMEOUT,
                "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    reset_breakers()
    yield private_redis
    reset_breakers()


def _expect_fault_handled(server: PrivateRedis) -> None:
    """The fault was real while the access checks ran: a page that does use the cache (the library's
    facet counts) still answers. Down or hung: the breaker opened and is open. Refusing writes:
    Redis still answers (no breaker) and still refuses a write."""
    assert Client().get(reverse("casestudies:list"), {"q": "library"}).status_code == 200
    breaker = cache.breaker
    if server.fault == "refusing writes":
        assert not breaker.is_open and breaker.openings == 0
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            server.client.set("still-full", "x" * 2_000_000)
    else:
        assert breaker.is_open and breaker.openings == 1


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def journey_people():
    council = PublicBodyFactory(name="Northbridge")
    group = StaffGroupFactory(name="Libraries group", parent_body=council)
    lead = MembershipFactory(group=group, role=Membership.Role.LEAD, user__email="lead@example.test").user
    member = MembershipFactory(group=group, user__email="member@example.test").user
    officer = UserFactory(email="officer@example.test", role=User.Role.OFFICER, public_body=council)
    journey = make_journey(group=group, lead=lead, shared=True)
    return {"journey": journey, "lead": lead, "member": member, "officer": officer}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_removed_member_is_refused_on_the_next_request(redis_cache, journey_people, fault):
    journey, lead, member = journey_people["journey"], journey_people["lead"], journey_people["member"]
    task = journey.tasks.select_related("definition").order_by("pk").first()
    overview = reverse("journeys:overview", args=[journey.pk])
    task_url = reverse("journeys:task", args=[journey.pk, task.pk])
    as_member, as_lead = _signed_in(member), _signed_in(lead)
    assert as_member.get(overview).status_code == 200
    assert as_member.get(task_url).status_code == 200

    redis_cache.break_it(fault)
    membership = Membership.objects.get(group=journey.group, user=member)
    removed = as_lead.post(reverse("journeys:member_remove", args=[journey.pk, membership.pk]))
    assert removed.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()

    assert as_member.get(overview).status_code == 404
    before = (task.status, task.notes, task.version)
    refused = as_member.post(task_url, {"status": "completed", "notes": "Saved after removal", "version": task.version})
    assert refused.status_code == 404
    task.refresh_from_db()
    assert (task.status, task.notes, task.version) == before
    # The lead still works on the journey.
    assert as_lead.get(overview).status_code == 200
    _expect_fault_handled(redis_cache)


@pytest.mark.parametrize("fault", FAULTS)
def test_an_unshared_journey_disappears_for_the_council_officer(redis_cache, journey_people, fault):
    journey, lead, officer = journey_people["journey"], journey_people["lead"], journey_people["officer"]
    overview = reverse("journeys:overview", args=[journey.pk])
    as_officer, as_lead = _signed_in(officer), _signed_in(lead)
    assert as_officer.get(overview).status_code == 200
    assert journey.group.name in as_officer.get(reverse("journeys:list")).content.decode()

    redis_cache.break_it(fault)
    response = as_lead.post(reverse("journeys:sharing", args=[journey.pk]), {"shared": "no"})
    assert response.status_code == 302
    journey.refresh_from_db()
    assert not journey.shared_with_council

    assert as_officer.get(overview).status_code == 404
    listing = as_officer.get(reverse("journeys:list"))
    assert listing.status_code == 200
    assert journey.group.name not in listing.content.decode()
    _expect_fault_handled(redis_cache)


@pytest.mark.parametrize("fault", FAULTS)
def test_an_officer_moved_to_another_council_loses_the_old_councils_eois(redis_cache, fault):
    old, new = PublicBodyFactory(name="Old Council"), PublicBodyFactory(name="New Council")
    officer = UserFactory(role=User.Role.OFFICER, public_body=old)
    eoi = EOIFactory(service=ServiceFactory(council=old), status=EOIStatus.RECEIVED, body_name="Friends of the Lido")
    review = reverse("challenges:eoi_review", args=[eoi.pk])
    as_officer = _signed_in(officer)
    assert as_officer.get(review).status_code == 200
    assert "Friends of the Lido" in as_officer.get(reverse("challenges:eoi_list")).content.decode()

    redis_cache.break_it(fault)
    officer.public_body = new  # as an administrator does in the Django admin
    officer.save()

    # The move ends their sessions in the database (accounts.sessions), whatever Redis does ...
    assert as_officer.get(review)["Location"].startswith(reverse("login"))
    # ... and signed in again, the old council's EOI is not theirs.
    as_officer = _signed_in(officer)
    assert as_officer.get(review).status_code == 404
    workspace = as_officer.get(reverse("challenges:eoi_list"))
    assert workspace.status_code == 200
    assert "Friends of the Lido" not in workspace.content.decode()
    _expect_fault_handled(redis_cache)


def test_a_hung_redis_is_not_asked_again_until_the_breaker_period_ends(redis_cache, settings):
    cache.set("kept", "value")
    redis_cache.break_it("hung")
    breaker = cache.breaker
    assert cache.get("kept") is None  # the first call waits one socket timeout, then opens the breaker
    assert breaker.is_open
    # While it is open nothing reaches Redis: the calls that raise are refused at once.
    with pytest.raises(CircuitOpen):
        cache.incr("kept")
    assert cache.get("kept", "default") == "default"
    cache.set("other", 1)
    assert breaker.openings == 1

    # Redis answers again; once the period is over the next call tries it, and one success closes it.
    os.kill(redis_cache.process.pid, signal.SIGCONT)
    assert cache.get("kept") is None  # still open: not asked
    breaker.open_until = time.monotonic() - 1  # the period has passed
    assert cache.get("kept") == "value"
    assert not breaker.is_open and breaker.open_until == 0


def test_a_refused_write_is_skipped_and_counted_and_reads_go_on(redis_cache):
    cache.set("kept", "value")
    redis_cache.break_it("refusing writes")
    cache.set("new", "value")  # no exception
    assert cache.add("new", "value") is False
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.get("new") is None
    assert cache.get("kept") == "value"
    assert cache.breaker.refused_writes == 3
    assert not cache.breaker.is_open


def test_a_version_that_cannot_be_bumped_on_a_full_redis_is_dropped_not_kept(redis_cache):
    before = version("library")
    assert version("library") == before
    redis_cache.break_it("refusing writes")
    bump_version("library")  # INCR is refused when memory is full: the change must still show
    assert not redis_cache.client.exists(f":1:{version_key('library')}")
    # Without the version every read makes a new number: nothing cached under the old one is used.
    first, second = version("library"), version("library")
    assert before not in (first, second) and first != second


@pytest.mark.parametrize("fault", ["down", "hung"])
def test_the_throttled_api_answers_with_redis_down_or_hung(redis_cache, client, fault):
    redis_cache.break_it(fault)
    for _ in range(3):
        response = client.get("/api/v1/case-studies/")
        assert response.status_code == 200
        assert "results" in response.json()
    # The throttle cannot count without its store: it lets requests through (fails open), quickly.
    assert cache.breaker.is_open and cache.breaker.openings == 1


def test_anonymous_query_strings_leave_no_keys_in_redis(redis_cache, client):
    client.get("/case-studies/")
    client.get("/challenges/register/")
    keys = redis_cache.client.dbsize()
    for _ in range(20):
        junk = uuid.uuid4().hex
        assert client.get(f"/case-studies/?{junk}={junk}&page=1").status_code == 200
        assert client.get(f"/challenges/register/?utm_source={junk}").status_code == 200
        assert client.get(f"/accessibility/?{junk}=1").status_code == 200
    assert redis_cache.client.dbsize() == keys


# The Celery broker on a hung Redis: a request that queues a job is not held up.


@pytest.fixture
def redis_broker(settings, private_redis):
    """Celery publishing to the private Redis with the production timeouts and retry policy."""
    from mutuals_portal.celery import app as celery_app

    def fresh_connections():
        celery_app._pool = None
        if "amqp" in celery_app.__dict__:
            celery_app.amqp._producer_pool = None

    keys = ["broker_url", "broker_transport_options", "broker_connection_timeout", "task_publish_retry_policy"]
    saved = {key: celery_app.conf[key] for key in keys}
    settings.CELERY_BROKER_URL = private_redis.url
    celery_app.conf.update(
        broker_url=private_redis.url,
        broker_transport_options={
            "socket_connect_timeout": settings.REDIS_CONNECT_TIMEOUT,
            "socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
        },
        broker_connection_timeout=settings.REDIS_CONNECT_TIMEOUT,
        task_publish_retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
    )
    fresh_connections()
    yield private_redis
    celery_app.conf.update(saved)
    fresh_connections()


@pytest.mark.parametrize("fault", ["down", "hung"])
def test_jobs_are_kept_in_the_database_and_the_broker_left_alone(redis_broker, settings, fault):
    from jobs.models import UnsentJob
    from jobs.services import send
    from mutuals_portal.celery import ping
    from mutuals_portal.lib.cache import breaker_for

    assert send(ping) is True
    assert redis_broker.client.llen("celery") == 1
    redis_broker.break_it(fault)
    assert send(ping) is False
    breaker = breaker_for(redis_broker.url)
    assert breaker.is_open and breaker.openings == 1
    assert send(ping) is False  # not tried: the breaker is open
    kept = list(UnsentJob.objects.values_list("task", "last_error"))
    assert [task for task, _ in kept] == ["mutuals_portal.ping", "mutuals_portal.ping"]
    assert "CircuitOpen" in kept[1][1]


def test_forgetting_the_breakers_closes_them_for_caches_already_in_use(redis_cache):
    redis_cache.break_it("down")
    cache.get("x")
    assert cache.breaker.is_open
    reset_breakers()  # as before every test (tests/conftest.py)
    assert not cache.breaker.is_open
