"""Runs whose process died without telling Dagster: found, marked failed, slots freed.

`foia run` executes in-process. A run killed outright (SIGKILL, the OOM killer, a
power cut) never records its end, so Dagster keeps it STARTED and keeps the
`warehouse` pool slot it may have held; only the daemon's run monitoring would
free that slot, and `foia run` has no daemon. Every later run would then wait for
the slot forever. So each CLI run tags itself with its host and process identity,
and the next run marks runs of dead processes on the same host as failed and frees
their slots before it starts.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg

HOST_TAG = "foia/host"
PROCESS_TAG = "foia/process"


def process_identity(pid: int | None = None) -> str:
    """``pid:start`` where start is the process start time in clock ticks since boot.

    The start time tells a live process from a later one that reused the pid;
    where /proc is missing it is left empty and only the pid is compared.
    """
    pid = os.getpid() if pid is None else pid
    return f"{pid}:{_start_ticks(pid) or ''}"


def is_alive(identity: str) -> bool:
    """Whether the process behind `identity` (from `process_identity`) still runs."""
    pid_text, _, start = identity.partition(":")
    try:
        pid = int(pid_text)
    except ValueError:
        return True  # not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    return not start or _start_ticks(pid) == start


def run_tags() -> dict[str, str]:
    """Tags that let a later run tell whether this one's process is still alive."""
    return {HOST_TAG: socket.gethostname(), PROCESS_TAG: process_identity()}


def release_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark this host's runs whose process is gone as failed and free their pool slots.

    Also frees slots still held by runs that already finished (what the daemon would
    do). Returns the ids of the runs released.
    """
    import dagster as dg
    from dagster._core.storage.dagster_run import FINISHED_STATUSES

    released: list[str] = []
    unfinished = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={"foia/source": "cli"},
        )
    )
    host = socket.gethostname()
    for run in unfinished:
        if run.tags.get(HOST_TAG, host) != host:
            continue
        identity = run.tags.get(PROCESS_TAG) or _executor_pid(instance, run.run_id)
        if identity is None or is_alive(identity):
            continue
        instance.report_run_failed(
            run,
            message=f"the process running this (pid {identity.split(':')[0]}) died without "
            "finishing; marked failed by a later run",
        )
        released.append(run.run_id)
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        holders = storage.get_concurrency_run_ids()
        status = (
            {
                record.dagster_run.run_id: record.dagster_run.status
                for record in instance.get_run_records(filters=dg.RunsFilter(run_ids=list(holders)))
            }
            if holders
            else {}
        )
        for run_id in sorted(holders):
            # A finished run (or one just found dead) holds nothing. Claims by ids that
            # are not runs are left alone: whoever made them frees them.
            if status.get(run_id) not in FINISHED_STATUSES:
                continue
            storage.free_concurrency_slots_for_run(run_id)
            if run_id not in released:
                released.append(run_id)
    return released


def _executor_pid(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """For runs started before the process tag existed: the pid the in-process
    executor logged (no start time, so a reused pid counts as alive)."""
    import dagster as dg

    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        event = record.dagster_event
        data = event.engine_event_data if event is not None else None
        pid = data.metadata.get("pid") if data is not None else None
        if pid is not None:
            return f"{pid.value}:"
    return None


def _start_ticks(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after it.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None
