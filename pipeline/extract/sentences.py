"""Sentence boundaries for page text, where lines matter as much as full stops.

Policies and contracts are lists: "a. All data ...", "1204.4 DATA RETENTION",
form fields such as "Retention Period: 30 Days" on a line of their own. spaCy's
punctuation sentencizer glues those into one long run, which makes every
sentence-level rule see the heading of one clause with the verb of another. This
component also starts a sentence at a paragraph break, at a line opening with an
enumerator or bullet, and after a short line (a heading or a form field) when
the next line starts with a capital.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

LINE_STARTS = "line_starts"
PARAGRAPH_STARTS = "paragraph_starts"

_ENUMERATOR = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})*\.|\d{1,4}(?:\.\d{1,3})+(?=\s+[A-Z])|\(?\d{1,2}\)|\(?[a-zA-Z]\)"
    r"|[A-Za-z]\.|[IVXivx]{1,5}\.|[•▪●◦■□❑➢►\-–—*§])\s"
)
_BULLET = re.compile(r"[•▪●◦■□❑➢►]\s")
_LINE_CLOSERS = frozenset(".:;?!)")
_AFTER_TERMINAL = re.compile(r"[.?!][\"”’')\]]?\s+(?=[^\sa-z(\"“])")
_LONG_SENTENCE_CHARS = 6
_ABBREVIATIONS = frozenset(
    """
    st no nos inc corp co ltd llc mr mrs ms dr jr sr fla stat stats sec secs ann gen rev
    vs v approx dept govt p pp para art ch cal civ pen gov va tex ore wash ave blvd rd
    ft lt sgt capt det ofc hon op cf al jan feb mar apr jun jul aug sep sept oct nov dec
    tel ext est admin
    """.split()  # noqa: SIM905
)


def _abbreviation_before(text: str, end: int) -> bool:
    """Whether the full stop at text[end] closes an abbreviation or an initial ("St.", "F.S.")."""
    start = max(text.rfind(" ", 0, end), text.rfind("(", 0, end)) + 1
    word = text[start:end]
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True
    return "." in word or word.lower() in _ABBREVIATIONS


def _line_info(doc: Doc) -> tuple[list[int], set[int]]:
    """Line and paragraph starts (char offsets into doc.text), from user_data or the text."""
    lines = doc.user_data.get(LINE_STARTS)
    paras = doc.user_data.get(PARAGRAPH_STARTS)
    if lines is not None:
        return sorted(lines), set(paras or ())
    found: list[int] = []
    para: set[int] = set()
    text = doc.text
    for m in re.finditer(r"\s*\n\s*", text):
        if m.end() < len(text):
            found.append(m.end())
            if m.group(0).count("\n") >= 2:
                para.add(m.end())
    return found, para


def _short_line_ends(text: str, lines: list[int], ratio: float) -> set[int]:
    """Starts of lines that follow a short line (heading, form field, paragraph end)."""
    if not lines:
        return set()
    bounds = [0, *lines, len(text)]
    lengths = [len(text[a:b].strip()) for a, b in pairwise(bounds)]
    ordered = sorted(lengths)
    reference = ordered[int(0.9 * (len(ordered) - 1))]
    if reference < 40:
        return set()
    limit = ratio * reference
    return {bounds[k + 1] for k in range(len(lengths) - 1) if lengths[k] < limit}


def sentence_starts(
    text: str, lines: list[int], paras: set[int], ratio: float, max_chars: int
) -> list[int]:
    """Char offsets where sentences start, from punctuation and line layout."""
    starts = set(paras)
    starts.update(
        m.end()
        for m in _AFTER_TERMINAL.finditer(text)
        if not (text[m.start()] == "." and _abbreviation_before(text, m.start()))
    )
    after_short = _short_line_ends(text, lines, ratio)
    for offset in lines:
        if offset in starts or offset >= len(text):
            continue
        first = text[offset]
        line_end = text[:offset].rstrip()[-1:]
        closed = line_end in _LINE_CLOSERS or offset in after_short or _BULLET.match(text, offset)
        if (closed and _ENUMERATOR.match(text, offset)) or (
            offset in after_short and (first.isupper() or first.isdigit())
        ):
            starts.add(offset)
    ordered = sorted(starts)
    if max_chars > 0:
        extra: list[int] = []
        previous = 0
        for offset in [*ordered, len(text)]:
            for line in lines:
                if previous + max_chars <= line < offset:
                    extra.append(line)
                    previous = line
            previous = offset
        ordered = sorted(starts.union(extra))
    return ordered


class PageSentences:
    """Marks sentence starts from punctuation and line layout.

    Works on character offsets with regular expressions and touches only the
    tokens that start a sentence: walking every token in Python cost more than
    the rest of the pipeline together.
    """

    def __init__(self, short_line_ratio: float, max_tokens: int) -> None:
        self.short_line_ratio = short_line_ratio
        self.max_chars = max_tokens * _LONG_SENTENCE_CHARS

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        lines, paras = _line_info(doc)
        starts = sentence_starts(doc.text, lines, paras, self.short_line_ratio, self.max_chars)
        token_starts = doc.to_array([IDX]).tolist()
        index = {offset: i for i, offset in enumerate(token_starts)}
        # One array write: setting Token.is_sent_start one by one re-checks the
        # whole doc each time, which is quadratic on long pages.
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[0, 0] = 1
        for offset in starts:
            i = index.get(offset)
            if i:
                flags[i, 0] = 1
        array: Any = flags.astype("uint64")  # spaCy's Ints2d stub does not name numpy
        doc.from_array([SENT_START], array)
        return doc


@Language.factory(
    "page_sentences",
    default_config={"short_line_ratio": 0.6, "max_tokens": 160},
)
def make_page_sentences(
    nlp: Language, name: str, short_line_ratio: float, max_tokens: int
) -> PageSentences:
    return PageSentences(short_line_ratio, max_tokens)


class SentenceIndex:
    """The sentences of a doc, found by character offset.

    Components look for their cue words in the whole page text first (one regex
    pass) and only then ask which sentence a hit is in; `Span.sent` walks tokens
    on every call, this is a bisection.
    """

    def __init__(self, doc: Doc) -> None:
        self.sents = list(doc.sents)
        self.starts = [s.start_char for s in self.sents]

    def at(self, offset: int) -> Span:
        """The sentence holding char `offset` (the last one starting at or before it)."""
        return self.sents[max(bisect_right(self.starts, offset) - 1, 0)]

    def containing(self, offsets: Iterable[int]) -> list[Span]:
        """Distinct sentences holding any of `offsets`, in document order."""
        chosen: dict[int, Span] = {}
        for offset in offsets:
            sent = self.at(offset)
            chosen.setdefault(sent.start_char, sent)
        return [chosen[k] for k in sorted(chosen)]
