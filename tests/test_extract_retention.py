"""Retention periods: durations that govern keeping or deleting data, and the traps."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc
from pipeline.extract.quantities import find_durations, words_to_number


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def periods(nlp: Language, text: str) -> list[tuple[int, str]]:
    doc, _ = page_doc(nlp, text)
    doc = nlp(doc)
    return [(f.values["days"], f.values["applies_to"]) for f in doc_facts(doc, "retention_periods")]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ALPR data is purged after thirty (30) days.", 30),
        ("All ALPR data will be kept for no longer than one (1) year.", 365),
        ("Images will be retained on the server for a period of 365 days.", 365),
        ("Plate reads may be retained for no longer than 3 anniversary years.", 1095),
        ("Detections are stored in the cloud for six months before deletion.", 180),
        ("The vendor deletes footage on a rolling two-week basis.", 14),
        ("Recordings are overwritten after 2 weeks.", 14),
        ("Retention Period: 30 Days", 30),
        ("Hot list entries are purged every 24 hours.", 1),
        ("Data captured shall be accessible in the system for 90 days for tactical use.", 90),
    ],
)
def test_retention_periods_found(nlp: Language, text: str, days: int) -> None:
    assert [d for d, _ in periods(nlp, text)] == [days]


@pytest.mark.parametrize(
    "text",
    [
        "The term of this agreement is 60 months.",
        "The initial term of the contract shall be sixty (60) months from installation.",
        "Customer shall pay all invoices net 30 days from the date of receipt.",
        "Payment Terms: Net 30 days",
        "The agency shall respond to the request within 10 business days.",
        "Either party may terminate this agreement upon thirty (30) days written notice.",
        "The contractor shall maintain books and records for three (3) years after final payment.",
        "The contractor shall maintain insurance coverage for at least one year after completion.",
        "The vendor warrants the cameras for two (2) years.",
        "The battery keeps the camera running for five days without sun.",
    ],
)
def test_non_retention_durations_ignored(nlp: Language, text: str) -> None:
    assert periods(nlp, text) == []


def test_applies_to_follows_the_data_named(nlp: Language) -> None:
    assert periods(nlp, "Audit logs shall be retained for two (2) years.") == [(730, "audit_log")]
    assert periods(nlp, "Hot list files are deleted after 7 days.") == [(7, "hotlist")]
    found = periods(
        nlp,
        "Footage is deleted after thirty (30) days, excluding Wing Replay video, "
        "which is deleted after seven (7) days.",
    )
    assert (30, "alpr_data") in found
    assert (7, "video") in found


def test_period_split_across_lines_is_found(nlp: Language) -> None:
    text = "All data will be\r\nstored for no longer than thirty\r\n(30) days by the vendor."
    assert [d for d, _ in periods(nlp, text)] == [30]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("one (1) year", 365),
        ("twelve (12) months", 360),
        ("3 weeks", 21),
        ("the 30-day retention period", 30),
        ("one hundred eighty (180) days", 180),
        ("twenty-four months", 720),
        ("72 hours", 3),
    ],
)
def test_durations_in_days(text: str, days: int) -> None:
    assert [d.days for d in find_durations(text)] == [days]


def test_number_words() -> None:
    assert words_to_number("one hundred eighty") == 180
    assert words_to_number("twenty-four") == 24
    assert words_to_number("two thousand five hundred") == 2500
    assert words_to_number("someone") is None
    assert find_durations("someone years later") == []
