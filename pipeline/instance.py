"""Where Dagster keeps its state for this project.

`dagster.yaml` sits at the project root (the code location's home) and points its
storage at `.dagster_home/` through environment variables, so run history and
intermediate results stay in a git-ignored folder. Every entry point calls
`configure_dagster_home()` before touching Dagster.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_DIR = ".dagster_home"


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` holding this project's dagster.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dagster.yaml").is_file() and (folder / "pipeline").is_dir():
            return folder
    return None


def configure_dagster_home(start: Path | None = None) -> Path:
    """Set DAGSTER_HOME and the state folders unless the user already did."""
    if "DAGSTER_HOME" not in os.environ:
        root = project_root(start) or Path(__file__).resolve().parents[1]
        os.environ["DAGSTER_HOME"] = str(root)
    home = Path(os.environ["DAGSTER_HOME"])
    state = Path(os.environ.setdefault("FOIA_DAGSTER_STATE", str(home / STATE_DIR)))
    os.environ.setdefault("FOIA_DAGSTER_STATE_DB", str(state))
    os.environ.setdefault("FOIA_DAGSTER_LOGS", str(state / "logs"))
    state.mkdir(parents=True, exist_ok=True)
    return home
