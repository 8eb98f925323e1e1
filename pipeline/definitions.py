"""The Dagster code location: `dagster dev` / `foia ui` load `defs` from here."""

import dagster as dg

from pipeline.assets import extractions, ingested_files, page_texts, warehouse
from pipeline.progress import LogProgress
from pipeline.resources import FoiaSettings, default_warehouse
from pipeline.sensors import new_batches, process_batch

defs = dg.Definitions(
    assets=[ingested_files, page_texts, extractions, warehouse],
    jobs=[process_batch],
    sensors=[new_batches],
    resources={
        "settings": FoiaSettings(warehouse=default_warehouse()),
        "progress": LogProgress(),
    },
    executor=dg.in_process_executor,
)
