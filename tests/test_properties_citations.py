"""Property tests for the citation normalizer and the scorer's section reduction.

One exemption is cited many ways; every way must normalise to the same
"<STATE> <section><subsections>", whatever prose surrounds it, and the scorer
must reduce it to the same section number. No text makes either raise.
"""

from __future__ import annotations

import itertools

from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.evaluate.citations import citation_sections
from pipeline.extract.citations import find_citations

SUBSECTIONS = st.lists(
    st.one_of(
        st.integers(min_value=1, max_value=99).map(str),
        st.sampled_from([*"abcdefgh", "A", "B", "C", "E", "ii", "iv"]),
    ),
    max_size=3,
)
PROSE = st.lists(
    st.sampled_from(
        [
            "records",
            "are",
            "exempt",
            "under",
            "the",
            "request",
            "is",
            "denied",
            "pursuant",
            "to",
            "and",
            "withheld",
            "as",
            "provided",
            "in",
            "law",
        ]
    ),
    max_size=6,
).map(" ".join)


def _subs(parts: list[str], spaced: bool) -> str:
    return "".join(f" ({p})" if spaced else f"({p})" for p in parts)


@st.composite
def florida(draw: st.DrawFn) -> tuple[str, str]:
    chapter = draw(st.integers(min_value=10, max_value=999))
    part = draw(st.integers(min_value=10, max_value=9999))
    section = f"{chapter}.{part:0{draw(st.integers(min_value=2, max_value=4))}d}"[:]
    parts = draw(SUBSECTIONS)
    subs = "".join(f"({p})" for p in parts)
    written = _subs(parts, draw(st.booleans()))
    style = draw(
        st.sampled_from(
            [
                "s. {s}{w}, F.S.",
                "§ {s}{w}, Florida Statutes",
                "Fla. Stat. § {s}{w}",
                "section {s}{w}, F.S.",
                "Section {s}{w}, Fla. Stat.",
                "F.S. {s}{w}",
                "Florida Statutes, Section {s}{w}",
                "§§ {s}{w}, F.S.",
            ]
        )
    )
    return style.format(s=section, w=written), f"FL {section}{subs}"


@st.composite
def oregon(draw: st.DrawFn) -> tuple[str, str]:
    section = f"{draw(st.integers(min_value=1, max_value=999))}.{draw(st.integers(100, 9999))}"
    parts = draw(SUBSECTIONS)
    style = draw(st.sampled_from(["ORS {s}{w}", "O.R.S. § {s}{w}", "ORS § {s}{w}"]))
    written = _subs(parts, draw(st.booleans()))
    return style.format(s=section, w=written), "OR " + section + "".join(f"({p})" for p in parts)


@st.composite
def washington(draw: st.DrawFn) -> tuple[str, str]:
    section = f"42.56.{draw(st.integers(min_value=100, max_value=999))}"
    parts = draw(SUBSECTIONS)
    written = _subs(parts, draw(st.booleans()))
    return f"RCW {section}{written}", "WA " + section + "".join(f"({p})" for p in parts)


@st.composite
def south_carolina(draw: st.DrawFn) -> tuple[str, str]:
    section = f"30-4-{draw(st.integers(min_value=10, max_value=99))}"
    parts = draw(SUBSECTIONS)
    style = draw(
        st.sampled_from(["S.C. Code Ann. § {s}{w}", "SC Code § {s}{w}", "S.C. Code of Laws {s}{w}"])
    )
    written = _subs(parts, draw(st.booleans()))
    return style.format(s=section, w=written), "SC " + section + "".join(f"({p})" for p in parts)


CITATIONS = st.one_of(florida(), oregon(), washington(), south_carolina())


@given(cited=CITATIONS, before=PROSE, after=PROSE)
@example(cited=("s. 119.071(2)(c), F.S.", "FL 119.071(2)(c)"), before="", after="")
def test_every_style_normalises_to_the_same_citation(
    cited: tuple[str, str], before: str, after: str
) -> None:
    written, normalized = cited
    text = " ".join(p for p in (before.capitalize(), written, after) if p) + "."
    found = find_citations(text)
    assert [c.normalized for c in found] == [normalized], (text, found)
    [citation] = found
    assert text[citation.start : citation.end].strip() == citation.written


@given(
    cited=CITATIONS,
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", " \n"]), min_size=8, max_size=8),
)
def test_line_breaks_from_pdf_text_do_not_change_the_citation(
    cited: tuple[str, str], gaps: list[str]
) -> None:
    """PDF text wraps lines anywhere a space was; the citation must survive it."""
    written, normalized = cited
    pieces = written.split(" ")
    rewrapped = pieces[0] + "".join(
        gaps[i % len(gaps)] + piece for i, piece in enumerate(pieces[1:])
    )
    assert [c.normalized for c in find_citations(f"Denied under {rewrapped}.")] == [normalized]


@given(cited=CITATIONS)
def test_the_scorer_reduces_each_style_to_its_section(cited: tuple[str, str]) -> None:
    written, normalized = cited
    section = normalized.split(" ", 1)[1].split("(", 1)[0].upper()
    assert citation_sections(written) == [section]
    assert citation_sections(normalized) == [section]


@given(first=CITATIONS, second=CITATIONS)
def test_two_citations_in_a_sentence_stay_two(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    text = f"Withheld under {first[0]} and {second[0]}."
    assert [c.normalized for c in find_citations(text)] == [first[1], second[1]]


@given(text=st.text(max_size=400), state=st.sampled_from([None, "FL", "TX"]))
@example(text="§ 119.071(2)(c) of the Florida", state=None)
@example(text="Section 1.2.3.4.5.6(a)(b)(c)(d)(e)", state="TX")
def test_any_text_gives_ordered_disjoint_citations(text: str, state: str | None) -> None:
    found = find_citations(text, state)
    ends = [(c.start, c.end) for c in found]
    assert ends == sorted(ends)
    for (_, end), (start, _) in itertools.pairwise(ends):
        assert end <= start
    for c in found:
        assert text[c.start : c.end].strip() == c.written
        assert c.normalized.split(" ", 1)[0] in {c.state or "??"}
    sections = citation_sections(text)
    assert len(sections) == len(set(sections))
