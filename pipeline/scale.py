"""The scale-out code location: the same assets, with OCR fanned out over Celery workers.

`pipeline.definitions` (the default) runs every step in one process, which is the
fastest choice on one machine (DESIGN.md: ~4 s vs ~11 s per run for a
multiprocess executor). This location is for more than one machine: every step is
a Celery task (dagster-celery, Redis broker), Dagster's run and event storage is
PostgreSQL (deploy/scale/dagster.yaml), and `page_texts` becomes a graph whose
page-range chunks (pipeline/fanout.py) are separate steps, so any idle worker
takes the next chunk. `ingested_files`, `extractions` and `warehouse` are the very
same asset definitions as in the default location; the warehouse step stays in
the `warehouse` pool whose limit of 1 (deploy/scale/dagster.yaml) serialises
DuckDB writes across runs and workers.

Celery was chosen over the other Dagster executors available here because the
workers are long-lived processes on any machine that can reach Redis, PostgreSQL
and the shared storage folder; the Kubernetes/Docker executors would need a
cluster or a container runtime this project does not assume.

Load it with `dagster dev -m pipeline.scale` (or deploy/scale/workspace.yaml);
`python -m pipeline.scale raw_docs/<batch>` runs one batch from a shell.
"""

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.assets import extractions, ingested_files, warehouse
from pipeline.fanout import TextChunk, merge_parts, plan_chunks, read_chunk
from pipeline.ingest.scan import IngestResult
from pipeline.partitions import batches
from pipeline.progress import LogProgress
from pipeline.records import DocumentText
from pipeline.resources import FoiaSettings, default_raw_root, default_warehouse, stage_pickles
from pipeline.schedules import daily_batches
from pipeline.sensors import (
    BATCH_PARTITIONS,
    FINGERPRINT_TAG,
    new_batches,
    process_batch,
    run_fingerprint,
)
from pipeline.stages import TextStage, extractor_versions, needs_text

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
NO_WORK = "none"


def default_chunk_pages() -> int:
    return int(os.environ.get("FOIA_CHUNK_PAGES", "40"))


class ChunkConfig(dg.Config):
    """Pages per chunk: small enough to spread a batch over the workers, large
    enough that one chunk's OCR outweighs the ~1 s a Celery step costs."""

    pages_per_chunk: int = default_chunk_pages()


@dg.op(out=dg.DynamicOut(TextChunk))
def plan_text_chunks(
    context: dg.OpExecutionContext,
    config: ChunkConfig,
    ingested_files: IngestResult,
    settings: FoiaSettings,
) -> Iterator[dg.DynamicOutput[TextChunk]]:
    """Documents whose text is not in the warehouse yet, cut into page ranges."""
    from pipeline.text import TEXT_ENGINE_VERSION

    todo = needs_text(ingested_files, settings.warehouse_path, TEXT_ENGINE_VERSION)
    chunks = plan_chunks(todo, config.pages_per_chunk)
    context.log.info(
        f"{len(todo)} document(s) to read in {len(chunks)} chunk(s) of <= "
        f"{config.pages_per_chunk} pages"
    )
    if not chunks:  # an empty fan-out would skip the merge, and every asset after it
        yield dg.DynamicOutput(TextChunk(NO_WORK), mapping_key=NO_WORK)
    for chunk in chunks:
        yield dg.DynamicOutput(chunk, mapping_key=chunk.key)


@dg.op
def read_text_chunk(chunk: TextChunk, settings: FoiaSettings) -> list[DocumentText]:
    """Text layer or OCR for one chunk's pages, on whichever worker took it."""
    from pipeline.text.settings import TextSettings

    conf = TextSettings(
        ocr_timeout_s=settings.page_timeout_s, file_timeout_s=settings.file_timeout_s
    )
    return read_chunk(chunk, workers=settings.workers or (os.cpu_count() or 1), settings=conf)


@dg.op
def merge_text_chunks(
    context: dg.OpExecutionContext,
    ingested_files: IngestResult,
    parts: list[list[DocumentText]],
    settings: FoiaSettings,
) -> TextStage:
    """Whole documents again, in batch order: what `page_texts` is everywhere else."""
    from pipeline.text import TEXT_ENGINE_VERSION
    from pipeline.warehouse.known import known_documents

    texts = merge_parts(ingested_files.files, chain.from_iterable(parts))
    read = {t.source.doc_id for t in texts}
    reused = [s.doc_id for s in ingested_files.files if s.doc_id not in read]
    context.add_output_metadata(
        {
            "documents_new": len(texts),
            "documents_reused": len(reused),
            "pages": sum(len(t.pages) for t in texts),
            "ocr_pages": sum(t.ocr_pages for t in texts),
            "chunks": len(parts),
        }
    )
    known = known_documents(settings.warehouse_path, reused)
    return TextStage(
        texts=texts,
        reused=reused,
        engine_version=TEXT_ENGINE_VERSION,
        reused_extractor_versions=extractor_versions(known, reused),
    )


@dg.graph_asset(
    name="page_texts",
    partitions_def=batches,
    group_name="foia",
    kinds={"ocr"},
    description="Page text for new documents, read in page-range chunks across workers.",
)
def page_texts_fanned_out(ingested_files: IngestResult) -> TextStage:
    chunks = plan_text_chunks(ingested_files)
    parts = chunks.map(read_text_chunk)
    return merge_text_chunks(ingested_files, parts.collect())


def celery_settings() -> dict[str, Any]:
    """Executor config; the workers read the same values (deploy/scale/dagster_celery_config.py)."""
    broker = os.environ.get("FOIA_CELERY_BROKER", DEFAULT_BROKER)
    # one chunk at a time per worker, acknowledged when done: a worker that dies
    # hands its chunk back instead of losing it
    source: dict[str, Any] = {"worker_prefetch_multiplier": 1, "task_acks_late": True}
    prefix = os.environ.get("FOIA_CELERY_PREFIX", "")
    if prefix:  # several deployments (or test runs) sharing one Redis keep apart
        source["broker_transport_options"] = {"global_keyprefix": prefix}
    return {
        "broker": broker,
        "backend": os.environ.get("FOIA_CELERY_BACKEND", broker),
        "config_source": source,
    }


@dg.executor(name="celery", requirements=dg.multiple_process_executor_requirements())
def foia_celery_executor(init_context: dg.InitExecutorContext) -> dg.Executor:
    """dagster-celery's executor, its broker settings read when a run starts rather than
    when this module is imported, so a daemon or test that sets FOIA_CELERY_* later is
    obeyed."""
    from dagster._core.execution.retries import RetryMode
    from dagster_celery.executor import CeleryExecutor

    conf = celery_settings()
    return CeleryExecutor(
        retries=RetryMode.ENABLED,
        broker=conf["broker"],
        backend=conf["backend"],
        config_source=conf["config_source"],
    )


SCALE_ASSETS = [ingested_files, page_texts_fanned_out, extractions, warehouse]

defs = dg.Definitions(
    assets=SCALE_ASSETS,
    jobs=[process_batch],
    sensors=[new_batches],
    schedules=[daily_batches],
    resources={
        "settings": FoiaSettings(raw_root=default_raw_root(), warehouse=default_warehouse()),
        "progress": LogProgress(),
        "io_manager": stage_pickles,
    },
    executor=foia_celery_executor,
)


def scaled_job() -> dg.JobDefinition:
    """The batch job of this location; Celery workers rebuild it from this name."""
    return defs.resolve_job_def(process_batch.name)


@dataclass(frozen=True)
class ScaledRun:
    run_id: str
    success: bool


def run_batch_scaled(
    batch_dir: Path,
    warehouse_path: Path,
    instance: dg.DagsterInstance,
    workers: int = 0,
    pages_per_chunk: int | None = None,
) -> ScaledRun:
    """Run one batch folder through the Celery executor and wait for it to finish.

    This process coordinates (submits steps, records events); the steps run on
    the workers, which need the same instance (DAGSTER_HOME or its environment)
    and a view of the same files.
    """
    folder = batch_dir.resolve()
    batch = folder.name
    if not instance.has_dynamic_partition(BATCH_PARTITIONS, batch):
        instance.add_dynamic_partitions(BATCH_PARTITIONS, [batch])
    settings = {
        "raw_root": str(folder.parent),
        "warehouse": str(warehouse_path.resolve()),
        "workers": workers,
    }
    run_config: dict[str, Any] = {"resources": {"settings": {"config": settings}}}
    if pages_per_chunk is not None:
        run_config["ops"] = {
            "page_texts": {
                "ops": {"plan_text_chunks": {"config": {"pages_per_chunk": pages_per_chunk}}}
            }
        }
    result = dg.execute_job(
        dg.reconstructable(scaled_job),
        instance=instance,
        run_config=run_config,
        tags={
            "dagster/partition": batch,
            FINGERPRINT_TAG: run_fingerprint(folder),
            "foia/source": "scale",
        },
        raise_on_error=False,
    )
    return ScaledRun(result.run_id, result.success)


def main(argv: list[str]) -> int:
    """`python -m pipeline.scale BATCH_DIR [WAREHOUSE]`, with DAGSTER_HOME pointing at
    the scale profile (deploy/scale) and the workers running."""
    # Imported by name so the job the workers rebuild is pipeline.scale's, not __main__'s.
    from pipeline.scale import run_batch_scaled as run

    if not argv or len(argv) > 2:
        print("usage: python -m pipeline.scale BATCH_DIR [WAREHOUSE]", file=sys.stderr)
        return 2
    warehouse_path = Path(argv[1] if len(argv) > 1 else default_warehouse())
    with dg.DagsterInstance.get() as instance:
        outcome = run(Path(argv[0]), warehouse_path, instance)
    print(f"run {outcome.run_id}: {'success' if outcome.success else 'FAILED'}")
    return 0 if outcome.success else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
