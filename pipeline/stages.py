"""The pipeline's stages as plain functions, so Dagster assets stay thin and the
whole flow can be unit-tested without Dagster.

Incremental behaviour lives here: text is redone only for files whose hash or
text-engine version is new to the warehouse; extraction only for documents whose
text is new or whose extractor version changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest.scan import IngestResult
from pipeline.records import DocumentText, Extraction, SourceFile
from pipeline.warehouse.known import KnownDocument, known_documents, stored_texts

if TYPE_CHECKING:
    from pipeline.text.settings import TextSettings

Progress = Callable[[int, int], None]


@dataclass
class TextStage:
    texts: list[DocumentText]
    reused: list[str] = field(default_factory=list)
    engine_version: str = ""
    # The extractor version the warehouse held for each reused document when the text
    # stage asked it: the extract stage decides what is stale from this, so a run asks
    # the warehouse what it knows once. Required, as without it nothing is re-extracted.
    reused_extractor_versions: dict[str, str | None] = field(kw_only=True)


@dataclass
class ExtractStage:
    extractions: list[Extraction]
    agencies: list[dict[str, Any]] = field(default_factory=list)
    extractor_version: str = ""


def stale_texts(
    ingest: IngestResult, known: Mapping[str, KnownDocument], engine_version: str
) -> list[SourceFile]:
    """Files whose text the warehouse lacks or holds from another text-engine version."""
    return [
        s
        for s in ingest.files
        if s.doc_id not in known or known[s.doc_id].text_engine_version != engine_version
    ]


def needs_text(ingest: IngestResult, warehouse: Path, engine_version: str) -> list[SourceFile]:
    return stale_texts(ingest, batch_known(ingest, warehouse), engine_version)


def batch_known(ingest: IngestResult, warehouse: Path) -> dict[str, KnownDocument]:
    """What the warehouse records about the batch's documents (one query)."""
    return known_documents(warehouse, (s.doc_id for s in ingest.files))


def extractor_versions(
    known: Mapping[str, KnownDocument], doc_ids: Iterable[str]
) -> dict[str, str | None]:
    return {d: known[d].extractor_version for d in doc_ids if d in known}


def run_text_stage(
    ingest: IngestResult,
    warehouse: Path,
    workers: int = 0,
    on_progress: Progress | None = None,
    settings: TextSettings | None = None,
) -> TextStage:
    from pipeline.text import TEXT_ENGINE_VERSION, extract_texts

    known = batch_known(ingest, warehouse)
    todo = stale_texts(ingest, known, TEXT_ENGINE_VERSION)
    todo_ids = {s.doc_id for s in todo}
    texts = list(extract_texts(todo, workers=workers, on_progress=on_progress, settings=settings))
    reused = [s.doc_id for s in ingest.files if s.doc_id not in todo_ids]
    return TextStage(
        texts=texts,
        reused=reused,
        engine_version=TEXT_ENGINE_VERSION,
        reused_extractor_versions=extractor_versions(known, reused),
    )


def needs_extraction(
    ingest: IngestResult, text: TextStage, extractor_version: str
) -> list[SourceFile]:
    """Documents with stored text whose facts came from another extractor version."""
    versions = text.reused_extractor_versions
    return [
        s for s in ingest.files if s.doc_id in versions and versions[s.doc_id] != extractor_version
    ]


def run_extract_stage(
    ingest: IngestResult,
    text: TextStage,
    warehouse: Path,
    on_progress: Progress | None = None,
    aliases_file: Path | None = None,
) -> ExtractStage:
    """Extract new and stale documents; agency corrections in `aliases_file` are replayed
    so that a re-run never undoes a `foia agencies merge`."""
    from pipeline.agency_merges import apply_merges, load_merges
    from pipeline.extract.dispatch import extract_all
    from pipeline.extract.version import extractor_version

    version = extractor_version()
    stale = needs_extraction(ingest, text, version)
    docs: Sequence[DocumentText] = [*text.texts, *stored_texts(warehouse, stale)]
    extractions, agencies = extract_all(docs, on_progress=on_progress)
    if aliases_file is not None and aliases_file.is_file():
        agencies = apply_merges(agencies, load_merges(aliases_file))
    return ExtractStage(extractions=extractions, agencies=agencies, extractor_version=version)
