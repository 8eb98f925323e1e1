"""Safe expansion of ZIP archives into the blob store.

Archives come from strangers, so nothing in one is trusted: member names never
become filesystem paths (bytes go to the content-addressed blob store only), names
that would escape a folder are refused outright because they signal a crafted
archive, and sizes declared in the central directory are checked first but also
enforced while streaming, since a hostile archive can understate them.

Problems with one member are yielded as `Failure`s and the rest of the archive goes
on; problems with the archive as a whole (unreadable directory, too many entries,
too much data, a bomb overall, nested too deep) raise an `IngestError` from the
generator. Members already yielded before such an error stay valid.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.ingest.blobs import StoredBlob, store_blob
from pipeline.ingest.errors import (
    CorruptZip,
    EncryptedZipMember,
    IngestError,
    UnsafeZipMember,
    UnsupportedZipCompression,
    ZipBomb,
    ZipMemberTooLarge,
    ZipNestedTooDeep,
    ZipTooLarge,
    ZipTooManyMembers,
)
from pipeline.ingest.junk import is_os_junk
from pipeline.ingest.limits import IngestLimits
from pipeline.records import Failure

MEMBER_SEPARATOR = "!"
_DRIVE = re.compile(r"^[A-Za-z]:")
_ENCRYPTED_FLAGS = 0x1 | 0x40  # traditional PKWARE encryption, strong encryption


@dataclass
class ExpansionBudget:
    """Running totals shared by a top-level archive and every archive nested in it."""

    archive_bytes: int
    bytes_out: int = 0
    entries: int = 0


@dataclass(frozen=True)
class ExtractedMember:
    """A member written to the blob store, with its display path ``archive!member``."""

    path: str
    blob: StoredBlob


class ArchiveCapExceeded(Exception):
    """An archive-wide cap passed mid-stream; `error` is the failure for the archive.

    Kept apart from `IngestError` so per-member handling does not swallow it.
    """

    def __init__(self, error: IngestError) -> None:
        super().__init__(str(error))
        self.error = error


def member_label(archive_label: str, name: str) -> str:
    """Display path of a member: forward slashes, no empty or '.' components."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    return f"{archive_label}{MEMBER_SEPARATOR}{'/'.join(parts) or name}"


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could escape an extraction folder, or None when it cannot."""
    if "\x00" in name:
        return "contains a NUL byte"
    norm = name.replace("\\", "/")
    if norm.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(norm):
        return "starts with a drive letter"
    parts = norm.split("/")
    if ".." in parts:
        return "has a '..' component"
    if all(part in ("", ".") for part in parts):
        return "has no file name"
    return None


def expand_zip(
    archive_path: Path,
    label: str,
    blob_dir: Path,
    limits: IngestLimits,
    depth: int = 1,
    budget: ExpansionBudget | None = None,
) -> Iterator[ExtractedMember | Failure]:
    """Stream every safe member of one archive into `blob_dir`, in name order.

    `depth` is 1 for an archive found in the batch, 2 for one inside it, and so on;
    pass the parent's `budget` when expanding a nested archive so caps cover the
    whole tree. Directory entries and OS clutter are skipped.
    """
    if depth > limits.max_zip_depth:
        raise ZipNestedTooDeep(
            f"{label}: archive nested {depth} levels deep; limit is {limits.max_zip_depth}"
        )
    archive_size = archive_path.stat().st_size
    if budget is None:
        budget = ExpansionBudget(archive_bytes=archive_size)
    try:
        archive = zipfile.ZipFile(archive_path)
    except Exception as err:  # any way the directory fails to parse means a damaged archive
        raise CorruptZip(
            f"{label}: cannot read the archive directory ({type(err).__name__}: {err})"
        ) from err
    with archive:
        infos = sorted(
            (
                info
                for info in archive.infolist()
                if not info.is_dir() and not is_os_junk(info.filename.replace("\\", "/").split("/"))
            ),
            key=lambda info: info.filename,
        )
        _check_declared(infos, label, archive_size, budget, limits)
        for info in infos:
            budget.entries += 1
            yield from _expand_member(archive, info, label, blob_dir, limits, budget)


def _check_declared(
    infos: list[zipfile.ZipInfo],
    label: str,
    archive_size: int,
    budget: ExpansionBudget,
    limits: IngestLimits,
) -> None:
    if budget.entries + len(infos) > limits.max_members:
        raise ZipTooManyMembers(
            f"{label}: {len(infos)} entries (plus {budget.entries} already expanded) "
            f"exceed the limit of {limits.max_members}"
        )
    declared = sum(info.file_size for info in infos)
    if budget.bytes_out + declared > limits.max_total_bytes:
        raise ZipTooLarge(
            f"{label}: declares {declared} uncompressed bytes; limit is "
            f"{limits.max_total_bytes} per archive (with nested archives)"
        )
    if declared > limits.ratio_check_min_bytes and declared > limits.max_ratio * max(
        archive_size, 1
    ):
        raise ZipBomb(
            f"{label}: declares {declared} uncompressed bytes from a {archive_size}-byte "
            f"archive (ratio {declared / max(archive_size, 1):.0f}:1, limit "
            f"{limits.max_ratio:.0f}:1)"
        )


def _expand_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    blob_dir: Path,
    limits: IngestLimits,
    budget: ExpansionBudget,
) -> Iterator[ExtractedMember | Failure]:
    path = member_label(label, info.filename)
    try:
        _check_member(info, limits)
        with archive.open(info) as stream:
            stored = store_blob(
                capped_chunks(stream, info, path, limits, budget),
                blob_dir,
                head_bytes=limits.sniff_bytes,
            )
    except ArchiveCapExceeded as stop:
        raise stop.error from None
    except IngestError as err:
        yield _failure(path, err.error_class, str(err))
    except NotImplementedError as err:
        yield _failure(path, UnsupportedZipCompression.__name__, f"{info.filename!r}: {err}")
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        yield _failure(path, CorruptZip.__name__, f"{info.filename!r}: damaged data ({err})")
    except Exception as err:  # anything else about one member must not stop the archive
        yield _failure(path, type(err).__name__, f"{info.filename!r}: {err}")
    else:
        yield ExtractedMember(path=path, blob=stored)


def _check_member(info: zipfile.ZipInfo, limits: IngestLimits) -> None:
    reason = unsafe_name_reason(info.filename)
    if reason is not None:
        raise UnsafeZipMember(f"member {info.filename!r} {reason}; not extracted")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UnsafeZipMember(f"member {info.filename!r} is a symbolic link; not extracted")
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise EncryptedZipMember(
            f"member {info.filename!r} is password-protected; ask the sender for an "
            "unencrypted copy"
        )
    if info.file_size > limits.max_member_bytes:
        raise ZipMemberTooLarge(
            f"member {info.filename!r} declares {info.file_size} bytes; limit is "
            f"{limits.max_member_bytes}"
        )
    if info.file_size > limits.ratio_check_min_bytes and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise ZipBomb(
            f"member {info.filename!r} declares {info.file_size} bytes from "
            f"{info.compress_size} compressed (limit {limits.max_ratio:.0f}:1)"
        )


def capped_chunks(
    stream: IO[bytes],
    info: zipfile.ZipInfo,
    path: str,
    limits: IngestLimits,
    budget: ExpansionBudget,
) -> Iterator[bytes]:
    """Chunks of one member's decompressed `stream`, stopping the moment a cap is passed.

    The declared sizes in `info` were checked already; this guards the bytes that
    actually come out, whatever the directory claimed. Archive-wide breaches raise
    `ArchiveCapExceeded`, which `expand_zip` turns back into the archive's error.
    """
    member_out = 0
    member_ratio_cap = limits.max_ratio * max(info.compress_size, 1)
    archive_ratio_cap = limits.max_ratio * max(budget.archive_bytes, 1)
    while True:
        chunk = stream.read(limits.chunk_bytes)
        if not chunk:
            return
        member_out += len(chunk)
        budget.bytes_out += len(chunk)
        if budget.bytes_out > limits.max_total_bytes:
            raise ArchiveCapExceeded(
                ZipTooLarge(
                    f"{path}: expansion passed {limits.max_total_bytes} bytes in total; stopped"
                )
            )
        if budget.bytes_out > limits.ratio_check_min_bytes and (
            budget.bytes_out > archive_ratio_cap
        ):
            raise ArchiveCapExceeded(
                ZipBomb(
                    f"{path}: expanded {budget.bytes_out} bytes from a "
                    f"{budget.archive_bytes}-byte archive (limit {limits.max_ratio:.0f}:1); "
                    "stopped"
                )
            )
        if member_out > limits.max_member_bytes:
            raise ZipMemberTooLarge(
                f"member {info.filename!r} passed {limits.max_member_bytes} bytes "
                f"(declared {info.file_size}); stopped"
            )
        if member_out > limits.ratio_check_min_bytes and member_out > member_ratio_cap:
            raise ZipBomb(
                f"member {info.filename!r} expanded past {member_out} bytes from "
                f"{info.compress_size} compressed (limit {limits.max_ratio:.0f}:1); stopped"
            )
        yield chunk


def _failure(path: str, error_class: str, message: str) -> Failure:
    return Failure(path=path, stage="ingest", error_class=error_class, message=message)
