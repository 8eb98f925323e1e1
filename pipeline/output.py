"""Printing query results as a terminal table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.warehouse.query import QueryResult


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def write_csv(result: QueryResult) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(
            [
                "" if v is None else json.dumps(_plain(v)) if isinstance(v, list | dict) else v
                for v in row
            ]
        )


def write_json(result: QueryResult) -> None:
    records = [dict(zip(result.columns, map(_plain, row), strict=True)) for row in result.rows]
    json.dump(records, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def write_table(console: Console, result: QueryResult, limit: int) -> None:
    table = Table(show_lines=False)
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows[:limit]:
        # Text(), not markup: values come from hostile documents.
        table.add_row(*(Text("" if v is None else str(_plain(v))) for v in row))
    console.print(table)
    shown = min(limit, len(result.rows))
    more = f" (showing {shown}; use --limit or --format csv)" if len(result.rows) > limit else ""
    console.print(f"{len(result.rows)} row(s){more}")
