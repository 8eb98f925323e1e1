"""Two runs at once, a sensor-style run beside a manual one, readers during a load.

A second `foia run` on the same warehouse fails at once with a message naming the
run in progress, or with `--wait` queues behind it. A run that does not take the
run lock (what the daemon launches for the sensor) and a manual run on the same
batch both finish and leave the warehouse as one run would. Readers retry for a
few seconds while a load holds the file, then say clearly why they cannot read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.samples import make_scanned_pdf, make_text_pdf
from pipeline.samples.audit_pdf import make_audit_csv
from pipeline.summary import TABLES
from pipeline.warehouse.connection import open_reader, scalar
from pipeline.warehouse.run_lock import lock_path, run_lock
from tests.run_helpers import ROOT, Workspace, account, files_on_disk

pytestmark = pytest.mark.slow

POLICY = (
    "# Bayside Police Department\n"
    "## License Plate Reader Policy\n"
    "Plate reads shall be retained for thirty (30) days.\n"
    "Sharing with out-of-state agencies requires a written agreement."
)

# What the daemon runs for a sensor request: the job, in-process, without `foia run`'s lock.
SENSOR_STYLE_RUN = """
import sys
from pipeline.instance import configure_dagster_home
configure_dagster_home()
import dagster as dg
from pipeline.definitions import defs
from pipeline.partitions import batches
instance = dg.DagsterInstance.get()
if not instance.has_dynamic_partition(batches.name, sys.argv[1]):
    instance.add_dynamic_partitions(batches.name, [sys.argv[1]])
result = defs.resolve_job_def("process_batch").execute_in_process(
    partition_key=sys.argv[1], instance=instance, tags={"foia/source": "sensor"},
    raise_on_error=False,
)
print("success" if result.success else "failure", flush=True)
"""

HOLD_WRITER = """
import sys, time
from pathlib import Path
from pipeline.warehouse.connection import open_writer
with open_writer(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def write_batch(folder: Path, scanned: bool = False) -> Path:
    make_text_pdf(folder / "policy.pdf", [POLICY])
    make_audit_csv(folder / "audit.csv", rows=1000)
    (folder / "note.txt").write_text("No responsive records exist for item 2.")
    if scanned:
        # Four OCR pages on one worker keep the first run busy while the second starts.
        make_scanned_pdf(folder / "scan.pdf", [POLICY] * 4, seed=3)
    return folder


def counts(warehouse: Path) -> dict[str, int]:
    with open_reader(warehouse) as con:
        return {t: int(scalar(con, f'SELECT count(*) FROM "{t}"')) for t in TABLES if t != "runs"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_batch(tmp_path_factory.mktemp("raw") / "concurrent")


@pytest.fixture(scope="module")
def reference(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    work = Workspace(tmp_path_factory.mktemp("reference")).create()
    done = work.run("run", str(batch), "-w", str(work.warehouse), "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    return counts(work.warehouse)


@pytest.fixture
def work(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "work").create()


def test_a_second_run_fails_at_once_naming_the_first(batch: Path, work: Workspace) -> None:
    with run_lock(work.warehouse, label="batch other"):
        started = time.monotonic()
        done = work.run("run", str(batch), "-w", str(work.warehouse), "-q")
        took = time.monotonic() - started
    assert done.returncode == 1
    message = " ".join(done.stderr.split())
    assert f"another `foia run` (pid {os.getpid()}, started " in message
    assert "batch other) is writing to" in message and "--wait" in message
    assert "Traceback" not in done.stderr
    assert not work.warehouse.exists(), "the refused run must not have touched the warehouse"
    assert took < 60


def test_with_wait_a_second_run_queues_behind_the_first(
    batch: Path, work: Workspace, reference: dict[str, int]
) -> None:
    with run_lock(work.warehouse):
        proc = work.popen("run", str(batch), "-w", str(work.warehouse), "-q", "--wait", "300")
        time.sleep(6)
        assert proc.poll() is None, "it should be waiting for the lock"
        assert not work.warehouse.exists()
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert counts(work.warehouse) == reference


def _wait_for_lock(warehouse: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    lock = lock_path(warehouse)
    while not (lock.exists() and f"pid {proc.pid}," in lock.read_text()):
        assert proc.poll() is None and time.monotonic() < deadline, "the run never locked"
        time.sleep(0.1)


def test_two_real_runs_at_once(tmp_path: Path, work: Workspace) -> None:
    slow_batch = write_batch(tmp_path / "raw" / "withscan", scanned=True)
    first = work.popen("run", str(slow_batch), "-w", str(work.warehouse), "-q", "-j", "1")
    try:
        _wait_for_lock(work.warehouse, first)
        # A refusal naming the first run's pid proves the two overlapped; whether the
        # first is still running when the second has exited depends on machine load.
        second = work.run("run", str(slow_batch), "-w", str(work.warehouse), "-q")
    finally:
        _out, err = first.communicate(timeout=600)
    assert second.returncode == 1
    assert f"another `foia run` (pid {first.pid}" in " ".join(second.stderr.split())
    assert first.returncode == 0, err.decode()[-2000:]


def test_sensor_style_run_and_manual_run_at_once_leave_one_batch(
    batch: Path, work: Workspace, reference: dict[str, int]
) -> None:
    env = {**work.env(), "FOIA_WAREHOUSE": str(work.warehouse), "FOIA_RAW_ROOT": str(batch.parent)}
    manual = work.popen("run", str(batch), "-w", str(work.warehouse), "-q")
    # Once the manual run holds its lock, Dagster's storage exists (two processes
    # creating a fresh instance at the same moment race on its tables; a daemon's
    # instance is never fresh).
    _wait_for_lock(work.warehouse, manual)
    sensor = subprocess.Popen(
        [sys.executable, "-c", SENSOR_STYLE_RUN, batch.name],
        cwd=work.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    out, err = sensor.communicate(timeout=600)
    _, manual_err = manual.communicate(timeout=600)
    assert manual.returncode == 0, manual_err.decode()[-2000:]
    assert out.decode().strip().endswith("success"), err.decode()[-3000:]
    assert counts(work.warehouse) == reference
    with open_reader(work.warehouse) as con:
        assert account(con, batch.name).problems(files_on_disk(batch)) == []
        assert scalar(con, "SELECT count(*) FROM runs") == 2


def _hold_writer(warehouse: Path, seconds: float, work: Workspace) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(warehouse), str(seconds)],
        cwd=ROOT,
        env=work.env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


@pytest.fixture(scope="module")
def loaded(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A warehouse holding the batch, for the reader tests."""
    work = Workspace(tmp_path_factory.mktemp("loaded")).create()
    done = work.run("run", str(batch), "-w", str(work.warehouse), "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    return work


def test_a_reader_waits_for_a_short_load_then_answers(loaded: Workspace) -> None:
    holder = _hold_writer(loaded.warehouse, 4, loaded)
    try:
        started = time.monotonic()
        done = loaded.run(
            "sql", "select count(*) from documents", "-w", str(loaded.warehouse), "-f", "csv"
        )
    finally:
        holder.wait(timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "3"
    assert time.monotonic() - started >= 2


def test_readers_during_a_long_load_get_a_clear_message(loaded: Workspace) -> None:
    holder = _hold_writer(loaded.warehouse, 120, loaded)
    try:
        sql = loaded.popen("sql", "select 1", "-w", str(loaded.warehouse))
        report = loaded.popen(
            "report", "-w", str(loaded.warehouse), "-o", str(loaded.root / "report")
        )
        results = [(p, *p.communicate(timeout=120)) for p in (sql, report)]
    finally:
        holder.kill()
        holder.wait()
    for proc, out, err in results:
        message = " ".join(err.decode().split())
        assert proc.returncode == 1, (out, err)
        assert f"is in use by another process (pid {holder.pid}) after waiting 10 s" in message
        assert "a `foia run` loading a batch?" in message
        assert "Traceback" not in message
