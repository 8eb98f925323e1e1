"""Reading search events out of CSV and XLSX audit exports, one row at a time.

Exports arrive in whatever encoding and delimiter the agency's tool wrote, with
title lines above the header, quoted reasons holding line breaks, and workbooks
whose first sheet is a cover page. The header row is found by its content (the
column table in audit_columns), never by position, and rows are streamed so a
million-row export never sits in memory as one structure.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.extract.audit_columns import HeaderMap, map_header

HEADER_SEARCH_ROWS = 50
SAMPLE_BYTES = 256 * 1024
DELIMITERS = (",", "\t", ";", "|")

# Cells in real exports reach a few kB (long reasons); the csv module's default
# limit of 128 kB is raised so one pathological cell is read, not a crash.
csv.field_size_limit(16 * 1024 * 1024)


class AuditFileError(Exception):
    """An audit export that cannot be read at all (bad zip, unreadable bytes)."""


@dataclass
class AuditTable:
    """One header plus the stream of its data rows as {field: raw cell}.

    `records` must be consumed before the next table of the same file is asked
    for: workbooks are read in streaming mode.
    """

    header: HeaderMap
    sheet: str | None
    records: Iterator[dict[str, object]]


def detect_encoding(path: Path) -> str:
    """BOM first, then UTF-16 without BOM (NUL-heavy), then strict UTF-8, else cp1252.

    UTF-8 is validated over the whole file with an incremental decoder so a bad
    byte on row 900,000 is not discovered after 899,999 rows were emitted.
    """
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if head and head.count(0) > len(head) // 4:
            return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = fh.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _header_in(rows: Iterator[Sequence[Any]]) -> tuple[int, list[Any], HeaderMap] | None:
    for index, row in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            return None
        header = map_header(row)
        if header is not None:
            return index, list(row), header
    return None


def _choose_dialect(sample: str) -> tuple[str, bool, int] | None:
    """(delimiter, skip spaces after it, header row index) that maps the most audit fields.

    Spaces after delimiters are skipped only when the header itself is written
    "a, b, c": elsewhere a space after a comma belongs to the reason text.
    """
    best: tuple[int, str, bool, int] | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            found = _header_in(reader)
        except csv.Error:
            continue
        if found is None:
            continue
        index, cells, header = found
        later = [c for c in cells[1:] if isinstance(c, str) and c]
        spaced = bool(later) and sum(c.startswith(" ") for c in later) * 2 >= len(later)
        score = len(header.positions)
        if best is None or score > best[0]:
            best = (score, delimiter, spaced, index)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _read_sample(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        return fh.read(SAMPLE_BYTES)


def csv_tables(path: Path) -> Generator[AuditTable, None, None]:
    """The audit table of a CSV export (none when no audit header is found)."""
    encoding = detect_encoding(path)
    chosen = _choose_dialect(_read_sample(path, encoding))
    if chosen is None:
        return
    delimiter, skip_spaces, header_index = chosen
    fh = path.open("r", encoding=encoding, errors="replace", newline="")
    reader = csv.reader(fh, delimiter=delimiter, skipinitialspace=skip_spaces)
    try:
        for _ in range(header_index):
            next(reader)
        header_cells = next(reader)
    except (StopIteration, csv.Error) as exc:
        fh.close()
        raise AuditFileError(f"CSV header vanished on second read: {exc}") from exc
    header = map_header(header_cells)
    if header is None:
        fh.close()
        return
    yield AuditTable(header, None, _csv_records(fh, reader, header, header_cells, delimiter))


def _csv_records(
    fh: io.TextIOWrapper,
    reader: Iterator[list[str]],
    header: HeaderMap,
    header_cells: list[str],
    delimiter: str,
) -> Iterator[dict[str, object]]:
    """Data rows under the header; ragged rows padded, overflow folded into a last reason.

    Unquoted commas inside a reason that is the last column make a row longer
    than the header; the extra cells are joined back onto the reason.
    """
    width = header.width
    fields = sorted(header.positions.items(), key=lambda kv: kv[1])
    reason_at = header.positions.get("reason")
    overflow_reason = reason_at is not None and reason_at == width - 1
    with fh:
        for row in reader:
            if not row or row == header_cells:
                continue
            length = len(row)
            cells: dict[str, object]
            if length == width:
                cells = {name: row[i] for name, i in fields}
            else:
                cells = {name: (row[i] if i < length else None) for name, i in fields}
                if overflow_reason and length > width and reason_at is not None:
                    cells["reason"] = delimiter.join(row[reason_at:])
            if _is_blank(cells.values()) and _is_blank(row):
                continue
            yield cells


def _is_blank(values: Iterable[object]) -> bool:
    for value in values:
        if value is not None and (not isinstance(value, str) or value.strip()):
            return False
    return True


def xlsx_tables(path: Path) -> Generator[AuditTable, None, None]:
    """One audit table per worksheet whose header names audit columns."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook extensions it drops (slicers, pivots);
            # they hold no audit rows.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise AuditFileError(f"cannot open workbook: {exc}") from exc
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            found = _header_in(rows)
            if found is None:
                continue
            _, header_cells, header = found
            yield AuditTable(header, sheet.title, _xlsx_records(rows, header, header_cells))
    finally:
        workbook.close()


def _xlsx_records(
    rows: Iterator[Sequence[Any]], header: HeaderMap, header_cells: list[Any]
) -> Iterator[dict[str, object]]:
    """Data rows of one sheet; a row counts when any cell of the table holds a value.

    Derived formula columns beside the data carry no cached value in many
    workbooks; they make a row neither present nor absent on their own.
    """
    fields = sorted(header.positions.items(), key=lambda kv: kv[1])
    for row in rows:
        length = len(row)
        cells = {name: (row[i] if i < length else None) for name, i in fields}
        if _is_blank(cells.values()):
            continue
        if list(row[: len(header_cells)]) == header_cells:
            continue
        yield cells
