"""Sharing clauses: whether, and with whom, plate-reader data may be shared or accessed.

A clause is a sentence that (a) shares, discloses, releases, sells or grants
access to data, or (b) restricts the use of the system to a purpose ("for law
enforcement purposes only"). Its stance comes from the words around the verb:

- prohibits: the verb is negated ("shall not share", "is not granted to ICE",
  "not open to public review") and nothing carves out an exception;
- conditional: an exception or condition governs it ("shall not share ...
  except", "only with a court order", "as permitted by law", "restricted to");
- permits: otherwise.

Recipients are spans found by the `recipient_ruler` SpanRuler
(models/patterns/recipients.jsonl); agency abbreviations such as ICE are matched
case-sensitively as whole tokens, so "police", "notice" or "service" never read
as immigration. A few state statutes are read for what they mean (California
Civil Code 1798.90.55 limits sharing to California public agencies).

Where the rules find no stance cue at all, they cannot tell a permission ("the
partner agency shall receive the extracts") from boilerplate that merely mentions
sharing ("This Data Sharing Agreement is entered into by ..."). Those sentences go
to a trained bag-of-words text classifier (`sharing_stance`, built by
`build_models` from hand-written and generated sentences) that drops the ones it
judges not to be sharing clauses (label NONE); the rows it keeps have method
"model". It runs on those few sentences only, never on whole pages.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.facts import Fact, Method, add_facts, quote_bounds
from pipeline.extract.sentences import SentenceIndex

TABLE = "sharing_clauses"
NOT_SHARING = "NONE"
STANCES = ("permits", "prohibits", "conditional")
RECIPIENTS = (
    "law_enforcement",
    "federal",
    "immigration",
    "out_of_state",
    "public",
    "private",
    "other",
)

_DATA_OBJECT = (
    r"\b(?:data|information|footage|images?|recordings?|plates?|detections?|reads?"
    r"|hot ?lists?|hotlists?|extracts?|photos?|videos?|files)\b"
)
_DATA_OBJECT_RE = re.compile(_DATA_OBJECT, re.IGNORECASE)
_SYSTEM_OBJECT_RE = re.compile(
    r"\b(?:systems?|databases?|A?LPRs?|cameras?|portal|network|services?|readers?)\b",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    r"\b(?:shar(?:e|ed|es|ing)|disclos\w*|disseminat\w*|releas(?:e|ed|es|ing)|transfer(?:s|red"
    r"|ring)?|transmit\w*|sell|sold|resell|distribut\w*|exchang\w*|made available|make available"
    r"|available to|retriev\w*|open (?:to|for) (?:the )?public|public (?:review|inspection)"
    r"|subject to disclosure|provid\w* (?:\w+ ){0,2}?(?:access|data|information|copies"
    r"|footage|images)|receiv\w* (?:\w+ ){0,3}?(?:data|extracts?|information|footage|images|files"
    r"|recordings))\b",
    re.IGNORECASE,
)
_ACCESS_RE = re.compile(
    r"\b(?:access(?:ed|es|ing|ible)?|allow(?:s|ed|ing)? (?:\w+ ){0,5}?to (?:search|query|view"
    r"|see|use)|giv(?:e|es|en|ing) (?:\w+ ){0,3}?access)\b",
    re.IGNORECASE,
)
_USE_RE = re.compile(
    r"\b(?:use[ds]?|utiliz\w*|usage|operat\w*|authorized for|quer(?:y|ied|ies)"
    r"|search(?:es|ed)?|view(?:ed|ing)?)\b",
    re.IGNORECASE,
)
_PURPOSE_RE = re.compile(
    r"\b(?:(?:official|legitimate|authorized|valid|lawful|active)\s+)*(?:law[- ]enforcement"
    r"|criminal justice|investigative|public safety)\s+(?:purposes?|business|use|functions?"
    r"|reasons?)\b|\badministration of criminal justice\b|\bcriminal justice purposes?\b"
    r"|\brestricted to authorized\b",
    re.IGNORECASE,
)
_SKIP_RE = re.compile(
    r"\b(?:anonymi[sz]\w*|aggregated?|de-identified|(?-i:Confidential Information|Proprietary"
    r" Information)|trade secrets?|receiving party|disclosing party|generally known|publicly"
    r" known|known to the (?:general )?public|I request|I am requesting|I would|I ask"
    r"|please provide|please produce|records? requests?|requested records|this request"
    r"|my request|exempts?(?: the)? (?:public )?disclosure|exempt from (?:public )?disclosure"
    r"|public interest|responsive|custodian|password|am seeking)\b"
    r"|(?<!contain )(?<!contains )\bconfidential information\b"
    r"|[”\"] means\b|\bmeans any\b|\bis defined as\b",
    re.IGNORECASE,
)
# A clause states a rule: it has a modal or a finite verb, not just a heading's nouns.
_CLAUSE_RE = re.compile(
    r"\b(?:shall|will|may|must|can|cannot|should|is|are|be|been|does|do|has|have|allows?"
    r"|desires?|agrees?|wishes)\b|n't\b",
    re.IGNORECASE,
)
_NOT_LIMITED = re.compile(r"\bnot (?:be )?limited to\b|\bwhether or not\b", re.IGNORECASE)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|nor|cannot|prohibit(?:s|ed)?|forbid(?:s|den)?|precluded?)\b|n't\b"
    r"|(?<![/-])\bno\b(?![-/])",
    re.IGNORECASE,
)
_SENTENCE_NEGATION_RE = re.compile(
    r"^\W*(?:\w\.\s+|\d+(?:\.\d+)*\.?\s+)?(?:(?:no|neither)\s+(?:\w+\s+){0,2}?(?:person"
    r"|persons|one|agency|agencies|employee|employees|member|members|officer|officers|user|users"
    r"|personnel|data|information|plates?|images?|footage|A?LPR|records?|entity|entities|third"
    r"|party|parties|vendor|company)\b|nothing\b|under no circumstances\b|in no event\b"
    r"|at no time\b)|^\W*(?:\w+\W+){0,2}?(?:sharing|disclosure|release|dissemination|transfer"
    r"|sale|access|use)\b.*\b(?:is|are|shall be|will be) (?:strictly )?(?:prohibited|forbidden)\b",
    re.IGNORECASE,
)
_RESTRICTIVE_RE = re.compile(r"\b(?:only|solely|exclusively)\b", re.IGNORECASE)
_EXCEPTION_RE = re.compile(
    r"\b(?:except|unless|other than|without (?:a |an |the )?(?:(?:valid|lawful|proper|prior"
    r"|written|first)\s+)*(?:court order|warrant|subpoena|consent|approval|authori[sz]ation"
    r"|permission|receiving))\b",
    re.IGNORECASE,
)
_CONDITION_RE = re.compile(
    r"\b(?:only|solely|exclusively|subject to|provided that|as (?:permitted|required|authorized"
    r"|allowed|provided) (?:by|under)|if (?:legally )?required|when required|in accordance with"
    r"|pursuant to (?:a |an )?(?:valid |lawful )?(?:court order|warrant|subpoena|law|statute"
    r"|section|applicable)|upon (?:request|receipt|approval|written|a valid|the approval)"
    r"|restricted to|limited to|with (?:the )?(?:prior )?(?:written )?(?:approval|consent"
    r"|permission|authori[sz]ation)|need[- ]to[- ]know|right[- ]to[- ]know|in furtherance of"
    r"|legally required|court order|warrant|subpoena|for the purposes? of"
    r"|(?:to|by) (?:\w+ )?authorized (?:\w+ )?(?:personnel|members|users|officers|employees))\b",
    re.IGNORECASE,
)
_UNCONDITIONAL_RE = re.compile(r"\bat any time\b|\bwithout restriction\b", re.IGNORECASE)
_NEG_BEFORE = 25
_NEG_AFTER = 25
_PROHIBITED_SCOPE = 70
# Words after a recipient phrase that make it something else ("the public interest").
_NOT_RECIPIENT_AFTER = frozenset(
    """
    interest safety works property place places view entity entities employee employees
    official officials roads streets right-of-way
    """.split()  # noqa: SIM905
)
_AGENT_PARTICIPLES = frozenset(
    """
    captured retained gathered collected maintained operated owned installed conducted
    managed administered employed made adopted approved signed provided
    """.split()  # noqa: SIM905
)

_DETERMINERS = frozenset({"its", "their", "the", "our", "his", "her", "your", "all", "any"})

# Statutes whose reference in a sharing clause says more than the clause's words.
_STATUTE_MEANING: tuple[tuple[re.Pattern[str], tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        # Cal. Civ. Code 1798.90.55(b): no sale, sharing or transfer except to another
        # (California) public agency.
        re.compile(r"\b1798\.90\.5[1-5]\b|\bSB[- ]?34\b"),
        (
            ("conditional", ("law_enforcement",)),
            ("prohibits", ("out_of_state", "federal", "private")),
        ),
    ),
    (
        # California Values Act (Gov. Code 7284-7284.12), Illinois TRUST Act, Keep
        # Washington Working, Oregon Sanctuary Promise: no help to immigration enforcement.
        re.compile(
            r"\b7284\.\d+\b|California Values Act|\bSB[- ]?54\b|TRUST Act|Keep Washington"
            r" Working|Sanctuary Promise",
            re.IGNORECASE,
        ),
        (("prohibits", ("immigration",)),),
    ),
    (
        # ORS 181A.820/181A.823: no agency resources or information for federal
        # immigration enforcement.
        re.compile(r"\b181A\.82[0-9]\b"),
        (("prohibits", ("immigration",)),),
    ),
)


def _verbs(text: str) -> list[re.Match[str]]:
    return [*_SHARE_RE.finditer(text), *_ACCESS_RE.finditer(text), *_USE_RE.finditer(text)]


def negation_at(text: str) -> int | None:
    """Where the sharing verb of the sentence is negated (char offset), or None."""
    m = _SENTENCE_NEGATION_RE.search(text)
    if m:
        return m.start()
    for verb in _verbs(text):
        phrase = verb.group(0).lower()
        if phrase.startswith(("subject to disclosure", "open ")):
            before = text[max(0, verb.start() - 12) : verb.start()]
            if _NEGATION_RE.search(before):
                return verb.start() - 12
            continue
        window_start = max(0, verb.start() - _NEG_BEFORE)
        neg = _NEGATION_RE.search(text, window_start, verb.end() + _NEG_AFTER)
        if neg:
            return min(neg.start(), verb.start())
    return None


def rule_stance(text: str) -> tuple[str, float, int | None]:
    """Stance of a sharing sentence from its cue words, how sure the rule is, and where
    the negation is (for prohibitions)."""
    cleaned = _NOT_LIMITED.sub(lambda m: " " * len(m.group(0)), text)
    negated = negation_at(cleaned)
    exception = bool(_EXCEPTION_RE.search(cleaned))
    condition = bool(_CONDITION_RE.search(cleaned) or _PURPOSE_RE.search(cleaned))
    if negated is not None and not exception and not _RESTRICTIVE_RE.search(cleaned):
        return "prohibits", 0.85, negated
    if negated is not None or exception:
        return "conditional", 0.85, None
    if condition and not _UNCONDITIONAL_RE.search(cleaned):
        return "conditional", 0.8, None
    return "permits", 0.6, None


def is_sharing_sentence(text: str) -> bool:
    """Whether a sentence speaks about sharing of, or access to, data or the system."""
    words = text.split()
    if _SKIP_RE.search(text) or not _CLAUSE_RE.search(text) or len(words) < 6:
        return False
    if len(words) > 30 and sum(w.isupper() for w in words) > 0.7 * len(words):
        # Long all-capitals blocks are warranty and liability disclaimers.
        return False
    if _SHARE_RE.search(text) and _DATA_OBJECT_RE.search(text):
        return True
    if _ACCESS_RE.search(text) and (_DATA_OBJECT_RE.search(text) or _SYSTEM_OBJECT_RE.search(text)):
        return True
    return bool(
        _PURPOSE_RE.search(text)
        and (_USE_RE.search(text) or _ACCESS_RE.search(text) or _SHARE_RE.search(text))
    )


def _is_recipient(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in _NOT_RECIPIENT_AFTER:
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    before2 = doc[span.start - 2].lower_ if span.start > 1 else ""
    # "the use of the Police Department", "the rights of its residents" name owners, but
    # "for purposes of immigration enforcement" names what the clause is about.
    owner = span.label_ not in {"immigration", "federal", "out_of_state"}
    if owner and (
        before in {"of", "from"} or (before in _DETERMINERS and before2 in {"of", "from"})
    ):
        return False
    return not (before == "by" and before2 in _AGENT_PARTICIPLES)


def recipients_in(sent: Span, spans_key: str, negation: int | None = None) -> list[str]:
    """Recipient categories named in the sentence, in the fixed category order.

    Phrases that name an owner or collector ("for the official use of the Police
    Department", "retained by the Police Services Provider") are not recipients.
    In a prohibition only recipients in the scope of the negation count: "for the
    use of the department ..., it is not open to public review" prohibits the
    public, not the department.
    """
    doc = sent.doc
    if spans_key not in doc.spans:
        return []
    spans = [
        s
        for s in doc.spans[spans_key]
        if s.start >= sent.start and s.end <= sent.end and _is_recipient(s)
    ]
    if negation is not None:
        origin = sent.start_char + negation
        scoped = [s for s in spans if 0 <= s.start_char - origin <= _PROHIBITED_SCOPE]
        spans = scoped or spans
    found = {s.label_ for s in spans}
    return [r for r in RECIPIENTS if r in found]


class SharingClauses:
    """Finds sharing clauses, their stance and recipients, sentence by sentence."""

    def __init__(
        self, nlp: Language, spans_key: str, model: str, model_threshold: float, max_quote: int
    ) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.model = model
        self.model_threshold = model_threshold
        self.max_quote = max_quote

    def _model_cats(self, sents: list[Span]) -> list[dict[str, float]]:
        if not self.model or self.model not in self.nlp.component_names or not sents:
            return [{} for _ in sents]
        textcat: Any = self.nlp.get_pipe(self.model)
        docs = [self.nlp.make_doc(s.text) for s in sents]  # few: only cue-less candidates
        return [dict(d.cats) for d in textcat.pipe(docs)]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        hits = [m.start() for m in _SHARE_RE.finditer(text)]
        hits += [m.start() for m in _ACCESS_RE.finditer(text)]
        hits += [m.start() for m in _PURPOSE_RE.finditer(text)]
        if not hits:
            return doc
        sents = SentenceIndex(doc).containing(hits)
        found: list[tuple[Span, str, float, list[str]]] = []
        for sent in sents:
            sentence = text[sent.start_char : sent.end_char]
            if not is_sharing_sentence(sentence):
                continue
            stance, confidence, negation = rule_stance(sentence)
            recipients = recipients_in(sent, self.spans_key, negation)
            if "law_enforcement" not in recipients and _PURPOSE_RE.search(sentence):
                # Use restricted to law-enforcement purposes limits access to law enforcement.
                recipients = [r for r in RECIPIENTS if r in {*recipients, "law_enforcement"}]
            if stance == "permits" and not recipients:
                # Without a cue or a recipient, a sentence that merely mentions access
                # ("the system receives an alert") says nothing about sharing.
                continue
            found.append((sent, stance, confidence, recipients))
        # No stance cue: the rules cannot tell a permission from boilerplate that mentions
        # sharing ("This Data Sharing Agreement is entered into ..."); the model judges.
        unsure = [sent for sent, _, confidence, _ in found if confidence < 0.7]
        verdicts = dict(zip((s.start for s in unsure), self._model_cats(unsure), strict=True))
        facts: list[Fact] = []
        for sent, stance, confidence, recipients in found:
            method: Method = "rule"
            cats = verdicts.get(sent.start) if confidence < 0.7 else None
            if cats:
                not_sharing = float(cats.get(NOT_SHARING, 0.0))
                if not_sharing >= self.model_threshold:
                    continue
                method, confidence = "model", round(1.0 - not_sharing, 3)
            qs, qe = quote_bounds(
                text,
                sent.start_char,
                sent.end_char,
                sent.start_char,
                sent.start_char + 1,
                self.max_quote,
            )
            values: dict[str, Any] = {"stance": stance, "recipients": recipients}
            facts.append(Fact(TABLE, qs, qe, values, method, confidence))
            for pattern, meanings in _STATUTE_MEANING:
                if pattern.search(text, sent.start_char, sent.end_char):
                    for st, recips in meanings:
                        facts.append(
                            Fact(
                                TABLE,
                                qs,
                                qe,
                                {"stance": st, "recipients": list(recips)},
                                "rule",
                                0.7,
                            )
                        )
        add_facts(doc, facts)
        return doc


@Language.factory(
    "sharing_clauses",
    default_config={
        "spans_key": "recipients",
        "model": "sharing_stance",
        "model_threshold": 0.9,
        "max_quote": 400,
    },
)
def make_sharing(
    nlp: Language, name: str, spans_key: str, model: str, model_threshold: float, max_quote: int
) -> SharingClauses:
    return SharingClauses(nlp, spans_key, model, model_threshold, max_quote)
