"""`foia agencies list|merge`: see the agencies and fix how documents were attributed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import DEFAULT_WAREHOUSE, AliasesOpt, WarehouseOpt

agencies_app = typer.Typer(
    help="List agencies and correct how documents were attributed to them.",
    no_args_is_help=True,
)


@agencies_app.command("list")
def agencies_list(warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE)) -> None:
    """Agencies in the warehouse with their aliases and document counts."""
    from rich.table import Table
    from rich.text import Text

    from pipeline.agency_merges import list_agencies
    from pipeline.warehouse.connection import open_reader
    from pipeline.warehouse.errors import WarehouseError

    try:
        with open_reader(warehouse.resolve()) as con:
            rows = list_agencies(con)
    except WarehouseError as exc:
        raise fail(str(exc)) from exc
    table = Table(title="Agencies", title_justify="left")
    for column in ("agency_id", "name", "state", "kind", "aliases", "documents"):
        table.add_column(column, overflow="fold")
    for agency_id, name, state, kind, aliases, documents in rows:
        table.add_row(
            *(Text(str(v or "")) for v in (agency_id, name, state, kind)),
            Text(", ".join(aliases or [])),
            Text(str(documents)),
        )
    make_console().print(table)


@agencies_app.command("merge")
def agencies_merge(
    keep: Annotated[str, typer.Argument(help="Agency to keep: id, name or alias.")],
    absorb: Annotated[str, typer.Argument(help="Agency that is really the same one.")],
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
    aliases: AliasesOpt = Path("agency_aliases.csv"),
) -> None:
    """Merge agency B into agency A, now and in every later run (via the aliases file)."""
    from pipeline.agency_merges import Merge, merge_in_warehouse, save_merge
    from pipeline.warehouse.connection import open_writer
    from pipeline.warehouse.errors import WarehouseError

    if not warehouse.exists():
        raise fail(f"no warehouse at {warehouse}")
    try:
        with open_writer(warehouse.resolve()) as con:
            outcome = merge_in_warehouse(con, keep, absorb)
        save_merge(
            aliases,
            Merge(
                outcome.merged["agency_id"],
                outcome.kept["agency_id"],
                outcome.kept["name"],
                f"was {outcome.merged['name']}",
            ),
        )
    except (WarehouseError, OSError) as exc:
        raise fail(str(exc)) from exc
    make_console().print(
        f"merged {outcome.merged['agency_id']} into {outcome.kept['agency_id']} "
        f"({outcome.documents_moved} document(s) moved); recorded in {aliases}"
    )
