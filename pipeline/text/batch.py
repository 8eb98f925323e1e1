"""`extract_texts`: every page of a batch of documents, OCR pages through one pool.

OCR pages of all documents share one process pool so every core stays busy across
document boundaries, and documents are yielded as soon as their last page is done,
so the caller can store them while OCR goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from pipeline.records import DocumentText, SourceFile
from pipeline.text.plan import PendingDocument, count_pages, plan_document
from pipeline.text.pool import OcrPool
from pipeline.text.settings import TextSettings

Progress = Callable[[int, int], None]


class _Progress:
    """Counts finished pages per document so the total always ends at 100%."""

    def __init__(self, expected: list[int], on_progress: Progress | None) -> None:
        self.expected = expected
        self.total = sum(expected)
        self.done = 0
        self.per_doc = [0] * len(expected)
        self.callback = on_progress

    def pages(self, key: int, n: int) -> None:
        if n <= 0:
            return
        if self.per_doc[key] + n > self.expected[key]:
            # more pages than the quick count said (e.g. sheets of a workbook)
            extra = self.per_doc[key] + n - self.expected[key]
            self.expected[key] += extra
            self.total += extra
        self.per_doc[key] += n
        self.done += n
        self.report()

    def finish(self, key: int) -> None:
        self.pages(key, self.expected[key] - self.per_doc[key])

    def report(self) -> None:
        if self.callback is not None:
            self.callback(self.done, self.total)


def extract_texts(
    sources: Sequence[SourceFile],
    workers: int = 0,
    on_progress: Progress | None = None,
    settings: TextSettings | None = None,
) -> Iterator[DocumentText]:
    """Yield one DocumentText per source, in order of completion.

    `workers=0` means one OCR process per core. A page that fails becomes a
    Failure(stage="text", page_no=N) and the document continues (status partial);
    a document that cannot be opened comes back with no pages and a Failure.
    """
    conf = settings or TextSettings()
    n_workers = workers if workers > 0 else (os.cpu_count() or 1)
    progress = _Progress([count_pages(s, conf) for s in sources], on_progress)
    progress.report()
    pool = OcrPool(n_workers, conf)
    waiting: dict[int, PendingDocument] = {}
    try:
        for key, source in enumerate(sources):
            pending = plan_document(source, conf)
            progress.pages(key, len(pending.doc.pages))
            if pending.jobs:
                waiting[key] = pending
                for job in pending.jobs:
                    pool.submit(key, job)
            else:
                progress.finish(key)
                yield pending.finish()
            yield from _collect(pool, waiting, progress, block=False)
        while pool.pending:
            yield from _collect(pool, waiting, progress, block=True)
    finally:
        pool.close()


def _collect(
    pool: OcrPool, waiting: dict[int, PendingDocument], progress: _Progress, block: bool
) -> Iterator[DocumentText]:
    finished: list[int] = []
    for key, result in pool.results(block):
        pending = waiting[key]
        pending.add(result)
        progress.pages(key, 1)
        if pending.complete:
            finished.append(key)
    for key in finished:
        progress.finish(key)
        yield waiting.pop(key).finish()
