from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from challenges.models import (
    ChallengeableService,
    ConflictDeclaration,
    Decision,
    EOIStatus,
    ExpressionOfInterest,
    StaffMutualIntention,
    SubmissionWindow,
)

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", "--skip-packs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_every_status_and_the_officers_deadlines():
    _seed()
    assert set(ExpressionOfInterest.objects.values_list("status", flat=True)) == set(EOIStatus.values)
    # Every decided EOI has its decision published, with its notice; one decision is recorded, not published.
    decided = ExpressionOfInterest.objects.filter(
        status__in=[EOIStatus.ACCEPTED, EOIStatus.ACCEPTED_MODIFIED, EOIStatus.REJECTED, EOIStatus.PROCUREMENT_STARTED]
    )
    assert Decision.objects.on_register().count() == decided.count() == 5
    assert {d.notice.status for d in Decision.objects.on_register()} == {"ready"}
    # Three recorded, not published, for officer@demo.test to publish (scripts/faults.py needs them).
    unpublished = Decision.objects.filter(published_at=None, eoi__service__council__name="Northbridge City Council")
    assert unpublished.count() == Decision.objects.filter(published_at=None).count() == 3
    for decision in unpublished:
        assert decision.eoi.status == EOIStatus.UNDER_REVIEW and not decision.eoi.conflicts.exists()
        assert not decision.eoi.status_changes.filter(officer_only=False, changed_at__gte=decision.decided_at)
    assert ConflictDeclaration.objects.count() == 1
    today = timezone.localdate()
    assert SubmissionWindow.objects.filter(closes_on__lt=today).exists()
    northbridge = ExpressionOfInterest.objects.filter(service__council__name="Northbridge City Council")
    assert northbridge.overdue(today).count() == 1
    due_soon = [e for e in northbridge if e.next_due_on and today <= e.next_due_on <= today + timedelta(days=7)]
    assert len(due_soon) == 1
    assert ExpressionOfInterest.objects.filter(submitted_by__email="body@demo.test").count() >= 3
    assert ExpressionOfInterest.objects.exclude(submitted_by__email="body@demo.test").exists()
    assert ExpressionOfInterest.objects.filter(service__council__name="Eastvale Council").exists()


def test_the_demo_is_idempotent_even_after_people_add_eois():
    _seed()
    first = ExpressionOfInterest.objects.first()
    ExpressionOfInterest.objects.create(
        service=first.service, submitted_by=first.submitted_by, body_name=first.body_name
    )
    counts = (ExpressionOfInterest.objects.count(), Decision.objects.count(), SubmissionWindow.objects.count())
    _seed()
    assert counts == (ExpressionOfInterest.objects.count(), Decision.objects.count(), SubmissionWindow.objects.count())


def test_the_demo_obeys_the_rules_it_shows():
    _seed()
    for decision in Decision.objects.on_register().select_related("eoi"):
        assert decision.decision_maker and decision.delegated_authority
        assert decision.decided_at < decision.published_at
        # The history's dates are the headline dates: the status changed when the decision was published.
        change = decision.eoi.status_changes.get(to_status__in=[decision.outcome])
        assert change.changed_at == decision.published_at
    for eoi in ExpressionOfInterest.objects.exclude(acknowledged_on=None):
        ack = eoi.status_changes.get(from_status=EOIStatus.RECEIVED, to_status=EOIStatus.ACKNOWLEDGED)
        assert timezone.localdate(ack.changed_at) == eoi.acknowledged_on
    procurement = ExpressionOfInterest.objects.get(status=EOIStatus.PROCUREMENT_STARTED).procurement
    earliest, latest = procurement.eoi.current_decision().procurement_dates()
    assert earliest <= procurement.starts_on <= latest


def test_the_demo_exercises_any_relevant_service():
    _seed()
    unlisted = ExpressionOfInterest.objects.get(service__described_by_body=True)
    assert unlisted.status == EOIStatus.RECEIVED and not unlisted.service.published
    assert ExpressionOfInterest.objects.filter(outside_period=True, considered_outside_period=False).exists()
    excluded = ChallengeableService.objects.get(excluded=True)
    assert "Schedule 2 to SI 2012/1313" in excluded.exclusion_basis and excluded.published
    posted = ExpressionOfInterest.objects.get(route="POST")
    assert posted.submitted_by is None and posted.recorded_by.email == "officer@demo.test"
    assert posted.original_document and posted.status_changes.first().changed_by == posted.recorded_by


def test_the_demo_exercises_the_procurement_outcome_and_ground_r8():
    _seed()
    procurement = ExpressionOfInterest.objects.get(status=EOIStatus.PROCUREMENT_STARTED).procurement
    procurement.full_clean()
    assert procurement.procedure and procurement.notice_identifier.endswith(str(procurement.notice_published_on.year))
    assert procurement.result == "AWARDED" and procurement.winner_is_challenger
    assert procurement.starts_on <= procurement.awarded_on <= timezone.localdate()
    # The history's dates are the headline dates.
    assert [h.history_date for h in procurement.history.order_by("history_date")] == [
        procurement.recorded_at,
        procurement.result_recorded_at,
    ]
    r8 = Decision.objects.on_register().get(grounds=["R8_STAFF_MUTUAL_PUBLISHED"])
    intention = StaffMutualIntention.objects.get(service=r8.eoi.service)
    assert intention.journey.shared_with_council and intention.journey.group.parent_body == r8.eoi.service.council
    assert intention.published_on < timezone.localdate(r8.decided_at)
    assert intention.citation in r8.r8_intention
    assert intention.history.get().history_date == intention.recorded_at


def test_the_demo_shows_periods_set_for_a_service_and_keeps_them_in_its_decisions():
    _seed()
    for service in ChallengeableService.objects.select_related("council"):
        service.full_clean()
    youth = ChallengeableService.objects.get(name="Youth clubs and detached youth work")
    assert (youth.procurement_min_days, youth.procurement_max_days) == (45, 180)
    leisure = ChallengeableService.objects.get(name="Eastvale leisure centres").procurement_periods()
    assert (leisure.min_set_for_service, leisure.max_set_for_service) == (False, True)
    # Every acceptance carries its service's periods, and the demo procurement keeps to them.
    for decision in Decision.objects.filter(outcome__in=["ACCEPTED", "ACCEPTED_MODIFIED"]).select_related("eoi"):
        periods = decision.eoi.service.procurement_periods()
        assert (decision.procurement_min_days, decision.procurement_max_days) == (periods.min_days, periods.max_days)
    procurement = ExpressionOfInterest.objects.get(status=EOIStatus.PROCUREMENT_STARTED).procurement
    assert procurement.eoi.service == youth
    decided_on = timezone.localdate(procurement.eoi.current_decision().decided_at)
    assert decided_on + timedelta(days=45) <= procurement.starts_on <= decided_on + timedelta(days=180)
