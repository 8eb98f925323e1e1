"""CSV and XLSX audit exports: encodings, dialects, odd rows, workbook sheets.

Every fixture is written by the test itself in the shape of a real export.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.extract.audit_logs import parse_audit_columns, parse_audit_log
from pipeline.extract.audit_tabular import detect_encoding
from pipeline.records import DocumentText, FileType, SourceFile
from pipeline.samples.audit_pdf import make_audit_csv

HEADER = ["id", "userId", "searchDate", "cameraCount", "reason"]
ROWS = [
    ["a1", "u1", "2025-06-18 00:02:04.789", "2510", "investigation"],
    ["a2", "u2", "2025-06-18 00:09:13.397", "94", "ICE request"],
    ["a3", "u1", "2025-06-18 00:10:51.201", "94", "police assist"],
]


def document(path: Path, file_type: FileType) -> DocumentText:
    source = SourceFile(
        doc_id="d" * 64,
        file_type=file_type,
        mime="",
        size=path.stat().st_size,
        paths=(f"batch/{path.name}",),
        blob=str(path),
    )
    return DocumentText(source=source)


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerows(rows)
    return path


def test_flock_portal_csv(tmp_path: Path) -> None:
    parse = parse_audit_log(document(write_csv(tmp_path / "log.csv", [HEADER, *ROWS]), "csv"))
    assert [r["row_no"] for r in parse.rows] == [1, 2, 3]
    assert [r["search_id"] for r in parse.rows] == ["a1", "a2", "a3"]
    first = parse.rows[0]
    assert first["searched_at"] == datetime(2025, 6, 18, 0, 2, 4, 789000)
    assert first["devices"] == 2510
    assert first["networks"] is None
    assert first["user"] == "u1"
    assert first["page_no"] is None
    assert [r["immigration"] for r in parse.rows] == [False, True, False]
    assert [r["reason_category"] for r in parse.rows] == ["vague", "immigration", "vague"]
    assert parse.failures == []
    assert parse.immigration_rows == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    rows = [HEADER, *ROWS, ["a4", "u3", "2025-06-18 01:00:00", "7", "Café robbery – suspect’s car"]]
    path = write_csv(tmp_path / "log.csv", rows, encoding=encoding)
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    parse = parse_audit_log(document(path, "csv"))
    assert len(parse.rows) == 4
    assert parse.rows[0]["search_id"] == "a1"  # no BOM glued to the first header
    assert parse.rows[3]["reason"] == "Café robbery – suspect’s car"


def test_utf16_tab_export_without_bom(tmp_path: Path) -> None:
    text = "\n".join("\t".join(r) for r in [HEADER, *ROWS]) + "\n"
    path = tmp_path / "log.txt"
    path.write_bytes(text.encode("utf-16-le"))
    assert detect_encoding(path) == "utf-16-le"
    assert len(parse_audit_log(document(path, "text")).rows) == 3


def test_invalid_utf8_late_in_the_file_falls_back_to_cp1252(tmp_path: Path) -> None:
    body = "\n".join(",".join(r) for r in [HEADER, *ROWS * 2000]).encode("utf-8")
    path = tmp_path / "log.csv"
    path.write_bytes(body + b"\na9,u9,2025-06-19 00:00:00,1,caf\xe9\n")
    assert detect_encoding(path) == "cp1252"
    parse = parse_audit_log(document(path, "csv"))
    assert len(parse.rows) == 6001
    assert parse.rows[-1]["reason"] == "café"


def test_quoted_newlines_ragged_rows_titles_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "Network Audit Report\n"
        "Generated 2025-07-01\n"
        "\n"
        "ID,Org Name,Search Time,Total Networks Searched,Reason\n"
        'x1,Salem PD,"06/18/2025, 12:02:04 AM UTC",12,"stolen vehicle\nseen twice"\n'
        "x2,Salem PD,06/18/2025 1:00 AM,3\n"
        "x3,Bend PD,06/18/2025 2:00 AM,4,assist, ICE, follow up\n"
        ",,,,\n"
        "\n"
        "ID,Org Name,Search Time,Total Networks Searched,Reason\n"
        "x4,Bend PD,06/18/2025 3:00 AM,5,\n",
        encoding="utf-8",
    )
    parse = parse_audit_log(document(path, "csv"))
    assert [r["search_id"] for r in parse.rows] == ["x1", "x2", "x3", "x4"]
    assert parse.rows[0]["reason"] == "stolen vehicle\nseen twice"
    assert parse.rows[0]["searched_at"] == datetime(2025, 6, 18, 0, 2, 4)
    assert parse.rows[0]["source_timezone"] == "UTC"
    assert parse.rows[1]["reason"] is None
    assert parse.rows[1]["reason_category"] == "empty"
    assert parse.rows[2]["reason"] == "assist, ICE, follow up"
    assert parse.rows[2]["immigration"] is True
    assert parse.rows[3]["networks"] == 5


def test_semicolon_delimited_with_timezone_in_header(tmp_path: Path) -> None:
    rows = [["Search ID", "Name", "Search Time (UTC)", "Reason", "Case #"]]
    rows += [["s1", "Officer A", "06/18/2025 10:00", "warrant", "25-0001"]]
    parse = parse_audit_log(document(write_csv(tmp_path / "a.csv", rows, delimiter=";"), "csv"))
    assert len(parse.rows) == 1
    row = parse.rows[0]
    assert row["source_timezone"] == "UTC"
    assert parse.timezone == "UTC"
    assert row["case_number"] == "25-0001"
    assert row["user"] == "Officer A"


def test_unreadable_times_are_kept_and_reported_once(tmp_path: Path) -> None:
    rows = [HEADER, *[[f"b{i}", "u", "sometime", "1", "inv"] for i in range(5)]]
    parse = parse_audit_log(document(write_csv(tmp_path / "a.csv", rows), "csv"))
    assert len(parse.rows) == 5
    assert all(r["searched_at"] is None for r in parse.rows)
    assert [f.error_class for f in parse.failures] == ["AuditUnparsedTime"]
    assert "5 row(s)" in parse.failures[0].message


def test_csv_without_audit_header_is_a_failure_not_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "budget.csv", [["Item", "Amount"], ["Cameras", "1200"]])
    parse = parse_audit_log(document(path, "csv"))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditHeaderNotFound"]
    assert parse.failures[0].stage == "extract"
    assert parse.failures[0].path == "batch/budget.csv"


def test_generated_export_row_count_is_exact(tmp_path: Path) -> None:
    truth = make_audit_csv(tmp_path / "big.csv", 5000, seed=11)
    with truth.path.open(newline="", encoding="utf-8") as fh:
        python_csv_rows = sum(1 for _ in csv.reader(fh)) - 1
    parse = parse_audit_columns(document(truth.path, "csv"))
    assert parse.row_count == python_csv_rows == truth.rows
    assert sum(parse.columns["immigration"]) == truth.immigration_rows
    assert parse.columns["row_no"][-1] == 5000


def write_workbook(path: Path) -> Path:
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Search audit files"])
    cover.append(["Source: transparency portal"])
    log = wb.create_sheet("Log")
    log.append([*HEADER, "derived-local"])
    for i, (sid, user, when, count, reason) in enumerate(ROWS, start=2):
        log.append(
            [sid, user, datetime.fromisoformat(when), int(count), reason, f"=C{i}-TIME(8,0,0)"]
        )
    log.append([ROWS[0][0], "u1", datetime(2025, 6, 18, 0, 2, 4), 2510, "investigation", "=1"])
    log.append([None, None, None, None, None, "=C9"])  # a formula filled below the data
    summary = wb.create_sheet("Searches By User")
    summary.append(["UserId", "Search Count"])
    summary.append(["u1", 2])
    wb.save(path)
    return path


def test_workbook_reads_only_the_audit_sheet(tmp_path: Path) -> None:
    parse = parse_audit_log(document(write_workbook(tmp_path / "log.xlsx"), "xlsx"))
    assert len(parse.rows) == 4  # the duplicated row counts: it is a data row
    assert parse.rows[0]["searched_at"] == datetime(2025, 6, 18, 0, 2, 4, 789000)
    assert parse.rows[1]["immigration"] is True
    assert parse.rows[0]["devices"] == 2510
    assert parse.failures == []


def test_workbook_with_two_audit_sheets_numbers_rows_on(tmp_path: Path) -> None:
    wb = Workbook()
    for name in ("June", "July"):
        ws = wb.create_sheet(name)
        ws.append(["ID", "Org Name", "Search Time", "Reason"])
        ws.append([f"{name}-1", "Salem PD", "06/18/2025, 12:02:04 AM", "UUV"])
        ws.append([f"{name}-2", "Salem PD", "06/18/2025, 12:05:04 AM", "HSI"])
    default = wb["Sheet"]
    wb.remove(default)
    wb.save(tmp_path / "two.xlsx")
    parse = parse_audit_log(document(tmp_path / "two.xlsx", "xlsx"))
    assert [r["search_id"] for r in parse.rows] == ["June-1", "June-2", "July-1", "July-2"]
    assert [r["row_no"] for r in parse.rows] == [1, 2, 3, 4]
    assert parse.immigration_rows == 2


def test_broken_workbook_is_a_typed_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    parse = parse_audit_log(document(path, "xlsx"))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditFileError"]


def test_spaces_after_delimiters_in_the_header_mean_quoted_cells_follow_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spaced.csv"
    path.write_text(
        '"id", "userId", "searchDate", "cameraCount", "reason"\n'
        '"x1", "u1", "2025-06-18 00:02:04", 5, "ICE, HSI assist"\n',
        encoding="utf-8",
    )
    parse = parse_audit_log(document(path, "csv"))
    assert parse.rows[0]["reason"] == "ICE, HSI assist"
    assert parse.rows[0]["user"] == "u1"
    assert parse.rows[0]["devices"] == 5
