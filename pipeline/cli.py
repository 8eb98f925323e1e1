"""The `foia` command.

Heavy libraries (Dagster, DuckDB, spaCy) are imported inside the commands so that
`foia --help` answers at once.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.evaluate.text_quality import TextQualityReport
    from pipeline.summary import WarehouseSummary

app = typer.Typer(
    name="foia",
    help="Turn public-records responses about license plate readers into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def _fail(message: str, code: int = 1) -> typer.Exit:
    _console(stderr=True).print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


@app.command()
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
        raise _fail("no batch folders: put records in raw_docs/<batch>/ or pass a folder")
    console = _console()
    failed = False
    for folder in folders:
        try:
            ref = resolve_batch(folder)
        except BatchNotFound as exc:
            raise _fail(str(exc)) from exc
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
                raise _fail(str(exc)) from exc
        if not outcome.success:
            failed = True
            _console(stderr=True).print(
                f"[bold red]run {outcome.run_id[:8]} failed:[/] {run_error(outcome.run_id)}"
            )
            continue
        _print_run(console, outcome.metadata, outcome.checks)
    if warehouse.exists():
        try:
            _print_summary(console, summarize(warehouse.resolve()))
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


def _print_summary(console: Console, summary: WarehouseSummary) -> None:
    from rich.table import Table

    docs = Table(title=f"Warehouse {summary.path}", title_justify="left")
    for col in ("document type", "documents", "pages", "pages OCR'd"):
        docs.add_column(col, justify="right" if col != "document type" else "left")
    for doc_type, count, pages, ocr in summary.documents_by_type:
        docs.add_row(doc_type, str(count), str(pages), str(ocr))
    docs.add_row(
        "[bold]all[/]",
        str(sum(r[1] for r in summary.documents_by_type)),
        str(sum(r[2] for r in summary.documents_by_type)),
        str(sum(r[3] for r in summary.documents_by_type)),
    )
    console.print(docs)
    rows = Table(title="Rows per table", title_justify="left")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for table, count in summary.rows.items():
        rows.add_row(table, str(count))
    console.print(rows)
    if summary.recent_failures:
        fails = Table(title=f"Failures ({summary.rows['failures']})", title_justify="left")
        for col in ("path", "error", "message"):
            fails.add_column(col, overflow="fold")
        for path, error_class, message in summary.recent_failures:
            fails.add_row(path, error_class, message)
        console.print(fails)


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


@app.command()
def status(warehouse: WarehouseOpt = Path(DEFAULT_WAREHOUSE)) -> None:
    """What the warehouse holds: documents, rows per table, recent runs and failures."""
    from rich.table import Table

    from pipeline.summary import summarize
    from pipeline.warehouse.errors import WarehouseError

    try:
        summary = summarize(warehouse.resolve())
    except WarehouseError as exc:
        raise _fail(str(exc)) from exc
    console = _console()
    console.print(f"schema version {summary.schema_version}")
    _print_summary(console, summary)
    if summary.last_runs:
        runs = Table(title="Recent runs", title_justify="left")
        for col in ("run", "batch", "finished", "new documents", "new failures"):
            runs.add_column(col)
        for run_id, batch, finished, docs, fails in summary.last_runs:
            runs.add_row(run_id[:8], batch, finished, str(docs), str(fails))
        console.print(runs)


@app.command()
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
        raise _fail(str(exc)) from exc
    if fmt is OutputFormat.csv:
        write_csv(result)
    elif fmt is OutputFormat.json:
        write_json(result)
    else:
        write_table(_console(), result, limit)


class CompareField(StrEnum):
    retention = "retention"
    sharing = "sharing"
    vendors = "vendors"
    denials = "denials"
    audit = "audit"


@app.command()
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
        raise _fail(str(exc)) from exc
    if fmt is OutputFormat.csv:
        write_comparison_csv(result, sys.stdout)
    elif fmt is OutputFormat.json:
        write_comparison_json(result, sys.stdout)
    else:
        console = _console()
        console.print(comparison_table(result))
        console.print(f"{len(result.rows)} row(s)")


@app.command()
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
        raise _fail(str(exc)) from exc
    _console().print(
        f"report: {files.index}  ({files.agencies} agencies, {files.facts} facts, "
        f"{files.pages} cited pages)\nopen it in a browser; it loads nothing from the network."
    )


agencies_app = typer.Typer(
    help="List agencies and correct how documents were attributed to them.",
    no_args_is_help=True,
)
app.add_typer(agencies_app, name="agencies")
AliasesOpt = Annotated[
    Path,
    typer.Option(
        "--aliases",
        envvar="FOIA_AGENCY_ALIASES",
        help="CSV of agency corrections replayed on every run.",
        show_default=True,
    ),
]


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
        raise _fail(str(exc)) from exc
    table = Table(title="Agencies", title_justify="left")
    for column in ("agency_id", "name", "state", "kind", "aliases", "documents"):
        table.add_column(column, overflow="fold")
    for agency_id, name, state, kind, aliases, documents in rows:
        table.add_row(
            *(Text(str(v or "")) for v in (agency_id, name, state, kind)),
            Text(", ".join(aliases or [])),
            Text(str(documents)),
        )
    _console().print(table)


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
        raise _fail(f"no warehouse at {warehouse}")
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
        raise _fail(str(exc)) from exc
    _console().print(
        f"merged {outcome.merged['agency_id']} into {outcome.kept['agency_id']} "
        f"({outcome.documents_moved} document(s) moved); recorded in {aliases}"
    )


class ExportFormatOpt(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.command()
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
        raise _fail(str(exc)) from exc
    tables = sum(1 for r in result.relations if r.kind == "table")
    views = len(result.relations) - tables
    _console().print(
        f"exported {tables} tables and {views} views as {result.format} to {result.out_dir}\n"
        f"data dictionary: {result.dictionary_md.name}, {result.dictionary_csv.name}"
    )


def _eval_docs_dir(target: Path) -> Path:
    """The folder of documents behind a gold target (corpus root, gold dir or batch)."""
    if (target / "docs").is_dir():
        return target / "docs"
    if target.name == "gold" and (target.parent / "docs").is_dir():
        return target.parent / "docs"
    if target.is_file() and target.name.endswith(".expected.json"):
        return target.with_name(target.name.removesuffix(".expected.json"))
    return target


def _run_for_eval(
    target: Path,
    docs: Path | None,
    warehouse: Path,
    workers: int,
    console: Console,
    show_progress: bool,
) -> None:
    """Run the pipeline on the documents behind the gold labels into `warehouse`."""
    from pipeline.progress_rich import RichProgress
    from pipeline.runner import BatchNotFound, resolve_batch, run_batch, run_error
    from pipeline.warehouse.errors import WarehouseError

    try:
        ref = resolve_batch(docs or _eval_docs_dir(target))
    except BatchNotFound as exc:
        raise _fail(str(exc)) from exc
    with RichProgress(console, enabled=show_progress) as progress:
        try:
            outcome = run_batch(ref, warehouse.resolve(), workers, progress)
        except WarehouseError as exc:
            raise _fail(str(exc)) from exc
    if not outcome.success:
        raise _fail(f"the pipeline run failed: {run_error(outcome.run_id)}")


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
EVAL_WAREHOUSE = Path("warehouse/eval.duckdb")


@app.command("eval")
def evaluate(
    target: Annotated[
        Path,
        typer.Argument(
            help="Corpus folder (gold/ + docs/), a gold/ folder, or a "
            "<batch>.expected.json / batch folder."
        ),
    ],
    docs: Annotated[
        Path | None, typer.Option(help="Folder of the documents behind the gold labels.")
    ] = None,
    warehouse: EvalWarehouseOpt = EVAL_WAREHOUSE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List every miss and extra, per document.")
    ] = False,
    run_first: RunFirstOpt = True,
    workers: Annotated[int, typer.Option("--workers", "-j", min=0)] = 0,
) -> None:
    """Score the pipeline against gold labels: precision / recall / F1 per field,
    and (for a corpus with a manifest) how many gold quotes the page text holds."""
    from pipeline.evaluate.gold import GoldFormatError
    from pipeline.evaluate.report import render_misses, render_report
    from pipeline.evaluate.scoring import score_target
    from pipeline.warehouse.errors import WarehouseError

    if run_first:
        _run_for_eval(target, docs, warehouse, workers, _console(stderr=as_json), not as_json)
    try:
        report = score_target(target, warehouse.resolve())
    except (GoldFormatError, WarehouseError) as exc:
        raise _fail(str(exc)) from exc
    has_manifest = (target / "manifest.jsonl").is_file()
    text_report = _text_quality(target, warehouse) if has_manifest else None
    if as_json:
        data = report.to_dict()
        if text_report is not None:
            data["text_quality"] = text_report.to_dict()
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out = _console()
    out.print(render_report(report))
    if show_errors:
        out.print(render_misses(report))
    if text_report is not None:
        out.print("\n[bold]Text quality[/]: gold quotes found on their page")
        out.print(text_report.to_text(), markup=False, highlight=False)


def _text_quality(corpus: Path, warehouse: Path) -> TextQualityReport:
    from pipeline.evaluate.text_quality import corpus_sources, measure_text_quality
    from pipeline.warehouse.known import stored_texts

    texts = stored_texts(warehouse.resolve(), corpus_sources(corpus))
    return measure_text_quality(corpus, {d.source.doc_id: d for d in texts if d.pages})


@app.command("eval-text")
def evaluate_text(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder with manifest.jsonl and gold/.")],
    warehouse: EvalWarehouseOpt = EVAL_WAREHOUSE,
    run_first: RunFirstOpt = True,
    workers: Annotated[int, typer.Option("--workers", "-j", min=0)] = 0,
) -> None:
    """Share of gold quotes found in their page's stored text, exact and fuzzy,
    by born-digital / mixed / scanned."""
    if not (corpus / "manifest.jsonl").is_file():
        raise _fail(f"{corpus} has no manifest.jsonl")
    if run_first:
        _run_for_eval(corpus, None, warehouse, workers, _console(), True)
    _console().print(_text_quality(corpus, warehouse).to_text(), markup=False, highlight=False)


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port for the web UI.")] = 3000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Open the Dagster UI with the assets, checks, job and sensor."""
    import shutil
    import sys

    from pipeline.instance import configure_dagster_home

    configure_dagster_home()
    dagster = shutil.which("dagster") or str(Path(sys.executable).parent / "dagster")
    os.execvp(
        dagster,
        [dagster, "dev", "-m", "pipeline.definitions", "-h", host, "-p", str(port)],
    )


@app.command()
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
    import shutil
    import sys

    from pipeline.instance import configure_dagster_home

    configure_dagster_home()
    if not raw_root.is_dir():
        raise _fail(f"no folder at {raw_root}: put records in {raw_root}/<batch>/ first")
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
        raise _fail(str(exc)) from exc
    cron = pipeline.schedules.daily_batches.cron_schedule
    _console().print(
        f"watching {env['FOIA_RAW_ROOT']} -> {env['FOIA_WAREHOUSE']}\n"
        f"  sensor: every 30 s; schedule: {cron} ({pipeline.schedules.schedule_timezone()})"
    )
    daemon = shutil.which("dagster-daemon") or str(Path(sys.executable).parent / "dagster-daemon")
    os.execvp(daemon, [daemon, "run", "-m", "pipeline.definitions"])


if __name__ == "__main__":  # pragma: no cover
    app()
