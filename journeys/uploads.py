"""Evidence upload checks: size, allowed type, and content that matches the file name.

The type is decided by the file's bytes (magic numbers; for zip-based office formats, the
entries inside the archive), never by the name or the browser's Content-Type alone.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    kind.code: kind
    for kind in [
        FileKind("pdf", "PDF", (".pdf",), "application/pdf"),
        FileKind(
            "docx",
            "Word document",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx", "Excel spreadsheet", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        FileKind("odt", "OpenDocument text", (".odt",), "application/vnd.oasis.opendocument.text"),
        FileKind("ods", "OpenDocument spreadsheet", (".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
        FileKind("png", "PNG image", (".png",), "image/png"),
        FileKind("jpeg", "JPEG image", (".jpg", ".jpeg"), "image/jpeg"),
    ]
}
ALLOWED_EXTENSIONS = sorted(ext for kind in KINDS.values() for ext in kind.extensions)
ALLOWED_DESCRIPTION = "PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG"


def _zip_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                if mimetype == KINDS["odt"].content_type.encode():
                    return "odt"
                if mimetype == KINDS["ods"].content_type.encode():
                    return "ods"
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sniff(file) -> str | None:
    """The kind of file its content shows, or None when it is none of the allowed kinds."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        return None
    finally:
        file.seek(0)


def validate_upload(file) -> FileKind:
    """Return the file's kind, or raise ValidationError with a GOV.UK-style message."""
    if file.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The selected file must be smaller than 10 MB", code="too_big")
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION}", code="type")
    code = sniff(file)
    if code is None or extension not in KINDS[code].extensions:
        raise ValidationError(
            f"The selected file's content does not match its name: it must really be a {ALLOWED_DESCRIPTION}",
            code="content",
        )
    return KINDS[code]
