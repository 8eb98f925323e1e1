"""The OCR worker function and how its results land in a document, including the
faults a worker reports as data (a file gone, a page that breaks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.records import DocumentText
from pipeline.text.errors import PageTooLarge
from pipeline.text.ocr import OcrJob, OcrResult, choose_dpi, run_ocr_job
from pipeline.text.plan import PendingDocument, plan_document
from pipeline.text.settings import TextSettings
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
    assert result.seconds > 0


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
    word_image("Plate data purged").save(path, dpi=(200, 200))
    result = run_ocr_job(OcrJob("d", 1, str(path), "image_frame", 0, TextSettings()))
    assert "plate data purged" in result.text.lower()
    assert result.dpi == 200
    assert result.width_pt == pytest.approx(1400 * 72 / 200)


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
