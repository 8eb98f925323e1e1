"""A short human title for a document: a subject line, a heading, or the file name."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pipeline.extract.regions import Regions

_TITLE_NOISE = re.compile(
    r"(docusign|envelope id|page \d+|^\d|@|>$|https?:|www\.|\b(tel|phone|fax)\b|\(\d{3}\)"
    r"|^\W*$|\d{5}(-\d{4})?$|^\[sheet )",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(agreement|contract|memorandum|polic(y|ies)|general order|procedures?|directive|minutes"
    r"|meeting|agenda|records? request|response|quot(e|ation)|invoice|purchase order|resolution"
    r"|report|letter|notice|estimate|audit|register|form|proposals?|license plate|lpr|alpr"
    r"|update|release|statement|appeal|order)\b",
    re.IGNORECASE,
)
TITLE_LINES = 25


def detect_title(regions: Regions) -> str | None:
    """A heading near the top: an e-mail subject, a line naming the kind of record, an
    upper-case line; the file name when the text offers none."""
    subject = re.search(r"^\s*subject\s*:\s*(.+)$", regions.head, re.I | re.M)
    if subject:
        return subject.group(1).strip()[:200]
    lines = [line.strip() for line in regions.head.splitlines()[:TITLE_LINES]]
    candidates = [ln for ln in lines if 8 <= len(ln) <= 150 and not _TITLE_NOISE.search(ln)]
    for line in candidates:
        if _TITLE_WORDS.search(line):
            return line
    for line in candidates:
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            return line
    if candidates:
        return candidates[0][:200]
    if regions.paths:
        return PurePosixPath(regions.paths[0].split("!")[-1]).stem or None
    return None
