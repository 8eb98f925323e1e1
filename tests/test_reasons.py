"""The search-reason lexicon: immigration flag, categories, case numbers.

Examples are written for these tests in the style of free-text reasons officers
type into ALPR search forms.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.reasons import (
    LEXICON_PATH,
    REASON_CATEGORIES,
    LexiconError,
    case_number_in,
    classify_reason,
    compile_lexicon,
    is_immigration,
    load_lexicon,
)

IMMIGRATION = [
    "ICE request",
    "ice",
    "Ice",
    "assist ICE/ERO",
    "HSI assist",
    "hsi case",
    "CBP border crossing",
    "ERO target vehicle",
    "immigration",
    "Immigration enforcement",
    "IMMIGRATION VIOLATOR",
    "immigrant smuggling",
    "deport",
    "deportation order follow up",
    "subject deported in 2019",
    "removal proceedings",
    "287(g) task force",
    "287g",
    "illegal alien",
    "I.C.E. detainer",
    "ICE-ERO",
    "USCIS referral",
    "Border Patrol request",
    "Homeland Security Investigations case",
    "Enforcement and Removal Operations",
    "Customs and Border Protection",
    "Person+Crime+ICE",
]

NOT_IMMIGRATION = [
    "police assist",
    "Notice of violation",
    "service of protective order",
    "Justice court warrant",
    "price gouging",
    "Device recovered",
    "Office of the DA",
    "nice car",
    "juvenile services",
    "practice plate",
    "ICED coffee theft",
    "Eros spa",
    "zero tolerance",
    "hero's welcome",
    "hsing",
    "deportment complaint",
    "tow removal",
    "stolen vehicle",
    "",
    None,
]


@pytest.mark.parametrize("reason", IMMIGRATION)
def test_immigration_terms_flag(reason: str) -> None:
    assert is_immigration(reason), reason
    verdict = classify_reason(reason)
    assert verdict.immigration
    assert verdict.category == "immigration"


@pytest.mark.parametrize("reason", NOT_IMMIGRATION)
def test_words_containing_ice_do_not_flag(reason: str | None) -> None:
    assert not is_immigration(reason), reason
    assert not classify_reason(reason).immigration


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("investigation", "vague"),
        ("INV", "vague"),
        ("investigative+", "vague"),
        ("criminal investigation", "vague"),
        ("LE purposes", "vague"),
        ("case", "vague"),
        ("CFS", "vague"),
        ("police assist", "vague"),
        ("invetigation", "vague"),
        ("INVESTIGATON", "vague"),
        ("x", "vague"),
        ("", "empty"),
        ("   ", "empty"),
        ("N/A", "empty"),
        ("-", "empty"),
        (None, "empty"),
        ("UUV", "stolen_vehicle"),
        ("Stolen vehicle", "stolen_vehicle"),
        ("stolen plate recovered", "stolen_vehicle"),
        ("unauthorized use of a motor vehicle", "stolen_vehicle"),
        ("Carjacking", "stolen_vehicle"),
        ("Missing Person", "missing_person"),
        ("missing juvenile", "missing_person"),
        ("Amber Alert", "missing_person"),
        ("runaway", "missing_person"),
        ("Warrant", "warrant"),
        ("wanted subject", "warrant"),
        ("probation violation", "warrant"),
        ("Property Crime", "investigation"),
        ("Person+Crime", "investigation"),
        ("burglary series", "investigation"),
        ("Hit and run with injury", "investigation"),
        ("homicide", "investigation"),
        ("investigation 25-014233", "investigation"),
        ("Suspicious Vehicle", "investigation"),
        ("Daytime search for best result", "other"),
        ("Camera Test", "other"),
        ("training", "other"),
        ("ICE request re stolen vehicle", "immigration"),
    ],
)
def test_reason_categories(reason: str | None, category: str) -> None:
    assert classify_reason(reason).category == category


def test_stolen_property_is_not_a_stolen_vehicle() -> None:
    assert classify_reason("stolen property from a shed").category != "stolen_vehicle"


def test_missing_plate_is_not_a_missing_person() -> None:
    assert classify_reason("missing plate").category != "missing_person"


@pytest.mark.parametrize(
    ("reason", "number"),
    [
        ("Burglary series 25-014233", "25-014233"),
        ("case #2025-000123 follow up", "2025-000123"),
        ("inv 123456789", "123456789"),
        ("stolen vehicle", None),
        ("seen 2025-06-18 near school", None),
        ("Robbery 06/18/2025", None),
    ],
)
def test_case_number_in_reason(reason: str, number: str | None) -> None:
    assert case_number_in(reason) == number


def test_every_category_in_the_lexicon_is_known() -> None:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    assert set(data["category_order"]) <= set(REASON_CATEGORIES)
    assert set(data["categories"]) == set(data["category_order"])


def test_bad_lexicon_is_a_typed_error(tmp_path: Path) -> None:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    broken = dict(data, immigration=["ice("])
    with pytest.raises(LexiconError, match="bad pattern"):
        compile_lexicon(broken)
    missing = {k: v for k, v in data.items() if k != "vague_tokens"}
    with pytest.raises(LexiconError, match="vague_tokens"):
        compile_lexicon(missing)
    unknown = dict(data, category_order=["speeding"], categories={"speeding": ["speed"]})
    with pytest.raises(LexiconError, match="unknown categories"):
        compile_lexicon(unknown)
    not_json = tmp_path / "reasons.json"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(not_json)


def test_custom_lexicon_is_used_when_given() -> None:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    narrow = compile_lexicon(dict(data, immigration=["immigration"]))
    assert classify_reason("ICE request", narrow).category != "immigration"
    assert classify_reason("immigration", narrow).immigration
