"""Ingest stage: walk a batch, hash and dedupe files, sniff types, expand ZIPs safely."""

from pipeline.ingest.limits import IngestLimits
from pipeline.ingest.scan import Container, IngestResult, accounted_paths, scan_batch
from pipeline.ingest.sniff import charset_of, sniff_bytes, sniff_file_type

__all__ = [
    "Container",
    "IngestLimits",
    "IngestResult",
    "accounted_paths",
    "charset_of",
    "scan_batch",
    "sniff_bytes",
    "sniff_file_type",
]
