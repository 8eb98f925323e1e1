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

Agency and state come from the same text: letterheads and signature blocks, postal
addresses (a company's own address counts little), statute citations, state-run
systems (FDLE, CLETS), and folder names, which is how collections are filed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from pipeline.extract.agencies import STATE_CODES, US_STATES, AgencyRef, resolve_agency
from pipeline.records import DocumentText

DOC_TYPES = ("contract", "policy", "minutes", "statement", "foia_response", "audit_log", "other")
RULES_FILE = Path(__file__).resolve().parents[2] / "models" / "classify" / "doc_type_rules.tsv"
REGIONS = ("head", "first", "body", "path")

HEAD_CHARS = 1000
FIRST_PAGES = 3
BODY_PAGES = 12
MAX_BODY_CHARS = 200_000  # bounds the cost of one odd document (a huge text page)
MIN_PAGE_CHARS = 80
PAGE_TOP_CHARS = 300
MAX_VOTING_PAGES = 200
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


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Regions:
    """The parts of a document that evidence is looked for in."""

    head: str
    page_tops: tuple[str, ...]
    first: str
    body: str
    path: str
    file_type: str
    paths: tuple[str, ...]


_STRAIGHTEN = str.maketrans("\u2019\u2018\u201c\u201d\u00a0\ufffe", "''\"\" -")


def normalize_text(text: str) -> str:
    """Straight quotes, no CRs, single spaces: OCR and text layers compare alike."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_STRAIGHTEN)
    return re.sub(r" {2,}", " ", text)  # tabs kept: they mark columns of tabular previews


def path_words(paths: Sequence[str]) -> str:
    """Paths as words: "FL/davie/Davie_PD-MOU.pdf" -> "fl davie davie pd mou pdf"."""
    words: list[str] = []
    for path in paths:
        spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", path.replace("!", "/"))
        words.append(re.sub(r"[\W_]+", " ", spaced).lower().strip())
    return "\n".join(words)


def document_regions(doc: DocumentText) -> Regions:
    pages = [normalize_text(p.text) for p in sorted(doc.pages, key=lambda p: p.page_no)]
    substantial = [t.strip() for t in pages if len(t.strip()) >= MIN_PAGE_CHARS]
    # A short first page (a cover note, a fax sheet) is read together with the next.
    opening = "\n".join(substantial[:2]) if substantial else "\n".join(pages[:1])
    return Regions(
        head=opening.strip()[:HEAD_CHARS],
        page_tops=tuple(t.strip()[:PAGE_TOP_CHARS] for t in pages[:MAX_VOTING_PAGES]),
        first="\n".join(pages[:FIRST_PAGES])[:MAX_BODY_CHARS],
        body="\n".join(pages[:BODY_PAGES])[:MAX_BODY_CHARS],
        path=path_words(doc.source.paths),
        file_type=doc.source.file_type,
        paths=doc.source.paths,
    )


# --------------------------------------------------------------------------- doc type

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
    """The audit helper's detector when it is installed; None when it is not."""
    try:
        from pipeline.extract.audit_logs import detect_audit_log
    except ImportError:
        return None
    try:
        return bool(detect_audit_log(doc))
    except Exception:  # a detector failure is not evidence either way
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


# --------------------------------------------------------------------------- state

_STATE_ALT = "|".join(sorted(STATE_CODES))
_STATE_NAME_ALT = "|".join(re.escape(n) for n in sorted(US_STATES, key=len, reverse=True))
_ADDRESS = re.compile(
    rf"(?<![\w-])([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){{0,3}}),? ({_STATE_ALT}|"
    rf"(?i:{_STATE_NAME_ALT}))\.?,? (\d{{5}})(?:-\d{{4}})?\b"
)
_COMPANY_NEAR = re.compile(
    r"\b(inc|llc|l\.l\.c|corp|corporation|company|co\.|group|ltd|solutions|systems"
    r"|technologies)\b",
    re.IGNORECASE,
)
STATUTE_STATES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("FL", r"\b(Fla\. ?Stat|F\.S\.|Florida Statutes?|Fla\. Admin\. Code|Chapter 119)"),
        ("OR", r"\b(ORS ?\d{1,3}[A-Z]?\.\d|O\.R\.S\.|Oregon Revised Statutes|OAR ?\d)"),
        ("SC", r"\b(S\.C\. ?Code|South Carolina Code|SC Code)"),
        ("VA", r"\b(Va\. ?Code|Code of Virginia|Virginia Code)|§ ?2\.2-\d{4}"),
        ("CA", r"\b(Cal\. ?(Gov|Civ|Pen)\w*\.? ?Code|California (Government|Civil|Penal) Code)"),
        ("WA", r"\bRCW ?\d{1,2}[A-Z]?\.\d"),
        ("TX", r"\b(Tex\. ?Gov'?t ?Code|Texas Government Code)"),
        ("IL", r"\b\d+ ILCS\b"),
        ("GA", r"\b(O\.C\.G\.A\.|Ga\. ?Code)"),
        ("NC", r"\b(N\.C\.G\.S\.|N\.C\. ?Gen\. ?Stat)"),
        ("CO", r"\b(C\.R\.S\.|Colo\. ?Rev\. ?Stat)"),
        ("AZ", r"\b(A\.R\.S\.|Ariz\. ?Rev\. ?Stat)"),
        ("NV", r"\bNRS ?\d{1,3}[A-Z]?\.\d"),
        ("MN", r"\b(Minn\. ?Stat)"),
        ("MI", r"\b(MCL ?\d{1,3}\.\d|Mich\. ?Comp\. ?Laws)"),
        ("NY", r"\b(N\.Y\. ?Pub\. ?Off\. ?Law|Public Officers Law)"),
        ("MA", r"\b(M\.G\.L\.|Mass\. ?Gen\. ?Laws)"),
        ("OH", r"\b(Ohio Rev\. ?Code|R\.C\. ?149\.43)"),
        ("TN", r"\b(Tenn\. ?Code|T\.C\.A\.)"),
        ("KY", r"\bKRS ?\d{2,3}\.\d"),
        ("WI", r"\b(Wis\. ?Stat)"),
        ("NJ", r"\b(N\.J\.S\.A\.)"),
        ("PA", r"\b(Right-to-Know Law|65 P\.S\.)"),
        ("CT", r"\b(Conn\. ?Gen\. ?Stat|C\.G\.S\.)"),
        ("MD", r"\b(Md\. ?Code|General Provisions Article)"),
        ("LA", r"\b(La\. ?R\.S\.)"),
        ("UT", r"\b(Utah Code)"),
        ("ID", r"\b(Idaho Code)"),
        ("NM", r"\b(NMSA)"),
    )
)
_AGENCY_NEAR = re.compile(
    r"\b(police|sheriff|public safety|city of|town of|village of|county of|department"
    r"|district attorney|city hall|clerk)\b",
    re.IGNORECASE,
)
# An address this close after a company name is the company's, not the agency's; after
# an agency's name it is the agency's.
COMPANY_WINDOW = 90
# State-run criminal-justice systems named in records, each specific to one state.
STATE_SYSTEMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("FL", r"\b(FDLE|FCIC)\b"),
        ("CA", r"\b(CLETS|Cal ?DOJ)\b"),
        ("TX", r"\b(TCIC|TLETS|Texas DPS)\b"),
        ("GA", r"\b(GCIC|GBI)\b"),
        ("MI", r"\b(LEIN|MSP)\b"),
        ("NY", r"\b(eJusticeNY|DCJS)\b"),
    )
)
_STATE_NAME_WORD = re.compile(rf"\b({_STATE_NAME_ALT})\b", re.IGNORECASE)
_STATE_OF = re.compile(rf"\b(?:state|laws|commonwealth) of ({_STATE_NAME_ALT})\b", re.IGNORECASE)
_NOT_STATE_NAME = re.compile(r"washington,? d\.? ?c\.?|district of columbia", re.IGNORECASE)


def state_evidence(regions: Regions) -> dict[str, float]:
    """Weighted votes per two-letter state code."""
    votes: dict[str, float] = defaultdict(float)
    for segment in (s for p in regions.paths for s in PurePosixPath(p.replace("!", "/")).parts):
        if segment in STATE_CODES:  # an upper-case folder "FL": how collections are filed
            votes[segment] += 4.0
        for word in _STATE_NAME_WORD.findall(segment.replace("_", " ").replace("-", " ")):
            votes[US_STATES[word.lower()]] += 2.0
    for text, weight in ((regions.head, 2.0), (regions.body, 1.0)):
        # Each distinct address counts once (a vendor's address repeats on every invoice).
        addresses: dict[tuple[str, str], float] = {}
        for m in _ADDRESS.finditer(text):
            code = m.group(2).upper() if len(m.group(2)) == 2 else US_STATES[m.group(2).lower()]
            before = text[max(0, m.start() - COMPANY_WINDOW) : m.start()]
            if _COMPANY_NEAR.search(before):
                value = weight * 0.3
            elif _AGENCY_NEAR.search(before):
                value = weight * 1.5
            else:
                value = weight
            key = (m.group(1).lower(), code)
            addresses[key] = max(addresses.get(key, 0.0), value)
        for (_, code), value in addresses.items():
            votes[code] += value
    for code, pattern in STATUTE_STATES:
        if pattern.search(regions.body):
            votes[code] += 2.0
    for code, pattern in STATE_SYSTEMS:
        if pattern.search(regions.body):
            votes[code] += 1.0
    body = _NOT_STATE_NAME.sub(" ", regions.body)
    names = Counter(US_STATES[w.lower()] for w in _STATE_NAME_WORD.findall(body))
    for code, count in names.items():
        votes[code] += min(count, 5) * 0.5
    for m in _STATE_OF.finditer(body):
        votes[US_STATES[m.group(1).lower()]] += 1.0
    return votes


def detect_state(regions: Regions) -> str | None:
    votes = state_evidence(regions)
    if not votes:
        return None
    code = max(votes, key=lambda c: votes[c])
    return code if votes[code] >= 1.0 else None


# --------------------------------------------------------------------------- agency

_NAME_WORD = r"[A-Z][A-Za-z.'&-]*"
_NAME = rf"{_NAME_WORD}(?:[ ](?:of[ ])?{_NAME_WORD}){{0,4}}"
_MUNICIPAL_WORD = r"(?i:city|town|village|county|borough|township)"
_AGENCY_SUFFIX = (
    r"(?i:police department|police dept\.?|sheriff's office|sheriff's department"
    r"|sheriff's dept\.?|department of public safety|public safety department|public safety"
    r"|district attorney's office|state attorney's office|marshal's office|highway patrol"
    r"|state police)"
)
_AGENCY_PATTERNS = (
    # "City of Sunrise, Florida, through its Police Department"
    re.compile(
        rf"\b((?i:city|town|village) (?i:of) {_NAME})(?:, [A-Z][a-z]+)?,? (?:acting )?"
        r"(?:by and )?through its ((?i:police department|sheriff's office))"
    ),
    re.compile(rf"\b({_NAME}(?:[ ]|[ ]?\n[ ]?){_AGENCY_SUFFIX})\b"),
    re.compile(rf"\b({_MUNICIPAL_WORD} (?i:of)(?:[ ]|[ ]?\n[ ]?){_NAME})"),
    re.compile(
        rf"\b({_NAME}[ ](?:County|COUNTY|Parish|PARISH))\b"
        r"(?!\s(?i:of|sheriff|police|court|line|road|district|attorney))"
    ),
    re.compile(rf"\b({_NAME})[ ](?i:city|town|village) (?i:commission|council)\b"),
    # abbreviated entries of agency lists and forms: "Abingdon PD", "Accomack County SO"
    re.compile(rf"\b({_NAME}[ ](?:PD|SO|DPS))\b"),
    # a letterhead split over lines: "CITY OF HARBOR BLUFF\n\nPolice Department - Records"
    re.compile(
        rf"^[ ]*((?i:city|town|village|county) (?i:of) {_NAME})[ ]*\n(?:[ ]*\n)?[ ]*"
        r"((?i:police department|sheriff's office))",
        re.MULTILINE,
    ),
)
_NOT_AGENCY_WORDS = re.compile(
    r"\b(Inc|LLC|Corp|Group|Solutions|Systems|Safety(?! Department)|Services Contract"
    r"|Attorney(?!'s Office)|Clerk|Manager|Chief|Captain|Mayor|Commissioner|Deputy|Officer"
    r"|Detective|Sergeant|Lieutenant|Director|Dear|From|To|Re|Subject|The|This|That|Each"
    r"|Street|Avenue|Road|Boulevard|Drive|Suite|Room|Hall|Park|Request|Records)\b"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:the|a|an|and|by|between|with|for|of|agreement|interagency|to|from|re|dear"
    r"|detective|chief|captain|deputy|sheriff|mayor|clerk|manager|supervisor|program"
    r"|public records program supervisor|ship-to|sold-to|bill-to)[ ])+",
    re.IGNORECASE,
)


def _title_case(name: str) -> str:
    """Upper-case letterhead words read as names: "LANE COUNTY" -> "Lane County".

    Two-letter words stay as they are ("PD", "SO"): they are abbreviations.
    """
    words = name.split()
    if not any(len(w) > 2 and w.isupper() for w in words):
        return name
    cased = [w.capitalize() if w.isupper() and len(w) > 2 else w for w in words]
    text = " ".join(
        w.lower() if w.lower() in ("of", "the", "and") and i else w for i, w in enumerate(cased)
    )
    return re.sub(r"'S\b", "'s", text)


def _clean_candidate(raw: str) -> str | None:
    name = " ".join(raw.split()).strip(" ,.;:")
    name = _title_case(_LEADING_NOISE.sub("", name))
    name = re.sub(
        r"^(city|town|village|county|borough|township) OF ",
        lambda m: m.group(1) + " of ",
        name,
        flags=re.IGNORECASE,
    )
    name = name[0].upper() + name[1:] if name else name
    if len(name) < 6 or len(name.split()) < 2 or name.lower().endswith(" of"):
        return None
    if _NOT_AGENCY_WORDS.fullmatch(name.split()[0]):
        return None
    if not re.sub(_AGENCY_SUFFIX + r"$", "", name).strip():
        return None  # a department with no place: "Police Department"
    return name


@dataclass(frozen=True)
class AgencyMention:
    name: str
    offset: int
    standalone: bool  # the name is (nearly) its whole line: a letterhead or signature line
    bare_place: bool  # only a county/city name, no department ("Broward County")


# Patterns whose name may end a line with its suffix on the next ("Broward County\nSheriff's
# Office"); they run over the whole text, the others line by line.
_ACROSS_LINES = (1, 2, 3, 6)
# Words that end the place part of "City of ..." in upper-case headings, where
# capitals cannot show where the name stops ("CITY OF EUGENE SOFTWARE SERVICES").
_PLACE_STOP = frozenset(
    [
        "software",
        "services",
        "service",
        "contract",
        "agreement",
        "police",
        "fire",
        "department",
        "state",
        "county",
        "city",
        "town",
        "request",
        "records",
        "workshop",
        "meeting",
        "special",
        "regular",
        "commission",
        "council",
        "hall",
        "purchasing",
        "division",
        "office",
        "public",
        "safety",
        "parking",
        "license",
        "plate",
        "and",
        "for",
        "of",
        "the",
        "in",
        "on",
        "at",
        "to",
    ]
)


def agency_candidates(text: str) -> list[AgencyMention]:
    """Agency-looking names in order of appearance."""
    found: dict[int, AgencyMention] = {}
    lines = list(_lines_with_offsets(text))
    starts = [start for start, _ in lines]
    for number, pattern in enumerate(_AGENCY_PATTERNS):
        spans = [(0, text)] if number in _ACROSS_LINES else lines
        for start, chunk in spans:
            for m in pattern.finditer(chunk):
                if number in (0, 6):
                    raw = f"{m.group(1)} {m.group(2)}"
                elif number == 2:
                    raw = _trim_place(m.group(1), keep=2)
                elif number == 4:
                    raw = "City of " + _trim_place(_after_articles(m.group(1)), keep=0)
                else:
                    raw = m.group(1)
                name = _clean_candidate(raw)
                offset = start + m.start()
                if not name or (offset in found and len(found[offset].name) >= len(name)):
                    continue
                line = lines[bisect_right(starts, offset) - 1][1]
                standalone = len(m.group(0)) >= 0.7 * len(line.strip())
                found[offset] = AgencyMention(name, offset, standalone, number == 3)
    return [found[k] for k in sorted(found)]


def _trim_place(name: str, keep: int) -> str:
    """Cut a name at the first word after `keep` that cannot belong to a place name."""
    words = name.split()
    for i, word in enumerate(words[keep:], keep):
        if word.lower().strip(".,") in _PLACE_STOP:
            return " ".join(words[:i])
    return " ".join(words)


def _after_articles(name: str) -> str:
    """The words after the last "of"/"the": "SPECIAL MEETING OF THE SUNRISE" -> "SUNRISE"."""
    return re.split(r"\b(?:of|the)\b", name, flags=re.IGNORECASE)[-1].strip()


def _lines_with_offsets(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


# Issuers of ALPR records are mostly police and sheriffs; a county or city named in
# passing ("Broward County approval") is weaker evidence than a department.
_KIND_PRIORITY = {
    "police": 1.0,
    "sheriff": 1.0,
    "county": 0.7,
    "city": 0.7,
    "state": 0.7,
    "other": 0.4,
}
LETTERHEAD_CHARS = 300
# Records a department issues in its own name; contracts and minutes are the city's.
DEPARTMENT_ISSUED = frozenset({"foia_response", "policy", "statement", "audit_log"})
DEPARTMENT_SHARE = 0.1
MIN_AGENCY_SCORE = 1.5
LIST_AGENCIES = 5


def _path_parts(paths: Sequence[str]) -> tuple[str, str]:
    """(folder words, file-name words) of every path, space-padded for whole-word tests."""
    folders: list[str] = []
    names: list[str] = []
    for path in paths:
        parts = PurePosixPath(path.replace("!", "/")).parts
        folders.extend(parts[:-1])
        names.extend(parts[-1:])
    return f" {path_words(folders).replace(chr(10), ' ')} ", f" {path_words(names)} "


def _prose(text: str, tabular: bool) -> str:
    """Text without table rows: in an export, an organisation column names searchers."""
    if not tabular:
        return text
    return "\n".join("" if "\t" in line else line for line in text.split("\n"))


def detect_agency(regions: Regions, state: str | None, doc_type: str | None = None) -> str | None:
    """The issuing agency: letterhead and opening mentions weigh most, then frequency.

    A name standing alone on a line near the top is a letterhead or signature block;
    a bare county name in running text ("needs Broward County approval") is not an
    issuer. Names matching a folder (as words, or as an alias like "bso") get a
    boost, file names a smaller one, since collections are filed by agency. A page
    listing many agencies (a sharing form) yields None rather than a guess, and so
    does a name seen only in passing.
    """
    scores: dict[str, float] = defaultdict(float)
    display: dict[str, str] = {}
    tabular = regions.file_type in ("csv", "xlsx")
    head_mentions = agency_candidates(_prose(regions.head, tabular))
    for region, mentions, weight in (
        ("head", head_mentions, 3.0),
        ("first", agency_candidates(_prose(regions.first, tabular)), 1.0),
        ("body", agency_candidates(_prose(regions.body, tabular)), 0.3),
    ):
        for mention in mentions:
            ref = resolve_agency(mention.name, state)
            factor = weight * _KIND_PRIORITY[ref.kind]
            if region == "head":
                factor *= 1.0 + 1.5 * max(0.0, 1.0 - mention.offset / LETTERHEAD_CHARS)
                factor *= 2.0 if mention.standalone else 1.0
            elif mention.standalone:
                factor *= 1.5  # a signature block
            if mention.bare_place and not mention.standalone:
                factor *= 0.3
            scores[ref.agency_id] += factor
            best = display.get(ref.agency_id)
            if best is None or (len(mention.name) > len(best) and region != "body"):
                display[ref.agency_id] = mention.name
    head_ids = {resolve_agency(m.name, state).agency_id for m in head_mentions}
    if not scores or len(head_ids) >= LIST_AGENCIES:
        return None
    folders, names = _path_parts(regions.paths)
    for agency_id, name in display.items():
        ref = resolve_agency(name, state)
        place = _place_words(ref).replace("-", " ")
        keys = [f" {a.lower()} " for a in ref.aliases if " " not in a]
        keys += [f" {place} "] if len(place) > 3 else []
        if any(k in folders for k in keys):
            scores[agency_id] += 2.0
        elif any(k in names for k in keys):
            scores[agency_id] += 1.0
    agency_id = max(scores, key=lambda a: scores[a])
    if doc_type in DEPARTMENT_ISSUED:
        agency_id = _prefer_department(agency_id, scores, display, state)
    return display[agency_id] if scores[agency_id] >= MIN_AGENCY_SCORE else None


def _prefer_department(
    best: str, scores: dict[str, float], display: dict[str, str], state: str | None
) -> str:
    """The police or sheriff's department of the winning city/county, when it is named.

    A records response, policy or statement is the department's even when the city's
    name heads the page ("City of X Public Records Center ... X Police Department").
    """
    ref = resolve_agency(display[best], state)
    if ref.kind not in ("city", "county"):
        return best
    place = _place_words(ref)
    departments = []
    for other in scores:
        candidate = resolve_agency(display[other], state)
        if (
            candidate.kind in ("police", "sheriff")
            and _place_words(candidate) == place
            and scores[other] >= DEPARTMENT_SHARE * scores[best]
        ):
            departments.append(other)
    return max(departments, key=lambda a: scores[a]) if departments else best


def _place_words(ref: AgencyRef) -> str:
    """ "fl-city-of-sunrise" and "fl-sunrise-police" -> "sunrise" (state prefix left out)."""
    core = ref.agency_id.split("-", 1)[1] if ref.state else ref.agency_id
    return re.sub(r"-(police|sheriff|county)$|^city-of-", "", core)


# --------------------------------------------------------------------------- title

_TITLE_NOISE = re.compile(
    r"(docusign|envelope id|page \d+|^\d|@|>$|https?:|www\.|\b(tel|phone|fax)\b|\(\d{3}\)"
    r"|^\W*$|\d{5}(-\d{4})?$|^\[sheet )",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(agreement|contract|memorandum|polic(y|ies)|general order|procedures?|directive|minutes"
    r"|meeting|agenda|records? request|response|quot(e|ation)|invoice|purchase order|resolution"
    r"|report|letter|notice|estimate|audit|register|form|proposals?|license plate|lpr|alpr"
    r"|update|release|statement|appeal|order)\b",
    re.IGNORECASE,
)
TITLE_LINES = 25


def detect_title(regions: Regions) -> str | None:
    """A heading near the top: an e-mail subject, a line naming the kind of record, an
    upper-case line; the file name when the text offers none."""
    subject = re.search(r"^\s*subject\s*:\s*(.+)$", regions.head, re.I | re.M)
    if subject:
        return subject.group(1).strip()[:200]
    lines = [line.strip() for line in regions.head.splitlines()[:TITLE_LINES]]
    candidates = [ln for ln in lines if 8 <= len(ln) <= 150 and not _TITLE_NOISE.search(ln)]
    for line in candidates:
        if _TITLE_WORDS.search(line):
            return line
    for line in candidates:
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            return line
    if candidates:
        return candidates[0][:200]
    if regions.paths:
        return PurePosixPath(regions.paths[0].split("!")[-1]).stem or None
    return None


# --------------------------------------------------------------------------- entry point


def classify_document(doc: DocumentText) -> Classification:
    """Doc type, issuing agency, state and title of one document."""
    regions = document_regions(doc)
    audit = _audit_detected(doc)
    doc_type, confidence = choose_doc_type(doc_type_scores(regions, load_rules(), audit))
    state = detect_state(regions)
    agency = detect_agency(regions, state, doc_type)
    return Classification(doc_type, confidence, agency, state, detect_title(regions))
