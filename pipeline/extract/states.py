"""Which US state a document comes from, by weighted clues.

Folder names come first (collections are filed by state), then postal addresses
(an agency's own address counts more than a vendor's: the vendor is often in
another state), statute citations and state-run criminal-justice systems named in
the text, and last the plain mention of a state's name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import PurePosixPath

from pipeline.extract.agencies import STATE_CODES, US_STATES
from pipeline.extract.regions import Regions

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
# Patterns of the two tables below carry no leading \b: `_cited` checks the word start,
# which lets the regex engine jump to a pattern's first letters (about 30x faster on
# long bodies than a search that must test a boundary at every position).
STATUTE_STATES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("FL", r"(Fla\. ?Stat|F\.S\.|Florida Statutes?|Fla\. Admin\. Code|Chapter 119)"),
        ("OR", r"(ORS ?\d{1,3}[A-Z]?\.\d|O\.R\.S\.|Oregon Revised Statutes|OAR ?\d)"),
        ("SC", r"(S\.C\. ?Code|South Carolina Code|SC Code)"),
        ("VA", r"(Va\. ?Code|Code of Virginia|Virginia Code)|§ ?2\.2-\d{4}"),
        ("CA", r"(Cal\. ?(Gov|Civ|Pen)\w*\.? ?Code|California (Government|Civil|Penal) Code)"),
        ("WA", r"RCW ?\d{1,2}[A-Z]?\.\d"),
        ("TX", r"(Tex\. ?Gov'?t ?Code|Texas Government Code)"),
        ("IL", r"\d+ ILCS\b"),
        ("GA", r"(O\.C\.G\.A\.|Ga\. ?Code)"),
        ("NC", r"(N\.C\.G\.S\.|N\.C\. ?Gen\. ?Stat)"),
        ("CO", r"(C\.R\.S\.|Colo\. ?Rev\. ?Stat)"),
        ("AZ", r"(A\.R\.S\.|Ariz\. ?Rev\. ?Stat)"),
        ("NV", r"NRS ?\d{1,3}[A-Z]?\.\d"),
        ("MN", r"(Minn\. ?Stat)"),
        ("MI", r"(MCL ?\d{1,3}\.\d|Mich\. ?Comp\. ?Laws)"),
        ("NY", r"(N\.Y\. ?Pub\. ?Off\. ?Law|Public Officers Law)"),
        ("MA", r"(M\.G\.L\.|Mass\. ?Gen\. ?Laws)"),
        ("OH", r"(Ohio Rev\. ?Code|R\.C\. ?149\.43)"),
        ("TN", r"(Tenn\. ?Code|T\.C\.A\.)"),
        ("KY", r"KRS ?\d{2,3}\.\d"),
        ("WI", r"(Wis\. ?Stat)"),
        ("NJ", r"(N\.J\.S\.A\.)"),
        ("PA", r"(Right-to-Know Law|65 P\.S\.)"),
        ("CT", r"(Conn\. ?Gen\. ?Stat|C\.G\.S\.)"),
        ("MD", r"(Md\. ?Code|General Provisions Article)"),
        ("LA", r"(La\. ?R\.S\.)"),
        ("UT", r"(Utah Code)"),
        ("ID", r"(Idaho Code)"),
        ("NM", r"(NMSA)"),
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
        ("FL", r"(FDLE|FCIC)\b"),
        ("CA", r"(CLETS|Cal ?DOJ)\b"),
        ("TX", r"(TCIC|TLETS|Texas DPS)\b"),
        ("GA", r"(GCIC|GBI)\b"),
        ("MI", r"(LEIN|MSP)\b"),
        ("NY", r"(eJusticeNY|DCJS)\b"),
    )
)
# A state's name that is part of a place or street name ("Washington County", "Virginia
# Avenue") says nothing about the state: there is a Washington County in many states.
_NOT_STATE_AFTER = (
    r"(?![ ](?i:county|parish|township|street|st\.|avenue|ave\b|road|rd\.|boulevard|blvd"
    r"|drive|dr\.|lane|way|place|court|hall|building|park|university|college))"
)
_STATE_NAME_WORD = re.compile(rf"\b({_STATE_NAME_ALT})\b{_NOT_STATE_AFTER}", re.IGNORECASE)
# Where a record places something ("agencies in South Carolina", "outside Illinois",
# "Washington law enforcement agencies") it names its own state: an agency describes
# its data, cameras and partners by the state it is in. A records law named after its
# state ("Colorado Open Records Act") is the law of the state a response comes from.
# These are read around each state name found, so the body is scanned only once.
CONTEXT_CHARS = 40
_PLACE_BEFORE = re.compile(
    r"\b(?:in|within|outside(?: of)?|throughout|across)[ ](?:the[ ])?(?:state[ ]of[ ])?$",
    re.IGNORECASE,
)
_AGENCIES_AFTER = re.compile(r"[ ](?:law enforcement|police|public safety)[ ]agenc", re.IGNORECASE)
_RECORDS_ACT_AFTER = re.compile(
    r"[ ](?:open records|public records|public information|freedom of information"
    r"|right[- ]to[- ]know|sunshine)\b",
    re.IGNORECASE,
)
_STATE_OF = re.compile(rf"\b(?:state|laws|commonwealth) of ({_STATE_NAME_ALT})\b", re.IGNORECASE)
_NOT_STATE_NAME = re.compile(r"washington,? d\.? ?c\.?|district of columbia", re.IGNORECASE)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _cited(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern` found where a word starts (as a leading \\b would require), or found
    starting with a non-word character such as "§"."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = m.start()
        if not (text[start : start + 1] and _is_word_char(text[start])):
            return True
        if start == 0 or not _is_word_char(text[start - 1]):
            return True
        pos = start + 1
    return False


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
        if _cited(pattern, regions.body):
            votes[code] += 2.0
    for code, pattern in STATE_SYSTEMS:
        if _cited(pattern, regions.body):
            votes[code] += 1.0
    body = _NOT_STATE_NAME.sub(" ", regions.body)
    names: Counter[str] = Counter()
    as_place: set[str] = set()
    records_acts: set[str] = set()
    for m in _STATE_NAME_WORD.finditer(body):
        code = US_STATES[m.group(1).lower()]
        names[code] += 1
        after = body[m.end() : m.end() + CONTEXT_CHARS]
        if _PLACE_BEFORE.search(
            body[max(0, m.start() - CONTEXT_CHARS) : m.start()]
        ) or _AGENCIES_AFTER.match(after):
            as_place.add(code)
        if _RECORDS_ACT_AFTER.match(after):
            records_acts.add(code)
    for code, count in names.items():
        votes[code] += min(count, 5) * 0.5
    for m in _STATE_OF.finditer(body):
        votes[US_STATES[m.group(1).lower()]] += 1.0
    for code in as_place:
        votes[code] += 1.0
    for code in records_acts:
        votes[code] += 2.0
    return votes


def detect_state(regions: Regions) -> str | None:
    votes = state_evidence(regions)
    if not votes:
        return None
    code = max(votes, key=lambda c: votes[c])
    return code if votes[code] >= 1.0 else None
