"""Data retention for expressions of interest (UK GDPR storage limitation): a draft nobody has changed
for STALE_DRAFT_DAYS is deleted with its documents, after an email to the person who started it
(accounts.retention.expire_drafts). Only drafts: once sent, an EOI is the council's record."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from accounts import retention

from .models import EOIStatus, ExpressionOfInterest


def _delete(eoi: ExpressionOfInterest) -> None:
    files = [attachment.file for attachment in eoi.attachments.all() if attachment.file]
    if eoi.original_document:
        files.append(eoi.original_document)
    names = [(file.storage, file.name) for file in files]
    eoi.delete()
    for storage, name in names:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


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
