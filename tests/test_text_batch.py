"""Several documents through one `extract_texts` call: a shared OCR pool, progress
reports, every document yielded once with its pages in order."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.text import extract_texts
from pipeline.text.pdf import image_cover
from tests.test_text_fixtures import (
    POLICY_LINES,
    SECOND_PAGE_LINES,
    page_image,
    scanned_pdf_bytes,
    source_for,
    text_pdf_bytes,
    word_image,
)


def strips_pdf_bytes(strips: int, stamp: str) -> bytes:
    """A scan stored as horizontal strips (as some copiers do) plus a stamp."""
    image = page_image(POLICY_LINES)
    width, height = LETTER
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=LETTER, invariant=1)
    step = image.height // strips
    for i in range(strips):
        part = image.crop((0, i * step, image.width, (i + 1) * step))
        y = height - (i + 1) * height / strips
        canvas.drawImage(ImageReader(part), 0, y, width, height / strips)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(450, 20, stamp)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_image_cover_is_the_union_of_strips() -> None:
    pdf = pdfium.PdfDocument(strips_pdf_bytes(8, "ABC-0001"))
    try:
        assert image_cover(pdf[0]) > 0.95
    finally:
        pdf.close()
    digital = pdfium.PdfDocument(text_pdf_bytes([POLICY_LINES]))
    try:
        assert image_cover(digital[0]) == 0.0
    finally:
        digital.close()


def test_stamp_on_a_scan_in_strips_is_ocrd(tmp_path: Path) -> None:
    path = tmp_path / "strips.pdf"
    path.write_bytes(strips_pdf_bytes(6, "ABC-0001"))
    [doc] = list(extract_texts([source_for(path, "pdf")], workers=1))
    assert doc.pages[0].decision_reason == "layer_sparse_with_image"
    assert "thirty days" in " ".join(doc.pages[0].text.split())


def test_batch_yields_every_document_once_with_progress(tmp_path: Path) -> None:
    digital = tmp_path / "digital.pdf"
    digital.write_bytes(text_pdf_bytes([POLICY_LINES, SECOND_PAGE_LINES, POLICY_LINES]))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf_bytes([POLICY_LINES, SECOND_PAGE_LINES]))
    image = tmp_path / "note.png"
    word_image("Hotlist purged weekly").save(image)
    note = tmp_path / "note.txt"
    note.write_text("Retention is thirty days.\n", encoding="utf-8")
    sources = [
        source_for(scan, "pdf"),
        source_for(digital, "pdf"),
        source_for(image, "image"),
        source_for(note, "text"),
    ]
    calls: list[tuple[int, int]] = []
    docs = list(extract_texts(sources, workers=2, on_progress=lambda d, t: calls.append((d, t))))

    assert sorted(d.source.doc_id for d in docs) == sorted(s.doc_id for s in sources)
    by_id = {d.source.doc_id: d for d in docs}
    assert [p.page_no for p in by_id[scan.name + "-id"].pages] == [1, 2]
    assert [p.page_no for p in by_id[digital.name + "-id"].pages] == [1, 2, 3]
    assert all(d.status == "ok" for d in docs)
    # documents without OCR are not held back behind the scan submitted first
    assert docs[0].source.doc_id == digital.name + "-id"

    total = 2 + 3 + 1 + 1
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert all(t == total for _, t in calls)


def test_empty_batch_yields_nothing() -> None:
    calls: list[tuple[int, int]] = []
    assert list(extract_texts([], on_progress=lambda d, t: calls.append((d, t)))) == []
    assert calls == [(0, 0)]
