"""Shaping raw audit-log cells into audit_searches rows.

Every reader (CSV, XLSX, PDF) hands over `{field: raw cell}` for one search event;
this module is the single place that types, classifies and numbers it, so the
three readers cannot drift apart on what a row means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract.audit_values import DateParser, clean_text, parse_count
from pipeline.extract.reasons import classify_reason

# Columns of audit_searches this stage fills (doc_id and extractor_version are
# the loader's), in table order.
ROW_COLUMNS: tuple[str, ...] = (
    "row_no",
    "search_id",
    "org_name",
    "user",
    "searched_at",
    "source_timezone",
    "time_frame",
    "reason",
    "reason_category",
    "case_number",
    "networks",
    "devices",
    "search_type",
    "moderation",
    "immigration",
    "page_no",
)


@dataclass
class RowIssues:
    """Cells that could not be typed; reported once per document, not once per row."""

    bad_times: int = 0
    first_bad_time: str | None = None
    bad_counts: int = 0
    first_bad_count: str | None = None


@dataclass
class RowBuilder:
    """Numbers rows in file order and types their cells.

    `timezone` is the zone the document declares (a header like "Search Time (UTC)"
    or a page note); a zone written in the cell itself wins over it.
    """

    timezone: str | None = None
    issues: RowIssues = field(default_factory=RowIssues)
    zones: Counter[str] = field(default_factory=Counter)
    _dates: DateParser = field(default_factory=DateParser)
    _row_no: int = 0

    @property
    def rows_built(self) -> int:
        return self._row_no

    def build(self, cells: Mapping[str, object], page_no: int | None = None) -> dict[str, Any]:
        self._row_no += 1
        raw_time = cells.get("searched_at")
        searched_at, zone = self._dates.parse(raw_time)
        if searched_at is None and clean_text(raw_time) is not None:
            self.issues.bad_times += 1
            if self.issues.first_bad_time is None:
                self.issues.first_bad_time = str(raw_time)[:80]
        zone = zone or self.timezone
        if zone:
            self.zones[zone] += 1
        reason = clean_text(cells.get("reason"))
        verdict = classify_reason(reason)
        case_number = clean_text(cells.get("case_number")) or verdict.case_number
        row: dict[str, Any] = {
            "row_no": self._row_no,
            "search_id": clean_text(cells.get("search_id")),
            "org_name": clean_text(cells.get("org_name")),
            "user": clean_text(cells.get("user")),
            "searched_at": searched_at,
            "source_timezone": zone,
            "time_frame": clean_text(cells.get("time_frame")),
            "reason": reason,
            "reason_category": verdict.category,
            "case_number": case_number,
            "networks": self._count(cells.get("networks")),
            "devices": self._count(cells.get("devices")),
            "search_type": clean_text(cells.get("search_type")),
            "moderation": clean_text(cells.get("moderation")),
            "immigration": verdict.immigration,
            "page_no": page_no,
        }
        return row

    def _count(self, raw: object) -> int | None:
        value = parse_count(raw)
        if value is None and clean_text(raw) is not None:
            self.issues.bad_counts += 1
            if self.issues.first_bad_count is None:
                self.issues.first_bad_count = str(raw)[:80]
        return value

    def document_timezone(self) -> str | None:
        """The zone most rows were written in (exports switch PDT/PST across DST)."""
        if self.zones:
            return self.zones.most_common(1)[0][0]
        return self.timezone
