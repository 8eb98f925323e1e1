"""`foia run` and `foia status`: load batches into the warehouse, and say what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import DEFAULT_WAREHOUSE, WarehouseOpt
from pipeline.cli.summary_view import print_summary

if TYPE_CHECKING:
    from rich.console import Console


def run(
    batch_dirs: Annotated[
        list[Path] | None,
        typer.Argument(help="Batch folder(s); default: every folder under raw_docs/."),
    ] = None,
    warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE),
    workers: Annotated[
        int, typer.Option("--workers", "-j", help="OCR processes; 0 = one per core.", min=0)
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            help="Seconds to queue behind another run on the same warehouse "
            "(default: fail at once).",
            min=0,
        ),
    ] = 0.0,
    page_timeout: Annotated[
        float | None,
        typer.Option(
            "--page-timeout",
            help="Seconds of OCR per page (default 120); a page past it is recorded as a failure.",
            min=0.1,
        ),
    ] = None,
    file_timeout: Annotated[
        float | None,
        typer.Option(
            "--file-timeout",
            help="Seconds per file (default: no limit); its "
            "remaining pages are then skipped and recorded.",
            min=0,
        ),
    ] = None,
) -> None:
    """Ingest, read (text layer or OCR), extract and load one or more batches."""
    from pipeline.progress_rich import RichProgress
    from pipeline.runner import BatchNotFound, resolve_batch, run_batch, run_error
    from pipeline.sensors import batch_folders
    from pipeline.summary import summarize
    from pipeline.warehouse.errors import WarehouseError

    folders = batch_dirs or batch_folders(Path("raw_docs"))
    if not folders:
        raise fail("no batch folders: put records in raw_docs/<batch>/ or pass a folder")
    console = make_console()
    failed = False
    for folder in folders:
        try:
            ref = resolve_batch(folder)
        except BatchNotFound as exc:
            raise fail(str(exc)) from exc
        console.print(f"[bold]batch[/] {ref.batch}  ({ref.folder})")
        with RichProgress(console, enabled=not quiet) as progress:
            try:
                outcome = run_batch(
                    ref,
                    warehouse.resolve(),
                    workers,
                    progress,
                    lock_wait_s=wait,
                    page_timeout_s=page_timeout,
                    file_timeout_s=file_timeout,
                )
            except WarehouseError as exc:
                raise fail(str(exc)) from exc
        if not outcome.success:
            failed = True
            make_console(stderr=True).print(
                f"[bold red]run {outcome.run_id[:8]} failed:[/] {run_error(outcome.run_id)}"
            )
            continue
        _print_run(console, outcome.metadata, outcome.checks)
    if warehouse.exists():
        try:
            print_summary(console, summarize(warehouse.resolve()))
        except WarehouseError as exc:  # e.g. another run started loading meanwhile
            console.print(f"[yellow]summary skipped:[/] {exc}")
        _print_next_steps(console, warehouse)
    if failed:
        raise typer.Exit(1)


def _print_run(console: Console, metadata: dict[str, object], checks: dict[str, bool]) -> None:
    new = ", ".join(
        f"{k.removeprefix('rows_')}={v}"
        for k, v in metadata.items()
        if k.startswith(("documents_new", "pages_new", "ocr_pages_new", "failures_new"))
    )
    console.print(f"  loaded: {new}")
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        console.print(f"  [bold yellow]checks failed:[/] {', '.join(bad)}")
    else:
        console.print(f"  [green]checks passed[/] ({len(checks)})")


def _print_next_steps(console: Console, warehouse: Path) -> None:
    flag = "" if str(warehouse) == DEFAULT_WAREHOUSE else f" -w {warehouse}"
    console.print(
        "\n[bold]Next[/] (the command is .venv/bin/foia, or `source .venv/bin/activate`):"
    )
    for line in (
        f'foia sql{flag} "select doc_type, count(*) from documents group by 1"',
        f'foia sql{flag} "select * from retention_by_agency"',
        f'foia sql{flag} "select org_name, count(*) from audit_searches where immigration '
        'group by 1"',
        f"foia status{flag}",
        "foia ui            # the Dagster UI: assets, runs, sensor",
    ):
        console.print(f"  {line}")


def status(warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE)) -> None:
    """What the warehouse holds: documents, rows per table, recent runs and failures."""
    from rich.table import Table

    from pipeline.summary import summarize
    from pipeline.warehouse.errors import WarehouseError

    try:
        summary = summarize(warehouse.resolve())
    except WarehouseError as exc:
        raise fail(str(exc)) from exc
    console = make_console()
    console.print(f"schema version {summary.schema_version}")
    print_summary(console, summary)
    if summary.last_runs:
        runs = Table(title="Recent runs", title_justify="left")
        for col in ("run", "batch", "finished", "new documents", "new failures"):
            runs.add_column(col)
        for run_id, batch, finished, docs, fails in summary.last_runs:
            runs.add_row(run_id[:8], batch, finished, str(docs), str(fails))
        console.print(runs)
