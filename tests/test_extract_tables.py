"""extract_documents limited to some tables: the same rows for those, nothing else run.

The dispatcher asks an audit log only for its vendors; skipping the other
components must not change a vendor row or the document's labels.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.document import extract_documents, skipped_components
from pipeline.extract.nlp import load_nlp
from tests.test_extract_document import LETTER_PAGE, POLICY_PAGE, make_doc

VENDOR_PAGE = (
    "Flock Group Inc. (Flock Safety) will install 12 Falcon cameras. The agreement with\n"
    "Vigilant Solutions ends on June 30. Data is kept for 30 days.\n"
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_vendor_rows_and_labels_match_the_full_run(nlp: Language) -> None:
    docs = [
        make_doc("a" * 64, POLICY_PAGE, VENDOR_PAGE),
        make_doc("b" * 64, LETTER_PAGE, name="letter.pdf"),
    ]
    full = extract_documents(docs, nlp)
    vendors_only = extract_documents(docs, nlp, tables=("vendors",))
    assert any(ext.facts["vendors"] for ext in full)
    assert any(ext.facts["retention_periods"] for ext in full)
    for whole, part in zip(full, vendors_only, strict=True):
        assert part.facts == {"vendors": whole.facts["vendors"]}
        labels = (part.doc_type, part.agency, part.state, part.title)
        assert labels == (whole.doc_type, whole.agency, whole.state, whole.title)


def test_only_a_known_selection_skips_components(nlp: Language) -> None:
    skipped = skipped_components(nlp, ("vendors",))
    assert "retention_periods" in skipped and "vendor_mentions" not in skipped
    assert skipped_components(nlp, None) == []
    assert skipped_components(nlp, ("vendors", "denials")) == []  # denials' needs are not listed
