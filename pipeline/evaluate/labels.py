"""The per-document facts that scoring compares, whatever side they come from.

Gold JSON files and the warehouse describe a document in different shapes
(quotes and pages in one, rows per mention in the other). Both are reduced to
`DocLabels` first so that the scorer is one small function over two values of the
same type, testable without files or DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditCounts:
    """Search events in an audit log, and how many of them name immigration."""

    rows: int
    immigration_rows: int


@dataclass(frozen=True)
class DocLabels:
    """What one document says, as the scorer compares it.

    `sharing` holds (stance, recipient) pairs already expanded from clauses; a clause
    without recipients contributes (stance, "other"). `denial_citations` holds the
    citations as written; the scorer reduces them to section numbers.
    """

    doc_type: str | None = None
    state: str | None = None
    agency_id: str | None = None
    vendors: tuple[str, ...] = ()
    retention_days: tuple[int, ...] = ()
    sharing: tuple[tuple[str, str], ...] = ()
    denial_kinds: tuple[str, ...] = ()
    denial_citations: tuple[str, ...] = ()
    audit: AuditCounts | None = None


def sharing_pairs(
    stance: str | None, recipients: list[str] | tuple[str, ...] | None
) -> list[tuple[str, str]]:
    """(stance, recipient) pairs of one clause; no recipients counts as `other`."""
    if not stance:
        return []
    cleaned = [r for r in (recipients or []) if r]
    return [(stance, r) for r in (cleaned or ["other"])]


@dataclass(frozen=True)
class GoldDoc:
    """One labelled document: where it is, its sha256 (None if the file is missing)."""

    name: str
    doc_id: str | None
    labels: DocLabels
