"""Better OCR input, end to end through the OCR worker with real tesseract: skewed,
badly lit, small-print and sideways scans made by pipeline.samples, read with and
without the fix, and what was done recorded on the page."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.records import PageText
from pipeline.samples.layout import TextStyle, plain_text
from pipeline.samples.scan import ScanLook, scanned_pdf_bytes
from pipeline.text.ocr import OcrJob, OcrResult, run_ocr_job
from pipeline.text.plan import plan_document
from pipeline.text.settings import TextSettings
from tests.test_text_fixtures import POLICY_LINES, source_for
from tests.test_text_fixtures import scanned_pdf_bytes as turned_scan_bytes
from tests.test_text_preprocess import PAGE

_TOKEN = re.compile(r"[A-Za-z0-9]+")


def recall(truth: str, text: str) -> float:
    """Share of the drawn words that the OCR text has (case-folded, with repeats)."""
    want = Counter(w.lower() for w in _TOKEN.findall(truth))
    got = Counter(w.lower() for w in _TOKEN.findall(text))
    return sum((want & got).values()) / sum(want.values())


def ocr(tmp_path: Path, data: bytes, settings: TextSettings | None = None) -> OcrResult:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    job = OcrJob("d", 1, str(path), "pdf_page", 0, settings or TextSettings())
    result = run_ocr_job(job)
    assert result.ok, result.message
    return result


def ocr_page(tmp_path: Path, data: bytes) -> PageText:
    """The stored page, as the text stage builds it from the worker's result."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    pending = plan_document(source_for(path, "pdf"), TextSettings())
    [job] = pending.jobs
    pending.add(run_ocr_job(job))
    [page] = pending.finish().pages
    return page


def assert_boxes_fit(result: OcrResult, width: float, height: float) -> None:
    words = [result.text[w.char_start : w.char_end] for w in result.words]
    assert words == result.text.split()
    for w in result.words:
        assert 0 <= w.x0 < w.x1 <= width + 0.5 and 0 <= w.y0 < w.y1 <= height + 0.5


def test_a_skewed_scan_is_deskewed_and_read(tmp_path: Path) -> None:
    data = scanned_pdf_bytes([PAGE], -4.0)
    fixed = ocr(tmp_path, data)
    plain = ocr(tmp_path, data, TextSettings(deskew=False))
    truth = plain_text(PAGE)
    assert fixed.skew_deg == pytest.approx(-4.0, abs=0.1)
    assert plain.skew_deg == 0.0
    assert recall(truth, fixed.text) >= 0.97
    assert recall(truth, fixed.text) > recall(truth, plain.text) + 0.1
    assert_boxes_fit(fixed, 612, 792)


def test_a_badly_lit_scan_is_flattened_and_read(tmp_path: Path) -> None:
    data = scanned_pdf_bytes([PAGE], 0.0, look=ScanLook(shade=0.55))
    fixed = ocr(tmp_path, data)
    plain = ocr(tmp_path, data, TextSettings(flatten_shaded=False))
    truth = plain_text(PAGE)
    assert (fixed.preprocess, plain.preprocess) == ("flatten_background", "none")
    assert recall(truth, fixed.text) >= 0.97
    assert recall(truth, fixed.text) > recall(truth, plain.text) + 0.1


def test_small_print_is_read_again_at_a_higher_dpi(tmp_path: Path) -> None:
    small = TextStyle(size=5.0, leading=6.25)
    data = scanned_pdf_bytes([PAGE], 0.0, look=ScanLook(dpi=300), style=small)
    result = ocr(tmp_path, data)
    assert result.dpi is not None and 300 < result.dpi <= 600
    assert recall(plain_text(PAGE), result.text) >= 0.97
    assert result.width_pt is not None and result.height_pt is not None
    assert_boxes_fit(result, result.width_pt, result.height_pt)
    # boxes are in points whatever the dpi: the first word starts at the 72 pt margin
    assert result.words[0].x0 == pytest.approx(72, abs=4)
    assert ocr(tmp_path, data, TextSettings(small_print_px=0.0)).dpi == 300


def test_normal_print_stays_at_300_dpi(tmp_path: Path) -> None:
    page = ocr_page(tmp_path, scanned_pdf_bytes([PAGE], 0.0))
    assert (page.ocr_dpi, page.rotation_deg, page.skew_deg, page.preprocess) == (
        300,
        0,
        0.0,
        "none",
    )
    assert len(page.words) == len(page.text.split())


def test_a_sideways_scan_records_its_turn_and_upright_boxes(tmp_path: Path) -> None:
    page = ocr_page(tmp_path, turned_scan_bytes([POLICY_LINES], rotate=90))
    assert page.rotation_deg in (90, 270)
    assert "thirty days" in " ".join(page.text.split())
    # the stored page is landscape; read upright it is portrait, and so are the boxes
    assert page.width_pt is not None and page.height_pt is not None
    assert page.width_pt > page.height_pt
    upright_width, upright_height = page.height_pt, page.width_pt
    words = [page.text[w.char_start : w.char_end] for w in page.words]
    assert words == page.text.split()
    assert all(w.x1 <= upright_width + 0.5 and w.y1 <= upright_height + 0.5 for w in page.words)
    title = page.words[words.index("AUTOMATED")]
    assert title.y0 < upright_height / 4
