"""`foia compare`, `foia report` and `foia export`: the warehouse's findings in forms a
reader takes away (a comparison, an HTML report, files for other tools)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import DEFAULT_WAREHOUSE, OutputFormat, WarehouseOpt


class CompareField(StrEnum):
    retention = "retention"
    sharing = "sharing"
    vendors = "vendors"
    denials = "denials"
    audit = "audit"


def compare(
    field: Annotated[
        CompareField, typer.Option("--field", "-f", help="What to compare across agencies.")
    ] = CompareField.retention,
    state: Annotated[
        str | None, typer.Option("--state", "-s", help="Only agencies of this state (e.g. FL).")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.table
    ),
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
) -> None:
    """Compare agencies on one field; every value shows the document and page behind it."""
    import sys

    from pipeline.compare import compare_warehouse
    from pipeline.compare_output import (
        comparison_table,
        write_comparison_csv,
        write_comparison_json,
    )
    from pipeline.warehouse.errors import WarehouseError

    try:
        result = compare_warehouse(warehouse.resolve(), field.value, state)
    except WarehouseError as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.csv:
        write_comparison_csv(result, sys.stdout)
    elif fmt is OutputFormat.json:
        write_comparison_json(result, sys.stdout)
    else:
        console = make_console()
        console.print(comparison_table(result))
        console.print(f"{len(result.rows)} row(s)")


def report(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for index.html and pages/.")
    ] = Path("warehouse/report"),
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
) -> None:
    """Write a static HTML report (charts, per-agency facts linked to their pages)."""
    from pipeline.report import write_report
    from pipeline.warehouse.errors import WarehouseError

    try:
        files = write_report(warehouse.resolve(), out)
    except (WarehouseError, OSError) as exc:
        raise fail(str(exc)) from exc
    make_console().print(
        f"report: {files.index}  ({files.agencies} agencies, {files.facts} facts, "
        f"{files.pages} cited pages)\nopen it in a browser; it loads nothing from the network."
    )


class ExportFormatOpt(StrEnum):
    parquet = "parquet"
    csv = "csv"


def export(
    fmt: Annotated[
        ExportFormatOpt, typer.Option("--format", "-f", help="File format.")
    ] = ExportFormatOpt.parquet,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path(
        "warehouse/exports"
    ),
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
) -> None:
    """Export every table and view, with data_dictionary.csv/.md and manifest.json."""
    from pipeline.export import export_warehouse
    from pipeline.warehouse.errors import WarehouseError

    try:
        result = export_warehouse(warehouse.resolve(), out, fmt.value)
    except (WarehouseError, OSError) as exc:
        raise fail(str(exc)) from exc
    tables = sum(1 for r in result.relations if r.kind == "table")
    views = len(result.relations) - tables
    make_console().print(
        f"exported {tables} tables and {views} views as {result.format} to {result.out_dir}\n"
        f"data dictionary: {result.dictionary_md.name}, {result.dictionary_csv.name}"
    )
