"""The scorer against a hand-built warehouse and hand-written gold labels."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

import duckdb
import pytest
from rich.console import Console

from pipeline.evaluate import (
    GoldFormatError,
    load_gold,
    render_misses,
    render_report,
    score_target,
    score_warehouse,
)
from pipeline.evaluate.citations import citation_sections
from pipeline.extract.agencies import resolve_agency

SCHEMA = Path(__file__).parents[1] / "pipeline" / "warehouse" / "schema.sql"

CONTRACT = b"%PDF-1.4 a contract between a city and Flock\n"
POLICY = b"%PDF-1.4 an ALPR use policy\n"
RESPONSE = b"%PDF-1.4 a records response that withholds camera locations\n"
AUDIT = b"id,searchDate,reason\n1,2025-01-01,ICE request\n2,2025-01-02,theft\n"

GOLD: dict[str, dict[str, Any]] = {
    "FL/city/contract.pdf": {
        "doc_type": "contract",
        "agency": "City of Sunrise Police Department",
        "state": "FL",
        "vendors": ["Flock Safety", "Vigilant Solutions"],
        "retention": [{"days": 30}, {"days": 30}],
        "sharing": [
            {"stance": "permits", "recipients": ["law_enforcement"]},
            {"stance": "prohibits", "recipients": []},
        ],
        "denials": [],
        "audit": None,
    },
    "FL/city/policy.pdf": {
        "doc_type": "policy",
        "agency": "Sunrise Police Department",
        "state": "FL",
        "vendors": ["Axon"],
        "retention": [{"days": 365}],
        "sharing": [
            {"stance": "conditional", "recipients": ["law_enforcement", "federal"]},
        ],
        "denials": [],
        "audit": None,
    },
    "OR/epd/response.pdf": {
        "doc_type": "foia_response",
        "agency": "Eugene Police Department",
        "state": "OR",
        "vendors": [],
        "retention": [],
        "sharing": [],
        "denials": [
            {"kind": "exemption", "citation": "ORS 192.345(23)(b)"},
            {"kind": "no_records", "citation": None},
        ],
        "audit": None,
    },
    "OR/epd/audit.csv": {
        "doc_type": "audit_log",
        "agency": "Eugene Police Department",
        "state": "OR",
        "vendors": ["Flock Safety"],
        "retention": [],
        "sharing": [],
        "denials": [],
        "audit": {"rows": 2, "immigration_rows": 1},
    },
}
FILES = {
    "FL/city/contract.pdf": CONTRACT,
    "FL/city/policy.pdf": POLICY,
    "OR/epd/response.pdf": RESPONSE,
    "OR/epd/audit.csv": AUDIT,
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel, data in FILES.items():
        (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / rel).write_bytes(data)
        (root / "gold" / f"{rel}.json").parent.mkdir(parents=True, exist_ok=True)
        record = {"file": f"docs/{rel}", **GOLD[rel], "notes": ""}
        (root / "gold" / f"{rel}.json").write_text(json.dumps(record))
    return root


class Warehouse:
    """A tiny warehouse made from schema.sql, filled row by row with bound parameters."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = duckdb.connect(str(path))
        self.con.execute(SCHEMA.read_text())

    def doc(self, data: bytes, doc_type: str, state: str | None, agency: str | None) -> str:
        doc_id = sha(data)
        agency_id = resolve_agency(agency, state).agency_id if agency else None
        self.con.execute(
            "INSERT INTO documents (doc_id, file_type, doc_type, state, agency_id, status) "
            "VALUES (?, 'pdf', ?, ?, ?, 'ok')",
            [doc_id, doc_type, state, agency_id],
        )
        return doc_id

    def vendor(self, doc_id: str, vendor: str) -> None:
        self.con.execute("INSERT INTO vendors (doc_id, vendor) VALUES (?, ?)", [doc_id, vendor])

    def retention(self, doc_id: str, days: int) -> None:
        self.con.execute(
            "INSERT INTO retention_periods (doc_id, days) VALUES (?, ?)", [doc_id, days]
        )

    def sharing(self, doc_id: str, stance: str, recipients: list[str] | None) -> None:
        self.con.execute(
            "INSERT INTO sharing_clauses (doc_id, stance, recipients) VALUES (?, ?, ?)",
            [doc_id, stance, recipients],
        )

    def denial(self, doc_id: str, kind: str, citation: str | None) -> None:
        self.con.execute(
            "INSERT INTO denials (doc_id, kind, citation) VALUES (?, ?, ?)",
            [doc_id, kind, citation],
        )

    def searches(self, doc_id: str, reasons: list[tuple[str, bool]]) -> None:
        for n, (reason, immigration) in enumerate(reasons, 1):
            self.con.execute(
                "INSERT INTO audit_searches (doc_id, row_no, reason, immigration) "
                "VALUES (?, ?, ?, ?)",
                [doc_id, n, reason, immigration],
            )

    def close(self) -> Path:
        self.con.close()
        return self.path


def perfect(path: Path, *, skip: Collection[str] = ()) -> Warehouse:
    """A warehouse that says exactly what the gold says (minus the `skip`ped facts)."""
    wh = Warehouse(path)
    c = wh.doc(CONTRACT, "contract", "FL", "City of Sunrise Police Department")
    if "vigilant" not in skip:
        wh.vendor(c, "Vigilant Solutions")
    wh.vendor(c, "flock safety")  # case differs from gold on purpose
    wh.vendor(c, "Flock Safety")  # a second mention of the same vendor
    wh.retention(c, 30)
    wh.sharing(c, "permits", ["law_enforcement"])
    wh.sharing(c, "prohibits", None)
    p = wh.doc(POLICY, "policy", "FL", "Sunrise PD")
    wh.vendor(p, "Axon")
    wh.retention(p, 365)
    wh.sharing(p, "conditional", ["federal", "law_enforcement"])
    r = wh.doc(RESPONSE, "foia_response", "OR", "Eugene Police Department")
    wh.denial(r, "exemption", "O.R.S. § 192.345")
    wh.denial(r, "no_records", None)
    a = wh.doc(AUDIT, "audit_log", "OR", "Eugene Police Department")
    wh.vendor(a, "Flock Safety")
    wh.searches(a, [("ICE request", True), ("theft", False)])
    return wh


def test_perfect_prediction_scores_one_everywhere(corpus: Path, tmp_path: Path) -> None:
    warehouse = perfect(tmp_path / "w.duckdb").close()
    report = score_warehouse(corpus / "gold", corpus / "docs", warehouse)
    assert report.documents == 4
    assert report.matched == 4
    assert report.misses == []
    for name, score in report.fields.items():
        assert score.fp == 0 and score.fn == 0, name
        assert score.f1 == 1.0, name
    assert report.fields["doc_type"].accuracy == 1.0
    assert report.fields["vendors"].tp == 4  # 2 + 1 + 1 distinct per document
    assert report.fields["sharing"].tp == 4  # permits:le, prohibits:other, 2 conditional
    assert report.fields["audit_rows"].docs == 1


def test_missing_vendor_lowers_recall_as_computed_by_hand(corpus: Path, tmp_path: Path) -> None:
    warehouse = perfect(tmp_path / "w.duckdb", skip={"vigilant"}).close()
    report = score_warehouse(corpus / "gold", corpus / "docs", warehouse)
    vendors = report.fields["vendors"]
    assert (vendors.tp, vendors.fp, vendors.fn) == (3, 0, 1)
    assert vendors.recall == pytest.approx(3 / 4)
    assert vendors.precision == 1.0
    assert vendors.f1 == pytest.approx(2 * 3 / (2 * 3 + 1))
    [miss] = report.misses
    assert miss.doc == "FL/city/contract.pdf"
    assert miss.field == "vendors"
    assert miss.missing == ("Vigilant Solutions",)
    assert miss.extra == ()


def test_wrong_values_count_as_false_positive_and_negative(corpus: Path, tmp_path: Path) -> None:
    wh = perfect(tmp_path / "w.duckdb")
    contract = sha(CONTRACT)
    wh.con.execute("UPDATE documents SET doc_type = 'policy' WHERE doc_id = ?", [contract])
    wh.retention(contract, 90)  # a payment term taken for retention
    wh.denial(sha(RESPONSE), "fee", "ORS 192.324(4)(a)")
    wh.con.execute("UPDATE audit_searches SET immigration = false")
    report = score_warehouse(corpus / "gold", corpus / "docs", wh.close())

    doc_type = report.fields["doc_type"]
    assert (doc_type.tp, doc_type.fp, doc_type.fn, doc_type.docs) == (3, 1, 1, 4)
    assert doc_type.accuracy == pytest.approx(0.75)
    assert report.confusion["contract"] == {"policy": 1}

    retention = report.fields["retention"]
    assert (retention.tp, retention.fp, retention.fn) == (2, 1, 0)
    assert retention.precision == pytest.approx(2 / 3)
    assert retention.recall == 1.0

    assert (report.fields["denial_kinds"].fp, report.fields["denial_citations"].fp) == (1, 1)
    assert report.fields["audit_rows"].accuracy == 1.0
    assert report.fields["audit_immigration_rows"].accuracy == 0.0
    fields = {(m.field, m.missing, m.extra) for m in report.misses}
    assert ("retention", (), ("90",)) in fields
    assert ("denial_citations", (), ("192.324",)) in fields
    assert ("audit_immigration_rows", ("1",), ("0",)) in fields


def test_document_missing_from_warehouse_counts_all_its_items(corpus: Path, tmp_path: Path) -> None:
    wh = perfect(tmp_path / "w.duckdb")
    wh.con.execute("DELETE FROM documents WHERE doc_id = ?", [sha(RESPONSE)])
    wh.con.execute("DELETE FROM denials WHERE doc_id = ?", [sha(RESPONSE)])
    report = score_warehouse(corpus / "gold", corpus / "docs", wh.close())
    assert report.matched == 3
    assert report.unmatched == [f"OR/epd/response.pdf ({sha(RESPONSE)[:12]})"]
    kinds = report.fields["denial_kinds"]
    assert (kinds.tp, kinds.fp, kinds.fn) == (0, 0, 2)
    assert kinds.precision is None  # nothing predicted: undefined, not 1.0
    assert kinds.recall == 0.0
    assert report.fields["doc_type"].fn == 1


def test_scoring_leaves_the_warehouse_unchanged(corpus: Path, tmp_path: Path) -> None:
    warehouse = perfect(tmp_path / "w.duckdb").close()
    before = warehouse.read_bytes()
    score_warehouse(corpus / "gold", corpus / "docs", warehouse)
    assert warehouse.read_bytes() == before


def test_fact_tables_absent_count_as_no_facts(corpus: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(
        "CREATE TABLE documents (doc_id VARCHAR, doc_type VARCHAR, state VARCHAR, "
        "agency_id VARCHAR)"
    )
    con.execute("INSERT INTO documents VALUES (?, 'policy', 'FL', NULL)", [sha(POLICY)])
    con.close()
    report = score_warehouse(corpus / "gold", corpus / "docs", tmp_path / "old.duckdb")
    assert report.matched == 1
    assert report.fields["vendors"].fn == 4  # 2 + 1 + 1: only the policy was found


def test_expected_json_layout_is_found_beside_the_batch(tmp_path: Path) -> None:
    batch = tmp_path / "raw_docs" / "sample"
    (batch / "sub").mkdir(parents=True)
    (batch / "sub" / "policy.pdf").write_bytes(POLICY)
    records = [{"file": "sub/policy.pdf", **GOLD["FL/city/policy.pdf"]}]
    (tmp_path / "raw_docs" / "sample.expected.json").write_text(json.dumps(records))
    wh = perfect(tmp_path / "w.duckdb").close()

    gold, layout = load_gold(batch)
    assert [g.doc_id for g in gold] == [sha(POLICY)]
    assert "expected" in layout
    report = score_target(batch, wh)
    assert report.matched == 1
    assert report.fields["retention"].f1 == 1.0


def test_corpus_root_and_gold_dir_both_load(corpus: Path) -> None:
    from_root, _ = load_gold(corpus)
    from_gold, _ = load_gold(corpus / "gold")
    assert [g.name for g in from_root] == [g.name for g in from_gold]
    assert len(from_root) == 4


def test_malformed_gold_is_a_typed_error(corpus: Path) -> None:
    (corpus / "gold" / "broken.pdf.json").write_text("{not json")
    with pytest.raises(GoldFormatError, match=r"broken\.pdf\.json"):
        load_gold(corpus)


def test_report_serialises_and_renders(corpus: Path, tmp_path: Path) -> None:
    warehouse = perfect(tmp_path / "w.duckdb", skip={"vigilant"}).close()
    report = score_warehouse(corpus / "gold", corpus / "docs", warehouse)
    data = json.loads(report.to_json())
    assert data["fields"]["vendors"]["recall"] == pytest.approx(0.75)
    assert data["misses"][0]["missing"] == ["Vigilant Solutions"]
    console = Console(width=200, record=True)
    console.print(render_report(report))
    console.print(render_misses(report))
    text = console.export_text()
    assert "vendors" in text and "0.750" in text and "Vigilant Solutions" in text


@pytest.mark.parametrize(
    ("citation", "sections"),
    [
        ("Fla. Stat. § 316.0777", ["316.0777"]),
        ("ORS 192.345(3)", ["192.345"]),
        ("ORS 192.345(23)(b)", ["192.345"]),
        ("ORS 192.345(3) and ORS 181A.825(1)(b)", ["192.345", "181A.825"]),
        ("section 119.071(2)(c), F.S.", ["119.071"]),
        ("Va. Code §2.2-5517(I)(7)", ["2.2-5517"]),
        ("S.C. Code Ann. § 30-4-40(a)(3)", ["30-4-40"]),
        ("5 U.S.C. § 552(b)(7)(E)", ["552"]),
        ("Exemption 7(E)", ["exemption 7(e)"]),
        (None, []),
    ],
)
def test_citations_reduce_to_section_numbers(citation: str | None, sections: list[str]) -> None:
    assert citation_sections(citation) == sections


@pytest.mark.corpus
def test_corpus_gold_citations_reduce_to_sections() -> None:
    corpus = Path(__file__).parents[1] / ".." / "shared" / "corpus"
    if not (corpus / "gold").is_dir():
        pytest.skip("shared corpus not present at ../shared/corpus")
    gold, _ = load_gold(corpus)
    assert len(gold) >= 28
    assert all(g.doc_id for g in gold), "every gold file has its document beside it"
    cited = {s for g in gold for c in g.labels.denial_citations for s in citation_sections(c)}
    assert {"192.345", "181A.825", "192.324", "192.329"} <= cited


def test_audit_log_with_no_rows_parsed_gets_no_immigration_credit(
    corpus: Path, tmp_path: Path
) -> None:
    wh = perfect(tmp_path / "w.duckdb")
    wh.con.execute("DELETE FROM audit_searches")
    report = score_warehouse(corpus / "gold", corpus / "docs", wh.close())
    rows, immigration = report.fields["audit_rows"], report.fields["audit_immigration_rows"]
    assert (rows.tp, rows.fp, rows.fn) == (0, 1, 1)  # claimed an audit log, counted 0 rows
    assert (immigration.tp, immigration.fp, immigration.fn) == (0, 0, 1)
