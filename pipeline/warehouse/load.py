"""Writing one batch step into the warehouse, atomically and idempotently.

Everything a run produces for a batch lands in one transaction: a killed run
leaves the file as it was, and loading the same results again replaces rows for
the same documents instead of adding duplicates. Rows travel as Arrow tables
(DuckDB reads them in bulk; executemany is ~100x slower on large audit logs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.records import DocumentText, Extraction, Failure, PageText, SourceFile
from pipeline.warehouse.connection import scalar

FACT_TABLES = (
    "vendors",
    "retention_periods",
    "sharing_clauses",
    "denials",
    "contract_terms",
    "hotlists",
    "audit_searches",
)


@dataclass
class BatchLoad:
    """What one run produced for one batch, ready to be written."""

    batch: str
    run_id: str
    started_at: datetime
    sources: Sequence[SourceFile]
    texts: Sequence[DocumentText]
    extractions: Sequence[Extraction]
    failures: Sequence[Failure]
    agencies: Sequence[dict[str, Any]] = field(default_factory=list)
    text_engine_version: str = ""
    extractor_version: str = ""
    files_seen: int = 0


@dataclass(frozen=True)
class LoadCounts:
    documents_new: int
    pages_new: int
    ocr_pages_new: int
    failures_new: int
    facts: dict[str, int]


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]],
                 columns: Sequence[str] | None = None) -> int:
    """Insert dict rows by column name through an Arrow table; returns rows written."""
    if not rows:
        return 0
    known = _table_columns(con, table)
    names = list(columns) if columns else sorted({k for row in rows for k in row})
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"{table} has no column(s) {unknown}; add them in a migration")
    arrow = pa.Table.from_pylist([{n: row.get(n) for n in names} for row in rows])
    con.register("_incoming", arrow)
    try:
        # Table and column names come from the schema, never from data.
        quoted = ", ".join(f'"{n}"' for n in names)
        con.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM _incoming')
    finally:
        con.unregister("_incoming")
    return len(rows)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _delete_for_docs(con: duckdb.DuckDBPyConnection, table: str, doc_ids: Iterable[str]) -> None:
    ids = list(doc_ids)
    if ids:
        con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT unnest(?))', [ids])


def _page_row(page: PageText) -> dict[str, Any]:
    return {
        "doc_id": page.doc_id,
        "page_no": page.page_no,
        "method": page.method,
        "decision_reason": page.decision_reason,
        "text": page.text,
        "chars": len(page.text),
        "ocr_confidence": page.ocr_confidence,
        "width_pt": page.width_pt,
        "height_pt": page.height_pt,
        "rotation_deg": page.rotation_deg,
        "skew_deg": page.skew_deg,
        "ocr_dpi": page.ocr_dpi,
        "preprocess": page.preprocess,
        "columns": page.columns,
    }


def _word_rows(page: PageText) -> Iterator[dict[str, Any]]:
    for word_no, w in enumerate(page.words):
        yield {
            "doc_id": page.doc_id,
            "page_no": page.page_no,
            "word_no": word_no,
            "char_start": w.char_start,
            "char_end": w.char_end,
            "x0": w.x0,
            "y0": w.y0,
            "x1": w.x1,
            "y1": w.y1,
            "confidence": w.confidence,
        }


def _furniture_rows(page: PageText) -> Iterator[dict[str, Any]]:
    for region in page.furniture:
        yield {
            "doc_id": page.doc_id,
            "page_no": page.page_no,
            "kind": region.kind,
            "char_start": region.char_start,
            "char_end": region.char_end,
            "text": page.text[region.char_start : region.char_end],
        }


def _document_rows(load: BatchLoad) -> list[dict[str, Any]]:
    by_id = {e.doc_id: e for e in load.extractions}
    rows = []
    for doc in load.texts:
        ext = by_id.get(doc.source.doc_id)
        rows.append(
            {
                "doc_id": doc.source.doc_id,
                "file_type": doc.source.file_type,
                "mime": doc.source.mime,
                "bytes": doc.source.size,
                "doc_type": ext.doc_type if ext else None,
                "doc_type_confidence": ext.doc_type_confidence if ext else None,
                "agency_id": _agency_id(ext, load.agencies),
                "state": ext.state if ext else None,
                "title": ext.title if ext else None,
                "pages": len(doc.pages),
                "ocr_pages": doc.ocr_pages,
                "status": _status(doc, ext),
                "text_engine_version": load.text_engine_version,
                "extractor_version": load.extractor_version if ext else None,
                "first_batch": load.batch,
            }
        )
    return rows


def _status(doc: DocumentText, ext: Extraction | None) -> str:
    if doc.status == "ok" and ext is not None and ext.failures:
        return "partial"
    return doc.status


def _agency_id(ext: Extraction | None, agencies: Sequence[dict[str, Any]]) -> str | None:
    """The agency row a document's agency name resolved to (merges included).

    Names repeat across states ("Hollywood Police Department" in FL and CA), so a
    row of the document's own state wins over one elsewhere.
    """
    if ext is None or not ext.agency:
        return None
    named = [
        row for row in agencies
        if ext.agency == row["name"] or ext.agency in (row.get("aliases") or [])
    ]
    same_state = [row for row in named if ext.state and row.get("state") == ext.state]
    chosen = same_state or named
    return str(chosen[0]["agency_id"]) if chosen else None


def load_batch(con: duckdb.DuckDBPyConnection, load: BatchLoad) -> LoadCounts:
    """Write a batch's results in one transaction; safe to repeat."""
    con.execute("BEGIN TRANSACTION")
    try:
        counts = _load(con, load)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def _load(con: duckdb.DuckDBPyConnection, load: BatchLoad) -> LoadCounts:
    new_ids = [d.source.doc_id for d in load.texts]
    already = {
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?))", [new_ids]
        ).fetchall()
    }
    for table in ("documents", "pages", "page_words", "page_furniture"):
        _delete_for_docs(con, table, new_ids)
    _insert_rows(con, "documents", _document_rows(load))
    all_pages = [p for d in load.texts for p in d.pages]
    _insert_rows(con, "pages", [_page_row(p) for p in all_pages])
    _insert_rows(con, "page_words", [row for p in all_pages for row in _word_rows(p)])
    _insert_rows(con, "page_furniture", [row for p in all_pages for row in _furniture_rows(p)])

    # Re-extraction without new text (extractor bumped): refresh the document's labels.
    text_ids = set(new_ids)
    for ext in load.extractions:
        if ext.doc_id in text_ids:
            continue
        con.execute(
            "UPDATE documents SET doc_type = ?, doc_type_confidence = ?, agency_id = ?, "
            "state = ?, title = ?, extractor_version = ? WHERE doc_id = ?",
            [ext.doc_type, ext.doc_type_confidence, _agency_id(ext, load.agencies), ext.state,
             ext.title, load.extractor_version, ext.doc_id],
        )

    ext_ids = [e.doc_id for e in load.extractions]
    facts: dict[str, int] = {}
    for table in FACT_TABLES:
        _delete_for_docs(con, table, ext_ids)
        rows = [
            {**row, "doc_id": e.doc_id, "extractor_version": load.extractor_version}
            for e in load.extractions
            for row in e.facts.get(table, [])
        ]
        facts[table] = _insert_rows(con, table, rows)

    _upsert_agencies(con, load.agencies)
    # Re-extraction can move a document to another agency: drop rows nobody cites.
    con.execute(
        "DELETE FROM agencies WHERE agency_id NOT IN "
        "(SELECT agency_id FROM documents WHERE agency_id IS NOT NULL)"
    )

    _insert_paths(con, load)
    failures_new = _insert_failures(con, load)
    con.execute(
        "INSERT OR REPLACE INTO runs (run_id, batch, started_at, finished_at, files_seen, "
        "documents_new, pages_new, ocr_pages_new, failures_new, extractor_version) "
        "VALUES (?, ?, ?, current_timestamp, ?, ?, ?, ?, ?, ?)",
        [load.run_id, load.batch, load.started_at, load.files_seen,
         len(set(new_ids) - already), len(all_pages), sum(d.ocr_pages for d in load.texts),
         failures_new, load.extractor_version],
    )
    return LoadCounts(
        documents_new=len(set(new_ids) - already),
        pages_new=len(all_pages),
        ocr_pages_new=sum(d.ocr_pages for d in load.texts),
        failures_new=failures_new,
        facts=facts,
    )


def _upsert_agencies(con: duckdb.DuckDBPyConnection, agencies: Sequence[dict[str, Any]]) -> None:
    """Add agencies; one seen before keeps its aliases and gains the new ones, so
    names learned from earlier batches are not forgotten."""
    if not agencies:
        return
    rows = [
        {"agency_id": a["agency_id"], "name": a["name"], "state": a.get("state"),
         "kind": a.get("kind"), "aliases": list(a.get("aliases") or [])}
        for a in agencies
    ]
    con.register("_agencies", pa.Table.from_pylist(rows))
    try:
        con.execute(
            "INSERT INTO agencies (agency_id, name, state, kind, aliases) "
            "SELECT agency_id, name, state, kind, aliases FROM _agencies "
            "ON CONFLICT (agency_id) DO UPDATE SET "
            "name = excluded.name, state = coalesce(excluded.state, agencies.state), "
            "kind = coalesce(excluded.kind, agencies.kind), "
            "aliases = list_sort(list_distinct(list_concat(agencies.aliases, excluded.aliases)))"
        )
    finally:
        con.unregister("_agencies")


def _insert_paths(con: duckdb.DuckDBPyConnection, load: BatchLoad) -> None:
    rows = [
        {"doc_id": s.doc_id, "batch": load.batch, "path": path}
        for s in load.sources
        for path in s.paths
    ]
    if not rows:
        return
    con.register("_paths", pa.Table.from_pylist(rows))
    try:
        con.execute(
            "INSERT INTO document_paths (doc_id, batch, path) "
            "SELECT p.doc_id, p.batch, p.path FROM _paths p "
            "WHERE p.doc_id IN (SELECT doc_id FROM documents) "
            "ON CONFLICT DO NOTHING"
        )
    finally:
        con.unregister("_paths")


def _all_failures(load: BatchLoad) -> list[Failure]:
    found = list(load.failures)
    for doc in load.texts:
        found.extend(doc.failures)
    for ext in load.extractions:
        found.extend(ext.failures)
    return found


def _insert_failures(con: duckdb.DuckDBPyConnection, load: BatchLoad) -> int:
    """Add failures not already recorded, so a re-run of a bad file adds no rows."""
    rows = [
        {
            "path": f.path,
            "sha256": f.sha256,
            "batch": f.batch or load.batch,
            "stage": f.stage,
            "page_no": f.page_no,
            "error_class": f.error_class,
            "message": f.message,
        }
        for f in _all_failures(load)
    ]
    if not rows:
        return 0
    before = _count(con, "failures")
    con.register("_failures", pa.Table.from_pylist(rows))
    try:
        con.execute(
            "INSERT INTO failures (path, sha256, batch, stage, page_no, error_class, message) "
            "SELECT DISTINCT n.path, n.sha256, n.batch, n.stage, n.page_no, n.error_class, "
            "n.message FROM _failures n WHERE NOT EXISTS ("
            "  SELECT 1 FROM failures f WHERE f.path = n.path AND f.stage = n.stage"
            "  AND f.error_class = n.error_class"
            "  AND f.sha256 IS NOT DISTINCT FROM n.sha256"
            "  AND f.page_no IS NOT DISTINCT FROM n.page_no)"
        )
    finally:
        con.unregister("_failures")
    return _count(con, "failures") - before


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(scalar(con, f'SELECT count(*) FROM "{table}"'))
