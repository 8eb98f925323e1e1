"""Vendors: companies that supply plate readers, surveillance or data products.

Known companies come from the gazetteer in models/patterns/vendors.jsonl, matched
by a SpanRuler: each pattern carries the canonical company as its id, so product
names ("Falcon", "AutoVu", "LEARN") resolve to their maker. Aliases that are also
ordinary words carry a label saying what they need before they count:

- VENDOR: the name alone is enough ("Flock Safety", "Genetec");
- VENDOR_CONTEXT: only in a document about plate readers ("Falcon", "Vigilant",
  "VSS"), or when the company is named in full elsewhere in the document;
- VENDOR_CONFIRM: only when the company is named in full elsewhere ("Insight").

Companies missing from the gazetteer are caught by their legal form ("Millenium
Products, Inc.") in a sentence about cameras or plate readers, with lower
confidence; utilities, law firms, consultants and public bodies are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.context import SURVEILLANCE_RE, DocContext
from pipeline.extract.facts import Fact, add_facts, quote_bounds
from pipeline.extract.sentences import SentenceIndex

TABLE = "vendors"
NEEDS = "_needs"
_CONFIDENCE = {"VENDOR": 0.95, "VENDOR_CONTEXT": 0.8, "VENDOR_CONFIRM": 0.75}
_GENERIC_CONFIDENCE = 0.6

_NAME_WORD = r"(?:[A-Z][A-Za-z0-9&'’\-]*|[0-9][A-Za-z0-9\-]*[A-Za-z][A-Za-z0-9\-]*)"
_COMPANY_TAIL = re.compile(
    rf"(?<![\w&])(?P<name>{_NAME_WORD}(?: (?:{_NAME_WORD}|&|and)){{0,4}}),? $"
)
_SUFFIX_RE = re.compile(
    r" (?P<suffix>(?i:Inc\.?|Incorporated|LLC|L\.L\.C\.|Corp\.?|Corporation|Co\.|Ltd\.?|L\.P\.|"
    r"PLLC|P\.A\.|LLP|GmbH)|AG)(?![A-Za-z])"
)
_LEADING_NOISE = frozenset(
    """
    the a an and of with from by to for this that vendor contractor provider reseller
    consultant manufacturer company firm
    """.split()  # noqa: SIM905
)
_NOT_VENDOR_WORDS = frozenset(
    """
    bank insurance power light electric energy water gas utility utilities law legal
    attorneys attorney university college partners cooperative associates asphalt
    engineering construction fire ems rescue consulting consultants city county town
    village police sheriff department state commission council school district authority
    office government church hospital medical bar clinic realty properties development
    paving roofing landscaping plumbing motors ford chevrolet dodge toyota lexipol
    """.split()  # noqa: SIM905
)
# Policy manuals carry their publisher's copyright line on every page.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?$", re.IGNORECASE)
_LAW_FORM = frozenset({"PLLC", "P.A.", "LLP"})
_LAW_FIRM_AFTER = re.compile(r"^,? (?:LLP|PLLC|P\.A\.|Law\b|Attorneys?\b|& Associates)")


def _resolve_overlaps(spans: Sequence[Span]) -> list[Span]:
    """Longest match wins where gazetteer patterns overlap ("Flock" inside "Flock Safety")."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _company_name(raw: str) -> str | None:
    words = raw.replace("’", "'").split()
    while words and words[0].lower() in _LEADING_NOISE:
        words = words[1:]
    while words and words[-1].lower() in {"and", "&", "of"}:
        words = words[:-1]
    if not words or any(w.lower().strip(",.'") in _NOT_VENDOR_WORDS for w in words):
        return None
    name = " ".join(words)
    if sum(ch.isalpha() for ch in name) < 3:
        return None
    if name.isupper() and len(name) > 4:
        name = " ".join(w.capitalize() if w.isalpha() else w for w in words)
    return name


class VendorMentions:
    """Turns gazetteer spans and company-form names into vendor facts."""

    def __init__(self, spans_key: str, max_quote: int) -> None:
        self.spans_key = spans_key
        self.max_quote = max_quote

    def _fact(
        self, text: str, start: int, end: int, sent: Span, values: dict[str, object], conf: float
    ) -> Fact:
        qs, qe = quote_bounds(text, sent.start_char, sent.end_char, start, end, self.max_quote)
        return Fact(TABLE, qs, qe, values, "rule", conf)

    def __call__(self, doc: Doc) -> Doc:
        facts: list[Fact] = []
        covered: list[tuple[int, int]] = []
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        text = doc.text  # Doc.text joins every token: read it once
        if not spans and not _SUFFIX_RE.search(text):
            return doc
        index = SentenceIndex(doc)
        for span in _resolve_overlaps(spans):
            if _LAW_FIRM_AFTER.match(text, span.end_char):
                continue
            label = span.label_
            mention = text[span.start_char : span.end_char]
            values: dict[str, object] = {"vendor": span.id_, "mention": mention}
            if label != "VENDOR":
                values[NEEDS] = "confirm" if label == "VENDOR_CONFIRM" else "context"
            facts.append(
                self._fact(
                    text,
                    span.start_char,
                    span.end_char,
                    index.at(span.start_char),
                    values,
                    _CONFIDENCE[label],
                )
            )
            covered.append((span.start_char, span.end_char))
        facts.extend(self._generic(text, index, covered))
        add_facts(doc, facts)
        return doc

    def _generic(
        self, text: str, index: SentenceIndex, covered: list[tuple[int, int]]
    ) -> list[Fact]:
        facts: list[Fact] = []
        for m in _SUFFIX_RE.finditer(text):
            if m.group("suffix").upper() in _LAW_FORM:
                continue
            window_start = max(0, m.start() - 100)
            tail = _COMPANY_TAIL.search(text, window_start, m.start() + 1)
            if tail is None:
                continue
            start, end = tail.start("name"), m.end("suffix")
            if any(a < end and start < b for a, b in covered):
                continue
            name = _company_name(tail.group("name"))
            if name is None or _COPYRIGHT.search(text, max(0, start - 20), start):
                continue
            sentence = index.at(start)
            if not SURVEILLANCE_RE.search(text, sentence.start_char, sentence.end_char):
                continue
            values: dict[str, object] = {"vendor": name, "mention": text[start:end]}
            facts.append(self._fact(text, start, end, sentence, values, _GENERIC_CONFIDENCE))
        return facts


@Language.factory(
    "vendor_mentions", default_config={"spans_key": "vendor_mentions", "max_quote": 400}
)
def make_vendor_mentions(
    nlp: Language, name: str, spans_key: str, max_quote: int
) -> VendorMentions:
    return VendorMentions(spans_key, max_quote)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def finalize_vendors(facts: list[tuple[int, Fact]], context: DocContext) -> list[tuple[int, Fact]]:
    """Keep the mentions the whole document supports; drop the agency's own name.

    Repeats of the same mention on a page are kept once.

    Ambiguous aliases count when the company is named in full somewhere in the
    document, or (for VENDOR_CONTEXT) when the document is about plate readers.
    """
    confirmed = {f.values["vendor"] for _, f in facts if NEEDS not in f.values}
    agency = _norm(context.agency or "")
    kept: list[tuple[int, Fact]] = []
    seen: set[tuple[int, str, str]] = set()
    for page_no, fact in facts:
        key = (page_no, str(fact.values["vendor"]), _norm(str(fact.values.get("mention", ""))))
        if key in seen:
            # One row per way a page names a company: a contract naming Flock on every
            # line would otherwise bury the other vendors under hundreds of rows.
            continue
        seen.add(key)
        values = dict(fact.values)
        needs = values.pop(NEEDS, None)
        vendor = str(values["vendor"])
        if needs == "confirm" and vendor not in confirmed:
            continue
        if needs == "context" and vendor not in confirmed and not context.about_lpr:
            continue
        mention = _norm(str(values.get("mention", "")))
        if agency and (mention in agency or _norm(vendor) in agency):
            continue
        kept.append((page_no, replace(fact, values=values)))
    return kept
