"""Progress reporting that works the same in the CLI and in the Dagster UI.

Assets receive a `ProgressSink` resource: `foia run` passes one that drives rich
progress bars (the in-process executor runs assets in the CLI's own process), while
the UI and sensors get `LogProgress`, which writes a few lines to the run log.
"""

from __future__ import annotations

import logging
from typing import Protocol


class ProgressSink(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def update(self, stage: str, done: int, total: int) -> None: ...

    def finish(self, stage: str) -> None: ...


class LogProgress:
    """Logs at most ~10 lines per stage so long runs stay readable in the UI."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._log = logger or logging.getLogger("alpr_foia")
        self._last_decile: dict[str, int] = {}

    def start(self, stage: str, total: int) -> None:
        self._last_decile[stage] = -1
        self._log.info("%s: %d to do", stage, total)

    def update(self, stage: str, done: int, total: int) -> None:
        decile = (10 * done) // total if total else 10
        if decile > self._last_decile.get(stage, -1):
            self._last_decile[stage] = decile
            self._log.info("%s: %d/%d", stage, done, total)

    def finish(self, stage: str) -> None:
        self._log.info("%s: done", stage)
