"""The one table that says which export column feeds which audit_searches column.

Vendors and agencies rename columns between export formats (PDF "Org Name" vs CSV
"organizationName", "cameraCount" vs "Total Devices Searched"). Keeping every
variant in a single declarative table means a new export shape is one line here,
and detection, CSV/XLSX parsing and PDF column assignment all agree on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "int", "datetime"]


@dataclass(frozen=True)
class AuditField:
    """One audit_searches column and the header names that may carry it.

    `join` is how the pieces of a value wrapped over several PDF text lines are
    glued back: ids wrap inside a token (no space), prose wraps at spaces.
    """

    column: str
    kind: FieldKind
    variants: tuple[str, ...]
    join: str = " "


# Variants are written as they appear in exports; they are compared after
# `normalize_header`, so case, spaces, underscores and punctuation do not matter.
AUDIT_FIELDS: tuple[AuditField, ...] = (
    AuditField(
        "search_id",
        "text",
        ("ID", "Search ID", "searchId", "Audit ID", "Event ID", "Log ID", "Record ID", "UUID"),
        join="",
    ),
    AuditField(
        "org_name",
        "text",
        (
            "Org Name",
            "Organization",
            "Organization Name",
            "orgName",
            "Org",
            "Agency",
            "Agency Name",
            "Searching Agency",
            "Searching Organization",
        ),
    ),
    AuditField(
        "user",
        "text",
        (
            "Name",
            "User",
            "userId",
            "User ID",
            "User Name",
            "Username",
            "User Email",
            "Officer",
            "Searched By",
            "Operator",
            "Performed By",
        ),
    ),
    AuditField(
        "searched_at",
        "datetime",
        (
            "Search Time",
            "Search Date",
            "searchDate",
            "searchTime",
            "Search Date Time",
            "Search Datetime",
            "Search Timestamp",
            "Searched At",
            "Date/Time",
            "Date Time",
            "Datetime",
            "Timestamp",
            "Created At",
            "Query Time",
        ),
    ),
    AuditField(
        "time_frame",
        "text",
        (
            "Time Frame",
            "timeFrame",
            "Search Time Frame",
            "Date Range",
            "Time Range",
            "Search Range",
        ),
    ),
    AuditField(
        "reason",
        "text",
        ("Reason", "Search Reason", "Reason for Search", "Purpose", "Justification"),
    ),
    AuditField(
        "case_number",
        "text",
        ("Case #", "Case Number", "caseNumber", "Case No", "Incident Number"),
        join="",
    ),
    AuditField(
        "networks",
        "int",
        (
            "Total Networks Searched",
            "Networks Searched",
            "networkCount",
            "Network Count",
            "Networks",
            "Number of Networks",
        ),
    ),
    AuditField(
        "devices",
        "int",
        (
            "Total Devices Searched",
            "Devices Searched",
            "deviceCount",
            "Device Count",
            "cameraCount",
            "Camera Count",
            "Cameras Searched",
            "Devices",
            "Cameras",
        ),
    ),
    AuditField("search_type", "text", ("Search Type", "searchType", "Type", "Query Type")),
    AuditField("moderation", "text", ("Moderation", "Moderation Status")),
)

# A header row is an audit header when it names a search time plus enough other
# audit columns; summary sheets ("UserId | Search Count") must not qualify.
MIN_FIELDS = 3
REQUIRED_FIELD = "searched_at"
ONE_OF_FIELDS = frozenset({"reason", "networks", "devices", "search_id"})

_TZ_SUFFIX = re.compile(
    r"[\s\-–]*[(\[]\s*(?P<tz>UTC|GMT|Z|[A-Z]{2,5}|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?"
    r"|[+-]\d{2}:?\d{2})\s*[)\]]\s*$"
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NUMBER_WORD = re.compile(r"\bno\b\.?")


def normalize_header(name: str) -> str:
    """Reduce a header cell to lowercase letters and digits ("Case #" -> "casenumber")."""
    text = _NUMBER_WORD.sub(" number ", name.strip().lower().replace("#", " number "))
    return _NON_ALNUM.sub("", text)


def _variant_index() -> dict[str, AuditField]:
    index: dict[str, AuditField] = {}
    for field in AUDIT_FIELDS:
        for variant in field.variants:
            key = normalize_header(variant)
            if key in index and index[key] is not field:
                raise ValueError(f"header variant {variant!r} maps to two fields")
            index[key] = field
    return index


VARIANTS: dict[str, AuditField] = _variant_index()
FIELDS: dict[str, AuditField] = {f.column: f for f in AUDIT_FIELDS}


def split_header_timezone(name: str) -> tuple[str, str | None]:
    """Separate a timezone written in a header ("Search Time (UTC)") from the name."""
    match = _TZ_SUFFIX.search(name)
    if not match:
        return name, None
    return name[: match.start()], match.group("tz")


def field_for_header(name: str) -> AuditField | None:
    """The audit field a header cell names, or None."""
    bare, _ = split_header_timezone(name)
    return VARIANTS.get(normalize_header(bare))


@dataclass(frozen=True)
class HeaderMap:
    """Where each audit field sits in a header row (0-based cell positions)."""

    positions: dict[str, int]
    width: int
    timezone: str | None = None

    def index(self, column: str) -> int | None:
        return self.positions.get(column)


def map_header(cells: Sequence[object]) -> HeaderMap | None:
    """Map a candidate header row to audit fields; None unless it is an audit header.

    The first cell naming a field wins, so a later duplicate ("Date") cannot
    displace a specific one ("Search Time") listed before it.
    """
    positions: dict[str, int] = {}
    timezone: str | None = None
    for i, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        bare, tz = split_header_timezone(cell)
        field = VARIANTS.get(normalize_header(bare))
        if field is None or field.column in positions:
            continue
        positions[field.column] = i
        if field.column == "searched_at" and tz:
            timezone = tz
    if not is_audit_field_set(positions):
        return None
    return HeaderMap(positions=positions, width=len(cells), timezone=timezone)


def is_audit_field_set(columns: Iterable[str]) -> bool:
    """The rule shared by every reader for "these columns make an audit log"."""
    names = set(columns)
    return len(names) >= MIN_FIELDS and REQUIRED_FIELD in names and bool(names & ONE_OF_FIELDS)
