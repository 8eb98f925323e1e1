"""Typed warehouse errors, so the CLI can print a message a reporter can act on."""

from __future__ import annotations


class WarehouseError(Exception):
    """Base class for problems opening or writing the warehouse."""


class WarehouseBusy(WarehouseError):
    """Another process holds the DuckDB write lock (a run in progress)."""


class RunInProgress(WarehouseBusy):
    """Another `foia run` holds the warehouse's run lock."""


class WarehouseMissing(WarehouseError):
    """No warehouse file yet: nothing has been run."""


class ReadOnlyViolation(WarehouseError):
    """A statement that would modify the warehouse or reach outside it was refused."""


class SchemaTooNew(WarehouseError):
    """The file was written by a newer alpr-foia than this one."""
