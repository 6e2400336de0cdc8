"""Celery tasks: decision notice PDFs and deadline reminders for officers."""

import logging
from datetime import timedelta

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mutuals_portal.pdf import html_to_pdf

from . import notify
from .models import (
    AWAITING_ACKNOWLEDGEMENT,
    AWAITING_DECISION,
    REMINDER_DAYS_BEFORE,
    ChallengeSettings,
    DecisionNotice,
    ExpressionOfInterest,
    ReminderSent,
)

logger = logging.getLogger(__name__)


def render_notice_pdf(notice: DecisionNotice) -> bytes:
    decision = notice.decision
    eoi = decision.eoi
    council = eoi.service.council
    html = render_to_string(
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
    return html_to_pdf(html).content


@shared_task(
    name="challenges.render_decision_notice",
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def render_decision_notice(self, notice_id: int) -> str:
    """Render a decision notice once; a ready notice is never rendered again."""
    with transaction.atomic():
        notice = (
            DecisionNotice.objects.select_for_update()
            .filter(pk=notice_id)
            .first()
        )
        if notice is None:
            return "missing"
        if notice.status == DecisionNotice.Status.READY:
            return "ready"
        notice.status = DecisionNotice.Status.RENDERING
        notice.save(update_fields=["status"])
    notice = DecisionNotice.objects.select_related(
        "decision", "decision__eoi", "decision__eoi__service", "decision__eoi__service__council",
        "decision__decided_by",
    ).get(pk=notice_id)
    try:
        pdf = render_notice_pdf(notice)
    except OSError:
        raise
    except Exception as error:
        logger.exception("Decision notice %s failed to render", notice_id)
        notice.status = DecisionNotice.Status.FAILED
        notice.error = "The notice could not be produced. Try again, or contact the service team."
        notice.save(update_fields=["status", "error"])
        return f"failed: {error.__class__.__name__}"
    notice.file.save("notice.pdf", ContentFile(pdf), save=False)
    notice.status = DecisionNotice.Status.READY
    notice.rendered_at = timezone.now()
    notice.error = ""
    notice.save(update_fields=["file", "status", "rendered_at", "error"])
    return "ready"


def _reminders_due(today):
    soon = today + timedelta(days=REMINDER_DAYS_BEFORE)
    eois = ExpressionOfInterest.objects.submitted().select_related("service", "service__council")
    for eoi in eois.filter(status__in=AWAITING_ACKNOWLEDGEMENT, acknowledgement_due_on__lte=soon):
        kind = ReminderSent.Kind.ACK_OVERDUE if eoi.acknowledgement_due_on < today else ReminderSent.Kind.ACK_SOON
        yield eoi, kind, eoi.acknowledgement_due_on
    for eoi in eois.filter(status__in=AWAITING_DECISION, decision_due_on__lte=soon):
        kind = (
            ReminderSent.Kind.DECISION_OVERDUE if eoi.decision_due_on < today else ReminderSent.Kind.DECISION_SOON
        )
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
