"""The OCR process pool shared by all documents of one `extract_texts` call.

One process per core, each running tesseract single-threaded (OMP_THREAD_LIMIT=1):
on 2 cores this beat tesseract's own threading (DESIGN.md). Workers are spawned,
not forked, because the caller may be a threaded Dagster process (so, as for any
spawned pool, a calling script needs the `if __name__ == "__main__":` guard); what
runs inside them is worker.py.
Workers are not recycled: `max_tasks_per_child` deadlocked the executor on
Python 3.11 once a worker retired (seen on the corpus run). A worker that
dies (a crash inside pdfium or tesseract) breaks the executor; the jobs it took
down are retried once in a fresh pool and then reported as `WorkerCrashed`.

Two watchdogs bound the time a file can take. Each worker reports the page it
starts, so the pool knows how long every page has been running. A page still
running `ocr_timeout_s + hang_grace_s` after it started (tesseract's own timeout
has passed, so the worker is stuck, e.g. inside pdfium) has its worker killed and
is recorded as `OcrTimeout`; the other pages that death took down are resubmitted
without counting it against them. With `file_timeout_s`, a document's pages still
waiting when its first page started that long ago are skipped as `FileTimeout`
(pages already running finish, each within its own limit).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from pipeline.text.ocr import OcrJob, OcrResult
from pipeline.text.settings import TextSettings
from pipeline.text.worker import init_worker, run_tracked

_MAX_ATTEMPTS = 2
# How often a blocked `results` wakes to run the watchdogs. A finished page wakes it
# at once (wait on FIRST_COMPLETED), so this adds no latency to results.
_TICK_S = 0.25


def _broken(future: Future[OcrResult]) -> bool:
    return not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


@dataclass(frozen=True)
class _Task:
    key: int
    job: OcrJob
    attempt: int
    token: int


class OcrPool:
    """Submit jobs tagged with a key; collect (key, result) pairs as they finish."""

    def __init__(self, workers: int, settings: TextSettings | None = None) -> None:
        conf = settings or TextSettings()
        self._workers = max(1, workers)
        self._page_limit_s = conf.ocr_timeout_s + conf.hang_grace_s
        self._file_limit_s = conf.file_timeout_s if conf.file_timeout_s > 0 else None
        self._executor: ProcessPoolExecutor | None = None
        self._started: Any = None
        self._futures: dict[Future[OcrResult], _Task] = {}
        self._live: set[int] = set()
        self._running: dict[int, tuple[int, float]] = {}  # token -> (worker pid, start)
        self._doc_started: dict[int, float] = {}
        self._killed: set[int] = set()
        self._ready: list[tuple[int, OcrResult]] = []
        self._deferred: list[_Task] = []  # submitted while the executor was broken
        self._tokens = 0

    @property
    def pending(self) -> int:
        return len(self._futures) + len(self._ready) + len(self._deferred)

    def submit(self, key: int, job: OcrJob, attempt: int = 1) -> None:
        self._tokens += 1
        self._start(_Task(key, job, attempt, self._tokens))

    def _start(self, task: _Task) -> None:
        try:
            future = self._pool().submit(run_tracked, task.job, task.token)
        except BrokenProcessPool:
            # A worker died since the last look: the next `results` replaces the pool.
            self._deferred.append(task)
            return
        self._futures[future] = task
        self._live.add(task.token)

    def results(self, block: bool) -> Iterator[tuple[int, OcrResult]]:
        """Finished results; with `block`, waits until at least one is ready."""
        while True:
            self._watch()
            if self._ready or not self._futures:
                break
            done, _ = wait(
                list(self._futures),
                timeout=_TICK_S if block else 0,
                return_when=FIRST_COMPLETED,
            )
            if done or not block:
                break
        ready, self._ready = self._ready, []
        yield from ready
        done = {future for future in self._futures if future.done()}
        if any(_broken(future) for future in done):
            # A dead worker fails every future of the executor; take them all at once
            # so each page is judged (and retried) exactly once for this break.
            wait(list(self._futures), timeout=10)
            done = {future for future in self._futures if future.done()}
        self._drain_started()
        started = set(self._running)  # pages that were under way when a worker died
        retry: list[_Task] = []
        for future in done:
            task = self._futures.pop(future)
            self._forget(task.token)
            try:
                yield task.key, future.result()
            except BrokenProcessPool:
                if task.token in self._killed:
                    yield task.key, self._hung_result(task.job)
                elif self._killed or (started and task.token not in started):
                    retry.append(task)  # taken down with another page: not its fault
                elif task.attempt < _MAX_ATTEMPTS:
                    retry.append(_Task(task.key, task.job, task.attempt + 1, task.token))
                else:
                    yield (
                        task.key,
                        OcrResult(
                            task.job.doc_id,
                            task.job.page_no,
                            error_class="WorkerCrashed",
                            message="the OCR worker died on this page twice",
                        ),
                    )
            except Exception as exc:  # e.g. a result that failed to unpickle
                yield (
                    task.key,
                    OcrResult(
                        task.job.doc_id,
                        task.job.page_no,
                        error_class=type(exc).__name__,
                        message=str(exc) or repr(exc),
                    ),
                )
        if retry or self._deferred:
            self._restart()
            deferred, self._deferred = self._deferred, []
            for task in [*retry, *deferred]:
                self._start(task)

    def close(self) -> None:
        if self._executor is not None:
            if self._running:  # something still runs (the caller gave up): do not wait
                self._kill_workers()
            self._executor.shutdown(wait=not self._running, cancel_futures=True)
            self._executor = None
        self._close_queue()
        self._futures.clear()
        self._live.clear()
        self._running.clear()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")
            self._started = context.SimpleQueue()
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=context,
                initializer=init_worker,
                initargs=(self._started,),
            )
        return self._executor

    def _watch(self) -> None:
        """Note pages that started; kill workers stuck on one; skip pages of files
        that have run out of time."""
        self._drain_started()
        now = time.monotonic()
        for token, (pid, started) in list(self._running.items()):
            if now - started > self._page_limit_s and token not in self._killed:
                self._killed.add(token)
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if self._file_limit_s is None:
            return
        for future, task in list(self._futures.items()):
            first = self._doc_started.get(task.key)
            if first is None or now - first <= self._file_limit_s or not future.cancel():
                continue
            del self._futures[future]
            self._forget(task.token)
            self._ready.append(
                (
                    task.key,
                    OcrResult(
                        task.job.doc_id,
                        task.job.page_no,
                        error_class="FileTimeout",
                        message=f"page not read: the file had used its {self._file_limit_s:g} s "
                        "time limit",
                    ),
                )
            )

    def _drain_started(self) -> None:
        keys = {task.token: task.key for task in self._futures.values()}
        while self._started is not None:
            try:
                if self._started.empty():
                    break
                token, pid, started = self._started.get()
            except (OSError, ValueError, EOFError):
                break
            if token in self._live and token in keys:
                self._running[token] = (pid, started)
                self._doc_started.setdefault(keys[token], started)

    def _forget(self, token: int) -> None:
        self._live.discard(token)
        self._running.pop(token, None)

    def _hung_result(self, job: OcrJob) -> OcrResult:
        return OcrResult(
            job.doc_id,
            job.page_no,
            error_class="OcrTimeout",
            message=f"page still not read after {self._page_limit_s:g} s; its OCR process "
            "was killed",
            seconds=self._page_limit_s,
        )

    def _close_queue(self) -> None:
        if self._started is not None:
            self._started.close()
            self._started = None

    def _kill_workers(self) -> None:
        for pid, _ in self._running.values():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _restart(self) -> None:
        """Replace a broken executor; futures still listed were lost with it."""
        lost = list(self._futures.values())
        self._futures.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._close_queue()
        for task in lost:
            self._forget(task.token)
            if task.token in self._killed:
                self._ready.append((task.key, self._hung_result(task.job)))
            else:
                self._start(task)
        self._killed.clear()
