"""Which company's system produced an audit export, from the export's own header.

Search-audit exports rarely name their vendor in the rows, but their column sets
are product-specific: "Total Networks Searched" / "Moderation" in Flock Safety's
PDF audit reports, "searchDate" + "cameraCount"/"networkCount" in its transparency
portal CSVs. The header line is the quote: it is what a reporter can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.records import DocumentText


@dataclass(frozen=True)
class ExportSignature:
    vendor: str
    marks: tuple[str, ...]
    needed: int


SIGNATURES = (
    ExportSignature(
        "Flock Safety",
        (
            "networkssearched",
            "devicessearched",
            "networkcount",
            "cameracount",
            "searchdate",
            "moderation",
        ),
        needed=2,
    ),
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
HEADER_LINES = 40


def export_vendor(doc: DocumentText) -> dict[str, Any] | None:
    """A vendors row for the export's maker, or None when the header is not recognised."""
    for page in doc.pages[:3]:
        offset = 0
        for line in page.text.split("\n")[:HEADER_LINES]:
            squashed = _NON_ALNUM.sub("", line.lower())
            for signature in SIGNATURES:
                hits = sum(1 for mark in signature.marks if mark in squashed)
                if hits >= signature.needed:
                    start = offset + (len(line) - len(line.lstrip()))
                    quote = line.strip()
                    return {
                        "page_no": page.page_no,
                        "vendor": signature.vendor,
                        "mention": "audit export header",
                        "quote": quote,
                        "char_start": start,
                        "char_end": start + len(quote),
                        "method": "rule",
                        "confidence": 0.6,
                    }
            offset += len(line) + 1
    return None
