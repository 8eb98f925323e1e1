"""`foia eval` and `foia eval-text`: run the pipeline on a gold-labelled corpus and
score what it extracted and how much of the gold text its pages hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.console import fail, make_console
from pipeline.cli.options import EVAL_WAREHOUSE, EvalWarehouseOpt, RunFirstOpt

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.evaluate.text_quality import TextQualityReport


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
        raise fail(str(exc)) from exc
    with RichProgress(console, enabled=show_progress) as progress:
        try:
            outcome = run_batch(ref, warehouse.resolve(), workers, progress)
        except WarehouseError as exc:
            raise fail(str(exc)) from exc
    if not outcome.success:
        raise fail(f"the pipeline run failed: {run_error(outcome.run_id)}")


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
        _run_for_eval(target, docs, warehouse, workers, make_console(stderr=as_json), not as_json)
    try:
        report = score_target(target, warehouse.resolve())
    except (GoldFormatError, WarehouseError) as exc:
        raise fail(str(exc)) from exc
    has_manifest = (target / "manifest.jsonl").is_file()
    text_report = _text_quality(target, warehouse) if has_manifest else None
    if as_json:
        data = report.to_dict()
        if text_report is not None:
            data["text_quality"] = text_report.to_dict()
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    out = make_console()
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


def evaluate_text(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder with manifest.jsonl and gold/.")],
    warehouse: EvalWarehouseOpt = EVAL_WAREHOUSE,
    run_first: RunFirstOpt = True,
    workers: Annotated[int, typer.Option("--workers", "-j", min=0)] = 0,
) -> None:
    """Share of gold quotes found in their page's stored text, exact and fuzzy,
    by born-digital / mixed / scanned."""
    if not (corpus / "manifest.jsonl").is_file():
        raise fail(f"{corpus} has no manifest.jsonl")
    if run_first:
        _run_for_eval(corpus, None, warehouse, workers, make_console(), True)
    make_console().print(_text_quality(corpus, warehouse).to_text(), markup=False, highlight=False)
