"""Sharing clauses: whether, and with whom, plate-reader data may be shared or accessed.

A clause is a sentence, or one rule of a sentence that holds several, that
shares, discloses, sells or grants access to data, lets someone search the
system, or restricts its use to a purpose (see `sharing_cues` for the words and
the stance: permits, prohibits, conditional).

Recipients are spans found by the `recipient_ruler` SpanRuler
(models/patterns/recipients.jsonl); agency abbreviations such as ICE are matched
case-sensitively as whole tokens, so "police", "notice" or "service" never read
as immigration. The categories follow the labeling rules: recipients are what
the clause names; an immigration agency (ICE, HSI, CBP, "immigration
enforcement") is also federal; a generic "any agency" that a clause narrows
("any agency located outside the State", "any agency for the purpose of
immigration enforcement", "DEA task force officers") takes the narrower
category only. A few state statutes are read for what they mean (California
Civil Code 1798.90.55 forbids sharing with out-of-state and federal agencies;
sanctuary laws forbid help to immigration enforcement).

Where the rules find no stance cue at all, they cannot tell a permission ("the
partner agency shall receive the extracts") from boilerplate that merely mentions
sharing ("This Data Sharing Agreement is entered into by ..."). Those clauses go
to a trained bag-of-words text classifier (`sharing_stance`, built by
`build_models` from hand-written and generated sentences) that drops the ones it
judges not to be sharing clauses (label NONE); the rows it keeps have method
"model". It runs on those few clauses only, never on whole pages.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.facts import Fact, Method, add_facts, quote_bounds
from pipeline.extract.sentences import SentenceIndex
from pipeline.extract.sharing_cues import (
    ACCESS_RE,
    NETWORK_HINT_RE,
    NETWORK_RE,
    PURPOSE_RE,
    REQUEST_RE,
    SENSITIVE_HINT_RE,
    SHARE_RE,
    clause_spans,
    has_clause_cue,
    is_sharing_sentence,
    rule_stance,
    starts_elliptical,
)

__all__ = [
    "RECIPIENTS",
    "STANCES",
    "RecipientIndex",
    "recipients_in",
    "rule_stance",
    "statute_meanings",
]

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
_SPECIFIC = frozenset({"federal", "immigration", "out_of_state"})
# Words after a recipient phrase that make it something else ("the public interest").
_NOT_RECIPIENT_AFTER = frozenset(
    """
    interest safety works property place places view entity entities employee employees
    official officials roads streets right-of-way
    """.split()  # noqa: SIM905
)
_OFFICE_WORDS = frozenset(
    """
    programs program supervisor unit division office officer manager coordinator section
    custodian clerk staff team liaison
    """.split()  # noqa: SIM905
)
_NOT_OUR_STAFF = frozenset(
    """
    vendor vendor's contractor contractor's company company's provider provider's flock
    flock's support technical it manufacturer's
    """.split()  # noqa: SIM905
)
_AGENT_PARTICIPLES = frozenset(
    """
    captured retained gathered collected maintained operated owned installed conducted
    managed administered employed made adopted approved signed provided
    """.split()  # noqa: SIM905
)
_DETERMINERS = frozenset({"its", "their", "the", "our", "his", "her", "your", "all", "any"})
# Between a generic agency and the phrase that narrows it ("any agency located outside
# the State") there is no list word; "police and ICE" names two recipients.
_COORDINATORS = frozenset({"and", "or", "nor", ",", ";", "and/or", "plus", "&"})
_NARROWED_AFTER = 8
_GENERIC = frozenset({"law_enforcement", "other"})
# "The Sheriff's Office will not provide data to ..." names who shares, not who receives.
_SHARER_VERB_RE = re.compile(
    r"(?:shar|provid|disclos|releas|transfer|giv|grant|furnish|transmit|disseminat|distribut"
    r"|suppl|exchang)\w*|sells?|sold|gave"
)
_ACCESS_VERBS = frozenset({"access", "use", "view", "query", "search", "otherwise", "retain"})
_AUXILIARIES = frozenset(
    """
    shall will may must can cannot could would should does do did not never n't also hereby
    only no longer currently routinely automatically agrees to
    """.split()  # noqa: SIM905
)
_NARROWED_BEFORE = 3
# A sale implies a buyer: "shall not sell Customer Data" is about private buyers, but
# "shall not share, sell, or disclose Customer Data to any third party" names its party.
_SALE_WORDS = frozenset(
    {"sell", "sells", "selling", "sold", "sale", "resell", "resold", "monetize"}
)

# Statutes whose reference in a sharing clause says more than the clause's words.
_STATUTE_MEANING: tuple[tuple[re.Pattern[str], tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        # Cal. Civ. Code 1798.90.55(b): no sale, sharing or transfer except to another
        # California public agency, so none to out-of-state or federal agencies.
        re.compile(r"\b1798\.90\.5[1-5]\b|\bSB[- ]?34\b"),
        (("prohibits", ("out_of_state", "federal")),),
    ),
    (
        # California Values Act (Gov. Code 7284-7284.12), Illinois TRUST Act, Keep
        # Washington Working (RCW 10.93.160), Oregon Sanctuary Promise (ORS 180.805,
        # 181A.820-181A.829), the 2023 Illinois ALPR amendment (625 ILCS 5/2-130): no
        # data or help for immigration enforcement.
        re.compile(
            r"\b7284\.\d+\b|California Values Act|\bSB[- ]?54\b|TRUST Act|Keep Washington"
            r" Working|\b10\.93\.160\b|Sanctuary Promise|\b181A\.82[0-9]\b|\b180\.805\b"
            r"|\b5/2-130\b",
            re.IGNORECASE,
        ),
        (("prohibits", ("immigration", "federal")),),
    ),
)


def statute_meanings(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(stance, recipients) that the statutes cited in `text` stand for."""
    return [
        meaning
        for pattern, meanings in _STATUTE_MEANING
        if pattern.search(text)
        for meaning in meanings
    ]


def _words_around(span: Span) -> tuple[list[str], str, str]:
    """The two words after the span and the two before it, skipping line breaks."""
    doc = span.doc
    after = [t.lower_ for t in doc[span.end : span.end + 4] if not t.is_space][:2]
    before = [t.lower_ for t in doc[max(0, span.start - 4) : span.start] if not t.is_space]
    before = ["", "", *before]
    return [*after, "", ""][:2], before[-1], before[-2]


def _is_recipient(span: Span) -> bool:
    doc = span.doc
    (after, after2), before, before2 = _words_around(span)
    if after in _NOT_RECIPIENT_AFTER:
        return False
    if after == "status" and span.label_ == "immigration":
        # "based on race, national origin, immigration status" is about profiling;
        # "to determine a person's immigration status" is enforcement.
        window = " ".join(t.lower_ for t in doc[max(0, span.start - 4) : span.start])
        if not re.search(r"determin|investigat|verif|ascertain|inquir|enforc|check", window):
            return False
    if after == "-" or (span.label_ == "law_enforcement" and before in _NOT_OUR_STAFF):
        # "Agency-owned data" names an owner; "vendor personnel" are not police.
        return False
    if span.label_ == "public" and (
        after in _OFFICE_WORDS or (after == "records" and after2 in _OFFICE_WORDS)
    ):
        # "the Public Records Programs Supervisor" is an office, not the public.
        return False
    # "the use of the Police Department", "the rights of its residents" name owners, but
    # "for purposes of immigration enforcement" names what the clause is about.
    owner = span.label_ not in {"immigration", "federal", "out_of_state"}
    if owner and (
        before in {"of", "from"} or (before in _DETERMINERS and before2 in {"of", "from"})
    ):
        return False
    return not (before == "by" and before2 in _AGENT_PARTICIPLES)


def _between_is_modifier(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens doc[start:end] tie two phrases into one ("located outside",
    "for the purpose of enforcing") rather than list them ("and", ",")."""
    return not any(t.lower_ in _COORDINATORS or t.is_punct for t in doc[start:end])


def _narrowed(span: Span, specific: list[Span]) -> bool:
    """A law-enforcement phrase that a federal, immigration or out-of-state phrase
    narrows: "any agency located outside the State", "any agency for the purpose of
    enforcing federal immigration law", "DEA task force officers"."""
    doc = span.doc
    for other in specific:
        if 0 <= other.start - span.end <= _NARROWED_AFTER and _between_is_modifier(
            doc, span.end, other.start
        ):
            return True
        if 0 <= span.start - other.end <= _NARROWED_BEFORE and _between_is_modifier(
            doc, other.end, span.start
        ):
            return True
    return False


def _is_sharer(span: Span) -> bool:
    """Whether the phrase is the subject of a sharing verb: the one who shares."""
    doc = span.doc
    i = span.end
    while i < len(doc) and i - span.end < 4 and doc[i].lower_ in _AUXILIARIES:
        i += 1
    # "No Department personnel may access, use, or disclose ALPR data ...": a list of
    # verbs with a sharing verb in it.
    end = min(len(doc), i + 7)
    while i < end and (doc[i].lower_ in _ACCESS_VERBS or doc[i].lower_ in _COORDINATORS):
        i += 1
    return i < len(doc) and bool(_SHARER_VERB_RE.fullmatch(doc[i].lower_))


class RecipientIndex:
    """The recipient phrases of a doc, sorted, found by token range in O(log n).

    Built once per page: filtering every span of the page for every clause cost
    more than the rest of the component on pages dense with clauses.
    """

    def __init__(self, doc: Doc, spans_key: str) -> None:
        found = doc.spans.get(spans_key, [])
        self.spans = sorted((s for s in found if _is_recipient(s)), key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]

    def within(self, start: int, end: int) -> list[Span]:
        """Spans lying inside tokens [start, end)."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [s for s in self.spans[lo:hi] if s.end <= end]


def recipients_in(
    clause: Span,
    spans_key: str,
    negation: int | None = None,
    purpose: bool = False,
    index: RecipientIndex | None = None,
) -> list[str]:
    """Recipient categories named in a clause, in the fixed category order.

    Phrases that name an owner or collector ("for the official use of the Police
    Department", "retained by the Police Services Provider") are not recipients.
    In a prohibition only recipients after the negation count when there are
    any: "for the use of the department ..., it is not open to public review"
    prohibits the public, not the department. `negation` is a char offset into
    the clause; `purpose` says the clause restricts use to law-enforcement
    purposes, which limits access to law enforcement. `index` is the page's
    `RecipientIndex` when the caller has one.
    """
    index = index or RecipientIndex(clause.doc, spans_key)
    spans = index.within(clause.start, clause.end)
    specific = [s for s in spans if s.label_ in _SPECIFIC]
    spans = [
        s
        for s in spans
        if not (s.label_ in _GENERIC and _narrowed(s, specific))
        and (s.text.lower() in _SALE_WORDS or not _is_sharer(s))
    ]
    named = [s for s in spans if s.text.lower() not in _SALE_WORDS]
    if named:
        spans = named
    if negation is not None:
        origin = clause.start_char + negation
        spans = [s for s in spans if s.start_char >= origin] or spans
    found = {s.label_ for s in spans}
    if "immigration" in found:
        found.add("federal")
    if purpose and "law_enforcement" not in found and not found & _SPECIFIC:
        found.add("law_enforcement")
    return [r for r in RECIPIENTS if r in found]


# (clause, quoted span, stance, confidence, recipients)
Found = tuple[Span, Span, str, float, list[str]]


class SharingClauses:
    """Finds sharing clauses, their stance and recipients, clause by clause."""

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

    def _clauses(self, sent: Span, sentence: str, index: RecipientIndex) -> list[Found]:
        """The rules of one candidate sentence with their stance and recipients."""
        doc = sent.doc
        pieces = clause_spans(sentence)
        if len(pieces) > 1:
            pieces = [
                (a, b)
                for a, b in pieces
                if has_clause_cue(sentence[a:b]) or starts_elliptical(sentence[a:b])
            ]
        found: list[Found] = []
        for a, b in pieces:
            piece = sentence[a:b]
            clause = doc.char_span(
                sent.start_char + a, sent.start_char + b, alignment_mode="expand"
            )
            if clause is None:
                continue
            stance, confidence, negation = rule_stance(piece)
            if negation is not None:
                # char_span may have widened the clause to token edges.
                negation += sent.start_char + a - clause.start_char
            recipients = recipients_in(
                clause,
                self.spans_key,
                negation,
                purpose=stance != "prohibits" and bool(PURPOSE_RE.search(piece)),
                index=index,
            )
            if not recipients and (stance == "permits" or _only_requests(piece)):
                # Without a cue or a recipient, a sentence that merely mentions access
                # ("the system receives an alert") says nothing about sharing; a rule
                # about requests says something only when it names who asks.
                continue
            # A sentence that holds one rule is quoted whole ("Flock does not own and
            # shall not sell Customer Data"); several rules are quoted one by one.
            quoted = sent if len(pieces) == 1 else clause
            found.append((clause, quoted, stance, confidence, recipients))
        return found

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        hits = [
            m.start()
            for pattern in (
                SHARE_RE,
                ACCESS_RE,
                PURPOSE_RE,
                NETWORK_HINT_RE,
                SENSITIVE_HINT_RE,
                REQUEST_RE,
            )
            for m in pattern.finditer(text)
        ]
        if not hits:
            return doc
        sents = SentenceIndex(doc).containing(hits)
        index = RecipientIndex(doc, self.spans_key)
        cites_statute = any(pattern.search(text) for pattern, _ in _STATUTE_MEANING)
        found: list[Found] = []
        statutes: list[tuple[Span, list[Found]]] = []
        for sent in sents:
            sentence = text[sent.start_char : sent.end_char]
            if not is_sharing_sentence(sentence):
                continue
            clauses = self._clauses(sent, sentence, index)
            found.extend(clauses)
            if clauses and cites_statute:
                statutes.append((sent, clauses))
        # No stance cue: the rules cannot tell a permission from boilerplate that mentions
        # sharing ("This Data Sharing Agreement is entered into ..."); the model judges.
        unsure = [clause for clause, _, _, confidence, _ in found if confidence < 0.7]
        verdicts = dict(zip((s.start for s in unsure), self._model_cats(unsure), strict=True))
        facts: list[Fact] = []
        for clause, quoted, stance, confidence, recipients in found:
            method: Method = "rule"
            cats = verdicts.get(clause.start) if confidence < 0.7 else None
            if cats:
                not_sharing = float(cats.get(NOT_SHARING, 0.0))
                if not_sharing >= self.model_threshold:
                    continue
                method, confidence = "model", round(1.0 - not_sharing, 3)
            values: dict[str, Any] = {"stance": stance, "recipients": recipients}
            qs, qe = self._quote(text, quoted)
            facts.append(Fact(TABLE, qs, qe, values, method, confidence))
        for sent, clauses in statutes:
            facts.extend(self._statute_facts(text, sent, clauses))
        add_facts(doc, facts)
        return doc

    def _quote(self, text: str, span: Span) -> tuple[int, int]:
        return quote_bounds(
            text,
            span.start_char,
            span.end_char,
            span.start_char,
            span.start_char + 1,
            self.max_quote,
        )

    def _statute_facts(self, text: str, sent: Span, clauses: list[Found]) -> list[Fact]:
        """Rows for what a cited statute forbids, where the clause's own words are silent."""
        named = {r for *_, recipients in clauses for r in recipients}
        facts: list[Fact] = []
        for stance, recipients in statute_meanings(text[sent.start_char : sent.end_char]):
            missing = [r for r in recipients if r not in named]
            if missing:
                qs, qe = self._quote(text, sent)
                values: dict[str, Any] = {"stance": stance, "recipients": missing}
                facts.append(Fact(TABLE, qs, qe, values, "rule", 0.7))
        return facts


def _only_requests(piece: str) -> bool:
    """Whether the clause's only cue is a mention of requests."""
    return bool(REQUEST_RE.search(piece)) and not (
        SHARE_RE.search(piece) or ACCESS_RE.search(piece) or NETWORK_RE.search(piece)
    )


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
