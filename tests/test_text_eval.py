"""Gold quotes found in the right page's text: the text-quality measure, on a tiny
hand-made corpus and (marked `corpus`) on the shared corpus itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.text_quality import (
    corpus_sources,
    corpus_texts,
    find_quote,
    measure_text_quality,
)
from pipeline.records import DocumentText, PageText, SourceFile
from pipeline.text import TextSettings, extract_texts
from pipeline.text.plan import plan_document

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def test_find_quote_ignores_whitespace_and_case() -> None:
    page = "Data shall be\nPURGED after   thirty (30)\ndays."
    assert find_quote("purged after thirty (30) days", page) == (True, 100.0)


def test_find_quote_scores_ocr_slips_fuzzily() -> None:
    exact, score = find_quote(
        "The Footage will be available for Customer to access",
        "header\nThe Footage wilt be avatiable for Customer to access via the web",
    )
    assert not exact
    assert 90 <= score < 100
    assert find_quote("never said anywhere at all", "completely different words")[1] < 60


def _mini_corpus(root: Path) -> None:
    (root / "gold" / "XX").mkdir(parents=True)
    manifest = [
        {"file": "docs/XX/a.pdf", "sha256": "aaa", "born_digital": True},
        {"file": "docs/XX/b.pdf", "sha256": "bbb", "born_digital": False},
        {"file": "docs/XX/c.docx", "sha256": "ccc", "born_digital": True},
    ]
    (root / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in manifest))
    gold = {
        "a.pdf": {
            "retention": [{"days": 30, "quote": "kept for 30 days", "page": 2}],
            "sharing": [{"stance": "prohibits", "quote": "not shared with ICE", "page": 1}],
            "denials": [],
        },
        "b.pdf": {
            "retention": [],
            "sharing": [],
            "denials": [{"kind": "exemption", "quote": "exempt under ORS 192.345", "page": 1}],
        },
        "c.docx": {
            "retention": [{"days": 365, "quote": "one (1) year", "page": None}],
            "sharing": [],
            "denials": [],
        },
    }
    for name, body in gold.items():
        (root / "gold" / "XX" / f"{name}.json").write_text(json.dumps(body))


def _doc(doc_id: str, *pages: str) -> DocumentText:
    source = SourceFile(doc_id, "pdf", "", 0, (doc_id,), doc_id)
    return DocumentText(
        source,
        [PageText(doc_id, i, "text_layer", t, "layer_ok") for i, t in enumerate(pages, 1)],
    )


def test_quotes_are_checked_on_their_own_page(tmp_path: Path) -> None:
    _mini_corpus(tmp_path)
    texts = {
        # the retention quote is on page 1 here, but gold says page 2: a miss
        "aaa": _doc("aaa", "Data is NOT shared with\nICE. Kept for 30 days.", "other"),
        "docs/XX/b.pdf": _doc("bbb", "records are exempt under ORS 192.346"),
    }
    report = measure_text_quality(tmp_path, texts)
    groups = {g.group: g for g in report.groups()}
    assert (groups["born_digital"].quotes, groups["born_digital"].exact) == (2, 1)
    assert (groups["scanned"].quotes, groups["scanned"].exact, groups["scanned"].fuzzy) == (
        1,
        0,
        1,
    )
    assert groups["all"].quotes == 3
    assert report.missing_documents == ["docs/XX/c.docx"]
    assert [c.quote for c in report.misses()] == ["kept for 30 days", "exempt under ORS 192.345"]
    assert "MISS" in report.to_text()


def test_quotes_without_a_page_search_the_whole_document(tmp_path: Path) -> None:
    _mini_corpus(tmp_path)
    report = measure_text_quality(tmp_path, {"ccc": _doc("ccc", "intro", "kept one (1) year")})
    [check] = report.checks
    assert check.exact and check.page is None


needs_corpus = pytest.mark.skipif(
    not (CORPUS / "manifest.jsonl").exists(), reason="shared corpus not found at ../shared/corpus"
)


@pytest.mark.corpus
@needs_corpus
def test_born_digital_corpus_quotes_are_all_in_the_text(tmp_path: Path) -> None:
    sources = [
        s for s in corpus_sources(CORPUS) if s.file_type != "pdf" or _born_digital(s.doc_id) is True
    ]
    texts = {d.source.doc_id: d for d in extract_texts(sources)}
    report = measure_text_quality(CORPUS, texts)
    [born] = [g for g in report.groups() if g.group == "born_digital"]
    assert born.quotes >= 30
    assert born.fuzzy_share == 1.0
    assert born.exact_share >= 0.97
    reasons = {s.paths[0]: [p.decision_reason for p in texts[s.doc_id].pages] for s in sources}
    bso = next(k for k in reasons if "Miami_Beach" in k)
    assert reasons[bso] == ["layer_garbage_mojibake"] * 2
    contract = next(k for k in reasons if "2025-03244" in k)
    assert set(reasons[contract]) == {"layer_ok"}


@pytest.mark.corpus
@needs_corpus
def test_stamp_only_and_scanned_corpus_pages_are_ocrd() -> None:
    wanted = {"Davie PD + Flock MOU (1).pdf", "EPD-2025-4510_Response.pdf"}
    sources = {
        Path(s.paths[0]).name: s for s in corpus_sources(CORPUS) if Path(s.paths[0]).name in wanted
    }
    # decisions only (no OCR needed): DocuSign ids over full-page scans
    davie = plan_document(sources["Davie PD + Flock MOU (1).pdf"], TextSettings())
    assert davie.doc.pages == []
    assert [davie.reasons[j.page_no] for j in davie.jobs] == ["layer_sparse_with_image"] * 5
    [scan_doc] = list(extract_texts([sources["EPD-2025-4510_Response.pdf"]]))
    scan = scan_doc.pages[0]
    assert (scan.method, scan.decision_reason) == ("ocr", "layer_empty")
    assert "responsive" in scan.text.lower()


def _born_digital(doc_id: str) -> object:
    for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["sha256"] == doc_id:
            return entry["born_digital"]
    return None


def test_corpus_texts_uses_the_cache(tmp_path: Path) -> None:
    _mini_corpus(tmp_path)
    (tmp_path / "docs" / "XX").mkdir(parents=True)
    (tmp_path / "docs" / "XX" / "note.txt").write_text("kept for 30 days\n", encoding="utf-8")
    manifest = [{"file": "docs/XX/note.txt", "sha256": "ddd", "born_digital": True}]
    (tmp_path / "manifest.jsonl").write_text(json.dumps(manifest[0]))
    cache = tmp_path / "cache"
    first = corpus_texts(tmp_path, cache_dir=cache)
    assert first["ddd"].pages[0].text == "kept for 30 days\n"
    [cached] = list(cache.iterdir())
    data = json.loads(cached.read_text())
    data["pages"][0]["text"] = "from the cache"
    cached.write_text(json.dumps(data))
    assert corpus_texts(tmp_path, cache_dir=cache)["ddd"].pages[0].text == "from the cache"
