"""Every written route counts (Localism Act 2011 s.81(1)(b); issue #19 point 2): an officer records an EOI
that came by email or post, with the scanned original under the project's upload rules, and it follows the
same path as one sent online."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges import services
from challenges.models import EOIStatus, EOIStatusChange, ExpressionOfInterest, Route
from tests.factories import PublicBodyFactory, UserFactory, signed_in_client

from .factories import ConflictFactory, EOIFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(service, **overrides):
    data = {
        "service": service.pk,
        "route": "POST",
        "received_on": (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y"),
        "body_type": "VCB",
        "body_name": "Allotment Holders Association",
        "contact_name": "Ann Allot",
        "contact_email": "",
        "financial_resources": "Subscriptions of 4,000 GBP a year.",
        "capability": "We have run the site shop since 2015.",
        "service_and_area": "The four allotment sites in the town.",
        "outcomes_wellbeing": "More people growing food.",
        "outcomes_users_needs": "Plots let fairly by a members' panel.",
        "original": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_an_officer_records_a_posted_eoi_and_it_follows_the_same_path(officer, service):
    client = signed_in_client(officer)
    url = reverse("challenges:eoi_record_received")
    assert "Record an expression of interest received by email or post" in client.get(url).content.decode()
    response = client.post(url, _data(service))
    eoi = ExpressionOfInterest.objects.get()
    assert response["Location"] == reverse("challenges:eoi_review", args=[eoi.pk])
    received = timezone.localdate() - timedelta(days=3)
    assert eoi.status == EOIStatus.RECEIVED and eoi.route == Route.POST and eoi.submitted_by is None
    assert eoi.recorded_by == officer and eoi.received_on == received
    # The 30 days run from receipt, not from the day it was typed in.
    assert eoi.acknowledgement_due_on == received + timedelta(days=30)
    change = EOIStatusChange.objects.get(eoi=eoi)
    assert change.changed_by == officer and "Received by post" in change.note
    review = client.get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "By post; recorded by Olive Officer" in review and "Download the original (letter.pdf)" in review
    original = client.get(reverse("challenges:eoi_original", args=[eoi.pk]))
    assert b"".join(original.streaming_content) == PDF
    assert original["Cache-Control"] == "private, no-store"
    # The same path: acknowledged, decided, and the check page says the notice goes by post (no email).
    services.eoi_acknowledge(eoi=eoi, by=officer)
    decision = services.decision_record(
        eoi=eoi,
        by=officer,
        outcome="ACCEPTED",
        grounds=[],
        reasons="",
        wellbeing_considered=True,
        decision_maker="Sam Patel, Head of Commissioning",
        delegated_authority="Scheme of delegation 4.2",
    )
    check = client.get(reverse("challenges:decision_publish", args=[decision.pk])).content.decode()
    assert "gave no email address" in check and "send it by post" in check
    services.decision_publish(decision=decision, by=officer)
    eoi.refresh_from_db()
    assert eoi.status == EOIStatus.ACCEPTED
    assert mail.outbox == []  # nobody to email


def test_an_emailed_eoi_with_an_address_is_acknowledged_by_email(officer, service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(officer).post(
            reverse("challenges:eoi_record_received"),
            _data(service, route="EMAIL", contact_email="ann@example.test"),
        )
    eoi = ExpressionOfInterest.objects.get()
    assert [m.to for m in mail.outbox] == [["ann@example.test"]]
    assert "Quote " + eoi.reference in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"original": SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf")}, "does not match its name"),
        ({"original": SimpleUploadedFile("letter.zip", b"PK\x03\x04rest")}, "archive"),
        ({"original": ""}, "Upload the original expression of interest"),
        ({"received_on": (date.today() + timedelta(days=2)).strftime("%d/%m/%Y")}, "today or in the past"),
        ({"body_name": ""}, "Enter the name of the body"),
        ({"route": ""}, "Select how the expression of interest was sent"),
    ],
    ids=["content", "archive", "no file", "future", "no name", "no route"],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(officer, service, overrides, message):
    response = signed_in_client(officer).post(reverse("challenges:eoi_record_received"), _data(service, **overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not ExpressionOfInterest.objects.exists()


def test_another_councils_service_cannot_be_chosen(officer, service):
    elsewhere = ServiceFactory(council=PublicBodyFactory(name="Elsewhere"))
    response = signed_in_client(officer).post(reverse("challenges:eoi_record_received"), _data(elsewhere))
    assert "Select one of your council" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_the_original_is_for_the_councils_officers_only(officer, service, council):
    signed_in_client(officer).post(reverse("challenges:eoi_record_received"), _data(service))
    eoi = ExpressionOfInterest.objects.get()
    other = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory(name="Other"))
    assert signed_in_client(other).get(reverse("challenges:eoi_original", args=[eoi.pk])).status_code == 404


def test_a_conflict_on_one_posted_eoi_does_not_spread_to_every_posted_eoi(officer, service):
    first = EOIFactory(service=service, submitted_by=None, route=Route.POST, status=EOIStatus.RECEIVED)
    second = EOIFactory(service=service, submitted_by=None, route=Route.POST, status=EOIStatus.RECEIVED)
    ConflictFactory(eoi=first, officer=officer, covers_body=True)
    from challenges import access

    assert access.officer_blocked_by_conflict(officer, first)
    assert not access.officer_blocked_by_conflict(officer, second)
