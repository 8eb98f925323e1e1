"""The warehouse contract: schema, migrations, idempotent loads, read-only queries."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.records import (
    DocumentText,
    Extraction,
    Failure,
    PageRegion,
    PageText,
    SourceFile,
    WordBox,
)
from pipeline.warehouse.accounting import facts_off_their_page, unaccounted_files
from pipeline.warehouse.connection import (
    SCHEMA_VERSION,
    current_version,
    migrate,
    newest_version,
    open_reader,
    open_writer,
    scalar,
)
from pipeline.warehouse.errors import ReadOnlyViolation, WarehouseBusy, WarehouseMissing
from pipeline.warehouse.known import known_documents, stored_texts
from pipeline.warehouse.load import BatchLoad, load_batch
from pipeline.warehouse.query import run_query

CONTRACT_TABLES = {
    "documents",
    "document_paths",
    "pages",
    "agencies",
    "vendors",
    "retention_periods",
    "sharing_clauses",
    "denials",
    "contract_terms",
    "hotlists",
    "audit_searches",
    "failures",
    "runs",
}
MIGRATIONS = Path(__file__).resolve().parents[1] / "pipeline" / "warehouse" / "migrations"
PAGE = "Plate data is purged after thirty (30) days unless retained as evidence."


def _source(doc_id: str = "a" * 64, paths: tuple[str, ...] = ("b1/policy.pdf",)) -> SourceFile:
    return SourceFile(doc_id, "pdf", "application/pdf", 100, paths, "/dev/null")


def _batch(source: SourceFile | None = None, run_id: str = "run-1") -> BatchLoad:
    source = source or _source()
    text = DocumentText(source, [PageText(source.doc_id, 1, "text_layer", PAGE, "layer_ok")])
    start = PAGE.index("thirty")
    end = PAGE.index(" unless")
    ext = Extraction(
        doc_id=source.doc_id,
        doc_type="policy",
        agency="Harbor Bluff Police Department",
        state="FL",
        facts={
            "retention_periods": [
                {
                    "page_no": 1,
                    "days": 30,
                    "raw": "thirty (30) days",
                    "applies_to": "alpr_data",
                    "quote": PAGE[start:end],
                    "char_start": start,
                    "char_end": end,
                    "method": "rule",
                    "confidence": 0.9,
                }
            ],
            "sharing_clauses": [
                {
                    "page_no": 1,
                    "stance": "prohibits",
                    "recipients": ["immigration", "federal"],
                    "quote": PAGE[:10],
                    "char_start": 0,
                    "char_end": 10,
                }
            ],
        },
    )
    return BatchLoad(
        batch="b1",
        run_id=run_id,
        started_at=datetime(2026, 1, 1),
        sources=[source],
        texts=[text],
        extractions=[ext],
        failures=[Failure("b1/broken.pdf", "ingest", "UnsupportedFileType", "random bytes")],
        agencies=[
            {
                "agency_id": "fl-harbor-bluff-pd",
                "name": "Harbor Bluff Police Department",
                "state": "FL",
                "kind": "police",
                "aliases": ["HBPD"],
            }
        ],
        text_engine_version="t1",
        extractor_version="e1",
        files_seen=2,
    )


def _counts(path: Path) -> dict[str, int]:
    with open_reader(path) as con:
        return {t: scalar(con, f"SELECT count(*) FROM {t}") for t in CONTRACT_TABLES}


def test_fresh_warehouse_has_every_contract_table(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        }
        assert tables >= CONTRACT_TABLES
        assert current_version(con) == newest_version() > SCHEMA_VERSION


def test_migration_runs_once_and_records_version(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    nxt = newest_version() + 1
    sql = "ALTER TABLE documents ADD COLUMN notes VARCHAR;"
    (migrations / f"{nxt:04d}_add_notes.sql").write_text(sql)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert migrate(con, migrations) == nxt
    assert migrate(con, migrations) == nxt  # a second open does not re-run it
    cols = {r[0] for r in con.execute("DESCRIBE documents").fetchall()}
    assert "notes" in cols
    got = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    versions = [r[0] for r in got]
    assert versions == list(range(1, nxt + 1))


def test_loading_the_same_batch_twice_adds_no_rows(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        first = load_batch(con, _batch())
    once = _counts(db)
    with open_writer(db) as con:
        again = load_batch(con, _batch(run_id="run-2"))
    twice = _counts(db)
    assert first.documents_new == 1 and again.documents_new == 0
    assert {k: v for k, v in twice.items() if k != "runs"} == {
        k: v for k, v in once.items() if k != "runs"
    }
    assert once["retention_periods"] == 1 and once["failures"] == 1
    assert again.failures_new == 0


def test_a_second_path_for_known_content_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
        load_batch(con, _batch(_source(paths=("b1/policy.pdf", "b1/copy/policy (1).pdf"))))
    result = run_query(db, "SELECT path FROM document_paths ORDER BY 1")
    assert [r[0] for r in result.rows] == ["b1/copy/policy (1).pdf", "b1/policy.pdf"]
    assert run_query(db, "SELECT count(*) FROM documents").rows == [(1,)]


def test_failed_load_leaves_the_file_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
    before = _counts(db)
    bad = _batch(_source("b" * 64, ("b1/other.pdf",)), run_id="run-bad")
    bad.extractions[0].facts["vendors"] = [{"no_such_column": 1}]
    with open_writer(db) as con, pytest.raises(ValueError, match="no_such_column"):
        load_batch(con, bad)
    assert _counts(db) == before


def test_views_compare_agencies(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
    rows = run_query(db, "SELECT agency_name, applies_to, min_days FROM retention_by_agency").rows
    assert rows == [("Harbor Bluff Police Department", "alpr_data", 30)]
    matrix = run_query(db, "SELECT recipient, stance FROM sharing_matrix ORDER BY 1").rows
    assert matrix == [("federal", "prohibits"), ("immigration", "prohibits")]


def test_quotes_are_checked_against_page_text(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
        assert facts_off_their_page(con) == 0
        con.execute("UPDATE retention_periods SET char_start = char_start + 1")
        assert facts_off_their_page(con) == 1


def test_unaccounted_files_finds_what_was_dropped(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch(_source(paths=("b1/policy.pdf", "b1/pack.zip!inner/policy.pdf"))))
        on_disk = ["b1/policy.pdf", "b1/pack.zip", "b1/broken.pdf", "b1/lost.pdf"]
        assert unaccounted_files(con, "b1", on_disk) == ["b1/lost.pdf"]


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE documents",
        "INSERT INTO failures (path, stage, error_class, message) VALUES ('x','x','x','x')",
        "UPDATE documents SET doc_type = 'x'",
        "ATTACH '/tmp/other.duckdb'",
        "COPY documents TO '/tmp/out.csv'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
    ],
)
def test_sql_refuses_writes_and_outside_access(tmp_path: Path, statement: str) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
    with pytest.raises(ReadOnlyViolation):
        run_query(db, statement)
    assert run_query(db, "SELECT count(*) FROM documents").rows == [(1,)]


def test_reading_files_from_disk_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db):
        pass
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n")
    with pytest.raises(ReadOnlyViolation):
        run_query(db, "SELECT * FROM read_csv(?)", [str(secret)])


def test_missing_and_busy_warehouse_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissing, match="foia run"):
        run_query(tmp_path / "none.duckdb", "SELECT 1")
    db = tmp_path / "w.duckdb"
    with open_writer(db):
        pass
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(30)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(WarehouseBusy, match="in use"), open_writer(db):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_known_documents_and_stored_texts_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert known_documents(db, ["a" * 64]) == {}
    with open_writer(db) as con:
        load_batch(con, _batch())
    known = known_documents(db, ["a" * 64, "c" * 64])
    assert set(known) == {"a" * 64}
    assert known["a" * 64].text_engine_version == "t1"
    assert known["a" * 64].extractor_version == "e1"
    (doc,) = stored_texts(db, [_source()])
    assert [p.text for p in doc.pages] == [PAGE]


def test_agency_aliases_accumulate_across_batches(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_writer(db) as con:
        load_batch(con, _batch())
        later = _batch(_source("b" * 64, ("b2/letter.pdf",)), run_id="run-2")
        later.agencies = [{**later.agencies[0], "aliases": ["Harbor Bluff PD"]}]
        load_batch(con, later)
    rows = run_query(db, "SELECT agency_id, aliases FROM agencies").rows
    assert rows == [("fl-harbor-bluff-pd", ["HBPD", "Harbor Bluff PD"])]


def test_same_agency_name_in_two_states_resolves_by_state(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load = _batch()
    load.extractions[0].state = "CA"
    load.extractions[0].agency = "Hollywood Police Department"
    load.agencies = [
        {
            "agency_id": "fl-hollywood-police",
            "name": "Hollywood Police Department",
            "state": "FL",
            "kind": "police",
            "aliases": [],
        },
        {
            "agency_id": "ca-hollywood-police",
            "name": "Hollywood Police Department",
            "state": "CA",
            "kind": "police",
            "aliases": [],
        },
    ]
    with open_writer(db) as con:
        load_batch(con, load)
    assert run_query(db, "SELECT agency_id FROM documents").rows == [("ca-hollywood-police",)]
    # The FL row names no document of the warehouse, so it is not kept.
    assert run_query(db, "SELECT agency_id FROM agencies").rows == [("ca-hollywood-police",)]


def _ocr_batch(source: SourceFile) -> BatchLoad:
    """A one-page OCR'd document whose words carry boxes, with two words furniture."""
    words: list[WordBox] = []
    for i, m in enumerate(re.finditer(r"\S+", PAGE)):
        # One line of words, 40 pt apart, 100 pt from the top of the page.
        words.append(WordBox(m.start(), m.end(), 72.0 + 40 * i, 100.0, 100.0 + 40 * i, 112.0, 90.0))
    page = PageText(
        source.doc_id,
        1,
        "ocr",
        PAGE,
        "layer_empty",
        91.0,
        612.0,
        792.0,
        rotation_deg=90,
        skew_deg=1.5,
        ocr_dpi=300,
        preprocess="none",
        words=tuple(words),
        furniture=(PageRegion(0, 10, "header"),),
    )
    batch = _batch(source)
    return replace(batch, texts=[DocumentText(source, [page])])


def test_word_boxes_and_furniture_land_and_locate_facts(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    source = _source()
    with open_writer(db) as con:
        load_batch(con, _ocr_batch(source))
        load_batch(con, _ocr_batch(source))  # a re-load replaces, never duplicates
        n_words = len(PAGE.split())
        assert scalar(con, "SELECT count(*) FROM page_words") == n_words
        assert con.execute(
            "SELECT rotation_deg, skew_deg, ocr_dpi, preprocess FROM pages"
        ).fetchall() == [(90, 1.5, 300, "none")]
        assert con.execute("SELECT kind, text FROM page_furniture").fetchall() == [
            ("header", PAGE[:10])
        ]
        # "thirty (30) days" is words 5-7 of the page: the box spans exactly them.
        region = con.execute(
            "SELECT x0, y0, x1, y1, words FROM fact_regions WHERE fact_table = 'retention_periods'"
        ).fetchall()
        first = PAGE[: PAGE.index("thirty")].count(" ")
        assert region == [(72.0 + 40 * first, 100.0, 100.0 + 40 * (first + 2), 112.0, 3)]
    furniture = stored_texts(db, [source])[0].pages[0].furniture
    assert furniture == (PageRegion(0, 10, "header"),)


def test_a_version_1_warehouse_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    old = duckdb.connect(str(db))
    old.execute((MIGRATIONS.parent / "schema.sql").read_text(encoding="utf-8"))
    old.execute("INSERT INTO schema_version (version) VALUES (1)")
    old.execute("INSERT INTO pages (doc_id, page_no, method, text) VALUES ('d', 1, 'ocr', 'kept')")
    old.close()
    with open_writer(db) as con:
        assert current_version(con) == newest_version()
        assert con.execute("SELECT text, rotation_deg FROM pages").fetchall() == [("kept", None)]
        assert scalar(con, "SELECT count(*) FROM fact_regions") == 0
