"""Reading order for born-digital pages set in columns, from text rectangles alone.

pdfium gives a page's text in content-stream order. Most producers write a
two-column page column by column, but some write it line by line across the page,
and the text layer then splices half-lines of the left column into the right one:
a quoted sentence no longer exists in the stored text. This module finds column
gutters in pdfium's text rectangles and returns the page regions to read, in
order: full-width parts (title, footer, rules across the page) where they stand,
each band of columns left to right, each column top to bottom.

It runs on every text-layer page, so the first test is a sweep over the
rectangles' x-coverage (~0.1 ms with fetching the rectangles, against ~0.6 ms
for the text layer itself); only pages with a clear vertical gap get the line
and prose tests. Those reject tables and forms: a column of prose
has many lines, most of them filling the column, while a label column is ragged
and a table's cells are short. A horizontal rule across the gutter closes a band,
so a ruled two-column table is still read row by row.

All coordinates are PDF points with the origin at the bottom left (pdfium's), a
rectangle being (left, bottom, right, top).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"[(\"'“‘]?[^\W\d_]+(?:[-'’][^\W\d_]+)*[)\"'”’.,;:!?]*")

Rect = tuple[float, float, float, float]
Gap = tuple[float, float]
Line = tuple[float, float, float, float, list[Rect]]  # left, bottom, right, top, rects


@dataclass(frozen=True)
class ColumnThresholds:
    """Limits of the column test, set on generated column pages and the corpus's
    born-digital tables and forms (none of which may pass)."""

    min_rects: int = 10
    min_gutter_pt: float = 9.0
    # Lines crossing a gutter (titles, footers, full-width paragraphs), as a share
    # of the text's height: above this the page is not set in columns.
    max_crossing_share: float = 0.4
    min_column_width_share: float = 0.18
    min_column_lines: int = 5
    full_line_width_share: float = 0.7
    min_full_line_share: float = 0.5
    min_columnar_height_share: float = 0.5
    max_rule_height_pt: float = 4.0
    # Running text: words per line in every column, and the share of them that
    # are words of letters (with trailing punctuation), not codes or amounts.
    min_words_per_line: float = 3.5
    min_word_share: float = 0.6
    # Lines above all other columns' text are a title when a gap of this many
    # line heights follows them; below all others (last columns only), a footer
    # needs a wider gap, as a blank line (~1.5 heights) may end a short column.
    # Either needs only a paragraph break when its type size differs this much.
    title_gap_share: float = 1.0
    footer_gap_share: float = 2.0
    other_size_share: float = 0.15


DEFAULT_COLUMN_THRESHOLDS = ColumnThresholds()


@dataclass(frozen=True)
class Region:
    """A rectangle of the page to read as one piece; `column` is its column's
    index, None for a full-width band."""

    rect: Rect
    column: int | None


@dataclass(frozen=True)
class ColumnLayout:
    """Where a page's columns are and which regions to read, in reading order."""

    columns: int
    gutters: tuple[Gap, ...]
    regions: tuple[Region, ...]


def gutter_candidates(
    rects: Sequence[Rect], thresholds: ColumnThresholds = DEFAULT_COLUMN_THRESHOLDS
) -> list[Gap]:
    """Vertical x-ranges crossed by little text, with enough text on both sides.

    The cheap first test, vectorised (one sort and a running sum) because some
    producers place every word or letter on its own and a page then has
    thousands of rectangles: an ordinary page has text across its middle on
    almost every line and yields nothing.
    """
    boxes = np.asarray(rects, dtype=np.float64).reshape(-1, 4)
    boxes = boxes[(boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])]
    if len(boxes) < thresholds.min_rects:
        return []
    left, right = float(boxes[:, 0].min()), float(boxes[:, 2].max())
    lo = left + thresholds.min_column_width_share * (right - left)
    hi = right - thresholds.min_column_width_share * (right - left)
    limit = thresholds.max_crossing_share * _union_length_np(boxes[:, 1], boxes[:, 3])
    heights = boxes[:, 3] - boxes[:, 1]
    xs = np.concatenate([boxes[:, 0], boxes[:, 2]])
    deltas = np.concatenate([heights, -heights])
    order = np.lexsort((deltas, xs))  # at equal x, ends before starts
    xs = xs[order]
    cover = np.cumsum(deltas[order])[:-1]  # text height over [xs[i], xs[i + 1])
    starts = np.maximum(xs[:-1], lo)
    ends = np.minimum(xs[1:], hi)
    inside = ends > starts
    low = inside & (cover <= limit)
    if not low.any():
        return []
    stretch = np.cumsum(inside & ~low)  # a piece of high cover ends a stretch
    pieces = np.flatnonzero(low)
    gaps: list[Gap] = []
    for chosen in np.split(pieces, np.flatnonzero(np.diff(stretch[pieces])) + 1):
        if ends[chosen[-1]] - starts[chosen[0]] < thresholds.min_gutter_pt:
            continue
        runs = list(
            zip(starts[chosen].tolist(), ends[chosen].tolist(), cover[chosen].tolist(), strict=True)
        )
        gaps.extend(_clearest(runs, thresholds.min_gutter_pt))
    return gaps


def _union_length_np(bottoms: np.ndarray, tops: np.ndarray) -> float:
    """Total length of the union of the intervals [bottom, top]."""
    order = np.argsort(bottoms, kind="stable")
    b, t = bottoms[order], tops[order]
    reach = np.maximum.accumulate(t)
    first = np.ones(len(b), dtype=bool)
    first[1:] = b[1:] > reach[:-1]
    heads = np.flatnonzero(first)
    return float((np.maximum.reduceat(t, heads) - b[heads]).sum())


def _clearest(runs: Sequence[tuple[float, float, float]], min_width: float) -> list[Gap]:
    """The widest stretch at the lowest cover within one low-cover interval.

    Lines that cross a gutter (a centred title) cross all of it, while ragged
    column edges reach only into its sides: the gutter proper is where cover is
    least, not the whole low-cover interval.
    """
    least = min(c for _, _, c in runs) + 0.5
    best: Gap | None = None
    start: float | None = None
    end = 0.0
    for a, b, c in [*runs, (runs[-1][1], runs[-1][1], float("inf"))]:
        if c <= least:
            start = a if start is None else start
            end = b
            continue
        if start is not None and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
        start = None
    if best is None or best[1] - best[0] < min_width:
        return []
    return [best]


def find_columns(
    rects: Sequence[Rect],
    page_box: Rect,
    rules: Sequence[Rect] = (),
    thresholds: ColumnThresholds = DEFAULT_COLUMN_THRESHOLDS,
    gaps: Sequence[Gap] | None = None,
) -> ColumnLayout | None:
    """The column layout of a page, or None when it reads as one column.

    `rules` are bounds of drawn lines and boxes; thin ones across a gutter end a
    band of columns. `gaps` lets a caller that already ran `gutter_candidates`
    (to skip fetching rules on ordinary pages) pass its answer on.
    """
    boxes = [r for r in rects if r[2] > r[0] and r[3] > r[1]]
    gutters = list(gutter_candidates(boxes, thresholds) if gaps is None else gaps)
    if not gutters:
        return None
    cuts = [(a + b) / 2 for a, b in gutters]
    crossing: list[Rect] = []
    in_columns: list[tuple[int, Rect]] = []
    for r in boxes:
        if any(r[0] < b - 0.5 and r[2] > a + 0.5 for a, b in gutters):
            crossing.append(r)
        else:
            in_columns.append((sum(1 for c in cuts if (r[0] + r[2]) / 2 > c), r))
    detached, in_columns = _detached_ends(in_columns, len(gutters) + 1, thresholds)
    breaks = _full_width_spans([*crossing, *detached], rules, gutters, thresholds)
    spans, in_columns = _absorb(breaks, in_columns)
    if not _columns_are_prose(boxes, in_columns, len(gutters) + 1, thresholds):
        return None
    regions = _regions(spans, in_columns, cuts, page_box)
    return ColumnLayout(len(gutters) + 1, tuple(gutters), tuple(regions))


def _detached_ends(
    in_columns: Sequence[tuple[int, Rect]], columns: int, thresholds: ColumnThresholds
) -> tuple[list[Rect], list[tuple[int, Rect]]]:
    """Lines that sit inside one column's x-range but belong to the whole page.

    A short centred title or page footer over a three-column page falls inside the
    middle column. Such lines stand above (or below) all text of the other columns
    and are set off from their column's text by more than a paragraph break. At
    the bottom, the first column is left alone: its tail below a short last
    column is running text, and reading it there keeps it in place anyway.
    """
    by_column: list[list[Rect]] = [[] for _ in range(columns)]
    for column, r in in_columns:
        by_column[column].append(r)
    moved: set[int] = set()
    for column, rects in enumerate(by_column):
        others = [r for c, rs in enumerate(by_column) if c != column for r in rs]
        if not rects or not others:
            continue
        lines = _lines(rects)
        highest = max(r[3] for r in others)
        lowest = min(r[1] for r in others)
        top = _detached_run(lines, highest, thresholds.title_gap_share, thresholds)
        moved.update(id(r) for line in lines[:top] for r in line[4])
        if column > 0:
            upward = lines[::-1]
            bottom = _detached_run(
                upward, lowest, thresholds.footer_gap_share, thresholds, below=True
            )
            moved.update(id(r) for line in upward[:bottom] for r in line[4])
    return (
        [r for _, r in in_columns if id(r) in moved],
        [(c, r) for c, r in in_columns if id(r) not in moved],
    )


def _detached_run(
    lines: Sequence[Line],
    other_text: float,
    gap_share: float,
    thresholds: ColumnThresholds,
    below: bool = False,
) -> int:
    """How many leading `lines` (all beyond `other_text`, the other columns' top,
    or bottom when reading upwards `below`) end at a break that sets them off
    from the column: one of `gap_share` line heights, or a paragraph break next
    to text of another size."""
    heights = sorted(line[3] - line[1] for line in lines)
    usual = heights[len(heights) // 2]
    count = 0
    for i in range(len(lines) - 1):
        line, following = lines[i], lines[i + 1]
        if (line[3] >= other_text) if below else (line[1] <= other_text):
            break
        gap = following[1] - line[3] if below else line[1] - following[3]
        other_size = abs((line[3] - line[1]) - usual) >= thresholds.other_size_share * usual
        if gap >= gap_share * usual or (other_size and gap >= usual):
            count = i + 1
    return count


def _lines(rects: Sequence[Rect]) -> list[Line]:
    """Text lines top to bottom: rectangles sharing most of their height, with
    the line's (left, bottom, right, top) and its rectangles."""
    lines: list[Line] = []
    for r in sorted(rects, key=lambda r: -(r[1] + r[3])):
        if lines:
            left, bottom, right, top, members = lines[-1]
            if min(top, r[3]) - max(bottom, r[1]) >= 0.5 * min(top - bottom, r[3] - r[1]):
                members.append(r)
                lines[-1] = (
                    min(left, r[0]),
                    min(bottom, r[1]),
                    max(right, r[2]),
                    max(top, r[3]),
                    members,
                )
                continue
        lines.append((r[0], r[1], r[2], r[3], [r]))
    return lines


def _full_width_spans(
    crossing: Sequence[Rect],
    rules: Sequence[Rect],
    gutters: Sequence[Gap],
    thresholds: ColumnThresholds,
) -> list[Gap]:
    """y-ranges read across the full width: text over a gutter, and thin rules
    spanning every gutter (a table's row lines, a section rule)."""
    spans = [(r[1], r[3]) for r in crossing]
    first, last = gutters[0][0], gutters[-1][1]
    for r in rules:
        if r[3] - r[1] <= thresholds.max_rule_height_pt and r[0] < first and r[2] > last:
            spans.append((r[1], r[3]))
    return spans


def _absorb(
    spans: list[Gap], in_columns: list[tuple[int, Rect]]
) -> tuple[list[Gap], list[tuple[int, Rect]]]:
    """Merge full-width spans, and column text sharing their lines, into bands."""
    merged = _merge(spans)
    kept: list[tuple[int, Rect]] = []
    for column, r in in_columns:
        height = r[3] - r[1]
        hit = next(
            (i for i, (b, t) in enumerate(merged) if min(t, r[3]) - max(b, r[1]) >= height / 2),
            None,
        )
        if hit is None:
            kept.append((column, r))
        else:
            b, t = merged[hit]
            merged[hit] = (min(b, r[1]), max(t, r[3]))
    return _merge(merged), kept


def _columns_are_prose(
    boxes: Sequence[Rect],
    in_columns: Sequence[tuple[int, Rect]],
    columns: int,
    thresholds: ColumnThresholds,
) -> bool:
    """Every column holds lines of running text, and columns fill most of the page."""
    total_height = _union_length([(r[1], r[3]) for r in boxes])
    column_height = _union_length([(r[1], r[3]) for _, r in in_columns])
    if total_height <= 0 or column_height < thresholds.min_columnar_height_share * total_height:
        return False
    text_width = max(r[2] for r in boxes) - min(r[0] for r in boxes)
    for column in range(columns):
        rects = [r for c, r in in_columns if c == column]
        if not rects:
            return False
        left = min(r[0] for r in rects)
        width = max(r[2] for r in rects) - left
        if width < thresholds.min_column_width_share * text_width:
            return False
        widths = [line[2] - line[0] for line in _lines(rects)]
        if len(widths) < thresholds.min_column_lines:
            return False
        full = sum(1 for w in widths if w >= thresholds.full_line_width_share * width)
        if full < thresholds.min_full_line_share * len(widths):
            return False
    return True


def _regions(
    spans: Sequence[Gap],
    in_columns: Sequence[tuple[int, Rect]],
    cuts: Sequence[float],
    page_box: Rect,
) -> list[Region]:
    """Page regions in reading order: bands top to bottom; within a band of
    columns, each column from top to bottom before the next."""
    bands: list[tuple[float, float, bool]] = [(b, t, True) for b, t in spans]
    ordered = sorted(spans, key=lambda s: -s[1])
    groups: dict[int, list[float]] = {}
    for _, r in in_columns:
        slot = sum(1 for b, _t in ordered if b >= r[3])  # full-width spans above it
        group = groups.setdefault(slot, [r[1], r[3]])
        group[0], group[1] = min(group[0], r[1]), max(group[1], r[3])
    bands.extend((b, t, False) for b, t in groups.values())
    bands.sort(key=lambda band: -band[1])
    page_left, page_bottom, page_right, page_top = page_box
    edges = [page_left, *cuts, page_right]
    regions: list[Region] = []
    top = page_top
    for i, (_, _, full) in enumerate(bands):
        bottom = (bands[i][0] + bands[i + 1][1]) / 2 if i + 1 < len(bands) else page_bottom
        if full:
            regions.append(Region((page_left, bottom, page_right, top), None))
        else:
            regions.extend(
                Region((edges[c], bottom, edges[c + 1], top), c) for c in range(len(cuts) + 1)
            )
        top = bottom
    return regions


def read_in_columns(
    layout: ColumnLayout,
    read: Callable[[Rect], str],
    page_text: str,
    thresholds: ColumnThresholds = DEFAULT_COLUMN_THRESHOLDS,
) -> str | None:
    """The text of a page set in columns, read column by column; None when its
    columns do not read as running text, or when the regions do not give back
    exactly the page's characters (a region edge cut a character box).

    `read` gives one region's text. When pdfium's order already holds every
    region's text in one piece (the producer wrote the page column by column),
    `page_text` is returned as it is; otherwise the regions, in reading order.

    The word test is the last guard against tables: a column of codes, dates or
    amounts fills its width as evenly as prose, but holds one or two words a line.
    """
    texts = [read(region.rect).strip() for region in layout.regions]
    for column in range(layout.columns):
        lines = [
            line
            for region, text in zip(layout.regions, texts, strict=True)
            if region.column == column
            for line in text.splitlines()
            if line.strip()
        ]
        words = [w for line in lines for w in line.split()]
        if not lines or len(words) < thresholds.min_words_per_line * len(lines):
            return None
        if sum(1 for w in words if _WORD.fullmatch(w)) < thresholds.min_word_share * len(words):
            return None
    flat_page = _flat(page_text)
    if all(_flat(text) in flat_page for text in texts):
        return page_text
    rebuilt = "\n".join(text for text in texts if text)
    if _glyphs(rebuilt) != _glyphs(page_text):
        return None
    return rebuilt


def _flat(text: str) -> str:
    return " ".join(text.split())


def _glyphs(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def _merge(spans: Sequence[Gap]) -> list[Gap]:
    out: list[list[float]] = []
    for b, t in sorted(spans):
        if out and b <= out[-1][1]:
            out[-1][1] = max(out[-1][1], t)
        else:
            out.append([b, t])
    return [(b, t) for b, t in out]


def _union_length(spans: Sequence[Gap]) -> float:
    return sum(t - b for b, t in _merge(spans))
