"""Asset checks on the warehouse, computed right after each load in the same run."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipeline.ingest.scan import display_path
from pipeline.ingest.walk import walk_batch
from pipeline.warehouse.accounting import (
    facts_off_their_page,
    pages_without_method,
    unaccounted_files,
)

WAREHOUSE_CHECKS = [
    dg.AssetCheckSpec(
        "every_file_accounted_for",
        asset="warehouse",
        description="Each file of the batch is a document path or a failure.",
    ),
    dg.AssetCheckSpec(
        "every_page_has_method",
        asset="warehouse",
        description="No page without text_layer/ocr/none.",
    ),
    dg.AssetCheckSpec(
        "quotes_match_pages",
        asset="warehouse",
        description="Every fact's quote is its page text at char_start..char_end.",
    ),
]


def list_batch_files(batch_dir: Path, raw_root: Path) -> list[str]:
    """Paths of the batch as they appear in the warehouse, from a fresh walk of the disk."""
    root = batch_dir.resolve()
    prefix = root.relative_to(raw_root.resolve()).parts
    return [display_path((*prefix, *entry.rel_parts)) for entry in walk_batch(root)]


def run_warehouse_checks(
    con: duckdb.DuckDBPyConnection, batch: str, batch_dir: Path, raw_root: Path
) -> list[dg.AssetCheckResult]:
    missing = unaccounted_files(con, batch, list_batch_files(batch_dir, raw_root))
    no_method = pages_without_method(con)
    off_page = facts_off_their_page(con)
    return [
        dg.AssetCheckResult(
            check_name="every_file_accounted_for",
            passed=not missing,
            metadata={"unaccounted": len(missing), "examples": ", ".join(missing[:10])},
        ),
        dg.AssetCheckResult(
            check_name="every_page_has_method",
            passed=no_method == 0,
            metadata={"pages_without_method": no_method},
        ),
        dg.AssetCheckResult(
            check_name="quotes_match_pages",
            passed=off_page == 0,
            metadata={"facts_off_their_page": off_page},
        ),
    ]
