"""The static HTML report: `foia report` writes index.html and one file per cited page.

The report is a folder that opens from disk with no network: charts are inline SVG,
styles are inline, there is no script, and a Content-Security-Policy forbids any
load. Page views are named from the document's sha256, never from its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.compare import ComparisonError
from pipeline.report.data import ReportData, read_report_data
from pipeline.report.render import PAGES_DIR, page_file, render_index, render_page

__all__ = ["ReportFiles", "write_report", "write_report_data"]

_OUR_PAGE = re.compile(r"^[0-9a-f]{16}-p\d+\.html$")


@dataclass(frozen=True)
class ReportFiles:
    index: Path
    pages: int
    agencies: int
    facts: int


def write_report_data(data: ReportData, out_dir: Path) -> ReportFiles:
    """Write index.html and pages/*.html; stale page files of an earlier report go."""
    pages_dir = out_dir / PAGES_DIR
    pages_dir.mkdir(parents=True, exist_ok=True)
    for old in pages_dir.iterdir():
        if old.is_file() and _OUR_PAGE.match(old.name):
            old.unlink()
    anchors = {a.agency_id: f"agency-{i}" for i, a in enumerate(data.agencies, 1)}
    for (doc_id, page_no), view in data.pages.items():
        html = render_page(view, anchors.get(view.agency_id))
        (pages_dir / page_file(doc_id, page_no)).write_text(html, encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(render_index(data), encoding="utf-8")
    return ReportFiles(
        index=index, pages=len(data.pages), agencies=len(data.agencies), facts=len(data.facts)
    )


def write_report(warehouse: Path, out_dir: Path) -> ReportFiles:
    """Read the warehouse (read-only) and write the report folder."""
    try:
        data = read_report_data(warehouse)
    except duckdb.CatalogException as exc:
        raise ComparisonError(
            f"the warehouse lacks a comparison view ({exc}); open it once with a newer "
            "`foia run` so the views are recreated"
        ) from exc
    return write_report_data(data, out_dir)
