"""Kill `foia run` with SIGKILL at random points, run again, get the same warehouse.

An uninterrupted run of a generated batch is the reference. A second workspace
sees the same batch killed several times (once the moment the warehouse file
appears, i.e. during the schema set-up or the load, then at seeded random times)
and then run to completion. Both warehouses must hold the same rows in every
table (timestamps and run ids aside) with no duplicates; after every kill the
warehouse must open and hold either nothing of the batch or all of it.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.samples import make_scanned_pdf, make_text_pdf
from pipeline.samples.archive import write_zip
from pipeline.samples.audit_pdf import make_audit_csv
from pipeline.samples.textfiles import docx_bytes
from pipeline.summary import TABLES
from pipeline.warehouse.connection import open_reader, scalar
from tests.run_helpers import Workspace, account, files_on_disk

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("FOIA_CRASH_SEED", "20240611"))  # vary to explore
# Columns that record when or by which run a row was written, not what it says.
VOLATILE = {
    "documents": ("loaded_at",),
    "document_paths": ("first_seen",),
    "failures": ("at",),
    "schema_version": ("applied_at",),
}
POLICY = (
    "# Marlow County Sheriff's Office\n"
    "## Automated License Plate Reader Policy\n"
    "ALPR data shall be retained for ninety (90) days and then deleted.\n"
    "Audit logs shall be kept for two (2) years.\n"
    "Data shall not be shared with federal immigration enforcement agencies."
)
QUOTE = (
    "# Flock Safety\n"
    "## Quote for Marlow County Sheriff's Office\n"
    "Twelve Falcon cameras for a term of 24 months; total price $60,000."
)
MINUTES = (
    "# Marlow County Board of Commissioners\n"
    "## Minutes\n"
    "The board approved the agreement with Flock Safety for license plate cameras."
)


def write_crash_batch(folder: Path) -> None:
    """A small batch touching every stage: text layers, OCR, an audit log, a zip
    expanded into the blob store, a Word file, and two files that fail."""
    make_text_pdf(folder / "policies" / "alpr_policy.pdf", [POLICY, MINUTES])
    make_text_pdf(folder / "contracts" / "flock quote.pdf", [QUOTE])
    make_scanned_pdf(folder / "scans" / "minutes_scan.pdf", [MINUTES], seed=5)
    make_audit_csv(folder / "audit" / "network_audit.csv", rows=3000)
    write_zip(
        folder / "zips" / "release.zip",
        [
            ("letter.txt", b"The sheriff's office has no records responsive to item 3."),
            ("inner/policy.pdf", (folder / "policies" / "alpr_policy.pdf").read_bytes()),
        ],
    )
    (folder / "letters").mkdir()
    (folder / "letters" / "statement.docx").write_bytes(
        docx_bytes("# Statement\nThe sheriff does not share plate data with ICE.")
    )
    (folder / "broken").mkdir()
    (folder / "broken" / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "broken" / "empty.txt").write_bytes(b"")


def table_rows(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the columns that only say when."""
    rows = {}
    with open_reader(warehouse) as con:
        for table in (*TABLES, "schema_version"):
            if table == "runs":
                continue
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE.get(table, ())
            ]
            quoted = ", ".join(f'"{c}"' for c in cols)
            got = con.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
            rows[table] = sorted(got, key=repr)
    return rows


def batch_state(warehouse: Path) -> tuple[int, int, int]:
    """(documents, pages, audit rows) as a reader sees them now; zeros before any load."""
    if not warehouse.exists():
        return (0, 0, 0)
    with open_reader(warehouse) as con:
        if not scalar(
            con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'"
        ):
            return (0, 0, 0)
        return tuple(  # type: ignore[return-value]
            int(scalar(con, f'SELECT count(*) FROM "{t}"'))
            for t in ("documents", "pages", "audit_searches")
        )


def kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the run, then whatever it left in its session (OCR workers)."""
    proc.kill()
    proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class CrashRuns:
    reference: Workspace
    resumed: Workspace
    batch: Path
    kills: list[str]
    states_after_kills: list[tuple[int, int, int]]
    final: subprocess.CompletedProcess[str]
    reference_state: tuple[int, int, int]


@pytest.fixture(scope="module")
def crash_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrashRuns]:
    root = tmp_path_factory.mktemp("crash")
    batch = root / "raw_docs" / "crashbatch"
    write_crash_batch(batch)
    args = ("run", str(batch), "-q", "--workers", "2")

    reference = Workspace(root / "reference").create()
    started = time.monotonic()
    done = reference.run(*args, "-w", str(reference.warehouse), timeout=600)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    resumed = Workspace(root / "resumed").create()
    rng = random.Random(SEED)
    kills: list[str] = []
    states: list[tuple[int, int, int]] = []

    # 1. The moment the warehouse file appears: schema set-up or the load itself.
    proc = resumed.popen(*args, "-w", str(resumed.warehouse))
    deadline = time.monotonic() + 600
    while not resumed.warehouse.exists() and proc.poll() is None:
        assert time.monotonic() < deadline, "the warehouse never appeared"
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.3))
    kills.append(f"warehouse appeared, finished={proc.poll() is not None}")
    kill_tree(proc)
    states.append(batch_state(resumed.warehouse))

    # 2. Seeded random points over the length of a whole run.
    for at in sorted(rng.uniform(0.3, took) for _ in range(3)):
        proc = resumed.popen(*args, "-w", str(resumed.warehouse))
        time.sleep(at)
        kills.append(f"after {at:.1f} s, finished={proc.poll() is not None}")
        kill_tree(proc)
        states.append(batch_state(resumed.warehouse))

    final = resumed.run(*args, "-w", str(resumed.warehouse), timeout=600)
    yield CrashRuns(
        reference, resumed, batch, kills, states, final, batch_state(reference.warehouse)
    )


def test_resume_after_kills_completes(crash_runs: CrashRuns) -> None:
    done = crash_runs.final
    assert done.returncode == 0, (crash_runs.kills, done.stdout[-2000:], done.stderr[-2000:])
    assert "checks passed" in done.stdout


def test_each_kill_leaves_all_or_nothing(crash_runs: CrashRuns) -> None:
    """A load is one transaction: a reader never sees part of a batch."""
    for kill, state in zip(crash_runs.kills, crash_runs.states_after_kills, strict=True):
        assert state in ((0, 0, 0), crash_runs.reference_state), (
            kill,
            state,
            crash_runs.kills,
            crash_runs.states_after_kills,
        )


def test_resumed_warehouse_equals_the_uninterrupted_one(crash_runs: CrashRuns) -> None:
    reference = table_rows(crash_runs.reference.warehouse)
    resumed = table_rows(crash_runs.resumed.warehouse)
    assert reference["documents"] and reference["audit_searches"] and reference["failures"]
    for table in reference:
        assert resumed[table] == reference[table], (table, crash_runs.kills)


def test_no_duplicates_and_every_file_accounted_for(crash_runs: CrashRuns) -> None:
    on_disk = files_on_disk(crash_runs.batch)
    with open_reader(crash_runs.resumed.warehouse) as con:
        assert account(con, "crashbatch").problems(on_disk) == []
        runs = con.execute("SELECT run_id, documents_new FROM runs").fetchall()
        dup_failures = scalar(
            con,
            "SELECT count(*) FROM (SELECT path, stage, error_class, page_no FROM failures "
            "GROUP BY ALL HAVING count(*) > 1)",
        )
    assert dup_failures == 0
    assert len({r[0] for r in runs}) == len(runs)
    # However many runs got as far as loading, the documents were new exactly once.
    assert sum(r[1] for r in runs) == crash_runs.reference_state[0]


def test_killed_runs_are_marked_failed_in_the_run_history(crash_runs: CrashRuns) -> None:
    """The run that started after the kills released them: none is left 'running'
    (or holding the warehouse pool slot, which would block every later run)."""
    state = crash_runs.resumed.dagster_home / ".dagster_home"
    with sqlite3.connect(state / "history" / "runs.db") as db:
        statuses = [r[0] for r in db.execute("SELECT status FROM runs").fetchall()]
    assert statuses.count("SUCCESS") >= 1
    assert "STARTED" not in statuses and "STARTING" not in statuses, statuses


def test_blob_store_matches_and_holds_no_partial_files(crash_runs: CrashRuns) -> None:
    def blobs(work: Workspace) -> set[str]:
        return {
            str(p.relative_to(work.root / "blobs"))
            for p in (work.root / "blobs").rglob("*")
            if p.is_file() and not p.name.startswith(".incoming-")
        }

    assert blobs(crash_runs.resumed) == blobs(crash_runs.reference)
