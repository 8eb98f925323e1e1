"""Settings shared by the assets, as a Dagster resource (configurable in the UI)."""

from __future__ import annotations

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


class FoiaSettings(dg.ConfigurableResource):  # type: ignore[misc]
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


class StagePickles(dg.IOManager):
    """Stage outputs as pickles under the instance's storage folder, written atomically.

    Dagster's own filesystem IO manager stores three log events per step (two per
    input, one per output), each an SQLite commit: on a no-op re-run of a
    1,000-document batch, 15 of the run's 66 events. With the disk busy (other jobs
    on the machine) that was ~0.6 s of a ~4.5 s run; on an idle disk it is within
    noise. A pickle is also never left half-written by a killed step. Assets
    land at <storage>/<asset>/<partition> (the same place as before); op outputs of
    the scale-out graph at <storage>/<run_id>/<step>/<output>[/<mapping_key>].
    Celery workers read each other's outputs, so in that profile the storage folder
    must be shared (deploy/scale/dagster.yaml).
    """

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        parts = (
            context.get_asset_identifier() if context.has_asset_key else (context.get_identifier())
        )
        return self.base_dir.joinpath(*parts)

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
        with self._path(context).open("rb") as fh:
            return pickle.load(fh)


@dg.io_manager
def stage_pickles(init_context: dg.InitResourceContext) -> StagePickles:
    instance = init_context.instance
    if instance is None:
        raise dg.DagsterInvariantViolationError("stage_pickles needs a Dagster instance")
    return StagePickles(Path(instance.storage_directory()))
