"""Notice new or changed batch folders under raw_docs/ and request a run for each.

The fingerprint is built from each file's relative path, size and modification
time rather than its bytes: hashing a 100k-page drop every 30 seconds would cost
more than the work it saves, and the ingest step hashes contents anyway (an
unchanged file that was merely touched is then recognised and skipped).

A run's result also depends on the code that reads and extracts, so the fingerprint
a run is requested for (`run_fingerprint`) adds the text-engine and extractor
versions: upgrading the extractor re-runs every batch, and the incremental stages
then re-extract from stored text without OCR. Runs carry that fingerprint as a tag,
which is what the daily schedule (pipeline/schedules.py) compares against.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from pipeline.partitions import batches
from pipeline.resources import FoiaSettings

FINGERPRINT_TAG = "foia/fingerprint"
BATCH_PARTITIONS: str = batches.name or "batches"
AUTOMATION_ENV = "FOIA_AUTOMATION"

process_batch = dg.define_asset_job(
    "process_batch",
    selection=dg.AssetSelection.groups("foia"),
    description="Ingest, read, extract and load one batch folder of raw_docs/.",
)


def batch_fingerprint(batch_dir: Path) -> str:
    """Stable digest of what a batch folder holds; changes when any file changes."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(batch_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            try:
                st = path.lstat()
            except OSError:
                continue
            rel = path.relative_to(batch_dir).as_posix()
            # surrogateescape: a file name that is not UTF-8 must not crash the digest
            digest.update(
                f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="surrogateescape")
            )
    return digest.hexdigest()[:16]


def code_versions() -> str:
    """The versions of the code whose output the warehouse keys its rows by."""
    from pipeline.extract.version import extractor_version
    from pipeline.text import TEXT_ENGINE_VERSION

    return f"{TEXT_ENGINE_VERSION}/{extractor_version()}"


def run_fingerprint(batch_dir: Path, versions: str | None = None) -> str:
    """What a run of this batch would produce depends on: its files and the code."""
    code = code_versions() if versions is None else versions
    return hashlib.sha256(f"{batch_fingerprint(batch_dir)}\0{code}".encode()).hexdigest()[:16]


def automation_on() -> bool:
    """Sensor and schedule start switched on under `foia watch` (FOIA_AUTOMATION=1)
    and off otherwise, so opening the UI never starts runs by itself."""
    return os.environ.get(AUTOMATION_ENV, "").strip().lower() in {"1", "on", "true", "yes"}


def batch_folders(raw_root: Path) -> list[Path]:
    """Batches are the direct sub-folders of raw_root (hidden ones skipped)."""
    if not raw_root.is_dir():
        return []
    return sorted(p for p in raw_root.iterdir() if p.is_dir() and not p.name.startswith("."))


@dg.sensor(
    job=process_batch,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING
    if automation_on()
    else dg.DefaultSensorStatus.STOPPED,
)
def new_batches(context: dg.SensorEvaluationContext, settings: FoiaSettings) -> dg.SensorResult:
    """Runs each batch folder whose contents (or the reading/extraction code) changed
    since the last tick."""
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    known = set(context.instance.get_dynamic_partitions(BATCH_PARTITIONS))
    requests: list[dg.RunRequest] = []
    new_partitions: list[str] = []
    current: dict[str, str] = {}
    versions = code_versions()
    for folder in batch_folders(settings.raw_root_path):
        batch = folder.name
        fingerprint = run_fingerprint(folder, versions)
        current[batch] = fingerprint
        if batch not in known:
            new_partitions.append(batch)
        if seen.get(batch) != fingerprint:
            requests.append(
                dg.RunRequest(
                    partition_key=batch,
                    run_key=f"{batch}:{fingerprint}",
                    tags={FINGERPRINT_TAG: fingerprint},
                )
            )
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[batches.build_add_request(new_partitions)]
        if new_partitions
        else [],
        cursor=json.dumps(current, sort_keys=True),
    )
