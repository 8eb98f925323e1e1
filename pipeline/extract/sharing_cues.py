"""Words that make a sentence a sharing clause, and the words that set its stance.

Pure text functions, kept apart from the spaCy component so they can be read and
tested on plain strings. A sentence is a candidate when it shares, discloses,
sells or grants access to data, lets someone search the system, speaks of a
nationwide lookup, or restricts use to a purpose. Its stance comes from the
words around the verb:

- prohibits: the verb is negated ("shall not share", "is not granted to ICE",
  "has opted out of the national lookup") and nothing carves out an exception;
- conditional: an exception or condition governs it ("shall not share ...
  except", "only with a court order", "absent a warrant", "as permitted by law");
- permits: otherwise.

Policies pack several rules into one sentence ("shall not be shared with
immigration authorities, and shall not be shared with any agency outside the
State"; "will share with state agencies but not with federal agencies"), so a
sentence is first cut into clauses at coordinating boundaries and each clause
gets its own stance.
"""

from __future__ import annotations

import re

DATA_OBJECT_RE = re.compile(
    r"\b(?:data|information|footage|images?|recordings?|plates?|detections?|reads?"
    r"|hot ?lists?|hotlists?|extracts?|photos?|videos?|files|scans?|feeds?|alerts?|hits?)\b"
    r"|\b(?:A?LPR|plate|camera|reader|detection) (?:records?|results?|logs?)\b",
    re.IGNORECASE,
)
SYSTEM_OBJECT_RE = re.compile(
    r"\b(?:systems?|databases?|A?LPRs?|cameras?|portal|network|services?|readers?)\b",
    re.IGNORECASE,
)
SHARE_RE = re.compile(
    r"\b(?:shar(?:e|ed|es|ing)|disclos\w*|disseminat\w*|releas(?:e|ed|es|ing)|transfer(?:s|red"
    r"|ring)?|transmit\w*|sell(?:s|ing)?|sold|resell\w*|distribut\w*|exchang\w*|made available"
    r"|make available|available to|retriev\w*|open (?:to|for) (?:the )?public|public (?:review"
    r"|inspection)|subject to disclosure|(?:provid|giv|furnish|supply|suppli|hand|turn)\w* (?:over"
    r" )?(?:[\w'’]+ ){0,4}?(?:access|data|information|copies|footage|images|records)"
    r"|receiv\w* (?:\w+ ){0,3}?(?:data|extracts?|information|footage|images|files|recordings)"
    r"|(?:provided|given|furnished|supplied|handed over|turned over) to)\b",
    re.IGNORECASE,
)
ACCESS_RE = re.compile(
    r"\b(?:access(?:ed|es|ing|ible)?|allow(?:s|ed|ing)? (?:[\w,'’]+ ){0,6}?to (?:search|query"
    r"|view|see|use|access)|giv(?:e|es|en|ing) (?:\w+ ){0,3}?access"
    r"|(?:searched|queried|searchable|viewed) (?:\w+ ){0,2}?by"
    r"|(?:can|may|could|cannot) (?:not )?(?:\w+ ){0,1}?(?:search|query|look up|see|view)"
    r"|run (?:an? )?(?:\w+ )?(?:query|queries|search|searches)|log(?:s|ged)? (?:in|on)(?:to)?"
    r"|(?:has|have|had|holds?|given) (?:an? |any )?(?:user )?accounts? (?:on|in|to|for))\b",
    re.IGNORECASE,
)
USE_RE = re.compile(
    r"\b(?:use[ds]?|utiliz\w*|usage|operat\w*|authorized for|quer(?:y|ied|ies)"
    r"|search(?:es|ed)?|view(?:ed|ing)?)\b",
    re.IGNORECASE,
)
# "Requests for ALPR data from agencies outside the State must be approved": a rule
# about requests is a sharing clause when it names who asks (checked by the caller).
REQUEST_RE = re.compile(
    r"\brequests?\s+(?:[\w'’-]+\s+){0,5}?(?:for|to)\s+(?:access|(?:[\w'’-]+\s+){0,3}?(?:data"
    r"|information|searches|queries|footage|images|records))\b",
    re.IGNORECASE,
)
# Nationwide lookups are how plate data reaches agencies in other states; a sentence
# about joining or leaving one is a sharing clause even without a sharing verb.
NETWORK_RE = re.compile(
    r"\b(?:national|nationwide|nation-wide)\s+(?:lookup|look-up|search(?:es|ing)?|sharing"
    r"|network|access|quer(?:y|ies))\b|\b(?:shared|sharing|searchable|available|accessible)"
    r"\s+nationwide\b",
    re.IGNORECASE,
)
# Page-level triggers for the rare cues: cheaper than the full patterns, which the
# sentence-level checks then apply.
NETWORK_HINT_RE = re.compile(r"\b[Nn]ation|\bNATION")
SENSITIVE_HINT_RE = re.compile(r"\b(?:[Ii]mmigra|IMMIGRA|[Dd]eport|DEPORT|ICE\b|HSI\b|ERO\b|CBP\b)")
# Using data for immigration enforcement is what reporters look for: a use rule
# that names it is a sharing clause ("shall not be used for immigration enforcement").
# "Immigration status" in a list of traits a search may not be based on is about
# profiling, not enforcement; determining someone's status is enforcement.
SENSITIVE_USE_RE = re.compile(
    r"\b(?i:immigration(?!\s+status)|deport\w*)\b|\b(?:ICE|HSI|ERO|CBP)\b"
    r"|\b(?i:(?:determin|investigat|verif|ascertain|inquir|enforc|check)\w* (?:\w+ ){0,3}?"
    r"immigration status)"
)
PURPOSE_RE = re.compile(
    r"\b(?:(?:official|legitimate|authorized|valid|lawful|active)\s+)*(?:law[- ]enforcement"
    r"|criminal justice|investigative|public safety)\s+(?:purposes?|business|use|functions?"
    r"|reasons?)\b|\badministration of criminal justice\b|\bcriminal justice purposes?\b"
    r"|\brestricted to authorized\b",
    re.IGNORECASE,
)
_SKIP_RE = re.compile(
    r"\b(?:anonymi[sz]\w*|aggregated?|de-identified|(?-i:Confidential Information|Proprietary"
    r" Information)|trade secrets?|receiving party|disclosing party|generally known|publicly"
    r" known|known to the (?:general )?public|I request|I am requesting|I would|I ask"
    r"|please provide|please produce|records? requests?|requested records|this request"
    r"|my request|exempts?(?: the)? (?:public )?disclosure|exempt from (?:public )?disclosure"
    r"|public interest|responsive|custodian|password|am seeking)\b"
    r"|(?<!contain )(?<!contains )\bconfidential information\b"
    r"|[”\"] means\b|\bmeans any\b|\bis defined as\b",
    re.IGNORECASE,
)
# A clause states a rule: it has a modal or a finite verb, not just a heading's nouns.
_CLAUSE_RE = re.compile(
    r"\b(?:shall|will|may|must|can|cannot|should|is|are|was|were|be|been|does|do|did|has|have"
    r"|had|allows?|desires?|agrees?|wishes|shares|provides|permits|grants|makes|sells|discloses"
    r"|releases|participates|receives|transmits|limits|restricts|requires|prohibits|forbids"
    r"|bars|refuses|denies)\b|n't\b",
    re.IGNORECASE,
)
_NOT_LIMITED = re.compile(
    r"(?:,?\s*\bbut\s+)?\bnot (?:be )?limited to\b|\bwhether or not\b", re.IGNORECASE
)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|nor|neither|cannot|prohibit(?:s|ed)?|forbid(?:s|den)?|precluded?"
    r"|no longer(?! than))\b|n't\b"
    r"|(?<![/-])\bno\b(?![-/.])(?! (?:longer|more|less|later|fewer|sooner|greater) than)",
    re.IGNORECASE,
)
# Negations that deny the permission itself wherever they stand in the clause:
# "access ... is not granted to ICE", "requests ... shall be denied", "has opted
# out of the national lookup", "refused every request".
_PREDICATE_NEGATION_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:not|never)\s+(?:\w+\s+)?(?:granted|permitted"
    r"|allowed|authori[sz]ed|given|provided|available|accessible|shared|disclosed|released|sold"
    r"|transferred|open|subject|made|configured|enabled|searchable)\b"
    r"|\b(?:is|are|was|were|be|been|being|strictly|expressly|hereby|also)\s+(?:prohibited"
    r"|forbidden|barred|precluded|denied)\b|\bprohibit(?:s|ed)? (?:[\w'’.]+ ){0,5}?from\b"
    r"|\b(?:prohibits|forbids|bars) the (?:sale|sharing|disclosure|release|transfer|use)\b"
    r"|\b(?:refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing) to|den(?:y|ies|ied|ying)|reject(?:s|ed)?)"
    r"\b|\bopt(?:s|ed)? out\b|\b(?:disabled?|deactivated?|turned off|switched off"
    r"|discontinued)\b|\bdo(?:es)? not (?:participate|subscribe|take part)\b"
    r"|\b(?:not|never)\s+(?:honor|fulfill|grant|approve|accept|process|comply with)\b"
    r"|\b(?:ended|stopped|ceased|halted|suspended|terminated|cut off|paused)\s+(?:\w+\s+){0,3}?"
    r"(?:data[- ]sharing|sharing|access|participation)\b",
    re.IGNORECASE,
)
_SUBJECT_NOUNS = (
    r"person|persons|one|agency|agencies|employee|employees|member|members|officer|officers"
    r"|user|users|personnel|data|information|plates?|images?|footage|A?LPR|records?|entity"
    r"|entities|third|party|parties|vendor|company|department|city|county|town|sheriff|office"
    r"|contractor|provider|customer|request|requests|access"
)
_SENTENCE_NEGATION_RE = re.compile(
    r"^\W*(?:\w\.\s+|\d+(?:\.\d+)*\.?\s+)?(?:(?:no|neither)\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + _SUBJECT_NOUNS
    + r")\b|nothing\b|under no circumstances\b|in no (?:event|case)\b|at no time\b)"
    r"|^\W*(?:\w+\W+){0,2}?(?:sharing|disclosure|release|dissemination|transfer"
    r"|sale|access|use)\b.*\b(?:is|are|shall be|will be) (?:strictly )?(?:prohibited|forbidden)\b",
    re.IGNORECASE,
)
# "read-only access" and "view-only" describe the access, they do not restrict it.
# "... that no immigration enforcement agency can log in": a denied subject and its
# modal, wherever the clause puts them.
_SUBJECT_NEGATION_RE = re.compile(
    r"\b(?:no|neither)\s+(?:(?!(?:by|of|for|from|than|later|longer|more|less)\b)[\w'’-]+\s+)"
    r"{0,3}?(?:" + _SUBJECT_NOUNS + r")\s+(?:\w+\s+)?(?:may|can|shall|will|must|has|have|is|are"
    r"|should|could)\b",
    re.IGNORECASE,
)
_RESTRICTIVE_RE = re.compile(r"(?<!-)\b(?:only|solely|exclusively)\b", re.IGNORECASE)
_WARRANT_WORDS = (
    r"court order|warrant|subpoena|consent|approval|authori[sz]ation|permission|receiving"
    r"|legal process"
)
_EXCEPTION_RE = re.compile(
    r"\b(?:except|unless|other than|(?:without|absent) (?:a |an |the )?(?:[\w'’-]+\s+){0,3}?(?:"
    + _WARRANT_WORDS
    + r"))\b",
    re.IGNORECASE,
)
_CONDITION_RE = re.compile(
    r"(?<!-)\b(?:only|solely|exclusively|subject to|provided that"
    r"|as (?:permitted|required|authorized|allowed|provided) (?:by|under|in)"
    r"|if (?:legally )?required|when required|in accordance with"
    r"|pursuant to (?:a |an )?(?:valid |lawful )?(?:court order|warrant|subpoena|law|statute"
    r"|section|applicable)|upon (?:request|receipt|approval|written|a valid|the approval)"
    r"|restricted to|limited to|with (?:the |a |an )?(?:[\w'’-]+ ){0,3}?(?:approval|consent"
    r"|permission|authori[sz]ation)|case[- ]by[- ]case|need[- ]to[- ]know|right[- ]to[- ]know"
    r"|in furtherance of"
    r"|legally required|court order|warrant|subpoena|for the purposes? of|in connection with"
    r"|if (?:\w+ ){0,4}?(?:approved|authori[sz]ed|compelled|ordered|signed|granted)"
    r"|(?:active|ongoing|specific|open|pending) (?:criminal |felony )?investigations?"
    r"|(?:must|shall|will) (?:first )?be (?:approved|authori[sz]ed|reviewed)|approval of"
    r"|(?:that|who|which) (?:has|have) (?:\w+ ){0,2}?(?:signed|executed|entered into|completed"
    r"|obtained|been approved|been authori[sz]ed)"
    r"|(?:to|by) (?:\w+ )?authorized (?:\w+ )?(?:personnel|members|users|officers|employees))\b",
    re.IGNORECASE,
)
# Interagency agreements recite that data serves "the administration of criminal
# justice" as a matter of form; it restricts anything only with "only" or "solely".
_BOILERPLATE_PURPOSE_RE = re.compile(r"administration of criminal justice", re.IGNORECASE)
_UNCONDITIONAL_RE = re.compile(r"\bat any time\b|\bwithout restriction\b", re.IGNORECASE)
_NEG_BEFORE = 25
_NEG_AFTER = 25
_PARENTHETICAL_END = re.compile(r",[^,;]{1,80},\s*$")
# Where a sentence holds a second rule: "; ", ", and", ", but", " and that",
# " but not", ", not", " and shall ...". Lists ("and/or third parties") do not cut.
_CLAUSE_BOUNDARY_RE = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas|so|yet)\s+(?!(?:or|and)\b)|\s+(?:and|but)\s+that\s+"
    r"|,?\s+but\s+(?=(?:not|never)\b(?!\s+(?:be\s+)?limited))|,\s+(?=(?:not|never)\s+(?:with|to|by)\b)"
    r"|\s+(?:and|but)\s+(?=(?:shall|will|may|must|can|cannot|does|do|is|are|has|have)\b)",
    re.IGNORECASE,
)
_MIN_CLAUSE_CHARS = 12


def verbs(text: str) -> list[re.Match[str]]:
    """The sharing, access, use and network cues of `text`."""
    return [
        *SHARE_RE.finditer(text),
        *ACCESS_RE.finditer(text),
        *USE_RE.finditer(text),
        *NETWORK_RE.finditer(text),
        *REQUEST_RE.finditer(text),
    ]


def has_clause_cue(text: str) -> bool:
    """Whether a clause has its own sharing, access, network or purpose cue."""
    return bool(
        SHARE_RE.search(text)
        or ACCESS_RE.search(text)
        or NETWORK_RE.search(text)
        or REQUEST_RE.search(text)
        or PURPOSE_RE.search(text)
        or (USE_RE.search(text) and SENSITIVE_USE_RE.search(text))
    )


def _negation_before(text: str, verb_start: int) -> int | None:
    """A negation shortly before the verb, skipping asides set off by commas
    ("shall not, under any circumstances, share")."""
    prefix = text[:verb_start]
    while m := _PARENTHETICAL_END.search(prefix):
        prefix = prefix[: m.start()] + " "
    start = max(0, len(prefix) - _NEG_BEFORE)
    neg = _NEGATION_RE.search(prefix, start)
    return neg.start() if neg else None


# Substrings without which no negation pattern can match: a cheap test that spares
# clauses without any of them a dozen regular expressions (the pipeline's speed goal).
_NEGATION_HINTS = (
    "no", "nor", "n't", "prohibit", "forbid", "preclud", "bar", "refus", "declin", "den",
    "reject", "opt", "disabl", "deactivat", "off", "discontinu", "ended", "stopped", "ceased",
    "halted", "suspended", "terminated", "paused", "neither", "never",
)  # fmt: skip


_PREDICATE_HINTS = (
    "not", "never", "prohibit", "forbid", "barred", "bars", "preclud", "denied", "deny",
    "denies", "denying", "refus", "declin", "reject", "opt", "disabl", "deactivat", "off",
    "discontinu", "ended", "stopped", "ceased", "halted", "suspended", "terminated", "paused",
)  # fmt: skip


def _may_be_negated(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _NEGATION_HINTS)


def _may_deny_predicate(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _PREDICATE_HINTS)


def _blank_not_limited(text: str) -> str:
    """ "including but not limited to" is a list, not a negation: blank it out (same length)."""
    lowered = text.lower()
    if "limited" not in lowered and "whether" not in lowered:
        return text
    return _NOT_LIMITED.sub(lambda m: " " * len(m.group(0)), text)


def negation_at(text: str) -> int | None:
    """Where the sharing verb of a clause is negated (char offset), or None."""
    if not _may_be_negated(text):
        return None
    m = _SENTENCE_NEGATION_RE.search(text)
    if m:
        return m.start()
    found: list[int] = []
    patterns = (_PREDICATE_NEGATION_RE, _SUBJECT_NEGATION_RE)
    for pattern in patterns if _may_deny_predicate(text) else patterns[1:]:
        hit = pattern.search(text)
        if hit:
            found.append(hit.start())
    if not _NEGATION_RE.search(text):
        # No negation word: no verb can be negated, only a predicate ("denied", "opted out").
        return min(found) if found else None
    for verb in verbs(text):
        phrase = verb.group(0).lower()
        if phrase.startswith(("subject to disclosure", "open ")):
            before = text[max(0, verb.start() - 12) : verb.start()]
            if _NEGATION_RE.search(before):
                found.append(verb.start() - 12)
            continue
        before_at = _negation_before(text, verb.start())
        if before_at is not None:
            found.append(min(before_at, verb.start()))
            continue
        neg = _NEGATION_RE.search(text, verb.start(), verb.end() + _NEG_AFTER)
        if neg:
            found.append(min(neg.start(), verb.start()))
    if not found and starts_elliptical(text):
        neg = _NEGATION_RE.search(text)
        if neg:
            found.append(neg.start())
    return min(found) if found else None


def rule_stance(text: str) -> tuple[str, float, int | None]:
    """Stance of a sharing clause from its cue words, how sure the rule is, and where
    the negation is (for prohibitions)."""
    cleaned = _blank_not_limited(text)
    negated = negation_at(cleaned)
    exception = bool(_EXCEPTION_RE.search(cleaned))
    restrictive = bool(_RESTRICTIVE_RE.search(cleaned))
    purpose = any(
        restrictive or not _BOILERPLATE_PURPOSE_RE.search(m.group(0))
        for m in PURPOSE_RE.finditer(cleaned)
    )
    condition = bool(_CONDITION_RE.search(cleaned)) or purpose
    if negated is not None and not exception and not restrictive:
        return "prohibits", 0.85, negated
    if negated is not None or exception:
        return "conditional", 0.85, None
    if condition and not _UNCONDITIONAL_RE.search(cleaned):
        return "conditional", 0.8, None
    return "permits", 0.6, None


def is_sharing_sentence(text: str) -> bool:
    """Whether a sentence speaks about sharing of, or access to, data or the system."""
    words = text.split()
    if _SKIP_RE.search(text) or not _CLAUSE_RE.search(text) or len(words) < 6:
        return False
    if text.rstrip().rstrip("\"'”’)").endswith("?"):
        # A question ("Does ICE have access ...?") asks about a rule; it does not state one.
        return False
    if len(words) > 30 and sum(w.isupper() for w in words) > 0.7 * len(words):
        # Long all-capitals blocks are warranty and liability disclaimers.
        return False
    if SHARE_RE.search(text) and DATA_OBJECT_RE.search(text):
        return True
    if ACCESS_RE.search(text) and (DATA_OBJECT_RE.search(text) or SYSTEM_OBJECT_RE.search(text)):
        return True
    if NETWORK_RE.search(text) or REQUEST_RE.search(text):
        return True
    if USE_RE.search(text) and SENSITIVE_USE_RE.search(text):
        return bool(DATA_OBJECT_RE.search(text) or SYSTEM_OBJECT_RE.search(text))
    return bool(
        PURPOSE_RE.search(text)
        and (USE_RE.search(text) or ACCESS_RE.search(text) or SHARE_RE.search(text))
    )


_ELLIPTICAL_RE = re.compile(
    r"^\W*(?:not|never)\b|\b(?:may|shall|will|can|must|do|does|are|is)\s+not\W*$|\bcannot\W*$",
    re.IGNORECASE,
)


def starts_elliptical(piece: str) -> bool:
    """A negated clause that borrows its verb from the one before ("but not with
    federal agencies", "agencies from other states may not")."""
    lowered = piece.lower()
    if "not" not in lowered and "never" not in lowered:
        return False
    return bool(_ELLIPTICAL_RE.search(piece.strip()))


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of a sentence, in order.

    A piece is its own clause only when it carries a cue of its own (a sharing
    verb, a purpose) or starts with a negation ("but not with federal agencies");
    otherwise it stays with the clause before it.
    """
    blanked = _blank_not_limited(text)
    cuts = [m for m in _CLAUSE_BOUNDARY_RE.finditer(blanked) if m.start() >= _MIN_CLAUSE_CHARS]
    if not cuts:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in cuts:
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(text)))
    merged: list[tuple[int, int]] = [pieces[0]]
    for a, b in pieces[1:]:
        piece = text[a:b]
        # A rule has a verb: ", and only through the audited sharing features" is
        # still the first rule's condition.
        own = (has_clause_cue(piece) and _CLAUSE_RE.search(piece)) or starts_elliptical(piece)
        if own and len(piece.strip()) >= _MIN_CLAUSE_CHARS:
            merged.append((a, b))
        else:
            merged[-1] = (merged[-1][0], b)
    return merged
