"""Audit-log PDFs: rows rebuilt from word positions match the generator's truth.

The generated exports follow the shape of Flock audit PDFs (landscape table,
header on every page, wrapped reasons, ids and times); the hand-drawn ones put
a row across a page break, footers under the table and a repeated header
mid-page, which the generator never does.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen.canvas import Canvas

from pipeline.extract.audit_logs import detect_audit_log, parse_audit_log
from pipeline.extract.audit_pdf_layout import PdfAuditReader, continues_anchor
from pipeline.records import DocumentText, PageText, SourceFile
from pipeline.samples.audit_pdf import AuditPdfStyle, AuditTruth, make_audit_pdf

COMPARED: tuple[str, ...] = ("search_id", "org_name", "networks", "devices", "time_frame")
COMPARED += ("reason", "searched_at", "search_type", "moderation", "immigration")


def pdf_document(path: Path, with_text: bool = False) -> DocumentText:
    source = SourceFile(
        doc_id="e" * 64,
        file_type="pdf",
        mime="application/pdf",
        size=path.stat().st_size,
        paths=(f"batch/{path.name}",),
        blob=str(path),
    )
    pages: list[PageText] = []
    if with_text:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            text = pdf[i].get_textpage().get_text_range()
            pages.append(PageText(source.doc_id, i + 1, "text_layer", text, "text_layer_ok"))
        pdf.close()
    return DocumentText(source=source, pages=pages)


def assert_round_trip(
    truth: AuditTruth, rows: list[dict[str, object]], with_id: bool = True
) -> None:
    assert len(rows) == truth.rows
    for got, want in zip(rows, truth.records, strict=True):
        for name in COMPARED:
            expected = want[name] if with_id or name != "search_id" else None
            assert got[name] == expected, (got["row_no"], name, got[name], expected)


@pytest.fixture(scope="module")
def thirty_pages(tmp_path_factory: pytest.TempPathFactory) -> AuditTruth:
    return make_audit_pdf(tmp_path_factory.mktemp("audit") / "network_audit.pdf", 600, seed=7)


def test_thirty_page_export_round_trips_row_for_row(thirty_pages: AuditTruth) -> None:
    assert 25 <= thirty_pages.pages <= 35
    parse = parse_audit_log(pdf_document(thirty_pages.path))
    assert parse.failures == []
    assert_round_trip(thirty_pages, parse.rows)
    assert [r["row_no"] for r in parse.rows] == list(range(1, thirty_pages.rows + 1))
    assert parse.immigration_rows == thirty_pages.immigration_rows > 0
    assert parse.timezone == "America/Los_Angeles"
    assert {r["source_timezone"] for r in parse.rows} == {"America/Los_Angeles"}


def test_reasons_wrapped_over_lines_come_back_whole(thirty_pages: AuditTruth) -> None:
    rows = parse_audit_log(pdf_document(thirty_pages.path)).rows
    long_reasons = [r["reason"] for r in rows if r["reason"] and len(r["reason"]) > 60]
    assert long_reasons
    expected = {r["reason"] for r in thirty_pages.records}
    assert set(long_reasons) <= expected


def test_page_numbers_follow_the_file(thirty_pages: AuditTruth) -> None:
    rows = parse_audit_log(pdf_document(thirty_pages.path)).rows
    pages = [r["page_no"] for r in rows]
    assert pages[0] == 1
    assert pages[-1] == thirty_pages.pages
    assert pages == sorted(pages)
    assert len(set(pages)) == thirty_pages.pages


def test_traps_are_not_immigration(thirty_pages: AuditTruth) -> None:
    rows = parse_audit_log(pdf_document(thirty_pages.path)).rows
    trap_rows = [r for r in rows if r["reason"] and "notice" in r["reason"].lower()]
    assert trap_rows
    assert not any(r["immigration"] for r in trap_rows)
    federal = [r for r in rows if "Customs and Border" in (r["org_name"] or "")]
    assert any(not r["immigration"] for r in federal)  # the reason decides, not the org


def test_text_layer_of_the_export_is_detected(thirty_pages: AuditTruth) -> None:
    assert detect_audit_log(pdf_document(thirty_pages.path, with_text=True))


@pytest.mark.parametrize(
    "style",
    [
        AuditPdfStyle(valign="MIDDLE"),
        AuditPdfStyle(valign="BOTTOM"),
        AuditPdfStyle(valign="MIDDLE", header_align="CENTER"),
        AuditPdfStyle(integer_ids=True),
        AuditPdfStyle(with_id=False),
        AuditPdfStyle(with_id=False, valign="MIDDLE"),
    ],
    ids=["middle", "bottom", "centred-header", "integer-ids", "no-id", "no-id-middle"],
)
def test_layout_variants_round_trip(tmp_path: Path, style: AuditPdfStyle) -> None:
    truth = make_audit_pdf(tmp_path / "variant.pdf", 140, seed=5, style=style)
    assert truth.pages >= 5
    parse = parse_audit_log(pdf_document(truth.path))
    assert_round_trip(truth, parse.rows, with_id=style.with_id)


# --- hand-drawn table: page break inside a row, footers, header repeated mid-page --------

COLUMNS = [("ID", 40), ("Org Name", 260), ("Reason", 380), ("Search Time", 600)]
IDS = [f"a1b2c3d4-0000-4000-8000-00000000000{i}" for i in range(1, 6)]


def draw_header(canvas: Canvas, top: float, columns: list[tuple[str, int]] = COLUMNS) -> None:
    canvas.setFont("Helvetica-Bold", 8)
    for label, x in columns:
        canvas.drawString(x, top, label)


def draw_row(canvas: Canvas, top: float, cells: list[list[str]]) -> None:
    canvas.setFont("Helvetica", 8)
    for (_, x), lines in zip(COLUMNS, cells, strict=True):
        for n, line in enumerate(lines):
            canvas.drawString(x, top - n * 10, line)


def draw_footer(canvas: Canvas, page: int) -> None:
    canvas.setFont("Helvetica", 7)
    canvas.drawString(40, 20, "Exported from the audit tool - confidential")
    canvas.drawString(700, 20, f"Page {page} of 2")


def hand_drawn_pdf(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=landscape(letter))
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(40, 580, "Organization Audit")
    draw_header(canvas, 550)
    draw_row(canvas, 530, [[IDS[0]], ["Salem PD"], ["ICE request"], ["06/18/2025 10:00 AM"]])
    # The second row starts at the foot of page 1 and its reason runs onto page 2.
    draw_row(
        canvas,
        60,
        [[IDS[1]], ["Bend PD"], ["assist the neighboring agency with"], ["06/18/2025 11:00 AM"]],
    )
    draw_footer(canvas, 1)
    canvas.showPage()
    draw_header(canvas, 560)
    draw_row(canvas, 540, [[""], [""], ["a long notice of violation follow up"], [""]])
    draw_row(canvas, 515, [[IDS[2]], ["Medford PD"], ["police assist"], ["06/18/2025 12:00 PM"]])
    draw_header(canvas, 480)  # a second export glued on: its header repeats mid-page
    draw_row(canvas, 460, [[IDS[3]], ["Eugene PD"], ["HSI"], ["06/19/2025 09:00 AM"]])
    draw_row(canvas, 440, [[IDS[4]], ["Eugene PD"], ["UUV", "recovered"], ["06/19/2025 09:30 AM"]])
    draw_footer(canvas, 2)
    canvas.save()
    return path


def test_row_across_page_break_footers_and_repeated_header(tmp_path: Path) -> None:
    parse = parse_audit_log(pdf_document(hand_drawn_pdf(tmp_path / "drawn.pdf")))
    assert [r["search_id"] for r in parse.rows] == IDS
    reasons = [r["reason"] for r in parse.rows]
    assert reasons == [
        "ICE request",
        "assist the neighboring agency with a long notice of violation follow up",
        "police assist",
        "HSI",
        "UUV recovered",
    ]
    assert [r["page_no"] for r in parse.rows] == [1, 1, 2, 2, 2]
    assert [r["immigration"] for r in parse.rows] == [True, False, False, True, False]
    assert parse.rows[-1]["org_name"] == "Eugene PD"  # footer text did not join the last row
    assert all("Page" not in (r["org_name"] or "") for r in parse.rows)


def test_timezone_written_in_the_header_applies_to_rows(tmp_path: Path) -> None:
    path = tmp_path / "utc.pdf"
    canvas = Canvas(str(path), pagesize=landscape(letter))
    draw_header(
        canvas, 550, [("ID", 40), ("Org Name", 260), ("Reason", 380), ("Search Time (UTC)", 600)]
    )
    draw_row(canvas, 530, [[IDS[0]], ["Salem PD"], ["inv"], ["06/18/2025 10:00 AM"]])
    draw_row(canvas, 510, [[IDS[1]], ["Salem PD"], ["UUV"], ["06/18/2025 11:00 AM EDT"]])
    canvas.save()
    parse = parse_audit_log(pdf_document(path))
    assert [r["source_timezone"] for r in parse.rows] == ["UTC", "EDT"]
    assert parse.rows[1]["searched_at"].hour == 11


def test_uuid_wrapped_in_its_cell_continues_the_row() -> None:
    assert continues_anchor("5869ce7e-98f2-47e7-a3", "c2-5e6bff4def4a", "search_id")
    assert continues_anchor("5869ce7e", "-98f2-47e7-a3c2-5e6bff4def4a", "search_id")
    assert not continues_anchor("5869ce7e-98f2-47e7-a3", "9b29b2b1-b9ff-4802", "search_id")
    assert not continues_anchor("5869ce7e-98f2-47e7-a3c2-5e6bff4def4a", "1234", "search_id")
    assert not continues_anchor("100001", "100002", "search_id")
    assert continues_anchor("06/18/2025,", "12:02:04 AM", "searched_at")
    assert not continues_anchor("06/18/2025, 12:02:04 AM", "06/18/2025,", "searched_at")


def test_scanned_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), pagesize=letter)
    canvas.rect(50, 50, 400, 600, fill=1)
    canvas.save()
    parse = parse_audit_log(pdf_document(path))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditPdfNoTextLayer"]


def test_letter_is_neither_detected_nor_parsed(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    canvas = Canvas(str(path), pagesize=letter)
    canvas.setFont("Helvetica", 11)
    lines = [
        "Dear requester,",
        "The audit log records the Org Name, Reason, Search Time and Search Type",
        "of each search. We located no responsive records for your request",
        "received 06/18/2025 10:00 AM.",
    ]
    for n, line in enumerate(lines):
        canvas.drawString(72, 700 - 16 * n, line)
    canvas.save()
    doc = pdf_document(path, with_text=True)
    assert not detect_audit_log(doc)
    parse = parse_audit_log(doc)
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditHeaderNotFound"]


def test_corrupt_pdf_is_a_typed_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n% truncated")
    parse = parse_audit_log(pdf_document(path))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditPdfError"]


def test_reader_reports_alignment_it_used(tmp_path: Path) -> None:
    truth = make_audit_pdf(tmp_path / "m.pdf", 80, seed=2, style=AuditPdfStyle(valign="MIDDLE"))
    reader = PdfAuditReader(truth.path)
    assert sum(1 for _ in reader.rows()) == truth.rows
    assert reader.alignment == "middle"


def rotated_copy(source: Path, target: Path, rotation: int) -> Path:
    """The same export stored as rotated pages whose content is drawn turned back."""
    src = pdfium.PdfDocument(str(source))
    dst = pdfium.PdfDocument.new()
    width, height = 792.0, 612.0  # the landscape page as displayed
    for index in range(len(src)):
        xobject = src.page_as_xobject(index, dst)
        obj = xobject.as_pageobject()
        if rotation == 90:
            page = dst.new_page(height, width)
            obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        elif rotation == 270:
            page = dst.new_page(height, width)
            obj.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
        else:
            page = dst.new_page(width, height)
            obj.transform(pdfium.PdfMatrix().rotate(180).translate(width, height))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(rotation)
    dst.save(str(target))
    dst.close()
    src.close()
    return target


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_pages_stored_rotated_read_as_displayed(tmp_path: Path, rotation: int) -> None:
    truth = make_audit_pdf(tmp_path / "flat.pdf", 60, seed=9)
    rotated = rotated_copy(truth.path, tmp_path / f"rot{rotation}.pdf", rotation)
    parse = parse_audit_log(pdf_document(rotated))
    assert_round_trip(truth, parse.rows)
