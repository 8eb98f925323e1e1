"""Agency and state completed from the other documents of a batch.

Names, places and files here are invented for the tests.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.extract.agencies import resolve_agency
from pipeline.extract.agency_batch import settle_batch
from pipeline.extract.dispatch import extract_all
from pipeline.records import DocumentText, Extraction, PageText, SourceFile


def _doc(doc_id: str, path: str) -> DocumentText:
    return DocumentText(source=SourceFile(doc_id, "pdf", "application/pdf", 1, (path,), "/none"))


def _settle(*rows: tuple[str, str, str | None, str | None, str]) -> dict[str, Extraction]:
    """rows: (doc_id, path, agency, state, doc_type) -> settled extractions by doc_id."""
    extractions = [Extraction(i, doc_type=t, agency=a, state=s) for i, _, a, s, t in rows]
    docs = [_doc(i, p) for i, p, *_ in rows]
    return {e.doc_id: e for e in settle_batch(extractions, docs)}


def _id(ext: Extraction) -> str | None:
    return resolve_agency(ext.agency, ext.state).agency_id if ext.agency else None


def test_agency_named_without_state_takes_the_state_of_its_place() -> None:
    out = _settle(
        ("a", "b/letter.pdf", "Dunmore Police Department", "NE", "foia_response"),
        ("b", "b/portal.txt", "City of Dunmore Police Department", None, "foia_response"),
        ("c", "b/minutes.pdf", "City of Dunmore", None, "minutes"),
    )
    assert out["b"].state == "NE" and out["c"].state == "NE"
    assert _id(out["a"]) == _id(out["b"]) == "ne-dunmore-police"
    assert _id(out["c"]) == "ne-city-of-dunmore"


def test_a_place_seen_in_two_states_gives_no_state() -> None:
    out = _settle(
        ("a", "b/x.pdf", "Hollis Police Department", "NE", "policy"),
        ("b", "b/y.pdf", "Hollis Police Department", "KS", "policy"),
        ("c", "b/z.pdf", "Hollis Police Department", None, "policy"),
    )
    assert out["c"].state is None


def test_known_fields_are_never_replaced() -> None:
    out = _settle(
        ("a", "b/dunmore_audit.csv", "Dunmore Police Department", "NE", "audit_log"),
        ("b", "b/dunmore_policy.pdf", "Keller County Sheriff's Office", "KS", "policy"),
    )
    assert (out["b"].agency, out["b"].state) == ("Keller County Sheriff's Office", "KS")


def test_audit_export_named_after_a_place_gets_its_department() -> None:
    out = _settle(
        ("a", "b/contracts/order.pdf", "City of Dunmore", "NE", "contract"),
        ("b", "b/letters/reply.pdf", "Dunmore Police Department", "NE", "foia_response"),
        ("c", "b/audit/dunmore_flock_search_audit_2024-04.xlsx", None, None, "audit_log"),
    )
    assert _id(out["c"]) == "ne-dunmore-police"
    assert out["c"].state == "NE"


def test_county_export_gets_the_sheriff() -> None:
    out = _settle(
        ("a", "b/go_41.pdf", "Keller County Sheriff's Office", "KS", "policy"),
        ("c", "b/keller_county_network_audit_2024Q2.csv", None, None, "audit_log"),
    )
    assert _id(out["c"]) == "ks-keller-sheriff"


def test_acronym_in_a_camel_case_file_name() -> None:
    out = _settle(
        ("a", "OR/dunmore/policy.pdf", "Dunmore Police Department", "OR", "policy"),
        ("c", "exports/DPDSearchAuditLogs.csv", None, None, "audit_log"),
    )
    assert _id(out["c"]) == "or-dunmore-police"


def test_folder_names_the_agency_when_the_file_name_does_not() -> None:
    out = _settle(
        ("a", "NE/dunmore/reso.pdf", "Town of Dunmore", "NE", "policy"),
        ("c", "NE/dunmore/update_to_council.docx", None, "NE", "statement"),
    )
    assert _id(out["c"]) == "ne-city-of-dunmore"


def test_a_contract_is_not_given_to_the_police_by_folder_alone() -> None:
    """Contracts are the city's; when the batch knows only its police, no guess."""
    out = _settle(
        ("a", "NE/dunmore/policy.pdf", "Dunmore Police Department", "NE", "policy"),
        ("c", "NE/dunmore/contract_477.pdf", None, "NE", "contract"),
    )
    assert out["c"].agency is None


def test_abbreviation_in_the_file_name_decides_between_city_and_department() -> None:
    out = _settle(
        ("a", "b/x.pdf", "City of Dunmore", "NE", "minutes"),
        ("b", "b/y.pdf", "Dunmore Police Department", "NE", "policy"),
        ("c", "b/dunmore_pd_order_form.pdf", None, None, "contract"),
        ("d", "b/dunmore_order_form.pdf", None, None, "contract"),
    )
    assert _id(out["c"]) == "ne-dunmore-police"
    assert _id(out["d"]) == "ne-city-of-dunmore"


def test_two_places_in_a_file_name_give_no_guess_but_a_longer_place_wins() -> None:
    out = _settle(
        ("a", "b/x.pdf", "Palm Grove Police Department", "NE", "policy"),
        ("b", "b/y.pdf", "West Palm Grove Police Department", "NE", "policy"),
        ("c", "b/z.pdf", "Dunmore Police Department", "NE", "policy"),
        ("d", "b/west_palm_grove_audit.csv", None, None, "audit_log"),
        ("e", "b/dunmore_and_palm_grove_audit.csv", None, None, "audit_log"),
    )
    assert _id(out["d"]) == "ne-west-palm-grove-police"
    assert out["e"].agency is None


def test_a_file_name_never_invents_an_agency() -> None:
    out = _settle(
        ("a", "b/x.pdf", "Dunmore Police Department", "NE", "policy"),
        ("c", "b/hollis_pd_audit.csv", None, None, "audit_log"),
        ("d", "b/pd_audit.csv", None, None, "audit_log"),
    )
    assert out["c"].agency is None and out["d"].agency is None


def test_agencies_from_outside_the_batch_count() -> None:
    extractions = [Extraction("c", doc_type="audit_log")]
    docs = [_doc("c", "b/dunmore_search_audit.csv")]
    (out,) = settle_batch(extractions, docs, known=[("Dunmore Police Department", "NE")])
    assert _id(out) == "ne-dunmore-police"


def test_extract_all_settles_the_batch(tmp_path: Path) -> None:
    """Through the dispatcher: an export named after a place gets the agency (and its
    state) that a letter of the same batch gives, and both share one agency row."""
    rows = [
        ["Search ID", "Org Name", "User", "Search Time (UTC)", "Reason", "Case #"],
        ["a1", "Dunmore NE PD", "user1", "2024-04-01 10:46:59", "robbery", "24-1"],
        ["a2", "Dunmore NE PD", "user2", "2024-04-02 11:00:00", "stolen vehicle", "24-2"],
    ]
    csv_path = tmp_path / "dunmore_flock_search_audit_2024-04.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    export = DocumentText(
        source=SourceFile(
            "e" * 64,
            "csv",
            "text/csv",
            csv_path.stat().st_size,
            ("batch/audit/dunmore_flock_search_audit_2024-04.csv",),
            str(csv_path),
        ),
        pages=[PageText("e" * 64, 1, "text_layer", "\n".join("\t".join(r) for r in rows), "t")],
    )
    letter_text = (
        "DUNMORE POLICE DEPARTMENT\nRecords Unit | 1 Main Street | Dunmore, NE 68001\n\n"
        "Re: Public Records Request 2024-17\nDear Mr. Lee:\nThe Department has no records "
        "responsive to your request.\nSincerely,\nDunmore Police Department"
    )
    letter = DocumentText(
        source=SourceFile("f" * 64, "pdf", "application/pdf", 1, ("batch/letter.pdf",), "/x"),
        pages=[PageText("f" * 64, 1, "text_layer", letter_text, "t")],
    )
    extractions, agencies = extract_all([export, letter])
    by_id = {e.doc_id: e for e in extractions}
    assert by_id["e" * 64].doc_type == "audit_log"
    assert _id(by_id["e" * 64]) == _id(by_id["f" * 64]) == "ne-dunmore-police"
    assert by_id["e" * 64].state == "NE"
    assert [a["agency_id"] for a in agencies] == ["ne-dunmore-police"]
