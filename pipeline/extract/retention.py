"""Retention periods: how long data is kept before it is deleted.

A period is a duration in a sentence that also says something is kept, stored,
purged or deleted, close to the duration. Contracts are full of durations that
are not retention: payment ("net 30 days"), notice ("thirty (30) days' written
notice"), terms ("a term of 60 months"), cure periods, insurance tails and audit
rights over the contractor's books. Those are recognised by the words around the
duration, not by the number, so that "30 days" can be a retention period in one
clause and a payment term in the next.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.facts import Fact, add_facts, quote_bounds
from pipeline.extract.quantities import Duration, find_durations
from pipeline.extract.sentences import SentenceIndex

TABLE = "retention_periods"

_STRONG_KEEP = (
    r"retain\w*|retention|purg\w*|delet\w*|destr(?:oy\w*|uction)|expung\w*|eras(?:e|ed|es|ure)"
    r"|overwr\w*|auto-?delet\w*"
)
_WEAK_KEEP = (
    r"kept|keep\w*|stor(?:e|ed|es|ing|age)|maintain\w*|preserv\w*|archiv\w*|available"
    r"|accessible|held|hold|sav(?:e|ed)"
)
_KEEP_RE = re.compile(rf"\b(?:(?P<strong>{_STRONG_KEEP})|(?P<weak>{_WEAK_KEEP}))\b", re.IGNORECASE)
_DATA_RE = re.compile(
    r"\b(?:data|footage|images?|photo\w*|videos?|recordings?|plates?|reads?|detections?|scans?"
    r"|records?|information|logs?|audit\w*|hot ?lists?|hotlists?|alerts?|metadata|captures?"
    r"|evidence|files?|content|replay)\b",
    re.IGNORECASE,
)
_NOT_DATA_SENTENCE = re.compile(
    r"\b(?:books|insurance|coverage|warrant(?:y|ies)|invoices?|overtime|liability|battery"
    r"|batteries|indemnif\w*)\b",
    re.IGNORECASE,
)
_NOT_RETENTION_NEAR = re.compile(
    r"\b(?:notice|notif\w*|terminat\w*|renew\w*|term|terms|respond\w*|response|receipt|cured?"
    r"|breach\w*|claims?|appeal\w*|bids?|overdue|past due|subscription|billing|fees?"
    r"|pay(?:s|ment|ments|able)?|paid|net|debar\w*|barred|extend\w*|extension|expiration"
    r"|warranty|requests?|requested|trial|pilot)\b",
    re.IGNORECASE,
)
_UNIT_HINT = re.compile(r"\b(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?)\b", re.IGNORECASE)
_NEAR_BEFORE = 60
_NEAR_AFTER = 30
_KEEP_BEFORE = 90
_KEEP_AFTER = 60

_APPLIES_TO: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("audit_log", re.compile(r"\baudit\w*|\blogs?\b|search histor\w*", re.IGNORECASE)),
    ("hotlist", re.compile(r"\bhot ?lists?\b|\bhotlists?\b", re.IGNORECASE)),
    (
        "video",
        re.compile(
            r"\bvideos?\b|\breplay\b|body[- ]worn|dash[- ]?cam\w*|in-car camera|\bcctv\b",
            re.IGNORECASE,
        ),
    ),
    (
        "alpr_data",
        re.compile(
            r"\bA?LPR\w*|\bplates?\b|\bfootage\b|\bimages?\b|\breads?\b|\bdetections?\b"
            r"|\bscans?\b|\bcaptures?\b|\bdata\b|\brecordings?\b|\bphotos?\b",
            re.IGNORECASE,
        ),
    ),
)


def applies_to(sentence: str, start: int, end: int) -> str:
    """The kind of data the period at [start, end) governs: the nearest cue wins.

    Cues after the duration count for less, since the subject of a retention
    clause ("Footage ... is deleted after 30 days") usually comes first.
    """
    best = ("other", float("inf"))
    for kind, pattern in _APPLIES_TO:
        for m in pattern.finditer(sentence):
            distance = start - m.end() if m.end() <= start else 1.5 * max(m.start() - end, 0)
            if distance < best[1]:
                best = (kind, distance)
    return best[0]


def _is_retention(sentence: str, d: Duration) -> bool:
    if d.qualifier in {"business", "working"}:
        return False
    near = sentence[max(0, d.start - _NEAR_BEFORE) : d.end + _NEAR_AFTER]
    if _NOT_RETENTION_NEAR.search(near):
        return False
    window = sentence[max(0, d.start - _KEEP_BEFORE) : d.end + _KEEP_AFTER]
    keep = [m for m in _KEEP_RE.finditer(window)]
    if not keep:
        return False
    if any(m.group("strong") for m in keep):
        return True
    return bool(_DATA_RE.search(sentence))


def retention_in_sentence(
    sent: Span, max_days: int, page_text: str | None = None
) -> list[tuple[int, int, Duration]]:
    """(start, end) in doc.text of each retention duration in `sent`, with the duration."""
    text = sent.text if page_text is None else page_text[sent.start_char : sent.end_char]
    if _NOT_DATA_SENTENCE.search(text) or not _KEEP_RE.search(text):
        return []
    found = []
    for d in find_durations(text):
        if d.days > max_days or not _is_retention(text, d):
            continue
        found.append((sent.start_char + d.start, sent.start_char + d.end, d))
    return found


class RetentionPeriods:
    """Finds retention periods sentence by sentence."""

    def __init__(self, max_days: int, max_quote: int) -> None:
        self.max_days = max_days
        self.max_quote = max_quote

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text joins every token: read it once
        if not _KEEP_RE.search(text):
            return doc
        hits = [m.start() for m in _UNIT_HINT.finditer(text)]
        if not hits:
            return doc
        facts: list[Fact] = []
        for sent in SentenceIndex(doc).containing(hits):
            seen: set[int] = set()
            sentence = text[sent.start_char : sent.end_char]
            for start, end, d in retention_in_sentence(sent, self.max_days, text):
                if d.days in seen:
                    continue
                seen.add(d.days)
                qs, qe = quote_bounds(
                    text, sent.start_char, sent.end_char, start, end, self.max_quote
                )
                values = {
                    "days": d.days,
                    "raw": d.raw,
                    "applies_to": applies_to(
                        sentence, start - sent.start_char, end - sent.start_char
                    ),
                }
                facts.append(Fact(TABLE, qs, qe, values, "rule", 0.9))
        add_facts(doc, facts)
        return doc


@Language.factory("retention_periods", default_config={"max_days": 36500, "max_quote": 300})
def make_retention(nlp: Language, name: str, max_days: int, max_quote: int) -> RetentionPeriods:
    return RetentionPeriods(max_days, max_quote)
