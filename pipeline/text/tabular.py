"""Tab-separated previews of CSV files and spreadsheets, one page per sheet.

The preview (first rows only) is enough to classify the document and show a
researcher what it is; the audit-log parser re-reads the whole file itself, so a
300k-row export does not end up as one giant page of text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.text.errors import CorruptDocument
from pipeline.text.plain import decode_text

_SNIFF_BYTES = 64 * 1024
_READ_BYTES_PER_ROW = 4096


@dataclass(frozen=True)
class SheetPreview:
    name: str
    text: str


def csv_preview(path: str | Path, max_rows: int) -> SheetPreview:
    """First `max_rows` records of a CSV (delimiter sniffed), cells joined by tabs."""
    limit = _SNIFF_BYTES + max_rows * _READ_BYTES_PER_ROW
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit)
            truncated = bool(fh.read(1))
    except OSError as exc:
        raise CorruptDocument(f"CSV cannot be read: {exc}") from exc
    text = decode_text(data)
    if truncated and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # drop the row cut in half by the byte limit
    try:
        dialect: type[csv.Dialect] | str = csv.Sniffer().sniff(text[:_SNIFF_BYTES], ",;\t|")
    except csv.Error:
        dialect = "excel"
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text), dialect), max_rows))
    except csv.Error as exc:
        raise CorruptDocument(f"CSV cannot be parsed: {exc}") from exc
    return SheetPreview(Path(path).stem, _rows_text(rows))


def xlsx_previews(path: str | Path, max_rows: int) -> list[SheetPreview]:
    """First `max_rows` non-empty rows of every sheet, in workbook order.

    Cached formula values are shown (data_only); a cell whose formula was never
    computed by Excel shows empty, which the audit parser handles on its own.
    """
    with warnings.catch_warnings():
        # openpyxl warns about every workbook extension it does not model (data
        # validation, slicers); the cell values are read all the same
        warnings.filterwarnings("ignore", message=".*xtension is not supported.*")
        return _read_sheets(path, max_rows)


def _read_sheets(path: str | Path, max_rows: int) -> list[SheetPreview]:
    import openpyxl  # imported here: ~0.3 s, only needed for spreadsheets

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(f"spreadsheet cannot be opened: {exc}") from exc
    except Exception as exc:  # openpyxl raises many parser error types
        raise CorruptDocument(f"spreadsheet cannot be parsed: {type(exc).__name__}: {exc}") from exc
    try:
        previews = []
        for sheet in workbook.worksheets:
            rows: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True):
                cells = [_cell_text(v) for v in values]
                if any(cells):
                    rows.append(cells)
                if len(rows) >= max_rows:
                    break
            previews.append(SheetPreview(sheet.title, _rows_text(rows)))
        return previews
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _rows_text(rows: Iterable[list[str]]) -> str:
    lines = []
    for row in rows:
        cells = [" ".join(c.split()) for c in row]
        while cells and not cells[-1]:
            cells.pop()
        lines.append("\t".join(cells))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
