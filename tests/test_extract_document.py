"""extract_documents end to end: rows, exact quotes, failure isolation, version, shipped model."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.build_models import build
from pipeline.extract.document import extract_documents
from pipeline.extract.facts import TABLES
from pipeline.extract.nlp import EXTRACTOR_DIR, ModelNotBuiltError, load_nlp, page_docs
from pipeline.extract.textmap import normalize_page
from pipeline.extract.version import extractor_version, fingerprint
from pipeline.records import DocumentText, PageText, SourceFile

POLICY_PAGE = (
    "Policy 1204   Automated License Plate Readers\r\n"
    "1204.4 DATA RETENTION\r\n"
    "a. All data and images gathered by the ALPR are for the official use of this   \r\n"
    "department, and because such data may contain confidential information, it is not\r\n"
    "open to public review.\r\n"
    "b. The data is stored for  thirty (30)\r\n"
    "days through the ALPR vendor, Flock Safety, and then purged.\r\n"
    "c. Data shall not be shared with ICE.\r\n"
)
LETTER_PAGE = (
    "Dear Requester,\n\n"
    "The City has reviewed your public records request. The camera locations are exempt from\n"
    "disclosure pursuant to ORS 192.345(23)(b). The City did not identify records responsive\n"
    "to the remainder of your request.\n\nSincerely,\nRecords Office\n"
)


def make_doc(doc_id: str, *pages: str, name: str = "doc.pdf") -> DocumentText:
    source = SourceFile(doc_id, "pdf", "application/pdf", 100, (f"batch/{name}",), "/dev/null")
    return DocumentText(
        source=source,
        pages=[PageText(doc_id, i, "text_layer", text, "test") for i, text in enumerate(pages, 1)],
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_rows_carry_exact_quotes_and_every_table(nlp: Language) -> None:
    doc = make_doc("a" * 64, "Cover page", POLICY_PAGE)
    (ext,) = extract_documents([doc], nlp)
    assert set(TABLES) <= set(ext.facts)
    page = doc.pages[1].text
    for rows in ext.facts.values():
        for row in rows:
            assert (
                row["quote"]
                == doc.pages[row["page_no"] - 1].text[row["char_start"] : row["char_end"]]
            )
            assert row["method"] in {"rule", "model"}
            assert 0.0 < row["confidence"] <= 1.0
    retention = ext.facts["retention_periods"]
    assert [(r["days"], r["page_no"]) for r in retention] == [(30, 2)]
    assert "thirty (30)\r\ndays" in retention[0]["quote"]
    assert page[retention[0]["char_start"] :].startswith("b. The data is stored")
    pairs = {(r["stance"], tuple(r["recipients"])) for r in ext.facts["sharing_clauses"]}
    assert ("prohibits", ("public",)) in pairs
    assert ("prohibits", ("federal", "immigration")) in pairs
    assert {r["vendor"] for r in ext.facts["vendors"]} == {"Flock Safety"}


def test_denials_from_a_reply_letter(nlp: Language) -> None:
    (ext,) = extract_documents([make_doc("b" * 64, LETTER_PAGE, name="reply.pdf")], nlp)
    kinds = {(r["kind"], r["citation_normalized"]) for r in ext.facts["denials"]}
    assert ("exemption", "OR 192.345(23)(b)") in kinds
    assert ("no_records", None) in kinds


def test_empty_and_blank_documents(nlp: Language) -> None:
    docs = [make_doc("c" * 64), make_doc("d" * 64, "   \n\n  ")]
    exts = extract_documents(docs, nlp)
    assert [e.doc_id for e in exts] == ["c" * 64, "d" * 64]
    assert all(not any(e.facts.values()) for e in exts)


@Language.component("test_extract_breaks_on_marker")
def _breaks_on_marker(doc: Doc) -> Doc:
    if "EXPLODE" in doc.text:
        raise ValueError("component failed on this page")
    return doc


def test_a_page_that_breaks_costs_only_that_page() -> None:
    nlp = spacy.load(EXTRACTOR_DIR)
    nlp.add_pipe("test_extract_breaks_on_marker", first=True)
    good = make_doc("e" * 64, POLICY_PAGE)
    bad = make_doc("f" * 64, "EXPLODE here", POLICY_PAGE, name="bad.pdf")
    ext_good, ext_bad = extract_documents([good, bad], nlp)
    assert ext_good.facts["retention_periods"] and not ext_good.failures
    assert [(f.page_no, f.stage, f.error_class) for f in ext_bad.failures] == [
        (1, "extract", "ValueError")
    ]
    assert [r["page_no"] for r in ext_bad.facts["retention_periods"]] == [2]


def test_textmap_maps_spans_back_to_the_page() -> None:
    page = "  Plate  data\r\n\r\nis   kept\tfor 30 days.  "
    text_map = normalize_page(page)
    assert text_map.text == "Plate data is kept for 30 days."
    start = text_map.text.index("data is kept")
    s, e = text_map.to_page(start, start + len("data is kept"))
    assert page[s:e] == "data\r\n\r\nis   kept"
    assert text_map.text.index("is") in text_map.paragraph_starts


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab(30).,’", min_size=1, max_size=6),
            st.sampled_from([" ", "  ", "\r\n", "\n\n", "\t", " \r\n ", "\f", "\u00a0"]),
        ),
        max_size=30,
    ),
    st.sampled_from(["", " ", "\r\n  "]),
)
def test_textmap_round_trips_every_word(parts: list[tuple[str, str]], lead: str) -> None:
    page = lead + "".join(word + gap for word, gap in parts)
    text_map = normalize_page(page)
    assert text_map.text == " ".join(page.split())
    for m in re.finditer(r"\S+", text_map.text):
        start, end = text_map.to_page(m.start(), m.end())
        assert page[start:end] == m.group(0)
    if len(text_map.text) > 3:
        start, end = text_map.to_page(0, len(text_map.text))
        assert " ".join(page[start:end].split()) == text_map.text


def test_extractor_version_tracks_content(tmp_path: Path) -> None:
    version = extractor_version()
    assert len(version) == 12 and int(version, 16) >= 0
    a = tmp_path / "a.txt"
    a.write_text("rule one")
    first = fingerprint([a], tmp_path)
    a.write_text("rule two")
    assert fingerprint([a], tmp_path) != first


@pytest.mark.slow
def test_shipped_pipeline_matches_its_sources(tmp_path: Path) -> None:
    """models/extractor must be what `make models` builds from the files in models/."""
    out = build(out=tmp_path / "extractor")
    compared = filecmp.dircmp(out, EXTRACTOR_DIR)

    def differences(cmp: filecmp.dircmp[str]) -> list[str]:
        found = [*cmp.left_only, *cmp.right_only, *cmp.diff_files, *cmp.funny_files]
        for sub in cmp.subdirs.values():
            found.extend(differences(sub))
        return found

    assert differences(compared) == []


def test_missing_pipeline_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuiltError, match="make models"):
        load_nlp(tmp_path / "nowhere")


def test_long_pages_are_read_in_chunks(nlp: Language) -> None:
    filler = "The council discussed parks and roads at length. " * 9000
    page = filler + "\r\nPlate reads are purged after 45 days. " + filler
    assert len(page) > 800_000
    doc = make_doc("9" * 64, page)
    chunks, _ = page_docs(nlp, page, chunk_chars=50_000)
    assert len(chunks) > 10
    (ext,) = extract_documents([doc], nlp)
    (row,) = ext.facts["retention_periods"]
    assert row["days"] == 45
    assert page[row["char_start"] : row["char_end"]] == row["quote"]
    assert row["quote"].startswith("Plate reads are purged")
