"""Synthetic ALPR search-audit exports (CSV and XLSX) with a known immigration count.

Vendor audit exports list one search per row with a free-text reason. Researchers
want the searches run for immigration purposes; the reasons mix those with ordinary
ones and with words that merely contain "ice" or "ero" (police, notice, service,
heroin), which a substring match would wrongly count.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from pipeline.samples.archive import FIXED_DATETIME, normalize_office_zip

# The corpus labeling rule: these as whole words, case-insensitive.
IMMIGRATION_RE = re.compile(r"\b(immigra\w*|ice|ero|hsi|cbp|deport\w*)\b", re.IGNORECASE)

ORDINARY_REASONS = (
    "stolen vehicle",
    "investigation",
    "inv",
    "Inv.",
    "missing person",
    "burglary",
    "hit and run",
    "agg assault",
    "robbery",
    "fraud investigation",
    "warrant service",
    "suspicious vehicle",
    "narcotics",
    "theft",
    "stolen plate",
    "Amber Alert",
    "BOLO",
    "homicide",
    "retail theft",
    "shots fired",
    "runaway juvenile",
    "carjacking",
    "criminal mischief",
    'theft, "blue sedan"',
)
TRAP_REASONS = (
    "police assist",
    "notice of violation",
    "service call",
    "juvenile justice referral",
    "heroin investigation",
    "Police Service Request",
)
IMMIGRATION_REASONS = (
    "ICE request",
    "immigration violation",
    "HSI case 24-0193",
    "assist ERO",
    "CBP BOLO",
    "deportation order",
    "Immigration - HSI",
)


def is_immigration_reason(reason: str) -> bool:
    """The labeling rule for immigration searches (whole words, not substrings)."""
    return IMMIGRATION_RE.search(reason) is not None


@dataclass(frozen=True)
class AuditRow:
    search_id: str
    org_name: str
    user: str
    searched_at: datetime
    time_frame: str
    networks: int
    devices: int
    reason: str
    case_number: str
    search_type: str

    @property
    def immigration(self) -> bool:
        return is_immigration_reason(self.reason)


def make_audit_rows(
    count: int,
    *,
    seed: int,
    immigration: int,
    org_names: Sequence[str],
    start: datetime,
    days: int = 60,
) -> list[AuditRow]:
    """`count` searches in time order, exactly `immigration` of them for immigration.

    Each trap reason occurs at least once and about one other row in eight carries one;
    a few rows have no reason at all, as real exports do.
    """
    if not 0 <= immigration <= count:
        raise ValueError("immigration rows must be between 0 and count")
    rng = np.random.default_rng(seed)
    offsets = np.sort(rng.integers(0, days * 86400, count))
    special = rng.choice(count, min(count, immigration + len(TRAP_REASONS)), replace=False)
    immigration_at = set(special[:immigration].tolist())
    # Every trap occurs at least once (when the export is long enough), so a
    # substring matcher is always caught out.
    trap_at = {int(i): TRAP_REASONS[n] for n, i in enumerate(special[immigration:])}
    rows = []
    for i in range(count):
        if i in immigration_at:
            reason = IMMIGRATION_REASONS[int(rng.integers(len(IMMIGRATION_REASONS)))]
        elif i in trap_at:
            reason = trap_at[i]
        elif rng.random() < 0.125:
            reason = TRAP_REASONS[int(rng.integers(len(TRAP_REASONS)))]
        elif rng.random() < 0.03:
            reason = ""
        else:
            reason = ORDINARY_REASONS[int(rng.integers(len(ORDINARY_REASONS)))]
        national = rng.random() < 0.3
        networks = int(rng.integers(900, 1500)) if national else int(rng.integers(1, 40))
        rows.append(
            AuditRow(
                search_id=str(uuid.UUID(bytes=rng.bytes(16), version=4)),
                org_name=org_names[int(rng.integers(len(org_names)))],
                user=f"user{int(rng.integers(1000, 9999))}",
                searched_at=start + timedelta(seconds=int(offsets[i])),
                time_frame=("7 days", "14 days", "30 days", "24 hours")[int(rng.integers(4))],
                networks=networks,
                devices=networks * int(rng.integers(3, 40)),
                reason=reason,
                case_number=(
                    f"24-{int(rng.integers(1000, 99999)):05d}" if rng.random() < 0.6 else ""
                ),
                search_type=("Plate", "Vehicle Fingerprint", "Plate")[int(rng.integers(3))],
            )
        )
    return rows


def immigration_row_numbers(rows: Sequence[AuditRow]) -> tuple[int, ...]:
    """1-based data-row numbers of immigration searches."""
    return tuple(i for i, row in enumerate(rows, start=1) if row.immigration)


CSV_HEADER = (
    "Search ID",
    "Org Name",
    "User",
    "Search Time (UTC)",
    "Time Frame",
    "Total Networks Searched",
    "Total Devices Searched",
    "Reason",
    "Case #",
    "Search Type",
)


def write_audit_csv(path: Path, rows: Sequence[AuditRow]) -> None:
    """A network-audit style export: one search per row, timestamps in UTC."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(
                (
                    row.search_id,
                    row.org_name,
                    row.user,
                    row.searched_at.strftime("%Y-%m-%d %H:%M:%S"),
                    row.time_frame,
                    row.networks,
                    row.devices,
                    row.reason,
                    row.case_number,
                    row.search_type,
                )
            )


def write_audit_xlsx(path: Path, rows: Sequence[AuditRow], sheet: str = "Search Audit") -> None:
    """A portal-style export with few columns (id, userId, searchDate, cameraCount, reason)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(["id", "userId", "searchDate", "cameraCount", "reason"])
    for row in rows:
        ws.append([row.search_id, row.user, row.searched_at, row.devices, row.reason])
    ws.column_dimensions["A"].width = 38
    ws.column_dimensions["C"].width = 20
    ws.column_dimensions["E"].width = 28
    book.properties.creator = "Flock Safety"
    book.properties.created = FIXED_DATETIME
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    normalize_office_zip(path)
