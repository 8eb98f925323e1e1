"""Shared by the hostile-input, crash and concurrency suites: running `foia` as a
separate process in a private workspace, and reading what a warehouse accounts for.

Each run gets its own DAGSTER_HOME (a copy of the project's dagster.yaml, so the
warehouse pool and storage settings are the real ones), its own TMPDIR and a
working directory inside the workspace, so anything the pipeline writes is either
inside that workspace or a bug the tests can see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
FOIA = str(Path(sys.executable).parent / "foia")

# Runs `foia` and prints its exit code and the peak RSS of the largest process in
# its tree (ru_maxrss of reaped children, in KiB on Linux) as JSON on stderr's last line.
_MEASURE = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": code, "maxrss_kib": peak}), file=sys.stderr)
"""


@dataclass(frozen=True)
class Workspace:
    """Everything one test's runs may write: warehouse, blobs, Dagster state, temp files."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "foia.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def create(self) -> Workspace:
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "dagster.yaml", self.dagster_home / "dagster.yaml")
        return self

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FOIA_", "DAGSTER_"))}
        env.update(
            DAGSTER_HOME=str(self.dagster_home),
            TMPDIR=str(self.tmp),
            PYTHONPATH=str(ROOT),
            COLUMNS="200",
        )
        return env

    def foia_args(self, *args: str) -> list[str]:
        return [FOIA, *args]

    def popen(self, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
        """Start `foia ARGS` in its own session (so its OCR workers can be killed with it)."""
        return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
            self.foia_args(*args),
            cwd=self.root,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            **kwargs,
        )

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.foia_args(*args),
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def run_measured(
        self, *args: str, timeout: float = 600
    ) -> tuple[subprocess.CompletedProcess[str], int]:
        """Run `foia ARGS` under a small parent that reports the tree's peak RSS (KiB)."""
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, *self.foia_args(*args)],
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        report = json.loads(done.stderr.strip().splitlines()[-1])
        return done, int(report["maxrss_kib"])


def display_label(parts: Iterable[str]) -> str:
    """A path as the warehouse shows it: '/'-joined, bytes that are not UTF-8 as \\xNN."""
    text = "/".join(parts)
    return os.fsencode(text).decode("utf-8", errors="backslashreplace")


def files_on_disk(batch_dir: Path) -> list[str]:
    """Every file-like entry of a batch, independently of the pipeline's own walk.

    Regular files and symbolic links that do not lead to a folder, labelled as
    `<batch>/<relative path>`; links to folders are not files (their contents are
    reached through the real folder).
    """
    found = []
    for folder, dirs, files in os.walk(batch_dir, followlinks=False):
        rel = Path(folder).relative_to(batch_dir.parent).parts
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if path.is_symlink() and path.is_dir():
                continue
            if name in dirs:
                continue
            found.append(display_label((*rel, name)))
    return sorted(found)


@dataclass
class Accounting:
    """Where each input of a batch ended: document paths and ingest failures by path."""

    documents: Counter[str] = field(default_factory=Counter)
    ingest_failures: Counter[str] = field(default_factory=Counter)

    def outcomes(self, label: str) -> list[str]:
        """Rows for the file itself and, for an archive, for everything inside it."""
        rows = []
        for kind, counter in (("document", self.documents), ("failure", self.ingest_failures)):
            for path, n in counter.items():
                if path == label or path.startswith(label + "!"):
                    rows.extend([f"{kind}:{path}"] * n)
        return rows

    def problems(self, on_disk: Iterable[str]) -> list[str]:
        """Breaches of "every input file is accounted for exactly once" (empty when held).

        A plain file must be exactly one document path or exactly one ingest failure.
        An archive is accounted for by its members (each once, by the same rule) or
        by one failure of its own when it was refused whole. Nothing may be recorded
        for a path that is neither on disk nor inside an archive that is.
        """
        disk = list(on_disk)
        problems = []
        for path, n in (self.documents + self.ingest_failures).items():
            if n > 1:
                problems.append(f"{path}: recorded {self.outcomes_exact(path)}")
        for label in disk:
            rows = self.outcomes(label)
            if not rows:
                problems.append(f"{label}: not accounted for")
        known = set(disk)
        for path in self.documents + self.ingest_failures:
            if path.split("!", 1)[0] not in known:
                problems.append(f"{path}: recorded but not in the batch")
        return problems

    def outcomes_exact(self, path: str) -> list[str]:
        return ["document"] * self.documents[path] + ["failure"] * self.ingest_failures[path]


def account(con: duckdb.DuckDBPyConnection, batch: str) -> Accounting:
    """The warehouse's answer to "what became of each file of this batch"."""
    result = Accounting()
    for (path,) in con.execute(
        "SELECT path FROM document_paths WHERE batch = ?", [batch]
    ).fetchall():
        result.documents[path] += 1
    for (path,) in con.execute(
        "SELECT path FROM failures WHERE batch = ? AND stage = 'ingest'", [batch]
    ).fetchall():
        result.ingest_failures[path] += 1
    return result


def tree_snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Path -> (size, mtime_ns) of everything under `root`, links not followed."""
    snap = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            st = path.lstat()
            snap[str(path.relative_to(root))] = (
                st.st_size if not path.is_dir() else 0,
                st.st_mtime_ns if not path.is_dir() else 0,
            )
    return snap
