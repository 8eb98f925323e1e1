"""Agency and state settled across the documents of one batch.

One document often lacks what its neighbours say plainly: a search-audit export is
a table with the agency only in its file name ("harbor_bluff_flock_search_audit.xlsx"),
a records portal message names the city but no state, a folder ("OR/eugene/") is the
only label of a spreadsheet. Classification sees one document at a time, so this
step looks at the batch as a whole:

1. an agency named without a state takes the state that other documents of the batch
   give the same place ("Harbor Bluff" is in OR), when they agree on one, so that
   its agency_id is the same whether or not this document says the state;
2. a document with no agency takes the agency of the batch whose place (or acronym,
   such as "EPD") its file name, or else its folders, spell as words. Among agencies
   of one place (the city and its police department), an abbreviation in the name
   ("_pd_", "_so_") decides, then the doc type: a response, policy, statement or
   audit export is the department's; a contract or minutes are the city's or the
   county's and are left unlabelled when the batch knows only the department.

Only names seen in the batch are used, so a file name never invents an agency.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.extract.agencies import AgencyRef, place_key, resolve_agency
from pipeline.extract.regions import path_parts
from pipeline.records import DocumentText, Extraction

DEPARTMENT_ISSUED = frozenset({"foia_response", "policy", "statement", "audit_log"})
GOVERNMENT_ISSUED = frozenset({"contract", "minutes"})
DEPARTMENT_KINDS = frozenset({"police", "sheriff"})
GOVERNMENT_KINDS = frozenset({"city", "county"})
MIN_PLACE_CHARS = 4
# File-name words that say which agency of a place issued the file.
KIND_HINTS: dict[str, frozenset[str]] = {
    "pd": frozenset({"police"}),
    "police": frozenset({"police"}),
    "so": frozenset({"sheriff"}),
    "sheriff": frozenset({"sheriff"}),
    "city": frozenset({"city"}),
    "town": frozenset({"city"}),
    "village": frozenset({"city"}),
}


@dataclass(frozen=True)
class KnownAgency:
    """An agency some document of the batch names, with the name it used."""

    name: str
    ref: AgencyRef
    place: str  # place words: "harbor bluff"
    documents: int


def settle_batch(
    extractions: Sequence[Extraction],
    docs: Sequence[DocumentText],
    known: Iterable[tuple[str, str | None]] = (),
) -> list[Extraction]:
    """Extractions with states and agencies completed from the rest of the batch.

    `known` adds (name, state) pairs of agencies from outside the batch (e.g. the
    warehouse's agencies table), for runs that extract only a few new documents.
    Fields a document has are never replaced.
    """
    paths = {d.source.doc_id: d.source.paths for d in docs}
    named = [(e.agency, e.state) for e in extractions if e.agency]
    place_states = _place_states([*named, *known])
    with_states = [_fill_state(e, place_states) for e in extractions]
    agencies = _known_agencies(with_states, known, place_states)
    return [
        e if e.agency else _fill_agency(e, paths.get(e.doc_id, ()), agencies) for e in with_states
    ]


def _place_states(named: Iterable[tuple[str, str | None]]) -> dict[str, set[str]]:
    states: dict[str, set[str]] = defaultdict(set)
    for name, state in named:
        ref = resolve_agency(name, state)
        if ref.state:
            states[place_key(resolve_agency(name, None))].add(ref.state)
    return states


def _single_state(name: str, place_states: dict[str, set[str]]) -> str | None:
    found = place_states.get(place_key(resolve_agency(name, None)), set())
    return next(iter(found)) if len(found) == 1 else None


def _fill_state(ext: Extraction, place_states: dict[str, set[str]]) -> Extraction:
    if not ext.agency or ext.state:
        return ext
    state = _single_state(ext.agency, place_states)
    return replace(ext, state=state) if state else ext


def _known_agencies(
    extractions: Sequence[Extraction],
    known: Iterable[tuple[str, str | None]],
    place_states: dict[str, set[str]],
) -> list[KnownAgency]:
    counts: Counter[str] = Counter()
    names: dict[str, tuple[str, AgencyRef]] = {}
    pairs = [(e.agency, e.state) for e in extractions if e.agency]
    outside = [(n, s or _single_state(n, place_states)) for n, s in known]
    for i, (name, state) in enumerate([*pairs, *outside]):
        ref = resolve_agency(name, state)
        counts[ref.agency_id] += 1 if i < len(pairs) else 0
        names.setdefault(ref.agency_id, (name, ref))
    found = []
    for agency_id, (name, ref) in names.items():
        place = place_key(ref).replace("-", " ")
        found.append(KnownAgency(name, ref, place, counts[agency_id]))
    return found


def _keys(agency: KnownAgency) -> list[str]:
    """Word sequences that stand for the agency in a path: its place, its acronym."""
    keys = [agency.place] if len(agency.place) >= MIN_PLACE_CHARS else []
    if agency.ref.kind in DEPARTMENT_KINDS:
        keys += [a.lower() for a in agency.ref.aliases if re.fullmatch(r"[A-Z]{3,6}", a)]
    return keys


def _matches(words: str, agencies: Sequence[KnownAgency]) -> list[KnownAgency]:
    return [a for a in agencies if any(f" {k} " in words for k in _keys(a))]


def _fill_agency(
    ext: Extraction, paths: Sequence[str], agencies: Sequence[KnownAgency]
) -> Extraction:
    folders, names = path_parts(paths)
    for words in (names, folders):
        candidates = _matches(words, agencies)
        if not candidates:
            continue
        candidates = _most_specific(candidates)
        if len({c.place for c in candidates}) > 1:
            return ext  # a file about two places: no guess
        chosen = _choose(candidates, words, ext.doc_type)
        if chosen is None:
            return ext
        return replace(ext, agency=chosen.name, state=ext.state or chosen.ref.state)
    return ext


def _most_specific(candidates: Sequence[KnownAgency]) -> list[KnownAgency]:
    """Drop places inside a longer matched place: "palm beach" when "west palm beach"."""
    places = {c.place for c in candidates}

    def inside_another(place: str) -> bool:
        return any(p != place and f" {place} " in f" {p} " for p in places)

    return [c for c in candidates if not inside_another(c.place)]


def _choose(
    candidates: Sequence[KnownAgency], words: str, doc_type: str | None
) -> KnownAgency | None:
    """The agency of one place that most likely issued a document of this type."""
    hinted = {kind for word, kinds in KIND_HINTS.items() if f" {word} " in words for kind in kinds}
    pool = [c for c in candidates if c.ref.kind in hinted] or list(candidates)
    if doc_type in GOVERNMENT_ISSUED and not hinted:
        pool = [c for c in pool if c.ref.kind in GOVERNMENT_KINDS]
    elif doc_type in DEPARTMENT_ISSUED:
        pool = [c for c in pool if c.ref.kind in DEPARTMENT_KINDS] or pool
    if not pool:
        return None
    return max(pool, key=lambda c: (c.documents, c.ref.agency_id))
