"""Turning `ReportData` into the report's HTML: an index page and one page per cited page.

Pure functions from data to markup. Every value from the warehouse goes through
markup.esc (directly or through `tag`); the page carries a Content-Security-Policy
that forbids scripts and any network load, so even a mistake here cannot make the
report fetch something or run code.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from string import Template

from pipeline.compare import RECIPIENTS, Cell, Comparison, Source
from pipeline.report.data import Agency, Fact, PageView, ReportData
from pipeline.report.markup import Markup, esc, join, shorten, tag
from pipeline.report.svg import (
    LABEL_CHARS,
    Bar,
    HeatCell,
    RangeBar,
    dot_matrix,
    hbar_chart,
    retention_chart,
    sharing_heatmap,
    stacked_columns,
)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
PAGES_DIR = "pages"
_HEX = re.compile(r"^[0-9a-f]{16,64}$")
DENIAL_COLORS = {
    "exemption": "#2f6fad",
    "no_records": "#6b6b6b",
    "partial": "#f0a03c",
    "fee": "#3a9a5b",
    "refusal": "#c8372d",
}
MAX_QUOTE = 280
MAX_MONTHS = 120
TOP_ORGS = 6

_DOCUMENT = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
</head>
<body>
$body
</body>
</html>
""")

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1d;
background:#fafafa;line-height:1.45}
header{background:#1f2d3d;color:#fff;padding:18px 32px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;color:#cfd8e3}
header a{color:#fff}
nav{padding:10px 32px;background:#e9eef3;font-size:14px}
nav a{margin-right:14px}
main{padding:8px 32px 40px;max-width:1280px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:12px 20px;
margin:18px 0;overflow-x:auto}
h2{font-size:19px;margin:6px 0 10px}
h3{font-size:16px;margin:14px 0 6px}
a{color:#1a5fa8}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid #e1e4e8;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#f3f5f7}
td .src{display:block;color:#666;font-size:12px}
.flag{color:#9a5b00;font-weight:600}
.quote{color:#333;font-style:italic}
.totals span{display:inline-block;margin:0 18px 4px 0}
.totals b{font-size:18px}
.chart{max-width:100%;height:auto}
.empty{color:#777;font-style:italic}
dl.profile{display:grid;grid-template-columns:220px 1fr;gap:3px 12px;font-size:14px;margin:6px 0}
dl.profile dt{color:#555}
dl.profile dd{margin:0}
pre.page{white-space:pre-wrap;word-wrap:break-word;background:#fbfbf7;border:1px solid #e1e4e8;
padding:14px;font-size:13px;line-height:1.5}
mark{background:#ffe58a}
mark:target,li:target{background:#ffc7b8;outline:2px solid #c8372d}
ol.facts li{margin-bottom:8px}
.muted{color:#666;font-size:13px}
"""


def page_file(doc_id: str, page_no: int | None) -> str:
    """File name of a page view; built from the sha256 only, never from a path."""
    stem = doc_id[:16] if _HEX.match(doc_id) else hashlib.sha256(doc_id.encode()).hexdigest()[:16]
    return f"{stem}-p{page_no if page_no is not None else 0}.html"


def _document(title: str, body: Markup) -> str:
    return _DOCUMENT.substitute(csp=CSP, title=esc(title), style=STYLE, body=body)


class Links:
    """Where each fact and agency lives, so tables and charts can link to them."""

    def __init__(self, data: ReportData) -> None:
        self.pages = set(data.pages)
        self.by_quote: dict[tuple[str, int | None, str | None, int | None], str] = {}
        for fact in data.facts:
            self.by_quote.setdefault(
                (fact.doc_id, fact.page_no, fact.quote, fact.row_no), fact.fact_id
            )
        self.agency_anchor = {a.agency_id: f"agency-{i}" for i, a in enumerate(data.agencies, 1)}

    def page(self, doc_id: str, page_no: int | None, fact_id: str | None = None) -> str | None:
        if (doc_id, page_no) not in self.pages:
            return None
        anchor = f"#{fact_id}" if fact_id else ""
        return f"{PAGES_DIR}/{page_file(doc_id, page_no)}{anchor}"

    def source(self, src: Source) -> str | None:
        fact_id = self.by_quote.get((src.doc_id, src.page_no, src.quote, src.row_no))
        return self.page(src.doc_id, src.page_no, fact_id)

    def fact(self, fact: Fact) -> str | None:
        return self.page(fact.doc_id, fact.page_no, fact.fact_id)


def _source_links(sources: Sequence[Source], links: Links, limit: int = 8) -> Markup:
    """ "policy.pdf p.2, p.3; contract.pdf p.1" with each place a link to its page."""
    by_doc: dict[tuple[str, str], list[Source]] = {}
    for src in sources:
        group = by_doc.setdefault((src.doc_id, src.file_name), [])
        if all(s.location() != src.location() for s in group):
            group.append(src)
    parts: list[Markup] = []
    shown = 0
    for (_, file_name), group in by_doc.items():
        if shown >= limit:
            break
        located = [src for src in group[: limit - shown] if src.location()]
        single = len(group) == 1
        places: list[Markup] = []
        for src in located:
            href = links.source(src)
            title = shorten(src.quote, 300) if src.quote else None
            label = f"{file_name} {src.location()}" if single else src.location()
            places.append(
                tag("a", label, href=href, title=title) if href else tag("span", label, title=title)
            )
        shown += max(len(places), 1)
        if single and places:
            parts.append(places[0])
        else:
            parts.append(join([esc(file_name + (" " if places else "")), join(places, ", ")]))
    total = sum(max(len(g), 1) for g in by_doc.values())
    if total > shown:
        parts.append(esc(f"+{total - shown} more"))
    return join(parts, "; ")


def _cell(cell: Cell | None, links: Links) -> Markup:
    if cell is None:
        return tag("td", "—", class_="muted")
    inner = [esc(cell.text)]
    if cell.sources:
        inner.append(tag("span", _source_links(cell.sources, links), class_="src"))
    if cell.flag:
        inner.append(tag("span", f"⚠ {cell.flag}", class_="flag"))
    return tag("td", join(inner))


def comparison_table(comparison: Comparison, links: Links) -> Markup:
    if not comparison.rows:
        return tag("p", "Nothing found in the warehouse for this comparison.", class_="empty")
    head = tag(
        "tr",
        *(tag("th", c.replace("_", " ")) for c in (*comparison.key_columns, *comparison.columns)),
    )
    body = []
    for row in comparison.rows:
        keys = [
            tag("td", tag("a", row.keys[0], href="#" + links.agency_anchor[row.agency_id]))
            if row.agency_id in links.agency_anchor
            else tag("td", row.keys[0])
        ]
        keys += [tag("td", k) for k in row.keys[1:]]
        body.append(tag("tr", *keys, *(_cell(row.cells.get(c), links) for c in comparison.columns)))
    return tag("table", tag("thead", head), tag("tbody", *body))


def _chart_label(name: str, state: str | None, mark: str = "") -> str:
    """A row label for a chart: the name cut to fit, the state (and mark) always kept."""
    suffix = (f" ({state})" if state else "") + mark
    return shorten(name, LABEL_CHARS - len(suffix)) + suffix


def _agency_label(name: str, state: str | None) -> str:
    return f"{name} ({state})" if state else name


# ------------------------------------------------------------------------- charts


def retention_section(data: ReportData, links: Links) -> Markup:
    bars = [
        RangeBar(
            label=_chart_label(
                r["agency_name"], r["state"], "" if r["applies_to"] == "alpr_data" else " *"
            ),
            values=tuple(sorted({int(v) for v in r["days_values"]})),
            flagged=bool(r["documents_disagree"]),
            href=links.page(r["shortest_doc_id"], r["shortest_page_no"]),
        )
        for r in data.retention_ranges
    ]
    chart = (
        retention_chart(bars, "Retention of plate data, days (log scale)")
        if bars
        else tag("p", "No retention periods found.", class_="empty")
    )
    note = tag(
        "p",
        "Each dot is a period stated in a document; a red range means the "
        "agency's documents disagree. * = no period stated for ALPR data, all "
        "kinds of data shown.",
        class_="muted",
    )
    parts = [tag("h2", "Retention"), chart, note, comparison_table(data.retention, links)]
    if data.disagreements:
        items = []
        for d in data.disagreements:
            a = tag(
                "a", f"{d['file_a']} p.{d['page_a']}", href=links.page(d["doc_id_a"], d["page_a"])
            )
            b = tag(
                "a", f"{d['file_b']} p.{d['page_b']}", href=links.page(d["doc_id_b"], d["page_b"])
            )
            items.append(
                tag(
                    "li",
                    tag("b", d["agency_name"]),
                    esc(f" — {d['applies_to']}: "),
                    esc(f"{d['doc_type_a'] or 'document'} says {d['days_a']} d ("),
                    a,
                    esc(f": “{shorten(d['quote_a'] or '', 160)}”), "),
                    esc(f"{d['doc_type_b'] or 'document'} says {d['days_b']} d ("),
                    b,
                    esc(f": “{shorten(d['quote_b'] or '', 160)}”)"),
                )
            )
        parts += [tag("h3", "Documents that disagree"), tag("ul", *items)]
    return tag("section", *parts, id="retention")


def sharing_section(data: ReportData, links: Links) -> Markup:
    comparison = data.sharing
    columns = [c for c in RECIPIENTS if c in comparison.columns] or list(RECIPIENTS[:4])
    cells: dict[tuple[int, int], HeatCell] = {}
    for i, row in enumerate(comparison.rows):
        for j, column in enumerate(columns):
            cell = row.cells.get(column)
            if cell is None or not isinstance(cell.value, dict):
                continue
            main = cell.sources[0] if cell.sources else None
            cells[(i, j)] = HeatCell(
                stance=str(cell.value.get("strongest")),
                conflict=cell.flag is not None,
                href=links.source(main) if main else None,
                tooltip=f"{row.keys[0]} → {column}: {cell.text}"
                + (f" — “{shorten(main.quote or '', 200)}”" if main else ""),
            )
    labels = [_chart_label(r.keys[0], r.keys[1] or None) for r in comparison.rows]
    chart = (
        sharing_heatmap(labels, columns, cells, "Sharing: strongest stance per recipient")
        if comparison.rows
        else tag("p", "No sharing clauses found.", class_="empty")
    )
    note = tag(
        "p",
        "Strongest = most restrictive stance any document of the agency takes "
        "(prohibits > conditional > permits); ! marks a recipient that one document "
        "permits and another prohibits. Click a cell for the quote.",
        class_="muted",
    )
    return tag(
        "section",
        tag("h2", "Sharing"),
        chart,
        note,
        comparison_table(comparison, links),
        id="sharing",
    )


def vendors_section(data: ReportData, links: Links) -> Markup:
    comparison = data.vendors
    agencies = list(dict.fromkeys((r.agency_id, r.keys) for r in comparison.rows))
    vendors = sorted({r.cells["vendor"].text for r in comparison.rows})
    sizes: dict[tuple[int, int], int] = {}
    hrefs: dict[tuple[int, int], str] = {}
    index = {a: i for i, a in enumerate(agencies)}
    for row in comparison.rows:
        key = (index[(row.agency_id, row.keys)], vendors.index(row.cells["vendor"].text))
        sizes[key] = int(row.cells["mentions"].value or 0)
        sources = row.cells["vendor"].sources
        href = links.source(sources[0]) if sources else None
        if href:
            hrefs[key] = href
    labels = [_chart_label(keys[0], keys[1] or None) for _, keys in agencies]
    chart = (
        dot_matrix(labels, vendors, sizes, hrefs, "Vendors named in each agency's records")
        if comparison.rows
        else tag("p", "No vendors found.", class_="empty")
    )
    return tag(
        "section", tag("h2", "Vendors"), chart, comparison_table(comparison, links), id="vendors"
    )


def denials_section(data: ReportData, links: Links) -> Markup:
    bars = [
        Bar(
            label=d["citation"]
            if d["citation"] != "(none)"
            else f"(no citation) {str(d['kind']).replace('_', ' ')}",
            value=int(d["denials"]),
            category=str(d["kind"]),
            href=links.page(d["doc_id"], d["page_no"]),
            tooltip=f"{d['citation']} ({d['kind']}): {d['denials']} denial(s) "
            f"by {d['agencies']} agency(ies)",
        )
        for d in data.denial_counts[:25]
    ]
    chart = (
        hbar_chart(bars, DENIAL_COLORS, "Denials by exemption citation")
        if bars
        else tag("p", "No denials found.", class_="empty")
    )
    return tag(
        "section", tag("h2", "Denials"), chart, comparison_table(data.denials, links), id="denials"
    )


def month_range(seen: Sequence[datetime]) -> list[datetime]:
    """Every month from the first to the last search, so gaps show as empty columns.

    A span longer than MAX_MONTHS (a mis-parsed year, say) falls back to the months
    that have searches, keeping the chart readable.
    """
    if not seen:
        return []
    first, last = min(seen), max(seen)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > MAX_MONTHS:
        return sorted(set(seen))
    return [
        first.replace(
            year=first.year + (first.month - 1 + k) // 12, month=(first.month - 1 + k) % 12 + 1
        )
        for k in range(span)
    ]


def audit_section(data: ReportData, links: Links) -> Markup:
    flagged = [r for r in data.immigration_by_month if r["immigration_searches"]]
    months = month_range([r["month"] for r in data.immigration_by_month]) if flagged else []
    totals: dict[str, int] = defaultdict(int)
    for r in flagged:
        totals[r["org_name"] or "(unknown)"] += int(r["immigration_searches"])
    ranked = sorted(totals, key=lambda o: (-totals[o], o))
    top = ranked[:TOP_ORGS]
    series_values: dict[str, list[int]] = {o: [0] * len(months) for o in top}
    others = [0] * len(months)
    for r in flagged:
        if r["month"] not in months:
            continue
        k = months.index(r["month"])
        org = r["org_name"] or "(unknown)"
        if org in series_values:
            series_values[org][k] += int(r["immigration_searches"])
        else:
            others[k] += int(r["immigration_searches"])
    series = [(o, series_values[o]) for o in top]
    if any(others):
        series.append((f"{len(ranked) - len(top)} other organisations", others))
    labels = [m.strftime("%Y-%m") for m in months]
    chart = (
        stacked_columns(labels, series, "Immigration-related searches per month")
        if months
        else tag("p", "No immigration-related audit-log searches found.", class_="empty")
    )
    return tag(
        "section",
        tag("h2", "Immigration searches in audit logs"),
        chart,
        comparison_table(data.audit, links),
        id="audit",
    )


# ------------------------------------------------------------------------- agencies


def _listing(values: object) -> str:
    if values is None:
        return "—"
    if isinstance(values, list | tuple):
        return ", ".join(str(v).replace("_", " ") for v in values) or "—"
    return str(values)


def _days(low: object, high: object) -> str:
    if low is None:
        return "—"
    return f"{low} d" if low == high else f"{low}–{high} d"


def agency_section(agency: Agency, facts: Sequence[Fact], links: Links) -> Markup:
    p = agency.profile
    price = p.get("contract_total_price")
    profile = [
        ("Kind", p.get("kind") or "—"),
        ("Documents", f"{p.get('documents', 0)} ({_listing(p.get('doc_types'))})"),
        ("Vendors", _listing(p.get("vendors"))),
        (
            "ALPR data retention",
            _days(p.get("alpr_min_days"), p.get("alpr_max_days"))
            + ("  ⚠ documents disagree" if p.get("alpr_retention_disagree") else ""),
        ),
        ("Sharing permitted with", _listing(p.get("permits_to"))),
        ("Sharing conditional for", _listing(p.get("conditional_to"))),
        ("Sharing prohibited with", _listing(p.get("prohibits_to"))),
        ("Contract value", f"${price:,.0f}" if isinstance(price, int | float) else "—"),
        ("Denials", f"{p.get('denials', 0)} ({_listing(p.get('denial_citations'))})"),
        (
            "Audit-log searches in its logs",
            f"{p.get('audit_searches_in_logs', 0)} "
            f"({p.get('immigration_searches_in_logs', 0)} immigration-related)",
        ),
        ("Immigration searches it ran", str(p.get("immigration_searches_run", 0))),
    ]
    dl = tag("dl", *(join([tag("dt", k), tag("dd", v)]) for k, v in profile), class_="profile")
    rows = []
    for fact in facts:
        href = links.fact(fact)
        where = f"{fact.file_name} " + (
            f"row {fact.row_no}"
            if fact.row_no is not None
            else f"p.{fact.page_no}"
            if fact.page_no
            else ""
        )
        source = tag("a", where.strip(), href=href) if href else esc(where.strip())
        rows.append(
            tag(
                "tr",
                tag("td", fact.kind),
                tag("td", fact.summary),
                tag("td", tag("span", shorten(fact.quote or "", MAX_QUOTE), class_="quote")),
                tag("td", source, tag("span", fact.doc_type or "", class_="src")),
            )
        )
    table = (
        tag(
            "table",
            tag("thead", tag("tr", *(tag("th", h) for h in ("kind", "fact", "quote", "source")))),
            tag("tbody", *rows),
        )
        if rows
        else tag("p", "No facts extracted.", class_="empty")
    )
    title = _agency_label(agency.name, agency.state)
    return tag("section", tag("h2", title), dl, table, id=links.agency_anchor.get(agency.agency_id))


# ------------------------------------------------------------------------- pages


def render_index(data: ReportData) -> str:
    links = Links(data)
    facts_by_agency: dict[str, list[Fact]] = defaultdict(list)
    for fact in data.facts:
        facts_by_agency[fact.agency_id].append(fact)
    t = data.totals
    header = tag(
        "header",
        tag("h1", "License plate reader records: agencies compared"),
        tag(
            "p",
            f"Warehouse {data.warehouse_name or '(unnamed)'} · generated "
            f"{data.generated_at:%Y-%m-%d %H:%M} · every fact links to its page and quote",
        ),
    )
    nav_links = [
        tag("a", label, href=f"#{anchor}")
        for anchor, label in (
            ("retention", "Retention"),
            ("sharing", "Sharing"),
            ("vendors", "Vendors"),
            ("denials", "Denials"),
            ("audit", "Immigration searches"),
            ("agencies", "Agencies"),
        )
    ]
    nav = tag("nav", *nav_links)
    totals = tag(
        "section",
        tag("h2", "In the warehouse"),
        tag(
            "p",
            *(
                tag("span", tag("b", f"{t.get(k, 0):,}"), esc(f" {label}"))
                for k, label in (
                    ("documents", "documents"),
                    ("pages", "pages"),
                    ("agencies", "agencies"),
                    ("vendors", "vendor mentions"),
                    ("retention_periods", "retention periods"),
                    ("sharing_clauses", "sharing clauses"),
                    ("denials", "denials"),
                    ("audit_searches", "audit-log searches"),
                    ("failures", "files or pages that failed"),
                )
            ),
            class_="totals",
        ),
        id="summary",
    )
    agency_list = tag(
        "section",
        tag("h2", "Agencies"),
        tag(
            "ul",
            *(
                tag(
                    "li",
                    tag(
                        "a",
                        _agency_label(a.name, a.state),
                        href="#" + links.agency_anchor[a.agency_id],
                    ),
                    esc(f" — {len(facts_by_agency.get(a.agency_id, []))} facts"),
                )
                for a in data.agencies
            ),
        ),
        id="agencies",
    )
    body = join(
        [
            header,
            nav,
            tag(
                "main",
                totals,
                retention_section(data, links),
                sharing_section(data, links),
                vendors_section(data, links),
                denials_section(data, links),
                audit_section(data, links),
                agency_list,
                *(
                    agency_section(a, facts_by_agency.get(a.agency_id, []), links)
                    for a in data.agencies
                ),
            ),
        ]
    )
    return _document("ALPR records compared", body)


def _spans(text: str, facts: Sequence[Fact]) -> list[tuple[int, int, str]]:
    """Where each fact's quote sits in the page text, overlapping spans left out.

    The stored offsets are trusted only when they hold the quote; otherwise the
    quote is searched for, and a fact whose quote is not on the page gets no mark.
    """
    found: list[tuple[int, int, str]] = []
    for fact in facts:
        start, end = fact.char_start, fact.char_end
        valid = start is not None and end is not None and 0 <= start < end <= len(text)
        if not valid or (fact.quote and text[start:end] != fact.quote):
            start = end = None
        if start is None and fact.quote:
            at = text.find(fact.quote)
            if at >= 0:
                start, end = at, at + len(fact.quote)
        if start is not None and end is not None:
            found.append((start, end, fact.fact_id))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(found):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _highlighted(text: str, spans: Sequence[tuple[int, int, str]]) -> Markup:
    out: list[Markup] = []
    cursor = 0
    for start, end, fact_id in spans:
        out.append(esc(text[cursor:start]))
        out.append(tag("mark", text[start:end], id=f"m-{fact_id}"))
        cursor = end
    out.append(esc(text[cursor:]))
    return join(out)


def render_page(view: PageView, agency_anchor: str | None) -> str:
    where = f"page {view.page_no}" if view.page_no is not None else "page unknown"
    title = f"{view.file_name} — {where}"
    back = "../index.html" + (f"#{agency_anchor}" if agency_anchor else "")
    method = view.method or "not stored"
    if view.ocr_confidence is not None:
        method += f", OCR confidence {view.ocr_confidence:.0f}"
    meta = tag(
        "dl",
        *(
            join([tag("dt", k), tag("dd", v)])
            for k, v in (
                ("Agency", view.agency_name),
                ("Document type", view.doc_type or "—"),
                ("Seen as", "; ".join(view.paths) or "—"),
                ("sha256", view.doc_id),
                ("Text from", method),
            )
        ),
        class_="profile",
    )
    spans = _spans(view.text, view.facts) if view.text is not None else []
    marked = {fact_id for _, _, fact_id in spans}
    items = []
    for fact in view.facts:
        where_row = f" (row {fact.row_no})" if fact.row_no is not None else ""
        show = (
            tag("a", "show in text", href=f"#m-{fact.fact_id}")
            if fact.fact_id in marked
            else tag("span", "(not marked in the stored text)", class_="muted")
        )
        items.append(
            tag(
                "li",
                tag("b", fact.kind),
                esc(f": {fact.summary}{where_row} — "),
                tag("span", f"“{fact.quote or ''}”", class_="quote"),
                esc(" "),
                show,
                id=fact.fact_id,
            )
        )
    text = (
        tag("pre", _highlighted(view.text, spans), class_="page")
        if view.text is not None
        else tag("p", "The text of this page is not stored in the warehouse.", class_="empty")
    )
    body = join(
        [
            tag("header", tag("h1", title), tag("p", tag("a", "← back to the report", href=back))),
            tag(
                "main",
                tag("section", meta),
                tag("section", tag("h2", "Facts on this page"), tag("ol", *items, class_="facts")),
                tag("section", tag("h2", "Stored page text"), text),
            ),
        ]
    )
    return _document(title, body)
