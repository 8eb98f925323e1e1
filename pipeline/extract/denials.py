"""Denials: records withheld, not found, priced out of reach, or refused.

Each sentence of a reply is checked for the five kinds of denial, by the phrases
agencies use for them:

- exemption: "exempt from disclosure", "withheld pursuant to", "not subject to
  disclosure", with every statute cited in the sentence (see `citations`);
- no_records: "no responsive records", "did not identify records", "does not
  possess ... records", "not retained";
- partial: records released with redactions or in part;
- fee: a cost estimate or a fee to be paid before release;
- refusal: a request or appeal denied, or a record the agency will not create,
  without an exemption cited.

Request letters quote the requester ("If any portions are withheld or redacted,
please ...") and end with boilerplate on review rights ("If an exemption has
been asserted, you may seek review"): hypothetical and requester sentences are
skipped. Whether a document can hold denials at all is decided per document
(`finalize_denials`), since policies quote the same exemption language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.citations import Citation, find_citations
from pipeline.extract.context import DocContext
from pipeline.extract.facts import Fact, add_facts, quote_bounds
from pipeline.extract.sentences import SentenceIndex

TABLE = "denials"
KINDS = ("exemption", "no_records", "partial", "fee", "refusal")
STATE_KEY = "alpr_state"

_HYPOTHETICAL = re.compile(
    r"^\W*(?:if|in the event|should|whether|to the extent)\b"
    r"|\b(?:I request|I am requesting|I would|I ask|I'm requesting|please (?:produce|provide|send"
    r"|inform|release)|you may (?:seek|request|petition|appeal|file)|right to (?:appeal|seek"
    r"|request)|seek review|petition the)\b",
    re.IGNORECASE,
)
_EXEMPT = re.compile(
    r"(?<!tax-)(?<!tax )\bexempt(?:ed|s|ion|ions)?\b|\bwithh(?:e|o)ld\w*\b|\bnot subject to"
    r" (?:public )?(?:disclosure|inspection|release)\b|\bconfidential (?:and exempt|under|pursuant"
    r"|by law)|\bprotected from (?:public )?disclosure\b|\bprivileged\b",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"\b(?:redacted|redactions (?:were|have been|are|has been) (?:made|applied)|with redactions"
    r"|released in part|partially (?:granted|denied|released|fulfilled)|granted in part"
    r"|denied in part|portions? (?:of [\w\s]{1,40})?(?:ha(?:ve|s) been|were|was|are)"
    r" (?:withheld|redacted|removed))",
    re.IGNORECASE,
)
_NO_RECORDS = re.compile(
    r"\bno (?:responsive |such )?(?:records|documents)\b|\bno records responsive\b"
    r"|\b(?:did|could|was|were) not (?:identify|locate|find)\b[^.]{0,40}\b(?:records?|documents?)\b"
    r"|\bdoes not (?:possess|have|maintain|hold|keep)\b[^.]{0,40}\b(?:records?|documents?)\b"
    r"|\b(?:were|was) not (?:retained|maintained|kept)\b|\bunable to (?:locate|find|identify)\b"
    r"|\b(?:does|do) not exist\b|\bthere (?:are|were) no\b[^.]{0,30}\b(?:records?|documents?)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d{2})?")
_FEE_WORD = re.compile(r"\b(?:fees?|cost|costs|charges?|estimate|deposit|payment)\b", re.IGNORECASE)
_FEE_DEMAND = re.compile(
    r"\buntil (?:the )?(?:fee|payment|deposit)|\b(?:fee|deposit|payment) (?:is|must be|has been)"
    r" (?:paid|received)|\bestablish (?:a )?fees?\b|\bfee estimate\b|\bcost estimate\b"
    r"|\bestimated (?:cost|fee)s?\b|\bcost to (?:respond|fulfill|process|produce)"
    r"|\b(?:prepayment|advance payment|deposit) (?:is |will be )?required\b",
    re.IGNORECASE,
)
_REFUSAL = re.compile(
    r"\bprohibited from (?:generating|creating|producing|releasing|disclosing|providing)"
    r"|\bnot (?:required|obligated) to (?:create|generate|produce|compile|answer)"
    r"|\bwill not (?:create|generate|produce|release|provide|fulfill)|\bdeclin\w* to\b|\brefus\w*"
    r"|\bdenied\b|\bdeny(?:ing)?\b|\bcannot (?:be )?(?:fulfill\w*|provid\w*|produc\w*|releas\w*)",
    re.IGNORECASE,
)
_DENIED = re.compile(r"\bdenied\b|\bdeny", re.IGNORECASE)
_CONTEXT_CHARS = 250
_PAGE_HINT = re.compile(
    r"exempt|withh|redact|partial|in part|no (?:responsive )?records"
    r"|not (?:identify|locate|retained|possess)|\$|denied|deny|refus|prohibited from|declin"
    r"|exist|subject to disclosure|\bfees?\b|cost|estimat",
    re.IGNORECASE,
)


def _kinds(text: str) -> list[str]:
    kinds: list[str] = []
    if _EXEMPT.search(text):
        kinds.append("exemption")
    if _NO_RECORDS.search(text):
        kinds.append("no_records")
    if _PARTIAL.search(text):
        kinds.append("partial")
    if _FEE_DEMAND.search(text) or (_MONEY.search(text) and _FEE_WORD.search(text)):
        kinds.append("fee")
    if _REFUSAL.search(text) and "exemption" not in kinds:
        kinds.append("refusal")
    return kinds


def denials_in_sentence(
    sent: Span, state: str | None, before: str = "", page_text: str | None = None
) -> list[tuple[str, Citation | None]]:
    """(kind, citation) pairs stated by one sentence; kinds with citations get one per citation.

    `before` is the text just before the sentence: "your appeal is denied" right after
    a sentence weighing "the purpose of the exemption" denies under that exemption.
    """
    text = sent.text if page_text is None else page_text[sent.start_char : sent.end_char]
    if _HYPOTHETICAL.search(text):
        return []
    kinds = _kinds(text)
    if not kinds:
        return []
    citations = find_citations(text, state)
    if citations and "refusal" in kinds and _DENIED.search(text):
        kinds = ["exemption" if k == "refusal" else k for k in kinds]
    if "refusal" in kinds and _DENIED.search(text) and _EXEMPT.search(before):
        kinds = ["exemption" if k == "refusal" else k for k in kinds]
    out: list[tuple[str, Citation | None]] = []
    for kind in kinds:
        if kind in {"exemption", "fee", "refusal", "partial"} and citations:
            out.extend((kind, c) for c in citations)
        else:
            out.append((kind, None))
    return out


class Denials:
    """Finds denial statements sentence by sentence."""

    def __init__(self, max_quote: int) -> None:
        self.max_quote = max_quote

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        hits = [m.start() for m in _PAGE_HINT.finditer(text)]
        if not hits:
            return doc
        state = doc.user_data.get(STATE_KEY)
        facts: list[Fact] = []
        for sent in SentenceIndex(doc).containing(hits):
            before = text[max(0, sent.start_char - _CONTEXT_CHARS) : sent.start_char]
            for kind, citation in denials_in_sentence(sent, state, before, text):
                qs, qe = quote_bounds(
                    text,
                    sent.start_char,
                    sent.end_char,
                    sent.start_char,
                    sent.start_char + 1,
                    self.max_quote,
                )
                values: dict[str, Any] = {
                    "kind": kind,
                    "citation": citation.written if citation else None,
                    "citation_normalized": citation.normalized if citation else None,
                }
                confidence = 0.9 if citation else 0.75
                facts.append(Fact(TABLE, qs, qe, values, "rule", confidence))
        add_facts(doc, facts)
        return doc


@Language.factory("denials", default_config={"max_quote": 400})
def make_denials(nlp: Language, name: str, max_quote: int) -> Denials:
    return Denials(max_quote)


def finalize_denials(facts: list[tuple[int, Fact]], context: DocContext) -> list[tuple[int, Fact]]:
    """Denials only from documents that answer a request; unknown citation states filled in."""
    if not context.may_hold_denials:
        return []
    kept: list[tuple[int, Fact]] = []
    for page_no, fact in facts:
        norm = fact.values.get("citation_normalized")
        if isinstance(norm, str) and norm.startswith("?? ") and context.state:
            values = dict(fact.values, citation_normalized=f"{context.state} {norm[3:]}")
            fact = replace(fact, values=values)
        kept.append((page_no, fact))
    return kept
