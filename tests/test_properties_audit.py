"""Property tests for audit exports: CSV dialect sniffing and audit row splitting.

An export written with any delimiter, quoting, line ending and encoding the
agencies' tools use, with titles above the header and cells full of delimiters,
quotes and line breaks, must come back row for row and cell for cell; ingest must
call it tabular. Generated audit PDFs of any length and layout must split into
exactly the rows that were drawn.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extract.audit_logs import parse_audit_log
from pipeline.extract.audit_values import clean_text
from pipeline.ingest.sniff import sniff_path
from pipeline.records import DocumentText, FileType, SourceFile
from pipeline.samples.audit_pdf import AuditPdfStyle, make_audit_pdf

HEADERS = {
    "search_id": "ID",
    "org_name": "Org Name",
    "searched_at": "Search Time",
    "reason": "Reason",
    "devices": "Camera Count",
}
# Characters every encoding under test can carry, and that exports hold in free text.
CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ,;|\t\"'\né’–#/()")), min_size=0, max_size=40
)
START = datetime(2025, 6, 18, 0, 0, 0)


@st.composite
def exports(draw: st.DrawFn) -> dict[str, object]:
    columns = draw(st.permutations(list(HEADERS)))
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for i in range(n):
        rows.append(
            {
                "search_id": f"s-{i:04d}",
                "org_name": draw(CELL_TEXT),
                "searched_at": (START + timedelta(minutes=7 * i)).strftime("%Y-%m-%d %H:%M:%S"),
                "reason": draw(CELL_TEXT),
                "devices": str(draw(st.integers(min_value=0, max_value=90000))),
            }
        )
    return {
        "columns": columns,
        "rows": rows,
        "delimiter": draw(st.sampled_from([",", "\t", ";", "|"])),
        "quoting": draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        "newline": draw(st.sampled_from(["\r\n", "\n"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        "titles": draw(
            st.lists(st.sampled_from(["Network Audit", "Exported 06/18/2025 by admin"]), max_size=2)
        ),
    }


def write_export(path: Path, spec: dict[str, object]) -> Path:
    columns: list[str] = spec["columns"]  # type: ignore[assignment]
    buf = io.StringIO()
    for title in spec["titles"]:  # type: ignore[attr-defined]
        buf.write(title + str(spec["newline"]))
    writer = csv.writer(
        buf,
        delimiter=str(spec["delimiter"]),
        quoting=spec["quoting"],  # type: ignore[arg-type]
        lineterminator=str(spec["newline"]),
    )
    writer.writerow([HEADERS[c] for c in columns])
    for row in spec["rows"]:  # type: ignore[attr-defined]
        writer.writerow([row[c] for c in columns])
    path.write_bytes(buf.getvalue().encode(str(spec["encoding"])))
    return path


def document(path: Path, file_type: FileType) -> DocumentText:
    source = SourceFile(
        "d" * 64, file_type, "", path.stat().st_size, (f"b/{path.name}",), str(path)
    )
    return DocumentText(source=source)


@given(spec=exports())
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_dialect_reads_back_row_for_row(tmp_path: Path, spec: dict[str, object]) -> None:
    path = write_export(tmp_path / "audit.csv", spec)
    parse = parse_audit_log(document(path, "csv"))
    rows: list[dict[str, str]] = spec["rows"]  # type: ignore[assignment]
    assert [r["search_id"] for r in parse.rows] == [r["search_id"] for r in rows]
    for got, want in zip(parse.rows, rows, strict=True):
        assert got["reason"] == clean_text(want["reason"])
        assert got["org_name"] == clean_text(want["org_name"])
        assert got["devices"] == int(want["devices"])
        assert got["searched_at"] is not None
    assert not [f for f in parse.failures if f.error_class != "AuditUnparsedTime"]


@given(spec=exports())
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    spec={
        "columns": list(HEADERS),
        "rows": [
            {
                "search_id": "s-0",
                "org_name": "a",
                "searched_at": "2025-06-18 00:00:00",
                "reason": "",
                "devices": "1",
            }
        ],
        "delimiter": ",",
        "quoting": csv.QUOTE_MINIMAL,
        "newline": "\n",
        "encoding": "utf-8",
        "titles": [],
    }
)
def test_ingest_sniffs_any_export_as_tabular_text(tmp_path: Path, spec: dict[str, object]) -> None:
    """Ingest never calls an export binary or an e-mail; with enough rows it is CSV."""
    path = write_export(tmp_path / "audit.dat", spec)
    sniffed = sniff_path(path)
    assert sniffed.file_type in {"csv", "text"}, sniffed
    rows: list[object] = spec["rows"]  # type: ignore[assignment]
    if len(rows) >= 5 and not spec["titles"]:
        assert sniffed.file_type == "csv", sniffed


# Centred headers over a short export are a known miss (see the xfail below).
STYLES = st.builds(
    AuditPdfStyle,
    valign=st.sampled_from(["TOP", "MIDDLE", "BOTTOM"]),
    header_align=st.just("LEFT"),
    integer_ids=st.booleans(),
    with_id=st.booleans(),
    split_rows=st.booleans(),
)


@pytest.mark.slow
@given(rows=st.integers(min_value=1, max_value=45), seed=st.integers(0, 2**31), style=STYLES)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_audit_pdf_rows_split_exactly_as_drawn(
    tmp_path: Path, rows: int, seed: int, style: AuditPdfStyle
) -> None:
    truth = make_audit_pdf(tmp_path / f"audit_{seed}.pdf", rows, seed=seed, style=style)
    source = SourceFile(
        "e" * 64,
        "pdf",
        "application/pdf",
        truth.path.stat().st_size,
        ("b/audit.pdf",),
        str(truth.path),
    )
    parse = parse_audit_log(DocumentText(source=source))
    assert len(parse.rows) == truth.rows, (truth.pages, style)
    for got, want in zip(parse.rows, truth.records, strict=True):
        if style.with_id:
            assert got["search_id"] == want["search_id"]
        assert got["reason"] == want["reason"]
        assert got["searched_at"] == want["searched_at"]
        assert got["immigration"] == want["immigration"]
    assert [r["row_no"] for r in parse.rows] == list(range(1, rows + 1))


@pytest.mark.xfail(
    strict=True,
    reason="known: with centred header labels and no reason long enough to reach under "
    "its label, a short reason ('case') is read into the Time Frame column",
)
def test_short_reason_under_a_centred_header_stays_in_its_column(tmp_path: Path) -> None:
    style = AuditPdfStyle(header_align="CENTER")
    truth = make_audit_pdf(tmp_path / "audit.pdf", 1, seed=1, style=style)
    source = SourceFile(
        "e" * 64,
        "pdf",
        "application/pdf",
        truth.path.stat().st_size,
        ("b/audit.pdf",),
        str(truth.path),
    )
    [row] = parse_audit_log(DocumentText(source=source)).rows
    assert (row["time_frame"], row["reason"]) == ("Last 1 days", "case")
