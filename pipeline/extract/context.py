"""What is known about a whole document when page-level findings are judged.

Components see one page at a time, but some decisions need the document: a bare
"Falcon" is a Flock camera only in a record about plate readers; "exempt from
disclosure" is a denial in a reply to a records request but a rule statement in
a policy. `DocContext` carries those document-level signals to the finalising
step of each field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SURVEILLANCE_RE = re.compile(
    r"\b(?:A?LPRs?|license plates?|licen[cs]e plate|plate readers?|plate recognition|"
    r"cameras?|surveillance|gunshot|video|readers?)\b",
    re.IGNORECASE,
)
_LPR_RE = re.compile(r"\b(?:A?LPRs?|license plate|plate reader|plate recognition)", re.IGNORECASE)
_LETTER_RE = re.compile(
    r"\b(?:your (?:public )?records? request|your request|records request"
    r"|request (?:number|no\.?|#)|public records act|freedom of information|FOIA request"
    r"|open records request|right[- ]to[- ]know|records appeal|your appeal|PRR\b|\bPRA\b"
    r"|Dear\b|Sincerely)",
    re.IGNORECASE,
)
RESPONSE_TYPES = frozenset({"foia_response", "statement", "other"})


@dataclass(frozen=True)
class DocContext:
    """Document-level signals: classification and whether the text is about plate readers."""

    doc_type: str | None = None
    agency: str | None = None
    state: str | None = None
    about_lpr: bool = False
    letter_like: bool = False

    @property
    def may_hold_denials(self) -> bool:
        """Denials come from replies to requests, not from policies or contracts quoting law."""
        if self.doc_type is not None and self.doc_type not in RESPONSE_TYPES:
            return False
        return self.letter_like


def build_context(
    page_texts: Iterable[str],
    doc_type: str | None = None,
    agency: str | None = None,
    state: str | None = None,
) -> DocContext:
    """Signals computed once per document from all its page texts."""
    about_lpr = False
    letter_like = False
    for text in page_texts:
        about_lpr = about_lpr or bool(_LPR_RE.search(text))
        letter_like = letter_like or bool(_LETTER_RE.search(text))
        if about_lpr and letter_like:
            break
    # An audit log of plate searches is about plate readers even when it never says so.
    about_lpr = about_lpr or doc_type == "audit_log"
    return DocContext(doc_type, agency, state, about_lpr, letter_like)
