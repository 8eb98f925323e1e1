"""Printing a `Comparison`: a terminal table, CSV, or JSON with full provenance.

The table and CSV show each value with a short source ("30 d (policy.pdf p.2)");
JSON carries every source with doc_id, page and quote for tools that follow up.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from rich.table import Table
from rich.text import Text

from pipeline.compare import Cell, Comparison, Source, source_labels

TITLES = {
    "retention": "Retention periods by agency (days)",
    "sharing": "Data sharing by agency and recipient (strongest stance)",
    "vendors": "Vendors by agency, with contract terms",
    "denials": "Records denials by agency and kind",
    "audit": "Audit-log searches by searching organization",
}


def comparison_table(comparison: Comparison, max_refs: int = 4) -> Table:
    """A rich table: value on top, sources dimmed underneath, warnings in yellow."""
    title = TITLES.get(comparison.field, comparison.field)
    if comparison.state:
        title += f" — {comparison.state}"
    table = Table(title=Text(title), title_justify="left", show_lines=True)
    for key in comparison.key_columns:
        table.add_column(key, style="bold", overflow="fold")
    for column in comparison.columns:
        table.add_column(column, overflow="fold")
    for row in comparison.rows:
        cells = [_table_cell(row.cells.get(c), max_refs) for c in comparison.columns]
        table.add_row(*(Text(k) for k in row.keys), *cells)
    return table


def _table_cell(cell: Cell | None, max_refs: int) -> Text:
    if cell is None:
        return Text("—", style="dim")
    text = Text(cell.text)
    refs = source_labels(cell.sources, max_refs)
    if refs:
        text.append(f"\n{refs}", style="dim")
    if cell.flag:
        text.append(f"\n⚠ {cell.flag}", style="bold yellow")
    return text


def write_comparison_csv(comparison: Comparison, out: TextIO) -> None:
    """One row per table row; each cell rendered with its sources."""
    writer = csv.writer(out)
    writer.writerow([*comparison.key_columns, *comparison.columns])
    for row in comparison.rows:
        writer.writerow([*row.keys, *(_csv_cell(row.cells.get(c)) for c in comparison.columns)])


def _csv_cell(cell: Cell | None) -> str:
    return "" if cell is None else cell.render(max_refs=50)


def comparison_records(comparison: Comparison) -> list[dict[str, Any]]:
    """Plain dicts for JSON: keys, then per column text, value, flag and every source."""
    records = []
    for row in comparison.rows:
        record: dict[str, Any] = {"id": row.agency_id}
        record.update(zip(comparison.key_columns, row.keys, strict=True))
        record["values"] = {
            column: _cell_record(cell)
            for column in comparison.columns
            if (cell := row.cells.get(column)) is not None
        }
        records.append(record)
    return records


def _cell_record(cell: Cell) -> dict[str, Any]:
    return {
        "text": cell.text,
        "value": cell.value,
        "flag": cell.flag,
        "sources": [_source_record(s) for s in cell.sources],
    }


def _source_record(source: Source) -> dict[str, Any]:
    record: dict[str, Any] = {
        "doc_id": source.doc_id,
        "file": source.file_name,
        "page_no": source.page_no,
        "quote": source.quote,
    }
    if source.row_no is not None:
        record["row_no"] = source.row_no
    return record


def write_comparison_json(comparison: Comparison, out: TextIO) -> None:
    payload = {
        "field": comparison.field,
        "state": comparison.state,
        "columns": list(comparison.columns),
        "rows": comparison_records(comparison),
    }
    json.dump(payload, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")
