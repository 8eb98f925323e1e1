"""Doc type, state and agency on the shared gold corpus, through the real text stage.

Only documents the text stage reads without OCR (born-digital PDFs, DOCX, CSV,
XLSX) are classified here, so the test takes seconds; the scanned ones are scored
by `foia eval` after a full run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.agencies import resolve_agency
from pipeline.extract.classify import classify_document
from pipeline.ingest.sniff import sniff_file_type
from pipeline.records import DocumentText, SourceFile
from pipeline.text.plan import plan_document
from pipeline.text.settings import TextSettings

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

pytestmark = pytest.mark.corpus


def _text_layer_documents() -> list[tuple[dict[str, object], DocumentText]]:
    if not (CORPUS / "manifest.jsonl").is_file():
        pytest.skip("shared corpus not present at ../shared/corpus")
    found = []
    for line in (CORPUS / "manifest.jsonl").read_text().splitlines():
        entry = json.loads(line)
        path = CORPUS / str(entry["file"])
        file_type, mime = sniff_file_type(path)
        rel = str(entry["file"]).removeprefix("docs/")
        source = SourceFile(
            str(entry["sha256"]),
            file_type,
            mime,
            path.stat().st_size,
            (f"corpus/{rel}",),
            str(path),
        )
        pending = plan_document(source, TextSettings())
        if not pending.jobs:
            found.append((entry, pending.finish()))
    return found


@pytest.fixture(scope="module")
def classified() -> list[tuple[dict[str, object], object]]:
    return [(entry, classify_document(doc)) for entry, doc in _text_layer_documents()]


def test_doc_type_accuracy_on_corpus_documents_with_text(classified: list) -> None:
    assert len(classified) >= 15
    wrong = [
        (e["file"], e["doc_type"], c.doc_type) for e, c in classified if c.doc_type != e["doc_type"]
    ]
    accuracy = 1 - len(wrong) / len(classified)
    assert accuracy >= 0.9, wrong


def test_doc_type_without_any_path_evidence(classified: list) -> None:
    """Text alone must carry most of the decision: unseen batches are filed any way."""
    hits = total = 0
    for entry, doc in _text_layer_documents():
        bare = DocumentText(
            source=SourceFile(
                doc.source.doc_id,
                doc.source.file_type,
                doc.source.mime,
                doc.source.size,
                ("upload.bin",),
                doc.source.blob,
            ),
            pages=doc.pages,
        )
        total += 1
        hits += classify_document(bare).doc_type == entry["doc_type"]
    assert hits / total >= 0.85


def test_state_and_agency_on_corpus(classified: list) -> None:
    states = sum(c.state == e["state"] for e, c in classified)
    named = [(e, c) for e, c in classified if e["agency"]]
    agencies = sum(
        c.agency is not None
        and resolve_agency(c.agency, str(e["state"])).agency_id
        == resolve_agency(str(e["agency"]), str(e["state"])).agency_id
        for e, c in named
    )
    assert states / len(classified) >= 0.9
    assert agencies / len(named) >= 0.7
