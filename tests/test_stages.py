"""The stage functions decide what to redo from one look at the warehouse.

The text stage asks the warehouse what it holds for the batch; the extract stage
judges which reused documents are stale from what the text stage saw, so the
decision holds even if the warehouse is gone by then (it is not asked twice).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.ingest.scan import scan_batch
from pipeline.stages import needs_extraction, run_text_stage
from pipeline.text import TEXT_ENGINE_VERSION
from pipeline.warehouse.connection import open_writer
from pipeline.warehouse.load import load_batch
from tests.test_warehouse import _batch, _source


def test_extraction_staleness_comes_from_what_the_text_stage_saw(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    stored = _source()
    with open_writer(db) as con:  # stored text of the current engine, facts of extractor e1
        load_batch(con, replace(_batch(stored), text_engine_version=TEXT_ENGINE_VERSION))
    batch = tmp_path / "raw" / "b1"
    batch.mkdir(parents=True)
    (batch / "letter.txt").write_text("The office has no records responsive to item 2.\n")
    scanned = scan_batch(batch, batch.parent, tmp_path / "blobs")
    (new,) = scanned.files
    ingest = replace(scanned, files=[stored, new])

    stage = run_text_stage(ingest, db, workers=1)

    assert [t.source.doc_id for t in stage.texts] == [new.doc_id]
    assert stage.reused == [stored.doc_id]
    assert stage.reused_extractor_versions == {stored.doc_id: "e1"}
    for leftover in tmp_path.glob("w.duckdb*"):
        leftover.unlink()
    assert needs_extraction(ingest, stage, "e1") == []
    assert needs_extraction(ingest, stage, "e2") == [stored]
