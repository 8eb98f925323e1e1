"""Route each document to the extractor that fits it and gather agency records.

Audit-log exports (any file type) go to the audit parser; everything else goes
through the spaCy pipeline. Audit logs whose pages the text stage OCR'd (printed
and scanned exports) go to the parser that reads rows from OCR word boxes. A
document whose extractor raises becomes a failure for that document only, so
one odd file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from pipeline.extract.agencies import resolve_agency
from pipeline.extract.agency_batch import settle_batch
from pipeline.extract.audit_detect import audit_log_detected
from pipeline.extract.audit_logs import AuditParse, parse_audit_log
from pipeline.extract.audit_ocr import has_ocr_words, parse_scanned_audit_log
from pipeline.extract.audit_vendor import export_vendor
from pipeline.extract.document import extract_documents
from pipeline.records import DocumentText, Extraction, Failure


def _failure(doc: DocumentText, exc: Exception) -> Failure:
    return Failure(
        path=doc.source.paths[0] if doc.source.paths else doc.source.doc_id,
        stage="extract",
        error_class=type(exc).__name__,
        message=f"extraction failed: {exc}",
        sha256=doc.source.doc_id,
    )


def parse_audit(doc: DocumentText) -> AuditParse:
    """Rows of an audit log by the reader that fits how its pages were read."""
    if has_ocr_words(doc):
        return parse_scanned_audit_log(doc)
    return parse_audit_log(doc)


def _extract_audit(doc: DocumentText) -> Extraction:
    """Rows from the audit parser; vendors named in the export's text (a cover sheet,
    a title) or, failing that, recognised from its column header. Only the vendor
    components run over the export's text: it is all rows, and the other fact
    tables are not kept for an audit log."""
    parsed = parse_audit(doc)
    (prose,) = extract_documents([doc], tables=("vendors",))
    vendors = list(prose.facts.get("vendors", []))
    if not vendors and (by_header := export_vendor(doc)) is not None:
        vendors.append(by_header)
    return Extraction(
        doc_id=doc.source.doc_id,
        doc_type="audit_log",
        doc_type_confidence=1.0,
        agency=prose.agency,
        state=prose.state,
        title=prose.title,
        facts={"audit_searches": parsed.rows, "vendors": vendors},
        failures=[*parsed.failures, *prose.failures],
    )


def extract_all(
    docs: Sequence[DocumentText], on_progress: Callable[[int, int], None] | None = None
) -> tuple[list[Extraction], list[dict[str, Any]]]:
    """Extractions for every document with pages, plus one agency row per agency named."""
    readable = [d for d in docs if d.pages]
    total = len(readable)
    results: list[Extraction] = []
    prose: list[DocumentText] = []
    for doc in readable:
        try:
            is_audit = audit_log_detected(doc)  # remembered for the classifier
        except Exception as exc:  # a detector bug must not stop the batch
            results.append(Extraction(doc_id=doc.source.doc_id, failures=[_failure(doc, exc)]))
            continue
        if not is_audit:
            prose.append(doc)
            continue
        try:
            results.append(_extract_audit(doc))
        except Exception as exc:
            results.append(Extraction(doc_id=doc.source.doc_id, failures=[_failure(doc, exc)]))
        if on_progress:
            on_progress(len(results), total)
    done_before = len(results)
    try:
        results.extend(extract_documents(prose))
    except Exception:
        # Fall back to one document at a time to isolate the one that breaks.
        for doc in prose:
            try:
                results.extend(extract_documents([doc]))
            except Exception as exc:
                results.append(Extraction(doc_id=doc.source.doc_id, failures=[_failure(doc, exc)]))
    if on_progress:
        on_progress(done_before + len(prose), total)
    results = settle_batch(results, readable)  # agency/state from the rest of the batch
    return results, _agency_rows(results)


def _agency_rows(extractions: Sequence[Extraction]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for ext in extractions:
        if not ext.agency:
            continue
        ref = resolve_agency(ext.agency, ext.state)
        row = rows.setdefault(ref.agency_id, {**asdict(ref), "aliases": list(ref.aliases)})
        if ext.agency != row["name"] and ext.agency not in row["aliases"]:
            row["aliases"].append(ext.agency)
    return list(rows.values())
