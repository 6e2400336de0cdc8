import bz2
import errno
import gzip
import io
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client, override_settings
from django.urls import reverse

from journeys import services, uploads
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
        ("minutes.docx", zip_bytes({"evil.sh": b"rm -rf /"}), "is an archive"),  # any zip is not a docx
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


# Archives -------------------------------------------------------------------------------------


def _tar_bytes() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("plan.pdf")
        info.size = len(PDF)
        archive.addfile(info, io.BytesIO(PDF))
    return buffer.getvalue()


ARCHIVES = {
    "zip": zip_bytes({"plan.pdf": PDF}),
    "empty zip": zip_bytes({}),
    "7z": b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 40,
    "rar": b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40,
    "gzip": gzip.compress(PDF),
    "bzip2": bz2.compress(PDF),
    "xz": lzma.compress(PDF),
    "tar": _tar_bytes(),
    "tar.gz": gzip.compress(_tar_bytes()),
}


@pytest.mark.parametrize("name", ["evidence.pdf", "minutes.docx", "chart.png", "bundle.zip", "bundle.7z"])
@pytest.mark.parametrize("kind", ARCHIVES)
def test_an_archive_is_refused_by_its_content_whatever_its_name(kind, name):
    with pytest.raises(ValidationError, match="is an archive") as refused:
        validate_upload(upload(name, ARCHIVES[kind]))
    assert refused.value.code in {"archive", "nested_archive"}


def test_an_archive_extension_is_refused_with_the_archive_message():
    with pytest.raises(ValidationError, match="is an archive"):
        validate_upload(upload("papers.rar", PDF))


def _docx(**extra_parts) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **extra_parts})


def test_an_office_file_unpacking_to_an_absurd_size_is_refused():
    """The zip-bomb shape: a few hundred kilobytes that unpack to more than the limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            megabyte = b"\0" * (1024 * 1024)
            for _ in range(uploads.MAX_UNCOMPRESSED_BYTES // len(megabyte) + 1):
                part.write(megabyte)
    assert len(buffer.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError, match="too large when unpacked") as refused:
        validate_upload(upload("minutes.docx", buffer.getvalue()))
    assert refused.value.code == "zip_bomb"


def test_an_office_file_with_an_absurd_number_of_parts_is_refused():
    parts = {f"word/media/p{n}.xml": b"<x/>" for n in range(uploads.MAX_ZIP_ENTRIES)}
    with pytest.raises(ValidationError, match="too large when unpacked"):
        validate_upload(upload("minutes.docx", _docx(**parts)))


@pytest.mark.parametrize(
    "part",
    [
        ("word/media/inner.zip", zip_bytes({"a.txt": b"a"})),
        ("word/media/image1.png", zip_bytes({"a.txt": b"a"})),  # a zip dressed as an image
        ("word/media/data.bin", ARCHIVES["7z"]),
        ("word/media/data.bin", ARCHIVES["rar"]),
        ("word/media/data.bin", ARCHIVES["tar"]),
        ("word/media/data.bin", ARCHIVES["xz"]),
        ("word/media/notes.gz", ARCHIVES["gzip"]),
        ("word/embeddings/Workbook.xlsx", zip_bytes({"evil.sh": b"rm -rf /"})),  # not an office file
        ("word/embeddings/Workbook.xlsx", _docx(**{"word/media/inner.zip": zip_bytes({"a": b"a"})})),  # nested twice
    ],
)
def test_an_office_file_with_an_archive_inside_is_refused(part):
    name, content = part
    with pytest.raises(ValidationError, match="is an archive") as refused:
        validate_upload(upload("minutes.docx", _docx(**{name: content})))
    assert refused.value.code == "nested_archive"


def test_a_word_document_with_a_chart_and_a_compressed_picture_is_accepted():
    """Word keeps a chart's data as an .xlsx under word/embeddings/ and may gzip pictures (.emz)."""
    document = _docx(
        **{
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": XLSX,
            "word/media/image1.emz": gzip.compress(b"\x01\x00\x00\x00 EMF picture"),
        }
    )
    assert validate_upload(upload("minutes.docx", document)).code == "docx"


def test_an_odf_mimetype_part_is_never_read_whole(monkeypatch):
    read_sizes = []
    original_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        read_sizes.append(n)
        return original_read(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    assert validate_upload(upload("notes.odt", ODT)).code == "odt"
    assert read_sizes and all(0 < n <= 512 for n in read_sizes)


# A full disk ----------------------------------------------------------------------------------


class DiskFullStorage(FileSystemStorage):
    """The file system fills up half way through writing the file (the OS is the boundary)."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_shows_a_clear_error_and_leaves_nothing_behind(client, journey, member, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.DiskFullStorage"}}
    row = task(journey, "options-appraisal")
    events_before = journey.events.count()
    client.force_login(member)
    response = client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]), {"file": upload("Appraisal.pdf", PDF)}
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The file could not be saved because the server is out of space. Nothing was uploaded." in html
    assert not Evidence.objects.exists()
    assert journey.events.count() == events_before
    evidence_folder = Path(settings.MEDIA_ROOT) / "evidence"
    assert evidence_folder.exists(), "the storage double wrote part of the file"
    assert not any(evidence_folder.iterdir())


class FailingDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.EIO, "Input/output error")


def test_another_write_error_is_not_reported_as_a_full_disk(journey, lead, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FailingDiskStorage"}}
    with pytest.raises(OSError, match="Input/output") as raised:
        services.evidence_add(task=task(journey, "options-appraisal"), by=lead, file=pdf_file())
    assert not isinstance(raised.value, services.StorageFull)
    assert not Evidence.objects.exists()


class DiskFullWhileSpoolingHandler(TemporaryFileUploadHandler):
    """Django spools a large upload to a temporary file before any view runs: that disk fills up."""

    def receive_data_chunk(self, raw_data, start):
        super().receive_data_chunk(raw_data, start)
        raise OSError(errno.ENOSPC, "No space left on device")


@override_settings(DEBUG=False)
def test_a_full_disk_while_receiving_an_upload_gets_a_503_page_not_a_500(journey, member, settings):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.DiskFullWhileSpoolingHandler"]
    row = task(journey, "options-appraisal")
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.post(
        reverse("journeys:evidence_upload", args=[journey.pk, row.pk]), {"file": upload("Appraisal.pdf", PDF)}
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "The server is out of space, so nothing you sent was saved. Nothing was uploaded." in html
    assert "No space left on device" not in html
    assert not Evidence.objects.exists()


def test_a_long_file_name_fits_the_timeline(journey, lead):
    """PostgreSQL refuses a summary longer than its column: the quoted name is cut to fit."""
    evidence = services.evidence_add(
        task=task(journey, "options-appraisal"), by=lead, file=pdf_file("x" * 251 + ".pdf")
    )
    assert len(evidence.original_name) == 255
    summary = journey.events.latest("pk").summary
    assert len(summary) == 300 and summary.endswith("…")
    assert summary.startswith("Evidence added to ")


# Macros ---------------------------------------------------------------------------------------

OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The shape of a VBA project: an OLE compound file with a VBA storage and its _VBA_PROJECT stream.
VBA_PROJECT = OLE_HEAD + b"\x00" * 56 + "VBA".encode("utf-16-le") + b"\x00" * 20 + "_VBA_PROJECT".encode("utf-16-le")
OLE_OBJECT = OLE_HEAD + b"\x00" * 56 + "\x01Ole10Native".encode("utf-16-le")  # a plain embedded object
MACRO_TYPES = b'<Types><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
DOCM_TYPES = (
    b'<Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)
VBA_RELS = (
    b'<Relationships><Relationship Id="rId9" Target="vbaProject.bin" '
    b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>'
)


def _xlsx(**extra_parts) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", **extra_parts})


def _odt(**extra_parts) -> bytes:
    return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>", **extra_parts})


MACRO_FILES = {
    "docm: word/vbaProject.bin": ("minutes.docx", _docx(**{"word/vbaProject.bin": VBA_PROJECT})),
    "xlsm: xl/vbaProject.bin": ("model.xlsx", _xlsx(**{"xl/vbaProject.bin": VBA_PROJECT})),
    "vbaProject.bin anywhere, even empty": ("minutes.docx", _docx(**{"customXml/VBAPROJECT.BIN": b"x"})),
    "a VBA project under another name": ("minutes.docx", _docx(**{"word/media/image9.bin": VBA_PROJECT})),
    "declared macro-enabled": (
        "minutes.docx",
        zip_bytes({"[Content_Types].xml": DOCM_TYPES, "word/document.xml": b"<w/>"}),
    ),
    "declared VBA content type": (
        "model.xlsx",
        zip_bytes({"[Content_Types].xml": MACRO_TYPES, "xl/workbook.xml": b"<w/>"}),
    ),
    "VBA relationship": ("minutes.docx", _docx(**{"word/_rels/document.xml.rels": VBA_RELS})),
    "Excel 4 macro sheet": ("model.xlsx", _xlsx(**{"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})),
    "vbaData.xml (Word's VBA data)": ("minutes.docx", _docx(**{"word/vbaData.xml": b"<wne:vbaSuppData/>"})),
    "embedded Word 97 object with macros": ("minutes.docx", _docx(**{"word/embeddings/oleObject1.bin": VBA_PROJECT})),
    "embedded xlsm behind a chart": (
        "minutes.docx",
        _docx(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": _xlsx(**{"xl/vbaProject.bin": VBA_PROJECT})}),
    ),
    "OpenDocument Basic module": ("notes.odt", _odt(**{"Basic/Standard/Module1.xml": b"<script:module/>"})),
    "OpenDocument Python script": ("notes.odt", _odt(**{"Scripts/python/run.py": b"import os"})),
}


@pytest.mark.parametrize("case", MACRO_FILES)
def test_an_office_file_with_macros_is_refused_by_its_content(case):
    name, content = MACRO_FILES[case]
    with pytest.raises(ValidationError, match="contains macros") as refused:
        validate_upload(upload(name, content))
    assert refused.value.code == "macros"


@pytest.mark.parametrize("name", ["budget.xlsm", "minutes.docm", "slides.pptm", "letter.dotm", "model.xltm"])
def test_a_macro_enabled_office_file_is_refused_by_its_name(name):
    with pytest.raises(ValidationError, match="macro-enabled Office file") as refused:
        validate_upload(upload(name, DOCX))
    assert refused.value.code == "macros"


def test_a_macro_enabled_file_renamed_docx_is_refused_for_its_macros():
    docm = zip_bytes(
        {
            "[Content_Types].xml": DOCM_TYPES + MACRO_TYPES,
            "word/document.xml": b"<w:document/>",
            "word/_rels/document.xml.rels": VBA_RELS,
            "word/vbaProject.bin": VBA_PROJECT,
        }
    )
    with pytest.raises(ValidationError, match="contains macros"):
        validate_upload(upload("minutes.docx", docm))


def test_office_files_without_macros_are_still_accepted():
    """An embedded object without VBA, and the empty Basic library index LibreOffice may write."""
    with_object = _docx(**{"word/embeddings/oleObject1.bin": OLE_OBJECT})
    assert validate_upload(upload("minutes.docx", with_object)).code == "docx"
    with_index = _odt(**{"Basic/script-lc.xml": b"<library:libraries/>", "Basic/Standard/script-lb.xml": b"<x/>"})
    assert validate_upload(upload("notes.odt", with_index)).code == "odt"


def test_a_file_with_macros_is_refused_on_the_page_and_nothing_is_stored(client, journey, member, settings):
    row = task(journey, "options-appraisal")
    client.force_login(member)
    url = reverse("journeys:evidence_upload", args=[journey.pk, row.pk])
    response = client.post(url, {"file": upload("Budget.xlsx", _xlsx(**{"xl/vbaProject.bin": VBA_PROJECT}))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "The selected file contains macros" in html
    assert 'href="#id_file"' in html  # the error summary links to the field
    assert not Evidence.objects.exists()
    evidence_folder = Path(settings.MEDIA_ROOT) / "evidence"
    assert not evidence_folder.exists() or not any(evidence_folder.iterdir())
