"""The issuing agency of a document, chosen among the agency names it mentions.

A name standing alone on a line near the top is a letterhead or signature block;
a bare county name in running text ("needs Broward County approval") is not an
issuer. Folder and file names that match a candidate add evidence, since
collections are filed by agency.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.extract.agencies import place_key, resolve_agency
from pipeline.extract.agency_names import agency_candidates
from pipeline.extract.regions import Regions, path_parts, prose

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
    head_mentions = agency_candidates(prose(regions.head, tabular))
    # The first pages open the body: their mentions are the body's that start there,
    # so the body is scanned once.
    body_mentions = agency_candidates(prose(regions.body, tabular))
    first_chars = len(prose(regions.first, tabular))
    first_mentions = [m for m in body_mentions if m.offset < first_chars]
    for region, mentions, weight in (
        ("head", head_mentions, 3.0),
        ("first", first_mentions, 1.0),
        ("body", body_mentions, 0.3),
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
    folders, names = path_parts(regions.paths)
    for agency_id, name in display.items():
        ref = resolve_agency(name, state)
        place = place_key(ref).replace("-", " ")
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
    place = place_key(ref)
    departments = []
    for other in scores:
        candidate = resolve_agency(display[other], state)
        if (
            candidate.kind in ("police", "sheriff")
            and place_key(candidate) == place
            and scores[other] >= DEPARTMENT_SHARE * scores[best]
        ):
            departments.append(other)
    return max(departments, key=lambda a: scores[a]) if departments else best
