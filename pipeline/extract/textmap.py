"""The text the NLP pipeline reads, and the way back to the stored page text.

Page text keeps the layout it came with: CRLF line ends, trailing blanks, runs of
spaces from tables. spaCy turns every whitespace run other than one space into a
token of its own, so "law\\r\\nenforcement" would defeat every phrase pattern and
every sentence-level rule. The pipeline therefore reads the page with each run of
whitespace collapsed to a single space, remembers where lines began (the
sentence splitter needs them), and maps every span it finds back to the page so
that a fact's quote is `page.text[char_start:char_end]` exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n|\f")


@dataclass(frozen=True)
class TextMap:
    """Normalised text plus the offsets needed to map spans back to the page.

    `starts[i]` is where the i-th non-blank segment begins in `text`, and
    `page_starts[i]` where the same segment begins in the page text; a segment is
    copied verbatim, so offsets inside it shift by a constant.
    """

    text: str
    starts: tuple[int, ...]
    page_starts: tuple[int, ...]
    line_starts: frozenset[int]
    paragraph_starts: frozenset[int]
    page_length: int

    def to_page(self, start: int, end: int) -> tuple[int, int]:
        """Page offsets of the normalised span [start, end)."""
        return self._point(start), self._point(end - 1) + 1 if end > start else self._point(start)

    def _point(self, offset: int) -> int:
        if not self.starts:
            return 0
        i = max(bisect_right(self.starts, offset) - 1, 0)
        return min(self.page_starts[i] + (offset - self.starts[i]), self.page_length)


def normalize_page(page_text: str) -> TextMap:
    """Collapse whitespace runs to one space, remembering line and paragraph starts."""
    parts: list[str] = []
    starts: list[int] = []
    page_starts: list[int] = []
    line_starts: set[int] = set()
    paragraph_starts: set[int] = set()
    out_len = 0
    pos = 0
    for m in _WHITESPACE.finditer(page_text):
        if m.start() > pos:
            starts.append(out_len)
            page_starts.append(pos)
            parts.append(page_text[pos : m.start()])
            out_len += m.start() - pos
        pos = m.end()
        if m.end() >= len(page_text) or not starts:
            continue
        parts.append(" ")
        out_len += 1
        gap = m.group(0)
        if "\n" in gap or "\r" in gap or "\f" in gap:
            line_starts.add(out_len)
            if _PARAGRAPH.search(gap) or gap.count("\n") >= 2:
                paragraph_starts.add(out_len)
    if pos < len(page_text):
        starts.append(out_len)
        page_starts.append(pos)
        parts.append(page_text[pos:])
    return TextMap(
        text="".join(parts),
        starts=tuple(starts),
        page_starts=tuple(page_starts),
        line_starts=frozenset(line_starts),
        paragraph_starts=frozenset(paragraph_starts),
        page_length=len(page_text),
    )
