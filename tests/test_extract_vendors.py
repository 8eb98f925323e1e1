"""Vendors: gazetteer aliases resolve to companies; agencies, law firms and utilities do not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.context import DocContext, build_context
from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc
from pipeline.extract.vendors import finalize_vendors

LPR_DOC = DocContext(about_lpr=True)
OTHER_DOC = DocContext(about_lpr=False)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def vendors(nlp: Language, text: str, context: DocContext = LPR_DOC) -> set[str]:
    doc, _ = page_doc(nlp, text)
    doc = nlp(doc)
    facts = [(1, f) for f in doc_facts(doc, "vendors")]
    return {str(f.values["vendor"]) for _, f in finalize_vendors(facts, context)}


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("The city installed twelve Falcon cameras last year.", "Flock Safety"),
        ("Detectives queried LEARN for the partial plate.", "Vigilant Solutions"),
        ("Analysts may also search CLEAR for associated addresses.", "Thomson Reuters"),
        ("The quote covers AutoVu SharpV camera kits.", "Genetec"),
        ("The agreement with Flock Group Inc. covers 24 months.", "Flock Safety"),
        ("Purchase order to REKOR RECOGNITION SYSTEMS, INC.", "Rekor Systems"),
        ("Fixed readers from Leonardo ELSAG were mounted on poles.", "Leonardo ELSAG"),
        ("The OpenALPR software runs on the county servers.", "Rekor Systems"),
    ],
)
def test_product_alias_resolves_to_company(nlp: Language, text: str, company: str) -> None:
    assert vendors(nlp, text) == {company}


def test_ambiguous_alias_needs_a_plate_reader_document(nlp: Language) -> None:
    text = "The Falcon mascot visited the school; students must LEARN the rules and stay CLEAR."
    assert vendors(nlp, text, OTHER_DOC) == set()


def test_ambiguous_alias_confirmed_by_full_name(nlp: Language) -> None:
    text = "Flock Safety provides the service. The Falcon units are solar powered."
    assert vendors(nlp, text, OTHER_DOC) == {"Flock Safety"}


def test_insight_needs_the_company_named(nlp: Language) -> None:
    assert vendors(nlp, "This gives insight into Insight pricing.", LPR_DOC) == set()
    text = "Quote from Insight Public Sector. Insight will invoice the city."
    assert vendors(nlp, text) == {"Insight Public Sector"}


def test_agency_itself_is_not_a_vendor(nlp: Language) -> None:
    context = DocContext(about_lpr=True, agency="Axon County Sheriff's Office")
    assert vendors(nlp, "The Axon County Sheriff's Office operates four readers.", context) == set()


def test_company_outside_gazetteer_found_by_legal_form(nlp: Language) -> None:
    text = (
        "Resolution authorizing the purchase of goods from Acme Roadway Optics, Inc., "
        "for fixed automated license plate reader technology."
    )
    assert vendors(nlp, text) == {"Acme Roadway Optics"}


@pytest.mark.parametrize(
    "text",
    [
        "Purchase of five rescue vehicles from Ten-8 Fire and Safety, LLC.",
        "Counsel: Smith Jones, P.A. reviewed the license plate reader contract.",
        "Florida Power & Light Company will power the license plate reader poles.",
        "Consulting by Calvin, Giordano & Associates, Inc. on the camera project.",
    ],
)
def test_unrelated_companies_law_firms_and_utilities_are_not_vendors(
    nlp: Language, text: str
) -> None:
    assert vendors(nlp, text) == set()


def test_vendor_quote_and_mention(nlp: Language) -> None:
    doc, _ = page_doc(nlp, "Our reseller is Vetted Security Solutions for the LPR cameras.")
    doc = nlp(doc)
    (fact,) = doc_facts(doc, "vendors")
    assert fact.values["mention"] == "Vetted Security Solutions"
    assert doc.text[fact.start : fact.end].startswith("Our reseller")


def test_context_from_pages() -> None:
    context = build_context(["Dear requester,", "the license plate reader data"], "statement")
    assert context.about_lpr and context.letter_like and context.may_hold_denials
    assert build_context(["Minutes of the meeting"], "audit_log").about_lpr
    assert not build_context(["Dear requester"], "policy").may_hold_denials
