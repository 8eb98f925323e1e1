"""Content hashing: the sha256 of a file's bytes is its document id."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.ingest.limits import MIB


def hash_file(path: Path, chunk_bytes: int = MIB) -> tuple[str, int, bytes]:
    """Return (sha256 hex, size, first chunk) reading the file once, in fixed chunks.

    One reusable buffer keeps memory flat for multi-gigabyte files and avoids an
    allocation per chunk; the first chunk is handed back so callers can sniff the
    type without opening the file again.
    """
    digest = hashlib.sha256()
    buffer = bytearray(chunk_bytes)
    view = memoryview(buffer)
    size = 0
    head = b""
    with path.open("rb", buffering=0) as handle:
        while True:
            count = handle.readinto(view)
            if not count:
                break
            if size == 0:
                head = bytes(view[:count])
            digest.update(view[:count])
            size += count
    return digest.hexdigest(), size, head
