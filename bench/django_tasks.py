"""The benchmark's steps that run inside Django, against one database (its DATABASE_URL).

Called by bench/run.py in a subprocess per step: `python -m bench.django_tasks <step> [...]`.
Each step prints one JSON document on its last line of output.
"""

import gc
import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuals_portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.middleware import RENEWED_AT, SIGNED_IN_AT  # noqa: E402
from accounts.middleware import now as session_clock  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.sessions import SessionStore  # noqa: E402
from bench import seed as bulk  # noqa: E402
from casestudies.models import CaseStudy  # noqa: E402
from challenges.models import EOIStatus, ExpressionOfInterest  # noqa: E402
from journeys.models import Journey  # noqa: E402

# The people the pages are measured as (demo accounts made by seed_demo).
ROLES = {
    "anonymous": None,
    "lead": "lead@demo.test",
    "officer": "officer@demo.test",
    "adviser": "adviser@demo.test",
}
LIBRARY_QUERY = "swimming archives"  # two words from the middle of the vocabulary
LIBRARY_FACET = "libraries"


def pages() -> list[dict]:
    """The measured pages: name, role and path, resolved against this database's objects."""
    lead = User.objects.get(email=ROLES["lead"])
    officer = User.objects.get(email=ROLES["officer"])
    journey = Journey.objects.filter(group__memberships__user=lead).order_by("pk").first()
    task = journey.tasks.order_by("definition__stage__order", "definition__order").first()
    eoi = (
        ExpressionOfInterest.objects.filter(service__council=officer.public_body, status=EOIStatus.UNDER_REVIEW)
        .order_by("pk")
        .first()
    )
    case_study = CaseStudy.objects.published().order_by("name").first()
    return [
        {"name": "baseline (no query)", "role": "anonymous", "path": reverse("accessibility"), "baseline": True},
        {"name": "home", "role": "lead", "path": reverse("home")},
        {"name": "journey overview", "role": "lead", "path": reverse("journeys:overview", args=[journey.pk])},
        {"name": "task page", "role": "lead", "path": reverse("journeys:task", args=[journey.pk, task.pk])},
        {"name": "officer workspace", "role": "officer", "path": reverse("challenges:eoi_list")},
        {"name": "EOI review", "role": "officer", "path": reverse("challenges:eoi_review", args=[eoi.pk])},
        {"name": "public register", "role": "anonymous", "path": reverse("challenges:register")},
        {"name": "triage queue", "role": "adviser", "path": reverse("referrals:queue")},
        {"name": "pipeline dashboard", "role": "adviser", "path": reverse("referrals:pipeline")},
        {
            "name": "case studies: query",
            "role": "anonymous",
            "path": reverse("casestudies:list") + "?" + _qs(q=LIBRARY_QUERY),
        },
        {
            "name": "case studies: facet",
            "role": "anonymous",
            "path": reverse("casestudies:list") + "?" + _qs(service_area=LIBRARY_FACET),
        },
        {
            "name": "case study detail",
            "role": "anonymous",
            "path": reverse("casestudies:detail", args=[case_study.slug]),
        },
        {"name": "API case-study list", "role": "anonymous", "path": reverse("api-case-study-list", args=["v1"])},
    ]


def _qs(**params) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


def session_for(email: str) -> str:
    """A signed-in session (second factor checked, as after a real sign-in); returns its key."""
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The project's session engine (accounts.sessions), stamped as a real sign-in stamps it: without
    # these the lifetime middleware would end the session and every page would measure a redirect.
    store[SIGNED_IN_AT] = store[RENEWED_AT] = session_clock()
    if user.role in settings.TWO_FACTOR_REQUIRED_ROLES:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Benchmark authenticator", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def step_seed(factor: str) -> dict:
    return bulk.seed(float(factor), log=lambda line: print(line, file=sys.stderr, flush=True))


def step_sessions() -> dict:
    return {role: session_for(email) for role, email in ROLES.items() if email}


def step_pages() -> dict:
    return {"pages": pages()}


class Profile:
    """Where one request's time goes: SQL (every query, timed at the cursor), templates (the outermost
    Django template render, less the SQL run inside it by lazy querysets) and the rest (URL routing,
    middleware, view code, forms, the test client)."""

    def __init__(self):
        self.sql = self.sql_in_templates = self.templates = 0.0
        self.depth = 0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.sql += elapsed
            if self.depth:
                self.sql_in_templates += elapsed

    def measure(self, client, path: str) -> dict:
        from django.template.base import Template

        original = Template.render
        profile = self

        def render(template, context):
            if profile.depth:  # an include or a parent template: counted in the outermost one
                return original(template, context)
            profile.depth += 1
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                profile.templates += time.perf_counter() - started
                profile.depth -= 1

        Template.render = render
        # The garbage the steps before left in this process is collected first: a full collection falling
        # in the profiled request (once over 200 ms here) is not the page's own time.
        gc.collect()
        try:
            with connection.execute_wrapper(self.execute):
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
        finally:
            Template.render = original
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} while profiled")
        templates = self.templates - self.sql_in_templates
        return {
            "total_ms": round(total * 1000, 1),
            "sql_ms": round(self.sql * 1000, 1),
            "template_ms": round(templates * 1000, 1),
            "other_ms": round((total - self.sql - templates) * 1000, 1),
        }


def step_queries() -> dict:
    """SQL queries per page, as each page's person, after one warm-up request (the real path: no page
    is cached), and where one profiled request's time goes."""
    sessions = step_sessions()
    counts, split = {}, {}
    for page in pages():
        client = Client(headers={"x-forwarded-proto": "https"})
        if page["role"] != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page["role"]]
        client.get(page["path"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        if response.status_code != 200:
            raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
        counts[page["name"]] = len(queries)
        split[page["name"]] = Profile().measure(client, page["path"])
    return {"queries": counts, "split": split}


def step_search(runs: str = "40") -> dict:
    """Library search at this scale: what the search page asks the database (the ranked first page
    and the number of matches; facet counts come from the cache after the first visitor)."""
    from casestudies.search import facet_counts_uncached
    from casestudies.selectors import library, library_page

    kinds = {"rare word": bulk.RARE_WORD, "common word": bulk.COMMON_WORD, "phrase": f'"{bulk.PHRASE}"'}
    results = {}
    for kind, text in kinds.items():
        params = QueryDict(mutable=True)
        params["q"] = text
        timings, total = [], 0
        for run in range(int(runs) + 3):
            started = time.perf_counter()
            shown, page, _facets = library_page(params)
            total = page.paginator.count
            list(page.object_list)
            elapsed = (time.perf_counter() - started) * 1000
            if run >= 3:  # the first runs warm PostgreSQL's caches
                timings.append(elapsed)
        timings.sort()
        query, searched, _results = library(params)
        started = time.perf_counter()
        facet_counts_uncached(searched, query)
        facets_cold_ms = (time.perf_counter() - started) * 1000
        results[kind] = {
            "query": text,
            "matches": total,
            "limited": shown.limited,
            # Facet counts are cached per query until the library changes; the first visitor pays this.
            "facets_uncached_ms": round(facets_cold_ms, 1),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        }
    return {"search": results, "rows": CaseStudy.objects.published().count()}


def _fresh_factory_sequences() -> None:
    """The test factories number their rows from 0 in each process: start after what exists."""
    import factory

    from tests import factories

    start = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
            value.reset_sequence(start)


def full_demo_journey():
    """The issue's full demo pack (#21, point 7): a 5-year financial model with its base, downside and
    upside scenarios, 30 risks and every narrative section (the demo's words, journeys.demo_narrative)."""
    from journeys.demo_narrative import fill_narrative
    from journeys.finance.models import FinancialModel, Scenario
    from tests.packs.factories import full_journey

    journey = full_journey(risks=30, years=5)
    fill_narrative(journey, journey.group.memberships.get(role="lead").user)
    model = FinancialModel.objects.get(journey=journey)
    FinancialModel.objects.filter(pk=model.pk).update(years=5)
    Scenario.objects.update_or_create(
        model=model, kind=Scenario.Kind.DOWNSIDE, defaults={"contract_change": -5, "pay_award_change": 1}
    )
    Scenario.objects.update_or_create(model=model, kind=Scenario.Kind.UPSIDE, defaults={"other_income_change": 20})
    return journey


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux: ru_maxrss is in KiB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reference_loop_ms() -> float:
    """A fixed pure-Python workload (2,000,000 additions), timed: the host's speed at that moment.

    On a shared virtual machine the same code runs up to twice as long from one minute to the next; timed
    beside each render, this tells a slow render from a slow host. Reported, never judged."""
    started = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number
    return (time.perf_counter() - started) * 1000


def step_pack_render(runs: str = "5") -> dict:
    """Render the full demo pack `runs` times in this process, as a worker would: median time, peak memory."""
    from journeys.narrative_read import narrative_for
    from packs.services import render_pack_pdf

    _fresh_factory_sequences()
    journey = full_demo_journey()
    sections = narrative_for(journey)
    if not all(section["started"] for section in sections):
        raise RuntimeError("the demo pack must have every narrative section filled in")
    render_pack_pdf(journey)  # fonts and templates loaded once, as in a running worker
    timings, cpu, reference, pages_count = [], [], [], 0
    for _ in range(int(runs)):
        reference.append(reference_loop_ms())
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = render_pack_pdf(journey)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        pages_count = pdf.page_count
    median = statistics.median(timings)
    return {
        "runs_s": [round(t, 3) for t in timings],
        "median_s": round(median, 3),
        # This process's CPU time per render: less affected than the clock by other work on the machine.
        "cpu_median_s": round(statistics.median(cpu), 3),
        # The reference workload before each render (ms): compare runs of different days with it.
        "reference_loop_ms": [round(ms) for ms in reference],
        "reference_loop_median_ms": round(statistics.median(reference)),
        "pages": pages_count,
        "narrative_sections": len(sections),
        "pages_per_s": round(pages_count / median, 1),
        "peak_rss_mib": peak_rss_mib(),
    }


def step_pack_journeys(count: str) -> dict:
    """Journeys with the full demo plan, for the throughput run; returns their ids."""
    _fresh_factory_sequences()
    journeys = [full_demo_journey() for _ in range(int(count))]
    return {"journeys": [j.pk for j in journeys]}


def step_pack_queue(ids: str) -> dict:
    """Queue a pack for each journey (as its lead), as the request page does."""
    from packs.services import pack_request

    packs = []
    for journey in Journey.objects.filter(pk__in=[int(i) for i in ids.split(",")]):
        lead = journey.group.memberships.get(role="lead").user
        pack, _ = pack_request(journey=journey, by=lead)
        packs.append(pack.pk)
    return {"packs": packs}


def step_pack_status(ids: str) -> dict:
    from packs.models import BusinessPlanPack

    packs = BusinessPlanPack.objects.filter(pk__in=[int(i) for i in ids.split(",")])
    return {"statuses": dict(packs.values_list("pk", "status"))}


def step_finance(runs: str = "100") -> dict:
    """The financial model's engine in-process: 5 years x 3 scenarios (base, downside, upside), with checks."""
    from decimal import Decimal

    from journeys.demo import RIVERSIDE_ASSUMPTIONS, RIVERSIDE_LINES
    from journeys.finance import compute
    from journeys.finance.checks import run_checks

    values = {k: v for k, v in RIVERSIDE_ASSUMPTIONS.items() if k not in ("start_on", "basis", "back_office_source")}
    lines = tuple(
        compute.Line(kind=kind, label=label, amounts=tuple(Decimal(a) for a in [*amounts, amounts[-1], amounts[-1]]))
        for kind, label, _source, amounts in RIVERSIDE_LINES
    )
    base = compute.Inputs(**{**values, "years": 5}, lines=lines)
    scenarios = [
        compute.Adjustment(),
        compute.Adjustment(contract_change=Decimal("-10"), pay_award_change=Decimal("2")),
        compute.Adjustment(contract_change=Decimal("3"), other_income_change=Decimal("20")),
    ]
    labels = [f"Year {n}" for n in range(1, 6)]
    timings = []
    for run in range(int(runs) + 3):
        started = time.perf_counter()
        for change in scenarios:
            result = compute.compute(compute.adjust(base, change))
            run_checks(result, missing=[], year_labels=labels)
        if run >= 3:
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "runs": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


STEPS = {
    "seed": step_seed,
    "sessions": step_sessions,
    "pages": step_pages,
    "queries": step_queries,
    "search": step_search,
    "finance": step_finance,
    "pack-render": step_pack_render,
    "pack-journeys": step_pack_journeys,
    "pack-queue": step_pack_queue,
    "pack-status": step_pack_status,
}

if __name__ == "__main__":
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args), default=str))
