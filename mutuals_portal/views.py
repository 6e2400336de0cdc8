import errno
import logging
import sys

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mutuals_portal.celery import app as celery_app
from mutuals_portal.lib.http import is_api_request, json_error

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


# Start pages, one per kind of user (GOV.UK start page pattern): the slug, and the URL name that
# "Start now" leads to.
START_PAGES = {
    "staff-groups": "journeys:register",
    "community-groups": "challenges:body_signup",
    "councils": "login",
    "advisers": "login",
}


def start(request, audience):
    if audience not in START_PAGES:
        raise Http404("No start page for this audience")
    return render(
        request,
        f"pages/start/{audience}.html",
        {"start_url": reverse(START_PAGES[audience]), "audience": audience},
    )


# Guidance in GOV.UK content style: slug -> title (the template is pages/guidance/<slug>.html).
GUIDANCE = {
    "what-is-a-public-service-mutual": "What a public service mutual is",
    "six-stages": "Spinning out a public service mutual: step by step",
    "right-to-challenge": "The Community Right to Challenge",
}


def guidance_index(request):
    return render(request, "pages/guidance/index.html", {"guides": GUIDANCE})


def guidance(request, slug):
    if slug not in GUIDANCE:
        raise Http404("No such guidance")
    return render(request, f"pages/guidance/{slug}.html", {"title": GUIDANCE[slug], "guides": GUIDANCE, "slug": slug})


def accessibility(request):
    return render(request, "pages/accessibility.html")


def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "dormant_days": settings.DORMANT_ACCOUNT_DAYS,
            "warning_days": settings.DORMANT_WARNING_DAYS,
            "draft_days": settings.STALE_DRAFT_DAYS,
            "draft_warning_days": settings.STALE_DRAFT_WARNING_DAYS,
        },
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        logger.exception("Health check: database unavailable")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            # One retry at once (kombu waits 2 s before it by default): a hung Redis then costs
            # two short socket timeouts (REDIS_SOCKET_TIMEOUT), not 3 s.
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            # The file-system transport "connects" without touching the disk: make
            # sure its queue folder really is there and writable.
            if conn.transport_cls == "filesystem":
                from pathlib import Path

                folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])
                probe = folder / ".healthz"
                probe.write_text("ok")
                probe.unlink()
        return True
    except Exception:
        logger.exception("Health check: broker unavailable")
        return False


@never_cache
@require_GET
def service_status(request):
    """The footer's "Service status": the same checks as /healthz, for people."""
    checks = [
        ("Pages and saving your work", _database_ok()),
        ("Background work (business-plan packs, decision notices, emails)", _broker_ok()),
    ]
    healthy = all(ok for _, ok in checks)
    return render(request, "pages/status.html", {"checks": checks, "healthy": healthy}, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def page_not_found(request, exception):
    if is_api_request(request):
        return json_error(404, "Not found.")
    return render(request, "404.html", status=404)


def _out_of_space() -> bool:
    """Whether the error being handled is a full disk (say, while Django spools an upload to a temporary file)."""
    error = sys.exc_info()[1]
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def server_error(request):
    out_of_space = _out_of_space()
    status = 503 if out_of_space else 500
    if is_api_request(request):
        return json_error(status, "The server is out of space." if out_of_space else "Server error.")
    # Rendered without the request, so no context processor runs: the failure may be
    # the database itself. The page says nothing about the error.
    return HttpResponse(render_to_string("500.html", {"out_of_space": out_of_space}), status=status)


def bad_request(request, exception):
    if is_api_request(request):
        return json_error(400, "Bad request.")
    return render(request, "400.html", status=400)
