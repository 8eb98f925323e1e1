"""What the warehouse already holds, so a re-run only redoes what changed.

Text is keyed by file hash and text-engine version, extraction by document and
extractor version: bumping the extractor re-extracts from stored page text
without OCR-ing anything again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.records import DocumentText, PageRegion, PageText, SourceFile
from pipeline.warehouse.connection import open_reader


@dataclass(frozen=True)
class KnownDocument:
    doc_id: str
    text_engine_version: str | None
    extractor_version: str | None
    status: str


def known_documents(warehouse: Path, doc_ids: Iterable[str]) -> dict[str, KnownDocument]:
    """Versions recorded for the given documents; empty when there is no warehouse yet."""
    ids = list(doc_ids)
    if not ids or not warehouse.exists():
        return {}
    with open_reader(warehouse) as con:
        rows = con.execute(
            "SELECT doc_id, text_engine_version, extractor_version, status FROM documents "
            "WHERE doc_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
    return {r[0]: KnownDocument(r[0], r[1], r[2], r[3]) for r in rows}


def stored_texts(warehouse: Path, sources: Sequence[SourceFile]) -> list[DocumentText]:
    """Rebuild DocumentText from stored pages, for re-extraction without re-OCR."""
    if not sources or not warehouse.exists():
        return []
    with open_reader(warehouse) as con:
        return _stored_texts(con, sources)


def _stored_texts(con: duckdb.DuckDBPyConnection, sources: Sequence[SourceFile]
                  ) -> list[DocumentText]:
    by_id = {s.doc_id: DocumentText(source=s) for s in sources}
    ids = list(by_id)
    furniture: dict[tuple[str, int], list[PageRegion]] = {}
    if _has_table(con, "page_furniture"):  # warehouses written before schema version 2
        for doc_id, page_no, kind, start, end in con.execute(
            "SELECT doc_id, page_no, kind, char_start, char_end FROM page_furniture "
            "WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, page_no, char_start",
            [ids],
        ).fetchall():
            furniture.setdefault((doc_id, page_no), []).append(PageRegion(start, end, kind))
    columns: list[str] = ["doc_id", "page_no", "method", "text", "decision_reason", "ocr_confidence",
               "width_pt", "height_pt"]
    extra: list[str] = [c for c in ("rotation_deg", "skew_deg", "ocr_dpi", "preprocess", "columns")
             if c in _columns(con, "pages")]
    # Column names come from the fixed lists above, never from data.
    rows = con.execute(
        f"SELECT {', '.join(columns + extra)} FROM pages "
        "WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, page_no",
        [ids],
    ).fetchall()
    for row in rows:
        values = dict(zip(columns + extra, row, strict=True))
        doc_id, page_no = values["doc_id"], values["page_no"]
        values["decision_reason"] = values["decision_reason"] or ""
        by_id[doc_id].pages.append(
            PageText(**values, furniture=tuple(furniture.get((doc_id, page_no), ())))
        )
    return list(by_id.values())


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchall()[0][0]
    )


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}
