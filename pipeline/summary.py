"""The end-of-run summary and `foia status`: what the warehouse holds now."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.warehouse.connection import current_version, open_reader, scalar

TABLES = (
    "documents",
    "document_paths",
    "pages",
    "agencies",
    "vendors",
    "retention_periods",
    "sharing_clauses",
    "denials",
    "contract_terms",
    "hotlists",
    "audit_searches",
    "failures",
    "runs",
)


@dataclass
class WarehouseSummary:
    path: Path
    schema_version: int
    documents_by_type: list[tuple[str, int, int, int]]  # doc_type, documents, pages, ocr pages
    rows: dict[str, int]
    failures_by_stage: list[tuple[str, str, int]] = field(default_factory=list)
    recent_failures: list[tuple[str, str, str]] = field(default_factory=list)
    last_runs: list[tuple[str, str, str, int, int]] = field(default_factory=list)


def summarize(warehouse: Path) -> WarehouseSummary:
    with open_reader(warehouse) as con:
        rows = {}
        for table in TABLES:
            rows[table] = int(scalar(con, f'SELECT count(*) FROM "{table}"'))
        by_type = con.execute(
            "SELECT CASE WHEN status = 'failed' THEN '(unreadable)' "
            "ELSE coalesce(doc_type, '(unclassified)') END, count(*), coalesce(sum(pages), 0), "
            "coalesce(sum(ocr_pages), 0) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        failures = con.execute(
            "SELECT stage, error_class, count(*) FROM failures GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall()
        recent = con.execute(
            'SELECT path, error_class, message FROM failures ORDER BY "at" DESC, path LIMIT 5'
        ).fetchall()
        runs = con.execute(
            "SELECT run_id, batch, strftime(finished_at, '%Y-%m-%d %H:%M'), documents_new, "
            "failures_new FROM runs ORDER BY finished_at DESC LIMIT 5"
        ).fetchall()
        return WarehouseSummary(
            path=warehouse,
            schema_version=current_version(con),
            documents_by_type=[(r[0], r[1], r[2], r[3]) for r in by_type],
            rows=rows,
            failures_by_stage=[(r[0], r[1], r[2]) for r in failures],
            recent_failures=[(r[0], r[1], r[2]) for r in recent],
            last_runs=[(r[0], r[1], r[2] or "", r[3] or 0, r[4] or 0) for r in runs],
        )
