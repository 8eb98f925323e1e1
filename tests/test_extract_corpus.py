"""Extraction accuracy on the shared gold corpus, through the real text stage.

Only documents whose text layer is used as is (no OCR) run here, so the test
takes seconds; the scanned ones are scored by `foia eval` after a full run. The
thresholds sit a little below the scores measured when the rules were written,
so that a regression fails the test while the corpus stays a development set,
not a target to fit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluate.citations import citation_sections
from pipeline.evaluate.labels import sharing_pairs
from pipeline.extract.document import extract_documents
from pipeline.ingest.sniff import sniff_file_type
from pipeline.records import DocumentText, Extraction, SourceFile
from pipeline.text.plan import plan_document
from pipeline.text.settings import TextSettings

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

pytestmark = pytest.mark.corpus

Sets = dict[str, set[Any]]


def _gold_sets(gold: dict[str, Any]) -> Sets:
    return {
        "vendors": {" ".join(v.split()).casefold() for v in gold["vendors"]},
        "retention": {r["days"] for r in gold["retention"]},
        "sharing": {
            p for s in gold["sharing"] for p in sharing_pairs(s["stance"], s["recipients"])
        },
        "denial_kinds": {d["kind"] for d in gold["denials"]},
        "denial_citations": {s for d in gold["denials"] for s in citation_sections(d["citation"])},
    }


def _predicted_sets(ext: Extraction) -> Sets:
    facts = ext.facts
    return {
        "vendors": {" ".join(r["vendor"].split()).casefold() for r in facts["vendors"]},
        "retention": {r["days"] for r in facts["retention_periods"]},
        "sharing": {
            p for r in facts["sharing_clauses"] for p in sharing_pairs(r["stance"], r["recipients"])
        },
        "denial_kinds": {r["kind"] for r in facts["denials"]},
        "denial_citations": {s for r in facts["denials"] for s in citation_sections(r["citation"])},
    }


@pytest.fixture(scope="module")
def scored() -> list[tuple[Sets, Sets]]:
    if not (CORPUS / "manifest.jsonl").is_file():
        pytest.skip("shared corpus not present at ../shared/corpus")
    docs: list[DocumentText] = []
    golds: list[dict[str, Any]] = []
    for line in (CORPUS / "manifest.jsonl").read_text().splitlines():
        entry = json.loads(line)
        path = CORPUS / str(entry["file"])
        file_type, mime = sniff_file_type(path)
        source = SourceFile(
            str(entry["sha256"]), file_type, mime, path.stat().st_size, (entry["file"],), str(path)
        )
        pending = plan_document(source, TextSettings())
        if pending.jobs:
            continue
        docs.append(pending.finish())
        gold_path = CORPUS / "gold" / (str(entry["file"]).removeprefix("docs/") + ".json")
        golds.append(json.loads(gold_path.read_text()))
    extractions = extract_documents(docs)
    return [(_gold_sets(g), _predicted_sets(e)) for g, e in zip(golds, extractions, strict=True)]


def _f1(scored: list[tuple[Sets, Sets]], field: str) -> float:
    tp = sum(len(g[field] & p[field]) for g, p in scored)
    fp = sum(len(p[field] - g[field]) for g, p in scored)
    fn = sum(len(g[field] - p[field]) for g, p in scored)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


@pytest.mark.parametrize(
    ("field", "minimum"),
    [
        ("vendors", 0.9),
        ("retention", 0.9),
        ("sharing", 0.8),
        ("denial_kinds", 0.85),
        ("denial_citations", 0.8),
    ],
)
def test_field_f1_on_text_layer_documents(
    scored: list[tuple[Sets, Sets]], field: str, minimum: float
) -> None:
    assert len(scored) >= 15
    assert _f1(scored, field) >= minimum
