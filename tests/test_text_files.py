"""Images, Word, text, e-mail, CSV and XLSX files through `extract_texts`."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pytest
from PIL import Image

from pipeline.records import DocumentText, FileType
from pipeline.text import TextSettings, extract_texts
from tests.test_text_fixtures import source_for, word_image


def run_one(path: Path, file_type: FileType, settings: TextSettings | None = None) -> DocumentText:
    [doc] = list(extract_texts([source_for(path, file_type)], workers=2, settings=settings))
    return doc


def flat(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "WEBP"])
def test_image_files_are_ocrd(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"notice.{fmt.lower()}"
    word_image("Records retained thirty days").save(path, format=fmt)
    doc = run_one(path, "image")
    assert doc.status == "ok"
    [page] = doc.pages
    assert (page.page_no, page.method, page.decision_reason) == (1, "ocr", "image_file")
    assert "retained thirty days" in flat(page.text)


def test_multi_frame_tiff_gives_one_page_per_frame(tmp_path: Path) -> None:
    path = tmp_path / "fax.tif"
    first = word_image("Public records request")
    second = word_image("Exemption claimed here")
    first.save(path, format="TIFF", save_all=True, append_images=[second])
    doc = run_one(path, "image")
    assert [p.page_no for p in doc.pages] == [1, 2]
    assert "public records request" in flat(doc.pages[0].text)
    assert "exemption claimed" in flat(doc.pages[1].text)


def test_transparent_png_is_read_on_white(tmp_path: Path) -> None:
    gray = np.asarray(word_image("Hotlist entries purged"))
    # black ink on a fully transparent (black) background: it must not turn black
    rgba = np.zeros((*gray.shape, 4), dtype=np.uint8)
    rgba[..., 3] = 255 - gray
    image = Image.fromarray(rgba, "RGBA")
    path = tmp_path / "transparent.png"
    image.save(path)
    assert "hotlist entries purged" in flat(run_one(path, "image").pages[0].text)


def test_image_over_the_decompression_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    word_image("x").save(path)
    doc = run_one(path, "image", TextSettings(max_image_pixels=10_000))
    assert doc.pages == []
    assert [f.error_class for f in doc.failures] == ["ImageTooLarge"]


def test_unreadable_image_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    doc = run_one(path, "image")
    assert doc.pages == []
    assert [f.error_class for f in doc.failures] == ["UnreadableImage"]


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "City of Example Police Department"
    document.add_paragraph("Retention schedule follows.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Plate reads"
    table.cell(0, 1).text = "30 days"
    table.cell(1, 0).text = "Hits"
    table.cell(1, 1).text = "1 year"
    document.add_paragraph("Data is not shared with ICE.")
    path = tmp_path / "update.docx"
    document.save(str(path))
    doc = run_one(path, "docx")
    [page] = doc.pages
    assert (page.method, page.decision_reason) == ("text_layer", "docx_text")
    assert page.text.split("\n") == [
        "City of Example Police Department",
        "Retention schedule follows.",
        "Plate reads\t30 days",
        "Hits\t1 year",
        "Data is not shared with ICE.",
    ]


def test_merged_docx_cells_appear_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Vendor"
    table.cell(0, 2).text = "Flock Safety"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert run_one(path, "docx").pages[0].text == "Vendor\tFlock Safety"


def test_corrupt_docx_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not a real archive")
    doc = run_one(path, "docx")
    assert doc.pages == []
    assert [f.error_class for f in doc.failures] == ["CorruptDocument"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Retention: 30 days\r\nShared: no\r\n", "Retention: 30 days\nShared: no\n"),
        ("\ufeffCafé policy\n".encode(), "Café policy\n"),
        ("Café policy\r\n".encode("utf-16"), "Café policy\n"),
        ("Café policy\n".encode("utf-16-le"), "Café policy\n"),
        ("“Quoted” – Café\n".encode("cp1252"), "“Quoted” – Café\n"),
    ],
    ids=["utf8_crlf", "utf8_bom", "utf16_bom", "utf16_no_bom", "cp1252"],
)
def test_text_files_are_decoded(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    [page] = run_one(path, "text").pages
    assert (page.method, page.decision_reason) == ("text_layer", "plain_text")
    assert page.text == expected


def test_email_headers_body_and_attachments(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "Records Unit <records@example.gov>"
    msg["To"] = "requester@example.org"
    msg["Subject"] = "Public records request 2025-12"
    msg["Date"] = "Wed, 02 Jul 2025 14:08:00 -0700"
    msg.set_content("No responsive records were found.\nThe request is closed.\n")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="letter.pdf")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(msg))
    [page] = run_one(path, "email").pages
    assert page.decision_reason == "email_text"
    assert page.text.startswith("From: Records Unit <records@example.gov>\n")
    assert "Subject: Public records request 2025-12" in page.text
    assert "No responsive records were found.\nThe request is closed." in page.text
    assert page.text.endswith("Attachments: letter.pdf")


def test_html_only_email_is_reduced_to_text(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Denial"
    msg.set_content(
        "<html><body><p>Records are <b>exempt</b>.</p><p>ORS 192.345</p>"
        "<style>p {color: red}</style></body></html>",
        subtype="html",
    )
    path = tmp_path / "html.eml"
    path.write_bytes(bytes(msg))
    text = run_one(path, "email").pages[0].text
    assert "Records are exempt.\n\nORS 192.345" in text
    assert "color" not in text


def test_csv_preview_is_tab_separated_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    rows = ["id,searchDate,reason"] + [
        f'{i},2025-06-{i % 28 + 1:02d},"theft, auto"' for i in range(500)
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    doc = run_one(path, "csv", TextSettings(tabular_preview_rows=200))
    [page] = doc.pages
    assert page.decision_reason == "tabular_preview"
    lines = page.text.split("\n")
    assert len(lines) == 200
    assert lines[0] == "id\tsearchDate\treason"
    assert lines[1] == "0\t2025-06-01\ttheft, auto"


def test_semicolon_csv_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("user;reason\nA1;ICE assist\nB2;stolen vehicle\n", encoding="utf-8")
    assert run_one(path, "csv").pages[0].text == "user\treason\nA1\tICE assist\nB2\tstolen vehicle"


def test_xlsx_gives_one_page_per_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append(["Flock search audit"])
    log = workbook.create_sheet("Log")
    log.append(["id", "reason", "cameras"])
    for i in range(300):
        log.append([f"u{i}", "investigation", i])
    path = tmp_path / "audit.xlsx"
    workbook.save(path)
    doc = run_one(path, "xlsx", TextSettings(tabular_preview_rows=50))
    assert [(p.page_no, p.decision_reason) for p in doc.pages] == [
        (1, "tabular_preview"),
        (2, "tabular_preview"),
    ]
    assert doc.pages[0].text == "Flock search audit"
    lines = doc.pages[1].text.split("\n")
    assert lines[:2] == ["id\treason\tcameras", "u0\tinvestigation\t0"]
    assert len(lines) == 50


def test_unknown_files_fail_and_zips_are_left_to_ingest(tmp_path: Path) -> None:
    blob = tmp_path / "thing.bin"
    blob.write_bytes(b"\x00\x01")
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    docs = list(extract_texts([source_for(blob, "unknown"), source_for(archive, "zip")]))
    by_name = {d.source.paths[0]: d for d in docs}
    assert [f.error_class for f in by_name["batch/thing.bin"].failures] == ["UnsupportedFile"]
    assert by_name["batch/bundle.zip"].pages == []
    assert by_name["batch/bundle.zip"].failures == []


def test_image_bytes_helper_roundtrip() -> None:
    buf = io.BytesIO()
    word_image("abc").save(buf, format="PNG")
    assert Image.open(io.BytesIO(buf.getvalue())).size == (1400, 260)
