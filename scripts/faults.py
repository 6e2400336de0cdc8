#!/usr/bin/env python
"""Fault checks: `make faults` (or `.venv/bin/python scripts/faults.py`).

Starts a private production-like stack and breaks parts of it on purpose:

- its OWN PostgreSQL cluster (initdb into a temporary folder, a spare port) and its OWN
  redis-server (a spare port): the machine's PostgreSQL (5432) and Redis (6379) are never touched;
- the portal migrated and seeded (`seed_demo`), served by gunicorn (2 workers, DEBUG off), a
  Celery worker and Celery beat, all with the production settings (only SECURE_SSL_REDIRECT is
  off, because the checks speak plain http on loopback).

Then it runs the checks in CHECKS, prints a table (check, PASS/FAIL, numbers) and exits 1 if any
check failed. Everything it started is stopped, and its folder removed, however it ends.

    --dry-run      list the checks and exit
    --only NAME    run one scenario: database, redis or worker
    --keep         keep the temporary folder (logs of every process) and print where it is
"""

import argparse
import base64
import hmac
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "demo-pass-2026"  # seed_demo's password for every demo account
LEAD, OFFICER = "lead@demo.test", "officer@demo.test"
JOURNEY_GROUP = "Northbridge Libraries Staff Group"  # lead@demo.test's group
DELIVERY_TIMEOUT = 180  # seconds for a job to be done once the fault is over
PAGE_BUDGET = 2.0  # seconds: with Redis down or hung, every page answers within this
BIG_PLAN_RISKS = 60  # rows added to the risk register so that a render can be caught half-way


@dataclass(frozen=True)
class Check:
    key: str
    what: str


CHECKS = [
    Check("database.restart.requests", "PostgreSQL restarts under load: once it is back every request succeeds"),
    Check("database.restart.no_web_restart", "the same gunicorn workers serve before and after (no restart)"),
    Check("database.restart.worker", "after the restart the Celery worker renders a new pack"),
    Check("redis.down.pages", "Redis stopped: signed-in pages, the notifications count and the API answer 200 in 2 s"),
    Check("redis.down.pack_queued", "Redis stopped: a lead's pack request succeeds; the pack list says queued"),
    Check("redis.down.notice_queued", "Redis stopped: an officer publishes a decision; its notice is queued"),
    Check("redis.back.delivered", "Redis started again: the pack and the notice are ready, no process restarted"),
    Check("redis.hung.pages", "Redis hung (SIGSTOP): signed-in, officer's pages, API 200 and /healthz 503 in 2 s"),
    Check("redis.hung.pack_queued", "Redis hung: a lead's pack request answers in 2 s; the pack list says queued"),
    Check("redis.hung.resumed", "Redis continued (SIGCONT): the pack is ready, no process restarted"),
    Check("worker.child_killed.pack", "the pool process rendering a pack gets SIGKILL: the pack still ends ready"),
    Check("worker.child_killed.notice", "the pool process rendering a notice gets SIGKILL: the notice ends ready"),
    Check("worker.killed.pack", "the whole worker gets SIGKILL mid-render; a new worker finishes the pack"),
    Check("worker.killed.notice", "the whole worker gets SIGKILL mid-render; a new worker finishes the notice"),
]
SCENARIOS = ["database", "redis", "worker"]


@dataclass
class Result:
    key: str
    passed: bool
    numbers: str = ""
    detail: str = ""


class CheckFailed(Exception):
    """A step of a scenario went wrong: the checks it still owed fail with this message."""


# Processes and ports.


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)")
    return found[-1].parent


def children_of(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return {int(child) for child in path.read_text().split()}
    except FileNotFoundError:
        return set()


def static_files_current() -> bool:
    """True if staticfiles/ (settings.STATIC_ROOT) was collected after the last change to what goes in it.

    Collecting compresses every file (about 90 s on two busy cores): do it only when something changed.
    """
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [
        *(ROOT / "static").rglob("*"),
        ROOT / "node_modules" / "govuk-frontend" / "package.json",
        ROOT / "requirements.txt",
    ]
    return max(path.stat().st_mtime for path in sources if path.exists()) < manifest.stat().st_mtime


def wait_until(predicate, timeout: float, interval: float = 0.25):
    """Call `predicate` until it returns something true; return that, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


class Stack:
    """PostgreSQL, Redis, gunicorn, a Celery worker and beat, all private to one run."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir(parents=True)
        self.pg_bin = postgres_bin()
        self.pg_data = folder / "postgres"
        self.pg_port, self.redis_port, self.web_port = spare_port(), spare_port(), spare_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.redis = self.web = self.beat = None
        self.worker = None
        self.workers_started = 0
        self.env = self._app_env()

    def _app_env(self) -> dict:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="mutuals_portal.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{self.web_port}",
            CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{self.web_port}",
            SECURE_SSL_REDIRECT="0",  # plain http on loopback; everything else as in production
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/portal",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            MEDIA_ROOT=str(self.folder / "media"),
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        return env

    # PostgreSQL

    def _pg(self, *args, check=True):
        return subprocess.run([*self.as_postgres, *args], check=check, capture_output=True, text=True)

    def postgres_init(self) -> None:
        self.pg_data.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_data, "postgres", "postgres")
        self._pg(
            str(self.pg_bin / "initdb"),
            "-D",
            str(self.pg_data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.postgres_start()
        subprocess.run(
            [str(self.pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "portal"],
            check=True,
        )

    def postgres_start(self) -> None:
        options = f"-p {self.pg_port} -k {self.pg_data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg(
            str(self.pg_bin / "pg_ctl"),
            "-D",
            str(self.pg_data),
            "-l",
            str(self.pg_data / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def postgres_stop(self, mode: str = "fast", check: bool = True) -> None:
        self._pg(str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data), "-m", mode, "-w", "stop", check=check)

    # Redis

    def redis_start(self) -> None:
        folder = self.folder / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(folder),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(self.logs / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until(lambda: self._redis_answers(), 20, 0.1):
            raise CheckFailed("redis-server did not start")

    def _redis_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def redis_stop(self) -> None:
        if self.redis and self.redis.poll() is None:
            self.redis.send_signal(signal.SIGCONT)  # a hung (stopped) server acts on SIGTERM only once continued
            self.redis.terminate()
            self.redis.wait(20)

    def redis_hang(self) -> None:
        """SIGSTOP: the kernel still accepts connections, but nothing reads or answers them."""
        self.redis.send_signal(signal.SIGSTOP)

    def redis_resume(self) -> None:
        self.redis.send_signal(signal.SIGCONT)

    # The portal

    def manage(self, *args) -> None:
        with (self.logs / "manage.log").open("a") as log:
            subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("a")
        # A session of its own: the whole worker (main process and pool) can be killed at once.
        return subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def web_start(self) -> None:
        self.web = self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "mutuals_portal.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--access-logfile",
                str(self.logs / "access.log"),
            ],
        )
        if not wait_until(lambda: self.web_ready(), 60, 0.2):
            raise CheckFailed("gunicorn did not answer /healthz")

    def web_ready(self) -> bool:
        try:
            return Browser(self.web_port).get("/healthz").status == 200
        except (OSError, http.client.HTTPException):
            return False

    def web_workers(self) -> set[int]:
        return children_of(self.web.pid)

    def worker_start(self) -> subprocess.Popen:
        self.workers_started += 1
        self.worker = self._spawn(
            f"worker-{self.workers_started}",
            [
                str(BIN / "celery"),
                "-A",
                "mutuals_portal",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--hostname",
                f"faults{self.workers_started}@%h",
            ],
        )
        if not wait_until(lambda: "ready." in (self.logs / f"worker-{self.workers_started}.log").read_text(), 60):
            raise CheckFailed("the Celery worker did not start")
        return self.worker

    def worker_pool(self) -> set[int]:
        return children_of(self.worker.pid)

    def beat_start(self) -> None:
        self.beat = self._spawn(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "mutuals_portal",
                "beat",
                "--loglevel",
                "INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
        )

    def start(self) -> None:
        started = time.monotonic()
        steps = [
            ("PostgreSQL cluster", self.postgres_init),
            ("redis-server", self.redis_start),
            ("migrate", lambda: self.manage("migrate", "--noinput")),
            ("collectstatic", lambda: static_files_current() or self.manage("collectstatic", "--noinput")),
            ("seed_demo", lambda: self.manage("seed_demo")),
            ("gunicorn", self.web_start),
            ("Celery worker", self.worker_start),
            ("Celery beat", self.beat_start),
        ]
        for name, step in steps:
            step_started = time.monotonic()
            step()
            print(f"  {name}: {time.monotonic() - step_started:.1f} s", flush=True)
        print(
            f"Stack up in {time.monotonic() - started:.0f} s: PostgreSQL :{self.pg_port}, "
            f"Redis :{self.redis_port}, gunicorn :{self.web_port} (logs in {self.logs})",
            flush=True,
        )

    def stop(self) -> None:
        for process in (self.web, self.beat, self.worker):
            _stop_group(process)
        self.redis_stop()
        if (self.pg_data / "postmaster.pid").exists():
            self.postgres_stop("immediate", check=False)


def _stop_group(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    except ProcessLookupError:
        pass


# HTTP, as a browser would.


@dataclass
class Response:
    status: int
    body: str
    location: str = ""
    seconds: float = 0.0


class Browser:
    """Cookies and CSRF for one visitor; each request on a new connection (gunicorn's sync workers close them)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 20) -> Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            return Response(response.status, text, response.getheader("Location", ""), time.monotonic() - started)
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict | None = None, **kwargs) -> Response:
        return self.request("POST", path, form or {}, **kwargs)

    def sign_in(self, email: str) -> "Browser":
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"username": email, "password": PASSWORD})
        if response.status != 302:
            raise CheckFailed(f"signing in as {email} answered {response.status}")
        page = self.get("/accounts/")
        if page.status == 302 and "/two-factor/" in page.location:
            self._set_up_two_factor()
        return self

    def _set_up_two_factor(self) -> None:
        """Officers must use two-factor authentication in production: set up an authenticator, as a person would."""
        page = self.get("/accounts/two-factor/")
        found = re.search(r'class="app-secret-key">([A-Z2-7 ]+)<', page.body)
        if not found:
            raise CheckFailed("no authenticator key on the two-factor set-up page")
        response = self.post("/accounts/two-factor/", {"code": totp(found.group(1)), "next": "/accounts/"})
        if response.status != 302:
            raise CheckFailed(f"two-factor set-up answered {response.status}")


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code for a base32 secret (spaces allowed), as an authenticator app shows it."""
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


@dataclass
class Hit:
    started: float
    seconds: float
    ok: bool


@dataclass
class Load:
    """Threads requesting pages in turn until stopped; each hit records when it started and whether it was a 200."""

    visits: list[tuple[Browser, str]]
    threads: int = 4
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._workers = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.threads)]

    def _run(self, offset: int) -> None:
        n = offset
        while not self._stop.is_set():
            browser, path = self.visits[n % len(self.visits)]
            n += 1
            started = time.monotonic()
            try:
                visitor = Browser(browser.port)
                visitor.cookies = dict(browser.cookies)
                ok = visitor.get(path, timeout=10).status == 200
            except (OSError, http.client.HTTPException):
                ok = False
            self.hits.append(Hit(started, time.monotonic() - started, ok))

    def start(self) -> "Load":
        for worker in self._workers:
            worker.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(15)

    def between(self, start: float, end: float) -> list[Hit]:
        return [hit for hit in self.hits if start <= hit.started < end]


def counts(hits: list[Hit]) -> str:
    return f"{len(hits)} req/{sum(not hit.ok for hit in hits)} err"


# The portal's data, read and prepared through Django (the script is a client of its own database).


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def db_retry(fn, *args, **kwargs):
    """Run an ORM call, reconnecting once if the connection died with a database restart."""
    from django.db import InterfaceError, OperationalError, connection

    try:
        return fn(*args, **kwargs)
    except (InterfaceError, OperationalError):
        connection.close()
        return fn(*args, **kwargs)


def lead_journey():
    from journeys.models import Journey

    return Journey.objects.select_related("group").get(group__name=JOURNEY_GROUP)


def change_plan(journey, risks: int = 1) -> None:
    """New plan data, so that the next pack request makes a new version (unchanged data reuses a pack)."""
    from journeys.models import Risk

    start = Risk.objects.filter(journey=journey).count()
    Risk.objects.bulk_create(
        Risk(
            journey=journey,
            title=f"Fault-check risk {start + n}",
            owner="Service lead",
            likelihood=1 + n % 5,
            impact=1 + (n * 3) % 5,
            mitigation="Review each quarter with the commissioner and the board. " * 3,
        )
        for n in range(risks)
    )


def latest_pack(journey):
    return journey.packs.filter(format=PACK_REQUEST["formats"]).order_by("-version").first()


def pack_status(pack_id: int) -> str:
    from packs.models import BusinessPlanPack

    return db_retry(lambda: BusinessPlanPack.objects.values_list("status", flat=True).get(pk=pack_id))


def notice_status(decision_id: int) -> str | None:
    from challenges.models import DecisionNotice

    return db_retry(
        lambda: DecisionNotice.objects.filter(decision_id=decision_id).values_list("status", flat=True).first()
    )


def unpublished_decisions(officer_email: str) -> list[int]:
    """Recorded, not yet published decisions of the officer's council (seed_demo leaves some)."""
    from accounts.models import User
    from challenges.models import Decision

    council = User.objects.get(email=officer_email).public_body_id
    return list(
        Decision.objects.filter(published_at=None, eoi__service__council_id=council)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lengthen_decision(decision_id: int) -> None:
    """Long reasons make the notice take long enough to render that a kill lands in the middle."""
    from challenges.models import Decision

    paragraph = (
        "The authority considered the expression of interest against each statutory ground, "
        "the representations received and the well-being of the area. "
    )
    Decision.objects.filter(pk=decision_id).update(reasons="\n\n".join([paragraph * 4] * 60))


# What the pack list's form posts for the business plan alone (tests/test_faults_script.py checks the form takes it).
PACK_REQUEST = {"formats": "business_plan"}


def request_pack(lead: Browser, journey) -> tuple[Response, int]:
    """The lead asks for the business plan, as the pack list's form does; a form that refuses it stops the check."""
    response = lead.post(f"/journeys/{journey.pk}/packs/request/", PACK_REQUEST)
    if response.status != 302:
        raise CheckFailed(f"the pack request answered {response.status}, not a redirect to the pack list")
    pack = latest_pack(journey)
    return response, pack.pk


# Scenarios. Each returns a Result for every check whose key starts with its name.


def scenario_database(stack: Stack, people: dict) -> list[Result]:
    lead, officer, visitor, journey = people["lead"], people["officer"], people["visitor"], people["journey"]
    visits = [
        (lead, f"/journeys/{journey.pk}/"),
        (lead, f"/journeys/{journey.pk}/packs/"),
        (officer, "/challenges/"),
        (lead, "/notifications/"),
        (visitor, "/case-studies/"),
    ]
    web_before = stack.web_workers()
    load = Load(visits).start()
    time.sleep(5)
    down_at = time.monotonic()
    stack.postgres_stop("fast")
    time.sleep(3)
    stack.postgres_start()
    up_at = time.monotonic()
    time.sleep(10)
    load.stop()
    end = time.monotonic()
    # Before: answered before PostgreSQL went down. During: the rest, started before it was back. After: the rest.
    before = [hit for hit in load.hits if hit.started + hit.seconds < down_at]
    during = [hit for hit in load.between(0, up_at) if hit.started + hit.seconds >= down_at]
    after = load.between(up_at, end)
    first_ok = next((hit for hit in after if hit.ok), None)
    recovered = f"{first_ok.started + first_ok.seconds - up_at:.2f} s" if first_ok else "never"
    numbers = (
        f"before {counts(before)}; down {up_at - down_at:.1f} s: {counts(during)}; "
        f"after {counts(after)}; first 200 after restart in {recovered}"
    )
    failed_after = sum(not hit.ok for hit in after)
    results = [
        Result(
            "database.restart.requests",
            bool(before) and bool(during) and len(after) >= 10 and failed_after == 0,
            numbers,
            "" if failed_after == 0 else f"{failed_after} request(s) failed after PostgreSQL was back",
        ),
    ]
    web_after = stack.web_workers()
    results.append(
        Result(
            "database.restart.no_web_restart",
            web_before == web_after and len(web_after) == 2,
            f"gunicorn workers {sorted(web_before)} -> {sorted(web_after)}",
        )
    )
    db_retry(change_plan, journey)
    started = time.monotonic()
    response, pack_id = request_pack(lead, journey)
    ready = wait_until(lambda: pack_status(pack_id) in ("ready", "failed") and pack_status(pack_id), 60)
    results.append(
        Result(
            "database.restart.worker",
            response.status == 302 and ready == "ready",
            f"pack {ready or 'not done'} in {time.monotonic() - started:.1f} s",
        )
    )
    return results


def scenario_redis(stack: Stack, people: dict) -> list[Result]:
    lead, officer, visitor, journey = people["lead"], people["officer"], people["visitor"], people["journey"]
    decision_id = people["decisions"].pop(0)
    results = []
    web_before, worker_before = stack.web_workers(), stack.worker.pid
    stack.redis_stop()
    try:
        pages = [
            (lead, f"/journeys/{journey.pk}/"),
            (lead, f"/journeys/{journey.pk}/packs/"),
            (lead, "/notifications/"),
            (officer, "/challenges/"),
            (officer, f"/challenges/eois/{people['decision_eoi'][decision_id]}/"),
            (visitor, "/case-studies/"),
            (visitor, "/api/v1/case-studies/"),
            (lead, "/api/v1/journeys/"),
        ]
        answers = [(path, browser.get(path)) for browser, path in pages]
        bad = [
            f"{path} {r.status} in {r.seconds:.2f} s"
            for path, r in answers
            if r.status != 200 or r.seconds > PAGE_BUDGET
        ]
        slowest = max(r.seconds for _, r in answers)
        health = visitor.get("/healthz")
        results.append(
            Result(
                "redis.down.pages",
                not bad and health.status == 503 and '"broker": "unavailable"' in health.body,
                f"{len(answers)} pages, {len(answers) - len(bad)} x 200, slowest {slowest:.2f} s; "
                f"/healthz {health.status}",
                "; ".join(bad),
            )
        )

        change_plan(journey)
        response, pack_id = request_pack(lead, journey)
        page = lead.get(f"/journeys/{journey.pk}/packs/")
        shown = "Waiting to start" in page.body and "In the queue" in page.body
        results.append(
            Result(
                "redis.down.pack_queued",
                response.status == 302 and pack_status(pack_id) == "queued" and shown,
                f"request {response.status} in {response.seconds:.2f} s; pack {pack_status(pack_id)}; "
                f"page says queued: {'yes' if shown else 'no'}",
            )
        )

        response = officer.post(f"/challenges/decisions/{decision_id}/publish/")
        review = officer.get(response.location) if response.status == 302 else response
        shown = "Being produced" in review.body
        results.append(
            Result(
                "redis.down.notice_queued",
                response.status == 302 and notice_status(decision_id) == "queued" and shown,
                f"publish {response.status} in {response.seconds:.2f} s; notice {notice_status(decision_id)}; "
                f"page says being produced: {'yes' if shown else 'no'}",
            )
        )
        time.sleep(5)
        waited = pack_status(pack_id) == "queued" and notice_status(decision_id) == "queued"
    finally:
        stack.redis_start()
    back_at = time.monotonic()
    done = wait_until(
        lambda: pack_status(pack_id) == "ready" and notice_status(decision_id) == "ready", DELIVERY_TIMEOUT, 0.5
    )
    restarted = stack.web_workers() != web_before or stack.worker.pid != worker_before or stack.worker.poll()
    results.append(
        Result(
            "redis.back.delivered",
            bool(done) and waited and not restarted,
            f"both ready {time.monotonic() - back_at:.1f} s after Redis returned"
            if done
            else f"pack {pack_status(pack_id)}, notice {notice_status(decision_id)} after {DELIVERY_TIMEOUT} s",
            "" if waited else "a job ran while Redis was down?",
        )
    )
    results += _redis_hung(stack, people, pages)
    return results


def _redis_hung(stack: Stack, people: dict, pages: list) -> list[Result]:
    """Redis accepts connections but never answers: short timeouts and the circuit breaker keep pages quick."""
    lead, visitor, journey = people["lead"], people["visitor"], people["journey"]
    results = []
    web_before, worker_before = stack.web_workers(), stack.worker.pid
    stack.redis_hang()
    try:
        # Twice round: the first visit to each gunicorn worker meets the timeout, later ones the open breaker.
        answers = [(path, browser.get(path, timeout=30)) for _ in range(2) for browser, path in pages]
        bad = [
            f"{path} {r.status} in {r.seconds:.2f} s"
            for path, r in answers
            if r.status != 200 or r.seconds > PAGE_BUDGET
        ]
        slowest = max(r.seconds for _, r in answers)
        health = visitor.get("/healthz", timeout=30)
        if health.status != 503 or health.seconds > PAGE_BUDGET:
            bad.append(f"/healthz {health.status} in {health.seconds:.2f} s")
        results.append(
            Result(
                "redis.hung.pages",
                not bad,
                f"{len(answers)} requests, {len(answers) - len(bad)} x 200 within {PAGE_BUDGET:g} s, slowest "
                f"{slowest:.2f} s; /healthz {health.status} in {health.seconds:.2f} s",
                "; ".join(bad),
            )
        )
        change_plan(journey)
        response, pack_id = request_pack(lead, journey)
        page = lead.get(f"/journeys/{journey.pk}/packs/", timeout=30)
        shown = "Waiting to start" in page.body
        results.append(
            Result(
                "redis.hung.pack_queued",
                response.status == 302
                and response.seconds <= PAGE_BUDGET
                and pack_status(pack_id) == "queued"
                and shown,
                f"request {response.status} in {response.seconds:.2f} s; pack {pack_status(pack_id)}; "
                f"list {page.status} in {page.seconds:.2f} s, says queued: {'yes' if shown else 'no'}",
            )
        )
    finally:
        stack.redis_resume()
    back_at = time.monotonic()
    done = wait_until(lambda: pack_status(pack_id) == "ready", DELIVERY_TIMEOUT, 0.5)
    restarted = stack.web_workers() != web_before or stack.worker.pid != worker_before or stack.worker.poll()
    results.append(
        Result(
            "redis.hung.resumed",
            bool(done) and not restarted,
            f"pack ready {time.monotonic() - back_at:.1f} s after Redis continued"
            if done
            else f"pack {pack_status(pack_id)} after {DELIVERY_TIMEOUT} s",
            "a process restarted" if restarted else "",
        )
    )
    return results


def _catch_rendering(status_of, target_id, timeout=60) -> bool:
    return (
        bool(wait_until(lambda: status_of(target_id) != "queued", timeout, 0.01))
        and status_of(target_id) == "rendering"
    )


def _kill_child(stack: Stack) -> int:
    pool = stack.worker_pool()
    for pid in pool:
        os.kill(pid, signal.SIGKILL)
    return len(pool)


def _kill_worker(stack: Stack) -> None:
    os.killpg(stack.worker.pid, signal.SIGKILL)
    stack.worker.wait(10)


def _after_kill(key: str, status_of, target_id, killed_at: float, how=None) -> Result:
    """Wait for the job to end; `how` says whether it recovered the expected way, with a note for the table."""
    done = wait_until(
        lambda: status_of(target_id) in ("ready", "failed") and status_of(target_id), DELIVERY_TIMEOUT, 0.2
    )
    numbers = f"{done or status_of(target_id)} {time.monotonic() - killed_at:.1f} s after the kill"
    recovered, note = how() if how else (True, "")
    return Result(key, done == "ready" and recovered, numbers + note)


def _pack_recovery(pack_id: int, expected: str):
    """Whether the pack's log has a note starting with `expected`, and its attempts, for the table."""
    from packs.models import BusinessPlanPack

    def how():
        pack = BusinessPlanPack.objects.get(pk=pack_id)
        notes = list(pack.events.values_list("note", flat=True))
        found = any(note.startswith(expected) for note in notes)
        return found, f", {pack.attempts} attempts, log: {expected!r} {'found' if found else 'MISSING'}"

    return how


def _notice_recovery(decision_id: int):
    """Whether another process than the killed one finished the notice."""
    from challenges.models import DecisionNotice

    killed = DecisionNotice.objects.get(decision_id=decision_id).rendered_by

    def how():
        finisher = DecisionNotice.objects.get(decision_id=decision_id).rendered_by
        return finisher != killed, f", rendered by {killed} then {finisher}"

    return how


def scenario_worker(stack: Stack, people: dict) -> list[Result]:
    lead, officer, journey = people["lead"], people["officer"], people["journey"]
    results = []
    change_plan(journey, BIG_PLAN_RISKS)
    for whole in (False, True):
        kind = "killed" if whole else "child_killed"
        # A pack.
        change_plan(journey)
        _, pack_id = request_pack(lead, journey)
        if not _catch_rendering(pack_status, pack_id):
            results.append(
                Result(
                    f"worker.{kind}.pack", False, f"pack {pack_status(pack_id)}", "the render was not caught half-way"
                )
            )
        else:
            if whole:
                _kill_worker(stack)
            else:
                _kill_child(stack)
            killed_at = time.monotonic()
            if whole:
                stack.worker_start()
            # A killed pool process: Celery hands the message out again and the next process takes over.
            # A killed worker: the new worker, starting, finds the render's process gone and requeues it.
            expected = "Requeued:" if whole else "Taken over by"
            results.append(
                _after_kill(f"worker.{kind}.pack", pack_status, pack_id, killed_at, _pack_recovery(pack_id, expected))
            )
        # A decision notice.
        decision_id = people["decisions"].pop(0)
        lengthen_decision(decision_id)
        officer.post(f"/challenges/decisions/{decision_id}/publish/")
        if not _catch_rendering(notice_status, decision_id):
            results.append(
                Result(
                    f"worker.{kind}.notice",
                    False,
                    f"notice {notice_status(decision_id)}",
                    "the render was not caught half-way",
                )
            )
            continue
        how = _notice_recovery(decision_id)
        if whole:
            _kill_worker(stack)
        else:
            _kill_child(stack)
        killed_at = time.monotonic()
        if whole:
            stack.worker_start()
        results.append(_after_kill(f"worker.{kind}.notice", notice_status, decision_id, killed_at, how))
    return results


RUNNERS = {"database": scenario_database, "redis": scenario_redis, "worker": scenario_worker}


def prepare_people(stack: Stack) -> dict:
    from challenges.models import Decision

    decisions = unpublished_decisions(OFFICER)
    if len(decisions) < 3:  # one for the Redis scenario, two for the worker scenario
        raise CheckFailed(f"seed_demo left {len(decisions)} unpublished decisions for {OFFICER}; 3 are needed")
    return {
        "lead": Browser(stack.web_port).sign_in(LEAD),
        "officer": Browser(stack.web_port).sign_in(OFFICER),
        "visitor": Browser(stack.web_port),
        "journey": lead_journey(),
        "decisions": decisions,
        "decision_eoi": dict(Decision.objects.filter(pk__in=decisions).values_list("pk", "eoi_id")),
    }


def print_table(results: list[Result]) -> None:
    width = max(len(r.key) for r in results)
    print(f"\n{'check'.ljust(width)}  result  numbers")
    print(f"{'-' * width}  ------  -------")
    for result in results:
        print(f"{result.key.ljust(width)}  {'PASS' if result.passed else 'FAIL'}    {result.numbers}")
        if result.detail:
            print(f"{''.ljust(width)}          {result.detail}")
    passed = sum(r.passed for r in results)
    print(f"\n{passed} of {len(results)} checks passed.")


def run(only: str | None, keep: bool) -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="mutuals-faults-"))
    folder.chmod(0o755)  # PostgreSQL runs as its own user inside it
    stack = Stack(folder)
    scenarios = [only] if only else SCENARIOS
    owed = {name: [check.key for check in CHECKS if check.key.startswith(name + ".")] for name in scenarios}
    results: list[Result] = []
    try:
        try:
            stack.start()
            setup_django(stack.env)
            people = prepare_people(stack)
        except (CheckFailed, subprocess.CalledProcessError, OSError) as error:
            traceback.print_exc()
            return [Result(key, False, "", f"setup failed: {error}") for keys in owed.values() for key in keys]
        for name in scenarios:
            started = time.monotonic()
            print(f"Scenario {name} ...", flush=True)
            try:
                got = RUNNERS[name](stack, people)
            except Exception as error:  # report it as failed checks, and go on with the next scenario
                traceback.print_exc()
                got = [Result(owed[name][0], False, "", f"{error.__class__.__name__}: {error}")]
            done = {result.key for result in got}
            got += [Result(key, False, "", "not run") for key in owed[name] if key not in done]
            results += sorted(got, key=lambda result: owed[name].index(result.key))
            print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        stack.stop()
        if keep:
            print(f"Logs kept in {stack.logs}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def _interrupted(signum, frame):
    """SIGTERM (for example from `timeout`) unwinds like Ctrl+C, so that everything started is stopped."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="list the checks and exit")
    parser.add_argument("--only", choices=SCENARIOS, help="run one scenario")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with every process's log")
    args = parser.parse_args(argv)
    if args.dry_run:
        for check in CHECKS:
            print(f"{check.key:34} {check.what}")
        return 0
    missing = [
        program
        for program in ("redis-server", *(["runuser"] if os.geteuid() == 0 else []))
        if not shutil.which(program)
    ]
    if missing:
        raise SystemExit(f"Missing programs: {', '.join(missing)} (apt-get install redis-server postgresql)")
    signal.signal(signal.SIGTERM, _interrupted)
    started = time.monotonic()
    results = run(args.only, args.keep)
    print_table(results)
    print(f"Total time {time.monotonic() - started:.0f} s.")
    return 0 if results and all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
