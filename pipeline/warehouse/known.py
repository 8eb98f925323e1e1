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

from pipeline.records import DocumentText, PageText, SourceFile
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
    rows = con.execute(
        "SELECT doc_id, page_no, method, text, decision_reason, ocr_confidence, width_pt, "
        "height_pt FROM pages WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, page_no",
        [list(by_id)],
    ).fetchall()
    for doc_id, page_no, method, text, reason, conf, width, height in rows:
        by_id[doc_id].pages.append(
            PageText(doc_id, page_no, method, text, reason or "", conf, width, height)
        )
    return list(by_id.values())
