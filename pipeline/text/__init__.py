"""Text stage: every page of every document as text, from its layer or by OCR.

PDF pages keep their text layer when it is trustworthy (quality.py) and are OCR'd
otherwise; images are OCR'd; DOCX/TXT/EML give one page, CSV/XLSX one preview page
per sheet. `extract_texts` (batch.py) runs the stage over a batch.

This file stays nearly empty because every OCR worker runs it: a spawned worker
imports `pipeline.text.worker`, and Python imports the package first. Loading the
planner here (DOCX, spreadsheets, quality rules) cost each worker ~0.15 s of CPU
at start-up, so `extract_texts` is loaded on first use instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.text.settings import TextSettings

if TYPE_CHECKING:
    from pipeline.text.batch import extract_texts

# Bump whenever stored page text for the same file can change (decision rules,
# OCR settings, text normalisation): the warehouse redoes text for older versions.
TEXT_ENGINE_VERSION = "text-2"

__all__ = ["TEXT_ENGINE_VERSION", "TextSettings", "extract_texts"]


def __getattr__(name: str) -> Any:
    if name == "extract_texts":
        from pipeline.text.batch import extract_texts

        return extract_texts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
