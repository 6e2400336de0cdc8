"""Writes for packs: request, retry, claim by a worker, finish, fail, requeue stale. And the plain render function."""

import logging
import time
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from jobs.services import send_after_commit
from jobs.workers import this_host_prefix, worker_is_gone, worker_name
from journeys.models import Journey
from mutuals_portal.lib.pdf import RenderedPdf, html_to_pdf
from notifications.services import notify

from . import charts
from .content import plan_data, source_hash
from .models import BusinessPlanPack

logger = logging.getLogger(__name__)

Status = BusinessPlanPack.Status
Format = BusinessPlanPack.Format
# The business plan's narrative sections printed after its summary (key, anchor in the PDF).
NARRATIVE_FRONT = [
    ("vision", "vision"),
    ("service", "narrative-service"),
    ("market", "market"),
    ("options", "options"),
    ("social_value", "social-value"),
    ("people", "people"),
    ("equality", "equality"),
    ("stakeholders", "stakeholders"),
]
TEMPLATES = {Format.BUSINESS_PLAN: "packs/pdf/pack.html", Format.DECISION_PAPER: "packs/pdf/decision_paper.html"}
# A pack still rendering after this long lost its worker (the task's hard limit is shorter).
STALE_AFTER = timedelta(minutes=10)
# A queued pack whose message got lost (for example with the broker) is sent again after this long.
QUEUED_TOO_LONG = timedelta(minutes=30)


# Rendering: a plain function, so tests and the benchmark can call it without Celery.


def pack_context(data: dict, *, version: int, on: date) -> dict:
    context = {**data, "version": version, "date": on, "charts": {}, "watermark": charts.draft_watermark()}
    if data["ballots"]:
        context["charts"]["ballots"] = charts.ballot_chart(data["ballots"])
    if data["board"]:
        context["charts"]["board"] = charts.board_chart(data["board"])
    # The model's charts: SVG our own code drew from its figures (journeys/finance/charts.py).
    model = data.get("financial_model") or {}
    context["figures"] = [{**figure, "svg": mark_safe(figure["svg"])} for figure in model.get("figures", [])]  # noqa: S308
    if data["risks"]:
        context["charts"]["risks"] = charts.heat_map(data["risks"])
    # New dicts: the data itself stays as it was hashed.
    context["risks"] = [{**risk, "band": charts.score_band(risk["score"])[1]} for risk in data["risks"]]
    # The narrative by section key, and the business plan's sections before its facts and figures.
    context["n"] = {section["key"]: section for section in data["narrative"]}
    context["narrative_front"] = [(anchor, context["n"][key]) for key, anchor in NARRATIVE_FRONT]
    return context


def render_pack_pdf(
    journey: Journey,
    *,
    version: int = 1,
    on: date | None = None,
    data: dict | None = None,
    format: str = Format.BUSINESS_PLAN,
) -> RenderedPdf:
    """The pack of `journey` as a PDF (bytes and page count), from its current data."""
    data = data if data is not None else plan_data(journey)
    return html_to_pdf(pack_html(data, version=version, on=on or timezone.localdate(), format=format))


def pack_html(data: dict, *, version: int, on: date, format: str = Format.BUSINESS_PLAN) -> str:
    """The pack as the HTML that WeasyPrint renders: the business plan or the council decision paper."""
    context = pack_context(data, version=version, on=on)
    # In the PDF each model chart is an <img> of its SVG, with the chart's title as its alternative text
    # (as WeasyPrint takes an inline SVG's <title>): WeasyPrint then reads the SVG once, where an inline
    # one is parsed and styled as HTML, element by element, and then read again as SVG (issue #21, point 7).
    context["figures"] = [
        {**figure, "data_uri": charts.svg_data_uri(str(figure["svg"]))} if figure["svg"] else figure
        for figure in context["figures"]
    ]
    return render_to_string(TEMPLATES[Format(format)], context)


# Requests.


def _live_pack(journey: Journey, digest: str, format: str = Format.BUSINESS_PLAN) -> BusinessPlanPack | None:
    return journey.packs.filter(source_hash=digest, format=format, status__in=BusinessPlanPack.ACTIVE).first()


def _queue(pack: BusinessPlanPack) -> None:
    from .tasks import render_pack

    send_after_commit(render_pack, pack.pk)


@transaction.atomic
def _create_pack(
    *, journey: Journey, by, queue: bool = True, format: str = Format.BUSINESS_PLAN
) -> tuple[BusinessPlanPack, bool]:
    # Lock the journey: concurrent requests for it wait here, then find the first one's pack.
    Journey.objects.select_for_update().filter(pk=journey.pk).first()
    digest = source_hash(plan_data(journey))
    existing = _live_pack(journey, digest, format)
    if existing is not None:
        return existing, False
    version = (journey.packs.filter(format=format).aggregate(top=Max("version"))["top"] or 0) + 1
    pack = BusinessPlanPack(journey=journey, format=format, version=version, requested_by=by, source_hash=digest)
    pack.full_clean(exclude=["file"], validate_constraints=False)
    pack.save()
    pack.events.create(from_status="", to_status=Status.QUEUED, note=f"Requested by {by}")
    if queue:
        _queue(pack)
    return pack, True


def pack_request(*, journey: Journey, by, format: str = Format.BUSINESS_PLAN) -> tuple[BusinessPlanPack, bool]:
    """Queue a pack of the journey's current data in `format`; for unchanged data, return the existing
    pack (created=False)."""
    try:
        return _create_pack(journey=journey, by=by, format=format)
    except IntegrityError:
        # Another request won the race (the unique constraints): use its pack.
        existing = _live_pack(journey, source_hash(plan_data(journey)), format)
        if existing is None:
            raise
        return existing, False


def pack_render_now(*, journey: Journey, by, format: str = Format.BUSINESS_PLAN) -> BusinessPlanPack:
    """Make a pack in this process, without a worker (demo data, the benchmark)."""
    pack, created = _create_pack(journey=journey, by=by, queue=False, format=format)
    if pack.status == Status.READY:
        return pack
    claimed = pack_claim(pack_id=pack.pk, worker=worker_name())
    return pack_render_and_store(claimed) if claimed else pack


def pack_retry(*, pack: BusinessPlanPack, by) -> BusinessPlanPack:
    """Try a failed pack again: the same version if the data is unchanged, otherwise a new version."""
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=pack.journey_id).first()
        pack = BusinessPlanPack.objects.select_related("journey").get(pk=pack.pk)
        if pack.status != Status.FAILED:
            return pack
        digest = source_hash(plan_data(pack.journey))
        existing = _live_pack(pack.journey, digest, pack.format)
        if existing is not None:
            return existing
        if digest == pack.source_hash:
            pack.error = ""
            pack.requested_by = by
            pack.requested_at = timezone.now()
            pack.move_to(Status.QUEUED, note=f"Retried by {by}", fields=["error", "requested_by", "requested_at"])
            _queue(pack)
            return pack
    return pack_request(journey=pack.journey, by=by, format=pack.format)[0]


# The worker's side.


def pack_claim(*, pack_id: int, worker: str) -> BusinessPlanPack | None:
    """Mark the pack as rendering by `worker`; None if there is nothing to do.

    A pack already rendering is taken over only when its worker died (a redelivered message after
    a `kill -9`) or went stale; otherwise another worker is on it and this message is dropped.
    """
    with transaction.atomic():
        pack = BusinessPlanPack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or pack.status in (Status.READY, Status.FAILED):
            return None
        if pack.status == Status.RENDERING and not (
            worker_is_gone(pack.rendered_by, since=pack.started_at)
            or pack.started_at is None
            or pack.started_at < timezone.now() - STALE_AFTER
        ):
            return None
        note = (
            f"Picked up by {worker}"
            if pack.status == Status.QUEUED
            else f"Taken over by {worker} from {pack.rendered_by}"
        )
        pack.started_at = timezone.now()
        pack.rendered_by = worker
        pack.attempts += 1
        pack.move_to(Status.RENDERING, note=note, fields=["started_at", "rendered_by", "attempts"])
    return BusinessPlanPack.objects.select_related("journey__group", "requested_by").get(pk=pack_id)


def pack_render_and_store(pack: BusinessPlanPack) -> BusinessPlanPack:
    """Render the pack (the slow part, outside any transaction), store the file, mark it ready."""
    started = time.monotonic()
    data = plan_data(pack.journey)
    rendered = render_pack_pdf(pack.journey, version=pack.version, data=data, format=pack.format)
    seconds = time.monotonic() - started
    with transaction.atomic():
        locked = BusinessPlanPack.objects.select_for_update().get(pk=pack.pk)
        if locked.status != Status.RENDERING or locked.rendered_by != pack.rendered_by:
            return locked  # someone else finished or took over: keep a single file per version
        locked.journey = pack.journey
        locked.file.save("pack.pdf", ContentFile(rendered.content), save=False)
        locked.page_count = rendered.page_count
        locked.file_size = len(rendered.content)
        locked.render_seconds = round(seconds, 3)
        locked.finished_at = timezone.now()
        digest = source_hash(data)
        fields = ["file", "page_count", "file_size", "render_seconds", "finished_at", "error"]
        # Record what was actually rendered, unless another live pack already stands for that data.
        if digest != locked.source_hash and _live_pack(pack.journey, digest, pack.format) is None:
            locked.source_hash = digest
            fields.append("source_hash")
        locked.error = ""
        locked.move_to(Status.READY, note=f"{rendered.page_count} pages in {seconds:.1f} s", fields=fields)
        _tell_requester(locked, f"{locked.format_name} version {locked.version} is ready to download.")
    return locked


def pack_fail(*, pack: BusinessPlanPack, reason: str, detail: str = "") -> None:
    with transaction.atomic():
        locked = (
            BusinessPlanPack.objects.select_for_update(of=("self",))
            .select_related("journey__group", "requested_by")
            .get(pk=pack.pk)
        )
        if locked.status not in (Status.QUEUED, Status.RENDERING):
            return
        locked.error = reason
        locked.finished_at = timezone.now()
        locked.move_to(Status.FAILED, note=detail or reason, fields=["error", "finished_at"])
        _tell_requester(locked, f"{locked.format_name} version {locked.version} could not be produced: {reason}")


def pack_back_to_queue(*, pack: BusinessPlanPack, note: str) -> None:
    """After a temporary error: the pack waits for the task's retry."""
    with transaction.atomic():
        locked = BusinessPlanPack.objects.select_for_update().get(pk=pack.pk)
        if locked.status == Status.RENDERING:
            locked.move_to(Status.QUEUED, note=note)


def requeue_stale_packs() -> int:
    """Send again packs whose worker vanished (its process on this host is gone, or it has been rendering
    too long) and packs whose message was lost (queued too long). Run by beat, and by each worker as it starts."""
    now = timezone.now()
    requeued = 0
    candidates = BusinessPlanPack.objects.filter(
        Q(status=Status.RENDERING, started_at__lt=now - STALE_AFTER)
        | Q(status=Status.RENDERING, rendered_by__startswith=this_host_prefix())
        | Q(status=Status.QUEUED, requested_at__lt=now - QUEUED_TOO_LONG)
    )
    for pack_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            pack = BusinessPlanPack.objects.select_for_update().get(pk=pack_id)
            if pack.status == Status.RENDERING:
                if worker_is_gone(pack.rendered_by, since=pack.started_at):
                    pack.move_to(Status.QUEUED, note=f"Requeued: {pack.rendered_by} is gone")
                elif pack.started_at is None or pack.started_at < now - STALE_AFTER:
                    pack.move_to(Status.QUEUED, note=f"Requeued: {pack.rendered_by} stopped answering")
                else:
                    continue
            elif pack.status == Status.QUEUED and pack.requested_at < now - QUEUED_TOO_LONG:
                pack.requested_at = now
                pack.save(update_fields=["requested_at"])
                pack.events.create(from_status=Status.QUEUED, to_status=Status.QUEUED, note="Sent to the workers again")
            else:
                continue
            _queue(pack)
            requeued += 1
    return requeued


def _tell_requester(pack: BusinessPlanPack, message: str) -> None:
    if pack.requested_by is None:
        return
    notify(
        recipient=pack.requested_by,
        event="packs.finished",
        obj=pack,
        message=message,
        url=reverse("packs:list", args=[pack.journey_id]),
    )
