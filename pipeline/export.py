"""Exporting every table and view to Parquet or CSV, with a data dictionary beside them.

Researchers take the warehouse into R, pandas or a spreadsheet. The export reads
through the sandboxed read-only connection (DuckDB's own COPY TO is refused there,
since external access is off) and writes with pyarrow, batch by batch, so a large
audit log never has to fit in memory twice. CSV cannot hold lists or structs, so
those columns are written as JSON text; Parquet keeps them as they are.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline.dictionary import column_meaning, table_meaning
from pipeline.warehouse.connection import open_reader
from pipeline.warehouse.errors import WarehouseError

ExportFormat = Literal["parquet", "csv"]
BATCH_ROWS = 50_000
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ExportError(WarehouseError):
    """The export could not be written (bad format, unwritable folder)."""


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class ExportedRelation:
    name: str
    kind: str  # table or view
    rows: int
    file: Path
    columns: tuple[ColumnInfo, ...]


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    format: ExportFormat
    relations: tuple[ExportedRelation, ...]
    dictionary_csv: Path
    dictionary_md: Path
    manifest: Path


def list_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') for everything in the main schema, tables first."""
    rows = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database() "
        "ORDER BY table_type, table_name"
    ).fetchall()
    return [(str(name), "view" if kind == "VIEW" else "table") for name, kind in rows]


def describe(con: duckdb.DuckDBPyConnection, name: str) -> tuple[ColumnInfo, ...]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? AND table_catalog = current_database() "
        "ORDER BY ordinal_position",
        [name],
    ).fetchall()
    return tuple(ColumnInfo(str(c), str(t), column_meaning(name, str(c))) for c, t in rows)


def _batches(con: duckdb.DuckDBPyConnection, name: str) -> pa.RecordBatchReader:
    if not _IDENTIFIER.match(name):
        raise ExportError(f"refusing to export a relation with an unusual name: {name!r}")
    # The name comes from information_schema and is checked above; it is quoted too.
    return con.sql(f'SELECT * FROM "{name}"').to_arrow_reader(BATCH_ROWS)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _nested(field_type: pa.DataType) -> bool:
    return bool(
        pa.types.is_list(field_type)
        or pa.types.is_large_list(field_type)
        or pa.types.is_struct(field_type)
        or pa.types.is_map(field_type)
        or pa.types.is_fixed_size_list(field_type)
    )


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string()) if _nested(f.type) else f for f in schema])


def _flatten_for_csv(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """Lists and structs become JSON text; other columns are left to pyarrow."""
    columns = []
    for i, f in enumerate(batch.schema):
        column = batch.column(i)
        if _nested(f.type):
            texts = [
                None if v is None else json.dumps(_plain(v), ensure_ascii=False)
                for v in column.to_pylist()
            ]
            column = pa.array(texts, type=pa.string())
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _write_parquet(reader: pa.RecordBatchReader, path: Path) -> int:
    rows = 0
    with pq.ParquetWriter(str(path), reader.schema) as writer:
        for batch in _nonempty(reader):
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _write_csv(reader: pa.RecordBatchReader, path: Path) -> int:
    schema = _csv_schema(reader.schema)
    rows = 0
    with pa_csv.CSVWriter(str(path), schema) as writer:
        for batch in _nonempty(reader):
            writer.write_batch(_flatten_for_csv(batch, schema))
            rows += batch.num_rows
    return rows


def _nonempty(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    for batch in reader:
        if batch.num_rows:
            yield batch


def export_connection(
    con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: ExportFormat
) -> ExportResult:
    if fmt not in ("parquet", "csv"):
        raise ExportError(f"unknown export format {fmt!r}; use parquet or csv")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the export folder {out_dir}: {exc}") from exc
    write = _write_parquet if fmt == "parquet" else _write_csv
    relations = []
    for name, kind in list_relations(con):
        path = out_dir / f"{name}.{fmt}"
        rows = write(_batches(con, name), path)
        relations.append(ExportedRelation(name, kind, rows, path, describe(con, name)))
    dictionary_csv = write_dictionary_csv(relations, out_dir / "data_dictionary.csv")
    dictionary_md = write_dictionary_md(relations, fmt, out_dir / "data_dictionary.md")
    manifest = out_dir / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "format": fmt,
                "exported_at": datetime.now().isoformat(timespec="seconds"),
                "relations": {
                    r.name: {"kind": r.kind, "rows": r.rows, "file": r.file.name} for r in relations
                },
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return ExportResult(out_dir, fmt, tuple(relations), dictionary_csv, dictionary_md, manifest)


def export_warehouse(warehouse: Path, out_dir: Path, fmt: ExportFormat) -> ExportResult:
    """Write every table and view of the warehouse, plus the data dictionary."""
    with open_reader(warehouse) as con:
        return export_connection(con, out_dir, fmt)


def write_dictionary_csv(relations: list[ExportedRelation], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "kind", "column", "type", "meaning"])
        for rel in relations:
            for col in rel.columns:
                writer.writerow([rel.name, rel.kind, col.name, col.type, col.meaning])
    return path


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_dictionary_md(relations: list[ExportedRelation], fmt: ExportFormat, path: Path) -> Path:
    lines = [
        "# alpr-foia warehouse export: data dictionary",
        "",
        f"One `{fmt}` file per table and view. Every fact row carries `doc_id` and "
        "`page_no`; join to `pages` for the page text and to `document_paths` for the "
        "original file names.",
    ]
    if fmt == "csv":
        lines += [
            "",
            "CSV files have a header row; list and struct columns are JSON text. "
            "In DuckDB: `SELECT * FROM read_csv('vendors.csv', header = true)`.",
        ]
    else:
        lines += ["", "In DuckDB: `SELECT * FROM read_parquet('vendors.parquet')`."]
    for rel in relations:
        lines += [
            "",
            f"## {rel.name} ({rel.kind}, {rel.rows} rows)",
            "",
            table_meaning(rel.name),
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        lines += [f"| {c.name} | {_md_cell(c.type)} | {_md_cell(c.meaning)} |" for c in rel.columns]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
