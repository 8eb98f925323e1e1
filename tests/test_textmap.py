"""The normalised text extractors read: hyphen repair, furniture left out, and a map
back to the stored page that keeps every quote verbatim."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.extract.document import extract_documents
from pipeline.extract.nlp import load_nlp
from pipeline.extract.textmap import joins_across_hyphen, joins_split_word, normalize_page
from pipeline.records import DocumentText, PageRegion, PageText, SourceFile
from pipeline.text.quality import english_words

WORDS = frozenset({"retention", "procedures", "because", "law", "enforcement", "today", "day"})


@pytest.mark.parametrize(
    ("page", "normalised"),
    [
        ("Data reten-\ntion is 30 days.", "Data retention is 30 days."),
        ("written proce-\r\n   dures", "written procedures"),
        ("RETEN-\nTION PERIOD", "RETENTION PERIOD"),
        ("law-\nenforcement agencies", "law-enforcement agencies"),  # compound: hyphen stays
        ("a day-to-\nday task", "a day-to-day task"),  # "today" is a word, "day-to-" a compound
        ("non-\nFlock vendors", "non-Flock vendors"),
        ("the 30-\nday period", "the 30-day period"),
        ("Ubiq-\nuitous readers", "Ubiquitous readers"),  # neither half is a word
        ("pre- and post-processing", "pre- and post-processing"),  # no line break: untouched
        ("Section 5 -\nRetention", "Section 5 - Retention"),  # a dash, not a hyphen
        ("reten\u00adtion and reten\u00ad\ntion", "retention and retention"),  # soft hyphens
    ],
)
def test_hyphenated_line_breaks(page: str, normalised: str) -> None:
    text_map = normalize_page(page, words=WORDS)
    assert text_map.text == normalised
    for m in re.finditer(r"\S+", text_map.text):
        start, end = text_map.to_page(m.start(), m.end())
        flat = re.sub(r"[\s\u00ad]", "", page[start:end])
        assert flat == m.group(0) or flat.replace("-", "") == m.group(0)


def test_joined_word_maps_to_the_printed_span() -> None:
    page = "Plate data\r\nreten-\r\ntion: 30 days"
    text_map = normalize_page(page, words=WORDS)
    start = text_map.text.index("retention")
    s, e = text_map.to_page(start, start + len("retention"))
    assert page[s:e] == "reten-\r\ntion"
    assert text_map.text.index("retention") in text_map.line_starts
    assert text_map.text.index(":") not in text_map.line_starts  # the word did not break


def test_hyphen_rule() -> None:
    words = english_words()
    assert joins_across_hyphen("reten", "tion", "reten-", words)
    assert not joins_across_hyphen("law", "enforcement", "law-", words)
    assert not joins_across_hyphen("to", "day", "day-to-", words)
    assert not joins_across_hyphen("non", "Flock", "non-", words)


def test_furniture_is_left_out_and_lines_stay_lines() -> None:
    page = "Page 2 of 3\nData is kept.\nACME MANUAL\nMore text.\n\nLast part.\nCITY000123\n"
    skip = [
        (page.index("Page"), page.index("Page") + 11),
        (page.index("ACME"), page.index("ACME") + 11),
        (page.index("CITY"), page.index("CITY") + 10),
    ]
    text_map = normalize_page(page, skip)
    assert text_map.text == "Data is kept. More text. Last part."
    assert text_map.text.index("More") in text_map.line_starts
    assert text_map.text.index("More") not in text_map.paragraph_starts
    assert text_map.text.index("Last") in text_map.paragraph_starts
    s, e = text_map.to_page(0, len(text_map.text))
    assert page[s:e] == "Data is kept.\nACME MANUAL\nMore text.\n\nLast part."


PIECE = st.sampled_from(
    ["reten", "tion", "law", "data", "30", "(b)", "’s", "Flock", "A", "é", "-", "\u00ad", "x-"]
)
GAP = st.sampled_from(["", " ", "  ", "\n", "\r\n", "-\n", "- \n", "\n\n", "\t", "\f", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(PIECE, GAP), max_size=40),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=4),
)
def test_every_normalised_char_maps_back_monotonically(
    parts: list[tuple[str, str]], raw_skips: list[tuple[int, int]]
) -> None:
    page = "".join(piece + gap for piece, gap in parts)
    skips = [(a, a + n) for a, n in raw_skips]
    text_map = normalize_page(page, skips, words=WORDS)
    text = text_map.text
    skipped = {i for a, b in skips for i in range(a, min(b, len(page)))}
    previous = -1
    for offset, char in enumerate(text):
        start, end = text_map.to_page(offset, offset + 1)
        assert 0 <= start < end <= len(page)
        if char == " ":  # every space stands for a gap (segments hold no blanks)
            continue
        point = start
        assert page[point] == char
        assert point > previous
        assert point not in skipped
        previous = point
    assert "\u00ad" not in text and "  " not in text and text == text.strip()
    for m in re.finditer(r"\S+", text):
        start, end = text_map.to_page(m.start(), m.end())
        assert 0 <= start < end <= len(page)
        assert page[start] == m.group(0)[0] and page[end - 1] == m.group(0)[-1]


@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 310), st.integers(-5, 310))))
def test_any_text_and_any_skip_spans_stay_in_bounds(
    page: str, skips: list[tuple[int, int]]
) -> None:
    text_map = normalize_page(page, skips)
    for start in range(len(text_map.text) + 1):
        for end in (start, min(start + 7, len(text_map.text))):
            s, e = text_map.to_page(start, end)
            assert 0 <= s <= e <= len(page)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _doc(text: str, furniture: tuple[PageRegion, ...]) -> DocumentText:
    source = SourceFile("f" * 64, "pdf", "application/pdf", 1, ("batch/p.pdf",), "/dev/null")
    page = PageText("f" * 64, 1, "text_layer", text, "test", furniture=furniture)
    return DocumentText(source=source, pages=[page])


def test_extractors_skip_furniture_and_quote_the_stored_text(nlp: Language) -> None:
    header = "Flock Safety | Order Form | Page 1 of 3"
    text = (
        f"{header}\r\n"
        "Plate reads are re-\r\ntained for thirty (30)\r\ndays and then purged.\r\n"
        "Data shall not be shared with immigration authorities.\r\n"
    )
    region = PageRegion(0, len(header), "header")
    (with_header,) = extract_documents([_doc(text, ())], nlp)
    (without,) = extract_documents([_doc(text, (region,))], nlp)
    assert {r["vendor"] for r in with_header.facts["vendors"]} == {"Flock Safety"}
    assert without.facts["vendors"] == []
    [retention] = without.facts["retention_periods"]
    assert retention["days"] == 30
    assert retention["quote"] == text[retention["char_start"] : retention["char_end"]]
    assert retention["quote"].startswith("Plate reads are re-\r\ntained")
    for rows in without.facts.values():
        for row in rows:
            assert row["char_start"] >= len(header)
            assert row["quote"] == text[row["char_start"] : row["char_end"]]


@pytest.mark.parametrize(
    ("page", "normalised"),
    [
        ("Data is kept for reten tion only.", "Data is kept for retention only."),
        ("RETEN TION PERIOD", "RETENTION PERIOD"),
        ("Reten tion", "Retention"),
        ("law enforcement today", "law enforcement today"),  # two words stay two
        ("reten Tion", "reten Tion"),  # a capital after lowercase starts a name
        ("kept 30reten tion", "kept 30reten tion"),  # glued to a number: not a fragment
        ("reten tion2", "reten tion2"),
        ("reten\ntion", "reten tion"),  # a line break is no stray space
    ],
)
def test_words_broken_by_a_stray_space(page: str, normalised: str) -> None:
    assert normalize_page(page, words=WORDS).text == normalised


def test_split_word_maps_to_the_printed_span() -> None:
    page = "Plate data: reten tion of 30 days."
    text_map = normalize_page(page, words=WORDS)
    start = text_map.text.index("retention")
    a, b = text_map.to_page(start, start + len("retention"))
    assert page[a:b] == "reten tion"


def test_split_word_rule() -> None:
    assert joins_split_word("reten", "tion", WORDS)
    assert not joins_split_word("law", "enforcement", WORDS | {"lawenforcement"})  # left is a word
    assert not joins_split_word("to", "day", WORDS)  # too short to tell
