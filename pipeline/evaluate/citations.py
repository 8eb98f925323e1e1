"""Reduce a statute citation to the section numbers it cites, for scoring.

Gold labels keep citations "as written" and the same exemption is written many
ways: "ORS 192.345(23)", "ORS 192.345(23)(b)", "O.R.S. § 192.345", "Fla. Stat.
§ 316.0777", "section 119.071(2)(c), F.S.". Comparing the written strings would
count a correct extraction as wrong for a missing "§" or a different subsection
depth, and the gold corpus itself cites the same section at different depths on
one page. So the scorer compares **section numbers only**: the code prefix and
every parenthesised subsection are dropped, and a citation naming several
sections ("ORS 192.345(3) and ORS 181A.825(1)(b)") yields each of them.

A section number is digits with at least one "." or "-" separated part
("192.345", "181A.825", "2.2-5517", "30-4-40"). Citations without such a number
("5 U.S.C. § 552(b)(7)(E)", "Exemption 7(E)") fall back to the number that
follows "§"/"section", then to the whole text lower-cased with spaces collapsed,
so that nothing is silently dropped.
"""

from __future__ import annotations

import re

_SECTION = re.compile(r"(?<![\w.])\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)+(?![\w])")
_AFTER_SECTION_MARK = re.compile(r"(?:§+|\bsec(?:tion|\.)?s?)\s*(\d+[A-Za-z]?)", re.IGNORECASE)


def citation_sections(citation: str | None) -> list[str]:
    """Section numbers cited, in order of appearance, without duplicates."""
    if citation is None:
        return []
    text = " ".join(citation.split())
    if not text:
        return []
    found = [m.group(0).upper() for m in _SECTION.finditer(text)]
    if not found:
        found = [m.group(1).upper() for m in _AFTER_SECTION_MARK.finditer(text)]
    if not found:
        found = [text.lower()]
    return list(dict.fromkeys(found))
