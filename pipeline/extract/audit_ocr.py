"""Audit logs released as scans: rows rebuilt from the OCR word boxes of each page.

Agencies often print an audit export and scan it, so the PDF has no text layer.
The text stage's OCR keeps where each word sits; audit_ocr_words turns those
words into the segments the born-digital table reader already understands, and
the same header table, row assembly, value typing and reason classification run
on them. Pages that kept a good text layer are read from it as before.

OCR misreads change what rows look like, so this reader is stricter about the
count than about the values:

- rows start at the search time (a date), which OCR reads far more reliably than
  a 36-character id;
- a "row" holding only that date and nothing else is dropped, not invented;
- a row whose cells show two searches (two ids, two times: a missed date start)
  is kept as read, and every such case is counted;
- uncertain rows of either kind become one `AuditOcrRowsUncertain` failure that
  says how far the count may be off, so the document reads as partial.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from rapidfuzz import fuzz, process

from pipeline.extract.audit_logs import AuditParse, AuditRowStream, audit_failure
from pipeline.extract.audit_ocr_layout import mapped_fields, moved_layout, with_unlabelled_columns
from pipeline.extract.audit_ocr_words import header_copies, word_segments
from pipeline.extract.audit_pdf_layout import (
    AuditPdfError,
    AuditTableReader,
    ColumnAssigner,
    Layout,
    PageSource,
    PageUnreadable,
    PdfiumPages,
    PdfRow,
    Segment,
    continues_anchor,
    find_layouts,
    open_pdf,
    plausible_anchor,
)
from pipeline.extract.audit_rows import RowBuilder
from pipeline.records import DocumentText, PageText

# OCR'd rows start at the search time; the id is too often misread to start rows.
OCR_ANCHOR_FIELDS: tuple[str, ...] = ("searched_at",)
# Bits of OCR noise (letters or digits) a wrapped header line may carry and still continue.
HEADER_SCRAP_CHARS = 3
# Pages whose headers are read up front, to know the fullest header before any row.
HEADER_SAMPLE_PAGES = 8
# Text this many line heights away from every column read in the header is in a
# column whose label OCR missed (an "ID" in a shaded header cell): kept out of
# the neighbouring column's values.
UNHEADED_GAP = 1.5
# Share of zone-name similarity an OCR'd "America/Los_Angles" needs to be read as a zone.
ZONE_MIN_RATIO = 90.0

_UUID_START = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}", re.IGNORECASE)
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}")
# The first word of a date cut short or split by OCR: digits around a "/", no clock.
_DATE_PIECE = re.compile(r"^\d{0,4}/\d{0,4}(?:/\d{0,4})?,?(?:\s|$)")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_PAGED_TYPES = frozenset({"pdf", "image"})


def has_ocr_words(doc: DocumentText) -> bool:
    """Whether the text stage OCR'd some page of this paged document and kept word boxes."""
    return doc.source.file_type in _PAGED_TYPES and any(
        page.method == "ocr" and page.words for page in doc.pages
    )


@dataclass
class DocumentPages:
    """Segments of each page as the text stage read it: OCR words, or the PDF text layer.

    Pages with neither (OCR failed, or OCR text stored without word boxes) raise
    PageUnreadable and are listed in `no_text`; OCR pages that found no words at
    all are blank pages and give no segments.
    """

    doc: DocumentText
    no_text: list[int] = field(default_factory=list)
    _pdf: pdfium.PdfDocument | None = None

    def __post_init__(self) -> None:
        self._by_no: dict[int, PageText] = {p.page_no: p for p in self.doc.pages}

    def __len__(self) -> int:
        return max(self._by_no, default=0)

    def segments(self, index: int) -> list[Segment]:
        page = self._by_no.get(index + 1)
        if page is not None and page.method == "ocr":
            if page.words:
                return word_segments(page)
            if not page.text.strip():
                return []
        elif page is not None and page.method == "text_layer" and self._is_pdf:
            return PdfiumPages(self._open()).segments(index)
        if index + 1 not in self.no_text:
            self.no_text.append(index + 1)
        raise PageUnreadable("page has neither a text layer nor OCR word boxes")

    @property
    def _is_pdf(self) -> bool:
        return self.doc.source.file_type == "pdf"

    def _open(self) -> pdfium.PdfDocument:
        if self._pdf is None:
            self._pdf = open_pdf(Path(self.doc.source.blob))
        return self._pdf

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


@dataclass(kw_only=True)
class OcrAuditReader(AuditTableReader):
    """The table reader with OCR tolerance: fuzzy headers, date anchors, row checks.

    Headers are completed across pages and for columns whose label was not read
    (audit_ocr_layout). `fragments` counts date-only "rows" dropped; `merged`
    counts searches that sit inside another row because their start was not
    recognised.
    """

    fragments: int = 0
    merged: int = 0
    known: Layout | None = None

    def find_page_layouts(self, segments: Sequence[Segment]) -> list[Layout]:
        """Header bands found on the header-word reading of the page (same boxes),
        completed from fuller headers of other pages, plus unlabelled columns."""
        layouts = find_layouts(header_copies(segments), OCR_ANCHOR_FIELDS, HEADER_SCRAP_CHARS)
        layouts = [self._completed(layout) for layout in layouts]
        if layouts:
            layouts[0] = with_unlabelled_columns(layouts[0], segments)
        return layouts

    def column_assigner(self, layout: Layout) -> ColumnAssigner:
        return ColumnAssigner(layout, unheaded_gap=UNHEADED_GAP)

    def plausible_anchor(self, text: str, anchor_field: str) -> bool:
        """A search time starts with its date, which OCR may have read only in part
        ("8/2025," when "06/1" was lost): any date piece opens a row, a clock
        time never does."""
        if anchor_field == "searched_at":
            return plausible_anchor(text, anchor_field) or bool(_DATE_PIECE.match(text))
        return plausible_anchor(text, anchor_field)

    def continues_anchor(self, current: str, fragment: str, anchor_field: str) -> bool:
        if anchor_field == "searched_at":
            return bool(current) and not self.plausible_anchor(fragment, anchor_field)
        return continues_anchor(current, fragment, anchor_field)

    def _completed(self, layout: Layout) -> Layout:
        known = self.known
        if known is None or len(mapped_fields(layout)) > len(mapped_fields(known)):
            self.known = layout
            return layout
        return moved_layout(known, layout) or layout

    def read(self, pages: PageSource) -> Iterator[tuple[dict[str, object], int]]:
        for index in range(min(len(pages), HEADER_SAMPLE_PAGES)):
            self.find_page_layouts(self._page(pages, index))  # learn the fullest header
        for cells, page_no in super().read(pages):
            if cells:
                yield cells, page_no

    def _cells(self, row: PdfRow, layout: Layout) -> dict[str, object]:
        """The row's cells; empty for a date with nothing beside it (not a row)."""
        cells = super()._cells(row, layout)
        if not any(value for name, value in cells.items() if name != layout.anchor_field):
            self.fragments += 1
            return {}
        self.merged += searches_inside(row)
        return cells


def searches_inside(row: PdfRow) -> int:
    """How many searches beyond the first a row's cells show (0 for a clean row).

    Evidence is counted per column and the largest wins: lines of the id cell
    that open a UUID (a wrapped UUID's second line never does; a misread one
    just does not count), one line per search for short ids, and dates or clock
    times in the search-time cell.
    """
    extra = 0
    by_field: dict[str, list[str]] = {}
    for segs in row.segments.values():
        for seg in sorted(segs, key=lambda s: (s.page, s.top)):
            if seg.field is not None:
                by_field.setdefault(seg.field, []).append(seg.text)
    ids = by_field.get("search_id", [])
    if ids:
        if any("-" in t or " " in t for t in ids):
            starts = sum(1 for t in ids if _UUID_START.match(t))
        else:
            starts = len(ids)  # short ids never wrap
        extra = starts - 1
    times = " ".join(by_field.get("searched_at", []))
    extra = max(extra, len(_DATE.findall(times)) - 1, len(_CLOCK.findall(times)) - 1)
    return max(extra, 0)


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def known_zone(zone: str | None) -> str | None:
    """An OCR'd IANA zone name matched to a real one; abbreviations pass as read."""
    if zone is None or "/" not in zone:
        return zone
    zones = _zones()
    if zone in zones:
        return zone
    match = process.extractOne(zone, zones, scorer=fuzz.ratio, score_cutoff=ZONE_MIN_RATIO)
    return str(match[0]) if match is not None else None


@dataclass
class ScannedAuditRowStream(AuditRowStream):
    """Rows of an audit log whose pages (some or all) were OCR'd; see the module doc."""

    reader: OcrAuditReader = field(default_factory=OcrAuditReader)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        builder = RowBuilder()
        pages = DocumentPages(self.doc)
        reader = self.reader
        try:
            with closing(pages):
                for cells, page_no in reader.read(pages):
                    if builder.timezone is None:
                        builder.timezone = known_zone(reader.timezone)
                    yield builder.build(cells, page_no)
        except AuditPdfError as exc:
            self.failures.append(audit_failure(self.doc, type(exc).__name__, str(exc)))
        if builder.timezone is None:
            builder.timezone = known_zone(reader.timezone)
        self._report_pages(reader, pages)
        self._report_uncertain(reader, builder.rows_built)
        self.rows_out = builder.rows_built
        self.timezone = builder.document_timezone()
        self._report_issues(builder)

    def _report_pages(self, reader: OcrAuditReader, pages: DocumentPages) -> None:
        if pages.no_text and reader.text_pages == 0:
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditPdfNoTextLayer",
                    "audit log pages have neither a text layer nor OCR word boxes",
                )
            )
            return
        for page_no in sorted(pages.no_text):
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditPdfNoTextLayer",
                    "page has neither a text layer nor OCR word boxes: its rows are missing",
                    page_no,
                )
            )
        for page_no, message in sorted(reader.failed_pages.items()):
            if page_no not in pages.no_text:
                self.failures.append(
                    audit_failure(
                        self.doc, "AuditPdfPageError", f"page not readable: {message}", page_no
                    )
                )
        if reader.text_pages and reader.layouts_found == 0:
            self.failures.append(
                audit_failure(
                    self.doc, "AuditHeaderNotFound", "no page shows an audit table header"
                )
            )

    def _report_uncertain(self, reader: OcrAuditReader, rows: int) -> None:
        """The count is the finding: any row the OCR left in doubt makes the document partial."""
        parts = []
        if reader.merged:
            parts.append(
                f"{reader.merged} more search(es) appear inside other rows (their date was "
                f"misread), so the true count may be up to {rows + reader.merged}"
            )
        if reader.fragments:
            parts.append(
                f"{reader.fragments} date(s) with no other cell beside them were not counted"
            )
        if parts:
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditOcrRowsUncertain",
                    f"scanned audit log, {rows} rows read: " + "; ".join(parts),
                )
            )


def stream_scanned_audit_rows(doc: DocumentText) -> ScannedAuditRowStream:
    """Iterate rows of an OCR'd audit log; read `.failures` and `.timezone` after."""
    return ScannedAuditRowStream(doc)


def parse_scanned_audit_log(doc: DocumentText) -> AuditParse:
    """Every search event of a scanned audit log as an audit_searches row, in page order."""
    stream = stream_scanned_audit_rows(doc)
    rows = list(stream)
    return AuditParse(rows=rows, failures=stream.failures, timezone=stream.timezone)
