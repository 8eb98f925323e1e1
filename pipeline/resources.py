"""Settings shared by the assets, as a Dagster resource (configurable in the UI)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

DEFAULT_WAREHOUSE = "warehouse/foia.duckdb"


def default_warehouse() -> str:
    return os.environ.get("FOIA_WAREHOUSE", DEFAULT_WAREHOUSE)


class FoiaSettings(dg.ConfigurableResource):  # type: ignore[misc]
    """Where records come from and go to, and how much of the machine to use."""

    raw_root: str = "raw_docs"
    warehouse: str = DEFAULT_WAREHOUSE
    workers: int = 0
    blob_dir: str = ""
    aliases_file: str = "agency_aliases.csv"

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
