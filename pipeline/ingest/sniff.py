"""File type from the bytes, never from the name.

Records are renamed, re-saved and mislabeled on their way through records offices
(a PDF called ``export.csv``, an Excel file called ``.xls``). libmagic gives a mime
type and a human description; our own checks decide the `FileType` where libmagic is
vague: it calls CSV "text/plain", DOCX/XLSX often just "application/zip" from a
short sample, and it reads PDF only at offset 0 while readers accept ``%PDF-``
anywhere in the first kilobyte.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import magic

from pipeline.ingest.text_sample import decode_sample, looks_like_csv, looks_like_email
from pipeline.records import FileType

SNIFF_BYTES = 8192
_PDF_WINDOW = 1024
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BMP_HEADER_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
_TEXT_MIMES: dict[FileType, str] = {
    "csv": "text/csv",
    "email": "message/rfc822",
    "text": "text/plain",
}


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: our type, a mime type, and libmagic's description.

    For csv/email/text the mime carries ``; charset=<python codec>``. `description`
    is what a failure message shows when the type is "unknown".
    """

    file_type: FileType
    mime: str
    description: str


def sniff_file_type(path: Path) -> tuple[FileType, str]:
    """(type, mime) of the file at `path`, judged from its bytes."""
    sniffed = sniff_path(path)
    return sniffed.file_type, sniffed.mime


def sniff_path(path: Path, head: bytes | None = None, size: int | None = None) -> Sniffed:
    """Sniff a file, reusing an already-read head and size when the caller has them.

    Only the first 8 KiB are read, except for ZIP-like files whose central
    directory is listed to tell DOCX and XLSX from a plain archive. OSError from
    reading propagates (the caller reports it); content never makes this raise.
    """
    if head is None or size is None:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        size = path.stat().st_size
    head = head[:SNIFF_BYTES]
    names = _zip_member_names(path) if head.startswith(_ZIP_MAGICS) else None
    return sniff_bytes(head, complete=size <= len(head), zip_names=names)


def sniff_bytes(head: bytes, complete: bool = True, zip_names: list[str] | None = None) -> Sniffed:
    """Sniff from the first bytes of a file (pure; never raises on any input).

    `complete` says `head` is the whole file. `zip_names` is the member list when
    the bytes begin a ZIP and the caller could read the central directory.
    """
    head = head[:SNIFF_BYTES]
    magic_mime, description = _libmagic(head)
    if not head:
        return Sniffed("unknown", "application/x-empty", "empty")
    if b"%PDF-" in head[:_PDF_WINDOW]:
        return Sniffed("pdf", "application/pdf", description)
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(zip_names, magic_mime, description)
    image_mime = _image_mime(head)
    if image_mime is not None:
        mime = magic_mime if magic_mime.startswith("image/") else image_mime
        return Sniffed("image", mime, description)
    decoded = decode_sample(head, complete)
    if decoded is not None:
        kind: FileType
        if looks_like_email(decoded.text, complete):
            kind = "email"
        elif looks_like_csv(decoded.text, complete):
            kind = "csv"
        else:
            kind = "text"
        return Sniffed(kind, f"{_TEXT_MIMES[kind]}; charset={decoded.encoding}", description)
    return Sniffed("unknown", magic_mime, description)


def charset_of(mime: str) -> str | None:
    """The charset parameter of a mime string from `sniff_bytes`, if any."""
    for part in mime.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return None


def _libmagic(head: bytes) -> tuple[str, str]:
    try:
        mime = magic.from_buffer(head, mime=True) or "application/octet-stream"
        description = magic.from_buffer(head) or "data"
    except Exception:  # libmagic errors are opaque C failures; the sniff must go on
        return "application/octet-stream", "data"
    return mime, description


def _zip_member_names(path: Path) -> list[str] | None:
    """Member names from the central directory, or None when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except Exception:  # corrupt or unreadable: reported when the archive is expanded
        return None


def _sniff_zip(names: list[str] | None, magic_mime: str, description: str) -> Sniffed:
    if names is None:
        return Sniffed("zip", "application/zip", description)
    members = set(names)
    if "word/document.xml" in members:
        return Sniffed("docx", DOCX_MIME, "Microsoft Word 2007+ document")
    if "xl/workbook.xml" in members:
        return Sniffed("xlsx", XLSX_MIME, "Microsoft Excel 2007+ workbook")
    if "[Content_Types].xml" in members:
        return Sniffed(
            "unknown", magic_mime, f"Office Open XML package other than DOCX/XLSX ({description})"
        )
    if "mimetype" in members and "META-INF/manifest.xml" in members:
        return Sniffed("unknown", magic_mime, f"OpenDocument file ({description})")
    return Sniffed("zip", "application/zip", description)


def _image_mime(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"BM") and len(head) >= 18:
        dib_size = int.from_bytes(head[14:18], "little")
        if dib_size in _BMP_HEADER_SIZES:
            return "image/bmp"
    return None
