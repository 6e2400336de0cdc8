"""The adviser's sign-off page (issue #22, point 6): the gate's facts, the stage's evidence, the latest
pack, and what changed since the group last asked for sign-off."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys import services
from journeys.models import Ballot, Evidence, Journey, Stage
from packs.models import BusinessPlanPack
from tests.journeys.factories import advance_to, complete_required, pdf_file, task


@pytest.fixture
def asked(journey, lead, adviser):
    """A supported journey at "Building support", its first request returned, then asked again."""
    advance_to(journey, Stage.SUPPORT, lead)
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    journey.refresh_from_db()
    complete_required(journey, Stage.SUPPORT, lead)
    services.evidence_add(task=task(journey, "staff-ballot"), by=lead, file=pdf_file("ballot-result.pdf"))
    ballot = services.ballot_record(
        ballot=Ballot(journey=journey, held_on=date(2026, 5, 1), eligible=50, votes_for=40, votes_against=5), by=lead
    )
    first = services.gate_request(journey=journey, by=lead)
    services.gate_decide(gate=first, by=adviser, approve=False, comments="Record the turnout by team")
    ballot.votes_for = 41
    services.ballot_record(ballot=ballot, by=lead)
    return services.gate_request(journey=journey, by=lead, note="Turnout corrected")


def _page(client, adviser, journey, gate):
    client.force_login(adviser)
    response = client.get(reverse("journeys:gate_decide", args=[journey.pk, gate.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_gates_facts_as_the_plan_holds_them(client, journey, adviser, asked):
    html = _page(client, adviser, journey, asked)
    assert "What the gate tests" in html
    assert "Held on 1 May 2026" in html
    assert "89.1%: 41 for, 5 against (more than 50% needed)" in html
    assert "92.0% of 50 (at least 50% needed)" in html


def test_it_lists_the_stages_evidence_with_download_links(client, journey, adviser, asked):
    html = _page(client, adviser, journey, asked)
    evidence = Evidence.objects.get(task__journey=journey, original_name="ballot-result.pdf")
    assert "ballot-result.pdf" in html
    assert reverse("journeys:evidence_download", args=[journey.pk, evidence.pk]) in html


def test_it_shows_the_changes_since_the_last_request_only(client, journey, adviser, asked):
    html = _page(client, adviser, journey, asked)
    assert "Changes since the last sign-off request" in html
    assert "returned with comments" in html and "Record the turnout by team" in html
    assert "Corrected a staff ballot" in html  # after the first request
    assert "Recorded a staff ballot" not in html  # before it
    assert "Staff ballot changed" in html  # the change history's entry for the correction


def test_the_first_request_shows_everything_since_the_journey_started(client, journey, lead, adviser):
    advance_to(journey, Stage.SUPPORT, lead)
    Journey.objects.filter(pk=journey.pk).update(in_support_programme=True)
    journey.refresh_from_db()
    complete_required(journey, Stage.SUPPORT, lead)
    services.ballot_record(
        ballot=Ballot(journey=journey, held_on=date(2026, 5, 1), eligible=50, votes_for=40, votes_against=5), by=lead
    )
    gate = services.gate_request(journey=journey, by=lead)
    html = _page(client, adviser, journey, gate)
    assert "This is the group's first sign-off request." in html
    assert "Recorded a staff ballot" in html
    assert "No pack has been made yet." in html


def test_it_links_the_latest_ready_pack(client, journey, lead, adviser, asked):
    for version, status in ((1, BusinessPlanPack.Status.READY), (2, BusinessPlanPack.Status.READY)):
        BusinessPlanPack.objects.create(
            journey=journey,
            version=version,
            status=status,
            requested_by=lead,
            source_hash=f"hash-{version}",
            finished_at=timezone.now(),
        )
    BusinessPlanPack.objects.create(journey=journey, version=3, status=BusinessPlanPack.Status.FAILED, source_hash="h3")
    html = _page(client, adviser, journey, asked)
    latest = journey.packs.get(version=2)
    assert reverse("packs:download", args=[journey.pk, latest.pk]) in html
    assert "Download pack version 2" in html
