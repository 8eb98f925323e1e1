"""From page texts to warehouse rows: the public entry of the spaCy extraction.

Every page of every document goes through one `nlp.pipe` stream, so batching
works across documents (one-page letters would otherwise each pay the per-batch
overhead). Facts found on a page point into the normalised text the pipeline
read; here they are mapped back to the stored page text, so that every row's
quote is exactly `page.text[char_start:char_end]`. Page furniture marked by the
text stage (running headers, page numbers, Bates stamps) is left out of what the
fact components read; classification still sees the whole page. Document-level
judgement (which ambiguous vendor aliases stand, whether a document can hold denials)
happens after all pages of a document are read. A caller that wants only some
tables (an audit log needs only its vendors) names them, and the components the
other tables need are skipped.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.context import DocContext, build_context
from pipeline.extract.denials import STATE_KEY, finalize_denials
from pipeline.extract.facts import TABLES, Fact, doc_facts
from pipeline.extract.nlp import load_nlp, page_docs
from pipeline.extract.textmap import Span, TextMap
from pipeline.extract.vendors import finalize_vendors
from pipeline.records import DocumentText, Extraction, Failure, PageText

PageFacts = list[tuple[int, Fact]]
Finalizer = Callable[[PageFacts, DocContext], PageFacts]
FINALIZERS: dict[str, Finalizer] = {"vendors": finalize_vendors, "denials": finalize_denials}
# Pipeline components a table's facts come from (with what they read). A table
# missing here makes a table selection run the whole pipeline.
TABLE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "vendors": ("page_sentences", "vendor_ruler", "vendor_mentions"),
}


def _classifier() -> Callable[[DocumentText], Any] | None:
    """`classify_document` when the classify module is present (it is built in parallel)."""
    try:
        module = importlib.import_module("pipeline.extract.classify")
    except ImportError:
        return None
    func = getattr(module, "classify_document", None)
    return func if callable(func) else None


def _failure(doc: DocumentText, exc: Exception, page_no: int | None = None) -> Failure:
    return Failure(
        path=doc.source.paths[0] if doc.source.paths else doc.source.doc_id,
        stage="extract",
        error_class=type(exc).__name__,
        message=str(exc) or type(exc).__name__,
        sha256=doc.source.doc_id,
        page_no=page_no,
    )


def _row(page: PageText, text_map: TextMap, fact: Fact) -> dict[str, Any]:
    start, end = text_map.to_page(fact.start, fact.end)
    return {
        "page_no": page.page_no,
        **fact.values,
        "quote": page.text[start:end],
        "char_start": start,
        "char_end": end,
        "method": fact.method,
        "confidence": round(float(fact.confidence), 3),
    }


def _classify(ext: Extraction, doc: DocumentText, classify: Callable[[DocumentText], Any]) -> None:
    try:
        label = classify(doc)
    except Exception as exc:  # a classifier bug costs the labels, not the facts
        ext.failures.append(_failure(doc, exc))
        return
    ext.doc_type = label.doc_type
    ext.doc_type_confidence = label.confidence
    ext.agency = label.agency
    ext.state = label.state
    ext.title = label.title


PageItem = tuple[int, PageText, TextMap, int]


def _furniture(page: PageText) -> list[Span]:
    return [(r.char_start, r.char_end) for r in page.furniture]


def _shifted(facts: list[Fact], offset: int) -> list[Fact]:
    """Facts of a chunk moved to offsets in the whole normalised page."""
    if not offset:
        return facts
    return [replace(f, start=f.start + offset, end=f.end + offset) for f in facts]


def _page_stream(
    nlp: Language, docs: Sequence[DocumentText], extractions: list[Extraction]
) -> Iterator[tuple[Doc, PageItem]]:
    for i, doc in enumerate(docs):
        for page in doc.pages:
            if not page.text.strip():
                continue
            chunks, text_map = page_docs(nlp, page.text, skip=_furniture(page))
            for sdoc, offset in chunks:
                sdoc.user_data[STATE_KEY] = extractions[i].state
                yield sdoc, (i, page, text_map, offset)


def skipped_components(nlp: Language, tables: Collection[str] | None) -> list[str]:
    """Components no requested table needs (none skipped without a selection)."""
    if tables is None:
        return []
    needed: set[str] = set()
    for table in tables:
        components = TABLE_COMPONENTS.get(table)
        if components is None:
            return []
        needed.update(components)
    return [name for name in nlp.pipe_names if name not in needed]


def _collect(
    nlp: Language,
    docs: Sequence[DocumentText],
    extractions: list[Extraction],
    batch_size: int,
    skip: Sequence[str] = (),
) -> list[list[tuple[PageText, TextMap, Fact]]]:
    found: list[list[tuple[PageText, TextMap, Fact]]] = [[] for _ in docs]
    stream = _page_stream(nlp, docs, extractions)
    for sdoc, (i, page, text_map, offset) in nlp.pipe(
        stream, as_tuples=True, batch_size=batch_size, disable=skip
    ):
        found[i].extend((page, text_map, f) for f in _shifted(doc_facts(sdoc), offset))
    return found


def _collect_isolated(
    nlp: Language,
    docs: Sequence[DocumentText],
    extractions: list[Extraction],
    skip: Sequence[str] = (),
) -> list[list[tuple[PageText, TextMap, Fact]]]:
    """Page by page, so that a page that breaks a component costs only that page."""
    found: list[list[tuple[PageText, TextMap, Fact]]] = [[] for _ in docs]
    for i, doc in enumerate(docs):
        for page in doc.pages:
            if not page.text.strip():
                continue
            try:
                chunks, text_map = page_docs(nlp, page.text, skip=_furniture(page))
                facts: list[Fact] = []
                for sdoc, offset in chunks:
                    sdoc.user_data[STATE_KEY] = extractions[i].state
                    facts.extend(_shifted(doc_facts(nlp(sdoc, disable=skip)), offset))
            except Exception as exc:
                extractions[i].failures.append(_failure(doc, exc, page.page_no))
                continue
            found[i].extend((page, text_map, f) for f in facts)
    return found


def _rows(
    doc: DocumentText, ext: Extraction, found: list[tuple[PageText, TextMap, Fact]]
) -> dict[str, list[dict[str, Any]]]:
    context = build_context(
        (p.text for p in doc.pages), doc_type=ext.doc_type, agency=ext.agency, state=ext.state
    )
    maps = {page.page_no: (page, text_map) for page, text_map, _ in found}
    by_table: dict[str, PageFacts] = {t: [] for t in TABLES}
    for page, _, fact in found:
        by_table.setdefault(fact.table, []).append((page.page_no, fact))
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, facts in by_table.items():
        finalize = FINALIZERS.get(table)
        kept = finalize(facts, context) if finalize else facts
        table_rows: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for page_no, fact in kept:
            page, text_map = maps[page_no]
            row = _row(page, text_map, fact)
            key = (page_no, row["char_start"], row["char_end"], repr(sorted(fact.values.items())))
            if key in seen:
                continue
            seen.add(key)
            table_rows.append(row)
        rows[table] = table_rows
    return rows


def extract_documents(
    docs: Sequence[DocumentText],
    nlp: Language | None = None,
    batch_size: int = 50,
    tables: Collection[str] | None = None,
) -> list[Extraction]:
    """Facts for each document, keyed by warehouse table, with classification when available.

    `tables` limits the facts to those tables (all when None); classification
    runs either way.
    """
    nlp = nlp or load_nlp()
    skip = skipped_components(nlp, tables)
    classify = _classifier()
    extractions = [Extraction(doc_id=d.source.doc_id) for d in docs]
    if classify is not None:
        for doc, ext in zip(docs, extractions, strict=True):
            _classify(ext, doc, classify)
    try:
        found = _collect(nlp, docs, extractions, batch_size, skip)
    except Exception:
        found = _collect_isolated(nlp, docs, extractions, skip)
    for doc, ext, facts in zip(docs, extractions, found, strict=True):
        rows = _rows(doc, ext, facts)
        ext.facts = rows if tables is None else {t: r for t, r in rows.items() if t in tables}
    return extractions
