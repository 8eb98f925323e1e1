"""`foia watch` as a user runs it: the Dagster daemon picks up batch folders by itself."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.warehouse.connection import open_reader, scalar
from pipeline.warehouse.errors import WarehouseError

ROOT = Path(__file__).resolve().parents[1]


def _documents(warehouse: Path) -> int:
    if not warehouse.exists():
        return 0
    try:
        with open_reader(warehouse) as con:
            return int(scalar(con, "SELECT count(*) FROM documents"))
    except WarehouseError:  # the run is writing right now
        return -1


def _wait_for(warehouse: Path, documents: int, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if _documents(warehouse) >= documents:
            return time.monotonic() - start
        time.sleep(2)
    raise AssertionError(f"the warehouse did not reach {documents} document(s) in {seconds} s")


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, Path, subprocess.Popen[bytes]]]:
    raw = tmp_path / "raw_docs"
    (raw / "jan").mkdir(parents=True)
    (raw / "jan" / "letter.txt").write_text("Records request response about plate readers.")
    warehouse = tmp_path / "foia.duckdb"
    state = tmp_path / "dagster_state"
    env = {**os.environ, "FOIA_DAGSTER_STATE": str(state), "FOIA_DAGSTER_STATE_DB": str(state)}
    env.pop("DAGSTER_HOME", None)
    log = (tmp_path / "watch.log").open("wb")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "foia"),
            "watch",
            "--raw-root",
            str(raw),
            "--warehouse",
            str(warehouse),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield raw, warehouse, proc
    finally:
        # The daemon, its code server and run workers share the session we started.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_watch_loads_existing_and_new_batch_folders(
    watching: tuple[Path, Path, subprocess.Popen[bytes]],
) -> None:
    raw, warehouse, proc = watching
    _wait_for(warehouse, 1, 150)
    assert proc.poll() is None, "foia watch exited"
    (raw / "feb").mkdir()
    (raw / "feb" / "policy.txt").write_text("ALPR data is purged after thirty (30) days.")
    _wait_for(warehouse, 2, 150)
    with open_reader(warehouse) as con:
        batches = {r[0] for r in con.execute("SELECT batch FROM document_paths").fetchall()}
    assert batches == {"jan", "feb"}
