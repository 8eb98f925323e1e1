"""Audit row counts against the shared gold corpus (real Flock exports).

Every gold file with an `audit` block is parsed from ../shared/corpus and must
give exactly the labelled number of rows and of immigration rows; the corpus'
other documents must not be recognised as audit logs from their text layer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from pipeline.extract.audit_logs import detect_audit_log, parse_audit_log
from pipeline.records import DocumentText, FileType, PageText, SourceFile

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"
pytestmark = pytest.mark.corpus

FILE_TYPES: dict[str, FileType] = {".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}


def gold_files() -> list[tuple[Path, dict[str, Any]]]:
    if not (CORPUS / "gold").is_dir():
        return []
    out = []
    for gold_path in sorted((CORPUS / "gold").rglob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out.append((CORPUS / gold["file"], gold))
    return out


@pytest.fixture(scope="module")
def golds() -> list[tuple[Path, dict[str, Any]]]:
    found = gold_files()
    if not found:
        pytest.skip("shared corpus not present at ../shared/corpus")
    return found


def preview_pages(path: Path, doc_id: str) -> list[PageText]:
    """A stand-in for the text stage: tab-separated first rows, or the PDF text layer."""
    if path.suffix.lower() == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        pages = []
        for n, sheet in enumerate(workbook.worksheets, start=1):
            lines = []
            for i, row in enumerate(sheet.iter_rows(values_only=True)):
                if i >= 20:
                    break
                lines.append("\t".join("" if c is None else str(c) for c in row))
            pages.append(PageText(doc_id, n, "text_layer", "\n".join(lines), "tabular_preview"))
        workbook.close()
        return pages
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = [next(fh, "") for _ in range(20)]
        text = "".join(head).replace(",", "\t")
        return [PageText(doc_id, 1, "text_layer", text, "tabular_preview")]
    pdf = pdfium.PdfDocument(str(path))
    pages = [
        PageText(doc_id, i + 1, "text_layer", pdf[i].get_textpage().get_text_range(), "text")
        for i in range(len(pdf))
    ]
    pdf.close()
    return pages


def document(path: Path, gold: dict[str, Any]) -> DocumentText:
    file_type = FILE_TYPES.get(path.suffix.lower(), "text")
    source = SourceFile("c" * 64, file_type, "", path.stat().st_size, (gold["file"],), str(path))
    return DocumentText(source=source, pages=preview_pages(path, source.doc_id))


def test_gold_audit_row_counts(golds: list[tuple[Path, dict[str, Any]]]) -> None:
    audits = [(p, g) for p, g in golds if g.get("audit")]
    assert audits, "corpus has no audit logs"
    for path, gold in audits:
        doc = document(path, gold)
        assert detect_audit_log(doc), gold["file"]
        parse = parse_audit_log(doc)
        assert len(parse.rows) == gold["audit"]["rows"], gold["file"]
        assert parse.immigration_rows == gold["audit"]["immigration_rows"], gold["file"]
        assert [r["row_no"] for r in parse.rows] == list(range(1, len(parse.rows) + 1))
        assert all(r["searched_at"] is not None for r in parse.rows), gold["file"]


def test_other_corpus_documents_are_not_audit_logs(
    golds: list[tuple[Path, dict[str, Any]]],
) -> None:
    others = [(p, g) for p, g in golds if not g.get("audit") and p.suffix.lower() == ".pdf"]
    assert others
    detected = [g["file"] for p, g in others if detect_audit_log(document(p, g))]
    assert detected == []
