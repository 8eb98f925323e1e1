"""Contract terms: what an agency pays, for how many cameras, for how long.

Quotes, order forms and council resolutions state prices and counts in a few
fixed shapes ("Total Contract Amount: $6,500.00", "in the total amount of
$768,362.29", "$2,000 per Year", "27 cameras at 13 locations", "Initial Term: 24
Months"). Each shape is a pattern; a term is reported with its value and unit.
Terms are the one place where "a term of 60 months" is the answer rather than a
trap.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.facts import Fact, add_facts, quote_bounds
from pipeline.extract.quantities import QUANTITY, number_value
from pipeline.extract.sentences import SentenceIndex

TABLE = "contract_terms"


def _money(group: str) -> str:
    return rf"(?:USD\s*)?\$\s?(?P<{group}>\d[\d,]*(?:\.\d{{2}})?)"


_MONEY = _money("amount")
_TOTAL = re.compile(
    r"\b(?:total(?: contract| purchase| project| quote| order)?(?: amount| price| cost| value)?"
    r"|grand total|not[- ]to[- ]exceed(?: amount)?|NTE|in the (?:total )?amount of|total of)"
    rf"\b(?: [A-Za-z]+)?[:\s\-–]*(?:of\s+)?(?:\(\w+\)\s*)?{_MONEY}"
    r"(?![\d.,]*\s*(?:per\b|/|each\b|an hour|a unit))",
    re.IGNORECASE,
)
_ANNUAL = re.compile(
    rf"{_MONEY}\s*(?:per year|/\s?(?:yr|year)|annually|a year|each year|per annum)\b"
    r"|\bannual(?:ly)?(?: recurring)?(?: fees?| costs?| price| subscription| amount| total)?[:\s]+"
    + _money("amount2"),
    re.IGNORECASE,
)
_CAMERAS = re.compile(
    r"(?<![\w.,/\-])(?P<count>\d{1,4})\s+(?:(?:[a-z\-]+|A?LPR|Flock|Falcon)\s+){0,2}?"
    r"(?:cameras|CAMERAS|Cameras|license plate readers|LPRs|ALPRs|plate readers|readers)\b"
    r"|\b(?i:number of|qty\.?|quantity(?: of)?)\s*(?i:cameras)\s*:?\s*(?P<count2>\d{1,4})\b"
)
_TERM = re.compile(
    r"\b(?P<kind>initial |renewal |subscription |contract |agreement )?term\b"
    r"(?:\s+(?:of|for)\s+(?:this|the)\s+\w+)?[:;\s]*"
    rf"(?:of\s+|shall be\s+|is\s+)?(?P<qty>{QUANTITY})[ -](?P<unit>months?|years?)\b",
    re.IGNORECASE,
)
_PAGE_HINT = re.compile(r"\$|\bterm\b|camera|reader", re.IGNORECASE)


def _amount(text: str) -> float | None:
    return number_value(text)


def _terms_in(text: str) -> list[tuple[int, int, str, float, str]]:
    """(start, end, term, value, unit) for every priced or counted term in `text`."""
    found: list[tuple[int, int, str, float, str]] = []
    for m in _TOTAL.finditer(text):
        value = _amount(m.group("amount"))
        if value:
            found.append((m.start(), m.end(), "total_price", value, "USD"))
    for m in _ANNUAL.finditer(text):
        amount = next((g for g in m.groups() if g), None)
        value = _amount(amount) if amount else None
        if value:
            found.append((m.start(), m.end(), "annual_price", value, "USD"))
    for m in _CAMERAS.finditer(text):
        value = _amount(m.group("count") or m.group("count2"))
        if value and 0 < value < 2000:
            found.append((m.start(), m.end(), "camera_count", value, "cameras"))
    for m in _TERM.finditer(text):
        qty = m.group("qty")
        digits = re.search(r"\d[\d,]*", qty)
        value = _amount(digits.group(0) if digits else qty)
        if not value:
            continue
        months = value * 12 if m.group("unit").lower().startswith("year") else value
        kind = (m.group("kind") or "").strip().lower()
        term = "renewal_term_months" if kind == "renewal" else "term_months"
        found.append((m.start(), m.end(), term, months, "months"))
    return found


class ContractTerms:
    """Finds prices, camera counts and contract lengths on a page."""

    def __init__(self, max_quote: int) -> None:
        self.max_quote = max_quote

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        terms = _terms_in(text) if _PAGE_HINT.search(text) else []
        if not terms:
            return doc
        index = SentenceIndex(doc)
        facts: list[Fact] = []
        for start, end, term, value, unit in terms:
            sent = index.at(start)
            sent_end = max(sent.end_char, end)
            qs, qe = quote_bounds(text, sent.start_char, sent_end, start, end, self.max_quote)
            values: dict[str, Any] = {"term": term, "value": value, "unit": unit}
            facts.append(Fact(TABLE, qs, qe, values, "rule", 0.8))
        add_facts(doc, facts)
        return doc


@Language.factory("contract_terms", default_config={"max_quote": 300})
def make_contract_terms(nlp: Language, name: str, max_quote: int) -> ContractTerms:
    return ContractTerms(max_quote)
