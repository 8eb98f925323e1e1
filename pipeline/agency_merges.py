"""Corrections to agency resolution that a user makes and every later run keeps.

The resolver (pipeline/extract/agencies.py) builds an agency id from a name and a
state; when it splits one agency in two ("OCSO" and "Okaloosa County Sheriff's
Office") a reporter says so once with `foia agencies merge`. The decision lands in
a small CSV file kept in the repository (agency_aliases.csv) and in the warehouse
at once; `apply_merges` replays the file on the agency rows of every run, so a
re-run cannot undo the correction.

File format, one correction per row:

    alias,agency_id,name,note
    fl-ocso,fl-okaloosa-sheriff,Okaloosa County Sheriff's Office,merged by hand

`alias` is an agency id or a name as documents write it (matched without regard
to case); `agency_id` and `name` say which agency it really is.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.warehouse.errors import WarehouseError

ALIASES_FILE = Path("agency_aliases.csv")
FIELDS = ("alias", "agency_id", "name", "note")


class AgencyMergeError(WarehouseError):
    """A merge that cannot be done: unknown or ambiguous agency, bad aliases file."""


@dataclass(frozen=True)
class Merge:
    alias: str
    agency_id: str
    name: str
    note: str = ""


def load_merges(path: Path) -> list[Merge]:
    """Corrections in the file, in order; a missing file means none."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in ("alias", "agency_id", "name") if f not in (reader.fieldnames or [])]
        if missing:
            raise AgencyMergeError(f"{path}: missing column(s) {', '.join(missing)}")
        merges = []
        for line, row in enumerate(reader, start=2):
            alias, target = (row.get("alias") or "").strip(), (row.get("agency_id") or "").strip()
            if not alias or not target:
                raise AgencyMergeError(f"{path} line {line}: alias and agency_id are required")
            merges.append(
                Merge(
                    alias,
                    target,
                    (row.get("name") or "").strip() or target,
                    (row.get("note") or "").strip(),
                )
            )
    return merges


def save_merge(path: Path, merge: Merge) -> None:
    """Append one correction, writing the header when the file is new."""
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(FIELDS)
        writer.writerow([merge.alias, merge.agency_id, merge.name, merge.note])


def _names(row: dict[str, Any]) -> list[str]:
    return [str(row["name"]), *(str(a) for a in row.get("aliases") or [])]


def _matches(row: dict[str, Any], alias: str) -> bool:
    wanted = alias.casefold()
    return str(row["agency_id"]).casefold() == wanted or any(
        n.casefold() == wanted for n in _names(row)
    )


def apply_merges(rows: Sequence[dict[str, Any]], merges: Sequence[Merge]) -> list[dict[str, Any]]:
    """Agency rows with every correction applied (pure; the input is not changed).

    A merged row disappears and its name and aliases become aliases of the agency it
    belongs to, so documents naming it resolve to that agency when loaded.
    """
    result = {str(r["agency_id"]): {**r, "aliases": list(r.get("aliases") or [])} for r in rows}
    for merge in merges:
        for agency_id, row in list(result.items()):
            if agency_id == merge.agency_id or not _matches(row, merge.alias):
                continue
            target = result.setdefault(
                merge.agency_id,
                {
                    "agency_id": merge.agency_id,
                    "name": merge.name,
                    "state": row.get("state"),
                    "kind": row.get("kind"),
                    "aliases": [],
                },
            )
            known = {n.casefold() for n in _names(target)}
            for name in _names(row):
                if name.casefold() not in known:
                    target["aliases"].append(name)
                    known.add(name.casefold())
            del result[agency_id]
    return list(result.values())


def find_agency(con: duckdb.DuckDBPyConnection, text: str) -> dict[str, Any]:
    """The warehouse agency an id, name or alias denotes (case-insensitive)."""
    rows = con.execute(
        "SELECT agency_id, name, state, kind, aliases FROM agencies "
        "WHERE lower(agency_id) = lower(?) OR lower(name) = lower(?) "
        "OR list_contains(list_transform(coalesce(aliases, []), lambda a: lower(a)), lower(?)) "
        "ORDER BY agency_id",
        [text, text, text],
    ).fetchall()
    if not rows:
        raise AgencyMergeError(
            f"no agency with id, name or alias {text!r} (see `foia agencies list`)"
        )
    if len(rows) > 1:
        ids = ", ".join(r[0] for r in rows)
        raise AgencyMergeError(f"{text!r} is ambiguous ({ids}); use an agency id")
    agency_id, name, state, kind, aliases = rows[0]
    return {
        "agency_id": agency_id,
        "name": name,
        "state": state,
        "kind": kind,
        "aliases": list(aliases or []),
    }


@dataclass(frozen=True)
class MergeOutcome:
    kept: dict[str, Any]
    merged: dict[str, Any]
    documents_moved: int


def merge_in_warehouse(con: duckdb.DuckDBPyConnection, keep: str, absorb: str) -> MergeOutcome:
    """Fold agency `absorb` into `keep` in one transaction: documents, name, aliases."""
    kept, merged = find_agency(con, keep), find_agency(con, absorb)
    if kept["agency_id"] == merged["agency_id"]:
        raise AgencyMergeError(
            f"{keep!r} and {absorb!r} are already the same agency ({kept['agency_id']})"
        )
    (combined,) = apply_merges(
        [kept, merged], [Merge(merged["agency_id"], kept["agency_id"], kept["name"])]
    )
    con.execute("BEGIN TRANSACTION")
    try:
        moved = con.execute(
            "UPDATE documents SET agency_id = ? WHERE agency_id = ?",
            [kept["agency_id"], merged["agency_id"]],
        ).fetchall()
        con.execute(
            "UPDATE agencies SET aliases = ? WHERE agency_id = ?",
            [combined["aliases"], kept["agency_id"]],
        )
        con.execute("DELETE FROM agencies WHERE agency_id = ?", [merged["agency_id"]])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return MergeOutcome(
        kept={**kept, "aliases": combined["aliases"]},
        merged=merged,
        documents_moved=int(moved[0][0]) if moved else 0,
    )


def list_agencies(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """(agency_id, name, state, kind, aliases, documents) for `foia agencies list`."""
    return con.execute(
        "SELECT a.agency_id, a.name, a.state, a.kind, a.aliases, count(d.doc_id) AS documents "
        "FROM agencies a LEFT JOIN documents d USING (agency_id) "
        "GROUP BY ALL ORDER BY a.state NULLS LAST, a.name"
    ).fetchall()
