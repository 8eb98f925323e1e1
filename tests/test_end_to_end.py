"""The whole pipeline on the generated sample batch: real Dagster, tesseract, DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from pipeline.runner import BatchRef, RunOutcome, run_batch
from pipeline.samples.generate import generate_sample_batch
from pipeline.samples.manifest import SampleManifest
from pipeline.summary import TABLES
from pipeline.warehouse.accounting import facts_off_their_page
from pipeline.warehouse.connection import open_reader, scalar
from pipeline.warehouse.query import run_query


@dataclass
class SampleRun:
    manifest: SampleManifest
    warehouse: Path
    first: RunOutcome
    counts_after_first: dict[str, int]
    second: RunOutcome
    counts_after_second: dict[str, int]


def _counts(warehouse: Path) -> dict[str, int]:
    with open_reader(warehouse) as con:
        return {t: int(scalar(con, f'SELECT count(*) FROM "{t}"')) for t in TABLES}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleRun]:
    root = tmp_path_factory.mktemp("raw_docs")
    manifest = generate_sample_batch(root / "sample")
    warehouse = root.parent / "foia.duckdb"
    ref = BatchRef(raw_root=root, batch="sample")
    with dg.instance_for_test() as instance:
        first = run_batch(ref, warehouse, workers=2, instance=instance)
        after_first = _counts(warehouse)
        second = run_batch(ref, warehouse, workers=2, instance=instance)
        yield SampleRun(manifest, warehouse, first, after_first, second, _counts(warehouse))


def test_run_succeeds_and_checks_pass(sample_run: SampleRun) -> None:
    assert sample_run.first.success
    assert sample_run.first.checks, "asset checks did not run"
    assert all(sample_run.first.checks.values()), sample_run.first.checks


def test_every_distinct_file_is_one_document(sample_run: SampleRun) -> None:
    expected = {f.sha256 for f in sample_run.manifest.files if f.file_type != "zip"}
    got = {r[0] for r in run_query(sample_run.warehouse, "SELECT doc_id FROM documents").rows}
    assert got == expected


def test_same_content_under_two_paths_is_one_document(sample_run: SampleRun) -> None:
    rows = run_query(
        sample_run.warehouse,
        "SELECT doc_id, list(path ORDER BY path) FROM document_paths GROUP BY 1 "
        "HAVING count(*) > 1",
    ).rows
    assert rows, "no document was recorded under two paths"
    for _, paths in rows:
        assert any("!" in p for p in paths), paths  # one copy came from inside the zip


def test_corrupt_file_is_a_failure_with_a_message(sample_run: SampleRun) -> None:
    broken = [f for f in sample_run.manifest.files if f.expect_failure]
    assert broken
    rows = run_query(
        sample_run.warehouse, "SELECT path, stage, error_class, message FROM failures"
    ).rows
    for f in broken:
        hits = [r for r in rows if r[0].endswith(f.path)]
        assert hits, f"{f.path} is not in failures"
        assert all(r[3] for r in hits)


def test_scanned_pages_are_ocrd_with_the_generated_words(sample_run: SampleRun) -> None:
    checked = 0
    for f in sample_run.manifest.files:
        for keywords in f.ocr_keywords:
            rows = run_query(
                sample_run.warehouse,
                "SELECT p.method, p.text FROM pages p WHERE p.doc_id = ? AND p.page_no = ?",
                [f.sha256, keywords.page],
            ).rows
            assert rows, f"no page {keywords.page} for {f.path}"
            method, text = rows[0]
            assert method == "ocr", (f.path, keywords.page, method)
            for word in keywords.keywords:
                assert word.lower() in text.lower(), (f.path, keywords.page, word)
            checked += 1
    assert checked >= 3


def test_born_digital_pages_use_the_text_layer(sample_run: SampleRun) -> None:
    for f in sample_run.manifest.files:
        if f.file_type != "pdf" or f.born_digital is not True:
            continue
        methods = run_query(
            sample_run.warehouse, "SELECT DISTINCT method FROM pages WHERE doc_id = ?", [f.sha256]
        ).rows
        assert methods == [("text_layer",)], f.path


def test_every_document_is_classified(sample_run: SampleRun) -> None:
    rows = run_query(
        sample_run.warehouse,
        "SELECT doc_id, doc_type FROM documents WHERE status <> 'failed'",
    ).rows
    assert rows and all(doc_type for _, doc_type in rows)


def test_audit_export_rows_are_exact(sample_run: SampleRun) -> None:
    audits = [f for f in sample_run.manifest.files if f.audit is not None]
    assert audits
    for f in audits:
        assert f.audit is not None
        rows = run_query(
            sample_run.warehouse,
            "SELECT count(*), count(*) FILTER (WHERE immigration) FROM audit_searches "
            "WHERE doc_id = ?",
            [f.sha256],
        ).rows
        assert rows == [(f.audit.rows, f.audit.immigration_rows)], f.path


def test_fact_quotes_are_verbatim_page_text(sample_run: SampleRun) -> None:
    with open_reader(sample_run.warehouse) as con:
        assert facts_off_their_page(con) == 0
        facts = scalar(con, "SELECT count(*) FROM retention_periods")
    assert facts > 0


def test_second_run_adds_nothing(sample_run: SampleRun) -> None:
    assert sample_run.second.success
    before = {k: v for k, v in sample_run.counts_after_first.items() if k != "runs"}
    after = {k: v for k, v in sample_run.counts_after_second.items() if k != "runs"}
    assert after == before
    assert sample_run.second.metadata.get("documents_new") == 0
    assert sample_run.second.metadata.get("pages_new") == 0
