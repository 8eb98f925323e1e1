"""Read-only querying for researchers (`foia sql`, `foia status`, the run summary).

Statements are checked by type before they run, so a write gets a plain
explanation instead of DuckDB's error; the connection itself is read-only with
external access disabled as the second line of defence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.warehouse.connection import open_reader
from pipeline.warehouse.errors import ReadOnlyViolation, WarehouseError

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError(f"could not parse the query: {exc}") from exc
    for statement in statements:
        if statement.type not in _ALLOWED:
            kind = statement.type.name
            raise ReadOnlyViolation(
                f"{kind} statements are not allowed: `foia sql` is read-only. "
                "The warehouse is written only by `foia run`."
            )


def run_query(warehouse: Path, sql: str, params: list[Any] | None = None) -> QueryResult:
    with open_reader(warehouse) as con:
        check_read_only(con, sql)
        try:
            cursor = con.execute(sql, params or [])
        except duckdb.PermissionException as exc:
            raise ReadOnlyViolation(
                f"refused: queries cannot read or write files outside the warehouse ({exc})"
            ) from exc
        except duckdb.Error as exc:
            raise WarehouseError(str(exc).strip()) from exc
        columns = [d[0] for d in cursor.description or []]
        return QueryResult(columns, cursor.fetchall())
