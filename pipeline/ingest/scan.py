"""Turning one batch folder into distinct source files, containers and failures.

Every entry the walk reaches ends up accounted for in exactly one of three ways:
as a path of a `SourceFile` (deduped by sha256), as a `Container` (a ZIP whose
members were expanded; containers are not documents), or as a `Failure` (a ZIP
refused or cut off part-way is both a container and a failure). `files_seen` counts
the distinct paths reached, so ``files_seen == len(accounted_paths(result))`` holds,
and a later check can compare it with the folder on disk. OS clutter (see `junk`)
is neither seen nor recorded.

One file's problem never stops the batch: expected problems raise `IngestError`
subclasses and anything unexpected is caught at the per-file boundary too, becoming a
failure named after the exception class.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from pipeline.ingest.errors import EmptyFile, IngestError, UnsupportedFileType
from pipeline.ingest.hashing import hash_file
from pipeline.ingest.limits import IngestLimits
from pipeline.ingest.sniff import sniff_path
from pipeline.ingest.walk import walk_batch
from pipeline.ingest.zips import MEMBER_SEPARATOR, ExpansionBudget, ExtractedMember, expand_zip
from pipeline.records import Failure, FileType, SourceFile


@dataclass(frozen=True)
class Container:
    """An archive that was expanded: its path, its own hash, and how many entries it held.

    `members` counts the archive's direct file entries (extracted or failed), not
    directories, OS clutter, or the contents of archives nested in it.
    """

    path: str
    sha256: str
    members: int


@dataclass
class IngestResult:
    """What ingesting one batch found."""

    batch: str
    files: list[SourceFile]
    failures: list[Failure]
    files_seen: int
    containers: list[Container] = field(default_factory=list)


def accounted_paths(result: IngestResult) -> set[str]:
    """Every path the result gives an outcome for (documents, containers, failures)."""
    paths = {path for source in result.files for path in source.paths}
    paths.update(container.path for container in result.containers)
    paths.update(failure.path for failure in result.failures)
    return paths


def scan_batch(
    batch_dir: Path,
    raw_root: Path,
    blob_dir: Path,
    limits: IngestLimits = IngestLimits(),  # noqa: B008 - frozen, so a shared default is safe
) -> IngestResult:
    """Hash, dedupe and sniff every file under `batch_dir`, expanding ZIPs into `blob_dir`.

    Paths are relative to `raw_root` with forward slashes, zip members as
    ``dir/archive.zip!member/path``. Raises ValueError when `batch_dir` is not inside
    `raw_root` or `blob_dir` lies inside the batch (its blobs would be ingested).
    """
    root = batch_dir.resolve(strict=True)
    prefix = root.relative_to(raw_root.resolve()).parts
    blobs = blob_dir.resolve()
    if blobs.is_relative_to(root):
        raise ValueError(f"blob_dir {blob_dir} must not be inside the batch folder {batch_dir}")
    scan = _Scan(batch=root.name, blob_dir=blobs, limits=limits)
    for entry in walk_batch(root):
        label = display_path((*prefix, *entry.rel_parts))
        scan.seen.add(label)
        if entry.problem is not None:
            scan.fail(label, entry.problem)
            continue
        sha: str | None = None
        try:
            sha, size, head = hash_file(entry.path, limits.chunk_bytes)
            scan.take(label, entry.path, sha, size, head[: limits.sniff_bytes], None)
        except Exception as err:  # per-file boundary: record and go on
            scan.fail(label, err, sha)
    return scan.result()


@dataclass
class _Pending:
    file_type: FileType
    mime: str
    size: int
    blob: str
    paths: list[str]


@dataclass
class _Scan:
    batch: str
    blob_dir: Path
    limits: IngestLimits
    seen: set[str] = field(default_factory=set)
    files: dict[str, _Pending] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)

    def take(
        self,
        label: str,
        path: Path,
        sha: str,
        size: int,
        head: bytes,
        budget: ExpansionBudget | None,
        depth: int = 0,
    ) -> None:
        """Record one file's content under `label`: a document, an archive, or a failure."""
        if size == 0:
            raise EmptyFile("file is empty (0 bytes)")
        known = self.files.get(sha)
        if known is not None:
            if label not in known.paths:
                known.paths.append(label)
            return
        sniffed = sniff_path(path, head, size)
        if sniffed.file_type == "zip":
            self.expand(label, path, sha, size, budget, depth + 1)
        elif sniffed.file_type == "unknown":
            raise UnsupportedFileType(
                f"bytes look like {sniffed.description} ({sniffed.mime}); "
                f"{_claimed_extension(label)}"
            )
        else:
            blob = str(path.resolve())
            self.files[sha] = _Pending(sniffed.file_type, sniffed.mime, size, blob, [label])

    def expand(
        self,
        label: str,
        path: Path,
        sha: str,
        size: int,
        budget: ExpansionBudget | None,
        depth: int,
    ) -> None:
        """Expand an archive; record it as a container unless refused before any entry."""
        budget = budget if budget is not None else ExpansionBudget(archive_bytes=size)
        entries = 0
        try:
            for item in expand_zip(path, label, self.blob_dir, self.limits, depth, budget):
                entries += 1
                if isinstance(item, Failure):
                    self.seen.add(item.path)
                    self.failures.append(replace(item, batch=self.batch))
                    continue
                self._take_member(item, budget, depth)
        except Exception as err:  # archive-wide refusal or an unexpected archive error
            self.fail(label, err, sha)
            if entries == 0:
                return
        self.containers.append(Container(path=label, sha256=sha, members=entries))

    def _take_member(self, item: ExtractedMember, budget: ExpansionBudget, depth: int) -> None:
        self.seen.add(item.path)
        blob = item.blob
        try:
            self.take(item.path, blob.path, blob.sha256, blob.size, blob.head, budget, depth)
        except Exception as err:  # one member's problem stays with that member
            self.fail(item.path, err, blob.sha256)

    def fail(self, label: str, err: Exception, sha: str | None = None) -> None:
        error_class = err.error_class if isinstance(err, IngestError) else type(err).__name__
        self.failures.append(
            Failure(
                path=label,
                stage="ingest",
                error_class=error_class,
                message=str(err) or error_class,
                sha256=sha,
                batch=self.batch,
            )
        )

    def result(self) -> IngestResult:
        files = [
            SourceFile(
                doc_id=sha,
                file_type=pending.file_type,
                mime=pending.mime,
                size=pending.size,
                paths=tuple(pending.paths),
                blob=pending.blob,
            )
            for sha, pending in self.files.items()
        ]
        return IngestResult(
            batch=self.batch,
            files=files,
            failures=list(self.failures),
            files_seen=len(self.seen),
            containers=list(self.containers),
        )


def display_path(parts: tuple[str, ...]) -> str:
    """POSIX path text; bytes that are not UTF-8 in a name are shown as \\xNN escapes."""
    text = str(PurePosixPath(*parts))
    return os.fsencode(text).decode("utf-8", errors="backslashreplace")


def _claimed_extension(label: str) -> str:
    name = label.rsplit(MEMBER_SEPARATOR, 1)[-1].rsplit("/", 1)[-1]
    suffix = PurePosixPath(name).suffix
    return f"the name claims {suffix!r}" if suffix else "the name has no extension"
