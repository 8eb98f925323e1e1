"""Recognising an audit export's maker from its header."""

from __future__ import annotations

from pipeline.extract.audit_vendor import export_vendor
from pipeline.records import DocumentText, PageText, SourceFile


def _doc(text: str) -> DocumentText:
    source = SourceFile("d" * 64, "csv", "text/csv", 10, ("b/log.csv",), "/dev/null")
    return DocumentText(source, [PageText(source.doc_id, 1, "text_layer", text, "tabular_preview")])


def test_portal_csv_header_means_flock() -> None:
    text = "Sheet 1\n  id\tuserId\tsearchDate\tcameraCount\treason\n1\tu1\t2025-01-01\t12\tinv\n"
    row = export_vendor(_doc(text))
    assert row is not None
    assert row["vendor"] == "Flock Safety"
    assert text[row["char_start"] : row["char_end"]] == row["quote"]
    assert row["quote"].startswith("id\tuserId")


def test_pdf_report_header_means_flock() -> None:
    text = "Audit report\nID Org Name Total Networks Searched Total Devices Searched Reason\n"
    row = export_vendor(_doc(text))
    assert row is not None and row["page_no"] == 1


def test_generic_log_names_no_vendor() -> None:
    assert export_vendor(_doc("id\tname\tdate\treason\n1\tx\t2025-01-01\tstolen car\n")) is None
