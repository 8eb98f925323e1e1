"""Search-audit logs: recognise them by content and turn every search into a row.

Audit exports are the one record type where the count itself is the finding
("N searches, M of them for immigration"), so rows must match the file exactly:
every data row once, none invented from titles, footers or summary sheets.

Recognition works on the text stage's pages (cheap, any file type); parsing
re-reads the file itself, because CSV/XLSX previews hold only the first rows and
PDF rows are rebuilt from word positions the page text no longer has.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.extract.audit_columns import AUDIT_FIELDS, is_audit_field_set, map_header
from pipeline.extract.audit_pdf_layout import AuditPdfError, PdfAuditReader
from pipeline.extract.audit_rows import ROW_COLUMNS, RowBuilder
from pipeline.extract.audit_tabular import AuditFileError, AuditTable, csv_tables, xlsx_tables
from pipeline.records import DocumentText, Failure

PREVIEW_LINES = 60
HEADER_WINDOW_CHARS = 4000
MIN_TIMESTAMPS = 2
_TIMESTAMP = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})"
)
_SPACES = re.compile(r"\s+")
_CAMEL = re.compile(r"[a-z][A-Z]")
# Single words that, in a header, mean an audit column; other one-word variants
# ("ID", "Name", "Type") are too common in prose to count on a text page.
_SIGNAL_WORDS = frozenset({"reason", "moderation"})


@dataclass
class AuditParse:
    """Rows for audit_searches (minus doc_id, extractor_version) plus what went wrong."""

    rows: list[dict[str, Any]]
    failures: list[Failure]
    timezone: str | None

    @property
    def immigration_rows(self) -> int:
        return sum(1 for row in self.rows if row["immigration"])


@dataclass
class AuditColumns:
    """The same rows as column lists: Arrow-ready without a dict per row."""

    columns: dict[str, list[Any]]
    failures: list[Failure]
    timezone: str | None

    @property
    def row_count(self) -> int:
        return len(self.columns["row_no"])


# --- detection ----------------------------------------------------------------------


def _text_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """Header variants distinctive enough to count when found in running page text."""
    phrases: list[tuple[str, re.Pattern[str]]] = []
    for fld in AUDIT_FIELDS:
        for variant in fld.variants:
            words = variant.split()
            if (
                len(words) < 2
                and not _CAMEL.search(variant)
                and variant.lower() not in _SIGNAL_WORDS
            ):
                continue
            body = r"\s+".join(re.escape(w) for w in words)
            phrases.append((fld.column, re.compile(rf"(?<![a-z]){body}(?![a-z])", re.IGNORECASE)))
    return phrases


_PHRASES = _text_phrases()


def _tabular_header_in(text: str) -> bool:
    for line in text.splitlines()[:PREVIEW_LINES]:
        if "\t" in line and map_header(line.split("\t")) is not None:
            return True
        if "," in line or ";" in line:
            for delimiter in (",", ";"):
                try:
                    cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
                except (csv.Error, StopIteration):
                    continue
                if map_header(cells) is not None:
                    return True
    return False


def _text_header_in(text: str) -> bool:
    """Header words of a printed audit table near the top of a page, with data under it."""
    window = _SPACES.sub(" ", text[:HEADER_WINDOW_CHARS])
    fields = {name for name, pattern in _PHRASES if pattern.search(window)}
    if not is_audit_field_set(fields):
        return False
    return len(_TIMESTAMP.findall(text)) >= MIN_TIMESTAMPS


def detect_audit_log(doc: DocumentText) -> bool:
    """Whether any page of the document carries an audit-log header.

    Tabular previews (one tab-separated page per sheet) are matched cell by cell
    against the column table; PDF and OCR text by header phrases plus timestamps.
    """
    for page in doc.pages:
        text = page.text
        if not text:
            continue
        if _tabular_header_in(text) or _text_header_in(text):
            return True
    if not any(page.text for page in doc.pages) and doc.source.file_type in _TABULAR_TYPES:
        return _blob_has_audit_table(doc)
    return False


_TABULAR_TYPES = frozenset({"csv", "xlsx", "text"})


def _blob_has_audit_table(doc: DocumentText) -> bool:
    """Without a preview page (text stage failed or skipped), look at the file's header."""
    path = Path(doc.source.blob)
    reader = xlsx_tables(path) if doc.source.file_type == "xlsx" else csv_tables(path)
    with closing(reader) as tables:
        try:
            table = next(tables, None)
        except (AuditFileError, OSError):
            return False
        if table is None:
            return False
        close = getattr(table.records, "close", None)
        if close is not None:
            close()
        return True


# --- parsing ------------------------------------------------------------------------


def audit_failure(
    doc: DocumentText, error_class: str, message: str, page_no: int | None = None
) -> Failure:
    """An extract-stage failure of an audit log, pointing at the file a reporter dropped."""
    source = doc.source
    return Failure(
        path=source.paths[0] if source.paths else source.blob,
        stage="extract",
        error_class=error_class,
        message=message,
        sha256=source.doc_id,
        page_no=page_no,
    )


@dataclass
class AuditRowStream:
    """Rows of one audit log, produced lazily; failures and zone complete after iteration."""

    doc: DocumentText
    failures: list[Failure] = field(default_factory=list)
    timezone: str | None = None
    rows_out: int = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        builder = RowBuilder()
        source = self.doc.source
        path = Path(source.blob)
        try:
            if source.file_type == "pdf":
                yield from self._pdf_rows(path, builder)
            elif source.file_type == "image":
                self.failures.append(
                    audit_failure(
                        self.doc,
                        "AuditPdfNoTextLayer",
                        "audit log is an image: rows need word positions (scan not parsed)",
                    )
                )
            elif source.file_type == "xlsx":
                yield from self._table_rows(xlsx_tables(path), builder)
            else:
                # CSV exports are sniffed as "csv" or plain "text" depending on content.
                yield from self._table_rows(csv_tables(path), builder)
        except (AuditFileError, AuditPdfError) as exc:
            self.failures.append(audit_failure(self.doc, type(exc).__name__, str(exc)))
        except OSError as exc:
            self.failures.append(
                audit_failure(self.doc, "AuditFileError", f"cannot read file: {exc}")
            )
        self.rows_out = builder.rows_built
        self.timezone = builder.document_timezone()
        self._report_issues(builder)

    def _table_rows(
        self, tables: Iterator[AuditTable], builder: RowBuilder
    ) -> Iterator[dict[str, Any]]:
        found = False
        for table in tables:
            found = True
            builder.timezone = table.header.timezone
            for cells in table.records:
                yield builder.build(cells)
        if not found:
            self.failures.append(
                audit_failure(self.doc, "AuditHeaderNotFound", "no row names audit columns")
            )

    def _pdf_rows(self, path: Path, builder: RowBuilder) -> Iterator[dict[str, Any]]:
        reader = PdfAuditReader(path)
        for cells, page_no in reader.rows():
            if builder.timezone is None:
                builder.timezone = reader.timezone
            yield builder.build(cells, page_no)
        for page_no, message in sorted(reader.failed_pages.items()):
            self.failures.append(
                audit_failure(
                    self.doc, "AuditPdfPageError", f"page not readable: {message}", page_no
                )
            )
        if reader.text_pages == 0:
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditPdfNoTextLayer",
                    "audit PDF has no text layer: rows need word positions (scan not parsed)",
                )
            )
        elif reader.layouts_found == 0:
            self.failures.append(
                audit_failure(
                    self.doc, "AuditHeaderNotFound", "no page shows an audit table header"
                )
            )
        if builder.timezone is None:
            builder.timezone = reader.timezone

    def _report_issues(self, builder: RowBuilder) -> None:
        issues = builder.issues
        if issues.bad_times:
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditUnparsedTime",
                    f"{issues.bad_times} row(s) kept without searched_at; first value "
                    f"{issues.first_bad_time!r}",
                )
            )
        if issues.bad_counts:
            self.failures.append(
                audit_failure(
                    self.doc,
                    "AuditUnparsedCount",
                    f"{issues.bad_counts} network/device count(s) not numbers; first "
                    f"{issues.first_bad_count!r}",
                )
            )


def stream_audit_rows(doc: DocumentText) -> AuditRowStream:
    """Iterate rows without holding them all; read `.failures` and `.timezone` after."""
    return AuditRowStream(doc)


def parse_audit_log(doc: DocumentText) -> AuditParse:
    """Every search event of an audit export as an audit_searches row, in file order."""
    stream = stream_audit_rows(doc)
    rows = list(stream)
    return AuditParse(rows=rows, failures=stream.failures, timezone=stream.timezone)


def parse_audit_columns(doc: DocumentText) -> AuditColumns:
    """Like parse_audit_log, but as column lists (about a third of the memory of dicts)."""
    stream = stream_audit_rows(doc)
    columns: dict[str, list[Any]] = {name: [] for name in ROW_COLUMNS}
    appenders = [(name, columns[name].append) for name in ROW_COLUMNS]
    for row in stream:
        for name, append in appenders:
            append(row[name])
    return AuditColumns(columns=columns, failures=stream.failures, timezone=stream.timezone)
