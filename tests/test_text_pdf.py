"""PDF pages: text layer when trustworthy, OCR (real tesseract) otherwise, with the
decision reason recorded per page; broken PDFs become Failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.records import DocumentText
from pipeline.text import TEXT_ENGINE_VERSION, TextSettings, extract_texts
from tests.test_text_fixtures import (
    POLICY_LINES,
    SECOND_PAGE_LINES,
    empty_pdf_bytes,
    mojibake_pdf_bytes,
    overlay_pdf_bytes,
    scanned_pdf_bytes,
    shifted,
    source_for,
    text_pdf_bytes,
)


def run_one(path: Path, settings: TextSettings | None = None, workers: int = 2) -> DocumentText:
    docs = list(extract_texts([source_for(path, "pdf")], workers=workers, settings=settings))
    assert len(docs) == 1
    return docs[0]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def flat(text: str) -> str:
    return " ".join(text.split()).lower()


def test_engine_version_is_a_nonempty_string() -> None:
    assert isinstance(TEXT_ENGINE_VERSION, str) and TEXT_ENGINE_VERSION


def test_born_digital_pages_keep_their_layer_verbatim(tmp_path: Path) -> None:
    path = write(tmp_path, "policy.pdf", text_pdf_bytes([POLICY_LINES, SECOND_PAGE_LINES]))
    doc = run_one(path)
    assert doc.status == "ok"
    assert [p.page_no for p in doc.pages] == [1, 2]
    assert [p.method for p in doc.pages] == ["text_layer", "text_layer"]
    assert [p.decision_reason for p in doc.pages] == ["layer_ok", "layer_ok"]
    first = doc.pages[0]
    assert "\r" not in first.text
    assert first.text.split("\n")[:2] == list(POLICY_LINES[:2])
    assert (first.width_pt, first.height_pt) == (612.0, 792.0)
    assert first.ocr_confidence is None
    assert [p.columns for p in doc.pages] == [1, 1]  # checked for columns, found one
    assert doc.ocr_pages == 0


def test_scanned_pages_are_ocrd(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", scanned_pdf_bytes([POLICY_LINES, SECOND_PAGE_LINES]))
    doc = run_one(path)
    assert doc.status == "ok"
    assert [p.method for p in doc.pages] == ["ocr", "ocr"]
    assert {p.decision_reason for p in doc.pages} == {"layer_empty"}
    text = flat(doc.pages[0].text)
    assert "retained" in text and "thirty days" in text and "immigration" in text
    assert "records custodian" in flat(doc.pages[1].text)
    assert doc.pages[0].ocr_confidence is not None and doc.pages[0].ocr_confidence > 80
    assert [p.columns for p in doc.pages] == [None, None]  # tesseract orders OCR text
    assert doc.ocr_pages == 2


def test_bates_stamp_on_a_scan_does_not_count_as_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "stamp_only_scan.pdf",
        overlay_pdf_bytes(POLICY_LINES, visible_stamp="CITY-000123"),
    )
    page = run_one(path).pages[0]
    assert page.method == "ocr"
    assert page.decision_reason == "layer_sparse_with_image"
    assert "license plate reader" in flat(page.text)
    assert "CITY-000123" in page.text  # the stamp is read again by OCR


def test_mojibake_layer_is_replaced_by_ocr(tmp_path: Path) -> None:
    path = write(tmp_path, "mojibake_layer.pdf", mojibake_pdf_bytes(POLICY_LINES))
    page = run_one(path).pages[0]
    assert page.method == "ocr"
    assert page.decision_reason == "layer_garbage_mojibake"
    assert "valid court order" in flat(page.text)
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in page.text)


def test_letter_soup_layer_over_a_scan_is_replaced_by_ocr(tmp_path: Path) -> None:
    lines = POLICY_LINES * 3
    data = overlay_pdf_bytes(lines, invisible_text=[shifted(line) for line in lines])
    page = run_one(write(tmp_path, "bad_ocr_layer.pdf", data)).pages[0]
    assert page.method == "ocr"
    assert page.decision_reason == "layer_low_wordness"
    assert "purged" in flat(page.text)


def test_letter_soup_that_ocr_cannot_improve_keeps_the_exact_layer(tmp_path: Path) -> None:
    # A born-digital page whose visible words are not English: OCR reads the same
    # soup, less exactly, so the layer is kept.
    lines = [shifted(line) for line in POLICY_LINES * 3]
    path = write(tmp_path, "foreign.pdf", text_pdf_bytes([lines]))
    page = run_one(path).pages[0]
    assert page.method == "text_layer"
    assert page.decision_reason == "layer_kept_ocr_no_better"
    assert page.text.split("\n")[0] == lines[0]


def test_good_scanner_ocr_layer_is_kept(tmp_path: Path) -> None:
    lines = POLICY_LINES * 3
    data = overlay_pdf_bytes(lines, invisible_text=lines)
    page = run_one(write(tmp_path, "ocrd_scan.pdf", data)).pages[0]
    assert page.method == "text_layer"
    assert page.decision_reason == "layer_ok"


def test_mixed_document_orders_pages_and_mixes_methods(tmp_path: Path) -> None:
    data = overlay_pdf_bytes(
        POLICY_LINES, visible_stamp="DocuSign Envelope ID: 1234", digital_lines=SECOND_PAGE_LINES
    )
    doc = run_one(write(tmp_path, "mixed.pdf", data))
    assert [(p.page_no, p.method) for p in doc.pages] == [(1, "ocr"), (2, "text_layer")]
    assert doc.ocr_pages == 1


def test_sideways_scan_is_turned_upright(tmp_path: Path) -> None:
    path = write(tmp_path, "rotated_scan.pdf", scanned_pdf_bytes([POLICY_LINES], rotate=90))
    page = run_one(path).pages[0]
    assert page.method == "ocr"
    assert "thirty days" in flat(page.text)
    assert page.ocr_confidence is not None and page.ocr_confidence > 80


def test_encrypted_pdf_is_a_failure_without_pages(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", text_pdf_bytes([POLICY_LINES], encrypt_password="pw"))
    doc = run_one(path)
    assert doc.pages == []
    assert doc.status == "failed"
    [failure] = doc.failures
    assert (failure.stage, failure.error_class) == ("text", "EncryptedPDF")
    assert "password" in failure.message
    assert failure.path == "batch/locked.pdf"
    assert failure.sha256 == doc.source.doc_id


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n this is not really a pdf \n%%EOF", text_pdf_bytes([POLICY_LINES])[:700]],
    ids=["garbage", "truncated"],
)
def test_corrupt_pdf_is_a_failure_without_pages(tmp_path: Path, data: bytes) -> None:
    doc = run_one(write(tmp_path, "broken.pdf", data))
    assert doc.pages == []
    assert [f.error_class for f in doc.failures] == ["CorruptPDF"]
    assert doc.status == "failed"


def test_zero_page_pdf_is_empty_not_corrupt(tmp_path: Path) -> None:
    doc = run_one(write(tmp_path, "empty.pdf", empty_pdf_bytes()))
    assert doc.pages == []
    assert [f.error_class for f in doc.failures] == ["EmptyPDF"]


def test_page_timeout_leaves_a_partial_document(tmp_path: Path) -> None:
    data = overlay_pdf_bytes(POLICY_LINES, digital_lines=SECOND_PAGE_LINES)
    doc = run_one(write(tmp_path, "slow.pdf", data), TextSettings(ocr_timeout_s=0.01))
    assert doc.status == "partial"
    assert [(p.page_no, p.method) for p in doc.pages] == [(1, "none"), (2, "text_layer")]
    assert doc.pages[0].decision_reason == "ocr_failed"
    [failure] = doc.failures
    assert (failure.stage, failure.error_class, failure.page_no) == ("text", "OcrTimeout", 1)
    assert "records custodian" in flat(doc.pages[1].text)


def test_page_over_the_pixel_budget_fails_alone(tmp_path: Path) -> None:
    data = scanned_pdf_bytes([POLICY_LINES])
    settings = TextSettings(max_page_pixels=100_000, min_ocr_dpi=150)
    doc = run_one(write(tmp_path, "huge.pdf", data), settings)
    assert [(f.error_class, f.page_no) for f in doc.failures] == [("PageTooLarge", 1)]
    assert doc.status == "partial"


def test_big_page_is_rendered_at_a_lower_dpi_within_budget(tmp_path: Path) -> None:
    settings = TextSettings(max_page_pixels=4_000_000, min_ocr_dpi=100)  # ~170 dpi for letter
    doc = run_one(write(tmp_path, "scan.pdf", scanned_pdf_bytes([POLICY_LINES])), settings)
    assert doc.status == "ok"
    assert "thirty days" in flat(doc.pages[0].text)
