"""OCR word boxes of a scanned audit page turned into the segments the table reader uses.

The born-digital reader works on segments: a run of text inside one cell line,
with a box whose top and bottom are the same for every run on that line (pdfium
font boxes). Tesseract gives tight ink boxes per word instead, so "inv" is
shorter than "Property" and table rules come back as "|" words. Here words are
cleaned, joined into segments where they sit close on one line, and given a
uniform line box around their centre, after which the table logic needs no
change. Two OCR repairs live here because they need no column knowledge:
digit look-alikes inside number-shaped words ("O6/18/2O25" is a date), and
header words read with a letter wrong ("Reasen"), which are matched to the
header vocabulary only for finding the header, never in the rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from statistics import median

from rapidfuzz import fuzz, process

from pipeline.extract.audit_pdf_layout import HEADER_WORDS, Segment
from pipeline.records import PageText

# Horizontal gap (in median word heights) that still joins two words into one
# segment: a word space at table font sizes is under half a word height, the
# padding between two cells well over one.
WORD_GAP = 0.75
# A segment's line box is this many median word heights (ink height is about the
# cap height; a font box, as the born-digital reader sees it, is taller).
LINE_BOX = 1.3
# Two words are on one line when their centres are closer than this share of the
# median word height.
SAME_LINE = 0.5
# Header words: fuzzy ratio a misread word needs to count as a header word.
HEADER_MIN_RATIO = 80.0
HEADER_MIN_RATIO_SHORT = 75.0  # four-letter words ("Tlme"), one letter wrong
HEADER_MIN_LENGTH = 4
# Skew: lines at least SLOPE_MIN_SPAN points long, at least SLOPE_MIN_LINES of
# them; slopes under SLOPE_MIN (0.1 degree) are left alone, and over SLOPE_MAX
# (10 degrees) are not believed.
SLOPE_MIN_SPAN = 40.0
SLOPE_MIN_LINES = 3
SLOPE_MIN = 0.002
SLOPE_MAX = 0.18
# Text this many word heights tall is a title, and keeps its own line box.
TITLE_HEIGHT = 2.0
# Scan noise, in median word heights: words flatter than NOISE_MIN_HEIGHT (a row
# rule read as letters), wider per character than NOISE_MAX_CHAR_WIDTH, or short
# scraps taller than NOISE_MAX_HEIGHT; short or unsure words on a vertical rule.
NOISE_MIN_HEIGHT = 0.35
NOISE_MAX_CHAR_WIDTH = 1.6
NOISE_MAX_HEIGHT = 2.2
NOISE_MAX_ALNUM = 3
NOISE_RULE_CONFIDENCE = 50.0
# A vertical rule: at least this many hairline words (at most RULE_MAX_WIDTH wide)
# within a point of the same x.
RULE_MIN_HITS = 3
RULE_MAX_WIDTH = 1.0

_RULE_CHARS = "|¦"
_KEEP_PUNCT = frozenset("-–—&#/%()[]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Letters OCR reads in place of digits, and digits in place of letters.
_AS_DIGIT = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "S": "5",
        "s": "5",
        "§": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
    }
)
_AS_LETTER = str.maketrans({"0": "o", "1": "i", "5": "s", "8": "b", "2": "z"})
_NUMBER_SHAPES = (
    re.compile(r"\d{1,2}/\d{1,2}/\d{2,4},?"),  # 06/18/2025,
    re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"),  # 12:15:46
    re.compile(r"\d{4}-\d{2}-\d{2}"),  # 2025-06-18
    re.compile(r"\d{1,3}(?:,\d{3})+|\d{3,}"),  # 1,103 / 80684
    re.compile(r"(?=[0-9a-f-]*\d)(?=[0-9a-f-]*-)[0-9a-f]+(?:-[0-9a-f]*)+|-[0-9a-f]+"),  # uuid part
)
_SPECK_TAIL = ".'`"
_LEADING_MARKS = re.compile(
    r"^(?:[‘’'`_—–~|]+-?|-)(?=[A-Z])|^[‘’'`_—–~|]+(?=[a-z])|^[‘’“”'`_—–~|(]+(?=\d)"
)
_TIME_SEPARATORS = re.compile(r"^(\d{1,2})[.,;](\d{2})(?:[:.,;](\d{2}))?$")


def _fits_number_shape(text: str) -> bool:
    return any(shape.fullmatch(text) for shape in _NUMBER_SHAPES)


def repair_number(word: str) -> str:
    """A number-shaped word with look-alike letters read back as digits.

    Only when the word is mostly digits already and the repaired form is a date,
    a time, a count or a UUID piece; "I5" or "tbrown2" stay as written.
    """
    if _fits_number_shape(word) or not any(ch.isdigit() for ch in word):
        return word
    alnum = [ch for ch in word if ch.isalnum() or ch == "§"]
    if sum(ch.isdigit() for ch in alnum) * 2 < len(alnum) or len(alnum) < 3:
        return word
    candidate = word.translate(_AS_DIGIT).rstrip(_SPECK_TAIL)  # "03:19:31." is a time
    times = _TIME_SEPARATORS.match(candidate)
    if times:
        candidate = ":".join(part for part in times.groups() if part)
    return candidate if _fits_number_shape(candidate) else word


def clean_word(text: str) -> str:
    """A word as the table should read it: table rules and speck punctuation removed.

    A rule beside a cell often comes back glued to the cell's first word
    ("‘Robbery", "_—‘LE", "-K."): such leading marks are dropped.
    """
    word = text.strip().strip(_RULE_CHARS).strip()
    word = _LEADING_MARKS.sub("", word)
    if not word:
        return ""
    if not _ALNUM.search(word) and not any(ch in _KEEP_PUNCT for ch in word):
        return ""
    return repair_number(word)


@lru_cache(maxsize=4096)
def header_word(token: str) -> str:
    """The header-vocabulary word an OCR token stands for, or the token unchanged."""
    low = token.lower()
    if low in HEADER_WORDS:
        return low
    letters = low.translate(_AS_LETTER)
    if letters in HEADER_WORDS:
        return letters
    if len(letters) < HEADER_MIN_LENGTH or not letters.isalpha():
        return token
    cutoff = HEADER_MIN_RATIO if len(letters) > HEADER_MIN_LENGTH else HEADER_MIN_RATIO_SHORT
    match = process.extractOne(letters, HEADER_WORDS, scorer=fuzz.ratio, score_cutoff=cutoff)
    return str(match[0]) if match is not None else token


def header_reading(text: str) -> str:
    """Text with each word replaced by the header word it was probably printed as."""
    return _TOKEN.sub(lambda m: header_word(m.group(0)), text)


def header_copies(segments: Sequence[Segment]) -> list[Segment]:
    """Copies of the segments, same boxes, text read as header words (for finding headers)."""
    return [
        Segment(s.x0, s.top, s.x1, s.bottom, header_reading(s.text), page=s.page) for s in segments
    ]


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    center: float
    height: float
    confidence: float
    alnum: int
    line: int  # tesseract's line, counted in text order


def _raw_words(page: PageText) -> list[_Word]:
    words: list[_Word] = []
    line = 0
    previous_end = 0
    for box in sorted(page.words, key=lambda b: b.char_start):
        if "\n" in page.text[previous_end : box.char_start]:
            line += 1
        previous_end = box.char_end
        text = page.text[box.char_start : box.char_end].strip()
        if not text or box.x1 <= box.x0:
            continue
        words.append(
            _Word(
                text=text,
                x0=box.x0,
                x1=box.x1,
                center=(box.y0 + box.y1) / 2,
                height=box.y1 - box.y0,
                confidence=box.confidence if box.confidence is not None else -1.0,
                alnum=sum(1 for ch in text if ch.isalnum()),
                line=line,
            )
        )
    return words


def page_slope(words: Sequence[_Word]) -> float:
    """How far the page's text lines climb or fall per point across (dy/dx).

    Each of tesseract's lines long enough to measure gives a least-squares slope
    of its word centres; the median over lines is the page's skew. A scan the
    text stage did not deskew (or only partly) still has its rows level after
    `level`.
    """
    by_line: dict[int, list[_Word]] = {}
    for word in words:
        by_line.setdefault(word.line, []).append(word)
    slopes: list[float] = []
    for line in by_line.values():
        xs = [(w.x0 + w.x1) / 2 for w in line]
        if len(line) < 2 or max(xs) - min(xs) < SLOPE_MIN_SPAN:
            continue
        mean_x = sum(xs) / len(xs)
        mean_y = sum(w.center for w in line) / len(line)
        spread = sum((x - mean_x) ** 2 for x in xs)
        slopes.append(
            sum((x - mean_x) * (w.center - mean_y) for x, w in zip(xs, line, strict=True)) / spread
        )
    if len(slopes) < SLOPE_MIN_LINES:
        return 0.0
    return median(slopes)


def level(words: Sequence[_Word], slope: float) -> list[_Word]:
    """Words turned about the page's middle so that lines of `slope` run flat."""
    if not SLOPE_MIN <= abs(slope) <= SLOPE_MAX:
        return list(words)
    angle = math.atan(slope)
    cos, sin = math.cos(angle), math.sin(angle)
    ox = median((w.x0 + w.x1) / 2 for w in words)
    oy = median(w.center for w in words)
    out: list[_Word] = []
    for w in words:
        dx, dy = (w.x0 + w.x1) / 2 - ox, w.center - oy
        cx = ox + dx * cos + dy * sin
        half = (w.x1 - w.x0) / 2
        out.append(replace(w, x0=cx - half, x1=cx + half, center=oy - dx * sin + dy * cos))
    return out


def rule_positions(words: Sequence[_Word]) -> list[float]:
    """x of the table's vertical rules: where several hairline "words" ("|") stack up."""
    counts: dict[int, int] = {}
    for word in words:
        if word.x1 - word.x0 <= RULE_MAX_WIDTH or word.text.strip(_RULE_CHARS) == "":
            key = round((word.x0 + word.x1) / 2)
            counts[key] = counts.get(key, 0) + 1
    rules: list[float] = []
    for key in sorted(counts):
        near = sum(counts.get(key + d, 0) for d in (-1, 0, 1))
        if near >= RULE_MIN_HITS and (not rules or key - rules[-1] > 2):
            rules.append(float(key))
    return rules


def _is_noise(word: _Word, unit: float, rules: Sequence[float]) -> bool:
    """Marks of the scan, not print: hairline or runaway boxes, rule-borne scraps."""
    short = word.alnum <= NOISE_MAX_ALNUM
    width = word.x1 - word.x0
    if width <= RULE_MAX_WIDTH and word.height > 2.5 * width and len(word.text) <= 2:
        return True  # a piece of a vertical rule, whatever letter OCR made of it
    if word.height < NOISE_MIN_HEIGHT * unit and word.alnum:
        return True
    if width / max(len(word.text), 1) > NOISE_MAX_CHAR_WIDTH * unit:
        return True
    if short and word.height > NOISE_MAX_HEIGHT * unit:
        return True
    on_rule = any(word.x0 - 1.0 <= x <= word.x1 + 1.0 for x in rules)
    return on_rule and (short or word.confidence < NOISE_RULE_CONFIDENCE)


def table_words(page: PageText) -> tuple[list[_Word], float]:
    """The page's words worth reading as table text, and the median word height."""
    raw = _raw_words(page)
    sized = [w.height for w in raw if w.alnum >= 3] or [w.height for w in raw]
    if not sized:
        return [], 0.0
    raw = level(raw, page_slope(raw))
    unit = median(sized)
    rules = rule_positions(raw)
    kept: list[_Word] = []
    for word in raw:
        if _is_noise(word, unit, rules):
            continue
        text = clean_word(word.text)
        if text:
            kept.append(replace(word, text=text))
    return kept, unit


def word_segments(page: PageText) -> list[Segment]:
    """Segments of an OCR'd page, top-down in points of the upright page.

    Words are taken left to right; each joins the segment on its line whose last
    word ends just before it, else starts a new one. Segments get a line box of
    uniform height around the median centre of their words, the way font boxes
    make every run on a printed line the same height.
    """
    words, unit = table_words(page)
    if not words:
        return []
    open_runs: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.x0):
        best: list[_Word] | None = None
        best_gap = 0.0
        for run in open_runs:
            last = run[-1]
            if abs(word.center - last.center) >= SAME_LINE * unit:
                continue
            gap = word.x0 - last.x1
            if -0.5 * unit < gap < WORD_GAP * unit and (best is None or gap < best_gap):
                best, best_gap = run, gap
        if best is None:
            open_runs.append([word])
        else:
            best.append(word)
    return [_segment(run, unit) for run in open_runs]


def _segment(run: list[_Word], unit: float) -> Segment:
    center = median(w.center for w in run)
    own = median(w.height for w in run)
    half = LINE_BOX * (own if own > TITLE_HEIGHT * unit else unit) / 2
    return Segment(
        x0=min(w.x0 for w in run),
        top=center - half,
        x1=max(w.x1 for w in run),
        bottom=center + half,
        text=joined_text([w.text for w in run]),
    )


def joined_text(words: Sequence[str]) -> str:
    """Words of a segment joined by spaces, except where OCR split a number:
    "06/1" "8/2025," is one date, "02:" "17:21" one time."""
    out: list[str] = []
    for word in words:
        if out and _split_number(out[-1], word):
            out[-1] = repair_number(out[-1] + word)
        else:
            out.append(word)
    return " ".join(out)


def _split_number(before: str, after: str) -> bool:
    if not (before[-1:].isdigit() or before.endswith((":", "/"))) or not after[:1].isdigit():
        return False
    if before.endswith((":", "/")):
        return True
    return _fits_number_shape(before + after) and not _fits_number_shape(before)
