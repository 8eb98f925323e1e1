"""What a document is (doc_type), who issued it (agency) and where (state).

Doc type is decided by weighted evidence rules kept as data in
models/classify/doc_type_rules.tsv: title words in the opening of the first page
weigh most, then clauses only one kind of document has, then the file's paths
(folders and names are how agencies and requesters file records). Structure that
words cannot show is added here: a CSV/XLSX with search-audit columns is an audit
log; a document that opens with an e-mail header block is correspondence, so an
"Agreement" in its subject line does not make it a contract.

Rules were chosen over a trained text classifier (measured: a spaCy bag-of-words
textcat trained on synthetic records scored 19/28 on the gold corpus, these rules
27/28 with no path evidence): the corpus is small and mostly OCR text, and
hand-weighted evidence about *kinds* of documents can be read, argued with, and does
not learn the quirks of a handful of files. models/classify/README.md has the figures.

Agency, state and title have their own modules (agency_issuer, states, titles); this
one ties them together in `classify_document`, and the names callers used to import
from here still are.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.extract.agency_issuer import detect_agency
from pipeline.extract.agency_names import AgencyMention, agency_candidates
from pipeline.extract.audit_detect import audit_log_detected
from pipeline.extract.regions import (
    MIN_PAGE_CHARS,
    Regions,
    document_regions,
    normalize_text,
    path_words,
)
from pipeline.extract.states import detect_state, state_evidence
from pipeline.extract.titles import detect_title
from pipeline.records import DocumentText

__all__ = [
    "DOC_TYPES",
    "AgencyMention",
    "Classification",
    "Regions",
    "Rule",
    "RulesFileError",
    "agency_candidates",
    "choose_doc_type",
    "classify_document",
    "detect_agency",
    "detect_state",
    "detect_title",
    "doc_type_scores",
    "document_regions",
    "email_opening",
    "load_rules",
    "normalize_text",
    "page_votes",
    "parse_rules",
    "path_words",
    "state_evidence",
]

DOC_TYPES = ("contract", "policy", "minutes", "statement", "foia_response", "audit_log", "other")
RULES_FILE = Path(__file__).resolve().parents[2] / "models" / "classify" / "doc_type_rules.tsv"
REGIONS = ("head", "first", "body", "path")

# Weight of the page vote: the share of pages whose own top reads as a type.
PAGE_VOTE_WEIGHT = 4.0
MIN_VOTING_PAGES = 3
# Scores are turned into a probability-like confidence with this temperature.
CONFIDENCE_TEMPERATURE = 2.0
# Below this much evidence nothing is claimed: `other` with low confidence.
MIN_EVIDENCE = 1.5


@dataclass(frozen=True)
class Classification:
    """The type, issuer and state of one document, as the classifier judged them."""

    doc_type: str
    confidence: float
    agency: str | None
    state: str | None
    title: str | None


@dataclass(frozen=True)
class Rule:
    doc_type: str
    region: str
    weight: float
    pattern: re.Pattern[str]


class RulesFileError(ValueError):
    """A malformed line in the doc-type rules file."""


def parse_rules(lines: Iterable[str], source: str = "rules") -> tuple[Rule, ...]:
    """Rules from `doc_type<TAB>region<TAB>weight<TAB>regex` lines; # starts a comment."""
    rules: list[Rule] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4:
            raise RulesFileError(f"{source}:{number}: want 4 tab-separated fields")
        doc_type, region, weight, pattern = parts
        if doc_type not in DOC_TYPES or region not in REGIONS:
            raise RulesFileError(f"{source}:{number}: unknown type or region {parts[:2]}")
        try:
            compiled = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
            rules.append(Rule(doc_type, region, float(weight), compiled))
        except (re.error, ValueError) as exc:
            raise RulesFileError(f"{source}:{number}: {exc}") from exc
    return tuple(rules)


@cache
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    return parse_rules(path.read_text(encoding="utf-8").splitlines(), str(path))


_EMAIL_HEADER = re.compile(r"^\s*(from|to|subject|sent|date|cc|reply-to)\s*:", re.I | re.M)
_AUDIT_COLUMNS = re.compile(
    r"\b(search ?date|searched ?at|search ?time|case ?(number|no|#)|reason|networks?|devices?"
    r"|camera ?count|cameras? searched|time ?frame|search ?type|moderation|user ?(id|name)?"
    r"|plate|org(anization)? ?name)\b",
    re.IGNORECASE,
)
# Words of a subject/title that make an e-mail more than correspondence.
_DEMOTED_IN_EMAIL = ("contract", "policy", "minutes", "other")


def _audit_detected(doc: DocumentText) -> bool | None:
    """The audit helper's detector (remembered from the dispatcher's call); None when
    it fails, since a detector failure is not evidence either way."""
    try:
        return audit_log_detected(doc)
    except Exception:
        return None


def _tabular_audit_columns(regions: Regions) -> int:
    """Distinct audit-like column names in the first lines of a tabular preview."""
    lines = regions.first.splitlines()[:40]
    header_like = [
        re.sub(r"([a-z])([A-Z])", r"\1 \2", line).replace("_", " ")
        for line in lines
        if line.count("\t") >= 2 or line.count(",") >= 2
    ]
    found = {
        m.group(0).lower().replace(" ", "")
        for line in header_like[:5]
        for m in _AUDIT_COLUMNS.finditer(line)
    }
    return len(found)


def email_opening(head: str) -> bool:
    """True when the document opens as an e-mail (header lines near the top)."""
    return len({m.group(1).lower() for m in _EMAIL_HEADER.finditer(head[:600])}) >= 2


def page_votes(page_tops: Sequence[str], rules: Sequence[Rule]) -> dict[str, float]:
    """Share of pages whose own top reads as each type (by the `head` rules).

    A bundle is mostly what most of its pages are: sixteen pages of purchase orders
    and check registers behind a one-line cover note are administrative records.
    """
    heads = [r for r in rules if r.region == "head"]
    votes: Counter[str] = Counter()
    counted = 0
    for top in page_tops:
        if len(top) < MIN_PAGE_CHARS:
            continue
        counted += 1
        totals: dict[str, float] = defaultdict(float)
        for rule in heads:
            if rule.pattern.search(top):
                totals[rule.doc_type] += rule.weight
        if totals:
            votes[max(totals, key=lambda t: totals[t])] += 1
    if counted < MIN_VOTING_PAGES:
        return {}  # a short document's page tops are its head, already counted
    return {t: n / counted for t, n in votes.items()}


def doc_type_scores(
    regions: Regions, rules: Sequence[Rule], audit_detected: bool | None = None
) -> dict[str, float]:
    """Total evidence per doc type (each rule counted once per document)."""
    scores = dict.fromkeys(DOC_TYPES, 0.0)
    is_email = email_opening(regions.head)
    for rule in rules:
        text = getattr(regions, rule.region)
        if not text or not rule.pattern.search(text):
            continue
        weight = rule.weight
        if is_email and rule.region == "head" and rule.doc_type in _DEMOTED_IN_EMAIL:
            weight *= 0.25
        scores[rule.doc_type] += weight
    if is_email:
        scores["statement"] += 3.0
    for doc_type, share in page_votes(regions.page_tops, rules).items():
        scores[doc_type] += PAGE_VOTE_WEIGHT * share
    tabular = regions.file_type in ("csv", "xlsx")
    if audit_detected:
        scores["audit_log"] += 10.0
    elif tabular:
        columns = _tabular_audit_columns(regions)
        if audit_detected is None and columns >= 3:
            scores["audit_log"] += 6.0
        else:
            scores["other"] += 2.0  # a spreadsheet that is not a search log
    return scores


def choose_doc_type(scores: dict[str, float]) -> tuple[str, float]:
    """The best-scoring type and a softmax confidence; `other` when evidence is thin."""
    best = max(DOC_TYPES, key=lambda t: (scores[t], -DOC_TYPES.index(t)))
    if scores[best] < MIN_EVIDENCE:
        return "other", 0.2
    exps = {t: math.exp((s - scores[best]) / CONFIDENCE_TEMPERATURE) for t, s in scores.items()}
    return best, round(exps[best] / sum(exps.values()), 3)


def classify_document(doc: DocumentText) -> Classification:
    """Doc type, issuing agency, state and title of one document."""
    regions = document_regions(doc)
    audit = _audit_detected(doc)
    doc_type, confidence = choose_doc_type(doc_type_scores(regions, load_rules(), audit))
    state = detect_state(regions)
    agency = detect_agency(regions, state, doc_type)
    return Classification(doc_type, confidence, agency, state, detect_title(regions))
