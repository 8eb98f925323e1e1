"""Throughput of the audit-log parser on generated exports, for `make bench`.

Real audit PDFs reach 800+ pages and CSV exports a million rows; these
functions time exactly the parse a pipeline run does, on synthetic files whose
row counts are known, and say whether every row came back.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.extract.audit_logs import stream_audit_rows
from pipeline.records import DocumentText, FileType, SourceFile
from pipeline.samples.audit_pdf import (
    ROWS_PER_PAGE_ESTIMATE,
    make_audit_csv,
    make_audit_pdf,
    make_audit_records,
)

DEFAULT_WORK_DIR = Path(tempfile.gettempdir()) / "alpr-foia-bench"


def _document(path: Path, file_type: FileType) -> DocumentText:
    source = SourceFile(
        doc_id=f"bench-{path.stem}",
        file_type=file_type,
        mime="",
        size=path.stat().st_size,
        paths=(path.name,),
        blob=str(path),
    )
    return DocumentText(source=source)


def _timed_parse(doc: DocumentText) -> tuple[int, int, float, list[str]]:
    start = time.perf_counter()
    rows = immigration = 0
    stream = stream_audit_rows(doc)
    for row in stream:
        rows += 1
        immigration += row["immigration"]
    seconds = time.perf_counter() - start
    return rows, immigration, seconds, [f.error_class for f in stream.failures]


def bench_audit_pdf(
    pages: int = 800, work_dir: Path | None = None, seed: int = 3
) -> dict[str, Any]:
    """Parse a generated audit PDF of about `pages` pages; the file is cached by size.

    Generating 800 pages with reportlab takes about a minute; it is done once
    per work_dir and only the parse is timed.
    """
    folder = work_dir or DEFAULT_WORK_DIR
    rows = max(1, pages * ROWS_PER_PAGE_ESTIMATE)
    path = folder / f"audit_{rows}_rows_seed{seed}.pdf"
    if not path.exists():
        make_audit_pdf(path, rows, seed=seed)
    expected = make_audit_records(rows, seed)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    page_count = len(pdf)
    pdf.close()
    parsed, immigration, seconds, failures = _timed_parse(_document(path, "pdf"))
    return {
        "kind": "audit_pdf",
        "pages": page_count,
        "rows": parsed,
        "rows_expected": len(expected),
        "immigration_rows": immigration,
        "immigration_expected": sum(1 for r in expected if r["immigration"]),
        "seconds": round(seconds, 3),
        "pages_per_second": round(page_count / seconds, 1) if seconds else None,
        "failures": failures,
        "exact": parsed == len(expected),
    }


def bench_audit_csv(
    rows: int = 1_000_000, work_dir: Path | None = None, seed: int = 3
) -> dict[str, Any]:
    """Parse a generated Flock-style CSV export of `rows` searches (cached by size)."""
    folder = work_dir or DEFAULT_WORK_DIR
    path = folder / f"audit_{rows}_rows_seed{seed}.csv"
    truth_rows = rows
    if not path.exists():
        make_audit_csv(path, rows, seed=seed)
    parsed, immigration, seconds, failures = _timed_parse(_document(path, "csv"))
    return {
        "kind": "audit_csv",
        "rows": parsed,
        "rows_expected": truth_rows,
        "immigration_rows": immigration,
        "seconds": round(seconds, 3),
        "rows_per_second": round(parsed / seconds) if seconds else None,
        "failures": failures,
        "exact": parsed == truth_rows,
    }
