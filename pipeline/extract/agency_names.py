"""Agency-looking names in a text: letterheads, signature blocks, running prose.

Names are found by shape, not by a list: "<Place> Police Department", "City of
<Place>", "<Place> County Sheriff's Office", abbreviated list entries ("<Place> PD")
and letterheads split over two lines. Upper-case headings are title-cased, leading
words that are not part of a name ("Agreement between the ...") are cut, and names
that are a company's, a person's title or an address are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.extract.regions import lines_with_offsets

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
    lines = list(lines_with_offsets(text))
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
