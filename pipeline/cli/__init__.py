"""The `foia` command (`pipeline.cli:app`).

Heavy libraries (Dagster, DuckDB, spaCy) are imported inside the commands so that
`foia --help` answers at once.
"""

from pipeline.cli.main import app

__all__ = ["app"]
