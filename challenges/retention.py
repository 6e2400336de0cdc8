"""Data retention for expressions of interest (UK GDPR storage limitation): a draft nobody has changed
for STALE_DRAFT_DAYS is deleted with its documents, after an email to the person who started it
(accounts.retention.expire_drafts). Only drafts: once sent, an EOI is the council's record."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.urls import reverse

from accounts import retention

from .models import EOIStatus, ExpressionOfInterest


def _delete(eoi: ExpressionOfInterest) -> None:
    """The draft and, once that is committed, its files (as services.attachment_remove does for one)."""
    files = [attachment.file for attachment in eoi.attachments.all()]
    if eoi.original_document:
        files.append(eoi.original_document)
    eoi.delete()
    for file in files:
        transaction.on_commit(partial(file.delete, save=False))


def expire_stale_drafts(*, now: datetime) -> dict:
    drafts = ExpressionOfInterest.objects.filter(status=EOIStatus.DRAFT, submitted_by__isnull=False).select_related(
        "submitted_by", "service"
    )
    return retention.expire_drafts(
        drafts,
        now=now,
        author=lambda eoi: eoi.submitted_by,
        describe=lambda eoi: f"your draft expression of interest in {eoi.service.name}",
        path=lambda eoi: reverse("challenges:eoi_edit", args=[eoi.pk]),
        delete=_delete,
    )
