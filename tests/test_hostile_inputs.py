"""One batch of broken and hostile records through the real `foia run`.

Every case of tests/hostile_files.py must end as a document (maybe partial or
failed) or an ingest failure with a clear message; the run completes; every file
of the batch is accounted for exactly once; nothing is written outside the
workspace (the batch folder, the folder symlinks point into, the Dagster home and
/tmp stay as they were); the process tree's peak memory stays under 2 GB.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.warehouse.connection import open_reader
from tests.hostile_files import HostileBatch, write_hostile_batch
from tests.run_helpers import Workspace, account, files_on_disk, tree_snapshot

pytestmark = pytest.mark.slow

MEMORY_CAP_KIB = 2 * 1024 * 1024


@dataclass
class HostileRun:
    batch: HostileBatch
    workspace: Workspace
    done: subprocess.CompletedProcess[str]
    maxrss_kib: int
    before: dict[str, tuple[int, int]]
    after: dict[str, tuple[int, int]]
    tmp_before: set[str]
    tmp_after: set[str]


def _outside_workspace(root: Path) -> dict[str, tuple[int, int]]:
    snap = tree_snapshot(root)
    return {k: v for k, v in snap.items() if k != "work" and not k.startswith("work/")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    root = tmp_path_factory.mktemp("hostile")
    batch = write_hostile_batch(root / "raw_docs" / "hostile", root / "outside")
    workspace = Workspace(root / "work").create()
    before = _outside_workspace(root)
    tmp_before = {p.name for p in Path("/tmp").iterdir()}
    done, maxrss = workspace.run_measured(
        "run",
        str(root / "raw_docs" / "hostile"),
        "-w",
        str(workspace.warehouse),
        "-q",
        "--workers",
        "2",
    )
    yield HostileRun(
        batch,
        workspace,
        done,
        maxrss,
        before,
        _outside_workspace(root),
        tmp_before,
        {p.name for p in Path("/tmp").iterdir()},
    )


def _documents(run: HostileRun) -> dict[str, tuple[str, str, int, str]]:
    """path -> (file_type, status, pages, whole text)."""
    with open_reader(run.workspace.warehouse) as con:
        rows = con.execute(
            "SELECT p.path, d.file_type, d.status, d.pages, "
            "coalesce((SELECT string_agg(g.text, '\n' ORDER BY g.page_no) FROM pages g "
            "          WHERE g.doc_id = d.doc_id), '') "
            "FROM document_paths p JOIN documents d USING (doc_id) WHERE p.batch = 'hostile'"
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _failures(run: HostileRun) -> dict[str, list[tuple[str, str, str]]]:
    """path -> [(stage, error_class, message)]."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    with open_reader(run.workspace.warehouse) as con:
        for path, stage, error_class, message in con.execute(
            "SELECT path, stage, error_class, message FROM failures WHERE batch = 'hostile'"
        ).fetchall():
            found.setdefault(path, []).append((stage, error_class, message))
    return found


def test_the_run_completes_and_its_checks_pass(hostile: HostileRun) -> None:
    assert hostile.done.returncode == 0, hostile.done.stdout[-3000:] + hostile.done.stderr[-3000:]
    assert "checks passed" in hostile.done.stdout
    assert "Traceback" not in hostile.done.stdout + hostile.done.stderr


def test_each_case_ends_as_expected(hostile: HostileRun) -> None:
    documents = _documents(hostile)
    failures = _failures(hostile)
    wrong = []
    for case in hostile.batch.expects:
        got_doc = documents.get(case.path)
        got_fail = failures.get(case.path, [])
        if case.document != (got_doc is not None):
            wrong.append(f"{case.path}: document expected={case.document}, got {got_doc}")
            continue
        if got_doc is not None:
            file_type, status, pages, text = got_doc
            if (file_type, status) != (case.file_type, case.status):
                wrong.append(
                    f"{case.path}: {(file_type, status)} != {(case.file_type, case.status)}"
                )
            if case.pages is not None and pages != case.pages:
                wrong.append(f"{case.path}: {pages} pages, expected {case.pages}")
            flat = " ".join(text.split())
            wrong.extend(f"{case.path}: text lacks {w!r}" for w in case.words if w not in flat)
        classes = [(stage, cls) for stage, cls, _ in got_fail]
        expected = [case.failure] if case.failure else []
        if classes != expected:
            wrong.append(f"{case.path}: failures {classes} != {expected}")
        for _, cls, message in got_fail:
            if len(message) < 15 or message == cls:
                wrong.append(f"{case.path}: unclear message {message!r}")
    assert not wrong, "\n".join(wrong)


def test_nothing_but_the_expected_failures(hostile: HostileRun) -> None:
    expected = {case.path for case in hostile.batch.expects if case.failure}
    assert set(_failures(hostile)) == expected


def test_every_input_file_is_accounted_for_exactly_once(hostile: HostileRun) -> None:
    batch_dir = hostile.batch.root
    on_disk = files_on_disk(batch_dir)
    assert len(on_disk) >= 25
    with open_reader(hostile.workspace.warehouse) as con:
        accounting = account(con, "hostile")
        text_failure_paths = {
            r[0]
            for r in con.execute(
                "SELECT path FROM failures WHERE stage <> 'ingest' AND batch = 'hostile'"
            ).fetchall()
        }
    assert accounting.problems(on_disk) == []
    # Text-stage failures always belong to a document: they say which part was lost.
    assert text_failure_paths <= set(accounting.documents)
    # Every expected outcome is one of those rows, and no row is unexpected.
    assert {c.path for c in hostile.batch.expects} == (
        set(accounting.documents) | set(accounting.ingest_failures)
    )


def test_the_accounting_helper_sees_a_dropped_or_doubled_file(hostile: HostileRun) -> None:
    """The invariant check itself must be able to fail."""
    on_disk = files_on_disk(hostile.batch.root)
    with open_reader(hostile.workspace.warehouse) as con:
        accounting = account(con, "hostile")
    dropped = next(iter(accounting.documents))
    del accounting.documents[dropped]
    assert accounting.problems(on_disk) == [f"{dropped}: not accounted for"]
    accounting.documents[dropped] = 1
    accounting.ingest_failures[dropped] += 1
    assert len(accounting.problems(on_disk)) == 1
    accounting.ingest_failures[dropped] -= 1
    accounting.documents["hostile/invented.pdf"] = 1
    assert accounting.problems(on_disk) == ["hostile/invented.pdf: recorded but not in the batch"]


def test_nothing_is_written_outside_the_workspace(hostile: HostileRun) -> None:
    # The batch folder and the folder a symlink leads to are untouched.
    changed = {
        k
        for k in hostile.before.keys() | hostile.after.keys()
        if hostile.before.get(k) != hostile.after.get(k)
    }
    assert changed == set()
    # Zip members named ../ or /tmp/... never became files anywhere.
    new_in_tmp = hostile.tmp_after - hostile.tmp_before
    assert not [name for name in new_in_tmp if "evil" in name]
    assert not Path("/tmp/evil_absolute.txt").exists()
    assert not list(hostile.workspace.root.parent.glob("**/evil_escape.txt"))
    # Temporary files (OCR images) were cleaned up.
    assert list(hostile.workspace.tmp.iterdir()) == []
    # Dagster keeps its state (runs, step logs, stage outputs) in its state folder.
    home = {p.name for p in hostile.workspace.dagster_home.iterdir()}
    assert home == {"dagster.yaml", ".dagster_home"}
    # The workspace holds the warehouse, its blobs and the temp folder, nothing else.
    top = {p.name for p in hostile.workspace.root.iterdir()}
    assert top <= {
        "foia.duckdb",
        "foia.duckdb.wal",
        "blobs",
        "tmp",
        "dagster",
        "foia.duckdb.run.lock",
    }


def test_peak_memory_stays_under_2_gb(hostile: HostileRun) -> None:
    assert 0 < hostile.maxrss_kib < MEMORY_CAP_KIB, f"peak RSS {hostile.maxrss_kib / 1024:.0f} MB"


def test_page_failures_leave_partial_documents_with_pages(hostile: HostileRun) -> None:
    with open_reader(hostile.workspace.warehouse) as con:
        rows = con.execute(
            "SELECT g.page_no, g.method, g.decision_reason FROM document_paths p "
            "JOIN pages g USING (doc_id) WHERE p.path = 'hostile/pdf/image_bomb.pdf'"
        ).fetchall()
    assert rows == [(1, "none", "ocr_failed")]
