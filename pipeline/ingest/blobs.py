"""Content-addressed blob store for bytes that have no file of their own (zip members).

Blobs live at ``blob_dir/<sha[:2]>/<sha>``. Bytes are streamed into a temporary file
inside `blob_dir` and renamed into place only once complete, so a reader never sees
a half-written blob, an aborted member (a bomb cut off mid-stream) leaves nothing
behind, and no name taken from an archive ever reaches the filesystem.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoredBlob:
    """Where a blob landed and what it holds."""

    sha256: str
    size: int
    path: Path
    head: bytes


def blob_path(blob_dir: Path, sha256: str) -> Path:
    """Location of the blob for this hash (hex digits only, so it stays inside blob_dir)."""
    return blob_dir / sha256[:2] / sha256


def store_blob(chunks: Iterable[bytes], blob_dir: Path, head_bytes: int = 8192) -> StoredBlob:
    """Write the chunks to the store, returning hash, size, path and the first bytes.

    Any exception raised by `chunks` (a cap exceeded while streaming) propagates after
    the temporary file is removed. Identical content is stored once.
    """
    blob_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=blob_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if len(head) < head_bytes:
                    head.extend(chunk[: head_bytes - len(head)])
        sha = digest.hexdigest()
        target = blob_path(blob_dir, sha)
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            tmp.unlink()
        else:
            tmp.chmod(0o644)
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return StoredBlob(sha256=sha, size=size, path=target, head=bytes(head))
