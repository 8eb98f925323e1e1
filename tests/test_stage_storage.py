"""Stage outputs stay with the folder and warehouse they were made for.

Batches are named after their folder, so `/a/raw_docs/2024` and `/b/raw_docs/2024`
are both partition "2024" of the same Dagster instance. Two runs of such folders
(into their own warehouses, so the per-warehouse run lock lets them overlap), and
a later run of only the downstream assets, must each read the stage outputs of
their own folder: every document in a warehouse comes from the folder that was run
into it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipeline.assets import extractions, ingested_files, page_texts, warehouse
from pipeline.progress import LogProgress
from pipeline.resources import FoiaSettings, stage_pickles
from pipeline.runner import resolve_batch, run_batch
from pipeline.warehouse.connection import open_reader
from tests.run_helpers import Workspace

pytestmark = pytest.mark.slow

BATCH = "2024"


def _write_batch(raw_root: Path, names: list[str]) -> Path:
    folder = raw_root / BATCH
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text(
            f"The sheriff's office has no records responsive to item {name}.\n"
        )
    return folder


def _paths(db: Path) -> list[str]:
    with open_reader(db) as con:
        rows = con.execute("SELECT path FROM document_paths ORDER BY path").fetchall()
    return [r[0] for r in rows]


class RunsOtherBatchWhenTextStarts:
    """Progress sink of the first run: when its text stage starts (its ingest output is
    stored, its extraction and load are still to come), the other run goes start to end."""

    def __init__(self, other_run: Callable[[], subprocess.CompletedProcess[str]]) -> None:
        self._other_run = other_run
        self.other: subprocess.CompletedProcess[str] | None = None

    def start(self, stage: str, total: int) -> None:
        if stage == "text" and self.other is None:
            self.other = self._other_run()

    def update(self, stage: str, done: int, total: int) -> None:
        pass

    def finish(self, stage: str) -> None:
        pass


@pytest.fixture
def shared_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A workspace whose Dagster instance this process and `foia` subprocesses share."""
    work = Workspace(tmp_path / "work").create()
    state = work.dagster_home / ".dagster_home"  # where `foia` puts it (pipeline.instance)
    monkeypatch.setenv("DAGSTER_HOME", str(work.dagster_home))
    monkeypatch.setenv("FOIA_DAGSTER_STATE", str(state))
    monkeypatch.setenv("FOIA_DAGSTER_STATE_DB", str(state))
    monkeypatch.setenv("FOIA_DAGSTER_LOGS", str(state / "logs"))
    yield work


def test_two_folders_with_one_batch_name_run_at_once(
    tmp_path: Path, shared_instance: Workspace
) -> None:
    first = _write_batch(tmp_path / "a" / "raw_docs", ["first_letter.txt", "first_memo.txt"])
    second = _write_batch(tmp_path / "b" / "raw_docs", ["second_letter.txt"])
    first_db, second_db = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    sink = RunsOtherBatchWhenTextStarts(
        lambda: shared_instance.run("run", str(second), "-q", "-j", "1", "-w", str(second_db))
    )

    with dg.DagsterInstance.get() as instance:
        outcome = run_batch(resolve_batch(first), first_db, 1, sink, instance=instance)

    assert sink.other is not None, "the first run never reached its text stage"
    assert sink.other.returncode == 0, sink.other.stdout[-2000:] + sink.other.stderr[-2000:]
    assert outcome.success
    assert _paths(second_db) == ["2024/second_letter.txt"]
    assert _paths(first_db) == ["2024/first_letter.txt", "2024/first_memo.txt"]
    assert all(outcome.checks.values()), outcome.checks


def _load_only(
    instance: dg.DagsterInstance, batch_dir: Path, db: Path
) -> dg.ExecuteInProcessResult:
    """What "Materialize selected" on `warehouse` does in the UI: the upstream stage
    outputs come from storage, not from this run."""
    return dg.materialize(
        [ingested_files, page_texts, extractions, warehouse],
        selection=["warehouse"],
        partition_key=batch_dir.name,
        instance=instance,
        resources={
            "settings": FoiaSettings(raw_root=str(batch_dir.parent), warehouse=str(db), workers=1),
            "progress": LogProgress(),
            "io_manager": stage_pickles,
        },
        raise_on_error=False,
    )


def test_a_downstream_only_run_reads_its_own_folders_outputs(tmp_path: Path) -> None:
    first = _write_batch(tmp_path / "a" / "raw_docs", ["first_letter.txt"])
    second = _write_batch(tmp_path / "b" / "raw_docs", ["second_letter.txt", "second_memo.txt"])
    first_db, second_db = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    with dg.instance_for_test() as instance:
        assert run_batch(resolve_batch(first), first_db, 1, instance=instance).success
        assert run_batch(resolve_batch(second), second_db, 1, instance=instance).success
        again = _load_only(instance, first, first_db)
        assert again.success
        ran = {e.step_key for e in again.all_events if e.is_step_success}
        assert ran == {"warehouse"}
        # Into a warehouse this folder was never run into, there is nothing to load.
        elsewhere = _load_only(instance, first, tmp_path / "other.duckdb")
        assert not elsewhere.success
        (failure,) = elsewhere.get_step_failure_events()
        error = failure.step_failure_data.error
        assert error is not None and error.cause is not None
        assert error.cause.cls_name == "StageOutputMissing"
        assert "materialize" in error.cause.message and str(first.parent) in error.cause.message
    assert _paths(first_db) == ["2024/first_letter.txt"]
    assert _paths(second_db) == ["2024/second_letter.txt", "2024/second_memo.txt"]
