"""Correcting agency resolution: `foia agencies merge` and the aliases file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.agency_merges import (
    AgencyMergeError,
    Merge,
    apply_merges,
    load_merges,
    save_merge,
)
from pipeline.cli import app
from pipeline.compare import compare_warehouse
from pipeline.warehouse.connection import open_writer
from pipeline.warehouse.load import BatchLoad, load_batch
from pipeline.warehouse.query import run_query
from tests.comparison_data import AGENCIES, Doc, all_docs, comparison_batch

runner = CliRunner()
SPLIT: dict[str, Any] = {
    "agency_id": "fl-hbpd-records",
    "name": "HBPD Records Unit",
    "state": "FL",
    "kind": "other",
    "aliases": ["HBPD Records"],
}


def _split_batch(agencies: list[dict[str, Any]] | None = None) -> BatchLoad:
    """The comparison batch plus a letter the resolver put under a second agency."""
    letter = Doc(
        "harbor/records_unit_letter.pdf",
        "policy",
        "HBPD Records Unit",
        "FL",
        ["Plate data is kept for sixty (60) days."],
    )
    letter.fact(
        "retention_periods",
        1,
        "Plate data is kept for sixty (60) days",
        days=60,
        applies_to="alpr_data",
    )
    batch = comparison_batch([*all_docs(), letter])
    batch.agencies = agencies if agencies is not None else [*AGENCIES, SPLIT]
    return batch


def test_apply_merges_folds_names_into_the_kept_agency() -> None:
    rows = [dict(AGENCIES[0]), dict(SPLIT)]
    merged = apply_merges(rows, [Merge("hbpd records", "fl-harbor-bluff-police", "x")])
    assert [r["agency_id"] for r in merged] == ["fl-harbor-bluff-police"]
    assert merged[0]["aliases"] == ["HBPD", "Harbor Bluff PD", "HBPD Records Unit", "HBPD Records"]
    assert rows[0]["aliases"] == ["HBPD", "Harbor Bluff PD"]  # input untouched
    created = apply_merges([dict(SPLIT)], [Merge("fl-hbpd-records", "fl-new", "New Name")])
    assert created == [
        {
            "agency_id": "fl-new",
            "name": "New Name",
            "state": "FL",
            "kind": "other",
            "aliases": ["HBPD Records Unit", "HBPD Records"],
        }
    ]
    assert apply_merges(rows, []) == rows


def test_aliases_file_round_trip_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "agency_aliases.csv"
    assert load_merges(path) == []
    save_merge(path, Merge("fl-ocso", "fl-okaloosa-sheriff", "Okaloosa County Sheriff's Office"))
    save_merge(path, Merge("OCSO, Records", "fl-okaloosa-sheriff", "Okaloosa, FL", "note"))
    assert path.read_text().splitlines()[0] == "alias,agency_id,name,note"
    assert [m.alias for m in load_merges(path)] == ["fl-ocso", "OCSO, Records"]
    (tmp_path / "bad.csv").write_text("from,to\nx,y\n")
    with pytest.raises(AgencyMergeError, match="missing column"):
        load_merges(tmp_path / "bad.csv")
    (tmp_path / "blank.csv").write_text("alias,agency_id,name\n,fl-x,X\n")
    with pytest.raises(AgencyMergeError, match="line 2"):
        load_merges(tmp_path / "blank.csv")


def test_merge_command_moves_documents_and_survives_a_rerun(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    aliases = tmp_path / "agency_aliases.csv"
    with open_writer(db) as con:
        load_batch(con, _split_batch())
    before = compare_warehouse(db, "retention", "FL")
    assert "HBPD Records Unit" in [r.keys[0] for r in before.rows]

    result = runner.invoke(
        app,
        [
            "agencies",
            "merge",
            "Harbor Bluff PD",
            "HBPD Records",
            "-w",
            str(db),
            "--aliases",
            str(aliases),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "merged fl-hbpd-records into fl-harbor-bluff-police (1 document(s) moved)" in (
        result.output
    )
    after = compare_warehouse(db, "retention", "FL")
    assert [r.keys[0] for r in after.rows] == [
        "Harbor Bluff Police Department",
        "Marlow County Sheriff's Office",
    ]
    assert after.rows[0].cells["alpr_data"].value == [30, 60, 365]
    assert load_merges(aliases) == [
        Merge(
            "fl-hbpd-records",
            "fl-harbor-bluff-police",
            "Harbor Bluff Police Department",
            "was HBPD Records Unit",
        )
    ]

    # A later run resolves the letter to the split agency again; replaying the file
    # on the run's agency rows keeps the correction.
    corrected = apply_merges([*AGENCIES, SPLIT], load_merges(aliases))
    with open_writer(db) as con:
        load_batch(con, _split_batch(corrected))
    ids = run_query(db, "SELECT DISTINCT agency_id FROM documents ORDER BY 1").rows
    assert ("fl-hbpd-records",) not in ids
    listing = runner.invoke(app, ["agencies", "list", "-w", str(db)], env={"COLUMNS": "250"})
    assert "HBPD Records Unit" in listing.output and "fl-hbpd-records" not in listing.output


def test_merge_refuses_unknown_ambiguous_and_identical_agencies(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    twins = [*AGENCIES, {**SPLIT, "aliases": ["HBPD"]}]
    with open_writer(db) as con:
        load_batch(con, _split_batch(twins))
    aliases = tmp_path / "a.csv"
    cases = {
        ("Harbor Bluff PD", "Nowhere PD"): "no agency with id, name or alias 'Nowhere PD'",
        ("HBPD", "fl-marlow-sheriff"): "ambiguous",
        ("HBPD Records Unit", "fl-hbpd-records"): "already the same agency",
    }
    for (keep, absorb), message in cases.items():
        result = runner.invoke(
            app,
            ["agencies", "merge", keep, absorb, "-w", str(db), "--aliases", str(aliases)],
            env={"COLUMNS": "300"},
        )
        assert result.exit_code == 1
        assert message in result.output
    assert not aliases.exists()
