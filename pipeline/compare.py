"""Agencies side by side, one comparable field at a time, every value with its source.

`foia compare` and the HTML report both read the comparison views through these
functions, so the terminal and the report never disagree. Each value is a `Cell`
that keeps the documents and pages it came from: a reporter who sees "30 d" must be
able to open policy.pdf at page 2 and read the sentence, so a cell without sources
is never built from a fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.warehouse.connection import open_reader
from pipeline.warehouse.errors import WarehouseError

FIELDS = ("retention", "sharing", "vendors", "denials", "audit")
RETENTION_KINDS = ("alpr_data", "audit_log", "hotlist", "video", "other")
RECIPIENTS = (
    "law_enforcement",
    "federal",
    "immigration",
    "out_of_state",
    "public",
    "private",
    "other",
)
STANCE_RANK = {"prohibits": 3, "conditional": 2, "permits": 1}
DENIAL_KINDS = ("exemption", "no_records", "partial", "fee", "refusal")
CONTRACT_TERMS = ("total_price", "camera_count", "term_months")
AGENCY_KEYS = ("agency", "state")


class ComparisonError(WarehouseError):
    """The warehouse cannot answer a comparison (unknown field, views missing)."""


@dataclass(frozen=True)
class Source:
    """Where a value was read: document, page (or audit-log row) and quote."""

    doc_id: str
    file_name: str
    page_no: int | None = None
    quote: str | None = None
    row_no: int | None = None
    doc_type: str | None = None

    def location(self) -> str:
        """ "p.3", "row 12", or "" for a whole document."""
        if self.row_no is not None:
            return f"row {self.row_no}"
        return f"p.{self.page_no}" if self.page_no is not None else ""


@dataclass(frozen=True)
class Cell:
    """One compared value: short text, the value itself, a warning flag, its sources."""

    text: str
    value: Any = None
    sources: tuple[Source, ...] = ()
    flag: str | None = None

    def render(self, max_refs: int = 6) -> str:
        """Text with its sources, e.g. "30 d (policy.pdf p.2)"."""
        refs = source_labels(self.sources, max_refs)
        text = f"{self.text} ({refs})" if refs else self.text
        return f"{text} [{self.flag}]" if self.flag else text


@dataclass(frozen=True)
class Row:
    agency_id: str
    keys: tuple[str, ...]
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Comparison:
    field: str
    key_columns: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    state: str | None = None


def source_labels(sources: Sequence[Source], max_refs: int = 6) -> str:
    """Group references by file: "policy.pdf p.2, p.3; contract.pdf p.1 (+4 more)"."""
    by_file: dict[str, list[str]] = {}
    for src in sources:
        places = by_file.setdefault(src.file_name, [])
        if src.location() and src.location() not in places:
            places.append(src.location())
    parts: list[str] = []
    shown = 0
    total = sum(max(len(p), 1) for p in by_file.values())
    for name, places in by_file.items():
        if shown >= max_refs:
            break
        room = places[: max_refs - shown]
        shown += max(len(room), 1)
        parts.append(f"{name} {_join_places(room)}".strip())
    more = f" (+{total - shown} more)" if total > shown else ""
    return "; ".join(parts) + more


def _join_places(places: list[str]) -> str:
    """ "row 2, row 3" reads as "rows 2, 3"; pages stay "p.2, p.3"."""
    rows = [p.removeprefix("row ") for p in places if p.startswith("row ")]
    if len(rows) > 1 and len(rows) == len(places):
        return "rows " + ", ".join(rows)
    return ", ".join(places)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    try:
        cursor = con.execute(sql, list(params))
    except duckdb.CatalogException as exc:
        raise ComparisonError(
            f"the warehouse lacks a comparison view ({exc}); open it once with a newer "
            "`foia run` so the views are recreated"
        ) from exc
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _state_filter(column: str = "state") -> str:
    # Column names are constants of this module; the state itself is a bound parameter.
    return f"(CAST(? AS VARCHAR) IS NULL OR upper({column}) = upper(CAST(? AS VARCHAR)))"


def _source(row: dict[str, Any], prefix: str = "") -> Source:
    return Source(
        doc_id=str(row[f"{prefix}doc_id"]),
        file_name=str(row[f"{prefix}file_name" if not prefix else f"{prefix}file"]),
        page_no=row.get(f"{prefix}page_no"),
        quote=row.get(f"{prefix}quote"),
        doc_type=row.get("doc_type"),
    )


def _fact_source(row: dict[str, Any]) -> Source:
    return Source(
        doc_id=str(row["doc_id"]),
        file_name=str(row["file_name"]),
        page_no=row.get("page_no"),
        quote=row.get("quote"),
        row_no=row.get("row_no"),
        doc_type=row.get("doc_type"),
    )


def _agency_keys(row: dict[str, Any]) -> tuple[str, ...]:
    return (str(row["agency_name"]), str(row["state"] or ""))


def format_days(days: int | None, raw: str | None = None) -> str:
    return f"{days} d" if days is not None else (raw or "?")


def compare_retention(con: duckdb.DuckDBPyConnection, state: str | None = None) -> Comparison:
    """Per agency: each kind of data with every distinct period and where it is stated."""
    facts = _rows(
        con,
        "SELECT agency_id, agency_name, state, applies_to, days, raw, doc_id, doc_type, "
        "file_name, page_no, quote FROM retention_facts WHERE " + _state_filter() + " "
        "ORDER BY agency_name, agency_id, applies_to, days NULLS LAST, doc_id, page_no",
        [state, state],
    )
    pairs = _rows(
        con,
        "SELECT * FROM retention_disagreements WHERE " + _state_filter() + " "
        "ORDER BY agency_id, applies_to, days_a, days_b, doc_id_a, doc_id_b",
        [state, state],
    )
    kinds_seen = {f["applies_to"] for f in facts}
    columns = tuple(k for k in RETENTION_KINDS if k == "alpr_data" or k in kinds_seen)
    columns += (*sorted(kinds_seen - set(RETENTION_KINDS)), "disagreement")
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    keys: dict[str, tuple[str, ...]] = {}
    for f in facts:
        grouped[f["agency_id"]][f["applies_to"]].append(f)
        keys[f["agency_id"]] = _agency_keys(f)
    disagreements: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pairs:
        disagreements[p["agency_id"]].append(p)
    rows = []
    for agency_id, by_kind in grouped.items():
        cells = {kind: _retention_cell(items) for kind, items in by_kind.items()}
        if disagreements[agency_id]:
            cells["disagreement"] = _disagreement_cell(disagreements[agency_id])
            for kind in {p["applies_to"] for p in disagreements[agency_id]}:
                cells[kind] = _flagged(cells[kind], "documents disagree")
        rows.append(Row(agency_id, keys[agency_id], cells))
    return Comparison("retention", AGENCY_KEYS, columns, _sorted(rows), state)


def _retention_cell(items: list[dict[str, Any]]) -> Cell:
    by_value: dict[str, list[Source]] = {}
    for f in items:
        by_value.setdefault(format_days(f["days"], f["raw"]), []).append(_fact_source(f))
    days = sorted({f["days"] for f in items if f["days"] is not None})
    sources = tuple(s for group in by_value.values() for s in group)
    return Cell(text=" / ".join(by_value), value=days, sources=sources)


def _disagreement_cell(pairs: list[dict[str, Any]]) -> Cell:
    parts, sources = [], []
    for p in pairs:
        a = Source(p["doc_id_a"], p["file_a"], p["page_a"], p["quote_a"], None, p["doc_type_a"])
        b = Source(p["doc_id_b"], p["file_b"], p["page_b"], p["quote_b"], None, p["doc_type_b"])
        parts.append(
            f"{p['applies_to']}: {p['doc_type_a'] or 'document'} {p['days_a']} d vs "
            f"{p['doc_type_b'] or 'document'} {p['days_b']} d"
        )
        sources += [a, b]
    value = [
        {"applies_to": p["applies_to"], "days_a": p["days_a"], "days_b": p["days_b"]} for p in pairs
    ]
    return Cell(
        text="; ".join(dict.fromkeys(parts)),
        value=value,
        sources=tuple(sources),
        flag="documents disagree",
    )


def _flagged(cell: Cell, flag: str) -> Cell:
    return Cell(cell.text, cell.value, cell.sources, flag)


def compare_sharing(con: duckdb.DuckDBPyConnection, state: str | None = None) -> Comparison:
    """Per agency and recipient: the strongest stance, its quote, and any contrary stance."""
    strongest = _rows(
        con,
        "SELECT * FROM sharing_by_recipient WHERE " + _state_filter() + " "
        "ORDER BY agency_name, agency_id, recipient",
        [state, state],
    )
    others = _rows(
        con,
        "SELECT agency_id, recipient, stance, first_doc_id AS doc_id, first_file AS file_name, "
        "first_page_no AS page_no, first_quote AS quote FROM sharing_matrix WHERE "
        + _state_filter()
        + " ORDER BY agency_id, recipient, stance",
        [state, state],
    )
    alternatives: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for o in others:
        alternatives[(o["agency_id"], o["recipient"])].append(o)
    seen = {s["recipient"] for s in strongest}
    columns = tuple(r for r in RECIPIENTS if r in seen) + tuple(sorted(seen - set(RECIPIENTS)))
    cells_by_agency: dict[str, dict[str, Cell]] = defaultdict(dict)
    keys: dict[str, tuple[str, ...]] = {}
    for s in strongest:
        main = _source(s, "strongest_")
        extra = [
            Source(str(o["doc_id"]), str(o["file_name"]), o["page_no"], o["quote"])
            for o in alternatives[(s["agency_id"], s["recipient"])]
            if o["stance"] != s["strongest_stance"]
        ]
        contrary = [
            o["stance"]
            for o in alternatives[(s["agency_id"], s["recipient"])]
            if o["stance"] != s["strongest_stance"]
        ]
        text = s["strongest_stance"] or "?"
        if contrary:
            text += " (also " + ", ".join(contrary) + ")"
        cells_by_agency[s["agency_id"]][s["recipient"]] = Cell(
            text=text,
            value={"strongest": s["strongest_stance"], "stances": list(s["stances"] or [])},
            sources=(main, *extra),
            flag="documents conflict" if s["conflicting"] else None,
        )
        keys[s["agency_id"]] = _agency_keys(s)
    rows = [Row(a, keys[a], cells) for a, cells in cells_by_agency.items()]
    return Comparison("sharing", AGENCY_KEYS, columns, _sorted(rows), state)


def compare_vendors(con: duckdb.DuckDBPyConnection, state: str | None = None) -> Comparison:
    """One row per agency and vendor, with the priced terms of documents naming it."""
    vendors = _rows(
        con,
        "SELECT * FROM vendors_by_agency WHERE " + _state_filter() + " "
        "ORDER BY agency_name, agency_id, mentions DESC, vendor",
        [state, state],
    )
    mentions = _rows(
        con,
        "SELECT agency_id, vendor, doc_id, doc_type, file_name, page_no, quote FROM vendor_facts "
        "WHERE " + _state_filter() + " ORDER BY agency_id, vendor, doc_id, page_no, char_start",
        [state, state],
    )
    terms = _rows(
        con,
        "SELECT agency_id, doc_id, doc_type, file_name, page_no, term, value, unit, quote, "
        "vendors FROM contract_terms_by_agency WHERE " + _state_filter() + " "
        "ORDER BY agency_id, term, value DESC, doc_id, page_no",
        [state, state],
    )
    sources: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for m in mentions:
        sources[(m["agency_id"], m["vendor"])].append(_fact_source(m))
    term_cells: dict[tuple[str, str], dict[str, Cell]] = defaultdict(dict)
    for t in terms:
        for vendor in t["vendors"] or []:
            slot = term_cells[(t["agency_id"], vendor)]
            if t["term"] not in slot:  # largest value first (ORDER BY value DESC)
                slot[t["term"]] = Cell(
                    _format_term(t["value"], t["unit"]), t["value"], (_fact_source(t),)
                )
    seen_terms = {name for slot in term_cells.values() for name in slot}
    columns = (
        "vendor",
        "mentions",
        *[t for t in CONTRACT_TERMS if t in seen_terms],
        *sorted(seen_terms - set(CONTRACT_TERMS)),
    )
    rows = []
    for v in vendors:
        pair = (v["agency_id"], v["vendor"])
        cells = {
            "vendor": Cell(v["vendor"], v["vendor"], tuple(sources[pair])),
            "mentions": Cell(f"{v['mentions']} in {v['documents']} doc(s)", v["mentions"]),
            **term_cells.get(pair, {}),
        }
        rows.append(Row(v["agency_id"], _agency_keys(v), cells))
    return Comparison("vendors", AGENCY_KEYS, columns, _sorted(rows), state)


def _format_term(value: float | None, unit: str | None) -> str:
    if value is None:
        return "?"
    if unit and unit.upper() in {"USD", "$"}:
        return f"${value:,.2f}".replace(".00", "")
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return f"{number} {unit}" if unit else number


def compare_denials(con: duckdb.DuckDBPyConnection, state: str | None = None) -> Comparison:
    """Per agency and kind of denial: the citations used, how often, and where."""
    facts = _rows(
        con,
        "SELECT agency_id, agency_name, state, kind, citation, doc_id, doc_type, file_name, "
        "page_no, quote FROM denial_facts WHERE " + _state_filter() + " "
        "ORDER BY agency_name, agency_id, kind, citation, doc_id, page_no",
        [state, state],
    )
    grouped: dict[str, dict[str, dict[str, list[Source]]]] = defaultdict(lambda: defaultdict(dict))
    keys: dict[str, tuple[str, ...]] = {}
    for f in facts:
        kind = f["kind"] or "other"
        grouped[f["agency_id"]][kind].setdefault(f["citation"], []).append(_fact_source(f))
        keys[f["agency_id"]] = _agency_keys(f)
    seen = {k for by_kind in grouped.values() for k in by_kind}
    columns = tuple(k for k in DENIAL_KINDS if k in seen) + tuple(sorted(seen - set(DENIAL_KINDS)))
    rows = []
    for agency_id, by_kind in grouped.items():
        cells = {}
        for kind, by_citation in by_kind.items():
            alone = len(by_citation) == 1
            parts = [
                f"{_citation_label(citation, alone)} ×{len(srcs)}".strip()
                for citation, srcs in by_citation.items()
            ]
            value = {c: len(s) for c, s in by_citation.items()}
            srcs = tuple(s for group in by_citation.values() for s in group)
            cells[kind] = Cell("; ".join(parts), value, srcs)
        rows.append(Row(agency_id, keys[agency_id], cells))
    return Comparison("denials", AGENCY_KEYS, columns, _sorted(rows), state)


def _citation_label(citation: str, alone: bool) -> str:
    """Denials without a citation read "×3" alone, "(no citation) ×1" beside others."""
    if citation != "(none)":
        return citation
    return "" if alone else "(no citation)"


def compare_audit(con: duckdb.DuckDBPyConnection, state: str | None = None) -> Comparison:
    """Per searching organisation: searches, immigration searches by month, and the rows."""
    facts = _rows(
        con,
        "SELECT org_name, log_agency_id, log_agency_name, log_state AS state, doc_id, "
        "file_name, row_no, page_no, searched_at, month, reason, immigration "
        "FROM audit_search_facts WHERE " + _state_filter("log_state") + " "
        "ORDER BY org_name, searched_at, doc_id, row_no",
        [state, state],
    )
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in facts:
        by_org[f["org_name"] or "(unknown)"].append(f)
    rows = []
    for org, items in by_org.items():
        flagged = [f for f in items if f["immigration"]]
        months: dict[str, int] = {}
        for f in flagged:
            label = f["month"].strftime("%Y-%m") if f["month"] is not None else "undated"
            months[label] = months.get(label, 0) + 1
        logs = sorted({f["log_agency_name"] for f in items})
        logs_read = {f["doc_id"]: f["file_name"] for f in items}
        cells = {
            "searches": Cell(
                str(len(items)),
                len(items),
                tuple(Source(d, n, doc_type="audit_log") for d, n in logs_read.items()),
            ),
            "immigration": Cell(
                str(len(flagged)),
                len(flagged),
                _log_sources(flagged),
                "immigration" if flagged else None,
            ),
            "by_month": Cell(
                ", ".join(f"{m}: {n}" for m, n in months.items()) or "-",
                months,
                _log_sources(flagged),
            ),
            "example_reason": Cell(
                str(flagged[0]["reason"]) if flagged else "-",
                flagged[0]["reason"] if flagged else None,
                _log_sources(flagged[:1]),
            ),
            "in_logs_of": Cell("; ".join(logs), logs),
        }
        rows.append(Row(org, (org,), cells))
    rows.sort(key=lambda r: (-int(r.cells["immigration"].value), r.keys))
    columns = ("searches", "immigration", "by_month", "example_reason", "in_logs_of")
    return Comparison("audit", ("organization",), columns, tuple(rows), state)


def _log_sources(items: Iterable[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(
        Source(
            str(f["doc_id"]),
            str(f["file_name"]),
            f["page_no"],
            f["reason"],
            f["row_no"],
            "audit_log",
        )
        for f in items
    )


def _sorted(rows: Iterable[Row]) -> tuple[Row, ...]:
    # By state, agencies without a state after those with one; the unresolved bucket
    # goes last since it is not an agency.
    return tuple(
        sorted(rows, key=lambda r: (r.agency_id == "unknown", not r.keys[1], r.keys[1], r.keys[0]))
    )


_COMPARERS = {
    "retention": compare_retention,
    "sharing": compare_sharing,
    "vendors": compare_vendors,
    "denials": compare_denials,
    "audit": compare_audit,
}


def compare(
    con: duckdb.DuckDBPyConnection, field_name: str, state: str | None = None
) -> Comparison:
    try:
        comparer = _COMPARERS[field_name]
    except KeyError:
        raise ComparisonError(
            f"unknown field {field_name!r}; choose one of {', '.join(FIELDS)}"
        ) from None
    return comparer(con, state.upper() if state else None)


def compare_warehouse(warehouse: Path, field_name: str, state: str | None = None) -> Comparison:
    """Open the warehouse read-only and compare agencies on one field."""
    with open_reader(warehouse) as con:
        return compare(con, field_name, state)
