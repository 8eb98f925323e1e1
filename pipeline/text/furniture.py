"""Page furniture: running headers and footers, Bates stamps and page numbers.

A letterhead, "Page 3 of 12" or a production stamp repeats on page after page
but is not a clause of the page it sits on. Glued to the first or last sentence
of a page it lengthens quotes and lets a page number pass for a quantity, so
fact extractors skip these spans. Classification still reads the whole page
(the agency is often named only in the letterhead): furniture is marked here,
never cut from the stored text.

Detection is deliberately conservative, because a line wrongly marked is a fact
silently lost:
- a running header/footer is a short, non-prose line among the first or last
  few lines of a page that recurs (digits and month names masked; fuzzily on
  OCR'd pages) among the first/last lines of at least three pages, or of two
  when it also carries a page number; pages that are near copies of each other
  do not vouch for each other, so a letter scanned three times keeps its text;
- page numbers and stamps are matched by pattern ("Page 3 of 12", "- 4 -",
  "CITY000123", "Bates No. ...", a DocuSign envelope line), bare numbers only
  when they follow the page order on two or more pages;
- a one-page document therefore only gets page numbers and stamps.
Every region is an exact span of `PageText.text` (`text[char_start:char_end]`
is the furniture, without surrounding blanks).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.records import PageRegion, PageText, RegionKind

ZONE_LINES = 4  # non-blank lines at each end of a page where furniture sits
MIN_REPEAT_PAGES = 3  # pages a line must recur on to be a running header/footer
NEIGHBOUR_PAGES = 12  # how far apart two pages may be to vouch for each other
MAX_LINE_CHARS = 160  # a longer line is prose, not a running head
FUZZY_MIN_KEY_CHARS = 12  # shorter keys must match exactly
FUZZY_MIN_SCORE = 85.0  # rapidfuzz ratio of two masked keys (OCR noise)
COPY_SHARE = 0.7  # share of a page's lines found on another page that makes it a copy
MIN_STAMP_DIGITS = 6
PROSE_FUNCTION_SHARE = 0.25  # share of function words that makes a line prose
_TAIL_CHARS = 2000  # the bottom lines are looked for in this many last characters

_LINE = re.compile(r"[^\r\n\f\v]+")
_BREAK = "\r\n\f\v"
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^a-z#]+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# For spotting copies cheaply: digits, punctuation and blanks do not tell copies apart.
_COPY_KEY = str.maketrans("\r\f\v", "\n\n\n", string.digits + string.punctuation + " \t")
_SIX_DIGITS = re.compile(r"\d{6}")
_FUNCTION_WORDS = frozenset(
    """
    a an the of and or to in on at by for from with as than then if not no any all such
    that this these those which who it its is are was were be been has have had shall
    will may must can should would
    """.split()  # noqa: SIM905
)

# "Page | of 4": OCR reads a lone 1 as | or l.
_PAGE_OF = re.compile(r"\bpage\s*[|:#.]?\s*(\d{1,4}|[|lI])\s*(?:of|/)\s*(\d{1,4})\b", re.IGNORECASE)
_PAGE_N = re.compile(r"\bpage\s*[|:#.]?\s*(\d{1,4})\b", re.IGNORECASE)
_DASHED = re.compile(r"[-–—]\s*(\d{1,4})\s*[-–—]")
_N_OF_M = re.compile(r"(\d{1,4})\s+of\s+(\d{1,4})\b", re.IGNORECASE)
_BARE = re.compile(r"\d{1,4}")
_STAMP_BODY = r"([A-Z][A-Z&]{0,11}(?:[_-][A-Z]{1,8})?)[ _-]?(\d{6,10})"
_STAMP_AT_END = re.compile(rf"(?<![\w-]){_STAMP_BODY}\s*$")
_STAMP_LINE = re.compile(rf"(?:^|(?<=[\r\n\f\v]))[ \t]*{_STAMP_BODY}[ \t]*(?=[\r\n\f\v]|\Z)")
_BATES_LABEL = re.compile(
    r"\bbates[ \t]*(?:no\.?|nos\.?|number|#)?[ \t]*[:#]?[ \t]*"
    r"(?:[A-Z][A-Z&]{0,11}[ _-]?)?\d{3,10}\b",
    re.IGNORECASE,
)
_ENVELOPE = re.compile(
    r"\W{0,3}\w?ocu\s?sign(?:ed)?\s+env\w*\s*\S{1,3}\s*[0-9A-Z]{4,}(?:[- :]*[0-9A-Z]+){2,}\W?",
    re.IGNORECASE,
)

Span = tuple[int, int]


@dataclass(frozen=True)
class _Line:
    """A non-blank line among the first or last ZONE_LINES of a page."""

    start: int
    end: int
    text: str
    key: str
    header: bool  # in the upper half of the page

    @property
    def span(self) -> Span:
        return self.start, self.end


def line_key(line: str) -> str:
    """A line with what changes from page to page masked: digits, month names, punctuation."""
    masked = _DIGITS.sub("#", _MONTH.sub("m", line.lower()))
    return " ".join(_NON_WORD.sub(" ", masked).split())


def looks_like_prose(text: str) -> bool:
    """A line of running prose (a clause that happens to recur), never a running head.

    Headers are titles, names, dates and numbers; a line that starts mid-sentence,
    ends on a comma, or is thick with function words is content, and facts live
    in content.
    """
    words = _WORD.findall(_PAGE_N.sub(" ", _PAGE_OF.sub(" ", text)))
    if len(words) < 5:
        return False
    if text[0].islower() or text.rstrip()[-1] in ",;":
        return True
    share = sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / len(words)
    return share >= PROSE_FUNCTION_SHARE


def _stripped(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + lead + len(stripped), stripped


def _edge_lines(text: str) -> list[_Line]:
    """The first and last ZONE_LINES non-blank lines, without walking the whole page."""
    top: list[tuple[int, int, str]] = []
    for m in _LINE.finditer(text):
        if (line := _stripped(text, m.start(), m.end())) is not None:
            top.append(line)
            if len(top) == ZONE_LINES:
                break
    cut = max(0, len(text) - _TAIL_CHARS)
    while cut > 0 and text[cut - 1] not in _BREAK:
        cut -= 1  # start the tail at a line start
    bottom = [
        line
        for m in _LINE.finditer(text, cut)
        if (line := _stripped(text, m.start(), m.end())) is not None
    ][-ZONE_LINES:]
    if len(bottom) < ZONE_LINES and cut > 0:
        every = [
            line
            for m in _LINE.finditer(text)
            if (line := _stripped(text, m.start(), m.end())) is not None
        ]
        bottom = every[-ZONE_LINES:]
    chosen = {line[0]: line for line in (*top, *bottom)}
    half = len(text) / 2
    return [
        _Line(s, e, t, line_key(t), s < half) for s, e, t in (chosen[k] for k in sorted(chosen))
    ]


def _may_repeat(line: _Line) -> bool:
    """Whether a line could be a running head: short, with letters, not prose."""
    return (
        len(line.text) <= MAX_LINE_CHARS
        and _LETTER.search(line.key) is not None
        and not looks_like_prose(line.text)
    )


def _copy_test(pages: Sequence[PageText]) -> Callable[[int, int], bool]:
    """is_copy(i, j): pages i and j share most of their lines (a resent letter, a rescan).

    Line sets are built only for pages that are compared, and each pair once.
    """
    line_sets: dict[int, frozenset[str]] = {}
    verdicts: dict[tuple[int, int], bool] = {}

    def lines_of(i: int) -> frozenset[str]:
        if i not in line_sets:
            line_sets[i] = frozenset(pages[i].text.translate(_COPY_KEY).split("\n")) - {""}
        return line_sets[i]

    def is_copy(i: int, j: int) -> bool:
        pair = (min(i, j), max(i, j))
        if pair not in verdicts:
            a, b = lines_of(i), lines_of(j)
            smaller = min(len(a), len(b))
            verdicts[pair] = smaller > 0 and len(a & b) >= COPY_SHARE * smaller
        return verdicts[pair]

    return is_copy


def _repeated_lines(pages: Sequence[PageText], lines: Sequence[list[_Line]]) -> set[Span]:
    """(page index, line index) of edge lines that recur at the edges of nearby pages."""
    candidates = [[ln.key for ln in page if _may_repeat(ln)] for page in lines]
    by_key: dict[str, list[int]] = {}
    for i, keys in enumerate(candidates):
        for key in dict.fromkeys(keys):
            by_key.setdefault(key, []).append(i)
    is_copy = _copy_test(pages)

    def vouches(i: int, j: int) -> bool:
        near = abs(pages[i].page_no - pages[j].page_no) <= NEIGHBOUR_PAGES
        return i != j and near and not is_copy(i, j)

    needed = MIN_REPEAT_PAGES - 1  # other pages that must carry the line
    found: set[Span] = set()
    for i, page in enumerate(lines):
        window = range(max(0, i - NEIGHBOUR_PAGES), min(len(lines), i + NEIGHBOUR_PAGES + 1))
        for li, line in enumerate(page):
            if not _may_repeat(line):
                continue
            support: set[int] = set()
            same = by_key[line.key]  # page indexes in increasing order
            for j in same[bisect_left(same, window.start) :]:
                if j >= window.stop or len(support) >= needed:
                    break
                if vouches(i, j):
                    support.add(j)
            # Fuzzy matching is dear: only for OCR noise and for lines that carry
            # a page number (a running head whose wording drifts, "Revised"/"Revision").
            fuzzy = len(line.key) >= FUZZY_MIN_KEY_CHARS and (
                pages[i].method == "ocr" or bool(_page_number_spans(line))
            )
            for j in window if fuzzy else ():
                if len(support) >= needed:
                    break
                if j in support or not candidates[j] or not vouches(i, j):
                    continue
                if process.extractOne(
                    line.key, candidates[j], scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE
                ):
                    support.add(j)
            if len(support) >= needed or (support and _page_number_spans(line)):
                found.add((i, li))
    return found


def _page_number_spans(line: _Line, page_no: int | None = None, page_count: int = 0) -> list[Span]:
    """Spans of explicit page numbers in an edge line: "Page 3 of 12", "Page | 3", "- 3 -".

    "Page 3" counts at the start or end of a line only. A bare "3 of 12" (browser
    print footers) counts only at the start of the line and when it is this
    page's number out of the document's page count.
    """
    text = line.text
    spans = [
        (m.start(), m.end())
        for m in _PAGE_OF.finditer(text)
        if 0 < _page_no(m.group(1)) <= int(m.group(2))
    ]
    if not spans:
        spans = [
            (m.start(), m.end())
            for m in _PAGE_N.finditer(text)
            if m.start() == 0 or not _LETTER.search(text[m.end() :])
        ]
    if not spans and _DASHED.fullmatch(text):
        spans.append((0, len(text)))
    bare = _N_OF_M.match(text) if not spans and page_no is not None else None
    if bare and int(bare.group(1)) == page_no and int(bare.group(2)) == page_count:
        spans.append((bare.start(), bare.end()))
    return [(line.start + s, line.start + e) for s, e in spans]


def _page_no(digits: str) -> int:
    return int(digits) if digits.isdigit() else 1


def _numbered_pages(pages: Sequence[PageText], lines: Sequence[list[_Line]]) -> set[Span]:
    """(page index, line index) of bare-number edge lines that follow the page order
    on two or more pages ("3" on page 3 and "4" on page 4, or 12 and 13 on 1 and 2)."""
    by_offset: dict[int, list[Span]] = {}
    for i, page in enumerate(lines):
        for li, line in enumerate(page):
            if _BARE.fullmatch(line.text):
                by_offset.setdefault(int(line.text) - pages[i].page_no, []).append((i, li))
    found: set[Span] = set()
    for hits in by_offset.values():
        if len({i for i, _ in hits}) >= 2:
            found.update(hits)
    return found


def _stamps(
    pages: Sequence[PageText], lines: Sequence[list[_Line]]
) -> Iterator[tuple[int, int, int]]:
    """(page index, start, end) of Bates/production stamps.

    A stamp is a whole line (or the last token of an edge line) such as
    "CITY000123"; it counts when zero-padded, or when the same prefix numbers
    two pages exactly as far apart as the pages are. "Bates No. 123" counts
    anywhere.
    """
    sequence: list[tuple[int, str, int, int, int]] = []
    for i, page in enumerate(pages):
        for label in _BATES_LABEL.finditer(page.text):
            yield i, label.start(), label.end()
        if not _SIX_DIGITS.search(page.text):
            continue
        found = [
            (m.group(1), m.group(2), m.start(1), m.end(2)) for m in _STAMP_LINE.finditer(page.text)
        ]
        for line in lines[i]:
            m = _STAMP_AT_END.search(line.text)
            if m is not None and m.start() > 0:  # whole-line stamps are found above
                found.append(
                    (m.group(1), m.group(2), line.start + m.start(), line.start + m.end(2))
                )
        for prefix, digits, start, end in found:
            if digits.startswith("0") and len(digits) >= MIN_STAMP_DIGITS:
                yield i, start, end
            else:
                sequence.append((i, prefix, int(digits) - page.page_no, start, end))
    pages_by_offset: dict[tuple[str, int], set[int]] = {}
    for i, prefix, offset, _, _ in sequence:
        pages_by_offset.setdefault((prefix, offset), set()).add(i)
    for i, prefix, offset, start, end in sequence:
        if len(pages_by_offset[(prefix, offset)]) >= 2:
            yield i, start, end


def find_furniture(pages: Sequence[PageText]) -> list[tuple[PageRegion, ...]]:
    """Furniture regions of each page of one document (pages in page order), sorted by offset."""
    lines = [_edge_lines(p.text) for p in pages]
    marked: list[dict[Span, RegionKind]] = [{} for _ in pages]
    repeated = _repeated_lines(pages, lines) if len(pages) > 1 else set()
    numbered = _numbered_pages(pages, lines) if len(pages) > 1 else set()
    for i, start, end in _stamps(pages, lines):
        marked[i][(start, end)] = "bates"
    for i, page in enumerate(lines):
        for li, line in enumerate(page):
            if line.span in marked[i]:
                continue
            if (i, li) in numbered:
                marked[i][line.span] = "page_number"
                continue
            numbers = _page_number_spans(line, pages[i].page_no, len(pages))
            if numbers and not _LETTER.search(_without(line, numbers)):
                marked[i][line.span] = "page_number"
            elif (i, li) in repeated or _ENVELOPE.fullmatch(line.text):
                marked[i][line.span] = "header" if line.header else "footer"
            else:
                for span in numbers:
                    marked[i][span] = "page_number"
    return [_regions(m) for m in marked]


def _without(line: _Line, spans: Sequence[Span]) -> str:
    text = line.text
    for start, end in sorted(spans, reverse=True):
        text = text[: start - line.start] + text[end - line.start :]
    return text


def _regions(marked: dict[Span, RegionKind]) -> tuple[PageRegion, ...]:
    """Sorted, without regions nested in a larger one (a page number inside a header line)."""
    out: list[PageRegion] = []
    for (start, end), kind in sorted(marked.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if out and start < out[-1].char_end:
            continue
        out.append(PageRegion(start, end, kind))
    return tuple(out)
