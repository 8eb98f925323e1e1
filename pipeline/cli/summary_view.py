"""The warehouse summary as rich tables: shown after `foia run` and by `foia status`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.summary import WarehouseSummary


def print_summary(console: Console, summary: WarehouseSummary) -> None:
    from rich.table import Table

    docs = Table(title=f"Warehouse {summary.path}", title_justify="left")
    for col in ("document type", "documents", "pages", "pages OCR'd"):
        docs.add_column(col, justify="right" if col != "document type" else "left")
    for doc_type, count, pages, ocr in summary.documents_by_type:
        docs.add_row(doc_type, str(count), str(pages), str(ocr))
    docs.add_row(
        "[bold]all[/]",
        str(sum(r[1] for r in summary.documents_by_type)),
        str(sum(r[2] for r in summary.documents_by_type)),
        str(sum(r[3] for r in summary.documents_by_type)),
    )
    console.print(docs)
    rows = Table(title="Rows per table", title_justify="left")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for table, count in summary.rows.items():
        rows.add_row(table, str(count))
    console.print(rows)
    if summary.recent_failures:
        fails = Table(title=f"Failures ({summary.rows['failures']})", title_justify="left")
        for col in ("path", "error", "message"):
            fails.add_column(col, overflow="fold")
        for path, error_class, message in summary.recent_failures:
            fails.add_row(path, error_class, message)
        console.print(fails)
