"""What the warehouse says about each document, reduced to `DocLabels`.

Reads only through a read-only connection: scoring must never change the file it
judges. A fact table that does not exist (an older or partial warehouse) counts as
holding no facts rather than failing the whole evaluation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from pipeline.evaluate.labels import AuditCounts, DocLabels, sharing_pairs
from pipeline.warehouse.connection import open_reader


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {str(r[0]) for r in rows}


def _rows(
    con: duckdb.DuckDBPyConnection, tables: set[str], table: str, sql: str, ids: list[str]
) -> list[tuple[Any, ...]]:
    if table not in tables:
        return []
    return con.execute(sql, [ids]).fetchall()


def read_predictions(
    con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]
) -> dict[str, DocLabels]:
    """Labels per document present in `documents`; absent ids are left out."""
    ids = sorted(set(doc_ids))
    tables = _tables(con)
    if "documents" not in tables or not ids:
        return {}
    docs = con.execute(
        "SELECT doc_id, doc_type, state, agency_id FROM documents "
        "WHERE doc_id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    vendors: dict[str, list[str]] = defaultdict(list)
    for doc_id, vendor in _rows(
        con,
        tables,
        "vendors",
        "SELECT doc_id, vendor FROM vendors WHERE doc_id IN (SELECT unnest(?))",
        ids,
    ):
        if vendor:
            vendors[doc_id].append(str(vendor))
    days: dict[str, list[int]] = defaultdict(list)
    for doc_id, value in _rows(
        con,
        tables,
        "retention_periods",
        "SELECT doc_id, days FROM retention_periods WHERE doc_id IN (SELECT unnest(?))",
        ids,
    ):
        if value is not None:
            days[doc_id].append(int(value))
    sharing: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc_id, stance, recipients in _rows(
        con,
        tables,
        "sharing_clauses",
        "SELECT doc_id, stance, recipients FROM sharing_clauses WHERE doc_id IN (SELECT unnest(?))",
        ids,
    ):
        sharing[doc_id].extend(sharing_pairs(stance, recipients))
    kinds: dict[str, list[str]] = defaultdict(list)
    citations: dict[str, list[str]] = defaultdict(list)
    for doc_id, kind, citation in _rows(
        con,
        tables,
        "denials",
        "SELECT doc_id, kind, citation FROM denials WHERE doc_id IN (SELECT unnest(?))",
        ids,
    ):
        if kind:
            kinds[doc_id].append(str(kind))
        if citation:
            citations[doc_id].append(str(citation))
    audit: dict[str, AuditCounts] = {}
    for doc_id, rows, immigration in _rows(
        con,
        tables,
        "audit_searches",
        "SELECT doc_id, count(*), count(*) FILTER (WHERE immigration) FROM audit_searches "
        "WHERE doc_id IN (SELECT unnest(?)) GROUP BY doc_id",
        ids,
    ):
        audit[doc_id] = AuditCounts(int(rows), int(immigration))
    found: dict[str, DocLabels] = {}
    for doc_id, doc_type, state, agency_id in docs:
        counts = audit.get(doc_id)
        if counts is None and doc_type == "audit_log":
            counts = AuditCounts(0, 0)
        found[doc_id] = DocLabels(
            doc_type=doc_type,
            state=state,
            agency_id=agency_id,
            vendors=tuple(vendors[doc_id]),
            retention_days=tuple(days[doc_id]),
            sharing=tuple(sharing[doc_id]),
            denial_kinds=tuple(kinds[doc_id]),
            denial_citations=tuple(citations[doc_id]),
            audit=counts,
        )
    return found


def warehouse_predictions(warehouse: Path, doc_ids: Iterable[str]) -> dict[str, DocLabels]:
    """`read_predictions` over a read-only connection to the warehouse file."""
    with open_reader(warehouse) as con:
        return read_predictions(con, doc_ids)
