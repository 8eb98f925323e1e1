"""Comparing agencies: the views and `foia compare`, on a hand-written warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare import (
    ComparisonError,
    Row,
    Source,
    compare_warehouse,
    source_labels,
)
from pipeline.warehouse.connection import _sql_file, open_writer
from pipeline.warehouse.load import load_batch
from pipeline.warehouse.query import run_query
from tests.comparison_data import Doc, build_comparison_warehouse, comparison_batch

runner = CliRunner()
HARBOR = "Harbor Bluff Police Department"
MARLOW = "Marlow County Sheriff's Office"
CEDAR = "Cedar Falls Police Department"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_comparison_warehouse(tmp_path_factory.mktemp("cmp") / "w.duckdb")


def _row(rows: tuple[Row, ...], name: str) -> Row:
    return next(r for r in rows if r.keys[0] == name)


def test_retention_has_one_row_per_agency_with_sources(warehouse: Path) -> None:
    result = compare_warehouse(warehouse, "retention")
    assert [r.keys for r in result.rows] == [
        (HARBOR, "FL"),
        (MARLOW, "FL"),
        (CEDAR, "OR"),
        ("Unknown agency", ""),
    ]
    assert result.columns == ("alpr_data", "audit_log", "hotlist", "disagreement")
    harbor = _row(result.rows, HARBOR).cells
    assert harbor["alpr_data"].value == [30, 365]
    assert harbor["alpr_data"].flag == "documents disagree"
    assert harbor["alpr_data"].render() == (
        "30 d / 365 d (policy_alpr.pdf p.2; flock_order_form.pdf p.2) [documents disagree]"
    )
    assert harbor["disagreement"].text == "alpr_data: policy 30 d vs contract 365 d"
    marlow = _row(result.rows, MARLOW).cells
    assert (marlow["alpr_data"].value, marlow["audit_log"].value, marlow["hotlist"].value) == (
        [1825],
        [730],
        [1],
    )
    assert marlow["alpr_data"].sources[0].quote == "Plate reads are kept for five (5) years"
    assert "disagreement" not in marlow


def test_state_filter_is_case_insensitive(warehouse: Path) -> None:
    florida = compare_warehouse(warehouse, "retention", "fl")
    assert [r.keys[0] for r in florida.rows] == [HARBOR, MARLOW]
    oregon = compare_warehouse(warehouse, "sharing", "OR")
    assert [r.keys[0] for r in oregon.rows] == [CEDAR]
    assert compare_warehouse(warehouse, "denials", "TX").rows == ()


def test_retention_disagreement_means_different_sets_of_periods(tmp_path: Path) -> None:
    def doc(path: str, days: list[int]) -> Doc:
        text = " ".join(f"Kept {d} days." for d in days)
        made = Doc(path, "policy", "Harbor Bluff Police Department", "FL", [text])
        for d in days:
            made.fact("retention_periods", 1, f"Kept {d} days.", days=d, applies_to="alpr_data")
        return made

    cases = {
        "same single period": ([30], [30], False),
        "same two periods": ([30, 365], [30, 365], False),
        "one adds a period": ([30], [30, 365], True),
    }
    for name, (a, b, expected) in cases.items():
        db = tmp_path / f"{name}.duckdb"
        with open_writer(db) as con:
            load_batch(con, comparison_batch([doc("a.pdf", a), doc("b.pdf", b)]))
        flag = run_query(db, "SELECT documents_disagree FROM retention_by_agency").rows
        pairs = run_query(db, "SELECT days_a, days_b FROM retention_disagreements").rows
        assert flag == [(expected,)], name
        assert bool(pairs) == expected, name
    assert pairs == [(30, 365)]


def test_sharing_takes_the_strongest_stance_and_flags_conflicts(warehouse: Path) -> None:
    result = compare_warehouse(warehouse, "sharing")
    assert result.columns == (
        "law_enforcement",
        "federal",
        "immigration",
        "out_of_state",
        "public",
    )
    federal = _row(result.rows, HARBOR).cells["federal"]
    assert federal.value == {"strongest": "prohibits", "stances": ["permits", "prohibits"]}
    assert federal.flag == "documents conflict"
    assert federal.text == "prohibits (also permits)"
    assert federal.sources[0].file_name == "policy_alpr.pdf"
    assert federal.sources[0].page_no == 3
    assert federal.sources[1].file_name == "flock_order_form.pdf"
    marlow = _row(result.rows, MARLOW).cells
    assert marlow["federal"].value["strongest"] == "conditional"
    assert marlow["federal"].flag is None
    assert marlow["out_of_state"].render() == "permits (general_order_41-12.pdf p.3)"
    cedar = _row(result.rows, CEDAR).cells
    assert cedar["immigration"].value["strongest"] == "prohibits"
    stances = {c.value["strongest"] for r in result.rows for c in r.cells.values()}
    assert stances == {"permits", "prohibits", "conditional"}


def test_sharing_views_for_researchers(warehouse: Path) -> None:
    rows = run_query(
        warehouse,
        "SELECT agency_name, recipient, strongest_stance, conflicting, strongest_page_no "
        "FROM sharing_by_recipient WHERE recipient = 'federal' ORDER BY 1",
    ).rows
    assert rows == [
        (HARBOR, "federal", "prohibits", True, 3),
        (MARLOW, "federal", "conditional", False, 3),
    ]
    matrix = run_query(
        warehouse,
        "SELECT stance, clauses, first_file FROM sharing_matrix "
        "WHERE agency_id = 'fl-harbor-bluff-police' AND recipient = 'federal' ORDER BY 1",
    ).rows
    assert matrix == [("permits", 1, "flock_order_form.pdf"), ("prohibits", 1, "policy_alpr.pdf")]


def test_vendors_carry_contract_terms_with_their_page(warehouse: Path) -> None:
    result = compare_warehouse(warehouse, "vendors")
    assert result.columns == ("vendor", "mentions", "total_price", "camera_count", "term_months")
    harbor = _row(result.rows, HARBOR).cells
    assert harbor["vendor"].text == "Flock Safety"
    assert harbor["mentions"].value == 2
    assert harbor["total_price"].render() == "$96,100 (flock_order_form.pdf p.1)"
    assert harbor["camera_count"].value == 14
    assert harbor["term_months"].text == "24 months"
    assert "total_price" not in _row(result.rows, MARLOW).cells
    assert [r.keys[0] for r in result.rows][-1] == "Unknown agency"


def test_denials_by_agency_kind_and_citation(warehouse: Path) -> None:
    result = compare_warehouse(warehouse, "denials")
    assert result.columns == ("exemption", "no_records", "partial", "fee")
    cedar = _row(result.rows, CEDAR).cells
    assert cedar["exemption"].render() == "OR 192.345(3) ×2 (response.pdf p.1, p.2)"
    assert cedar["fee"].value == {"(none)": 1}
    assert _row(result.rows, MARLOW).cells["no_records"].text == "×1"
    by_citation = run_query(
        warehouse,
        "SELECT citation, kind, agency_id, denials FROM denials_by_citation "
        "WHERE kind = 'exemption' ORDER BY citation",
    ).rows
    assert by_citation == [
        ("FL 119.071(2)(c)", "exemption", "fl-harbor-bluff-police", 1),
        ("OR 192.345(3)", "exemption", "or-cedar-falls-police", 2),
    ]


def test_audit_counts_immigration_searches_by_org_and_month(warehouse: Path) -> None:
    result = compare_warehouse(warehouse, "audit")
    assert [r.keys[0] for r in result.rows] == [
        MARLOW,
        HARBOR,
        "Lakeview Police Department",
    ]
    marlow = result.rows[0].cells
    assert marlow["searches"].value == 3
    assert marlow["immigration"].value == 3
    assert marlow["by_month"].value == {"2024-01": 1, "2024-02": 1, "2024-03": 1}
    assert [s.row_no for s in marlow["immigration"].sources] == [2, 3, 6]
    assert marlow["immigration"].render() == "3 (flock_audit_2024.csv rows 2, 3, 6) [immigration]"
    months = run_query(
        warehouse,
        "SELECT strftime(month, '%Y-%m'), sum(immigration_searches) "
        "FROM audit_searches_by_org_month GROUP BY 1 ORDER BY 1",
    ).rows
    assert months == [("2024-01", 1), ("2024-02", 2), ("2024-03", 2), ("2024-04", 0)]


def test_agency_profile_joins_every_comparison(warehouse: Path) -> None:
    result = run_query(warehouse, "SELECT * FROM agency_profile ORDER BY agency_id")
    profiles = {row[0]: dict(zip(result.columns, row, strict=True)) for row in result.rows}
    harbor = profiles["fl-harbor-bluff-police"]
    assert (harbor["alpr_min_days"], harbor["alpr_max_days"]) == (30, 365)
    assert harbor["alpr_retention_disagree"] is True
    assert harbor["prohibits_to"] == ["federal", "immigration"]
    assert harbor["conflicting_on"] == ["federal"]
    assert harbor["vendors"] == ["Flock Safety"]
    assert harbor["contract_total_price"] == 96100.0
    assert harbor["denial_citations"] == ["FL 119.071(2)(c)"]
    assert (harbor["searches_run"], harbor["immigration_searches_run"]) == (2, 1)
    marlow = profiles["fl-marlow-sheriff"]
    assert (marlow["audit_searches_in_logs"], marlow["immigration_searches_in_logs"]) == (8, 5)
    assert marlow["federal_stance"] == "conditional"
    assert marlow["out_of_state_stance"] == "permits"
    assert profiles["or-cedar-falls-police"]["denials"] == 3
    assert profiles["unknown"]["vendors"] == ["Rekor Systems"]


def test_source_labels_group_by_file_and_cap() -> None:
    pages = [Source("a", "policy.pdf", n) for n in (2, 3, 2)] + [Source("b", "mou.pdf", 1)]
    assert source_labels(pages) == "policy.pdf p.2, p.3; mou.pdf p.1"
    assert source_labels(pages, max_refs=2) == "policy.pdf p.2, p.3 (+1 more)"
    rows = [Source("c", "log.csv", 1, row_no=n) for n in (4, 9)]
    assert source_labels(rows) == "log.csv rows 4, 9"
    assert source_labels([Source("c", "log.csv")]) == "log.csv"


def test_cli_compare_prints_table_csv_and_json(warehouse: Path) -> None:
    table = runner.invoke(
        app, ["compare", "--field", "retention", "-w", str(warehouse)], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0, table.output
    assert "policy_alpr.pdf p.2" in table.output and "4 row(s)" in table.output
    as_csv = runner.invoke(
        app,
        ["compare", "--field", "sharing", "--state", "FL", "--format", "csv", "-w", str(warehouse)],
    )
    lines = as_csv.output.splitlines()
    assert lines[0] == "agency,state,law_enforcement,federal,immigration,out_of_state"
    assert lines[1].startswith(f"{HARBOR},FL,permits (policy_alpr.pdf p.3),")
    as_json = runner.invoke(
        app, ["compare", "--field", "vendors", "--format", "json", "-w", str(warehouse)]
    )
    payload = json.loads(as_json.output)
    harbor = next(r for r in payload["rows"] if r["agency"] == HARBOR)
    price = harbor["values"]["total_price"]
    assert price["value"] == 96100.0
    assert price["sources"][0]["quote"] == "Total Contract Value $96,100.00"
    assert price["sources"][0]["page_no"] == 1


def test_cli_compare_rejects_unknown_field(warehouse: Path) -> None:
    result = runner.invoke(app, ["compare", "--field", "budgets", "-w", str(warehouse)])
    assert result.exit_code == 2


def test_a_warehouse_without_views_gets_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(_sql_file("schema.sql"))
    con.close()
    with pytest.raises(ComparisonError, match="lacks a comparison view"):
        compare_warehouse(db, "retention")
    with pytest.raises(ComparisonError, match="unknown field"):
        compare_warehouse(db, "budgets")
