"""The four stage assets, partitioned by batch.

Only `warehouse` opens DuckDB for writing; it runs in the `warehouse` pool (limit 1
in dagster.yaml) so a sensor-started run and a manual run never write at once.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import dagster as dg

from pipeline.checks import WAREHOUSE_CHECKS, run_warehouse_checks
from pipeline.ingest.scan import IngestResult, scan_batch
from pipeline.partitions import batches
from pipeline.progress import ProgressSink
from pipeline.resources import FoiaSettings
from pipeline.stages import ExtractStage, TextStage, run_extract_stage, run_text_stage
from pipeline.text.settings import TextSettings
from pipeline.warehouse.connection import WRITER_WAIT_S, open_writer
from pipeline.warehouse.load import BatchLoad, load_batch


def _run_started(context: dg.AssetExecutionContext) -> datetime:
    record = context.instance.get_run_record_by_id(context.run.run_id)
    if record is not None and record.start_time:
        return datetime.fromtimestamp(record.start_time, tz=UTC).replace(tzinfo=None)
    return datetime.now(UTC).replace(tzinfo=None)


def _reporter(progress: ProgressSink, stage: str) -> Callable[[int, int], None]:
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if not started:
            progress.start(stage, total)
            started = True
        progress.update(stage, done, total)

    return report


@dg.asset(partitions_def=batches, kinds={"python"}, group_name="foia")
def ingested_files(context: dg.AssetExecutionContext, settings: FoiaSettings) -> IngestResult:
    """Every file of the batch hashed, deduplicated and typed; bad files as failures."""
    result = scan_batch(
        settings.batch_dir(context.partition_key), settings.raw_root_path, settings.blob_path
    )
    context.add_output_metadata(
        {
            "files_seen": result.files_seen,
            "documents": len(result.files),
            "failures": len(result.failures),
        }
    )
    return result


@dg.asset(partitions_def=batches, kinds={"ocr"}, group_name="foia")
def page_texts(
    context: dg.AssetExecutionContext,
    ingested_files: IngestResult,
    settings: FoiaSettings,
    progress: dg.ResourceParam[ProgressSink],
) -> TextStage:
    """Page text for new documents: text layer when trustworthy, OCR otherwise."""
    stage = run_text_stage(
        ingested_files,
        settings.warehouse_path,
        settings.workers,
        _reporter(progress, "text"),
        TextSettings(ocr_timeout_s=settings.page_timeout_s, file_timeout_s=settings.file_timeout_s),
    )
    progress.finish("text")
    context.add_output_metadata(
        {
            "documents_new": len(stage.texts),
            "documents_reused": len(stage.reused),
            "pages": sum(len(t.pages) for t in stage.texts),
            "ocr_pages": sum(t.ocr_pages for t in stage.texts),
        }
    )
    return stage


@dg.asset(partitions_def=batches, kinds={"spacy"}, group_name="foia")
def extractions(
    context: dg.AssetExecutionContext,
    ingested_files: IngestResult,
    page_texts: TextStage,
    settings: FoiaSettings,
    progress: dg.ResourceParam[ProgressSink],
) -> ExtractStage:
    """Document type, agency and facts with page and quote for new or stale documents."""
    stage = run_extract_stage(
        ingested_files,
        page_texts,
        settings.warehouse_path,
        _reporter(progress, "extract"),
        aliases_file=settings.aliases_path,
    )
    progress.finish("extract")
    context.add_output_metadata(
        {"documents": len(stage.extractions), "extractor_version": stage.extractor_version}
    )
    return stage


@dg.asset(
    partitions_def=batches,
    kinds={"duckdb"},
    group_name="foia",
    pool="warehouse",
    check_specs=WAREHOUSE_CHECKS,
)
def warehouse(
    context: dg.AssetExecutionContext,
    ingested_files: IngestResult,
    page_texts: TextStage,
    extractions: ExtractStage,
    settings: FoiaSettings,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The only writer of warehouse/foia.duckdb: one transaction per batch."""
    load = BatchLoad(
        batch=context.partition_key,
        run_id=context.run.run_id,
        started_at=_run_started(context),
        sources=ingested_files.files,
        texts=page_texts.texts,
        extractions=extractions.extractions,
        failures=ingested_files.failures,
        agencies=extractions.agencies,
        text_engine_version=page_texts.engine_version,
        extractor_version=extractions.extractor_version,
        files_seen=ingested_files.files_seen,
    )
    # Waits for readers (a `foia sql`, a report) to let go rather than failing the run.
    with open_writer(settings.warehouse_path, wait_s=WRITER_WAIT_S) as con:
        counts = load_batch(con, load)
        checks = run_warehouse_checks(
            con,
            context.partition_key,
            settings.batch_dir(context.partition_key),
            settings.raw_root_path,
        )
    yield dg.MaterializeResult(
        metadata={
            "documents_new": counts.documents_new,
            "pages_new": counts.pages_new,
            "ocr_pages_new": counts.ocr_pages_new,
            "failures_new": counts.failures_new,
            **{f"rows_{k}": v for k, v in counts.facts.items()},
            "warehouse": dg.MetadataValue.path(str(settings.warehouse_path)),
        }
    )
    yield from checks
