"""Runs whose process died are marked failed and give back the warehouse pool slot.

Without this a `foia run` killed inside the warehouse step kept the pool slot in
Dagster's storage and every later run waited for it forever (seen: a run sat at
80 % CPU for 12 minutes polling for the slot).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dagster as dg
import pytest

from pipeline.stale_runs import (
    HOST_TAG,
    PROCESS_TAG,
    is_alive,
    process_identity,
    release_dead_runs,
    run_tags,
)
from pipeline.warehouse.errors import RunInProgress
from pipeline.warehouse.run_lock import lock_path, run_lock


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_process_identity_tells_live_from_dead_and_reused_pids() -> None:
    me = process_identity()
    assert is_alive(me)
    assert not is_alive(f"{_dead_pid()}:")
    pid, _, start = me.partition(":")
    assert start, "on Linux the start time is known"
    assert not is_alive(f"{pid}:{int(start) + 1}"), "same pid, other process: dead"
    assert is_alive("not-a-pid"), "what we cannot judge is left alone"


def _started_run(instance: dg.DagsterInstance, identity: str, source: str = "cli") -> str:
    run_id = str(uuid.uuid4())
    tags = {"foia/source": source, HOST_TAG: run_tags()[HOST_TAG], PROCESS_TAG: identity}
    instance.add_run(
        dg.DagsterRun(
            job_name="__ASSET_JOB", run_id=run_id, status=dg.DagsterRunStatus.STARTED, tags=tags
        )
    )
    return run_id


def test_dead_runs_are_failed_and_their_slot_freed() -> None:
    overrides = {"concurrency": {"pools": {"default_limit": 1}}}
    with dg.instance_for_test(overrides=overrides) as instance:
        storage = instance.event_log_storage
        if not storage.supports_global_concurrency_limits:
            pytest.skip("this Dagster storage has no pool slots")
        dead = _started_run(instance, f"{_dead_pid()}:")
        alive = _started_run(instance, process_identity())
        storage.initialize_concurrency_limit_to_default("warehouse")
        assert storage.claim_concurrency_slot("warehouse", dead, "warehouse").is_claimed
        waiting = storage.claim_concurrency_slot("warehouse", alive, "warehouse")
        assert not waiting.is_claimed, "the slot is held by the dead run"

        assert release_dead_runs(instance) == [dead]

        dead_run = instance.get_run_by_id(dead)
        assert dead_run is not None and dead_run.status == dg.DagsterRunStatus.FAILURE
        alive_run = instance.get_run_by_id(alive)
        assert alive_run is not None and alive_run.status == dg.DagsterRunStatus.STARTED
        assert storage.claim_concurrency_slot("warehouse", alive, "warehouse").is_claimed
        assert release_dead_runs(instance) == [], "nothing more to release"


def test_run_lock_refuses_a_second_holder_and_says_who_holds_it(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    code = (
        "import sys, time; from pathlib import Path; "
        "from pipeline.warehouse.run_lock import run_lock\n"
        "with run_lock(Path(sys.argv[1]), label='batch elsewhere'):\n"
        "    print('locked', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(warehouse)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(RunInProgress, match=rf"pid {holder.pid}, .*batch elsewhere"),
            run_lock(warehouse, wait_s=0.6),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    # The killed holder left its lock file, but not its lock.
    assert lock_path(warehouse).exists()
    with run_lock(warehouse):
        assert f"pid {os.getpid()}," in lock_path(warehouse).read_text()
