"""Caps that keep one hostile or broken archive from exhausting disk, memory or time."""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class IngestLimits:
    """Limits for one ingest run.

    The zip caps apply per top-level archive and count everything expanded beneath
    it, nested archives included, so a bomb cannot hide its size one level down (a
    nested archive's own bytes count once as a member and again as its contents).
    The overall ratio is expanded bytes over the top-level archive's size on disk;
    member and entry counts exclude directories and OS clutter.
    Ratios are only enforced once a member (or an archive's total) exceeds
    `ratio_check_min_bytes`: small, very repetitive files (a blank form, a padded
    log) legitimately compress past 100:1 and are harmless at that size.
    """

    max_total_bytes: int = 2 * GIB
    max_member_bytes: int = 1 * GIB
    max_members: int = 10_000
    max_ratio: float = 100.0
    ratio_check_min_bytes: int = 256 * KIB
    max_zip_depth: int = 3
    chunk_bytes: int = 1 * MIB
    sniff_bytes: int = 8 * KIB
