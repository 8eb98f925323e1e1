"""Opening the warehouse: one writer, any number of sandboxed readers.

DuckDB lets a single process hold the file for writing; we turn its lock error into
`WarehouseBusy` so a second `foia run` fails with a clear message instead of a stack
trace. Readers get a read-only connection with external access disabled and the
configuration locked, so a query cannot write files, attach databases or load
extensions.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.warehouse.errors import (
    SchemaTooNew,
    WarehouseBusy,
    WarehouseError,
    WarehouseMissing,
)

SCHEMA_VERSION = 1
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_LOCK_HINTS = ("Could not set lock", "Conflicting lock", "database is locked")
_LOCK_HOLDER = re.compile(r"PID (\d+)")
_RETRY_S = 0.25
# How long the loading step waits for readers (`foia sql`, a report) to let go.
WRITER_WAIT_S = 120.0
# How long a reader waits for a load in progress to commit.
READER_WAIT_S = 10.0


def _sql_file(name: str) -> str:
    return resources.files("pipeline.warehouse").joinpath(name).read_text(encoding="utf-8")


def _migrations_dir() -> Path:
    return Path(str(resources.files("pipeline.warehouse").joinpath("migrations")))


def _connect(path: Path, *, read_only: bool, config: dict[str, Any] | None = None,
             wait_s: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying for up to `wait_s` seconds while another process holds it.

    Writers hold the file for one batch's load (seconds) and readers for one query,
    so a short wait usually gets through; past it the caller gets WarehouseBusy.
    """
    deadline = time.monotonic() + max(wait_s, 0.0)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if not any(hint in str(exc) for hint in _LOCK_HINTS):
                raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                holder = _LOCK_HOLDER.search(str(exc))
                who = f" (pid {holder.group(1)})" if holder else ""
                waited = f" after waiting {wait_s:g} s" if wait_s > 0 else ""
                hint = (
                    "a `foia run` loading a batch? try again in a moment"
                    if read_only
                    else "a `foia sql`, report or another run? let it finish and try again"
                )
                raise WarehouseBusy(
                    f"the warehouse {path} is in use by another process{who}{waited} ({hint})"
                ) from exc
            time.sleep(_RETRY_S)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """First value of a query's result, reading the result to its end.

    DuckDB 2 keeps a partly fetched result open on the connection (`fetchone`) and
    refuses other work until it is finished, so single values are read this way.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Schema version recorded in the file; 0 for an empty database."""
    has_table = scalar(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    )
    if not has_table:
        return 0
    version = scalar(con, "SELECT max(version) FROM schema_version")
    return int(version) if version is not None else 0


def pending_migrations(version: int, migrations_dir: Path | None = None) -> list[tuple[int, Path]]:
    """Migration files newer than `version`, in the order they must run."""
    folder = migrations_dir or _migrations_dir()
    found: list[tuple[int, Path]] = []
    for sql in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(sql.name)
        if match and int(match.group(1)) > version:
            found.append((int(match.group(1)), sql))
    return found


def newest_version(migrations_dir: Path | None = None) -> int:
    """The schema version a warehouse reaches once every migration has run."""
    return max([SCHEMA_VERSION, *(n for n, _ in pending_migrations(0, migrations_dir))])


def migrate(con: duckdb.DuckDBPyConnection, migrations_dir: Path | None = None) -> int:
    """Bring the schema to the newest version; returns the version reached.

    A fresh file gets the baseline `schema.sql`; an older one gets each numbered
    migration in its own transaction, so a crash leaves a consistent version.
    """
    version = current_version(con)
    if version == 0:
        con.execute("BEGIN TRANSACTION")
        con.execute(_sql_file("schema.sql"))
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
        version = SCHEMA_VERSION
    for number, sql in pending_migrations(version, migrations_dir):
        con.execute("BEGIN TRANSACTION")
        con.execute(sql.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
        con.execute("COMMIT")
        version = number
    newest = newest_version(migrations_dir)
    if version > newest:
        raise SchemaTooNew(
            f"the warehouse has schema version {version}, this alpr-foia knows up to "
            f"{newest}; upgrade alpr-foia"
        )
    con.execute(_sql_file("views.sql"))
    return version


@contextmanager
def open_writer(path: Path, wait_s: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The single writing connection, migrated to the current schema.

    `wait_s`: how long to retry while another process has the file open.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, read_only=False, wait_s=wait_s)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def open_reader(path: Path, wait_s: float = READER_WAIT_S
                ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection that cannot touch anything outside the warehouse.

    While a run loads a batch DuckDB refuses readers from other processes; the
    reader retries for up to `wait_s` seconds, then raises WarehouseBusy.
    """
    if not path.exists():
        raise WarehouseMissing(
            f"no warehouse at {path}: run `foia run raw_docs/<batch>` first "
            "(or set FOIA_WAREHOUSE / --warehouse)"
        )
    con = _connect(
        path,
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
        wait_s=wait_s,
    )
    try:
        yield con
    finally:
        con.close()
