"""Only changed work is redone: new files, and extraction after an extractor upgrade.

Real runs of the Dagster assets (in-process), real tesseract and DuckDB. What each
stage did is read from the stage outputs the run stored (the `page_texts` and
`extractions` pickles) and from the warehouse.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import numpy as np
import pytest

import pipeline.extract.version as version
from pipeline.resources import storage_scope
from pipeline.runner import BatchRef, RunOutcome, run_batch
from pipeline.samples.bench import _document_pages
from pipeline.samples.layout import make_text_pdf
from pipeline.samples.scan import make_scanned_pdf
from pipeline.stages import ExtractStage, TextStage
from pipeline.warehouse.connection import open_reader

POLICY = (
    "Automated License Plate Reader Policy\n\n"
    "ALPR data shall be retained for thirty (30) days and then purged.\n"
    "Members shall not share ALPR data with federal immigration enforcement agencies.\n"
)


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as inst:
        yield inst


def _stage_output(
    instance: dg.DagsterInstance, asset: str, batch_dir: Path, warehouse: Path
) -> Any:
    """What the asset returned in the latest run of `batch_dir` into `warehouse` (the IO
    manager's pickle)."""
    scope = storage_scope(batch_dir.parent.resolve(), warehouse.resolve())
    path = Path(instance.storage_directory()) / asset / scope / batch_dir.name
    return pickle.loads(path.read_bytes())


def _rows(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    with open_reader(warehouse) as con:
        return con.execute(sql).fetchall()


def _run(instance: dg.DagsterInstance, raw: Path, batch: str, warehouse: Path) -> RunOutcome:
    outcome = run_batch(BatchRef(raw, batch), warehouse, workers=1, instance=instance)
    assert outcome.success
    return outcome


def _pages(warehouse: Path) -> list[tuple[Any, ...]]:
    return _rows(
        warehouse,
        "SELECT doc_id, page_no, method, text, ocr_confidence FROM pages ORDER BY 1, 2",
    )


@pytest.mark.slow
def test_extractor_upgrade_reextracts_from_stored_text_without_ocr(
    instance: dg.DagsterInstance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw_docs"
    make_scanned_pdf(raw / "upgrade" / "scanned_policy.pdf", [POLICY], seed=3)
    make_text_pdf(raw / "upgrade" / "policy.pdf", [POLICY])
    warehouse = tmp_path / "foia.duckdb"

    _run(instance, raw, "upgrade", warehouse)
    first_text: TextStage = _stage_output(instance, "page_texts", raw / "upgrade", warehouse)
    assert sum(d.ocr_pages for d in first_text.texts) == 1  # the scan really was OCR'd
    pages_before = _pages(warehouse)
    old = version.extractor_version()
    facts_before = _rows(warehouse, "SELECT count(*) FROM retention_periods")[0][0]
    assert facts_before >= 2

    monkeypatch.setattr(version, "extractor_version", lambda: "upgraded0001")
    second = _run(instance, raw, "upgrade", warehouse)

    text: TextStage = _stage_output(instance, "page_texts", raw / "upgrade", warehouse)
    assert text.texts == []  # no document was read again: no text layer, no OCR
    assert len(text.reused) == 2
    extract: ExtractStage = _stage_output(instance, "extractions", raw / "upgrade", warehouse)
    assert extract.extractor_version == "upgraded0001"
    assert len(extract.extractions) == 2
    assert _pages(warehouse) == pages_before
    assert second.metadata["ocr_pages_new"] == 0 and second.metadata["pages_new"] == 0
    assert _rows(warehouse, "SELECT DISTINCT extractor_version FROM documents") == [
        ("upgraded0001",)
    ]
    assert _rows(warehouse, "SELECT DISTINCT extractor_version FROM retention_periods") == [
        ("upgraded0001",)
    ]
    assert _rows(warehouse, "SELECT count(*) FROM retention_periods")[0][0] == facts_before
    assert old != "upgraded0001"


def _small_batch(folder: Path, documents: int, seed: int = 5) -> None:
    rng = np.random.default_rng(seed)
    for n in range(documents):
        pages, agency = _document_pages(rng, n, 1)
        make_text_pdf(folder / f"memo_{n:04d}.pdf", pages, title=f"{agency} memo {n}")


@pytest.mark.slow
def test_one_new_file_is_the_only_work_and_a_rerun_does_nothing(
    instance: dg.DagsterInstance, tmp_path: Path
) -> None:
    raw = tmp_path / "raw_docs"
    _small_batch(raw / "drop", 40)
    warehouse = tmp_path / "foia.duckdb"
    first = _run(instance, raw, "drop", warehouse)
    assert first.metadata["documents_new"] == 40

    _small_batch(tmp_path / "spare", 1, seed=99)
    (tmp_path / "spare" / "memo_0000.pdf").rename(raw / "drop" / "late_arrival.pdf")
    second = _run(instance, raw, "drop", warehouse)
    text: TextStage = _stage_output(instance, "page_texts", raw / "drop", warehouse)
    extract: ExtractStage = _stage_output(instance, "extractions", raw / "drop", warehouse)
    assert [list(d.source.paths) for d in text.texts] == [["drop/late_arrival.pdf"]]
    assert len(text.reused) == 40
    assert [e.doc_id for e in extract.extractions] == [text.texts[0].source.doc_id]
    assert second.metadata["documents_new"] == 1 and second.metadata["pages_new"] == 1

    third = _run(instance, raw, "drop", warehouse)
    assert _stage_output(instance, "page_texts", raw / "drop", warehouse).texts == []
    assert _stage_output(instance, "extractions", raw / "drop", warehouse).extractions == []
    assert third.metadata["documents_new"] == 0
    assert _rows(warehouse, "SELECT count(*) FROM documents")[0][0] == 41
