"""Complete EOI contents (issue #19 point 4): documents attached under the project's upload rules, seen by
the body and the council's officers only; a decision date set per EOI within the council's maximum period."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from challenges import services
from challenges.models import Attachment, ChallengeSettings, EOIStatus, EOIStatusChange, Route
from tests.factories import PublicBodyFactory, UserFactory, signed_in_client
from tests.fake_clamd import EICAR, FakeClamd

from .factories import BodyUserFactory, EOIFactory, WindowFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add(client, eoi, content=PDF, name="accounts 2025.pdf", kind="accounts"):
    return client.post(
        reverse("challenges:attachment_add", args=[eoi.pk]), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_the_body_attaches_accounts_to_its_draft_and_both_sides_see_and_download_them(body, officer, service):
    eoi = EOIFactory(service=service, submitted_by=body)
    client = signed_in_client(body)
    response = _add(client, eoi)
    assert response["Location"] == reverse("challenges:eoi_edit", args=[eoi.pk])
    attachment = Attachment.objects.get(eoi=eoi)
    assert (attachment.kind, attachment.original_name) == ("accounts", "accounts 2025.pdf")
    assert attachment.uploaded_by == body
    assert "accounts 2025" not in attachment.file.name  # stored under a random name
    assert "accounts 2025.pdf" in client.get(reverse("challenges:eoi_check", args=[eoi.pk])).content.decode()
    services.eoi_submit(eoi_id=eoi.pk, by=body)
    url = reverse("challenges:attachment_download", args=[eoi.pk, attachment.pk])
    for user in (body, officer):
        download = signed_in_client(user).get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Cache-Control"] == "private, no-store"
    review = signed_in_client(officer).get(reverse("challenges:eoi_review", args=[eoi.pk])).content.decode()
    assert "accounts 2025.pdf" in review and url in review
    # Another council's officer and another body: 404.
    stranger = UserFactory(role=User.Role.OFFICER, public_body=PublicBodyFactory())
    assert signed_in_client(stranger).get(url).status_code == 404
    assert signed_in_client(BodyUserFactory()).get(url).status_code == 404
    # Sent: the body can no longer add or remove documents.
    assert _add(client, eoi).status_code == 403
    remove = reverse("challenges:attachment_remove", args=[eoi.pk, attachment.pk])
    assert client.post(remove).status_code == 403
    assert Attachment.objects.filter(eoi=eoi).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("accounts.pdf", b"MZ\x90\x00 not a pdf", "does not match its name"),
        ("accounts.zip", None, "archive"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "smaller than 10"),
    ],
)
def test_unsafe_files_are_refused_with_a_clear_message_and_nothing_kept(body, service, name, content, message):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.pdf", PDF)
        content = buffer.getvalue()
    eoi = EOIFactory(service=service, submitted_by=body)
    response = _add(signed_in_client(body), eoi, content=content, name=name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not Attachment.objects.exists()


def test_an_infected_file_is_refused(body, service, settings):
    eoi = EOIFactory(service=service, submitted_by=body)
    with FakeClamd() as server:
        settings.CLAMD_ADDRESS = server.address
        response = _add(signed_in_client(body), eoi, content=PDF + EICAR)
    assert "contains a virus" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_body_removes_a_document_from_its_draft(body, service):
    eoi = EOIFactory(service=service, submitted_by=body)
    client = signed_in_client(body)
    _add(client, eoi)
    attachment = Attachment.objects.get()
    response = client.post(reverse("challenges:attachment_remove", args=[eoi.pk, attachment.pk]))
    assert response["Location"] == reverse("challenges:eoi_edit", args=[eoi.pk])
    assert not Attachment.objects.exists()


def test_an_officer_attaches_the_enclosures_of_a_posted_eoi_and_it_is_logged(officer, service):
    eoi = EOIFactory(service=service, submitted_by=None, route=Route.POST, recorded_by=officer, status="RECEIVED")
    response = _add(signed_in_client(officer), eoi, name="constitution.pdf", kind="constitution")
    assert response["Location"] == reverse("challenges:eoi_review", args=[eoi.pk])
    assert Attachment.objects.get(eoi=eoi).uploaded_by == officer
    note = EOIStatusChange.objects.filter(eoi=eoi).latest("pk").note
    assert note == "Document added by the council: constitution.pdf (Constitution or governing document)"
    # An EOI the body sent online is the body's own: the officer adds nothing to it.
    online = EOIFactory(service=service, submitted_by=BodyUserFactory(), status="RECEIVED")
    assert _add(signed_in_client(officer), online).status_code == 403


def test_the_officer_sets_a_decision_date_within_the_maximum_period_and_the_body_sees_it(body, officer, service):
    ChallengeSettings.objects.create(council=service.council, decision_period_days=60)
    eoi = EOIFactory(service=service, submitted_by=body, status=EOIStatus.ACKNOWLEDGED)
    latest = eoi.received_on + timedelta(days=60)
    url = reverse("challenges:eoi_decision_date", args=[eoi.pk])
    client = signed_in_client(officer)
    too_late = client.post(url, {"decision_due_on": (latest + timedelta(days=1)).strftime("%d/%m/%Y")})
    page = too_late.content.decode()
    assert too_late.status_code == 200 and "govuk-error-summary" in page
    assert f"must be on or before {latest:%-d %B %Y}, the end of the council&#x27;s maximum period" in page
    eoi.refresh_from_db()
    assert eoi.decision_due_on == eoi.received_on + timedelta(days=90)  # the factory's; unchanged
    past = client.post(url, {"decision_due_on": (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")})
    assert "must be today or in the future" in past.content.decode()
    chosen = timezone.localdate() + timedelta(days=20)
    assert client.post(url, {"decision_due_on": chosen.strftime("%d/%m/%Y")}).status_code == 302
    eoi.refresh_from_db()
    assert eoi.decision_due_on == chosen
    assert EOIStatusChange.objects.filter(eoi=eoi, note=f"Decision date set: {chosen:%-d %B %Y}").exists()
    detail = signed_in_client(body).get(reverse("challenges:my_eoi_detail", args=[eoi.pk])).content.decode()
    assert f"{chosen:%-d %B %Y}" in detail


def test_the_maximum_runs_from_the_close_of_the_period_the_eoi_was_sent_in(officer, body, service):
    today = timezone.localdate()
    window = WindowFactory(service=service, opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=30))
    eoi = EOIFactory(service=service, submitted_by=body, status=EOIStatus.RECEIVED, window=window)
    assert services.latest_decision_date(eoi) == window.closes_on + timedelta(days=90)


def test_no_decision_date_once_decided(officer, body, service):
    eoi = EOIFactory(service=service, submitted_by=body, status=EOIStatus.REJECTED)
    assert signed_in_client(officer).get(reverse("challenges:eoi_decision_date", args=[eoi.pk])).status_code == 403
