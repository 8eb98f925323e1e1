"""Numbers and durations as records write them: "thirty (30) days", "3 anniversary years".

Legal drafting doubles numbers ("one (1) year"), spells them out ("ninety days"),
hyphenates them ("30-day retention period") and mixes units. One parser serves
retention periods and contract terms so that both read numbers the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}

_NUMWORD = "(?:" + "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True)) + ")"
NUMBER_WORDS = rf"{_NUMWORD}(?:[ -](?:and )?{_NUMWORD})*"
QUANTITY = (
    rf"(?:(?P<words>{NUMBER_WORDS}) ?\( ?(?P<paren>\d[\d,]*) ?\)"
    rf"|(?P<digits>\d[\d,]*(?:\.\d+)?)|(?P<bare>{NUMBER_WORDS}))"
)
_UNIT = (
    r"(?P<qual>calendar |business |working |anniversary |consecutive )?"
    r"(?P<unit>days?|weeks?|months?|years?|yrs?|hours?|hrs?)"
)
DURATION_RE = re.compile(rf"\b{QUANTITY}(?: ?\( ?\d+ ?\))?(?: |-|–| - )?{_UNIT}\b", re.IGNORECASE)

DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0, "yr": 365.0}


def words_to_number(words: str) -> int | None:
    """Value of spelled-out numbers such as "one hundred eighty" or "twenty-four"."""
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[ -]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if word == "thousand":
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def number_value(text: str) -> float | None:
    """A numeral or spelled-out number; commas in numerals are thousands separators."""
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        value = words_to_number(text)
        return None if value is None else float(value)


@dataclass(frozen=True)
class Duration:
    """A stated duration: where it is in the text, what it says, and its length in days."""

    start: int
    end: int
    raw: str
    value: float
    unit: str
    qualifier: str
    days: int


def _unit_key(unit: str) -> str:
    unit = unit.lower()
    if unit.startswith(("hour", "hr")):
        return "hour"
    return unit.rstrip("s")


def to_days(value: float, unit: str) -> int:
    """Days in `value` units (years x365, months x30, weeks x7, hours rounded up to a day).

    A positive period is at least one day: "0.4 days" must not read as "not kept".
    """
    key = _unit_key(unit)
    if key == "hour":
        return max(1, round(value / 24))
    days = round(value * DAYS_PER_UNIT[key])
    return max(1, days) if value > 0 else days


def find_durations(text: str) -> list[Duration]:
    """Every duration in `text`, in order."""
    found: list[Duration] = []
    for m in DURATION_RE.finditer(text):
        number = m.group("paren") or m.group("digits")
        value = (
            number_value(number) if number else number_value(m.group("words") or m.group("bare"))
        )
        if value is None or value <= 0:
            continue
        unit = _unit_key(m.group("unit"))
        found.append(
            Duration(
                start=m.start(),
                end=m.end(),
                raw=m.group(0),
                value=value,
                unit=unit,
                qualifier=(m.group("qual") or "").strip().lower(),
                days=to_days(value, unit),
            )
        )
    return found
