import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journeys import services
from journeys.models import Evidence
from journeys.uploads import MAX_UPLOAD_BYTES, validate_upload
from tests.journeys.factories import PDF, pdf_file, task

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.pdf", PDF, "pdf"),
        ("Plan.PDF", PDF, "pdf"),
        ("minutes.docx", DOCX, "docx"),
        ("model.xlsx", XLSX, "xlsx"),
        ("notes.odt", ODT, "odt"),
        ("budget.ods", ODS, "ods"),
        ("chart.png", PNG, "png"),
        ("photo.jpg", JPEG, "jpeg"),
        ("photo.jpeg", JPEG, "jpeg"),
    ],
)
def test_each_allowed_type_is_accepted_by_its_content(name, content, kind):
    assert validate_upload(upload(name, content)).code == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "must be a PDF"),
        ("report.pdf", EXE, "content does not match"),  # a renamed executable
        ("chart.pdf", PNG, "content does not match"),  # real PNG, wrong name
        ("minutes.docx", XLSX, "content does not match"),  # a spreadsheet named as a document
        ("minutes.docx", zip_bytes({"evil.sh": b"rm -rf /"}), "content does not match"),  # any zip is not a docx
        ("notes.odt", ODS, "content does not match"),
        ("notes.odt", b"PK\x03\x04 not really a zip", "content does not match"),
        ("page.html", b"<html><script>alert(1)</script>", "must be a PDF"),
        ("noextension", PDF, "must be a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_disallowed_or_disguised_file_is_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(upload(name, content))


def test_a_file_over_10_mb_is_refused():
    big = upload("big.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError, match="smaller than 10 MB"):
        validate_upload(big)
    exactly = upload("ok.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF)))
    assert validate_upload(exactly).code == "pdf"


def test_evidence_is_stored_under_a_random_name(journey, lead, settings):
    evidence = services.evidence_add(
        task=task(journey, "options-appraisal"), by=lead, file=pdf_file("../../etc/passwd.pdf")
    )
    assert evidence.original_name.endswith("passwd.pdf")
    assert "passwd" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes() == PDF


def test_a_refused_upload_shows_an_error_and_stores_nothing(client, journey, member, settings):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]), {"file": upload("report.pdf", EXE)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "content does not match its name" in html
    assert not Evidence.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "evidence").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "evidence").iterdir()
    )


def test_a_member_uploads_evidence_and_downloads_it_as_an_attachment(client, journey, member):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    response = client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]), {"file": upload("Appraisal.pdf", PDF)}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    response = client.get(reverse("journeys:evidence_download", args=[journey.pk, evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Appraisal.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_evidence_of_another_journey_is_not_found(client, journey, other_journey, lead):
    other_lead = other_journey.group.memberships.get().user
    evidence = services.evidence_add(task=task(other_journey, "options-appraisal"), by=other_lead, file=pdf_file())
    client.force_login(lead)
    assert client.get(reverse("journeys:evidence_download", args=[other_journey.pk, evidence.pk])).status_code == 404
    # Nor through this journey's URL.
    assert client.get(reverse("journeys:evidence_download", args=[journey.pk, evidence.pk])).status_code == 404


def test_only_a_lead_deletes_evidence_and_the_file_goes_too(
    client, journey, lead, member, settings, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(task=task(journey, "options-appraisal"), by=member, file=pdf_file())
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    url = reverse("journeys:evidence_delete", args=[journey.pk, evidence.pk])
    client.force_login(member)
    assert client.post(url).status_code == 403
    assert Evidence.objects.exists()
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_deleting_a_group_keeps_other_groups_evidence(journey, other_journey, lead):
    other_lead = other_journey.group.memberships.get().user
    services.evidence_add(task=task(journey, "options-appraisal"), by=lead, file=pdf_file())
    kept = services.evidence_add(task=task(other_journey, "options-appraisal"), by=other_lead, file=pdf_file())
    journey.group.delete()
    assert list(Evidence.objects.all()) == [kept]
