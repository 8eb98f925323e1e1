"""Statute citations as US public-records letters write them, for every state.

Each state drafts citations its own way ("ORS 192.345(23)", "s. 119.071(2)(c),
F.S.", "S.C. Code Ann. § 30-4-40(a)(3)", "Va. Code § 2.2-3706(B)", "RCW
42.56.240(1)", "5 ILCS 140/7(1)(d)", "5 U.S.C. § 552(b)(7)(E)"). A pattern per
style gives the state and the section; a bare "Section 119.071" takes the state
of the document. The normalised form is "<STATE> <section><subsections>", e.g.
"FL 119.071(2)(c)", so that one exemption cited in different styles compares
equal across agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.agencies import US_STATES

# Subsections may sit after a few spaces or one line break, as wrapped PDF and OCR
# text puts them ("192.345\n(23)", "119.071  (2)(c)").
_SUB = r"(?:[ \t]{0,3}\n?[ \t]{0,3}\((?:[0-9]{1,3}|[a-zA-Z]{1,4})\))*"
_SS = r"(?:\s*§§?\s*|\s*[Ss]ec(?:tion|s?\.)\s*|\s+)"


def _p(prefix: str, section: str, suffix: str = "") -> re.Pattern[str]:
    return re.compile(rf"(?:{prefix})(?P<sec>{section})(?P<sub>{_SUB}){suffix}")


# (state, pattern); the first pattern matching at a position wins, so specific
# styles come before generic ones.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("US", _p(r"\b5\s*U\.?\s?S\.?\s?C\.?\s*(?:§§?\s*)?", r"552a?")),
    ("OR", _p(r"\b(?:ORS|O\.R\.S\.)(?:\s*§§?)?\s*", r"\d{1,3}[A-C]?\.\d{3,4}")),
    ("FL", _p(r"\b(?:Fla\.|Florida)\s*Stat(?:utes|ute|s?\.)?,?" + _SS, r"\d{2,3}\.\d{2,4}")),
    ("FL", _p(r"\bF\.\s?S\.(?:\s*§§?)?\s*", r"\d{2,3}\.\d{2,4}")),
    (
        "FL",
        _p(
            r"(?:§§?\s*|\b[Ss]ections?\s+|\b[Ss]\.\s*|\b)",
            r"\d{2,3}\.\d{2,4}",
            r",?\s*(?:F\.\s?S\.|Fla\.\s*Stat\.|Florida Statutes)",
        ),
    ),
    (
        "FL",
        _p(r"\b[Cc]hapter\s+", r"\d{2,3}", r",?\s*(?:F\.\s?S\.|Fla\.\s*Stat\.|Florida Statutes)"),
    ),
    (
        "SC",
        _p(
            r"\bS\.?\s?C\.?\s+Code(?:\s+of\s+Laws)?(?:\s+Ann\.?)?(?:\s*§§?)?\s*",
            r"\d{1,2}-\d{1,3}-\d{1,4}",
        ),
    ),
    (
        "VA",
        _p(
            r"\b(?:Va\.|Virginia)\s+Code(?:\s+Ann\.)?(?:\s*§§?)?\s*|\bCode of Virginia,?\s*§§?\s*",
            r"\d{1,2}(?:\.\d{1,2})?-\d{1,4}(?:\.\d{1,2})?",
        ),
    ),
    ("TX", _p(r"\bTex(?:as|\.)\s*Gov(?:ernment|'t|\.)\s*Code(?:\s*Ann\.)?" + _SS, r"552\.\d{3}")),
    (
        "CA",
        _p(
            r"\b(?:Cal(?:ifornia|\.)?\s*)?(?:Gov(?:ernment|'t|\.)?|Civ(?:il|\.)?|Penal|Pen\.|Evid"
            r"(?:ence|\.)?|Veh(?:icle|\.)?)\s*Code" + _SS,
            r"\d{3,5}(?:\.\d{1,3})*",
        ),
    ),
    ("WA", _p(r"\bRCW\s*", r"\d{1,2}[A-Z]?\.\d{2,3}[A-Z]?\.\d{3}")),
    ("IL", _p(r"\b5\s*ILCS\s*", r"140/\d+(?:\.\d+)?")),
    ("MI", _p(r"\bMCL\s*(?:§\s*)?", r"\d{1,3}\.\d{1,4}[a-z]?")),
    ("NY", _p(r"\b(?:Public Officers Law|POL)" + _SS, r"8[79]")),
    ("MA", _p(r"\bG\.\s?L\.\s*c\.\s*4,?\s*§\s*", r"7")),
    ("GA", _p(r"\bO\.C\.G\.A\.\s*(?:§§?\s*)?", r"\d{1,2}-\d{1,2}-\d{1,3}(?:\.\d)?")),
    (
        "NC",
        _p(
            r"\b(?:N\.C\.\s*Gen\.\s*Stat\.|N\.C\.G\.S\.|G\.S\.)\s*(?:§§?\s*)?",
            r"\d{1,3}[A-Z]?-\d{1,3}(?:\.\d{1,2})?",
        ),
    ),
    ("AZ", _p(r"\bA\.R\.S\.\s*(?:§§?\s*)?", r"\d{1,2}-\d{3,4}(?:\.\d{1,2})?")),
    (
        "CO",
        _p(
            r"\b(?:C\.R\.S\.|Colo\.\s*Rev\.\s*Stat\.)\s*(?:§§?\s*)?",
            r"\d{1,2}-\d{1,3}-\d{1,4}(?:\.\d)?",
        ),
    ),
    (
        "OH",
        _p(
            r"\b(?:O\.?R\.C\.|R\.C\.|Ohio Rev\.\s*Code(?:\s*Ann\.)?)\s*(?:§§?\s*)?",
            r"\d{3,4}\.\d{2,3}",
        ),
    ),
    ("MN", _p(r"\bMinn\.\s*Stat\.\s*(?:§§?\s*)?", r"\d{1,3}[A-Z]?\.\d{2,4}")),
    ("PA", _p(r"\b65\s*P\.\s?S\.\s*(?:§§?\s*)?", r"67\.\d{3,4}")),
    ("WI", _p(r"\bWis\.\s*Stat\.\s*(?:§§?\s*)?", r"\d{1,3}\.\d{2,3}")),
    ("NJ", _p(r"\bN\.J\.S\.A\.\s*", r"\d{1,2}[A-Z]?:\d{1,2}[A-Z]?-\d{1,3}(?:\.\d{1,2})?")),
    ("UT", _p(r"\bUtah Code(?:\s+Ann\.)?\s*(?:§§?\s*)?", r"\d{2}[A-Z]?-\d{1,2}[a-z]?-\d{3,4}")),
    ("TN", _p(r"\b(?:T\.C\.A\.|Tenn\.\s*Code\s*Ann\.)\s*(?:§§?\s*)?", r"\d{1,2}-\d{1,2}-\d{3}")),
    ("KY", _p(r"\bKRS\s*", r"\d{2,3}[A-Z]?\.\d{3}")),
    ("MO", _p(r"\b(?:RSMo|Mo\.\s*Rev\.\s*Stat\.)\s*(?:§§?\s*)?", r"\d{3}\.\d{3}")),
    ("MO", _p(r"(?:§§?\s*|\b[Ss]ections?\s+)", r"\d{3}\.\d{3}", r",?\s*RSMo")),
    ("IN", _p(r"\b(?:I\.C\.|IC|Ind\.\s*Code)\s*(?:§§?\s*)?", r"5-14-3-\d(?:\.\d)?")),
    ("MD", _p(r"\b(?:GP|General Provisions(?: Article)?)\s*(?:§§?\s*)?", r"4-\d{3}")),
    ("CT", _p(r"\b(?:C\.G\.S\.|Conn\.\s*Gen\.\s*Stat\.)\s*(?:§§?\s*)?", r"1-\d{3}[a-z]?")),
    ("LA", _p(r"\bLa\.\s*R\.\s?S\.\s*", r"44:\d{1,3}(?:\.\d)?")),
    ("NV", _p(r"\bNRS\s*", r"\d{3}[A-Z]?\.\d{3,4}")),
    ("KS", _p(r"\bK\.S\.A\.\s*", r"45-\d{3}[a-z]?")),
    ("IA", _p(r"\bIowa Code\s*(?:§§?\s*)?", r"22\.\d{1,2}")),
    ("NE", _p(r"\bNeb\.\s*Rev\.\s*Stat\.\s*(?:§§?\s*)?", r"84-\d{3}(?:\.\d{2})?")),
    ("ID", _p(r"\bIdaho Code\s*(?:§§?\s*)?", r"74-\d{3}[A-Z]?")),
    ("NM", _p(r"\bNMSA(?:\s*1978)?,?\s*(?:§§?\s*)?", r"14-2-\d{1,2}(?:\.\d)?")),
    ("OK", _p(r"\b51\s*O\.S\.\s*(?:§§?\s*)?", r"24A\.\d{1,2}[a-z]?")),
    ("HI", _p(r"\bHRS\s*(?:§§?\s*)?", r"92F-\d{1,2}")),
    ("AK", _p(r"\bAS\s*", r"40\.25\.\d{3}")),
    ("NH", _p(r"\bRSA\s*", r"91-A:\d{1,2}(?:-[a-z])?")),
    ("RI", _p(r"\bR\.I\.\s*Gen\.\s*Laws\s*(?:§§?\s*)?", r"38-2-\d{1,2}")),
    ("DE", _p(r"\b29\s*Del\.\s*C\.\s*(?:§§?\s*)?", r"100\d{2}")),
    ("DC", _p(r"\bD\.C\.\s*(?:Official\s*)?Code\s*(?:§§?\s*)?", r"2-53\d")),
    ("WV", _p(r"\bW\.\s?Va\.\s*Code\s*(?:§§?\s*)?", r"29B-1-\d")),
    ("AR", _p(r"\b(?:A\.C\.A\.|Ark\.\s*Code\s*Ann\.)\s*(?:§§?\s*)?", r"25-19-\d{3}")),
    ("MS", _p(r"\bMiss\.\s*Code\s*Ann\.\s*(?:§§?\s*)?", r"25-61-\d{1,2}")),
    ("AL", _p(r"\b(?:Ala\.\s*Code|Code of Alabama)\s*(?:§§?\s*)?", r"36-12-4\d")),
    ("MT", _p(r"\b(?:MCA|Mont\.\s*Code\s*Ann\.)\s*(?:§§?\s*)?", r"2-6-10\d{2}")),
    ("SD", _p(r"\bSDCL\s*(?:§§?\s*)?", r"1-27-\d{1,2}(?:\.\d{1,2})?")),
    ("ND", _p(r"\bN\.D\.C\.C\.\s*(?:§§?\s*)?", r"44-04-\d{2}(?:\.\d{1,2})?")),
    ("WY", _p(r"\bW\.S\.\s*(?:§§?\s*)?", r"16-4-20\d")),
    ("VT", _p(r"\b1\s*V\.S\.A\.\s*(?:§§?\s*)?", r"31\d")),
    ("ME", _p(r"\b1\s*M\.R\.S\.A?\.?\s*(?:§§?\s*)?", r"40\d")),
)
# A bare section number ("§ 119.071(2)(c)", "Section 30-4-40(a)") takes the document's state.
_BARE = _p(
    r"(?:§§?\s*|\b[Ss]ections?\s+|\b[Ss]ec\.\s*)",
    r"\d{1,3}[A-Z]?(?:[.\-:]\d{1,4}[A-Za-z]?)+",
)


_STATE_NAMES = US_STATES  # one table of state names for the whole package
_STATE_AFTER = re.compile(
    r"^,?\s*(?:of\s+the\s+)?(?P<name>"
    + "|".join(sorted(_STATE_NAMES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    """One statute citation: where it is, as written, and normalised."""

    start: int
    end: int
    written: str
    state: str | None
    section: str

    @property
    def normalized(self) -> str:
        return f"{self.state or '??'} {self.section}"


def _section(m: re.Match[str]) -> str:
    return m.group("sec") + re.sub(r"\s+", "", m.group("sub") or "")


def find_citations(text: str, default_state: str | None = None) -> list[Citation]:
    """Every statute citation in `text`, left to right, without overlaps."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for state, pattern in _STYLES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Citation(m.start(), m.end(), m.group(0).strip(), state, _section(m)))
    for m in _BARE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        taken.append((m.start(), m.end()))
        named = _STATE_AFTER.match(text[m.end() : m.end() + 40])
        bare_state = _STATE_NAMES[named.group("name").lower()] if named else default_state
        found.append(Citation(m.start(), m.end(), m.group(0).strip(), bare_state, _section(m)))
    return sorted(found, key=lambda c: c.start)
