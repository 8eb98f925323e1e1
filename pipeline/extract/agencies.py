"""Stable identities for agencies named in different ways across documents.

Records about one agency name it many ways: "City of Sunrise Police Department",
"Sunrise Police Department", "Sunrise PD"; "Broward Sheriff's Office" and
"Broward County Sheriff's Office". Comparing agencies across a batch needs one id
for all of these, so the id is built from the *place* and the *kind* of agency, not
from the wording: "fl-sunrise-police", "fl-broward-sheriff". The state is part of
the id because place names repeat across states (Hollywood FL / Hollywood CA).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

US_STATES: dict[str, str] = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
}
STATE_CODES: frozenset[str] = frozenset(US_STATES.values())

AgencyKind = str  # police, sheriff, city, county, state, other

_SHERIFF = re.compile(
    r"\b(?:county\s+)?sheriff(?:'s|s)?(?:\s+(?:office|department|dept\.?))?|\bS\.?O\.?$",
    re.IGNORECASE,
)
_POLICE = re.compile(
    r"\b(?:police(?:\s+(?:department|dept|services|bureau|division)\b)?"
    r"|department\s+of\s+(?:police|public\s+safety)\b|public\s+safety(?:\s+department)?\b"
    r"|marshal(?:'s)?\s+office\b|constable(?:'s)?\s+office\b|(?:highway|state)\s+patrol\b"
    r"|P\.?D\.?$)",
    re.IGNORECASE,
)
_MUNICIPAL = re.compile(
    r"^(?:the\s+)?(?:city|town|village|borough|township|municipality)\s+of\s+", re.IGNORECASE
)
_COUNTY_OF = re.compile(r"^(?:the\s+)?county\s+of\s+", re.IGNORECASE)
_COUNTY_WORD = re.compile(r"\s+(?:county|parish)\b", re.IGNORECASE)
_STATEWIDE = re.compile(r"\b(?:state\s+(?:police|patrol)|highway\s+patrol)\b", re.IGNORECASE)
_GOVERNING_BODY = re.compile(
    r"\s+(?:city|town|village)\s+(?:commission|council)$|\s+(?:commission|council)$", re.IGNORECASE
)
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "&", "s"})


@dataclass(frozen=True)
class AgencyRef:
    """An agency as the warehouse `agencies` table holds it."""

    agency_id: str
    name: str
    state: str | None
    kind: AgencyKind
    aliases: tuple[str, ...]


def clean_name(name: str) -> str:
    """Collapse whitespace and unify apostrophes so variants compare equal."""
    text = name.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = " ".join(text.split()).strip(" ,.;:-")
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Sheriff's" -> "sheriffs")."""
    text = text.lower().replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def state_code(text: str | None) -> str | None:
    """Two-letter code from a code or a full state name; None when not a US state."""
    if not text:
        return None
    cleaned = " ".join(text.split()).strip(" .,")
    if cleaned.upper() in STATE_CODES:
        return cleaned.upper()
    return US_STATES.get(cleaned.lower())


def acronym(name: str) -> str:
    """Initials of the significant words: "Okaloosa County Sheriff's Office" -> "OCSO"."""
    words = re.findall(r"[A-Za-z][A-Za-z']*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in _SMALL_WORDS)


def _strip(pattern: re.Pattern[str], text: str) -> str:
    return " ".join(pattern.sub(" ", text).split()).strip(" ,.-")


def _place_of_state_agency(name: str) -> str | None:
    low = name.lower()
    for state_name in sorted(US_STATES, key=len, reverse=True):
        if low.startswith(state_name + " ") or low.startswith("state of " + state_name):
            return US_STATES[state_name]
    return None


def agency_kind(name: str) -> AgencyKind:
    """Which sort of agency the name denotes; `other` when it does not say."""
    text = clean_name(name)
    if _SHERIFF.search(text):
        return "sheriff"
    if _POLICE.search(text):
        return "police"
    if _place_of_state_agency(text) and not _COUNTY_WORD.search(text):
        return "state"
    if _COUNTY_OF.search(text) or _COUNTY_WORD.search(text):
        return "county"
    if _MUNICIPAL.search(text) or re.search(r"\b(?:city|town|village)\b", text, re.IGNORECASE):
        return "city"
    return "other"


def _place(text: str, kind: AgencyKind) -> str:
    """The place part of the name, the part that tells two agencies of a kind apart."""
    if kind == "sheriff":
        return _strip(_COUNTY_WORD, _strip(_SHERIFF, _strip(_COUNTY_OF, text)))
    if kind == "police":
        return _strip(_POLICE, _strip(_MUNICIPAL, text))
    if kind == "county":
        return _strip(_COUNTY_OF, text)
    if kind == "city":
        return _strip(_GOVERNING_BODY, _strip(_MUNICIPAL, text))
    return text


@lru_cache(maxsize=8192)  # pure, and asked for the same names many times per batch
def resolve_agency(name: str, state: str | None) -> AgencyRef:
    """Identity, kind and aliases of an agency name as a document gives it.

    Pure: the same name and state always give the same id, so documents processed
    in different runs join on `agency_id`.
    """
    text = clean_name(name)
    code = state_code(state)
    kind = agency_kind(text)
    if code is None and (kind == "state" or _STATEWIDE.search(text)):
        code = _place_of_state_agency(text)
    place = _place(text, kind) or text
    if kind == "police":
        core = f"{place} police"
    elif kind == "sheriff":
        core = f"{place} sheriff"
    elif kind == "county":
        core = place if _COUNTY_WORD.search(place) else f"{place} county"
    elif kind == "city":
        core = f"city of {place}"
    else:
        core = place
    slug = slugify(core) or "unknown"
    agency_id = f"{code.lower()}-{slug}" if code else slug
    return AgencyRef(agency_id, text, code, kind, _aliases(text, place, kind))


def _aliases(text: str, place: str, kind: AgencyKind) -> tuple[str, ...]:
    found: list[str] = []
    if kind == "police":
        found += [f"{place} Police Department", f"{place} PD", f"{place} Police"]
    elif kind == "sheriff":
        county = place if _COUNTY_WORD.search(" " + place) else f"{place} County"
        found += [f"{county} Sheriff's Office", f"{place} Sheriff's Office"]
    elif kind == "city" and not text.lower().startswith("city of "):
        found += [f"City of {place}"]
    long_forms = list(found)
    if not re.search(r"\b[A-Z]{2,}\b", text):
        long_forms.insert(0, text)
    found += [acronym(a) for a in long_forms if len(a.split()) >= 3]
    unique = dict.fromkeys(a for a in found if len(a) >= 3 and a.lower() != text.lower())
    return tuple(unique)


def place_key(ref: AgencyRef) -> str:
    """The place an agency serves, as an id part without state or kind.

    "fl-city-of-sunrise" and "fl-sunrise-police" -> "sunrise": documents naming the
    city and its police department are about the same place, and so the same state.
    """
    core = ref.agency_id.split("-", 1)[1] if ref.state else ref.agency_id
    return re.sub(r"-(police|sheriff|county)$|^city-of-", "", core)
