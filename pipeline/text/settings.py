"""Knobs of the text stage, with defaults measured on a 2-core machine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TextSettings:
    """Limits and choices for one `extract_texts` call.

    The pixel budget bounds worker memory (a 300 dpi letter page is ~8.4 Mpx, one
    byte per pixel in grayscale); oversize pages are rendered at a lower dpi down to
    `min_ocr_dpi` before giving up with `PageTooLarge`. `max_image_pixels` guards
    against decompression bombs in image files before they are decoded.

    Time limits: `ocr_timeout_s` bounds tesseract on one page; a page still running
    `hang_grace_s` later has its worker killed (OcrTimeout). `file_timeout_s` (0: no
    limit) skips a document's remaining pages once its first page started that long
    ago (FileTimeout). `fault_hook` runs in the OCR worker before each page with
    (doc_id, page_no), so tests can make a page hang or crash a worker.

    Image clean-up (measured in preprocess.py): `deskew` turns pages whose text
    lines are skewed by `min_deskew_deg` or more (searched up to `max_skew_deg`);
    `flatten_shaded` evens out pages with darker regions of paper. Small print: a
    page whose median word box is under `small_print_px` pixels high is read again
    at the dpi that makes it about `small_print_target_px` (at most
    `max_ocr_dpi`), and kept unless its confidence is clearly lower.
    """

    ocr_dpi: int = 300
    min_ocr_dpi: int = 150
    max_page_pixels: int = 60_000_000
    max_image_pixels: int = 200_000_000
    ocr_timeout_s: float = 120.0
    ocr_lang: str = "eng"
    auto_rotate: bool = True
    rotate_below_confidence: float = 75.0
    deskew: bool = True
    min_deskew_deg: float = 1.2
    max_skew_deg: float = 10.0
    flatten_shaded: bool = True
    small_print_px: float = 18.0
    small_print_target_px: float = 22.0
    max_ocr_dpi: int = 600
    tabular_preview_rows: int = 200
    max_text_bytes: int = 50_000_000
    tmp_dir: str | None = None
    file_timeout_s: float = 0.0
    hang_grace_s: float = 30.0
    fault_hook: Callable[[str, int], None] | None = None
