"""Settings shared by the assets, as a Dagster resource (configurable in the UI)."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import dagster as dg

DEFAULT_WAREHOUSE = "warehouse/foia.duckdb"
DEFAULT_RAW_ROOT = "raw_docs"


def default_warehouse() -> str:
    return os.environ.get("FOIA_WAREHOUSE", DEFAULT_WAREHOUSE)


def default_raw_root() -> str:
    """`foia watch` sets FOIA_RAW_ROOT so daemon-launched runs find the records."""
    return os.environ.get("FOIA_RAW_ROOT", DEFAULT_RAW_ROOT)


class FoiaSettings(dg.ConfigurableResource):
    """Where records come from and go to, and how much of the machine to use."""

    raw_root: str = "raw_docs"
    warehouse: str = DEFAULT_WAREHOUSE
    workers: int = 0
    blob_dir: str = ""
    aliases_file: str = "agency_aliases.csv"
    # Time limits of the text stage: one page's OCR (its process is killed a little
    # later if stuck), and one file (0: none; its remaining pages are skipped).
    page_timeout_s: float = 120.0
    file_timeout_s: float = 0.0

    @property
    def raw_root_path(self) -> Path:
        return Path(self.raw_root).resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse).resolve()

    @property
    def blob_path(self) -> Path:
        """Workspace for files unpacked from ZIPs; beside the warehouse by default."""
        if self.blob_dir:
            return Path(self.blob_dir).resolve()
        return self.warehouse_path.parent / "blobs"

    @property
    def aliases_path(self) -> Path:
        return Path(self.aliases_file).resolve()

    def batch_dir(self, batch: str) -> Path:
        return self.raw_root_path / batch


class StageOutputMissing(Exception):
    """A run needs a stage output that was never stored for its folder and warehouse."""


def storage_scope(raw_root: Path, warehouse: Path) -> str:
    """A short digest of where a run's records come from and go to.

    Batches are named after their folder, so `/a/raw_docs/2024` and `/b/raw_docs/2024`
    are the same partition; and what counts as new text depends on the warehouse.
    Stage outputs kept under this digest are only read by runs of the same folder into
    the same warehouse, however many such runs overlap or follow each other.
    """
    key = os.fsencode(raw_root) + b"\0" + os.fsencode(warehouse)
    return hashlib.sha256(key).hexdigest()[:16]


class StagePickles(dg.IOManager):
    """Stage outputs as pickles under the instance's storage folder, written atomically.

    Dagster's own filesystem IO manager stores three log events per step (two per
    input, one per output), each an SQLite commit: on a no-op re-run of a
    1,000-document batch, 15 of the run's 66 events. With the disk busy (other jobs
    on the machine) that was ~0.6 s of a ~4.5 s run; on an idle disk it is within
    noise. A pickle is also never left half-written by a killed step. Assets land
    at <storage>/<asset>/<scope>/<partition>, where the scope (`storage_scope`)
    names the raw-records root and the warehouse: the latest output of that asset
    for that batch folder and warehouse, which is also what a run of only the
    downstream assets (the UI's "materialize selected") reads. Op outputs of the
    scale-out graph are per run: <storage>/<run_id>/<step>/<output>[/<mapping_key>].
    Celery workers read each other's outputs, so in that profile the storage folder
    must be shared (deploy/scale/dagster.yaml).
    """

    def __init__(self, base_dir: Path, raw_root: Path, warehouse: Path) -> None:
        self.base_dir = base_dir
        self.raw_root = raw_root
        self.warehouse = warehouse
        self.scope = storage_scope(raw_root, warehouse)

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        if not context.has_asset_key:
            return self.base_dir.joinpath(*context.get_identifier())
        partition = [context.asset_partition_key] if context.has_asset_partitions else []
        return self.base_dir.joinpath(*context.asset_key.path, self.scope, *partition)

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load_input(self, context: dg.InputContext) -> Any:
        path = self._path(context)
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError as exc:
            if not context.has_asset_key:
                raise
            what = context.asset_key.to_user_string()
            batch = context.asset_partition_key if context.has_asset_partitions else ""
            raise StageOutputMissing(
                f"no stored {what} for batch {batch!r} of {self.raw_root} into "
                f"{self.warehouse}: materialize {what} for it first"
            ) from exc


@dg.io_manager(required_resource_keys={"settings"})
def stage_pickles(init_context: dg.InitResourceContext) -> StagePickles:
    instance = init_context.instance
    if instance is None:
        raise dg.DagsterInvariantViolationError("stage_pickles needs a Dagster instance")
    settings: FoiaSettings = init_context.resources.settings
    return StagePickles(
        Path(instance.storage_directory()), settings.raw_root_path, settings.warehouse_path
    )
