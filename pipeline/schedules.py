"""A daily reconciliation of raw_docs/ against what the warehouse last loaded.

The sensor reacts within seconds but only to what changed between two of its own
ticks: a run that failed, a sensor that was switched off, or records copied in
while no daemon was running are never requested again. The schedule closes those
gaps without redoing work: for each batch folder it compares the batch's run
fingerprint (file sizes and times plus the text-engine and extractor versions,
see pipeline/sensors.py) with the fingerprint tag of the batch's last *successful*
run, and requests a run only where they differ and no run for that fingerprint is
already queued or in progress.

Requesting every folder every day would also be correct, because the stages skip
known work, but each no-op run still costs a few seconds of Dagster bookkeeping and
a row of run history per batch per day; on hundreds of batches that history would
bury the runs that did something.

The cron expression comes from FOIA_SCHEDULE_CRON (default: 03:00 every day, in
FOIA_SCHEDULE_TZ, default UTC), read when the code location loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipeline.resources import FoiaSettings
from pipeline.sensors import (
    BATCH_PARTITIONS,
    FINGERPRINT_TAG,
    automation_on,
    batch_folders,
    code_versions,
    process_batch,
    run_fingerprint,
)

DEFAULT_CRON = "0 3 * * *"
CRON_ENV = "FOIA_SCHEDULE_CRON"
TZ_ENV = "FOIA_SCHEDULE_TZ"
PARTITION_TAG = "dagster/partition"  # the tag Dagster puts on every partitioned run

_UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def schedule_cron() -> str:
    return os.environ.get(CRON_ENV, "").strip() or DEFAULT_CRON


def schedule_timezone() -> str:
    return os.environ.get(TZ_ENV, "").strip() or "UTC"


@dataclass(frozen=True)
class BatchDue:
    """A batch folder whose current fingerprint has not been loaded successfully."""

    batch: str
    fingerprint: str
    last_loaded: str | None


def last_loaded_fingerprint(instance: dg.DagsterInstance, batch: str) -> str | None:
    """Fingerprint tag of the newest successful run of this batch (None: never, or
    only by runs from before fingerprints were tagged)."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(tags={PARTITION_TAG: batch}, statuses=[dg.DagsterRunStatus.SUCCESS]),
        limit=1,
    )
    return runs[0].tags.get(FINGERPRINT_TAG) if runs else None


def fingerprint_in_flight(instance: dg.DagsterInstance, batch: str, fingerprint: str) -> bool:
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            tags={PARTITION_TAG: batch, FINGERPRINT_TAG: fingerprint}, statuses=_UNFINISHED
        ),
        limit=1,
    )
    return bool(runs)


def batches_due(instance: dg.DagsterInstance, raw_root: Path) -> list[BatchDue]:
    """Batch folders whose files or code changed since their last successful run."""
    versions = code_versions()
    due: list[BatchDue] = []
    for folder in batch_folders(raw_root):
        fingerprint = run_fingerprint(folder, versions)
        last = last_loaded_fingerprint(instance, folder.name)
        if last == fingerprint or fingerprint_in_flight(instance, folder.name, fingerprint):
            continue
        due.append(BatchDue(folder.name, fingerprint, last))
    return due


@dg.schedule(
    job=process_batch,
    cron_schedule=schedule_cron(),
    execution_timezone=schedule_timezone(),
    default_status=dg.DefaultScheduleStatus.RUNNING
    if automation_on()
    else dg.DefaultScheduleStatus.STOPPED,
    description="Daily: run every batch whose files or code changed since its last "
    "successful run (new batch folders included).",
)
def daily_batches(
    context: dg.ScheduleEvaluationContext, settings: FoiaSettings
) -> list[dg.RunRequest] | dg.SkipReason:
    due = batches_due(context.instance, settings.raw_root_path)
    if not due:
        return dg.SkipReason("every batch folder is loaded at its current fingerprint")
    # Schedules cannot return dynamic-partition requests (sensors can), so new batch
    # folders are registered here, before the run requests that name them.
    known = set(context.instance.get_dynamic_partitions(BATCH_PARTITIONS))
    new = [d.batch for d in due if d.batch not in known]
    if new:
        context.instance.add_dynamic_partitions(BATCH_PARTITIONS, new)
    return [
        dg.RunRequest(
            partition_key=d.batch,
            run_key=d.batch,  # the scheduler scopes run keys to the tick's time
            tags={FINGERPRINT_TAG: d.fingerprint},
        )
        for d in due
    ]
