"""Celery tasks: decision notice PDFs and deadline reminders for officers."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from jobs.workers import worker_name
from mutuals_portal.lib.pdf import html_to_pdf

from . import notify, retention, services
from .models import (
    AWAITING_ACKNOWLEDGEMENT,
    AWAITING_DECISION,
    ChallengeSettings,
    DecisionNotice,
    ExpressionOfInterest,
    ReminderSent,
    soon_after,
)

logger = logging.getLogger(__name__)


def notice_html(decision) -> str:
    """The decision notice as the HTML that WeasyPrint renders."""
    eoi = decision.eoi
    council = eoi.service.council
    return render_to_string(
        "packs/notice.html",
        {
            "decision": decision,
            "eoi": eoi,
            "service": eoi.service,
            "council": council,
            "settings": ChallengeSettings.for_council(council),
            "today": timezone.localdate(),
        },
    )


def render_notice_pdf(notice: DecisionNotice) -> bytes:
    return html_to_pdf(notice_html(notice.decision)).content


NOTICE_TIME_LIMIT = 300  # seconds; below services.NOTICE_STALE_AFTER and the broker's visibility timeout


@shared_task(
    name="challenges.render_decision_notice",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=NOTICE_TIME_LIMIT,
    soft_time_limit=NOTICE_TIME_LIMIT - 30,
)
def render_decision_notice(self, notice_id: int) -> str:
    """Render a decision notice once. Safe to run twice: a ready notice, or one a live worker holds, is left alone."""
    notice = services.notice_claim(notice_id=notice_id, worker=worker_name())
    if notice is None:
        status = DecisionNotice.objects.filter(pk=notice_id).values_list("status", flat=True).first()
        return "missing" if status is None else ("ready" if status == DecisionNotice.Status.READY else "skipped")
    try:
        pdf = render_notice_pdf(notice)
    except OSError:
        services.notice_back_to_queue(notice=notice)
        raise
    except Exception as error:
        logger.exception("Decision notice %s failed to render", notice_id)
        DecisionNotice.objects.filter(pk=notice.pk, rendered_by=notice.rendered_by).update(
            status=DecisionNotice.Status.FAILED,
            error="The notice could not be produced. Try again, or contact the service team.",
        )
        return f"failed: {error.__class__.__name__}"
    with transaction.atomic():
        locked = DecisionNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.status != DecisionNotice.Status.RENDERING or locked.rendered_by != notice.rendered_by:
            return "skipped"  # another worker took over: keep a single file
        locked.file.save("notice.pdf", ContentFile(pdf), save=False)
        locked.status = DecisionNotice.Status.READY
        locked.rendered_at = timezone.now()
        locked.error = ""
        locked.save(update_fields=["file", "status", "rendered_at", "error"])
        _send_notice_to_body(locked.decision, pdf)
    return "ready"


def _send_notice_to_body(decision, pdf: bytes) -> None:
    """The statutory notice goes to the body by email, as a PDF, once it exists."""
    from django.urls import reverse

    eoi = decision.eoi
    notify.send_email(
        template="decision_notice",
        to=[eoi.notify_address],
        context={"eoi": eoi, "decision": decision, "url": reverse("challenges:my_eoi_detail", args=[eoi.pk])},
        attachments=[(f"decision-notice-{eoi.reference}.pdf", pdf, "application/pdf")],
    )


@shared_task(name="challenges.requeue_stale_notices")
def requeue_stale_notices() -> int:
    """Beat job: notices stuck in rendering (dead worker) or queued (lost message) are sent again."""
    return services.requeue_stale_notices()


def _reminders_due(today):
    soon = soon_after(today)
    eois = ExpressionOfInterest.objects.submitted().select_related("service", "service__council")
    for eoi in eois.filter(status__in=AWAITING_ACKNOWLEDGEMENT, acknowledgement_due_on__lte=soon):
        kind = ReminderSent.Kind.ACK_OVERDUE if eoi.acknowledgement_due_on < today else ReminderSent.Kind.ACK_SOON
        yield eoi, kind, eoi.acknowledgement_due_on
    for eoi in eois.filter(status__in=AWAITING_DECISION, decision_due_on__lte=soon):
        kind = ReminderSent.Kind.DECISION_OVERDUE if eoi.decision_due_on < today else ReminderSent.Kind.DECISION_SOON
        yield eoi, kind, eoi.decision_due_on


@shared_task(name="challenges.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Tell a council's officers about deadlines 7 days away or passed; once per EOI, deadline and kind.

    Each officer hears through the notification service (in the portal, and by email as they prefer).
    """
    today = timezone.localdate()
    sent = 0
    officers_by_council: dict[int, list] = {}
    for eoi, kind, due_on in _reminders_due(today):
        label = ReminderSent.Kind(kind).label
        council_id = eoi.service.council_id
        if council_id not in officers_by_council:
            officers_by_council[council_id] = notify.council_officers(council_id)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(eoi=eoi, kind=kind, due_on=due_on)
                notify.tell_officers(
                    eoi,
                    event="challenges.deadline_reminder",
                    message=f"{label}: expression of interest {eoi.reference} from {eoi.body_name} "
                    f"({eoi.service.name}). Deadline: {due_on:%-d %B %Y}.",
                    officers=officers_by_council[council_id],
                )
        except IntegrityError:
            continue  # already sent for this deadline
        sent += 1
    return sent


@worker_ready.connect(dispatch_uid="challenges.send_again_what_a_dead_worker_held")
def _send_again_what_a_dead_worker_held(**kwargs):
    """A worker killed outright (SIGKILL, out of memory) leaves its renders marked as in progress, and
    the broker hands its messages out again only after the visibility timeout. A worker starting on
    the same host sees that their process is gone and sends its decision notices again at once."""
    try:
        services.requeue_stale_notices()
    except Exception:  # the database may be down too: beat's sweep will do it later
        logger.exception("Could not look for decision notices left by a dead worker")
    finally:
        connections.close_all()  # this is the main process: keep no connection open here


@shared_task(name="challenges.expire_stale_drafts")
def expire_stale_drafts() -> dict:
    """Monthly (celery beat): delete draft EOIs unchanged past the retention period, warning first."""
    return retention.expire_stale_drafts(now=timezone.now())
