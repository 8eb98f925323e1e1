"""The text the NLP pipeline reads, and the way back to the stored page text.

Page text keeps the layout it came with: CRLF line ends, trailing blanks, runs of
spaces from tables, words hyphenated at a line end, running headers and page
numbers. spaCy turns every whitespace run other than one space into a token of
its own, so "law\\r\\nenforcement" would defeat every phrase pattern and every
sentence-level rule, and "reten-\\ntion" is no word at all. The pipeline
therefore reads a normalised page:

- each run of whitespace becomes a single space (line and paragraph starts are
  remembered, the sentence splitter needs them);
- a word broken by a hyphen at a line end is joined when the joined form is a
  dictionary word ("reten-\\ntion" -> "retention"), while a real compound keeps
  its hyphen and only loses the line break ("law-\\nenforcement" ->
  "law-enforcement"); soft hyphens always join;
- a word broken by a stray space, as OCR and some text layers do ("reten tion"),
  is joined when the left piece is no word and the joined form is one;
- page furniture (running headers/footers, page numbers, Bates stamps: see
  `pipeline.text.furniture`) is left out, so a letterhead is never read as the
  first clause of a page.

The normalised text is made only of verbatim pieces of the page in page order;
everything between them is dropped or replaced by one space. So every span found
in it maps back through `to_page` to page offsets where `page.text[start:end]`
is the fact's quote, exactly as printed (hyphen and line break included).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.text.quality import english_words

_GAP = re.compile("[\\s\u00ad\uffff]+")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n|\f")
_SENTINEL = "\uffff"  # stands for furniture while gaps are found; never copied out
_SOFT_HYPHEN = "\u00ad"
_LINE_END_HYPHENS = frozenset("-\u2010")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"[^\W\d_]+")

Span = tuple[int, int]


@dataclass(frozen=True)
class TextMap:
    """Normalised text plus the offsets needed to map spans back to the page.

    `starts[i]` is where the i-th verbatim segment begins in `text`, and
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


def joins_across_hyphen(left: str, right: str, token: str, words: frozenset[str]) -> bool:
    """Whether "left-" at a line end and "right" on the next line are one word.

    `token` is everything since the last blank up to the hyphen: a token that
    already holds a hyphen ("day-to-") is a compound. A capitalised right part
    after a lowercase left part is a name or a compound ("non-Flock"). Otherwise
    the joined form must be a word, or neither fragment may be one ("Ubiq-uitous").
    """
    if "-" in token[:-1] or "\u2010" in token[:-1]:
        return False
    if right[0].isupper() and not (left.isupper() and right.isupper()):
        return False
    joined = (left + right).lower()
    if joined in words:
        return True
    return left.lower() not in words and right.lower() not in words


def _masked(page_text: str, skip: Iterable[Span]) -> str:
    """The page with every skipped span replaced by sentinels (same length)."""
    n = len(page_text)
    spans = sorted((max(0, s), min(n, e)) for s, e in skip if min(n, e) > max(0, s))
    if not spans:
        return page_text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(page_text[pos:start])
        parts.append(_SENTINEL * (end - start))
        pos = end
    parts.append(page_text[pos:])
    return "".join(parts)


def normalize_page(
    page_text: str, skip: Iterable[Span] = (), words: frozenset[str] | None = None
) -> TextMap:
    """Collapse whitespace, join hyphenated line breaks and leave out `skip` spans."""
    vocabulary = english_words() if words is None else words
    masked = _masked(page_text, skip)
    parts: list[str] = []
    starts: list[int] = []
    page_starts: list[int] = []
    line_starts: set[int] = set()
    paragraph_starts: set[int] = set()
    out_len = 0
    pos = 0
    for m in _GAP.finditer(masked):
        gap_start = m.start()
        if gap_start > pos:
            starts.append(out_len)
            page_starts.append(pos)
            parts.append(page_text[pos:gap_start])
            out_len += gap_start - pos
        token_start = pos
        pos = m.end()
        if m.end() >= len(masked) or not starts:
            continue
        gap = m.group(0)
        if gap[0] == _SOFT_HYPHEN and parts[-1][-1:].isalpha():
            continue  # a soft hyphen marks a break inside a word
        blanks = [p for p in gap.split(_SENTINEL) if p] if _SENTINEL in gap else [gap]
        new_line = "\n" in gap or "\r" in gap or "\f" in gap
        if gap == " " and _split_word(masked, token_start, gap_start, pos, vocabulary):
            continue  # "reten tion": one word broken by a stray space
        if new_line:
            hyphen = _line_end_hyphen(masked, token_start, gap_start, pos, vocabulary)
            if hyphen is not None:
                if hyphen:  # the segment ends "<letter>-": drop the hyphen, join the word
                    parts[-1] = parts[-1][:-1]
                    out_len -= 1
                continue
        parts.append(" ")
        out_len += 1
        if new_line:
            line_starts.add(out_len)
            if any(_PARAGRAPH.search(p) or p.count("\n") >= 2 for p in blanks):
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


def _line_end_hyphen(
    masked: str, token_start: int, gap_start: int, gap_end: int, words: frozenset[str]
) -> bool | None:
    """How a line break after a hyphen is read: None when the gap is no such break,
    True when the hyphen goes too (a word split in two), False when it stays
    (a compound, "30-day")."""
    if gap_start - token_start < 2 or masked[gap_start - 1] not in _LINE_END_HYPHENS:
        return None
    before, after = masked[gap_start - 2], masked[gap_end]
    if not (before.isalnum() and after.isalnum()):
        return None
    token = masked[token_start:gap_start]
    left = _WORD_BEFORE.search(token[:-1])
    right = _WORD_AFTER.match(masked, gap_end)
    if left is None or right is None or not before.isalpha() or not after.isalpha():
        return False
    return joins_across_hyphen(left.group(0), right.group(0), token, words)


def joins_split_word(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether "left right" is one word broken by a space.

    The word list holds many fragments ("tion", "docu"), so the test is on the left
    piece only: it must not be a word while the joined form is. A capitalised right
    piece after a lowercase left one starts a name or a sentence, never a fragment.
    """
    if len(left) < 2 or len(right) < 2 or len(left) + len(right) < 6:
        return False
    if right[0].isupper() and not (left.isupper() and right.isupper()):
        return False
    return left.lower() not in words and (left + right).lower() in words


def _split_word(
    masked: str, token_start: int, gap_start: int, gap_end: int, words: frozenset[str]
) -> bool:
    token = masked[token_start:gap_start]
    left = _WORD_BEFORE.search(token)
    right = _WORD_AFTER.match(masked, gap_end)
    if left is None or right is None:
        return False
    if left.start() > 0 and token[left.start() - 1].isalnum():
        return False  # "30days": a number glued to letters is no word fragment
    if right.end() < len(masked) and masked[right.end()].isalnum():
        return False
    return joins_split_word(left.group(0), right.group(0), words)
