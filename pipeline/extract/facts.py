"""What a component found on one page, before it becomes a warehouse row.

Components work on the normalised page text (see `textmap`), so a `Fact` holds
offsets into `doc.text`; `document.py` maps them to the stored page text and
cuts the verbatim quote there. Keeping the table name on the fact lets every
component share one Doc extension and one conversion path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.tokens import Doc

Method = Literal["rule", "model"]
TABLES = (
    "vendors",
    "retention_periods",
    "sharing_clauses",
    "denials",
    "contract_terms",
    "hotlists",
)
FACTS_ATTR = "alpr_facts"


@dataclass(frozen=True)
class Fact:
    """One extracted fact: its table, the quoted span in `doc.text`, and its column values."""

    table: str
    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    method: Method = "rule"
    confidence: float = 1.0


if not Doc.has_extension(FACTS_ATTR):
    Doc.set_extension(FACTS_ATTR, default=None)


def add_facts(doc: Doc, facts: list[Fact]) -> None:
    """Append `facts` to the doc's fact list (created on first use)."""
    current = doc._.get(FACTS_ATTR)
    if current is None:
        current = []
        doc._.set(FACTS_ATTR, current)
    current.extend(facts)


def doc_facts(doc: Doc, table: str | None = None) -> list[Fact]:
    """Facts on `doc`, optionally only those of one table."""
    facts: list[Fact] = doc._.get(FACTS_ATTR) or []
    return facts if table is None else [f for f in facts if f.table == table]


def quote_bounds(
    text: str, sent_start: int, sent_end: int, focus_start: int, focus_end: int, limit: int = 400
) -> tuple[int, int]:
    """The sentence around a match, or a window of it snapped to word edges when too long.

    A quote must let a reader check the fact without opening the page, but a
    "sentence" from a table or a bad OCR page can run for thousands of characters.
    """
    if sent_end - sent_start <= limit:
        return sent_start, sent_end
    half = max((limit - (focus_end - focus_start)) // 2, 0)
    start = max(sent_start, focus_start - half)
    end = min(sent_end, max(focus_end + half, start + 1))
    if start > sent_start:
        space = text.find(" ", start, focus_start)
        start = space + 1 if space != -1 else start
    if end < sent_end:
        space = text.rfind(" ", focus_end, end)
        end = space if space != -1 else end
    return start, max(end, focus_end)
