"""Knobs of the text stage, with defaults measured on a 2-core machine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextSettings:
    """Limits and choices for one `extract_texts` call.

    The pixel budget bounds worker memory (a 300 dpi letter page is ~8.4 Mpx, one
    byte per pixel in grayscale); oversize pages are rendered at a lower dpi down to
    `min_ocr_dpi` before giving up with `PageTooLarge`. `max_image_pixels` guards
    against decompression bombs in image files before they are decoded.
    """

    ocr_dpi: int = 300
    min_ocr_dpi: int = 150
    max_page_pixels: int = 60_000_000
    max_image_pixels: int = 200_000_000
    ocr_timeout_s: float = 120.0
    ocr_lang: str = "eng"
    auto_rotate: bool = True
    rotate_below_confidence: float = 75.0
    tabular_preview_rows: int = 200
    max_text_bytes: int = 50_000_000
    tmp_dir: str | None = None
