"""Zip files (plain archives and Office documents) that are byte-identical on every run.

zipfile stamps each member with the wall clock, and openpyxl / python-docx also write
"now" into docProps/core.xml; both would change the sha256 of a sample on every run
and break dedupe tests that rely on known hashes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

FIXED_DATETIME = datetime(2024, 6, 1, 12, 0, 0)
_ZIP_TIME = (2024, 6, 1, 12, 0, 0)
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A deflated zip holding `members` (name, bytes) in the given order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members:
            archive.writestr(_member(name), data, compresslevel=6)
    return buf.getvalue()


def write_zip(path: Path, members: Sequence[tuple[str, bytes]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(members))


def normalized_office_bytes(data: bytes) -> bytes:
    """An OOXML file rewritten with fixed member times and fixed core-property dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    stamp = FIXED_DATETIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    fixed = []
    for name, content in members:
        if name == "docProps/core.xml":
            content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(2), content)
        fixed.append((name, content))
    return zip_bytes(fixed)


def normalize_office_zip(path: Path) -> None:
    path.write_bytes(normalized_office_bytes(path.read_bytes()))
