"""Decisions recorded under the old rule moved the EOI to its outcome at once, so the body saw
"Rejected" before the council published anything. Such EOIs go back to "under review" until the
decision is published, and the status-change rows that told the body early become officer-only."""

from django.db import migrations
from django.utils import timezone

OUTCOMES = ("ACCEPTED", "ACCEPTED_MODIFIED", "REJECTED")


def forwards(apps, schema_editor):
    Decision = apps.get_model("challenges", "Decision")
    EOIStatusChange = apps.get_model("challenges", "EOIStatusChange")
    ExpressionOfInterest = apps.get_model("challenges", "ExpressionOfInterest")
    unpublished = Decision.objects.filter(published_at__isnull=True, supersedes__isnull=True)
    for decision in unpublished.iterator():
        eoi = ExpressionOfInterest.objects.get(pk=decision.eoi_id)
        if eoi.status != decision.outcome or eoi.status not in OUTCOMES:
            continue
        EOIStatusChange.objects.filter(eoi=eoi, to_status=eoi.status).update(officer_only=True)
        EOIStatusChange.objects.create(
            eoi=eoi,
            from_status=eoi.status,
            to_status="UNDER_REVIEW",
            changed_at=timezone.now(),
            note="Back under review until the recorded decision is published",
            officer_only=True,
        )
        eoi.status = "UNDER_REVIEW"
        eoi.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [("challenges", "0005_decision_publication_sequence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
