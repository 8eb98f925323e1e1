"""Turning audit-log cell values into the types audit_searches stores.

Exports write the same instant many ways ("2025-06-18 00:02:04.789",
"04/10/2026, 05:01:33 AM UTC", an Excel datetime or serial number). Times stay
naive in the zone the source wrote them in, and that zone is reported as written,
because converting would need a guess the source never made.

A log repeats one format for every row, so `DateParser` remembers the format that
last worked: a million rows cost one strptime each, not a search over formats.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_TZ_TAIL = re.compile(
    r"\s*(?P<tz>Z|UTC|GMT|[A-Z][A-Z]?[SDP]T|[ECMP]T|AKST|AKDT|HST|AEST|AEDT|CET|CEST|BST|IST"
    r"|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|(?:UTC|GMT)?[+-]\d{2}:?\d{2})\s*$"
)
_SPACES = re.compile(r"\s+")
_INT = re.compile(r"^[+-]?\d[\d,]*(?:\.0+)?$")
EXCEL_EPOCH = datetime(1899, 12, 30)

# Tried in order after ISO 8601; US month-first forms come first because the
# exports this pipeline sees are from US agencies.
DATETIME_FORMATS: tuple[str, ...] = (
    "%m/%d/%Y, %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y, %H:%M:%S",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M:%S.%f",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y, %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y, %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%d-%b-%Y %H:%M:%S",
    "%m/%d/%Y",
    "%Y/%m/%d %H:%M:%S",
)


def split_timezone(text: str) -> tuple[str, str | None]:
    """Split a trailing zone ("... AM UTC", "...Z", "...-07:00") off a time string."""
    match = _TZ_TAIL.search(text)
    if not match or match.start() == 0:
        return text, None
    tz = match.group("tz")
    if tz == "Z":
        tz = "UTC"
    return text[: match.start()], tz


class DateParser:
    """Parses one column's time values, remembering the format that last matched."""

    def __init__(self) -> None:
        self._format: str | None = None

    def parse(self, value: object) -> tuple[datetime | None, str | None]:
        """(naive datetime, zone as written) for a cell; (None, None) when unreadable."""
        if value is None:
            return None, None
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return value.replace(tzinfo=None), value.tzname()
            return value, None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _from_excel_serial(float(value)), None
        if not isinstance(value, str):
            return None, None
        fmt = self._format
        if fmt is not None:
            # Fast path: the column's format, applied to the whole cell.
            try:
                parsed = (
                    datetime.fromisoformat(value) if fmt == "iso" else datetime.strptime(value, fmt)
                )
            except ValueError:
                pass
            else:
                if parsed.tzinfo is not None:
                    return parsed.replace(tzinfo=None), _offset_name(parsed)
                return parsed, None
        text = _SPACES.sub(" ", value).strip()
        if not text:
            return None, None
        body, tz = split_timezone(text)
        body = body.strip().rstrip(",")
        result = self._parse_text(body)
        if result is None:
            return None, None
        if result.tzinfo is not None:
            tz = tz or _offset_name(result)
            result = result.replace(tzinfo=None)
        return result, tz

    def _parse_text(self, body: str) -> datetime | None:
        fmt = self._format
        if fmt is not None:
            try:
                return (
                    datetime.strptime(body, fmt) if fmt != "iso" else datetime.fromisoformat(body)
                )
            except ValueError:
                pass
        if body[:4].isdigit() and len(body) >= 10 and body[4] == "-":
            try:
                result = datetime.fromisoformat(body)
            except ValueError:
                result = None
            if result is not None:
                self._format = "iso"
                return result
        for candidate in DATETIME_FORMATS:
            try:
                result = datetime.strptime(body, candidate)
            except ValueError:
                continue
            self._format = candidate
            return result
        return None


def _offset_name(value: datetime) -> str:
    offset = value.strftime("%z")
    if offset in ("+0000", "-0000"):
        return "UTC"
    return f"{offset[:3]}:{offset[3:]}"


def _from_excel_serial(serial: float) -> datetime | None:
    """Excel day numbers (days since 1899-12-30) for sheets without date formatting."""
    if not 20000 <= serial <= 80000:
        return None
    return EXCEL_EPOCH + timedelta(days=serial)


def parse_count(value: object) -> int | None:
    """Network/device counts: ints, floats from spreadsheets, "1,103" strings."""
    kind = type(value)
    if kind is int:
        return value  # type: ignore[return-value]
    if kind is str:
        try:
            return int(value)  # type: ignore[call-overload]
        except ValueError:
            text = value.strip()  # type: ignore[attr-defined]
            if _INT.match(text):
                return int(float(text.replace(",", "")))
            return None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return None


def clean_text(value: object) -> str | None:
    """A text cell as stored: surrounding whitespace trimmed, empty as None."""
    if type(value) is str:
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    text = str(value).strip()
    return text or None
