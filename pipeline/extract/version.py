"""A short fingerprint of everything that decides what extraction finds.

Rows in the warehouse carry the version that produced them, and a document is
re-extracted when the version changes. The fingerprint covers the files under
models/ (config, patterns, training data, the built pipeline), the source of the
extract package and the word list its text normalisation uses, so editing a rule,
a gazetteer line or retraining changes it, while moving the checkout does not
(paths are hashed relative to the repo).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_SKIP_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})


def _files(root: Path, pattern: str) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob(pattern) if p.is_file() and not _SKIP_PARTS.intersection(p.parts)
    )


def fingerprint(paths: list[Path], base: Path = REPO_ROOT) -> str:
    """sha256 over (relative path, content) of each file, in the given order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@cache
def extractor_version() -> str:
    """12 hex digits identifying the extraction code and models in this checkout."""
    paths = _files(REPO_ROOT / "models", "*") + _files(REPO_ROOT / "pipeline" / "extract", "*.py")
    # The normalised text extractors read joins line-end hyphens by this word list.
    paths.append(REPO_ROOT / "pipeline" / "text" / "words.txt")
    return fingerprint(paths)[:12]
