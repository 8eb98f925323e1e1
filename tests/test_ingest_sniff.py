"""Type sniffing judges bytes, not names, and never raises on arbitrary input."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.pdfgen import canvas

from pipeline.ingest.sniff import (
    DOCX_MIME,
    XLSX_MIME,
    charset_of,
    sniff_bytes,
    sniff_file_type,
    sniff_path,
)

FILE_TYPES = {"pdf", "image", "csv", "xlsx", "docx", "text", "email", "zip", "unknown"}

AUDIT_ROWS = [
    ["Name", "Org", "Reason", "Searched at"],
    ["J. Doe", "Springfield PD", "stolen vehicle", "2024-01-02 10:00"],
    ["A. Roe", "Shelbyville PD", "immigration", "2024-01-03 11:30"],
    ["B. Poe", "Capital City PD", "missing person – Amber alert", "2024-01-04 09:15"],
    ["C. Loe", "Ogdenville PD", "café robbery", "2024-01-05 16:45"],
]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def make_pdf(path: Path, text: str = "License plate reader policy") -> Path:
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 720, text)
    pdf.save()
    return path


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Memo about ALPR data retention.")
    document.save(str(path))
    return path


def make_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in AUDIT_ROWS:
        sheet.append(row)
    book.save(str(path))
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_pdf_named_csv_is_pdf(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "audit.csv")
    assert sniff_file_type(pdf) == ("pdf", "application/pdf")


def test_pdf_marker_after_junk_prefix_is_pdf(tmp_path: Path) -> None:
    # Readers accept %PDF- anywhere in the first KiB (e.g. after a mail-gateway banner).
    body = make_pdf(tmp_path / "a.pdf").read_bytes()
    shifted = write(tmp_path / "scan.bin", b"X-Scanned-By: gateway\r\n" * 20 + body)
    assert sniff_file_type(shifted)[0] == "pdf"


def test_pdf_marker_beyond_first_kib_is_not_pdf() -> None:
    assert sniff_bytes(b"\x01\x02" * 600 + b"%PDF-1.4").file_type != "pdf"


def test_docx_and_xlsx_told_apart_from_zip_by_members(tmp_path: Path) -> None:
    docx_file = make_docx(tmp_path / "memo.zip")
    xlsx_file = make_xlsx(tmp_path / "audit.docx")
    archive = tmp_path / "bundle.xlsx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("memo.txt", "hello")
    assert sniff_file_type(docx_file) == ("docx", DOCX_MIME)
    assert sniff_file_type(xlsx_file) == ("xlsx", XLSX_MIME)
    assert sniff_file_type(archive) == ("zip", "application/zip")


def test_other_office_package_is_unknown(tmp_path: Path) -> None:
    deck = tmp_path / "slides.pptx"
    with zipfile.ZipFile(deck, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<p/>")
    sniffed = sniff_path(deck)
    assert sniffed.file_type == "unknown"
    assert "Office Open XML" in sniffed.description


@pytest.mark.parametrize(
    ("pil_format", "mime"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("TIFF", "image/tiff"),
        ("GIF", "image/gif"),
        ("BMP", "image/bmp"),
        ("WEBP", "image/webp"),
    ],
)
def test_images_whatever_their_name(tmp_path: Path, pil_format: str, mime: str) -> None:
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (16, 16), "white").save(path, format=pil_format)
    assert sniff_file_type(path) == ("image", mime)


def test_utf8_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "export.txt", csv_text(AUDIT_ROWS).encode("utf-8"))
    file_type, mime = sniff_file_type(path)
    assert file_type == "csv"
    assert charset_of(mime) == "utf-8"


def test_cp1252_csv_keeps_its_charset(tmp_path: Path) -> None:
    data = csv_text(AUDIT_ROWS).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    file_type, mime = sniff_file_type(write(tmp_path / "export.csv", data))
    assert (file_type, charset_of(mime)) == ("csv", "windows-1252")


def test_utf16_tab_separated_with_bom_is_csv(tmp_path: Path) -> None:
    # Excel's "Unicode Text" export: UTF-16 LE with BOM, tab separated.
    data = csv_text(AUDIT_ROWS, "\t").encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    file_type, mime = sniff_file_type(write(tmp_path / "export.txt", data))
    assert file_type == "csv"
    assert data.decode(charset_of(mime) or "") == csv_text(AUDIT_ROWS, "\t")


def test_utf16_without_bom_is_text() -> None:
    sniffed = sniff_bytes("Retention is thirty days.\n".encode("utf-16-le"))
    assert (sniffed.file_type, charset_of(sniffed.mime)) == ("text", "utf-16-le")


def test_semicolon_csv() -> None:
    assert sniff_bytes(csv_text(AUDIT_ROWS, ";").encode()).file_type == "csv"


def test_large_csv_cut_mid_line_is_still_csv(tmp_path: Path) -> None:
    rows = [AUDIT_ROWS[0]] + [AUDIT_ROWS[1 + i % 4] for i in range(20_000)]
    path = write(tmp_path / "big.csv", csv_text(rows).encode())
    assert path.stat().st_size > 500_000
    assert sniff_file_type(path)[0] == "csv"


def test_utf8_character_cut_at_sample_end_is_still_text(tmp_path: Path) -> None:
    line = "Les données sont conservées trente jours.\n"
    data = (line * 400).encode("utf-8")
    # Make the 8 KiB boundary fall inside the two-byte "é".
    cut = data.index("é".encode(), 8000)
    padded = b"x" * (8192 - cut - 1) + data
    assert padded[8191:8193] == "é".encode()
    path = write(tmp_path / "note.txt", padded)
    file_type, mime = sniff_file_type(path)
    assert (file_type, charset_of(mime)) == ("text", "utf-8")


def test_wrapped_prose_with_commas_is_text() -> None:
    prose = (
        "Dear Requester,\n"
        "Thank you for your request for records about license plate readers, which we\n"
        "received on March 3. We searched the files of the Police Department, the City\n"
        "Clerk, and Information Technology, and found the attached documents.\n"
        "Some records are withheld under the exemption for active investigations.\n"
        "Sincerely,\n"
        "Records Custodian\n"
    )
    assert sniff_bytes(prose.encode()).file_type == "text"


def test_one_comma_sentences_are_not_csv() -> None:
    prose = (
        "The city council met on Tuesday, and the chief presented the plan.\n"
        "Data is kept for thirty days, after which it is purged automatically.\n"
        "Members asked about sharing with other agencies, which the chief described.\n"
    )
    assert sniff_bytes(prose.encode()).file_type == "text"


def test_cp1252_prose_is_text() -> None:
    sniffed = sniff_bytes("Records “withheld” – see § 119.071.\n".encode("cp1252"))
    assert (sniffed.file_type, charset_of(sniffed.mime)) == ("text", "windows-1252")


def test_email_headers_make_email() -> None:
    message = (
        "From: Records Unit <records@city.example>\r\n"
        "To: requester@example.org\r\n"
        "Subject: RE: ALPR request, part 2\r\n"
        "Date: Tue, 3 Mar 2025 10:00:00 -0500\r\n"
        "\r\n"
        "Attached are the responsive records, redacted.\r\n"
    )
    sniffed = sniff_bytes(message.encode())
    assert sniffed.file_type == "email"
    assert sniffed.mime.startswith("message/rfc822")


def test_email_with_folded_header_and_mbox_line() -> None:
    message = (
        "From records@city.example Tue Mar  3 10:00:00 2025\n"
        "Received: from mail.city.example\n"
        "\tby mx.example.org; Tue, 3 Mar 2025\n"
        "Subject: Flock contract\n"
        "\n"
        "See attached.\n"
    )
    assert sniff_bytes(message.encode()).file_type == "email"


def test_memo_with_one_header_like_line_is_text() -> None:
    memo = "Note: the attached policy replaces SOP 228.\n\nRetention is 30 days.\n"
    assert sniff_bytes(memo.encode()).file_type == "text"


def test_empty_is_unknown() -> None:
    sniffed = sniff_bytes(b"")
    assert (sniffed.file_type, sniffed.mime) == ("unknown", "application/x-empty")


def test_binary_is_unknown_with_a_description(tmp_path: Path) -> None:
    elf = write(tmp_path / "report.pdf", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    sniffed = sniff_path(elf)
    assert sniffed.file_type == "unknown"
    assert "ELF" in sniffed.description


def test_sniff_reads_only_the_head_of_large_files(tmp_path: Path) -> None:
    # 64 MiB of text with a NUL far past the sample: judged on the head alone.
    path = tmp_path / "large.txt"
    with path.open("wb") as out:
        out.write(b"plain words\n" * 1000)
        out.seek(64 * 1024 * 1024)
        out.write(b"\x00")
    assert sniff_file_type(path)[0] == "text"


def test_charset_of() -> None:
    assert charset_of("text/csv; charset=utf-16") == "utf-16"
    assert charset_of("application/pdf") is None


PREFIXES = st.sampled_from(
    [
        b"",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"%PDF-1.7\n",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xef\xbb\xbf",
        b"\xff\xfe\x00\x00",
        b"From: a@b\nSubject: x\n",
        b"a,b,c\n1,2,3\n",
        b"BM",
        b"RIFF\x00\x00\x00\x00WEBP",
        b"\x89PNG\r\n\x1a\n",
        b"\"a\";'b'\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(prefix=PREFIXES, body=st.binary(max_size=2048), complete=st.booleans())
def test_sniff_bytes_never_raises(prefix: bytes, body: bytes, complete: bool) -> None:
    sniffed = sniff_bytes(prefix + body, complete=complete)
    assert sniffed.file_type in FILE_TYPES
    assert sniffed.mime


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, body=st.binary(max_size=4096))
def test_sniff_file_never_raises(prefix: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x"
        path.write_bytes(prefix + body)
        file_type, mime = sniff_file_type(path)
    assert file_type in FILE_TYPES
    assert mime


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=3000))
def test_any_unicode_text_sniffs_without_raising(text: str) -> None:
    for codec in ("utf-8", "utf-16"):
        assert sniff_bytes(text.encode(codec)).file_type in FILE_TYPES


def test_zip_bytes_without_a_readable_directory_stay_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("a.txt", "x")
    truncated = buffer.getvalue()[:20]
    assert sniff_bytes(truncated, complete=True, zip_names=None).file_type == "zip"


def test_export_with_many_empty_cells_is_csv() -> None:
    # Found by hypothesis: empty cells plus a quoted reason holding a newline and a
    # quote made csv.Sniffer fail, and the export was taken for plain text.
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["search_id", "org_name", "searched_at", "reason", "devices"])
    for i in range(4):
        writer.writerow([f"s-{i:04d}", "", f"2025-06-18 00:{7 * i:02d}:00", "", "0"])
    writer.writerow(["s-0004", "", "2025-06-18 00:28:00", '\n"\n', "0"])
    assert sniff_bytes(out.getvalue().encode()).file_type == "csv"
