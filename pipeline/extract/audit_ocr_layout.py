"""Completing the header of a scanned audit table from what OCR did read.

OCR may miss a header cell ("ID" in a shaded band is two small letters), and
then that column's values would be read into their neighbour's. Two repairs,
both from geometry rather than from guessing the missing text:

- a page whose header shows a subset of the columns another page showed, at
  the same places (give or take a shift of the whole scan), is read with the
  fuller header moved onto it;
- a stack of body text under no label, where no labelled column's text starts,
  becomes a column of no field, so its values are kept out of other columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from pipeline.extract.audit_pdf_layout import Column, Layout, Segment, plausible_anchor

# How far (points) one page's header cells may sit from where another page's are,
# beyond the shift of the whole scan, and still be the same columns.
SHIFT_TOLERANCE = 6.0
# Unlabelled columns: text starting within START_TOLERANCE points of one x on
# at least UNLABELLED_MIN_LINES lines and UNLABELLED_ROW_SHARE of the rows, at
# least UNLABELLED_GAP line heights right of the nearest label on its left.
UNLABELLED_MIN_LINES = 3
UNLABELLED_ROW_SHARE = 0.5
UNLABELLED_GAP = 1.5
START_TOLERANCE = 2.5


def mapped_fields(layout: Layout) -> set[str]:
    return {c.field for c in layout.columns if c.field}


def moved_layout(known: Layout, found: Layout) -> Layout | None:
    """`known`'s columns shifted onto `found`'s header, when `found` is a part of it.

    Every column the two share must have moved by the same amount (within
    SHIFT_TOLERANCE points); otherwise the page is another table.
    """
    fields = mapped_fields(found)
    if not fields < mapped_fields(known):
        return None
    at = {c.field: c.x0 for c in known.columns if c.field}
    shifts = [c.x0 - at[c.field] for c in found.columns if c.field]
    shift = median(shifts)
    if any(abs(d - shift) > SHIFT_TOLERANCE for d in shifts):
        return None
    return replace(
        found,
        columns=tuple(replace(c, x0=c.x0 + shift, x1=c.x1 + shift) for c in known.columns),
        anchor=known.anchor,
        anchor_field=known.anchor_field,
        header_timezone=found.header_timezone or known.header_timezone,
    )


def with_unlabelled_columns(layout: Layout, segments: Sequence[Segment]) -> Layout:
    """The layout plus a column (of no field) for each run of body text whose label
    OCR did not read.

    Such a run is a stack of segments that start at one x, under no header label,
    on the lines of at least half the rows (UNLABELLED_ROW_SHARE, counted by the
    dates under the search-time label), where no labelled column's text starts
    (short values left-aligned under a centred label start where that column's
    long values do), and clear of the label to its left by UNLABELLED_GAP line
    heights (a name whose first word OCR lost starts just after its label).
    Without this, a column whose label was lost would be read into its
    neighbour, and a footer running from under it would stretch the neighbour.
    """
    labels = layout.columns
    body = [s for s in segments if s.top > layout.header_bottom - 0.5]
    anchor = labels[layout.anchor]

    def under(seg: Segment, col: Column) -> bool:
        return seg.x0 < col.x1 and col.x0 < seg.x1

    rows = sum(1 for s in body if under(s, anchor) and plausible_anchor(s.text, "searched_at"))
    labelled_starts = [s.x0 for s in body if any(under(s, c) for c in labels)]
    loose = sorted((s for s in body if not any(under(s, c) for c in labels)), key=lambda s: s.x0)
    extra: list[Column] = []
    group: list[Segment] = []
    for seg in [*loose, None]:
        if seg is not None and group and seg.x0 - group[0].x0 <= START_TOLERANCE:
            group.append(seg)
            continue
        if group and _unlabelled_column(group, rows, labels, labelled_starts):
            extra.append(Column("", None, group[0].x0, max(s.x1 for s in group)))
        group = [seg] if seg is not None else []
    if not extra:
        return layout
    columns = sorted([*labels, *extra], key=lambda c: c.x0)
    return replace(layout, columns=tuple(columns), anchor=columns.index(anchor))


def _unlabelled_column(
    group: Sequence[Segment], rows: int, labels: Sequence[Column], labelled_starts: Sequence[float]
) -> bool:
    start = group[0].x0
    lines = len({round(s.top) for s in group})
    if lines < max(UNLABELLED_MIN_LINES, UNLABELLED_ROW_SHARE * rows):
        return False
    if any(abs(x - start) <= START_TOLERANCE for x in labelled_starts):
        return False
    height = median(s.height for s in group)
    return all(start - c.x1 >= UNLABELLED_GAP * height for c in labels if c.x1 <= start)
