"""Officers list, export, review, acknowledge, decide and publish their own council's EOIs."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges.models import (
    ChallengeSettings,
    ConflictDeclaration,
    Decision,
    DecisionNotice,
    EOIStatus,
    ProcurementExercise,
    RejectionGround,
    SubmissionWindow,
)
from mutuals_portal.lib.prepared import as_written
from tests.factories import PublicBodyFactory, UserFactory

from .factories import ConflictFactory, DecisionFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

REJECT_R9 = {
    "outcome": "REJECTED",
    "grounds": ["R9_FRIVOLOUS"],
    "reasons": "The same group sent an identical expression of interest last month.",
    "wellbeing_considered": "on",
    "decision_maker": "Sam Patel, Head of Commissioning",
    "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
}


def test_the_workspace_lists_only_the_councils_submitted_eois(signed_in, service):
    mine = EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Ours")
    EOIFactory(service=service, body_name="Still a draft")
    EOIFactory(status=EOIStatus.RECEIVED, body_name="Another council's")
    content = signed_in.get(reverse("challenges:eoi_list")).content.decode()
    assert mine.reference in content
    assert "Still a draft" not in content
    assert "Another council" not in content


def test_overdue_eois_are_flagged_and_filterable(signed_in, service):
    late = EOIFactory(
        service=service,
        status=EOIStatus.RECEIVED,
        body_name="Late body",
        acknowledgement_due_on=timezone.localdate() - timedelta(days=1),
    )
    EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="On time body")
    response = signed_in.get(reverse("challenges:eoi_list"), {"status": "overdue"})
    content = response.content.decode()
    assert late.reference in content
    assert "On time body" not in content
    assert "Overdue</strong>" in content
    assert response.context["overdue"] == 1


def test_the_workspace_filters_by_status_and_searches_by_reference(signed_in, service):
    received = EOIFactory(service=service, status=EOIStatus.RECEIVED, body_name="Alpha")
    EOIFactory(service=service, status=EOIStatus.ACKNOWLEDGED, body_name="Beta")
    by_status = signed_in.get(reverse("challenges:eoi_list"), {"status": "RECEIVED"}).context["page"]
    assert [e.pk for e in by_status] == [received.pk]
    by_ref = signed_in.get(reverse("challenges:eoi_list"), {"q": received.reference}).context["page"]
    assert [e.pk for e in by_ref] == [received.pk]


def test_the_workspace_is_paginated(signed_in, service):
    EOIFactory.create_batch(27, service=service, status=EOIStatus.RECEIVED)
    first = signed_in.get(reverse("challenges:eoi_list"))
    assert len(first.context["page"].object_list) == 25
    second = signed_in.get(reverse("challenges:eoi_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2
    assert 'aria-label="Page 2"' in first.content.decode()


def test_the_csv_export_neutralises_formulas(signed_in, service):
    EOIFactory(
        service=service, status=EOIStatus.RECEIVED, body_name='=HYPERLINK("http://evil")', contact_email="@evil.example"
    )
    response = signed_in.get(reverse("challenges:eoi_export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Reference"
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "'@evil.example"


def test_the_review_page_shows_the_statutory_checklist_and_history(signed_in, service):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED, capability="")
    content = signed_in.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "Statutory checklist" in content
    assert "Capability to provide the service by the time of procurement" in content
    assert 'govuk-tag--red">No</strong>' in content


def test_acknowledging_tells_the_body_when_to_expect_a_decision(
    signed_in, service, officer, django_capture_on_commit_callbacks
):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk]))
        signed_in.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk]))
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACKNOWLEDGED
    assert eoi.acknowledged_on == timezone.localdate()
    assert len(mail.outbox) == 1
    assert eoi.decision_due_on.strftime("%-d %B %Y") in mail.outbox[0].body


def test_a_rejection_without_grounds_or_reasons_is_refused(signed_in, service):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    response = signed_in.post(
        reverse("challenges:eoi_decide", args=[eoi.pk]),
        {"outcome": "REJECTED", "reasons": "", "wellbeing_considered": "on"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one ground for rejecting the expression of interest" in content
    assert "Enter the reasons for the decision" in content
    assert not Decision.objects.exists()


def test_a_modification_without_the_bodys_agreement_is_refused(signed_in, service):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    response = signed_in.post(
        reverse("challenges:eoi_decide", args=[eoi.pk]),
        {
            "outcome": "ACCEPTED_MODIFIED",
            "reasons": "Scope too wide.",
            "modification": "Two sites only.",
            "wellbeing_considered": "on",
            "decision_maker": "Sam Patel, Head of Commissioning",
            "delegated_authority": "Officer scheme of delegation, paragraph 4.2",
        },
    )
    assert "A modification can only be made when the body agrees to it" in response.content.decode()
    assert "Two sites only." in response.content.decode()
    assert not Decision.objects.exists()


def test_an_officer_with_a_conflict_gets_403_and_nothing_changes(signed_in, service, officer):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    ConflictFactory(eoi=eoi, officer=officer)
    assert signed_in.get(reverse("challenges:eoi_decide", args=[eoi.pk])).status_code == 403
    assert signed_in.post(reverse("challenges:eoi_decide", args=[eoi.pk]), REJECT_R9).status_code == 403
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW
    assert not Decision.objects.exists()


def test_an_officer_of_another_council_gets_404_and_nothing_changes(client, service):
    eoi = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW)
    stranger = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Other place"))
    client.force_login(stranger)
    assert client.post(reverse("challenges:eoi_decide", args=[eoi.pk]), REJECT_R9).status_code == 404
    assert client.post(reverse("challenges:eoi_acknowledge", args=[eoi.pk])).status_code == 404
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.UNDER_REVIEW
    assert not Decision.objects.exists()


def test_a_conflict_declaration_is_visible_to_colleagues(signed_in, client, service, officer, council):
    eoi = EOIFactory(service=service, status=EOIStatus.RECEIVED)
    signed_in.post(
        reverse("challenges:conflict_declare", args=[eoi.pk]),
        {"interest": "I volunteer with <em>this</em> group.", "covers_body": "on"},
    )
    declaration = ConflictDeclaration.objects.get()
    assert declaration.officer == officer and declaration.covers_body
    colleague = UserFactory(role=User.Role.OFFICER, public_body=council)
    client.force_login(colleague)
    content = client.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "I volunteer with &lt;em&gt;this&lt;/em&gt; group." in content
    assert "Olive Officer" in content


def test_reject_then_publish_puts_the_decision_on_the_register_and_notifies_the_body(
    signed_in, service, django_capture_on_commit_callbacks, notices_sent
):
    eoi = EOIFactory(service=service, status=EOIStatus.ACKNOWLEDGED, body_name="Vexing Group")
    response = signed_in.post(reverse("challenges:eoi_decide", args=[eoi.pk]), REJECT_R9)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.grounds == [RejectionGround.R9_FRIVOLOUS]
    assert "Vexing Group" not in signed_in.get(reverse("challenges:register")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("challenges:decision_publish", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.is_published
    register = signed_in.get(reverse("challenges:register")).content.decode()
    assert "Vexing Group" in register
    assert "R9: the expression of interest is frivolous or vexatious" in register
    assert len(mail.outbox) == 1
    assert "frivolous or vexatious" in mail.outbox[0].body
    assert REJECT_R9["reasons"] in mail.outbox[0].body
    assert notices_sent == [DecisionNotice.objects.get(decision=decision).pk]


def test_the_procurement_form_shows_the_bounds_and_refuses_dates_outside(signed_in, service, officer, council):
    ChallengeSettings.objects.create(council=council, procurement_min_days=10, procurement_max_days=20)
    decision = DecisionFactory(
        eoi__service=service,
        eoi__status=EOIStatus.ACCEPTED,
        outcome="ACCEPTED",
        grounds=[],
        decided_by=officer,
        published_at=timezone.now(),
    )
    url = reverse("challenges:procurement_record", args=[decision.eoi.pk])
    too_late = (timezone.localdate() + timedelta(days=21)).strftime("%d/%m/%Y")
    procedure = {"procedure": "COMPETITIVE_FLEXIBLE", "reserved_to_mutuals": "no"}
    response = signed_in.post(url, {"starts_on": too_late, "social_value_considered": "yes", **procedure})
    assert "The procurement must start between" in response.content.decode()
    assert not ProcurementExercise.objects.exists()
    good = (timezone.localdate() + timedelta(days=15)).strftime("%d/%m/%Y")
    signed_in.post(
        url, {"starts_on": good, "social_value_considered": "yes", "social_value_notes": "Local jobs", **procedure}
    )
    assert ProcurementExercise.objects.get().eoi.status == EOIStatus.PROCUREMENT_STARTED


def test_an_officer_publishes_a_service_with_a_window(signed_in, council):
    response = signed_in.post(
        reverse("challenges:service_create"),
        {
            "name": "Youth clubs",
            "description": "Four youth clubs.",
            "annual_value": "250000",
            "published": "on",
        },
    )
    service = council.challengeable_services.get()
    assert response["Location"] == reverse("challenges:service_edit", args=[service.pk])
    refused = signed_in.post(
        reverse("challenges:window_add", args=[service.pk]), {"opens_on": "01/10/2027", "closes_on": "01/09/2027"}
    )
    assert "The closing date must be the same as or after the opening date" in refused.content.decode()
    signed_in.post(
        reverse("challenges:window_add", args=[service.pk]), {"opens_on": "01/09/2027", "closes_on": "31/10/2027"}
    )
    assert SubmissionWindow.objects.get(service=service).closes_on.isoformat() == "2027-10-31"
    public = signed_in.get(reverse("challenges:service_list")).content.decode()
    assert "Youth clubs" in public and "1 September 2027 to 31 October 2027" in public


def test_an_officer_sets_the_councils_periods(signed_in, council):
    refused = signed_in.post(
        reverse("challenges:council_settings"),
        {"decision_period_days": "60", "procurement_min_days": "200", "procurement_max_days": "100"},
    )
    assert "The maximum period must be the same as or longer than the minimum period" in refused.content.decode()
    signed_in.post(
        reverse("challenges:council_settings"),
        {"decision_period_days": "60", "procurement_min_days": "30", "procurement_max_days": "100"},
    )
    assert ChallengeSettings.objects.get(council=council).decision_period_days == 60


def test_the_register_filters_and_downloads(client, service):
    published = DecisionFactory(eoi__service=service, eoi__body_name="=cmd|' /C calc'!A0", published_at=timezone.now())
    DecisionFactory(
        eoi__body_name="Elsewhere Group",
        published_at=timezone.now(),
        outcome="ACCEPTED",
        grounds=[],
        reasons="",
        eoi__status=EOIStatus.ACCEPTED,
    )
    DecisionFactory(eoi__service=service, eoi__body_name="Not published yet")
    response = client.get(reverse("challenges:register"), {"council": service.council.pk})
    assert [d.pk for d in response.context["page"]] == [published.pk]
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("challenges:register_csv"), {"outcome": "REJECTED"}).content.decode())
        )
    )
    assert len(rows) == 2
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert "R9: the expression of interest is frivolous or vexatious" in rows[1][6]
    data = json.loads(client.get(reverse("challenges:register_json"), {"year": timezone.now().year}).content)
    bodies = {row["body"] for row in data["decisions"]}
    assert bodies == {"=cmd|' /C calc'!A0", "Elsewhere Group"}
    assert client.get(reverse("challenges:register_json"), {"year": 1999}).json() == {"decisions": []}


def test_an_officer_corrects_a_published_decision_and_publishes_the_correction(signed_in, service, officer):
    original = DecisionFactory(
        eoi__service=service, eoi__status=EOIStatus.REJECTED, decided_by=officer, published_at=timezone.now()
    )
    url = reverse("challenges:decision_correct", args=[original.pk])
    page = signed_in.get(url).content.decode()
    assert original.reasons in page
    refused = signed_in.post(url, {"grounds": [], "reasons": "New reasons.", "correction_note": "Fix"})
    assert "Select at least one ground for rejecting the expression of interest" in refused.content.decode()
    signed_in.post(
        url,
        {
            "grounds": ["R9_FRIVOLOUS", "R2_INFO_INADEQUATE"],
            "reasons": "New reasons.",
            "correction_note": "Ground R2 was left out.",
        },
    )
    correction = Decision.objects.get(supersedes=original)
    review = signed_in.get(reverse("challenges:eoi_review", args=[original.eoi_id])).content.decode()
    assert "Earlier versions" in review and "Check and publish the decision" in review
    signed_in.post(reverse("challenges:decision_publish", args=[correction.pk]))
    register = signed_in.get(reverse("challenges:register")).content.decode()
    assert "New reasons." in register and "Ground R2 was left out." in register
    assert original.reasons not in register
    original.refresh_from_db()
    assert original.reasons != "New reasons."
    assert signed_in.get(url).status_code == 403  # only the latest version is corrected


def test_eois_due_within_seven_days_are_flagged_and_filterable(signed_in, service):
    today = timezone.localdate()
    soon = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW, decision_due_on=today + timedelta(days=7))
    EOIFactory(
        service=service,
        status=EOIStatus.UNDER_REVIEW,
        body_name="Later body",
        decision_due_on=today + timedelta(days=8),
    )
    response = signed_in.get(reverse("challenges:eoi_list"), {"status": "due_soon"})
    assert [e.pk for e in response.context["page"]] == [soon.pk]
    assert response.context["due_soon"] == 1
    assert "Due soon</strong>" in response.content.decode()


def test_the_workspace_lists_work_still_to_do_first(signed_in, service):
    today = timezone.localdate()
    decided = EOIFactory(service=service, status=EOIStatus.REJECTED, decision_due_on=today - timedelta(days=30))
    later = EOIFactory(service=service, status=EOIStatus.RECEIVED, decision_due_on=today + timedelta(days=50))
    sooner = EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW, decision_due_on=today + timedelta(days=5))
    page = signed_in.get(reverse("challenges:eoi_list")).context["page"]
    assert [e.pk for e in page] == [sooner.pk, later.pk, decided.pk]


def test_the_unfiltered_workspace_counts_as_the_filters_do(signed_in, service):
    """The landing page's numbers and list (statements compiled once, with the council and the day as values)
    agree with the filtered pages (the ORM) and with the EOIs themselves, day boundaries included."""
    today = timezone.localdate()
    for days in (-1, 0, 7, 8):  # overdue; due today, in 7 days (both soon); in 8 (not yet)
        EOIFactory(service=service, status=EOIStatus.UNDER_REVIEW, decision_due_on=today + timedelta(days=days))
    EOIFactory(service=service, status=EOIStatus.RECEIVED, acknowledgement_due_on=today - timedelta(days=2))
    EOIFactory(service=service, status=EOIStatus.REJECTED, decision_due_on=today - timedelta(days=9))
    EOIFactory(service=service, body_name="Still a draft")  # a draft is no one's work yet
    EOIFactory(status=EOIStatus.RECEIVED, acknowledgement_due_on=today - timedelta(days=2))  # another council's
    url = reverse("challenges:eoi_list")
    landing = signed_in.get(url).context
    numbers = {name: landing[name] for name in ("awaiting_ack", "awaiting_decision", "overdue", "due_soon")}
    assert numbers == {"awaiting_ack": 1, "awaiting_decision": 5, "overdue": 2, "due_soon": 2}
    for status in ("overdue", "due_soon"):
        filtered = signed_in.get(url, {"status": status}).context
        assert {name: filtered[name] for name in numbers} == numbers
        assert filtered["page"].paginator.count == numbers[status]
    assert landing["page"].paginator.count == 6
    assert [row["service"] for row in landing["rows"]] == [service.name] * 6
    assert signed_in.get(url, {"status": "REJECTED"}).context["page"].paginator.count == 1
    # A council with no EOIs at all: every number 0, an empty list.
    signed_in.get(url)  # (the statement compiled)
    service.eois.update(service=ServiceFactory())
    emptied = signed_in.get(url).context
    assert [emptied[name] for name in numbers] == [0, 0, 0, 0]
    assert emptied["page"].paginator.count == 0
    assert "No expressions of interest match." in signed_in.get(url).content.decode()


def test_the_register_filter_lists_are_cached_until_a_decision_changes(client, service):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def council_choices():
        form = client.get(reverse("challenges:register")).context["filter_form"]
        return [label for value, label in form.council_choices if value]

    DecisionFactory(eoi__service=service, published_at=timezone.now())
    assert council_choices() == [service.council.name]
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("challenges:register"))
    assert not [q for q in cached.captured_queries if "DISTINCT" in as_written(q["sql"])]
    elsewhere = DecisionFactory(
        published_at=timezone.now(), outcome="ACCEPTED", grounds=[], reasons="", eoi__status=EOIStatus.ACCEPTED
    )
    assert council_choices() == sorted([service.council.name, elsewhere.eoi.service.council.name])
