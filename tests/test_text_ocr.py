"""The OCR worker function and how its results land in a document, including the
faults a worker reports as data (a file gone, a page that breaks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.records import DocumentText, WordBox
from pipeline.text.errors import PageTooLarge
from pipeline.text.ocr import (
    ASSUMED_IMAGE_DPI,
    OcrJob,
    OcrResult,
    choose_dpi,
    run_ocr_job,
    word_boxes,
)
from pipeline.text.plan import PendingDocument, plan_document
from pipeline.text.settings import TextSettings
from pipeline.text.tesseract_text import OcrText, PixelBox
from tests.test_text_fixtures import POLICY_LINES, scanned_pdf_bytes, source_for, word_image


def test_dpi_is_lowered_to_fit_the_pixel_budget() -> None:
    settings = TextSettings(ocr_dpi=300, min_ocr_dpi=150, max_page_pixels=60_000_000)
    assert choose_dpi(612, 792, settings) == 300
    # a 36x48 inch plan sheet: 300 dpi would be 155 Mpx
    assert 150 <= choose_dpi(36 * 72, 48 * 72, settings) < 300
    with pytest.raises(PageTooLarge):
        choose_dpi(200 * 72, 200 * 72, settings)


def test_worker_reads_a_scanned_page(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf_bytes([POLICY_LINES]))
    result = run_ocr_job(OcrJob("d", 1, str(path), "pdf_page", 0, TextSettings()))
    assert result.ok
    assert "thirty days" in " ".join(result.text.split())
    assert result.dpi == 300
    assert (result.width_pt, result.height_pt) == pytest.approx((612, 792), abs=1)
    assert result.rotation == 0
    assert (result.skew_deg, result.preprocess) == (0.0, "none")
    assert result.seconds > 0
    words = [result.text[w.char_start : w.char_end] for w in result.words]
    assert words == result.text.split()
    for w in result.words:
        assert 0 <= w.x0 < w.x1 <= 612 and 0 <= w.y0 < w.y1 <= 792
    # The title is drawn at x=72 pt with its baseline 700 pt above the foot of the page
    # (14 pt capitals), so its box starts ~82 pt below the top edge.
    title = result.words[words.index("AUTOMATED")]
    assert title.x0 == pytest.approx(72, abs=3)
    assert 76 < title.y0 < 90 < title.y1 < 96
    body = result.words[words.index("authorities")]
    assert body.y0 > title.y1 and body.y0 < 792 / 2


def test_worker_reports_a_missing_file_as_data(tmp_path: Path) -> None:
    job = OcrJob("d", 3, str(tmp_path / "gone.pdf"), "pdf_page", 2, TextSettings())
    result = run_ocr_job(job)
    assert not result.ok
    assert (result.page_no, result.error_class) == (3, "CorruptPDF")


def test_worker_reports_a_page_index_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf_bytes([POLICY_LINES]))
    result = run_ocr_job(OcrJob("d", 5, str(path), "pdf_page", 4, TextSettings()))
    assert result.error_class == "CorruptPage"


def test_worker_reads_an_image_frame_and_states_its_size(tmp_path: Path) -> None:
    path = tmp_path / "note.png"
    image = word_image("Plate data purged")
    image.save(path, dpi=(200, 200))
    ink_rows, ink_cols = np.nonzero(np.asarray(image) < 128)
    result = run_ocr_job(OcrJob("d", 1, str(path), "image_frame", 0, TextSettings()))
    assert "plate data purged" in result.text.lower()
    assert result.dpi == 200
    assert result.width_pt == pytest.approx(1400 * 72 / 200)
    first = result.words[0]
    assert result.text[first.char_start : first.char_end] == "Plate"
    # the box starts where the ink starts, in points at the file's 200 dpi
    assert first.x0 == pytest.approx(ink_cols.min() * 72 / 200, abs=1.5)
    assert first.y0 == pytest.approx(ink_rows.min() * 72 / 200, abs=1.5)


def test_an_image_without_a_resolution_is_taken_as_300_dpi(tmp_path: Path) -> None:
    path = tmp_path / "note.png"
    word_image("Plate data purged").save(path)  # no dpi in the file
    result = run_ocr_job(OcrJob("d", 1, str(path), "image_frame", 0, TextSettings()))
    assert "plate data purged" in result.text.lower()
    assert result.dpi == ASSUMED_IMAGE_DPI
    width, height = result.width_pt, result.height_pt
    assert (width, height) == pytest.approx((1400 * 72 / 300, 260 * 72 / 300))
    assert width is not None and height is not None
    assert result.words
    assert all(0 <= w.x0 < w.x1 <= width and 0 <= w.y0 < w.y1 <= height for w in result.words)


def test_pixel_boxes_become_points_at_the_dpi_read() -> None:
    text = OcrText(
        "Plate data",
        90.0,
        2,
        (PixelBox(0, 5, 300, 600, 150, 30, 91.0), PixelBox(6, 10, 480, 600, 120, 30, None)),
    )
    assert word_boxes(text, 300) == (
        WordBox(0, 5, 72.0, 144.0, 108.0, 151.2, 91.0),
        WordBox(6, 10, 115.2, 144.0, 144.0, 151.2, None),
    )
    assert word_boxes(text, 600)[0] == WordBox(0, 5, 36.0, 72.0, 54.0, 75.6, 91.0)


def test_a_failed_page_becomes_a_failure_and_an_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf_bytes([POLICY_LINES, POLICY_LINES]))
    pending = plan_document(source_for(path, "pdf"), TextSettings())
    assert [j.page_no for j in pending.jobs] == [1, 2]
    pending.add(
        OcrResult(
            pending.doc.source.doc_id,
            2,
            error_class="CorruptPage",
            message="page 2 cannot be loaded",
        )
    )
    assert not pending.complete
    pending.add(
        OcrResult(
            pending.doc.source.doc_id,
            1,
            text="Retained thirty days",
            confidence=91.0,
            width_pt=612,
            height_pt=792,
        )
    )
    assert pending.complete
    doc: DocumentText = pending.finish()
    assert (doc.pages[0].words, doc.pages[1].words) == ((), ())
    assert [(p.page_no, p.method, p.decision_reason) for p in doc.pages] == [
        (1, "ocr", "layer_empty"),
        (2, "none", "ocr_failed"),
    ]
    assert doc.pages[0].ocr_confidence == 91.0
    [failure] = doc.failures
    assert (failure.page_no, failure.error_class, failure.stage) == (2, "CorruptPage", "text")
    assert doc.status == "partial"


def test_unexpected_errors_in_one_document_become_failures(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("hello", encoding="utf-8")
    source = source_for(path, "text")
    path.unlink()  # the blob vanished between ingest and text
    pending = plan_document(source, TextSettings())
    assert pending.doc.pages == []
    assert [f.error_class for f in pending.doc.failures] == ["FileNotFoundError"]
    assert PendingDocument(pending.doc).complete


def test_an_ocr_page_keeps_how_it_was_read_and_its_words(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf_bytes([POLICY_LINES]))
    pending = plan_document(source_for(path, "pdf"), TextSettings())
    words = (WordBox(0, 8, 72.0, 80.0, 160.0, 94.0, 95.5), WordBox(9, 15, 170.0, 80.0, 220.0, 94.0))
    pending.add(
        OcrResult(
            pending.doc.source.doc_id,
            1,
            text="Retained thirty",
            confidence=91.0,
            width_pt=612,
            height_pt=792,
            dpi=412,
            rotation=90,
            skew_deg=-1.5,
            preprocess="flatten_background",
            words=words,
        )
    )
    [page] = pending.finish().pages
    assert (page.rotation_deg, page.skew_deg, page.ocr_dpi, page.preprocess) == (
        90,
        -1.5,
        412,
        "flatten_background",
    )
    assert page.words == words
