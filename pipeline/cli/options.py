"""Options and choices that several `foia` commands take, defined once so that their
flags, environment variables and help read the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_WAREHOUSE = "warehouse/foia.duckdb"
WarehouseOpt = Annotated[
    Path,
    typer.Option(
        "--warehouse",
        "-w",
        envvar="FOIA_WAREHOUSE",
        help="DuckDB file to write or read.",
        show_default=True,
    ),
]

EVAL_WAREHOUSE = Path("warehouse/eval.duckdb")
EvalWarehouseOpt = Annotated[
    Path,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse to run into and score; kept, so a "
        "second eval only redoes what changed (extractor version, new files).",
    ),
]
RunFirstOpt = Annotated[
    bool, typer.Option("--run/--no-run", help="Run the pipeline before scoring.")
]

AliasesOpt = Annotated[
    Path,
    typer.Option(
        "--aliases",
        envvar="FOIA_AGENCY_ALIASES",
        help="CSV of agency corrections replayed on every run.",
        show_default=True,
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
