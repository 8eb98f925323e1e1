"""Text work cut into page-range chunks that separate workers can read.

The scale-out profile (pipeline/scale.py) spreads a batch's OCR over Celery
workers. Whole documents are a poor unit for that: one 800-page scanned audit log
would keep one worker busy for 45 minutes while the others idle. So documents are
cut into page ranges of about `pages_per_chunk` pages, short documents are packed
together, each chunk is read on its own, and the parts are put back together
before extraction.

Every page is judged by the same code as the single-process path (the text
package's `plan_document`): a part plans its whole document (reading a text layer
is ~2 ms a page, OCR ~3.4 s) and keeps only the pages in its range, so a page's
text, method and decision do not depend on how the batch was cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.records import DocumentText, SourceFile
from pipeline.text.plan import PendingDocument, count_pages, plan_document
from pipeline.text.pool import OcrPool
from pipeline.text.settings import TextSettings


@dataclass(frozen=True)
class PagePart:
    """Pages first..last (1-based, inclusive) of one document; last=None: to the end.

    The end stays open on a document's last part because the quick page count can
    be short (a workbook's sheets are only counted when read).
    """

    source: SourceFile
    first: int = 1
    last: int | None = None

    def holds(self, page_no: int) -> bool:
        return page_no >= self.first and (self.last is None or page_no <= self.last)


@dataclass(frozen=True)
class TextChunk:
    """One unit of text work: a worker reads these parts and returns them."""

    key: str
    parts: tuple[PagePart, ...] = ()
    pages: int = 0


def plan_chunks(
    sources: Sequence[SourceFile], pages_per_chunk: int, settings: TextSettings | None = None
) -> list[TextChunk]:
    """Cut documents into ranges of at most `pages_per_chunk` pages, packing short
    documents together in their batch order."""
    if pages_per_chunk < 1:
        raise ValueError("pages_per_chunk must be >= 1")
    conf = settings or TextSettings()
    chunks: list[TextChunk] = []
    parts: list[PagePart] = []
    filled = 0

    def close() -> None:
        nonlocal parts, filled
        if parts:
            chunks.append(TextChunk(f"c{len(chunks):05d}", tuple(parts), filled))
        parts, filled = [], 0

    for source in sources:
        total = max(count_pages(source, conf), 1)
        first = 1
        while first <= total:
            room = pages_per_chunk - filled
            if room <= 0:
                close()
                room = pages_per_chunk
            last = min(total, first + room - 1)
            parts.append(PagePart(source, first, None if last == total else last))
            filled += last - first + 1
            first = last + 1
    close()
    return chunks


def _restrict(pending: PendingDocument, part: PagePart) -> PendingDocument:
    """Keep the pages, OCR jobs and failures of this part's range; failures that
    belong to no page (the file would not open) go with the first part only."""
    doc = pending.doc
    doc.pages = [p for p in doc.pages if part.holds(p.page_no)]
    doc.failures = [
        f
        for f in doc.failures
        if (part.holds(f.page_no) if f.page_no is not None else part.first == 1)
    ]
    pending.jobs = [j for j in pending.jobs if part.holds(j.page_no)]
    return pending


def read_chunk(
    chunk: TextChunk, workers: int = 1, settings: TextSettings | None = None
) -> list[DocumentText]:
    """Text of every part of the chunk (one partial DocumentText per part)."""
    conf = settings or TextSettings()
    pool = OcrPool(max(1, workers), conf)
    waiting: dict[int, PendingDocument] = {}
    done: list[DocumentText] = []
    try:
        for key, part in enumerate(chunk.parts):
            pending = _restrict(plan_document(part.source, conf), part)
            if not pending.jobs:
                done.append(pending.finish())
                continue
            waiting[key] = pending
            for job in pending.jobs:
                pool.submit(key, job)
        while pool.pending:
            for key, result in pool.results(block=True):
                pending = waiting[key]
                pending.add(result)
                if pending.complete:
                    done.append(waiting.pop(key).finish())
    finally:
        pool.close()
    return done


def merge_parts(sources: Sequence[SourceFile], parts: Iterable[DocumentText]) -> list[DocumentText]:
    """One DocumentText per document that has parts, pages in order, in batch order."""
    by_id: dict[str, DocumentText] = {}
    for part in parts:
        doc_id = part.source.doc_id
        merged = by_id.setdefault(doc_id, DocumentText(source=part.source))
        merged.pages.extend(part.pages)
        merged.failures.extend(part.failures)
    ordered = [by_id[s.doc_id] for s in sources if s.doc_id in by_id]
    for doc in ordered:
        doc.pages.sort(key=lambda p: p.page_no)
        doc.failures.sort(key=lambda f: f.page_no or 0)
    return ordered
