"""Exports: every table and view, re-loadable with identical row counts, documented."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.dictionary import UNDOCUMENTED
from pipeline.export import export_warehouse
from pipeline.warehouse.connection import open_reader
from tests.comparison_data import build_comparison_warehouse

runner = CliRunner()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_comparison_warehouse(tmp_path_factory.mktemp("exp") / "w.duckdb")


def _relations(db: Path) -> dict[str, int]:
    """Row count of every table and view, counted in the warehouse itself."""
    with open_reader(db) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names}


def test_parquet_export_reloads_with_identical_counts_and_types(
    warehouse: Path, tmp_path: Path
) -> None:
    expected = _relations(warehouse)
    assert {"documents", "pages", "audit_searches", "agency_profile", "sharing_matrix"} <= set(
        expected
    )
    result = export_warehouse(warehouse, tmp_path, "parquet")
    assert {r.name: r.rows for r in result.relations} == expected
    fresh = duckdb.connect()
    for name, rows in expected.items():
        path = str(tmp_path / f"{name}.parquet")
        assert fresh.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchall() == [
            (rows,)
        ], name
    recipients = fresh.execute(
        "SELECT recipients FROM read_parquet(?) WHERE stance = 'prohibits' ORDER BY quote",
        [str(tmp_path / "sharing_clauses.parquet")],
    ).fetchall()
    assert [r[0] for r in recipients] == [
        ["out_of_state", "immigration"],
        ["immigration", "federal"],
    ]
    searched = fresh.execute(
        "SELECT typeof(searched_at), min(searched_at)::VARCHAR FROM read_parquet(?) GROUP BY 1",
        [str(tmp_path / "audit_searches.parquet")],
    ).fetchall()
    assert searched == [("TIMESTAMP", "2024-01-09 10:00:00")]


def test_csv_export_reloads_with_identical_counts(warehouse: Path, tmp_path: Path) -> None:
    expected = _relations(warehouse)
    export_warehouse(warehouse, tmp_path, "csv")
    fresh = duckdb.connect()
    for name, rows in expected.items():
        path = str(tmp_path / f"{name}.csv")
        got = fresh.execute("SELECT count(*) FROM read_csv(?, header = true)", [path]).fetchall()
        assert got == [(rows,)], name
    # Page text with quotes, tabs and newlines survives the round trip.
    with open_reader(warehouse) as con:
        texts = sorted(r[0] for r in con.execute("SELECT text FROM pages").fetchall())
    reread = sorted(
        r[0]
        for r in fresh.execute(
            "SELECT text FROM read_csv(?, header = true, all_varchar = true)",
            [str(tmp_path / "pages.csv")],
        ).fetchall()
    )
    assert reread == texts
    with (tmp_path / "sharing_clauses.csv").open(newline="", encoding="utf-8") as handle:
        lists = [json.loads(row["recipients"]) for row in csv.DictReader(handle)]
    assert ["out_of_state", "immigration"] in lists


def test_data_dictionary_describes_every_column(warehouse: Path, tmp_path: Path) -> None:
    result = export_warehouse(warehouse, tmp_path, "csv")
    with result.dictionary_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open_reader(warehouse) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main'"
        ).fetchall()
    assert {(r["table"], r["column"]) for r in rows} == set(columns)
    undocumented = [(r["table"], r["column"]) for r in rows if r["meaning"] == UNDOCUMENTED]
    assert undocumented == []
    days = next(r for r in rows if (r["table"], r["column"]) == ("retention_periods", "days"))
    assert days["type"] == "INTEGER" and "days" in days["meaning"]
    markdown = result.dictionary_md.read_text(encoding="utf-8")
    assert "## retention_by_agency (view, 6 rows)" in markdown
    assert "| documents_disagree | BOOLEAN |" in markdown
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["relations"]["audit_searches"] == {
        "kind": "table",
        "rows": 8,
        "file": "audit_searches.csv",
    }


def test_cli_export_and_a_missing_warehouse(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    result = runner.invoke(
        app,
        ["export", "--format", "parquet", "--out", str(out), "-w", str(warehouse)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "exported 16 tables and 19 views as parquet" in result.output
    assert (out / "agency_profile.parquet").is_file()
    assert (out / "data_dictionary.md").is_file()
    missing = runner.invoke(app, ["export", "--out", str(out), "-w", str(tmp_path / "no.duckdb")])
    assert missing.exit_code == 1
    assert "no warehouse" in missing.output
