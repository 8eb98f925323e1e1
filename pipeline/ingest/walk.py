"""Walking a batch folder in a fixed order, deciding what each entry may be read as.

Symbolic links: a link whose target lies outside the batch folder is never followed
(it could read any file on the machine) and becomes a `SymlinkOutsideBatch` failure.
A link to a file inside the batch is followed and recorded under the link's own
path, so its content is hashed like any file and dedupe merges it with the target's
path. A link to a directory inside the batch is not descended: everything beneath it
is already reached through the real directory, and skipping it rules out loops.
FIFOs, sockets and devices are reported, never opened (opening a FIFO blocks).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.errors import BrokenSymlink, NotARegularFile, SymlinkOutsideBatch
from pipeline.ingest.junk import is_os_junk


@dataclass(frozen=True)
class WalkEntry:
    """One file-like entry: its path parts relative to the batch, what to read, or why not."""

    rel_parts: tuple[str, ...]
    path: Path
    problem: Exception | None = None


def walk_batch(root: Path) -> Iterator[WalkEntry]:
    """Entries under `root` (an already resolved directory), sorted by name at every level."""
    yield from _walk_dir(root, root, ())


def _walk_dir(root: Path, directory: Path, rel: tuple[str, ...]) -> Iterator[WalkEntry]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        if rel:
            yield WalkEntry(rel, directory, err)
            return
        raise
    for entry in entries:
        parts = (*rel, entry.name)
        path = directory / entry.name
        try:
            if entry.is_symlink():
                yield from _follow_link(root, path, parts)
            elif entry.is_dir(follow_symlinks=False):
                if not is_os_junk((*parts, "")):  # as a folder: "__MACOSX/" is junk
                    yield from _walk_dir(root, path, parts)
            elif is_os_junk(parts):
                continue
            elif entry.is_file(follow_symlinks=False):
                yield WalkEntry(parts, path)
            else:
                yield WalkEntry(parts, path, NotARegularFile(_kind_message(path)))
        except OSError as err:
            yield WalkEntry(parts, path, err)


def _follow_link(root: Path, link: Path, parts: tuple[str, ...]) -> Iterator[WalkEntry]:
    if is_os_junk(parts):
        return
    written = os.readlink(link)
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as err:
        yield WalkEntry(
            parts, link, BrokenSymlink(f"link to {written!r} cannot be resolved: {err}")
        )
        return
    if not target.is_relative_to(root):
        yield WalkEntry(
            parts,
            link,
            SymlinkOutsideBatch(
                f"link to {written!r} points outside the batch folder; not followed"
            ),
        )
        return
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return
    if stat.S_ISREG(mode):
        yield WalkEntry(parts, target)
        return
    yield WalkEntry(parts, link, NotARegularFile(_kind_message(target)))


def _kind_message(path: Path) -> str:
    mode = path.lstat().st_mode
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{kind}; not read"
