"""Invariants the warehouse must hold after every load: nothing lost, nothing
half-written. Used by the Dagster asset checks and by the tests."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from pipeline.warehouse.connection import scalar


def unaccounted_files(con: duckdb.DuckDBPyConnection, batch: str,
                      on_disk: Iterable[str]) -> list[str]:
    """Files of the batch that are neither a document path nor a failure.

    A ZIP is accounted for by its members (`archive.zip!member`), each of which is
    a document or a failure; an archive that yields nothing must have a failure.
    """
    paths = list(on_disk)
    if not paths:
        return []
    rows = con.execute(
        "SELECT p.path FROM (SELECT unnest(?) AS path) p WHERE NOT EXISTS ("
        "  SELECT 1 FROM document_paths d WHERE d.batch = ? AND (d.path = p.path"
        "    OR starts_with(d.path, p.path || '!'))"
        ") AND NOT EXISTS ("
        "  SELECT 1 FROM failures f WHERE f.path = p.path OR starts_with(f.path, p.path || '!')"
        ") ORDER BY 1",
        [paths, batch],
    ).fetchall()
    return [r[0] for r in rows]


def pages_without_method(con: duckdb.DuckDBPyConnection) -> int:
    return int(
        scalar(
            con,
            "SELECT count(*) FROM pages WHERE method IS NULL "
            "OR method NOT IN ('text_layer', 'ocr', 'none')",
        )
    )


def facts_off_their_page(con: duckdb.DuckDBPyConnection) -> int:
    """Fact rows whose quote is not the page text at char_start..char_end."""
    total = 0
    for table in ("vendors", "retention_periods", "sharing_clauses", "denials",
                  "contract_terms", "hotlists"):
        total += int(
            scalar(
                con,
                f'SELECT count(*) FROM "{table}" f JOIN pages p USING (doc_id, page_no) '
                "WHERE f.char_start IS NOT NULL AND "
                "substr(p.text, f.char_start + 1, f.char_end - f.char_start) <> f.quote",
            )
        )
    return total
