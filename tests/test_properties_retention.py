"""Property tests for the retention phrase normalizer (quantities + retention component).

However a duration is written (digits, words, "thirty (30)", "30-day", a qualifier,
any case) it must come back as the same number of days; no text makes the parser
raise or report a span that is not the text it quotes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc
from pipeline.extract.quantities import find_durations, to_days, words_to_number

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
DAYS_PER = {"day": 1, "week": 7, "month": 30, "year": 365}
FILLER = st.lists(
    st.sampled_from(
        [
            "the",
            "data",
            "shall",
            "be",
            "retained",
            "for",
            "then",
            "purged",
            "plate",
            "records",
            "of",
            "after",
            "which",
            "is",
            "system",
            "camera",
            "reads",
            "at",
            "most",
        ]
    ),
    max_size=8,
).map(" ".join)


def spell(n: int, with_and: bool = False) -> str:
    """English words for 1 <= n <= 9999, hyphenating 21-99 as drafters do."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        rest = n % 100
        joiner = " and " if with_and else " "
        return f"{_ONES[n // 100]} hundred" + (joiner + spell(rest) if rest else "")
    rest = n % 1000
    return f"{spell(n // 1000)} thousand" + (" " + spell(rest, with_and) if rest else "")


@st.composite
def written_durations(draw: st.DrawFn) -> tuple[str, int]:
    """(phrase, days) in one of the ways records write a duration."""
    unit = draw(st.sampled_from(sorted(DAYS_PER)))
    n = draw(st.integers(min_value=1, max_value=999 if unit == "day" else 120))
    style = draw(st.sampled_from(["digits", "words", "both", "hyphen", "words_hyphen"]))
    qualifier = draw(st.sampled_from(["", "calendar ", "consecutive "]))
    plural = unit + ("s" if n != 1 else "")
    words = spell(n, with_and=draw(st.booleans()))
    phrase = {
        "digits": f"{n} {qualifier}{plural}",
        "words": f"{words} {qualifier}{plural}",
        "both": f"{words} ({n}) {qualifier}{plural}",
        "hyphen": f"{n}{draw(st.sampled_from(['-', '–', ' ']))}{unit}",
        "words_hyphen": f"{words}-{unit}",
    }[style]
    if draw(st.booleans()):
        phrase = draw(st.sampled_from([str.upper, str.title, str.lower]))(phrase)
    return phrase, n * DAYS_PER[unit]


@given(n=st.integers(min_value=1, max_value=9999), with_and=st.booleans())
def test_spelled_numbers_read_back(n: int, with_and: bool) -> None:
    assert words_to_number(spell(n, with_and)) == n


@given(written=written_durations(), before=FILLER, after=FILLER)
@example(written=("thirty (30) days", 30), before="", after="")
@example(written=("one hundred and eighty days", 180), before="kept", after="")
def test_every_way_of_writing_a_duration_gives_its_days(
    written: tuple[str, int], before: str, after: str
) -> None:
    phrase, days = written
    text = " ".join(part for part in (before, phrase, after) if part)
    [found] = find_durations(text)
    assert found.days == days
    assert found.raw == phrase or phrase.startswith(found.raw)
    assert text[found.start : found.end] == found.raw


@given(st.text(max_size=300))
@settings(suppress_health_check=[HealthCheck.too_slow])
@example("kept 0.4 days")
@example("purged after 0.0001 years")
def test_any_text_gives_well_formed_durations(text: str) -> None:
    for found in find_durations(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.raw
        assert found.value > 0
        assert found.days >= 1, f"{found.raw!r} is a positive period of {found.days} days"


@given(
    value=st.floats(min_value=0.0001, max_value=10_000, allow_nan=False),
    unit=st.sampled_from(["day", "days", "week", "month", "years", "yr", "hours", "hrs"]),
)
def test_a_positive_period_is_never_zero_days(value: float, unit: str) -> None:
    assert to_days(value, unit) >= 1


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@given(written=written_durations())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_pipeline_reads_the_same_days_in_a_retention_clause(
    nlp: Language, written: tuple[str, int]
) -> None:
    phrase, days = written
    assume(days <= 36500)
    text = f"ALPR data shall be retained for {phrase} and then purged from the server."
    doc, _ = page_doc(nlp, text)
    facts = doc_facts(nlp(doc), "retention_periods")
    assert [f.values["days"] for f in facts] == [days]
    [fact] = facts
    assert fact.values["applies_to"] == "alpr_data"
    assert phrase.split()[0] in text[fact.start : fact.end]
