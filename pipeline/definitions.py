"""The Dagster code location: `dagster dev` / `foia ui` load `defs` from here."""

import dagster as dg

from pipeline.assets import extractions, ingested_files, page_texts, warehouse
from pipeline.progress import LogProgress
from pipeline.resources import FoiaSettings, default_raw_root, default_warehouse, stage_pickles
from pipeline.schedules import daily_batches
from pipeline.sensors import new_batches, process_batch

defs = dg.Definitions(
    assets=[ingested_files, page_texts, extractions, warehouse],
    jobs=[process_batch],
    sensors=[new_batches],
    schedules=[daily_batches],
    resources={
        "settings": FoiaSettings(raw_root=default_raw_root(), warehouse=default_warehouse()),
        "progress": LogProgress(),
        "io_manager": stage_pickles,
    },
    executor=dg.in_process_executor,
)
