"""`foia ui` and `foia watch`: hand the process over to a long-running Dagster program
(the web UI, or the daemon that runs the sensor and schedule) on this code location."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import DEFAULT_WAREHOUSE, WarehouseOpt


def _dagster_program(name: str) -> str:
    """The Dagster executable of this environment, even when its bin/ is not on PATH."""
    import shutil
    import sys

    return shutil.which(name) or str(Path(sys.executable).parent / name)


def ui(
    port: Annotated[int, typer.Option(help="Port for the web UI.")] = 3000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Open the Dagster UI with the assets, checks, job and sensor."""
    from pipeline.instance import configure_dagster_home

    configure_dagster_home()
    dagster = _dagster_program("dagster")
    os.execvp(
        dagster,
        [dagster, "dev", "-m", "pipeline.definitions", "-h", host, "-p", str(port)],
    )


def watch(
    raw_root: Annotated[
        Path,
        typer.Option("--raw-root", envvar="FOIA_RAW_ROOT", help="Folder of batch folders."),
    ] = Path("raw_docs"),
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
    schedule: Annotated[
        str | None,
        typer.Option(
            "--schedule",
            envvar="FOIA_SCHEDULE_CRON",
            help="Cron expression for the catch-up run (default: daily at 03:00 UTC).",
        ),
    ] = None,
) -> None:
    """Process new and changed batches automatically, without the UI.

    Runs the Dagster daemon with the batch sensor (checks raw_docs/ every 30 s)
    and the daily schedule switched on; runs show up in `foia ui` as usual.
    Stop with Ctrl-C.
    """
    from pipeline.instance import configure_dagster_home

    configure_dagster_home()
    if not raw_root.is_dir():
        raise fail(f"no folder at {raw_root}: put records in {raw_root}/<batch>/ first")
    env = {
        "FOIA_AUTOMATION": "1",
        "FOIA_RAW_ROOT": str(raw_root.resolve()),
        "FOIA_WAREHOUSE": str(warehouse.resolve()),
    }
    if schedule:
        env["FOIA_SCHEDULE_CRON"] = schedule
    os.environ.update(env)
    try:  # fail here on a bad cron expression, not in the daemon's log
        import pipeline.schedules
    except Exception as exc:
        raise fail(str(exc)) from exc
    cron = pipeline.schedules.daily_batches.cron_schedule
    make_console().print(
        f"watching {env['FOIA_RAW_ROOT']} -> {env['FOIA_WAREHOUSE']}\n"
        f"  sensor: every 30 s; schedule: {cron} ({pipeline.schedules.schedule_timezone()})"
    )
    daemon = _dagster_program("dagster-daemon")
    os.execvp(daemon, [daemon, "run", "-m", "pipeline.definitions"])
