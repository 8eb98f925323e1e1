"""Header recognition (the one column-variant table) and cell value typing."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.extract.audit_columns import (
    AUDIT_FIELDS,
    VARIANTS,
    field_for_header,
    map_header,
    normalize_header,
)
from pipeline.extract.audit_values import DateParser, clean_text, parse_count, split_timezone


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("ID", "search_id"),
        ("Org Name", "org_name"),
        ("organizationName", "org_name"),
        ("Total Networks Searched", "networks"),
        ("networkCount", "networks"),
        ("Total Devices Searched", "devices"),
        ("cameraCount", "devices"),
        ("camera_count", "devices"),
        ("Time Frame", "time_frame"),
        ("Search Time", "searched_at"),
        ("searchDate", "searched_at"),
        ("Search Time (UTC)", "searched_at"),
        ("Case #", "case_number"),
        ("Case No.", "case_number"),
        ("userId", "user"),
        ("Name", "user"),
        ("Search Type", "search_type"),
        ("Moderation", "moderation"),
        ("  REASON ", "reason"),
        ("License Plate", None),
        ("derived-searchDatePST", None),
        ("Count of id", None),
    ],
)
def test_header_variants(header: str, column: str | None) -> None:
    found = field_for_header(header)
    assert (found.column if found else None) == column


def test_no_variant_names_two_fields() -> None:
    owners: dict[str, set[str]] = {}
    for f in AUDIT_FIELDS:
        for v in f.variants:
            owners.setdefault(normalize_header(v), set()).add(f.column)
    assert all(len(columns) == 1 for columns in owners.values())
    assert set(owners) == set(VARIANTS)


def test_flock_pdf_header_maps_every_column() -> None:
    cells = [
        "ID",
        "Org Name",
        "Total Networks Searched",
        "Total Devices Searched",
        "Time Frame",
        "Reason",
        "Search Time",
        "Search Type",
        "Moderation",
    ]
    header = map_header(cells)
    assert header is not None
    assert header.positions == {
        "search_id": 0,
        "org_name": 1,
        "networks": 2,
        "devices": 3,
        "time_frame": 4,
        "reason": 5,
        "searched_at": 6,
        "search_type": 7,
        "moderation": 8,
    }


def test_header_timezone_is_read_from_the_time_column() -> None:
    header = map_header(["id", "Search Time (America/Chicago)", "reason"])
    assert header is not None
    assert header.timezone == "America/Chicago"


@pytest.mark.parametrize(
    "cells",
    [
        ["UserId", "Search Count"],
        ["Row Labels", "Count of id"],
        ["id", "userId", "reason"],  # no time: not a search log
        ["Search Time", "Name"],  # too few columns
        ["Date", "Description", "Amount"],
        [None, 3, "Reason"],
    ],
)
def test_non_audit_headers_are_rejected(cells: list[object]) -> None:
    assert map_header(cells) is None


def test_first_column_naming_a_field_wins() -> None:
    header = map_header(["Search Time", "Reason", "ID", "Date/Time"])
    assert header is not None
    assert header.positions["searched_at"] == 0


@pytest.mark.parametrize(
    ("raw", "expected", "zone"),
    [
        ("2025-06-18 00:02:04.789", datetime(2025, 6, 18, 0, 2, 4, 789000), None),
        ("2025-06-18T00:02:04Z", datetime(2025, 6, 18, 0, 2, 4), "UTC"),
        ("2025-06-18T00:02:04-07:00", datetime(2025, 6, 18, 0, 2, 4), "-07:00"),
        ("04/10/2026, 05:01:33 AM UTC", datetime(2026, 4, 10, 5, 1, 33), "UTC"),
        ("04/10/2026 5:01 PM EST", datetime(2026, 4, 10, 17, 1), "EST"),
        ("06/18/2025,\n12:02:04 AM", datetime(2025, 6, 18, 0, 2, 4), None),
        ("Jun 18, 2025 1:05:00 PM PDT", datetime(2025, 6, 18, 13, 5), "PDT"),
        (
            "06/18/2025 13:05 America/Los_Angeles",
            datetime(2025, 6, 18, 13, 5),
            "America/Los_Angeles",
        ),
        (datetime(2025, 6, 18, 1, 2, 3), datetime(2025, 6, 18, 1, 2, 3), None),
        (45826.5, datetime(2025, 6, 18, 12, 0), None),
        ("not a time", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_datetimes_stay_naive_with_zone_as_written(
    raw: object, expected: datetime | None, zone: str | None
) -> None:
    assert DateParser().parse(raw) == (expected, zone)


def test_date_parser_keeps_working_when_the_format_changes_midway() -> None:
    parser = DateParser()
    assert parser.parse("06/18/2025, 12:02:04 AM")[0] == datetime(2025, 6, 18, 0, 2, 4)
    assert parser.parse("06/18/2025, 12:03:04 AM")[0] == datetime(2025, 6, 18, 0, 3, 4)
    assert parser.parse("2025-06-19 08:00:00")[0] == datetime(2025, 6, 19, 8, 0)
    assert parser.parse("06/20/2025, 01:00:00 PM")[0] == datetime(2025, 6, 20, 13, 0)


def test_split_timezone_leaves_plain_times_alone() -> None:
    assert split_timezone("06/18/2025 12:02 AM") == ("06/18/2025 12:02 AM", None)
    assert split_timezone("UTC") == ("UTC", None)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (2510, 2510),
        ("94", 94),
        (" 1,103 ", 1103),
        (60.0, 60),
        ("12.0", 12),
        ("", None),
        ("n/a", None),
        (None, None),
        (True, None),
        (2.5, None),
    ],
)
def test_counts(raw: object, value: int | None) -> None:
    assert parse_count(raw) == value


def test_clean_text() -> None:
    assert clean_text("  x  ") == "x"
    assert clean_text("   ") is None
    assert clean_text(12.0) == "12"
    assert clean_text(None) is None
