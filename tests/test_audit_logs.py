"""Recognising audit logs from the text stage's pages, and the public parse entry points."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.extract.audit_logs import (
    detect_audit_log,
    parse_audit_columns,
    parse_audit_log,
    stream_audit_rows,
)
from pipeline.extract.audit_rows import ROW_COLUMNS
from pipeline.records import DocumentText, FileType, PageText, SourceFile

DOC_ID = "f" * 64


def doc_with_pages(texts: list[str], file_type: FileType = "xlsx", blob: str = "x") -> DocumentText:
    source = SourceFile(DOC_ID, file_type, "", 0, ("batch/file",), blob)
    pages = [
        PageText(DOC_ID, n, "text_layer", text, "tabular_preview")
        for n, text in enumerate(texts, start=1)
    ]
    return DocumentText(source=source, pages=pages)


def preview(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in rows)


def test_tab_preview_of_a_log_sheet_is_detected() -> None:
    cover = preview([["Flock Search Audit Files"], ["Source: transparency portal"]])
    log = preview(
        [
            ["id", "userId", "searchDate", "cameraCount", "reason"],
            ["a1", "u1", "2025-06-18 00:02:04.789", "2510", "investigation"],
        ]
    )
    assert detect_audit_log(doc_with_pages([cover, log]))
    assert not detect_audit_log(doc_with_pages([cover]))


def test_summary_sheets_alone_are_not_audit_logs() -> None:
    by_user = preview([["Searches by User", ""], ["UserId", "Search Count"], ["82b3ee30", "340"]])
    by_reason = preview([["Row Labels", "Count of id"], ["Property Crime", "806"]])
    assert not detect_audit_log(doc_with_pages([by_user, by_reason]))


def test_csv_text_page_is_detected() -> None:
    text = "ID,Name,Org Name,Total Networks Searched,Reason,Case #,Search Time,Search Type\n"
    text += 'x1,***,[Federal] Agency,1103,Other,,"04/10/2026, 05:01:33 AM UTC",lookup\n'
    assert detect_audit_log(doc_with_pages([text], "csv"))


def test_printed_table_text_is_detected_and_prose_is_not() -> None:
    printed = (
        "Network Audit\nID Org Name Total\nNetworks\nSearched\nTime Frame Reason Search Time\n"
        "Search\nType\nModeration\n5869ce7e-98f2 Salem PD 12 Last 7 days inv 06/18/2025,\n"
        "12:02:04 AM\nSearch\n9b29b2b1-b9ff Bend PD 3 Last 1 days UUV 06/18/2025,\n01:02:04 AM\n"
    )
    prose = (
        "The audit report lists the Org Name, Total Networks Searched, Reason and Search Time "
        "for every search. Records were searched on 06/18/2025."
    )
    assert detect_audit_log(doc_with_pages([printed], "pdf"))
    assert not detect_audit_log(doc_with_pages([prose], "pdf"))
    assert not detect_audit_log(doc_with_pages([], "pdf"))


def write_log(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "userId", "searchDate", "networkCount", "reason"])
        for n in range(rows):
            reason = "deportation" if n % 10 == 0 else "Property Crime"
            writer.writerow([f"r{n}", "u", f"2025-06-18 00:{n % 60:02d}:00", n, reason])
    return path


def test_rows_carry_exactly_the_audit_searches_columns(tmp_path: Path) -> None:
    doc = doc_with_pages([], "csv", str(write_log(tmp_path / "log.csv", 30)))
    parse = parse_audit_log(doc)
    assert len(parse.rows) == 30
    assert all(tuple(row) == ROW_COLUMNS for row in parse.rows)
    assert parse.immigration_rows == 3


def test_columns_and_stream_agree_with_rows(tmp_path: Path) -> None:
    doc = doc_with_pages([], "csv", str(write_log(tmp_path / "log.csv", 250)))
    rows = parse_audit_log(doc).rows
    columns = parse_audit_columns(doc)
    assert columns.row_count == 250
    assert columns.columns["search_id"] == [r["search_id"] for r in rows]
    assert columns.columns["immigration"] == [r["immigration"] for r in rows]
    stream = stream_audit_rows(doc)
    first = next(iter(stream))
    assert first["row_no"] == 1


def test_missing_file_is_a_failure(tmp_path: Path) -> None:
    parse = parse_audit_log(doc_with_pages([], "csv", str(tmp_path / "gone.csv")))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditFileError"]
    assert parse.failures[0].sha256 == DOC_ID


def test_without_preview_pages_the_file_header_decides(tmp_path: Path) -> None:
    log = write_log(tmp_path / "log.csv", 3)
    assert detect_audit_log(doc_with_pages([], "csv", str(log)))
    other = tmp_path / "other.csv"
    other.write_text("Item,Amount\nCameras,1200\n", encoding="utf-8")
    assert not detect_audit_log(doc_with_pages([], "csv", str(other)))
    assert not detect_audit_log(doc_with_pages([], "xlsx", str(tmp_path / "missing.xlsx")))
