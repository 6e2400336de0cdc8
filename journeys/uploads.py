"""Evidence upload checks: size, allowed type, content that matches the file name, no archives, no macros.

The type is decided by the file's bytes (magic numbers; for zip-based office formats, the
entries inside the archive), never by the name or the browser's Content-Type alone.
Archives are refused, even renamed, and so are office files built like zip bombs and office
files carrying macros (a VBA project, Excel 4 macro sheets, OpenDocument Basic or scripts),
whatever their name. When a virus scanner is configured (CLAMD_ADDRESS), `scan_upload` is
the last check.
"""

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

from mutuals_portal.lib import virus_scan

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# An office document is a zip of XML parts. Real ones stay far below these; zip bombs do not.
MAX_ZIP_ENTRIES = 5_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# OOXML keeps the workbook behind a chart as a nested .xlsx under */embeddings/: allowed one
# level deep, when small and itself a clean office document. Any other nested archive is refused.
MAX_EMBEDDED_BYTES = MAX_UPLOAD_BYTES

ARCHIVE_MESSAGE = "The selected file is an archive (such as a ZIP file). Upload each document on its own"
BOMB_MESSAGE = "The selected file is too large when unpacked. Save it again as a smaller file"
MACRO_MESSAGE = (
    "The selected file contains macros. Save a copy without macros (as a DOCX, XLSX, ODT or ODS file) and upload that"
)
MACRO_TYPE_MESSAGE = (
    "The selected file is a macro-enabled Office file. Save a copy as a DOCX, XLSX, ODT or ODS file and upload that"
)
INFECTED_MESSAGE = "The selected file contains a virus. It has not been uploaded"
SCAN_FAILED_MESSAGE = "The file could not be checked for viruses. Try again later."


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
ZIP_OFFICE_KINDS = {"docx", "xlsx", "odt", "ods"}

# Archive formats by their magic numbers: (offset, bytes).
ARCHIVE_SIGNATURES = [
    (0, b"PK\x03\x04"),  # zip (and jar, apk, ...); office files are zips too, checked apart
    (0, b"PK\x05\x06"),  # empty zip
    (0, b"PK\x07\x08"),  # spanned zip
    (0, b"7z\xbc\xaf\x27\x1c"),  # 7-Zip
    (0, b"Rar!\x1a\x07"),  # RAR 4 and 5
    (0, b"\x1f\x8b\x08"),  # gzip
    (0, b"BZh"),  # bzip2
    (0, b"\xfd7zXZ\x00"),  # xz
    (0, b"\x28\xb5\x2f\xfd"),  # zstd
    (0, b"LZIP"),  # lzip
    (0, b"\x5d\x00\x00"),  # lzma
    (0, b"\x1f\x9d"),  # compress (.Z)
    (0, b"\x1f\xa0"),  # compress (LZH)
    (0, b"\x04\x22\x4d\x18"),  # lz4
    (0, b"MSCF"),  # Microsoft cabinet
    (0, b"!<arch>\n"),  # ar, .deb
    (0, b"\xed\xab\xee\xdb"),  # rpm
    (0, b"xar!"),  # xar, .pkg
    (0, b"\x60\xea"),  # arj
    (0, b"070707"),  # cpio
    (0, b"070701"),
    (0, b"070702"),
    (2, b"-lh"),  # lha / lzh
    (257, b"ustar"),  # tar
    (0x8001, b"CD001"),  # ISO 9660 disc image
]
ARCHIVE_EXTENSIONS = {
    ".zip", ".zipx", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst",
    ".lz", ".lzma", ".lz4", ".z", ".cab", ".arj", ".lzh", ".lha", ".iso", ".jar", ".war", ".apk", ".cpio",
    ".deb", ".rpm", ".xar", ".pkg", ".dmg",
}  # fmt: skip
# Office's macro-enabled formats (Word, Excel, PowerPoint: documents, templates, add-ins).
MACRO_EXTENSIONS = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam", ".sldm"}
# Where OOXML keeps a VBA project (with its signatures), and the markers that declare one or
# an Excel 4 macro sheet in [Content_Types].xml or a relationships part (compared in lower case).
VBA_PART_NAMES = {
    "vbaproject.bin",
    "vbaprojectsignature.bin",
    "vbaprojectsignatureagile.bin",
    "vbaprojectsignaturev3.bin",
    "vbadata.xml",
}
OOXML_MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet", b"ms-office.vbadata")
_DECLARATION_BYTES = 1024 * 1024  # [Content_Types].xml and .rels parts are a few kilobytes
# An OLE compound file (legacy Office, and the embedded objects of OOXML) holding VBA has a
# _VBA_PROJECT stream; OLE names are UTF-16.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
# OpenDocument keeps Basic modules under Basic/<library>/ (beside the library indexes) and
# Python, JavaScript or BeanShell macros under Scripts/.
ODF_LIBRARY_INDEXES = {"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"}
_HEAD_BYTES = max(offset + len(magic) for offset, magic in ARCHIVE_SIGNATURES)
# Inside an office file, parts such as obfuscated fonts are random bytes: only signatures of
# 3 bytes or more count there. Office compresses metafiles with gzip (.emz, .wmz): those are fine.
_PART_HEAD_BYTES = 512
_PART_SIGNATURES = [
    (offset, magic)
    for offset, magic in ARCHIVE_SIGNATURES
    if len(magic) >= 3 and offset + len(magic) <= _PART_HEAD_BYTES
]
COMPRESSED_METAFILES = {".emz", ".wmz"}


class Refused(Exception):
    """The file is an archive, an office file built like a zip bomb, or an office file with macros."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def _is_archive_head(head: bytes, signatures=ARCHIVE_SIGNATURES) -> bool:
    return any(head[offset : offset + len(magic)] == magic for offset, magic in signatures)


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" in names:
        with archive.open("mimetype") as part:
            mimetype = part.read(100).strip()  # never read a part whole: it may be huge
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
    return None


def _check_office_zip(file, *, nested: bool = False) -> str | None:
    """The office kind of a zip, or None for any other zip; raises Refused for a bomb or a nested archive."""
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise Refused(BOMB_MESSAGE, "zip_bomb")
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise Refused(BOMB_MESSAGE, "zip_bomb")
        kind = _office_kind(archive, {entry.filename for entry in entries})
        if kind is None:
            return None
        for entry in entries:
            if _is_macro_part(archive, entry, kind):
                raise Refused(MACRO_MESSAGE, "macros")
            if not entry.is_dir():
                _check_part(archive, entry, nested=nested)
        return kind


def _is_macro_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, kind: str) -> bool:
    """True for a part of an office file that is, or declares, macros."""
    path = PurePath(entry.filename)
    if kind in {"odt", "ods"}:
        top = path.parts[0].lower() if path.parts else ""
        if top == "scripts":
            return not entry.is_dir()
        return top == "basic" and not entry.is_dir() and path.name.lower() not in ODF_LIBRARY_INDEXES
    if path.name.lower() in VBA_PART_NAMES or "/macrosheets/" in f"/{entry.filename.lower()}":
        return True
    if entry.filename == "[Content_Types].xml" or path.suffix.lower() == ".rels":
        with archive.open(entry) as part:
            declared = part.read(_DECLARATION_BYTES).lower()
        return any(marker in declared for marker in OOXML_MACRO_MARKERS)
    if entry.is_dir():
        return False
    with archive.open(entry) as part:
        head = part.read(len(OLE_SIGNATURE))
        if head != OLE_SIGNATURE:
            return False
        # An embedded OLE object (or a VBA project under another name): look for its VBA stream.
        return OLE_VBA_STREAM in head + part.read(MAX_EMBEDDED_BYTES)


def _check_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, nested: bool) -> None:
    """Refuse a part of an office file that is itself an archive (except one small embedded office file)."""
    suffix = PurePath(entry.filename).suffix.lower()
    with archive.open(entry) as part:
        head = part.read(_PART_HEAD_BYTES)
    if suffix in COMPRESSED_METAFILES and head.startswith(b"\x1f\x8b\x08"):
        return
    if not (_is_archive_head(head, _PART_SIGNATURES) or suffix in ARCHIVE_EXTENSIONS):
        return
    embedded = "/embeddings/" in f"/{entry.filename}" and head.startswith(b"PK\x03\x04")
    if nested or not embedded or entry.file_size > MAX_EMBEDDED_BYTES:
        raise Refused(ARCHIVE_MESSAGE, "nested_archive")
    with archive.open(entry) as part:
        inner = io.BytesIO(part.read(MAX_EMBEDDED_BYTES + 1))
    if len(inner.getvalue()) > MAX_EMBEDDED_BYTES or _check_office_zip(inner, nested=True) is None:
        raise Refused(ARCHIVE_MESSAGE, "nested_archive")


def sniff(file) -> str | None:
    """The kind of file its content shows, or None when it is none of the allowed kinds.

    Raises Refused for an archive (whatever its name) and for an office file that is a zip bomb.
    """
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            try:
                kind = _check_office_zip(file)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
                return None  # claims to be a zip but is not a readable one
            if kind is None:
                raise Refused(ARCHIVE_MESSAGE, "archive")
            return kind
        if _is_archive_head(head):
            raise Refused(ARCHIVE_MESSAGE, "archive")
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
    try:
        code = sniff(file)
    except Refused as refused:
        raise ValidationError(refused.message, code=refused.code) from None
    if extension in ARCHIVE_EXTENSIONS:
        raise ValidationError(ARCHIVE_MESSAGE, code="archive")
    if extension in MACRO_EXTENSIONS:
        raise ValidationError(MACRO_TYPE_MESSAGE, code="macros")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION}", code="type")
    if code is None or extension not in KINDS[code].extensions:
        raise ValidationError(
            f"The selected file's content does not match its name: it must really be a {ALLOWED_DESCRIPTION}",
            code="content",
        )
    return KINDS[code]


def scan_upload(file) -> None:
    """Ask the virus scanner about the file (when one is configured); fail closed when it cannot answer."""
    try:
        result = virus_scan.scan(file)
    except virus_scan.ScanError:
        logger.exception("Virus scan unavailable: upload refused")
        raise ValidationError(SCAN_FAILED_MESSAGE, code="scan_failed") from None
    if result.infected:
        # The signature is for the service team's log only; the page names no internals.
        logger.warning("Virus scanner found %s in an upload: refused", result.signature.replace("\n", " ")[:200])
        raise ValidationError(INFECTED_MESSAGE, code="infected")
