"""Operating-system clutter that rides along in folders and archives.

Finder's ``.DS_Store``, Explorer's ``Thumbs.db`` and the ``__MACOSX/`` resource-fork
folder that macOS adds to zips are metadata about the sender's computer, never
records. They are skipped without a failure row: reporting them would bury real
problems under noise, and no reporter can act on them. Everything else, hidden
files included, is ingested or reported.
"""

from __future__ import annotations

from collections.abc import Sequence

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db"})
_JUNK_DIRS = frozenset({"__macosx"})


def is_os_junk(parts: Sequence[str]) -> bool:
    """True when a path (as its components) is OS clutter; names match case-insensitively."""
    if not parts:
        return False
    if parts[-1].lower() in _JUNK_NAMES:
        return True
    return any(part.lower() in _JUNK_DIRS for part in parts[:-1])
