"""Is a PDF page's text layer worth keeping, or should the page be OCR'd?

The presence of text proves little in FOIA dumps: scanned pages carry Bates stamps,
DocuSign envelope ids or a scanner's own poor OCR; born-digital pages with Type 3
fonts yield control characters or letter soup. So a layer is judged on its amount
(relative to page area, and to how much of the page is covered by images) and on
its quality: mojibake, share of letters and digits, dictionary-word ratio and
word length. Each verdict carries a short reason stored with the page, so a
researcher can see why a page was OCR'd.

The dictionary is `words.txt` (lowercase English words from tesseract's own
English model, see build_words.py). A wrong dictionary hit only makes garbage
look better, never good text worse, and the thresholds below leave wide margins:
real English prose scores ~0.85-0.95, tables of names and numbers ~0.5, letter
soup from broken font encodings < 0.2.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS_PATH = Path(__file__).with_name("words.txt")

_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_CID = re.compile(r"\(cid:\d+\)")
_LEADER = re.compile(r"([.\-_=*·…•])\1{2,}")
_ALLOWED_CONTROL = frozenset("\t\n\r\f")


@dataclass(frozen=True)
class LayerThresholds:
    """Limits for judging a text layer; defaults set on the shared corpus and
    synthetic garbage, with margins (see module docstring)."""

    sparse_chars_per_kpt2: float = 0.5  # ~240 visible chars on a US-letter page
    image_cover_for_scan: float = 0.5
    max_mojibake_share: float = 0.10
    min_mojibake_chars: int = 5
    min_alnum_share: float = 0.5
    min_tokens_for_wordness: int = 12
    min_dictionary_ratio: float = 0.35
    min_mean_word_len: float = 2.2
    max_mean_word_len: float = 14.0


DEFAULT_THRESHOLDS = LayerThresholds()


@dataclass(frozen=True)
class LayerStats:
    """Measurements of one page's text; shares are of non-whitespace characters."""

    chars: int
    chars_per_kpt2: float
    mojibake_chars: int
    mojibake_share: float
    alnum_share: float
    word_tokens: int
    dictionary_ratio: float
    mean_word_len: float

    @property
    def wordness(self) -> float:
        """One number to compare two texts of the same page (layer vs OCR)."""
        return self.dictionary_ratio * (1.0 - self.mojibake_share)


@dataclass(frozen=True)
class LayerVerdict:
    use_layer: bool
    reason: str


@cache
def english_words() -> frozenset[str]:
    """The shipped word list, loaded once per process."""
    lines = WORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_mojibake_char(ch: str) -> bool:
    """Replacement char, private-use glyphs, unassigned code points, stray controls."""
    if ch == "\ufffd":
        return True
    if ch in _ALLOWED_CONTROL:
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Co", "Cn", "Cs")


def measure_layer(
    text: str, page_area_pt2: float, words: frozenset[str] | None = None
) -> LayerStats:
    """Compute the statistics `judge_layer` needs; pure and cheap (~1 ms/page).

    Character classes are tallied over distinct characters (a page has ~80), not
    over every character, which keeps born-digital pages at hundreds per second.
    """
    vocabulary = english_words() if words is None else words
    cid_chars = sum(len(m) for m in _CID.findall(text))
    without_cid = _CID.sub(" ", text) if cid_chars else text
    tally = Counter(without_cid)
    visible = {ch: n for ch, n in tally.items() if not ch.isspace()}
    non_ws = sum(visible.values())
    chars = non_ws + cid_chars
    mojibake = cid_chars + sum(n for ch, n in visible.items() if is_mojibake_char(ch))
    leader_chars = sum(len(m.group(0)) for m in _LEADER.finditer(without_cid))
    counted = max(non_ws - leader_chars, 0)
    alnum = sum(n for ch, n in visible.items() if ch.isalnum())
    alnum_share = min(alnum / counted, 1.0) if counted else 0.0

    tokens = [t.replace("’", "'") for t in _TOKEN.findall(without_cid)]
    alpha = [t for t in tokens if t.replace("'", "").isalpha()]
    words_2plus = [t for t in alpha if len(t) >= 2]
    hits = sum(1 for t in words_2plus if _in_dictionary(t, vocabulary))
    ratio = hits / len(words_2plus) if words_2plus else 0.0
    mean_len = sum(len(t) for t in alpha) / len(alpha) if alpha else 0.0
    area_kpt2 = page_area_pt2 / 1000.0 if page_area_pt2 > 0 else 0.0
    return LayerStats(
        chars=chars,
        chars_per_kpt2=chars / area_kpt2 if area_kpt2 else float(chars),
        mojibake_chars=mojibake,
        mojibake_share=mojibake / chars if chars else 0.0,
        alnum_share=alnum_share,
        word_tokens=len(words_2plus),
        dictionary_ratio=ratio,
        mean_word_len=mean_len,
    )


def _in_dictionary(token: str, words: frozenset[str]) -> bool:
    low = token.lower()
    if low in words:
        return True
    if low.endswith("'s"):
        return low[:-2] in words
    if "'" in low:
        return all(part in words or len(part) <= 2 for part in low.split("'"))
    return False


def judge_layer(
    stats: LayerStats,
    image_cover: float | None,
    thresholds: LayerThresholds = DEFAULT_THRESHOLDS,
) -> LayerVerdict:
    """Keep the layer, or OCR the page, and why.

    `image_cover` is the share of the page covered by image objects; None means
    it was not measured (the caller only measures it for sparse layers).
    """
    t = thresholds
    if stats.chars == 0:
        return LayerVerdict(False, "layer_empty")
    if stats.mojibake_chars >= t.min_mojibake_chars and stats.mojibake_share > t.max_mojibake_share:
        return LayerVerdict(False, "layer_garbage_mojibake")
    if stats.chars_per_kpt2 < t.sparse_chars_per_kpt2:
        if image_cover is not None and image_cover >= t.image_cover_for_scan:
            return LayerVerdict(False, "layer_sparse_with_image")
        return LayerVerdict(True, "layer_ok")
    if stats.alnum_share < t.min_alnum_share:
        return LayerVerdict(False, "layer_garbage_symbols")
    if stats.word_tokens >= t.min_tokens_for_wordness:
        if stats.dictionary_ratio < t.min_dictionary_ratio:
            return LayerVerdict(False, "layer_low_wordness")
        if not t.min_mean_word_len <= stats.mean_word_len <= t.max_mean_word_len:
            return LayerVerdict(False, "layer_garbage_word_length")
    return LayerVerdict(True, "layer_ok")


def needs_image_cover(stats: LayerStats, thresholds: LayerThresholds = DEFAULT_THRESHOLDS) -> bool:
    """Whether `judge_layer` would look at image cover (so callers can skip measuring it)."""
    return 0 < stats.chars_per_kpt2 < thresholds.sparse_chars_per_kpt2 and not (
        stats.mojibake_chars >= thresholds.min_mojibake_chars
        and stats.mojibake_share > thresholds.max_mojibake_share
    )


def ocr_is_better(layer: LayerStats, ocr: LayerStats) -> bool:
    """After OCR'ing a page whose layer looked poor, keep whichever text reads better.

    Protects born-digital pages in another language or full of names, whose low
    dictionary ratio OCR cannot improve and whose layer is exact.
    """
    return ocr.wordness > layer.wordness
