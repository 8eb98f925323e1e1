"""Denials and exemption citations, for the citation styles of many states."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.evaluate.citations import citation_sections
from pipeline.extract.citations import find_citations
from pipeline.extract.context import DocContext
from pipeline.extract.denials import STATE_KEY, finalize_denials
from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc

LETTER = DocContext(doc_type="foia_response", letter_like=True, state="FL")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def denials(
    nlp: Language, text: str, context: DocContext = LETTER
) -> list[tuple[str, str | None, str | None]]:
    doc, _ = page_doc(nlp, text)
    doc.user_data[STATE_KEY] = context.state
    doc = nlp(doc)
    facts = finalize_denials([(1, f) for f in doc_facts(doc, "denials")], context)
    return [
        (f.values["kind"], f.values["citation"], f.values["citation_normalized"]) for _, f in facts
    ]


def test_florida_exemption_citation_normalized(nlp: Language) -> None:
    found = denials(nlp, "The records are exempt from disclosure under Fla. Stat. § 119.071(2)(c).")
    assert found == [("exemption", "Fla. Stat. § 119.071(2)(c)", "FL 119.071(2)(c)")]


def test_two_citations_give_two_rows(nlp: Language) -> None:
    found = denials(
        nlp,
        "Some of the data may be exempt from disclosure pursuant to ORS 192.345(3) and "
        "ORS 181A.825(1)(b).",
    )
    assert [n for _, _, n in found] == ["OR 192.345(3)", "OR 181A.825(1)(b)"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The City did not identify records responsive to your request.", "no_records"),
        ("After a diligent search, there are no records responsive to your request.", "no_records"),
        ("The records are being released with redactions of personal information.", "partial"),
        ("Your request is granted in part.", "partial"),
        ("The estimated cost to fulfill your request is $1,250.00.", "fee"),
        ("We will not begin to compile the records until the fee is paid.", "fee"),
        ("The City is prohibited from generating a responsive record.", "refusal"),
        ("Your request is denied.", "refusal"),
    ],
)
def test_denial_kinds(nlp: Language, text: str, kind: str) -> None:
    assert kind in [k for k, _, _ in denials(nlp, text)]


def test_denied_after_an_exemption_is_an_exemption(nlp: Language) -> None:
    text = (
        "The public interest does not outweigh the purpose of the exemption. "
        "As such, your appeal is denied."
    )
    assert {k for k, _, _ in denials(nlp, text)} == {"exemption"}


@pytest.mark.parametrize(
    "text",
    [
        "If any portions are withheld or redacted, please produce all segregable material.",
        "If an exemption has been asserted, you may seek review of that decision.",
        "In the event that there are fees, I would be grateful if you would inform me.",
    ],
)
def test_requester_and_hypothetical_sentences_are_not_denials(nlp: Language, text: str) -> None:
    assert denials(nlp, text) == []


def test_policies_hold_no_denials(nlp: Language) -> None:
    policy = DocContext(doc_type="policy", letter_like=False)
    text = "ALPR data is confidential and exempt from disclosure under s. 316.0777, F.S."
    assert denials(nlp, text, policy) == []


def test_bare_section_takes_the_document_state(nlp: Language) -> None:
    found = denials(nlp, "The video is exempt pursuant to Section 119.071(2)(c).")
    assert found == [("exemption", "Section 119.071(2)(c)", "FL 119.071(2)(c)")]


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("ORS 192.345(23)(b)", "OR 192.345(23)(b)"),
        ("Section 316.0777, F.S.", "FL 316.0777"),
        ("s. 119.071(2)(c), F.S.", "FL 119.071(2)(c)"),
        ("S.C. Code Ann. § 30-4-40(a)(3)", "SC 30-4-40(a)(3)"),
        ("Va. Code § 2.2-3706(B)(1)", "VA 2.2-3706(B)(1)"),
        ("Code of Virginia § 2.2-5517(I)(7)", "VA 2.2-5517(I)(7)"),
        ("Cal. Gov. Code § 7923.600", "CA 7923.600"),
        ("Tex. Gov't Code § 552.108(a)(1)", "TX 552.108(a)(1)"),
        ("RCW 42.56.240(1)", "WA 42.56.240(1)"),
        ("5 ILCS 140/7(1)(d)", "IL 140/7(1)(d)"),
        ("O.C.G.A. § 50-18-72(a)(4)", "GA 50-18-72(a)(4)"),
        ("N.C. Gen. Stat. § 132-1.4", "NC 132-1.4"),
        ("A.R.S. § 39-121.01", "AZ 39-121.01"),
        ("C.R.S. 24-72-305(5)", "CO 24-72-305(5)"),
        ("Public Officers Law § 87(2)(e)", "NY 87(2)(e)"),
        ("MCL 15.243(1)(b)", "MI 15.243(1)(b)"),
        ("KRS 61.878(1)(h)", "KY 61.878(1)(h)"),
        ("5 U.S.C. § 552(b)(7)(E)", "US 552(b)(7)(E)"),
        ("Section 30-4-40(a)(3) of the South Carolina Code", "SC 30-4-40(a)(3)"),
    ],
)
def test_citation_styles(text: str, normalized: str) -> None:
    (citation,) = find_citations(text)
    assert citation.normalized == normalized


def test_citation_sections_agree_with_scorer() -> None:
    (citation,) = find_citations("exempt under ORS 192.345(23) (Security Measures)")
    assert citation_sections(citation.written) == ["192.345"]


def test_request_range_is_not_cited_as_denial(nlp: Language) -> None:
    text = "This request is made pursuant to Oregon's Public Records Law, ORS 192.311-192.478."
    assert denials(nlp, text) == []
