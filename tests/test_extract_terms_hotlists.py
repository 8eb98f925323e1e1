"""Contract terms (prices, camera counts, lengths) and the hotlists a system checks."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def facts(nlp: Language, text: str, table: str) -> list[dict[str, object]]:
    doc, _ = page_doc(nlp, text)
    doc = nlp(doc)
    return [f.values for f in doc_facts(doc, table)]


@pytest.mark.parametrize(
    ("text", "term", "value"),
    [
        ("Total Contract Amount: $6,500.00", "total_price", 6500.0),
        ("authorizing the purchase in the total amount of $768,362.29.", "total_price", 768362.29),
        ("System approved for 27 cameras at a cost NTE of $344,400.", "total_price", 344400.0),
        ("System approved for 27 cameras at 13 locations.", "camera_count", 27.0),
        ("Number of Cameras: 11", "camera_count", 11.0),
        ("Usage Fees: $2,000 per year", "annual_price", 2000.0),
        ("Initial Term: 24 Months", "term_months", 24.0),
        ("The term of this agreement is 60 months.", "term_months", 60.0),
        ("The initial term shall be two (2) years.", "term_months", 24.0),
        ("Renewal Term: 12 months", "renewal_term_months", 12.0),
    ],
)
def test_contract_terms(nlp: Language, text: str, term: str, value: float) -> None:
    found = [(f["term"], f["value"]) for f in facts(nlp, text, "contract_terms")]
    assert (term, value) in found


@pytest.mark.parametrize(
    "text",
    [
        "SOP 228.1 License Plate Readers Page 1 of 4",
        "Customer shall be liable in the amount of $200.00 per Unit for early termination.",
    ],
)
def test_not_contract_terms(nlp: Language, text: str) -> None:
    assert facts(nlp, text, "contract_terms") == []


def test_hotlists_named_once_per_page(nlp: Language) -> None:
    text = (
        "Hot lists include the NCIC Immigration Violator File, NCIC stolen vehicles and "
        "AMBER Alerts. Officers confirm every NCIC hit."
    )
    names = [str(f["hotlist"]) for f in facts(nlp, text, "hotlists")]
    assert sorted(names) == ["AMBER Alert", "NCIC", "NCIC Immigration Violator File"]


def test_amber_the_name_is_not_a_hotlist(nlp: Language) -> None:
    assert facts(nlp, "Signed, Amber L. Smith, Deputy District Attorney", "hotlists") == []
