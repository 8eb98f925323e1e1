"""The `foia` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.warehouse.connection import newest_version, open_writer
from pipeline.warehouse.load import load_batch
from tests.test_warehouse import _batch

runner = CliRunner()


def _warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
    return db


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys; from pipeline.cli import app; "
        "heavy = [m for m in ('dagster', 'duckdb', 'spacy', 'pypdfium2') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "sql", "status", "ui"):
        assert command in result.output


def test_sql_prints_table_csv_and_json(tmp_path: Path) -> None:
    db = _warehouse(tmp_path)
    query = "select doc_type, count(*) as n from documents group by 1"
    table = runner.invoke(app, ["sql", query, "-w", str(db)])
    assert table.exit_code == 0, table.output
    assert "policy" in table.output and "1 row(s)" in table.output
    as_csv = runner.invoke(app, ["sql", query, "-w", str(db), "--format", "csv"])
    assert as_csv.output.splitlines() == ["doc_type,n", "policy,1"]
    as_json = runner.invoke(
        app, ["sql", "select recipients from sharing_clauses", "-w", str(db), "--format", "json"]
    )
    assert json.loads(as_json.output) == [{"recipients": ["immigration", "federal"]}]


def test_sql_refuses_a_write_with_a_clear_message(tmp_path: Path) -> None:
    db = _warehouse(tmp_path)
    result = runner.invoke(app, ["sql", "drop table documents", "-w", str(db)])
    assert result.exit_code == 1
    assert "read-only" in result.output
    again = runner.invoke(
        app, ["sql", "select count(*) from documents", "-w", str(db), "-f", "csv"]
    )
    assert again.output.splitlines()[-1] == "1"


def test_warehouse_from_environment_and_missing_file(tmp_path: Path) -> None:
    db = _warehouse(tmp_path)
    result = runner.invoke(app, ["status"], env={"FOIA_WAREHOUSE": str(db)})
    assert result.exit_code == 0, result.output
    assert "retention_periods" in result.output
    assert f"schema version {newest_version()}" in result.output
    missing = runner.invoke(app, ["status", "-w", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 1
    assert "foia run" in missing.output


def test_run_on_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "-w", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "no batch folder" in result.output
