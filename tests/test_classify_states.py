"""State clues beyond addresses: where a record places things, the records law it cites.

Texts are written for these tests; places are invented unless a real state is the point.
"""

from __future__ import annotations

import pytest

from pipeline.extract.audit_detect import audit_log_detected
from pipeline.extract.classify import classify_document
from pipeline.extract.regions import path_words
from pipeline.extract.states import STATUTE_STATES, _cited
from pipeline.records import DocumentText, PageText, SourceFile


def make_doc(*pages: str, path: str = "batch/upload.pdf") -> DocumentText:
    source = SourceFile("1" * 64, "pdf", "application/pdf", 1, (path,), "/nonexistent")
    return DocumentText(
        source=source,
        pages=[PageText("1" * 64, n, "text_layer", t, "test") for n, t in enumerate(pages, 1)],
    )


MINUTES = """CITY OF DUNMORE FALLS
City Council Regular Meeting Minutes
Chief Ross stated that the department would not share camera data with federal
immigration authorities and that access would be limited to law enforcement agencies
in South Carolina.
"""

EMAIL = """From: Pat Lee <plee@dunmore.example>
Subject: RE: cameras
Our cameras may be searched only by Illinois law enforcement agencies. We have
disabled national sharing, so agencies outside Illinois cannot search our data.
"""

RESPONSE = """Dear Ms. Okafor:
This letter responds to your request under the Colorado Open Records Act, received
June 24, 2024, for license plate reader detections.
"""

COUNTY_STREET = """Hollis Police Department
12 Washington Avenue
Hollis Police Department works with the Washington County Sheriff's Office on
regional cases.
"""


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (MINUTES, "SC"),
        (EMAIL, "IL"),
        (RESPONSE, "CO"),
        (COUNTY_STREET, None),  # a county and a street named Washington are not the state
    ],
)
def test_state_from_places_and_records_laws(text: str, state: str | None) -> None:
    assert classify_document(make_doc(text)).state == state


def test_a_state_named_once_in_passing_is_not_enough() -> None:
    text = "Dunmore Police Department\nThe vendor, Example Corp of Atlanta, Georgia, said so."
    assert classify_document(make_doc(text)).state is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("withheld under C.R.S. 24-72-305(5)", True),
        ("withheld underC.R.S. 24-72-305(5)", False),  # not at a word start
        ("see Va. Code § 2.2-3706", True),
        ("per §2.2-3706.1", True),  # starts with a non-word character: no boundary needed
        ("see 5 ILCS 140/7", True),
        ("see A5 ILCS 140/7", False),
    ],
)
def test_statute_found_only_at_a_word_start(text: str, found: bool) -> None:
    patterns = [p for _, p in STATUTE_STATES]
    assert any(_cited(p, text) for p in patterns) is found


def test_path_words_split_camel_case_and_acronyms() -> None:
    assert path_words(["OR/eugene/EPDSearchAuditLogs.csv"]) == "or eugene epd search audit logs csv"
    assert path_words(["FL/davie/Davie_PD-MOU.pdf"]) == "fl davie davie pd mou pdf"


def test_audit_detection_is_asked_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract.audit_detect as memo

    calls: list[str] = []
    real = memo.detect_audit_log

    def counting(doc: DocumentText) -> bool:
        calls.append(doc.source.doc_id)
        return real(doc)

    monkeypatch.setattr(memo, "detect_audit_log", counting)
    monkeypatch.setattr(memo, "_memo", {})
    doc = make_doc("Search ID\tOrg Name\tReason\tSearch Time\nx\ty\tz\t2024-01-01 10:00:00")
    first = audit_log_detected(doc)
    assert audit_log_detected(doc) == first
    classify_document(doc)
    assert len(calls) == 1
    changed = make_doc("Dunmore Police Department\nA memo about cameras.")
    assert audit_log_detected(changed) is False
    assert len(calls) == 2
