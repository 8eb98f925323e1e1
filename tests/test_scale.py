"""The scale-out profile gives the same warehouse as the single-process pipeline.

One batch (a 3-page scan, a 2-page born-digital policy, a letter, an audit CSV and
a corrupt PDF) is run three ways: the default in-process pipeline (the reference),
the fan-out graph in-process, and the scale-out profile for real: PostgreSQL run
and event storage, two Celery workers on Redis, page-range chunks as steps. The
warehouses must hold the same rows.

The Celery test needs PostgreSQL and Redis on loopback (.ci/run installs and starts
them and sets FOIA_SCALE_TEST=1). Without them it is skipped, unless
FOIA_SCALE_TEST=1, where a missing server is a failure: CI must not pass by skipping.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dagster as dg
import pytest

from pipeline.fanout import PagePart, merge_parts, plan_chunks, read_chunk
from pipeline.ingest.scan import scan_batch
from pipeline.partitions import batches
from pipeline.progress import LogProgress
from pipeline.resources import FoiaSettings, stage_pickles
from pipeline.runner import BatchRef, run_batch
from pipeline.samples.audit_pdf import make_audit_csv
from pipeline.samples.layout import make_text_pdf
from pipeline.samples.scan import make_scanned_pdf
from pipeline.summary import TABLES
from pipeline.text import extract_texts
from pipeline.warehouse.connection import open_reader

ROOT = Path(__file__).resolve().parents[1]
SCALE_HOME = ROOT / "deploy" / "scale"
# SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3; dagster-postgres ships psycopg2.
PG_URL = os.environ.get("FOIA_PG_URL", "postgresql+psycopg2://foia:foia@127.0.0.1:5432/foia")
BROKER = os.environ.get("FOIA_SCALE_TEST_BROKER", "redis://127.0.0.1:6379/13")
# Timestamps and run ids differ by nature. The extractor version is the checkout's code
# fingerprint; edits to the checkout between the reference run and the compared run
# would change it without changing any fact, so it is checked apart (`one_version`).
VOLATILE = {
    "loaded_at",
    "first_seen",
    "at",
    "applied_at",
    "run_id",
    "started_at",
    "finished_at",
    "extractor_version",
}

POLICY = [
    "Automated License Plate Reader Policy\n\n"
    "ALPR data shall be retained for thirty (30) days and then purged unless it is evidence.\n"
    "Flock Safety supplies the fixed cameras used by the department.",
    "Sharing\n\n"
    "Members shall not share ALPR data with federal immigration enforcement agencies.\n"
    "Audit logs of ALPR queries shall be kept for two (2) years.",
]
SCAN = [
    "Records Request Response\n\nThe City withholds the camera locations under the "
    "security exemption of the public records act.",
    "Council Minutes\n\nThe council approved a contract with Flock Safety for twelve "
    "cameras at a total price of $36,000.",
    "Statement\n\nThe Police Department does not share plate data with ICE.",
]


def make_batch(folder: Path) -> Path:
    make_scanned_pdf(folder / "scans" / "response_and_minutes.pdf", SCAN, seed=11)
    make_text_pdf(folder / "policy.pdf", POLICY)
    (folder / "letter.txt").write_text(
        "Dear requester, the records you asked for are attached. Retention: 30 days.\n"
    )
    make_audit_csv(folder / "audit.csv", rows=40)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n")
    return folder


def snapshot(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows minus timestamps and run ids, sorted: comparable across runs."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with open_reader(warehouse) as con:
        for table in TABLES:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in VOLATILE
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def differences(
    got: dict[str, list[tuple[Any, ...]]], want: dict[str, list[tuple[Any, ...]]]
) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Rows only in one of two snapshots, per table (empty when they agree)."""
    out = {}
    for table in sorted(set(got) | set(want)):
        extra = [r for r in got.get(table, []) if r not in want.get(table, [])]
        lost = [r for r in want.get(table, []) if r not in got.get(table, [])]
        if extra or lost:
            out[table] = {"unexpected": extra[:3], "missing": lost[:3]}
    return out


def one_version(warehouse: Path) -> bool:
    """Every document and fact row carries the same extractor version."""
    with open_reader(warehouse) as con:
        rows = con.execute(
            "SELECT DISTINCT extractor_version FROM documents WHERE extractor_version IS NOT NULL "
            "UNION SELECT DISTINCT extractor_version FROM retention_periods"
        ).fetchall()
    return len(rows) == 1


@dataclass(frozen=True)
class Reference:
    raw: Path
    batch: str
    snapshot: dict[str, list[tuple[Any, ...]]]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The batch through the default single-process pipeline."""
    raw = tmp_path_factory.mktemp("raw_docs")
    make_batch(raw / "spread")
    warehouse = raw.parent / "single.duckdb"
    with dg.instance_for_test() as instance:
        outcome = run_batch(BatchRef(raw, "spread"), warehouse, workers=2, instance=instance)
    assert outcome.success
    shot = snapshot(warehouse)
    assert len(shot["pages"]) >= 7 and any(r[2] == "ocr" for r in shot["pages"])
    assert shot["failures"], "the corrupt PDF should be a failure"
    return Reference(raw, "spread", shot)


def test_chunks_cut_long_documents_into_page_ranges(tmp_path: Path) -> None:
    make_batch(tmp_path / "b")
    files = scan_batch(tmp_path / "b", tmp_path, tmp_path / "blobs").files
    chunks = plan_chunks(files, pages_per_chunk=2)
    assert all(c.pages <= 2 for c in chunks)
    scan = next(f for f in files if f.paths[0].endswith("response_and_minutes.pdf"))
    ranges = [(p.first, p.last) for c in chunks for p in c.parts if p.source == scan]
    assert len(ranges) == 2  # three pages never fit one chunk of two
    assert ranges[0][0] == 1 and ranges[-1][1] is None
    assert ranges[1][0] == ranges[0][1] + 1  # contiguous, no page twice
    # every page of every document is in exactly one part
    assert sum(c.pages for c in chunks) == sum(
        3 if f == scan else 2 if f.paths[0].endswith("policy.pdf") else 1 for f in files
    )
    with pytest.raises(ValueError):
        plan_chunks(files, pages_per_chunk=0)


def test_parts_read_separately_merge_into_the_same_text(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    make_text_pdf(folder / "policy.pdf", POLICY + POLICY)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    files = scan_batch(folder, tmp_path, tmp_path / "blobs").files
    whole = {d.source.doc_id: d for d in extract_texts(files, workers=1)}
    parts = [d for c in plan_chunks(files, pages_per_chunk=3) for d in read_chunk(c)]
    merged = {d.source.doc_id: d for d in merge_parts(files, parts)}
    assert merged.keys() == whole.keys()
    for doc_id, doc in whole.items():
        assert merged[doc_id].pages == doc.pages
        assert merged[doc_id].failures == doc.failures
    assert PagePart(files[0], 2, 3).holds(3) and not PagePart(files[0], 2, 3).holds(4)


def test_fanned_out_graph_in_process_matches_single_process(
    reference: Reference, tmp_path: Path
) -> None:
    from pipeline.scale import SCALE_ASSETS

    warehouse = tmp_path / "fanout.duckdb"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(batches.name or "batches", [reference.batch])
        result = dg.materialize(
            SCALE_ASSETS,
            partition_key=reference.batch,
            instance=instance,
            resources={
                "settings": FoiaSettings(
                    raw_root=str(reference.raw), warehouse=str(warehouse), workers=1
                ),
                "progress": LogProgress(),
                "io_manager": stage_pickles,
            },
            run_config={
                "ops": {
                    "page_texts": {"ops": {"plan_text_chunks": {"config": {"pages_per_chunk": 2}}}}
                }
            },
        )
        assert result.success
        chunk_steps = [
            s.step_key
            for s in instance.get_run_step_stats(result.run_id)
            if s.step_key.startswith("page_texts.read_text_chunk")
        ]
        assert len(chunk_steps) >= 4
    assert not differences(snapshot(warehouse), reference.snapshot)
    assert one_version(warehouse)


# --- the real deployment profile: PostgreSQL + Redis + two Celery workers -----------


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def _require_servers() -> None:
    missing = [
        name
        for name, url, port in (("PostgreSQL", PG_URL, 5432), ("Redis", BROKER, 6379))
        if not _reachable(url, port)
    ]
    if not missing:
        return
    message = f"{' and '.join(missing)} not reachable ({PG_URL}, {BROKER})"
    if os.environ.get("FOIA_SCALE_TEST") == "1":
        pytest.fail(f"FOIA_SCALE_TEST=1 but {message}: .ci/run should have started them")
    pytest.skip(f"{message}; `make scale-test` installs and starts them")


@pytest.fixture
def scratch_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test's Dagster instance; dropped after."""
    import psycopg2
    from psycopg2 import sql

    _require_servers()
    name = f"foia_scale_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(PG_URL.replace("+psycopg2", "", 1))
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        parts = urlsplit(PG_URL)
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
        with admin.cursor() as cur:
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        admin.close()


def _start_worker(name: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(SCALE_HOME / "worker.sh"), name],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _wait_for_workers(names: set[str], seconds: float) -> None:
    from celery import Celery

    app = Celery(broker=BROKER, backend=BROKER)
    app.conf.broker_transport_options = {"global_keyprefix": os.environ["FOIA_CELERY_PREFIX"]}
    deadline = time.monotonic() + seconds
    seen: set[str] = set()
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        seen = {host.split("@")[0] for reply in replies for host in reply}
        if names <= seen:
            return
        time.sleep(1)
    raise AssertionError(f"Celery workers {sorted(names - seen)} did not answer in {seconds} s")


@pytest.fixture
def scale_env(
    scratch_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    env = {
        "FOIA_PG_URL": scratch_database,
        "FOIA_DAGSTER_STATE": str(tmp_path / "shared_state"),
        "FOIA_CELERY_BROKER": BROKER,
        "FOIA_CELERY_BACKEND": BROKER,
        # queues of their own: another test session on this Redis must not take our steps
        "FOIA_CELERY_PREFIX": f"foia-test-{uuid.uuid4().hex[:8]}:",
        "DAGSTER_HOME": str(SCALE_HOME),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield {**os.environ, **env}
    import redis

    client = redis.Redis.from_url(BROKER)
    for key in client.scan_iter(match=env["FOIA_CELERY_PREFIX"] + "*"):
        client.delete(key)
    client.close()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_celery_workers_and_postgres_give_the_single_process_warehouse(
    reference: Reference, scale_env: dict[str, str], tmp_path: Path
) -> None:
    from pipeline.scale import run_batch_scaled

    workers = [_start_worker(n, scale_env, tmp_path / f"{n}.log") for n in ("ocr1", "ocr2")]
    try:
        _wait_for_workers({"ocr1", "ocr2"}, 90)
        warehouse = tmp_path / "scaled.duckdb"
        with dg.DagsterInstance.from_config(str(SCALE_HOME)) as instance:
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            outcome = run_batch_scaled(
                reference.raw / reference.batch, warehouse, instance, workers=1, pages_per_chunk=2
            )
            logs = "\n".join(
                (tmp_path / f"{n}.log").read_text(errors="replace")[-3000:]
                for n in ("ocr1", "ocr2")
            )
            assert outcome.success, logs
            chunk_workers = _workers_of_steps(instance, outcome.run_id, "read_text_chunk")
            assert not differences(snapshot(warehouse), reference.snapshot)
            assert one_version(warehouse)
            assert {w.split("@")[0] for w in chunk_workers} == {"ocr1", "ocr2"}, chunk_workers
            assert instance.event_log_storage.get_concurrency_info("warehouse").slot_count == 1
            _load_waits_for_the_warehouse_slot(instance, scale_env, warehouse, tmp_path)
    finally:
        for proc in workers:
            _stop(proc)


def _step_status(instance: dg.DagsterInstance, run_id: str, step_key: str) -> str | None:
    for stats in instance.get_run_step_stats(run_id):
        if stats.step_key == step_key:
            return stats.status.value if stats.status else "STARTED"
    return None


def _load_waits_for_the_warehouse_slot(
    instance: dg.DagsterInstance, env: dict[str, str], warehouse: Path, tmp_path: Path
) -> None:
    """While something else holds the warehouse pool's only slot, a run gets as far
    as its extractions and its load waits; freed, the run finishes. This is what
    keeps two runs (or two workers) from writing the DuckDB file at once."""
    batch = tmp_path / "later" / "held"
    batch.mkdir(parents=True)
    (batch / "statement.txt").write_text("The department does not share plate data with ICE.\n")
    storage = instance.event_log_storage
    holder = str(uuid.uuid4())
    assert storage.claim_concurrency_slot("warehouse", holder, "warehouse").is_claimed
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.scale", str(batch), str(warehouse)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        run_id = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/partition": "held"}))
            run_id = runs[0].run_id if runs else ""
            if run_id and _step_status(instance, run_id, "extractions") == "SUCCESS":
                break
            assert proc.poll() is None, proc.communicate()[0][-3000:]
            time.sleep(1)
        assert run_id, "the second run did not start"
        time.sleep(5)  # ample time for the load to start, were it not waiting
        assert _step_status(instance, run_id, "warehouse") is None
        assert proc.poll() is None
    finally:
        storage.free_concurrency_slot_for_step(holder, "warehouse")
    out, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, out[-3000:]
    assert _step_status(instance, run_id, "warehouse") == "SUCCESS"
    with open_reader(warehouse) as con:
        batches_loaded = {r[0] for r in con.execute("SELECT batch FROM document_paths").fetchall()}
    assert batches_loaded == {"spread", "held"}


def _workers_of_steps(instance: dg.DagsterInstance, run_id: str, op: str) -> list[str]:
    """Celery worker names that executed the steps of `op`, from the run's events."""
    names = []
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        event = record.dagster_event
        if event is None or not (event.step_key or "").split(".")[-1].startswith(op):
            continue
        data = event.engine_event_data
        for entry in data.metadata.items() if data and data.metadata else []:
            if entry[0] == "Celery worker":
                names.append(str(entry[1].value))
    return names


def test_scale_location_loads_with_the_same_assets_and_job() -> None:
    from pipeline import assets
    from pipeline.scale import defs as scale_defs

    dg.Definitions.validate_loadable(scale_defs)
    graph = scale_defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == {"ingested_files", "page_texts", "extractions", "warehouse"}
    assert scale_defs.resolve_job_def("process_batch").executor_def.name == "celery"
    writer = scale_defs.resolve_assets_def("warehouse")
    # the one writer is the very same op, in the same pool of one
    assert writer.op.compute_fn.decorated_fn is assets.warehouse.op.compute_fn.decorated_fn
    assert writer.op.pool == "warehouse"
    assert scale_defs.resolve_schedule_def("daily_batches") is not None
