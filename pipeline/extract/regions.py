"""The parts of a document that classification evidence is looked for in.

A letterhead, a title or an e-mail header sits in the opening characters; clauses
only one kind of record has are somewhere in the first pages; folders and file names
are how agencies and requesters file records. Cutting a document into these regions
once lets each detector (doc type, state, agency, title) weigh where it found a clue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.records import DocumentText

HEAD_CHARS = 1000
FIRST_PAGES = 3
BODY_PAGES = 12
MAX_BODY_CHARS = 200_000  # bounds the cost of one odd document (a huge text page)
MIN_PAGE_CHARS = 80
PAGE_TOP_CHARS = 300
MAX_VOTING_PAGES = 200


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


_CAMEL = re.compile(r"([a-z])([A-Z])")
_CAMEL_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")


def path_words(paths: Sequence[str]) -> str:
    """Paths as words: "FL/davie/Davie_PD-MOU.pdf" -> "fl davie davie pd mou pdf".

    Camel case is split, an acronym too: "EPDSearchAuditLogs" -> "epd search audit logs".
    """
    words: list[str] = []
    for path in paths:
        spaced = _CAMEL_ACRONYM.sub(r"\1 \2", path.replace("!", "/"))
        spaced = _CAMEL.sub(r"\1 \2", spaced)
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


def path_parts(paths: Sequence[str]) -> tuple[str, str]:
    """(folder words, file-name words) of every path, space-padded for whole-word tests."""
    folders: list[str] = []
    names: list[str] = []
    for path in paths:
        parts = PurePosixPath(path.replace("!", "/")).parts
        folders.extend(parts[:-1])
        names.extend(parts[-1:])
    return f" {path_words(folders).replace(chr(10), ' ')} ", f" {path_words(names)} "


def lines_with_offsets(text: str) -> Iterable[tuple[int, str]]:
    """Each line of `text` with the offset of its first character."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def prose(text: str, tabular: bool) -> str:
    """Text without table rows: in an export, an organisation column names searchers."""
    if not tabular:
        return text
    return "\n".join("" if "\t" in line else line for line in text.split("\n"))
