from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from challenges.models import ConflictDeclaration, Decision, EOIStatus, ExpressionOfInterest, SubmissionWindow

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_every_status_and_the_officers_deadlines():
    _seed()
    assert set(ExpressionOfInterest.objects.values_list("status", flat=True)) == set(EOIStatus.values)
    assert Decision.objects.on_register().count() == 1
    assert Decision.objects.on_register().get().notice.status == "ready"
    assert ConflictDeclaration.objects.count() == 1
    today = timezone.localdate()
    assert SubmissionWindow.objects.filter(closes_on__lt=today).exists()
    northbridge = ExpressionOfInterest.objects.filter(service__council__name="Northbridge City Council")
    assert northbridge.overdue(today).count() == 1
    due_soon = [e for e in northbridge if e.next_due_on and today <= e.next_due_on <= today + timedelta(days=7)]
    assert len(due_soon) == 1
    assert ExpressionOfInterest.objects.filter(submitted_by__email="body@demo.test").count() >= 3
    assert ExpressionOfInterest.objects.exclude(submitted_by__email="body@demo.test").exists()
    assert ExpressionOfInterest.objects.filter(service__council__name="Eastvale District Council").exists()


def test_the_demo_is_idempotent_even_after_people_add_eois():
    _seed()
    first = ExpressionOfInterest.objects.first()
    ExpressionOfInterest.objects.create(service=first.service, submitted_by=first.submitted_by,
                                        body_name=first.body_name)
    counts = (ExpressionOfInterest.objects.count(), Decision.objects.count(), SubmissionWindow.objects.count())
    _seed()
    assert counts == (ExpressionOfInterest.objects.count(), Decision.objects.count(), SubmissionWindow.objects.count())
