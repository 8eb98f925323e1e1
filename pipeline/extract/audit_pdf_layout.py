"""Reading search events out of audit-log PDFs by where the words sit on the page.

A Flock audit PDF is a table printed as text: one search wraps over several lines
(reason, organisation, even the id), the header repeats on every page, and a row
may continue onto the next page. Plain text order interleaves those cells, so
rows are rebuilt from character positions (pypdfium2 loose char boxes, about
10 ms a page; pdfplumber would cost ~150 ms) instead:

1. characters are grouped into segments (a run of text inside one cell line),
   in the page's displayed orientation (/Rotate is undone);
2. the header band is found by its vocabulary and mapped with audit_columns;
3. body segments go to the column whose header label they overlap, or whose
   x extent (learned from the values seen so far) they overlap;
4. a row starts where the anchor column (the id, else the search time) starts a
   new value, and every other segment joins the row whose anchor is above it
   (or, for vertically centred or bottom-aligned cells, the nearest anchor).

Footers are cut by the gap that separates them from the table and by their
shape (page numbers; no id-like token), never by matching known footer text.

Steps 2-4 only need segments, so `AuditTableReader` takes them from any
`PageSource`: pypdfium2 characters here, OCR word boxes for scanned pages
(audit_ocr.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import pypdfium2 as pdfium

from pipeline.extract.audit_columns import AUDIT_FIELDS, FIELDS, map_header, split_header_timezone

Align = Literal["top", "middle", "bottom"]
# Which column starts a row, in order of preference when the header has several.
ANCHOR_FIELDS: tuple[str, ...] = ("search_id", "searched_at")
ALIGN_MIN_VOTES = 3
ALIGN_SAMPLE_PAGES = 8

_LINE_BREAKS = frozenset("\r\n")
_WORD = re.compile(r"[a-z0-9#]+")
# Words that appear in audit table headers, mapped or not (plate and filter
# columns exist in exports but have no audit_searches column).
_EXTRA_HEADER_WORDS = frozenset(
    {"license", "plate", "filters", "filter", "offense", "text", "prompt", "#", "no", "of"}
)
HEADER_WORDS: frozenset[str] = (
    frozenset(w for f in AUDIT_FIELDS for v in f.variants for w in _WORD.findall(v.lower()))
    | _EXTRA_HEADER_WORDS
)
_UUID_PREFIX = re.compile(
    r"^[0-9a-f]{8}-(?:[0-9a-f]{0,4}(?:-[0-9a-f]{0,4}(?:-[0-9a-f]{0,4}(?:-[0-9a-f]{0,12})?)?)?)?$",
    re.IGNORECASE,
)
_ID_TOKEN = re.compile(r"^[A-Za-z0-9][\w\-.:#/]*$")
_UUID_START = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}", re.IGNORECASE)
_DATE_START = re.compile(
    r"^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d+\s*(?:of|/)\s*\d+$|^page\s*\d+$", re.IGNORECASE)
_TIMEZONE_NOTE = re.compile(
    r"(?:time\s*zone|times?\s+(?:are\s+)?(?:shown|listed|displayed|reported)\s+in)\s*[:\-]?\s*"
    r"(?P<tz>[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|UTC|GMT|[A-Z]{2,4}T\b)",
    re.IGNORECASE,
)


class AuditPdfError(Exception):
    """The PDF cannot be opened (corrupt, encrypted, not a PDF)."""


class PageUnreadable(Exception):
    """One page of a source cannot be read; the reader records it and goes on."""


@dataclass(slots=True)
class Segment:
    """A run of characters on one line of one cell, in top-down page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    column: int = -1
    anchor: bool = False
    page: int = 0
    field: str | None = None  # audit field of its column, set with the column

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Column:
    label: str
    field: str | None
    x0: float
    x1: float


@dataclass(frozen=True)
class Layout:
    """Columns of the audit table, left to right, and the anchor column index."""

    columns: tuple[Column, ...]
    anchor: int
    anchor_field: str
    header_bottom: float
    header_timezone: str | None = None
    header_top: float = 0.0


@dataclass
class PdfRow:
    """A row being assembled: segments per column index, and where it started."""

    page_no: int
    segments: dict[int, list[Segment]] = field(default_factory=dict)
    anchor_top: float = 0.0
    anchor_bottom: float = 0.0

    def add(self, seg: Segment) -> None:
        self.segments.setdefault(seg.column, []).append(seg)


# --- characters to segments -------------------------------------------------------


BoxMap = Callable[[float, float, float, float], tuple[float, float, float, float]]


def display_box(rotation: int, width: float, height: float) -> BoxMap:
    """Map a pdfium char box (left, bottom, right, top in unrotated page space) to
    (x0, top, x1, bottom) as the page is displayed, y growing downwards.

    Landscape exports are sometimes portrait pages with /Rotate 90: without this
    their table rows would run down the page.
    """
    if rotation == 90:
        return lambda left, low, right, high: (low, left, high, right)
    if rotation == 180:
        return lambda left, low, right, high: (width - right, low, width - left, high)
    if rotation == 270:
        return lambda left, low, right, high: (
            height - high,
            width - right,
            height - low,
            width - left,
        )
    return lambda left, low, right, high: (left, height - high, right, height - low)


def page_segments(
    textpage: pdfium.PdfTextPage, page_height: float, box: BoxMap | None = None
) -> list[Segment]:
    """Group the page's characters into segments split at line breaks and wide gaps.

    Loose (font-box) character boxes give every glyph on a line the same vertical
    extent, so lines group exactly; a horizontal gap wider than half the line
    height separates table cells, while word spaces (about a quarter em) do not.
    """
    to_display = box or display_box(0, 0.0, page_height)
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
    # pdfium reports a hyphen that ends a line as U+FFFE; it is a real "-" here
    # (a UUID or a date range wrapped at its hyphen).
    text = text.replace("\ufffe", "-").replace("\u00ad", "-")
    segments: list[Segment] = []
    chars: list[str] = []
    x0 = x1 = top = bottom = 0.0
    last_right = 0.0
    get_box = textpage.get_charbox
    for i in range(count):
        ch = text[i]
        if ch in _LINE_BREAKS:
            if chars:
                segments.append(Segment(x0, top, x1, bottom, "".join(chars).strip()))
                chars = []
            continue
        left, c_top, right, c_bottom = to_display(*get_box(i, loose=True))
        if ch == " " or ch == "\u00a0" or ch == "\t":
            if chars and right > left:
                chars.append(" ")
            continue
        if chars:
            height = bottom - top
            same_line = abs(c_bottom - bottom) < 0.3 * height
            if same_line and -0.5 * height < left - last_right < 0.5 * height:
                chars.append(ch)
                x1 = max(x1, right)
                top = min(top, c_top)
                last_right = right
                continue
            segments.append(Segment(x0, top, x1, bottom, "".join(chars).strip()))
            chars = []
        chars.append(ch)
        x0, x1, top, bottom, last_right = left, right, c_top, c_bottom, right
    if chars:
        segments.append(Segment(x0, top, x1, bottom, "".join(chars).strip()))
    return [s for s in segments if s.text]


# --- header ---------------------------------------------------------------------------


def _is_header_word_segment(seg: Segment) -> bool:
    bare, _ = split_header_timezone(seg.text)
    words = _WORD.findall(bare.lower())
    return bool(words) and all(w in HEADER_WORDS for w in words)


def _lines(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Segments grouped into visual lines (vertical overlap), top to bottom."""
    lines: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        if lines:
            ref = lines[-1][0]
            if seg.top < ref.bottom - 0.5 * min(ref.height, seg.height):
                lines[-1].append(seg)
                continue
        lines.append([seg])
    return lines


def _cluster_columns(band: Sequence[Segment]) -> list[list[Segment]]:
    """Header pieces stacked in one column (wrapped labels) share an x range."""
    groups: list[list[Segment]] = []
    for seg in sorted(band, key=lambda s: s.x0):
        if groups:
            g_x1 = max(s.x1 for s in groups[-1])
            if seg.x0 < g_x1 - 0.5:
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return groups


def find_layouts(
    segments: Sequence[Segment],
    anchor_fields: Sequence[str] = ANCHOR_FIELDS,
    scrap_chars: int | None = None,
) -> list[Layout]:
    """Every audit header band on a page, top to bottom.

    Usually one; exports glued together repeat the header mid-page, and those
    repeats must not be read as a search row. The anchor is the first of
    `anchor_fields` the header has (searched_at is in every audit header).
    A wrapped header continues on lines of header words only; with
    `scrap_chars`, also past other bits of at most that many letters or digits
    (OCR reads specks and rules in a shaded header band as "re", "ee").
    """
    lines = _lines(segments)
    layouts: list[Layout] = []
    start = 0
    while start < len(lines):
        line = lines[start]
        start += 1
        band: list[Segment] = [s for s in line if _is_header_word_segment(s)]
        if len(band) < 2:
            continue
        top = min(s.top for s in line)
        bottom = max(s.bottom for s in line)
        consumed = start
        for nxt in lines[start : start + 5]:
            words = [s for s in nxt if _is_header_word_segment(s)]
            if len(words) < len(nxt) and (
                scrap_chars is None
                or not words
                or any(_alnum_count(s.text) > scrap_chars for s in nxt if s not in words)
            ):
                break
            if nxt[0].top - bottom > 1.5 * nxt[0].height:
                break
            band.extend(words)
            bottom = max(bottom, max(s.bottom for s in nxt))
            consumed += 1
        layout = _layout_from_band(band, top, bottom, anchor_fields)
        if layout is not None:
            layouts.append(layout)
            start = consumed
    return layouts


def _alnum_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def find_layout(segments: Sequence[Segment]) -> Layout | None:
    """The first audit header on a page: its columns and where the body starts."""
    layouts = find_layouts(segments)
    return layouts[0] if layouts else None


def _without_repeated_headers(body: list[Segment], layouts: Sequence[Layout]) -> list[Segment]:
    bands = [(lay.header_top, lay.header_bottom) for lay in layouts]
    return [
        s
        for s in body
        if not any(top - 0.5 <= s.top and s.bottom <= bottom + 0.5 for top, bottom in bands)
    ]


def _layout_from_band(
    band: Sequence[Segment], top: float, bottom: float, anchor_fields: Sequence[str]
) -> Layout | None:
    columns: list[Column] = []
    labels: list[str] = []
    for group in _cluster_columns(band):
        label = " ".join(s.text for s in sorted(group, key=lambda s: (s.top, s.x0)))
        labels.append(label)
        columns.append(Column(label, None, min(s.x0 for s in group), max(s.x1 for s in group)))
    header = map_header(labels)
    if header is None:
        return None
    by_index = {i: name for name, i in header.positions.items()}
    columns = [Column(c.label, by_index.get(i), c.x0, c.x1) for i, c in enumerate(columns)]
    anchor_field = next((name for name in anchor_fields if name in header.positions), "searched_at")
    return Layout(
        columns=tuple(columns),
        anchor=header.positions[anchor_field],
        anchor_field=anchor_field,
        header_bottom=bottom,
        header_top=top,
        header_timezone=header.timezone,
    )


# --- body -----------------------------------------------------------------------------


NO_COLUMN = -1  # Segment.column of text that belongs to no known column


class ColumnAssigner:
    """Assigns body segments to columns, learning each column's real x extent.

    A cell never extends under a neighbouring column's label, so a segment that
    overlaps exactly one header label belongs to that column, and widens what
    that column is known to span. Short values that overlap no label (a left-
    aligned "inv" under a centred "Reason") then go to the column whose known
    extent they overlap, else the nearest one. Extents carry across pages.

    With `unheaded_gap`, a segment farther than that many line heights from
    every known extent sits in a column whose label was not read (OCR), and
    gets NO_COLUMN rather than joining a neighbour's cells.
    """

    def __init__(self, layout: Layout, unheaded_gap: float | None = None) -> None:
        self.layout = layout
        self.x0 = [c.x0 for c in layout.columns]
        self.x1 = [c.x1 for c in layout.columns]
        self.unheaded_gap = unheaded_gap

    def assign(self, segments: Sequence[Segment]) -> None:
        cols = self.layout.columns
        deferred: list[Segment] = []
        for seg in segments:
            hits = [
                (min(seg.x1, col.x1) - max(seg.x0, col.x0), i)
                for i, col in enumerate(cols)
                if seg.x0 < col.x1 and col.x0 < seg.x1
            ]
            if not hits:
                deferred.append(seg)
                continue
            _, best = max(hits)
            seg.column = best
            if len(hits) == 1:
                self.x0[best] = min(self.x0[best], seg.x0)
                self.x1[best] = max(self.x1[best], seg.x1)
        for seg in deferred:
            seg.column = self._by_extent(seg)
        for seg in segments:
            seg.field = cols[seg.column].field if seg.column != NO_COLUMN else None

    def _by_extent(self, seg: Segment) -> int:
        best, best_overlap = -1, 0.0
        for i in range(len(self.x0)):
            overlap = min(seg.x1, self.x1[i]) - max(seg.x0, self.x0[i])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best >= 0:
            return best

        def distance(i: int) -> float:
            return max(self.x0[i] - seg.x1, seg.x0 - self.x1[i], 0.0)

        nearest = min(range(len(self.x0)), key=distance)
        if self.unheaded_gap is not None and distance(nearest) > self.unheaded_gap * seg.height:
            return NO_COLUMN
        return nearest


def plausible_anchor(text: str, anchor_field: str) -> bool:
    """Whether a fragment can open a row: ids are one token with a digit, times a date.

    Footers and notes printed under the id column ("Exported from ...") are not.
    """
    if anchor_field != "search_id":
        return bool(_DATE_START.match(text))
    return bool(_ID_TOKEN.match(text)) and any(ch.isdigit() for ch in text)


def continues_anchor(current: str, fragment: str, anchor_field: str) -> bool:
    """Whether an anchor-column fragment continues the current row's value.

    A UUID wrapped inside its cell reads "5869ce7e-98f2-47e7-a3" then "c2-...":
    while the value read so far is a strict UUID prefix, a fragment that does not
    itself open a UUID continues it. Search times wrap after the date.
    """
    if not current:
        return False
    if anchor_field != "search_id":
        return not _DATE_START.match(fragment)
    if fragment.startswith("-"):
        return True
    if _UUID_START.match(fragment):
        return False
    return bool(_UUID_PREFIX.match(current)) and len(current) < 36


def alignment_votes(rows: Sequence[PdfRow], body: Sequence[Segment], anchor: int) -> Counter[str]:
    """Votes for how cells sit in their rows, from cells taller or shorter than the anchor.

    A wrapped cell whose height equals its row's anchor fits every alignment
    equally, so only cells of a different height are counted.
    """
    votes: Counter[str] = Counter()
    if len(rows) < 2:
        return votes
    for block in _blocks([s for s in body if s.column != anchor]):
        b_top, b_bottom = block[0].top, block[-1].bottom
        b_center = (b_top + b_bottom) / 2
        tol = 0.4 * block[0].height
        row = min(rows, key=lambda r: abs((r.anchor_top + r.anchor_bottom) / 2 - b_center))
        if abs((b_bottom - b_top) - (row.anchor_bottom - row.anchor_top)) < tol:
            continue
        votes["top"] += abs(b_top - row.anchor_top) < tol
        votes["middle"] += abs(b_center - (row.anchor_top + row.anchor_bottom) / 2) < tol
        votes["bottom"] += abs(b_bottom - row.anchor_bottom) < tol
    return votes


def decide_alignment(votes: Counter[str]) -> Align | None:
    """The alignment once the evidence is clear; None while undecided."""
    if not votes:
        return None
    ranked = votes.most_common()
    winner, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count >= ALIGN_MIN_VOTES and count >= 2 * runner_up:
        return winner  # type: ignore[return-value]
    return None


def _blocks(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Consecutive lines of one column close enough to be one wrapped cell."""
    by_col: dict[int, list[Segment]] = {}
    for seg in segments:
        by_col.setdefault(seg.column, []).append(seg)
    blocks: list[list[Segment]] = []
    for segs in by_col.values():
        segs.sort(key=lambda s: s.top)
        current: list[Segment] = []
        for seg in segs:
            if current and seg.top - current[-1].bottom > 0.45 * seg.height:
                blocks.append(current)
                current = []
            current.append(seg)
        if current:
            blocks.append(current)
    return blocks


def _trim_tail(body: list[Segment], last_anchor_top: float) -> list[Segment]:
    """Drop footers: text under the last row separated from it by a clear gap."""
    keep = [s for s in body if s.top <= last_anchor_top + 0.5 * s.height]
    tail = sorted(
        (s for s in body if s.top > last_anchor_top + 0.5 * s.height), key=lambda s: s.top
    )
    if not tail:
        return keep
    bottom = max((s.bottom for s in keep), default=last_anchor_top)
    for seg in tail:
        if seg.top - bottom > 0.6 * seg.height or _PAGE_NUMBER.match(seg.text):
            break
        keep.append(seg)
        bottom = max(bottom, seg.bottom)
    return keep


class PageSource(Protocol):
    """Pages as segments, in file order; a page's segments are new objects on every
    call (the reader marks them), and an unreadable page raises PageUnreadable."""

    def __len__(self) -> int: ...

    def segments(self, index: int) -> list[Segment]: ...


@dataclass
class PdfiumPages:
    """Segments from the text layer of an open PDF."""

    pdf: pdfium.PdfDocument

    def __len__(self) -> int:
        return len(self.pdf)

    def segments(self, index: int) -> list[Segment]:
        try:
            page = self.pdf[index]
            try:
                left, bottom, right, top = page.get_mediabox()
                box = display_box(page.get_rotation(), right - left, top - bottom)
                textpage = page.get_textpage()
                try:
                    return page_segments(textpage, top - bottom, box)
                finally:
                    textpage.close()
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise PageUnreadable(str(exc)) from exc


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise AuditPdfError(f"cannot open PDF: {exc}") from exc


@dataclass(kw_only=True)
class AuditTableReader:
    """Streams (cells, page_no) for every search in a paged audit table, in file order."""

    layouts_found: int = 0
    pages_without_header: list[int] = field(default_factory=list)
    timezone: str | None = None
    text_pages: int = 0
    alignment: Align = "top"
    failed_pages: dict[int, str] = field(default_factory=dict)

    def find_page_layouts(self, segments: Sequence[Segment]) -> list[Layout]:
        """Header bands of one page (readers of noisier text widen this)."""
        return find_layouts(segments)

    def column_assigner(self, layout: Layout) -> ColumnAssigner:
        return ColumnAssigner(layout)

    def plausible_anchor(self, text: str, anchor_field: str) -> bool:
        return plausible_anchor(text, anchor_field)

    def continues_anchor(self, current: str, fragment: str, anchor_field: str) -> bool:
        return continues_anchor(current, fragment, anchor_field)

    def read(self, pages: PageSource) -> Iterator[tuple[dict[str, object], int]]:
        yield from self._rows(pages)

    def _page(self, pages: PageSource, index: int) -> list[Segment]:
        """Segments of one page; a page that cannot be read is recorded and skipped."""
        try:
            return pages.segments(index)
        except PageUnreadable as exc:
            if index + 1 not in self.failed_pages:
                self.failed_pages[index + 1] = str(exc)
            return []

    def _alignment(self, pages: PageSource) -> Align:
        """Cell alignment judged on the first pages, before any row is emitted."""
        votes: Counter[str] = Counter()
        for index in range(min(len(pages), ALIGN_SAMPLE_PAGES)):
            segments = self._page(pages, index)
            layouts = self.find_page_layouts(segments)
            if not layouts:
                continue
            layout = layouts[0]
            body = [s for s in segments if s.top > layout.header_bottom - 0.5]
            self.column_assigner(layout).assign(body)
            anchors, _ = self._anchors(body, layout, "", index + 1)
            votes.update(alignment_votes(anchors, body, layout.anchor))
            decided = decide_alignment(votes)
            if decided is not None:
                return decided
        return decide_alignment(votes) or "top"

    def _rows(self, pages: PageSource) -> Iterator[tuple[dict[str, object], int]]:
        layout: Layout | None = None
        assigner: ColumnAssigner | None = None
        pending: PdfRow | None = None
        anchor_text = ""
        align = self._alignment(pages)
        self.alignment = align
        for index in range(len(pages)):
            page_no = index + 1
            segments = self._page(pages, index)
            for seg in segments:
                seg.page = page_no
            if segments:
                self.text_pages += 1
            if self.timezone is None:
                self.timezone = _timezone_note(segments)
            layouts = self.find_page_layouts(segments)
            found = layouts[0] if layouts else None
            if found is not None:
                if layout is None or found.columns != layout.columns or assigner is None:
                    assigner = self.column_assigner(found)
                layout = found
                self.layouts_found += 1
                if found.header_timezone:
                    self.timezone = found.header_timezone
                body = [s for s in segments if s.top > found.header_bottom - 0.5]
                if len(layouts) > 1:
                    body = _without_repeated_headers(body, layouts[1:])
            elif layout is not None and assigner is not None:
                self.pages_without_header.append(page_no)
                body = list(segments)
            else:
                continue
            assigner.assign(body)
            anchors, anchor_text = self._anchors(body, layout, anchor_text, page_no, pending)
            if found is None and anchors:
                # No header to bound the top: text above the first row is page furniture.
                body = [s for s in body if s.top >= anchors[0].anchor_top - 0.5 * s.height]
            if anchors:
                body = _trim_tail(body, anchors[-1].anchor_top)
            self._distribute(body, anchors, pending, layout.anchor, align)
            for row in anchors:
                if pending is not None:
                    yield self._cells(pending, layout), pending.page_no
                pending = row
        if pending is not None and layout is not None:
            yield self._cells(pending, layout), pending.page_no

    def _anchors(
        self,
        body: list[Segment],
        layout: Layout,
        anchor_text: str,
        page_no: int,
        pending: PdfRow | None = None,
    ) -> tuple[list[PdfRow], str]:
        """Rows starting on this page, each holding its anchor-column segments.

        An anchor value still incomplete at the end of the previous page (a UUID
        cut by the page break) continues into `pending`.
        """
        rows: list[PdfRow] = []
        anchor_segs = sorted((s for s in body if s.column == layout.anchor), key=lambda s: s.top)
        for seg in anchor_segs:
            if self.continues_anchor(anchor_text, seg.text, layout.anchor_field):
                anchor_text += seg.text
                owner = rows[-1] if rows else pending
                if owner is not None:
                    seg.anchor = True
                    owner.add(seg)
                    if rows:
                        owner.anchor_bottom = seg.bottom
            elif self.plausible_anchor(seg.text, layout.anchor_field):
                seg.anchor = True
                row = PdfRow(page_no=page_no, anchor_top=seg.top, anchor_bottom=seg.bottom)
                row.add(seg)
                rows.append(row)
                anchor_text = seg.text
        return rows, anchor_text

    def _distribute(
        self,
        body: Sequence[Segment],
        anchors: Sequence[PdfRow],
        pending: PdfRow | None,
        anchor_col: int,
        align: Align,
    ) -> None:
        """Attach non-anchor segments to rows; text above the first row continues the last."""
        others = [s for s in body if not s.anchor]
        if align == "top" or not anchors:
            tops = [r.anchor_top for r in anchors]
            # Before the document's first row there is nothing to continue: text between
            # the header and the first anchor (a cell centred on a one-line id) is its own.
            before = pending if pending is not None else (anchors[0] if anchors else None)
            for seg in others:
                at = bisect_right(tops, seg.center + 0.1) - 1
                target = anchors[at] if at >= 0 else before
                if target is not None:
                    target.add(seg)
            return
        for block in _blocks(others):
            ref = (block[0].top + block[-1].bottom) / 2 if align == "middle" else block[-1].bottom
            target = self._nearest_anchor(ref, anchors, align)
            for seg in block:
                target.add(seg)

    @staticmethod
    def _nearest_anchor(ref: float, anchors: Sequence[PdfRow], align: Align) -> PdfRow:
        def key(row: PdfRow) -> float:
            if align == "middle":
                return abs((row.anchor_top + row.anchor_bottom) / 2 - ref)
            if align == "bottom":
                return abs(row.anchor_bottom - ref)
            return abs(row.anchor_top - ref)

        return min(anchors, key=key)

    def _cells(self, row: PdfRow, layout: Layout) -> dict[str, object]:
        """The row's text per field; a row continued on the next page may have met
        another layout there, so fields come from the segments, not the column indexes."""
        by_field: dict[str, list[Segment]] = {}
        for segs in row.segments.values():
            for seg in segs:
                if seg.field is not None:
                    by_field.setdefault(seg.field, []).append(seg)
        cells: dict[str, object] = {}
        for name, segs in by_field.items():
            joiner = FIELDS[name].join
            text = ""
            for seg in sorted(segs, key=lambda s: (s.page, round(s.top, 1), s.x0)):
                piece = seg.text
                if not text:
                    text = piece
                elif joiner == "" or (text.endswith("-") and not text.endswith(" -")):
                    text += piece
                else:
                    text += joiner + piece
            cells[name] = text
        return cells


@dataclass
class PdfAuditReader(AuditTableReader):
    """The audit table of a born-digital PDF, read from its text layer."""

    path: Path

    def rows(self) -> Iterator[tuple[dict[str, object], int]]:
        pdf = open_pdf(self.path)
        try:
            yield from self.read(PdfiumPages(pdf))
        finally:
            pdf.close()


def _timezone_note(segments: Sequence[Segment]) -> str | None:
    for seg in segments:
        match = _TIMEZONE_NOTE.search(seg.text)
        if match:
            return match.group("tz")
    return None
