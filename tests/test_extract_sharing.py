"""Sharing clauses: stance and recipients, including the traps the rules must not fall into."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.facts import doc_facts
from pipeline.extract.nlp import load_nlp, page_doc
from pipeline.extract.sharing import rule_stance


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def clauses(nlp: Language, text: str) -> list[tuple[str, list[str]]]:
    doc, _ = page_doc(nlp, text)
    doc = nlp(doc)
    return [(f.values["stance"], f.values["recipients"]) for f in doc_facts(doc, "sharing_clauses")]


def test_direct_access_not_granted_to_ice_prohibits_immigration(nlp: Language) -> None:
    # ICE is a federal agency too: a reporter asking who lets federal agencies search counts it.
    assert clauses(nlp, "Direct access to data is not granted to ICE.") == [
        ("prohibits", ["federal", "immigration"])
    ]


def test_shall_not_share_except_is_conditional(nlp: Language) -> None:
    found = clauses(
        nlp,
        "The department shall not share ALPR data with any agency except pursuant to a "
        "court order.",
    )
    assert found == [("conditional", ["law_enforcement"])]


@pytest.mark.parametrize(
    "text",
    [
        "The police department will provide notice of the service to the vendor.",
        "Police officers shall give notice before any service interruption.",
        "The city council discussed the ice rink and the notice to the police service.",
    ],
)
def test_ice_inside_other_words_is_not_immigration(nlp: Language, text: str) -> None:
    for _, recipients in clauses(nlp, text):
        assert "immigration" not in recipients


def test_ice_as_an_agency_is_immigration(nlp: Language) -> None:
    found = clauses(nlp, "Plate data may be shared with ICE and CBP upon request.")
    assert found == [("conditional", ["federal", "immigration"])]


@pytest.mark.parametrize(
    ("text", "stance", "recipients"),
    [
        (
            "ALPR data may be shared with other law enforcement agencies.",
            "permits",
            ["law_enforcement"],
        ),
        (
            "Officers will utilize the LPR for law enforcement purposes only.",
            "conditional",
            ["law_enforcement"],
        ),
        (
            "Because such data may contain confidential information, it is not open to "
            "public review.",
            "prohibits",
            ["public"],
        ),
        ("The vendor does not own and shall not sell Customer Data.", "prohibits", ["private"]),
        (
            "Plate data will not be shared with federal agencies or out-of-state agencies.",
            "prohibits",
            ["federal", "out_of_state"],
        ),
        (
            "Footage may be disclosed to law enforcement authorities, government officials, "
            "and/or third parties if legally required to do so.",
            "conditional",
            ["law_enforcement", "other"],
        ),
        (
            "Retained footage will not be retrievable without a valid court order.",
            "conditional",
            [],
        ),
        (
            "Such ALPR data may be released to other law enforcement agencies at any time.",
            "permits",
            ["law_enforcement"],
        ),
        (
            "ALPR information may be used and shared with prosecutors or others only as "
            "permitted by law.",
            "conditional",
            ["law_enforcement", "other"],
        ),
        ("Residents may not access the LPR system.", "prohibits", ["public"]),
    ],
)
def test_stance_and_recipients(
    nlp: Language, text: str, stance: str, recipients: list[str]
) -> None:
    assert clauses(nlp, text) == [(stance, recipients)]


def test_owner_of_the_data_is_not_a_recipient(nlp: Language) -> None:
    text = (
        "All data gathered by ALPR are for the official use of the Police Department and, "
        "because such data may be confidential, it is not open to public review."
    )
    assert clauses(nlp, text) == [("prohibits", ["public"])]


def test_california_statute_reference_is_understood(nlp: Language) -> None:
    text = (
        "ALPR information may be shared only with other public agencies as permitted by "
        "Cal. Civ. Code 1798.90.55."
    )
    pairs = {(s, r) for s, rs in clauses(nlp, text) for r in rs}
    assert ("conditional", "law_enforcement") in pairs
    assert ("prohibits", "out_of_state") in pairs
    assert ("prohibits", "federal") in pairs


@pytest.mark.parametrize(
    "text",
    [
        "This Data Sharing Agreement is entered into by and between the vendor and the city.",
        "The system receives an alert when a plate matches the hot list.",
        "No components of the system will be removed or transferred without authorization.",
        "The receiving party shall not disclose Confidential Information of the disclosing party.",
        "If any portions are withheld, I request that you release all segregable data.",
        "G. DATA COLLECTION, ACCESS, USE, RETENTION, AND AUDIT",
    ],
)
def test_not_sharing_clauses(nlp: Language, text: str) -> None:
    assert clauses(nlp, text) == []


def test_rule_stance_cues() -> None:
    assert rule_stance("Data shall not be shared with vendors.")[0] == "prohibits"
    assert (
        rule_stance("Data shall not be shared unless a warrant is presented.")[0] == "conditional"
    )
    assert rule_stance("Data may be shared only for investigations.")[0] == "conditional"
    assert rule_stance("Data may be shared with the sheriff.")[0] == "permits"
    assert (
        rule_stance("Including but not limited to sharing data with the sheriff.")[0] == "permits"
    )


def test_model_component_is_shipped_and_disabled(nlp: Language) -> None:
    assert "sharing_stance" in nlp.component_names
    assert "sharing_stance" in nlp.disabled
    textcat = nlp.get_pipe("sharing_stance")
    cats = textcat(nlp.make_doc("Plate data may be shared with the sheriff.")).cats
    assert set(cats) == {"NONE", "PERMITS", "PROHIBITS", "CONDITIONAL"}
    assert max(cats, key=lambda k: cats[k]) == "PERMITS"
