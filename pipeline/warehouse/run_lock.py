"""One `foia run` per warehouse at a time, decided before any work starts.

DuckDB holds its file lock only while the warehouse step writes, minutes after a
run began: without a lock of our own a second run would read and OCR a whole batch
and only then find the warehouse busy. So a run takes an advisory lock on a file
beside the warehouse (``<warehouse>.run.lock``) for its whole length. The kernel
drops the lock when the process ends, however it ends, so a killed run never
leaves a stale lock behind; the file itself stays (removing it would race with a
run waiting on it) and only says who held it last.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipeline.warehouse.errors import RunInProgress

_POLL_S = 0.5


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".run.lock")


@contextmanager
def run_lock(warehouse: Path, wait_s: float = 0.0, label: str = "") -> Iterator[None]:
    """Hold the warehouse's run lock; wait up to `wait_s` for another run to finish.

    Raises RunInProgress (naming the other run's pid, start time and `label`) when
    the lock is still held after `wait_s` seconds.
    """
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait_s, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunInProgress(_busy_message(path, warehouse, wait_s)) from None
                time.sleep(min(_POLL_S, max(deadline - time.monotonic(), 0.01)))
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        note = f"pid {os.getpid()}, started {started}" + (f", {label}" if label else "")
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode("utf-8", errors="replace") + b"\n", 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _busy_message(path: Path, warehouse: Path, wait_s: float) -> str:
    try:
        holder = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        holder = ""
    who = f"another `foia run` ({holder})" if holder else "another `foia run`"
    waited = f" after waiting {wait_s:g} s" if wait_s > 0 else ""
    return (
        f"{who} is writing to {warehouse}{waited}; let it finish, or start this one with "
        "--wait SECONDS to queue behind it"
    )
