"""Everything the HTML report shows, read from the warehouse in one read-only pass.

The report is built from plain values gathered here (comparisons, chart series,
every fact with an id, and the text of each cited page), so rendering is pure and
testable without DuckDB, and the terminal `foia compare` and the report share the
same comparison code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.compare import (
    Comparison,
    compare_audit,
    compare_denials,
    compare_retention,
    compare_sharing,
    compare_vendors,
    format_days,
)
from pipeline.warehouse.connection import open_reader

MAX_SEARCH_FACTS_PER_LOG = 300


@dataclass(frozen=True)
class Fact:
    """One extracted statement with the id its links and anchors use."""

    fact_id: str
    kind: str
    agency_id: str
    summary: str
    quote: str | None
    doc_id: str
    file_name: str
    doc_type: str | None
    page_no: int | None
    char_start: int | None = None
    char_end: int | None = None
    row_no: int | None = None


@dataclass
class PageView:
    """A cited page: its stored text and the facts read from it."""

    doc_id: str
    page_no: int | None
    file_name: str
    paths: tuple[str, ...]
    doc_type: str | None
    agency_id: str
    agency_name: str
    method: str | None = None
    ocr_confidence: float | None = None
    text: str | None = None
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    state: str | None
    profile: dict[str, Any]


@dataclass
class ReportData:
    generated_at: datetime
    warehouse_name: str
    totals: dict[str, int]
    agencies: list[Agency]
    retention: Comparison
    sharing: Comparison
    vendors: Comparison
    denials: Comparison
    audit: Comparison
    retention_ranges: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    denial_counts: list[dict[str, Any]]
    immigration_by_month: list[dict[str, Any]]
    facts: list[Fact]
    pages: dict[tuple[str, int | None], PageView]


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # Table names are constants from TOTALS below, never from data.
    return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])


TOTALS = (
    "documents",
    "pages",
    "vendors",
    "retention_periods",
    "sharing_clauses",
    "denials",
    "contract_terms",
    "hotlists",
    "audit_searches",
    "failures",
)

_FACT_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "retention",
        "SELECT r.doc_id, r.page_no, r.char_start, r.char_end, r.quote, NULL::INTEGER AS row_no, "
        "r.days, r.raw, coalesce(r.applies_to, 'other') AS detail FROM retention_periods r",
    ),
    (
        "sharing",
        "SELECT s.doc_id, s.page_no, s.char_start, s.char_end, s.quote, NULL::INTEGER AS row_no, "
        "s.stance, array_to_string(s.recipients, ', ') AS detail FROM sharing_clauses s",
    ),
    (
        "vendor",
        "SELECT v.doc_id, v.page_no, v.char_start, v.char_end, v.quote, NULL::INTEGER AS row_no, "
        "v.vendor, v.mention AS detail FROM vendors v",
    ),
    (
        "contract term",
        "SELECT c.doc_id, c.page_no, c.char_start, c.char_end, c.quote, NULL::INTEGER AS row_no, "
        "c.term, c.value, c.unit AS detail FROM contract_terms c",
    ),
    (
        "denial",
        "SELECT d.doc_id, d.page_no, d.char_start, d.char_end, d.quote, NULL::INTEGER AS row_no, "
        "d.kind, coalesce(d.citation_normalized, d.citation) AS detail FROM denials d",
    ),
    (
        "hotlist",
        "SELECT h.doc_id, h.page_no, h.char_start, h.char_end, h.quote, NULL::INTEGER AS row_no, "
        "h.hotlist AS detail FROM hotlists h",
    ),
    (
        "immigration search",
        "SELECT a.doc_id, a.page_no, NULL::INTEGER AS char_start, NULL::INTEGER AS char_end, "
        "a.reason AS quote, a.row_no, a.org_name, a.searched_at AS detail FROM ("
        "  SELECT *, row_number() OVER (PARTITION BY doc_id ORDER BY searched_at, row_no) AS n"
        "  FROM audit_searches WHERE immigration) a WHERE a.n <= ?",
    ),
)


def _summary(kind: str, row: dict[str, Any]) -> str:
    detail = row.get("detail")
    if kind == "retention":
        return f"{format_days(row['days'], row['raw'])} — {detail}"
    if kind == "sharing":
        return f"{row['stance'] or '?'}: {detail or 'other'}"
    if kind == "vendor":
        vendor = str(row["vendor"])
        return vendor if not detail or detail == vendor else f"{vendor} (“{detail}”)"
    if kind == "contract term":
        value = row["value"]
        shown = f"{value:,.0f}" if isinstance(value, float) and value.is_integer() else value
        return f"{row['term']}: {shown} {detail or ''}".strip()
    if kind == "denial":
        return f"{row['kind'] or '?'}" + (f" — {detail}" if detail else "")
    if kind == "immigration search":
        when = detail.strftime("%Y-%m-%d") if isinstance(detail, datetime) else "undated"
        return f"{row['org_name'] or '(unknown org)'}, {when}"
    return str(detail or "")


def _collect_facts(con: duckdb.DuckDBPyConnection, docs: dict[str, dict[str, Any]]) -> list[Fact]:
    facts: list[Fact] = []
    for kind, sql in _FACT_QUERIES:
        params = [MAX_SEARCH_FACTS_PER_LOG] if "?" in sql else []
        ordered = f"SELECT * FROM ({sql}) ORDER BY doc_id, page_no NULLS LAST, row_no, char_start"
        for row in _rows(con, ordered, params):
            doc = docs.get(row["doc_id"], {})
            facts.append(
                Fact(
                    fact_id=f"f{len(facts) + 1}",
                    kind=kind,
                    agency_id=str(doc.get("agency_id", "unknown")),
                    summary=_summary(kind, row),
                    quote=row["quote"],
                    doc_id=str(row["doc_id"]),
                    file_name=str(doc.get("file_name") or row["doc_id"][:12]),
                    doc_type=doc.get("doc_type"),
                    page_no=row["page_no"],
                    char_start=row["char_start"],
                    char_end=row["char_end"],
                    row_no=row["row_no"],
                )
            )
    return facts


def _collect_pages(
    con: duckdb.DuckDBPyConnection, facts: Sequence[Fact], docs: dict[str, dict[str, Any]]
) -> dict[tuple[str, int | None], PageView]:
    views: dict[tuple[str, int | None], PageView] = {}
    for fact in facts:
        key = (fact.doc_id, fact.page_no)
        if key not in views:
            doc = docs.get(fact.doc_id, {})
            views[key] = PageView(
                doc_id=fact.doc_id,
                page_no=fact.page_no,
                file_name=fact.file_name,
                paths=tuple(doc.get("paths") or ()),
                doc_type=doc.get("doc_type"),
                agency_id=str(doc.get("agency_id", "unknown")),
                agency_name=str(doc.get("agency_name", "Unknown agency")),
            )
        views[key].facts.append(fact)
    wanted = [{"doc_id": d, "page_no": p} for d, p in views if p is not None]
    if wanted:
        import pyarrow as pa

        con.register("_wanted_pages", pa.Table.from_pylist(wanted))
        try:
            for row in _rows(
                con,
                "SELECT p.doc_id, p.page_no, p.method, p.ocr_confidence, p.text "
                "FROM pages p JOIN _wanted_pages w USING (doc_id, page_no)",
            ):
                view = views[(row["doc_id"], row["page_no"])]
                view.method = row["method"]
                view.ocr_confidence = row["ocr_confidence"]
                view.text = row["text"]
        finally:
            con.unregister("_wanted_pages")
    return views


def _documents(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = _rows(
        con,
        "SELECT da.doc_id, da.doc_type, da.agency_id, da.agency_name, dn.file_name, "
        "(SELECT list(path ORDER BY path) FROM document_paths p WHERE p.doc_id = da.doc_id) "
        "AS paths FROM document_agency da JOIN document_names dn USING (doc_id)",
    )
    return {r["doc_id"]: r for r in rows}


def collect_report_data(con: duckdb.DuckDBPyConnection, warehouse_name: str = "") -> ReportData:
    docs = _documents(con)
    facts = _collect_facts(con, docs)
    totals = {t: _count(con, t) for t in TOTALS}
    totals["agencies"] = _count(con, "agencies")
    profiles = _rows(
        con,
        "SELECT * FROM agency_profile ORDER BY agency_id = 'unknown', "
        "state NULLS LAST, agency_name",
    )
    agencies = [Agency(str(p["agency_id"]), str(p["agency_name"]), p["state"], p) for p in profiles]
    ranges = _rows(
        con,
        "WITH alpr AS (SELECT * FROM retention_by_agency WHERE applies_to = 'alpr_data'), "
        "other AS (SELECT agency_id, any_value(agency_name) AS agency_name, "
        "  any_value(state) AS state, 'all data' AS applies_to, "
        "  flatten(list(days_values)) AS days_values, bool_or(documents_disagree) "
        "  AS documents_disagree, arg_min(shortest_doc_id, min_days) AS shortest_doc_id, "
        "  arg_min(shortest_page_no, min_days) AS shortest_page_no "
        "  FROM retention_by_agency WHERE agency_id NOT IN (SELECT agency_id FROM alpr) "
        "  GROUP BY agency_id) "
        "SELECT agency_id, agency_name, state, applies_to, days_values, documents_disagree, "
        "shortest_doc_id, shortest_page_no FROM alpr UNION ALL "
        "SELECT agency_id, agency_name, state, applies_to, days_values, documents_disagree, "
        "shortest_doc_id, shortest_page_no FROM other "
        "ORDER BY agency_id = 'unknown', state NULLS LAST, agency_name",
    )
    return ReportData(
        generated_at=datetime.now().replace(microsecond=0),
        warehouse_name=warehouse_name,
        totals=totals,
        agencies=agencies,
        retention=compare_retention(con),
        sharing=compare_sharing(con),
        vendors=compare_vendors(con),
        denials=compare_denials(con),
        audit=compare_audit(con),
        retention_ranges=[r for r in ranges if r["days_values"]],
        disagreements=_rows(
            con,
            "SELECT * FROM retention_disagreements "
            "ORDER BY agency_name, applies_to, days_a, days_b",
        ),
        denial_counts=_rows(
            con,
            "SELECT citation, kind, count(*) AS denials, "
            "count(DISTINCT agency_id) AS agencies, "
            "arg_min(doc_id, (doc_id, page_no)) AS doc_id, "
            "arg_min(page_no, (doc_id, page_no)) AS page_no "
            "FROM denial_facts GROUP BY citation, kind "
            "ORDER BY denials DESC, citation, kind",
        ),
        immigration_by_month=_rows(
            con,
            "SELECT org_name, month, searches, immigration_searches "
            "FROM audit_searches_by_org_month "
            "WHERE month IS NOT NULL ORDER BY month, org_name",
        ),
        facts=facts,
        pages=_collect_pages(con, facts, docs),
    )


def read_report_data(warehouse: Path) -> ReportData:
    """Gather the report's data through a read-only connection."""
    with open_reader(warehouse) as con:
        return collect_report_data(con, warehouse.name)
