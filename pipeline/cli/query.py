"""`foia sql`: one read-only query against the warehouse, as a table, CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import DEFAULT_WAREHOUSE, OutputFormat, WarehouseOpt


def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL query.")],
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    limit: Annotated[
        int, typer.Option(help="Rows shown in table format (csv/json print all).", min=1)
    ] = 200,
) -> None:
    """Query the warehouse (read-only: writes and file access are refused)."""
    from pipeline.output import write_csv, write_json, write_table
    from pipeline.warehouse.errors import WarehouseError
    from pipeline.warehouse.query import run_query

    try:
        result = run_query(warehouse.resolve(), query)
    except WarehouseError as exc:
        raise fail(str(exc)) from exc
    if fmt is OutputFormat.csv:
        write_csv(result)
    elif fmt is OutputFormat.json:
        write_json(result)
    else:
        write_table(make_console(), result, limit)
