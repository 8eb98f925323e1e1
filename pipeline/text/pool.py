"""The OCR process pool shared by all documents of one `extract_texts` call.

One process per core, each running tesseract single-threaded (OMP_THREAD_LIMIT=1):
on 2 cores this beat tesseract's own threading (DESIGN.md). Workers are spawned,
not forked, because the caller may be a threaded Dagster process (so, as for any
spawned pool, a calling script needs the `if __name__ == "__main__":` guard).
Workers are not recycled: `max_tasks_per_child` deadlocked the executor on
Python 3.11 once a worker retired (seen on the corpus run). A worker that
dies (a crash inside pdfium or tesseract) breaks the executor; the jobs it took
down are retried once in a fresh pool and then reported as `WorkerCrashed`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from pipeline.text.ocr import OcrJob, OcrResult, run_ocr_job

_MAX_ATTEMPTS = 2


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


class OcrPool:
    """Submit jobs tagged with a key; collect (key, result) pairs as they finish."""

    def __init__(self, workers: int) -> None:
        self._workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._futures: dict[Future[OcrResult], tuple[int, OcrJob, int]] = {}

    @property
    def pending(self) -> int:
        return len(self._futures)

    def submit(self, key: int, job: OcrJob, attempt: int = 1) -> None:
        future = self._pool().submit(run_ocr_job, job)
        self._futures[future] = (key, job, attempt)

    def results(self, block: bool) -> Iterator[tuple[int, OcrResult]]:
        """Finished results; with `block`, waits until at least one is ready."""
        if not self._futures:
            return
        done, _ = wait(
            list(self._futures), timeout=None if block else 0, return_when=FIRST_COMPLETED
        )
        retry: list[tuple[int, OcrJob, int]] = []
        for future in done:
            key, job, attempt = self._futures.pop(future)
            try:
                yield key, future.result()
            except BrokenProcessPool:
                if attempt < _MAX_ATTEMPTS:
                    retry.append((key, job, attempt + 1))
                else:
                    yield (
                        key,
                        OcrResult(
                            job.doc_id,
                            job.page_no,
                            error_class="WorkerCrashed",
                            message="the OCR worker died on this page twice",
                        ),
                    )
            except Exception as exc:  # e.g. a result that failed to unpickle
                yield (
                    key,
                    OcrResult(
                        job.doc_id,
                        job.page_no,
                        error_class=type(exc).__name__,
                        message=str(exc) or repr(exc),
                    ),
                )
        if retry:
            self._restart()
            for key, job, attempt in retry:
                self.submit(key, job, attempt)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._futures.clear()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
        return self._executor

    def _restart(self) -> None:
        """Replace a broken executor; futures still listed were lost with it."""
        lost = list(self._futures.values())
        self._futures.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        for key, job, attempt in lost:
            self.submit(key, job, attempt)
