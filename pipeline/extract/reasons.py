"""Classifying the free-text reason typed for an ALPR search.

The question researchers ask of audit logs is "which searches were for
immigration enforcement, and how many gave no real reason at all". The words
that answer it live in models/lexicons/reasons.json so they can be reviewed and
extended without touching code, and so the extractor version changes with them.

Immigration terms match as whole words, case-insensitively: "ICE" counts, the
"ice" inside "police", "notice", "service", "justice", "price" or "Device" does not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

LEXICON_PATH = Path(__file__).resolve().parents[2] / "models" / "lexicons" / "reasons.json"

REASON_CATEGORIES: tuple[str, ...] = (
    "immigration",
    "stolen_vehicle",
    "missing_person",
    "warrant",
    "investigation",
    "vague",
    "empty",
    "other",
)

_TOKEN = re.compile(r"[a-z0-9]+\+?")
_WHITESPACE = re.compile(r"\s+")
_FORM_SPACES = re.compile(r"(?<=\w)[+_](?=\w)")


class LexiconError(ValueError):
    """The reason lexicon file is missing a key or holds a bad pattern."""


@dataclass(frozen=True)
class ReasonLexicon:
    """Compiled form of reasons.json."""

    immigration: re.Pattern[str]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    vague_tokens: frozenset[str]
    empty_values: frozenset[str]
    case_number: re.Pattern[str]
    fuzzy_targets: tuple[str, ...] = ()
    fuzzy_prefixes: tuple[str, ...] = ()
    fuzzy_min_length: int = 5
    fuzzy_min_ratio: float = 80.0

    def is_vague_token(self, token: str) -> bool:
        """A word that says nothing about the case, allowing for typos of such words."""
        token = token.rstrip("+")
        if token in self.vague_tokens:
            return True
        if len(token) < self.fuzzy_min_length or not token.isalpha():
            return False
        if token.startswith(self.fuzzy_prefixes):
            return True
        return any(fuzz.ratio(token, t) >= self.fuzzy_min_ratio for t in self.fuzzy_targets)


@dataclass(frozen=True)
class ReasonClass:
    """`category` is one of REASON_CATEGORIES."""

    category: str
    immigration: bool
    case_number: str | None = None


def _whole_words(patterns: list[str]) -> re.Pattern[str]:
    """One alternation where each term must not touch a letter or digit on either side.

    Lookarounds instead of \\b so that terms ending in punctuation ("287(g)",
    "I.C.E.") still need a clean right edge.
    """
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE)


def compile_lexicon(data: dict[str, Any]) -> ReasonLexicon:
    """Build a lexicon from its JSON form; LexiconError names what is wrong."""
    try:
        order: list[str] = data["category_order"]
        unknown = [name for name in order if name not in REASON_CATEGORIES]
        if unknown:
            raise LexiconError(f"reason lexicon orders unknown categories {unknown}")
        categories = tuple((name, _whole_words(data["categories"][name])) for name in order)
        fuzzy = data.get("vague_fuzzy", {})
        return ReasonLexicon(
            immigration=_whole_words(data["immigration"]),
            categories=categories,
            vague_tokens=frozenset(t.lower() for t in data["vague_tokens"]),
            empty_values=frozenset(v.lower() for v in data["empty_values"]),
            case_number=re.compile(data["case_number"], re.IGNORECASE),
            fuzzy_targets=tuple(t.lower() for t in fuzzy.get("targets", ())),
            fuzzy_prefixes=tuple(p.lower() for p in fuzzy.get("prefixes", ())),
            fuzzy_min_length=int(fuzzy.get("min_length", 5)),
            fuzzy_min_ratio=float(fuzzy.get("min_ratio", 80)),
        )
    except KeyError as exc:
        raise LexiconError(f"reason lexicon lacks key {exc}") from exc
    except re.error as exc:
        raise LexiconError(f"reason lexicon has a bad pattern: {exc}") from exc


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> ReasonLexicon:
    """Read and compile the lexicon once per process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"cannot read reason lexicon {path}: {exc}") from exc
    return compile_lexicon(data)


def _clean(reason: str | None) -> str:
    """Whitespace collapsed and form-encoded spaces ("Person+Crime") restored."""
    if not reason:
        return ""
    return _WHITESPACE.sub(" ", _FORM_SPACES.sub(" ", reason)).strip()


def is_immigration(reason: str | None, lexicon: ReasonLexicon | None = None) -> bool:
    """True when the reason names immigration enforcement as a whole word."""
    if not reason:
        return False
    lex = lexicon or load_lexicon()
    return lex.immigration.search(reason) is not None


def case_number_in(reason: str | None, lexicon: ReasonLexicon | None = None) -> str | None:
    """A case/incident number written inside the reason text, if any."""
    if not reason:
        return None
    lex = lexicon or load_lexicon()
    match = lex.case_number.search(reason)
    return match.group("num") if match else None


def _classify(reason: str, lex: ReasonLexicon) -> ReasonClass:
    text = _clean(reason)
    if text.lower() in lex.empty_values:
        return ReasonClass("empty", False)
    case = lex.case_number.search(text)
    case_number = case.group("num") if case else None
    if lex.immigration.search(text):
        return ReasonClass("immigration", True, case_number)
    for name, pattern in lex.categories:
        if pattern.search(text):
            return ReasonClass(name, False, case_number)
    tokens = _TOKEN.findall(text.lower())
    words = [t for t in tokens if not t.isdigit()]
    if all(lex.is_vague_token(t) for t in words):
        # "investigation 25-01234" points at a case file; "investigation" alone does not.
        return ReasonClass("investigation" if case_number else "vague", False, case_number)
    if len(text) <= 2:
        return ReasonClass("vague", False, case_number)
    return ReasonClass("other", False, case_number)


@lru_cache(maxsize=65536)
def _classify_cached(reason: str) -> ReasonClass:
    return _classify(reason, load_lexicon())


def classify_reason(reason: str | None, lexicon: ReasonLexicon | None = None) -> ReasonClass:
    """Category and immigration flag of one search reason.

    Audit logs repeat a few hundred distinct reasons over millions of rows, so
    results for the default lexicon are memoised.
    """
    if reason is None:
        return ReasonClass("empty", False)
    if lexicon is not None:
        return _classify(reason, lexicon)
    return _classify_cached(reason)
