"""Dagster assets: one per stage, each a thin call into the pure modules."""

from pipeline.assets.stages import extractions, ingested_files, page_texts, warehouse

__all__ = ["extractions", "ingested_files", "page_texts", "warehouse"]
