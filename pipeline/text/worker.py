"""What runs inside each spawned OCR process (the parent side is pool.py).

A spawned worker imports this module to call `init_worker`, so it imports nothing
at module level: the thread limits must be in the environment before numpy and
tesseract load, and a worker should not load what only the parent needs. Start-up
is paid once per worker and is the fixed cost of every OCR batch (benchmarks/run.py
reports it as `startup_seconds`).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.text.ocr import OcrJob, OcrResult

# Where this worker reports the pages it starts. A SimpleQueue writes to its pipe
# at once (a Queue's feeder thread could still hold the note when a crash hits).
_started: Any = None


def init_worker(started: Any) -> None:
    """Single-threaded tesseract and numpy (one process per core, DESIGN.md), then
    load the OCR code so the first page does not pay for it."""
    global _started
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _started = started
    import pipeline.text.ocr  # noqa: F401  (after the limits: it loads numpy)


def run_tracked(job: OcrJob, token: int) -> OcrResult:
    """Say which page this process starts, then read it."""
    from pipeline.text.ocr import run_ocr_job

    if _started is not None:
        _started.put((token, os.getpid(), time.monotonic()))
    if job.settings.fault_hook is not None:
        job.settings.fault_hook(job.doc_id, job.page_no)
    return run_ocr_job(job)
