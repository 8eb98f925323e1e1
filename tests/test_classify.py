"""Classification of documents shaped like the records an ALPR public-records dump holds.

The texts are written for these tests (none is taken from the corpus); each is the
opening of a kind of record, worded the way such records are usually worded.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.classify import (
    DOC_TYPES,
    Classification,
    RulesFileError,
    classify_document,
    document_regions,
    parse_rules,
)
from pipeline.records import DocumentText, FileType, PageText, SourceFile


def make_doc(
    *pages: str, path: str = "batch/upload.pdf", file_type: FileType = "pdf"
) -> DocumentText:
    source = SourceFile("0" * 64, file_type, "application/pdf", 1000, (path,), "/nonexistent")
    return DocumentText(
        source=source,
        pages=[
            PageText("0" * 64, n, "text_layer", text, "test") for n, text in enumerate(pages, 1)
        ],
    )


LEXIPOL_POLICY = """Springfield Police Department
Policy Manual
Policy 462
Automated License Plate Readers (ALPRs)
462.1 PURPOSE AND SCOPE
Automated License Plate Reader (ALPR) technology allows for the automated detection of
license plates. It is used by the Springfield Police Department to convert data associated
with vehicle license plates for official law enforcement purposes.
462.2 POLICY
The policy of the Springfield Police Department is to utilize ALPR technology to capture
and store digital license plate data while recognizing the established privacy rights of
the public.
462.3 ADMINISTRATION
All installation and maintenance of ALPR equipment shall be managed by the Support Bureau.
"""

ORDER_FORM = """Flock Safety
Order Form
Customer: City of Riverton Police Department
Billing Address: 200 Main Street, Riverton, WY 82501
Flock Group Inc., 1170 Howell Mill Rd NW, Atlanta, GA 30318
Initial Term: 24 months    Payment Terms: Net 30
Product                      Quantity     Unit Price     Total
Falcon camera (annual)        12          $3,000.00      $36,000.00
Professional Services - Standard Implementation Fee
This Order Form is governed by the Master Services Agreement between the parties.
"""

INVOICE = """INVOICE
Flock Group Inc.
Invoice Number: INV-20431      Invoice Date: 03/01/2024
Bill To: City of Riverton, Accounts Payable
Ship To: Riverton Police Department
Item Description              Qty     Rate        Amount
Falcon subscription (annual)  12      3,000.00    36,000.00
Amount Due: $36,000.00        Remit To: Flock Group Inc., Atlanta, GA 30318
"""

RECORDS_LETTER = """CITY OF LAKEWOOD
Office of the City Clerk
480 South Allison Parkway, Lakewood, WA 98499

March 4, 2025

Re: Public Records Request No. P012345-022425

Dear Ms. Alvarez,

The City received your request for records relating to automated license plate readers.
The City has located responsive records and is releasing them in part. Camera locations
are withheld because they are exempt from disclosure under RCW 42.56.240(1). There are no
responsive records for the second item of your request.

Sincerely,
Records Officer
"""

COUNCIL_EMAIL = """From: Chief Dana Ortiz
Sent: Tuesday, May 6, 2025 9:14 AM
To: City Council
Subject: Flock camera agreement - questions from Monday's meeting

Council members,

Several of you asked whether the Flock agreement allows federal agencies to search our
cameras. It does not: our network is limited to in-state agencies. I am happy to discuss.

Thank you,
Chief Ortiz
Riverton Police Department
"""

PRESS_RELEASE = """FOR IMMEDIATE RELEASE
News Release - Riverton Police Department
Police Department completes license plate reader pilot

RIVERTON - The Riverton Police Department today announced the results of its six-month
pilot of license plate reader cameras. Chief Ortiz thanked residents for their feedback.
Media contact: Public Information Officer
"""

AGENDA = """AGENDA
REGULAR MEETING OF THE CITY COUNCIL
City of Riverton
Monday, June 2, 2025 - 6:00 PM, Council Chambers
1. CALL TO ORDER
2. ROLL CALL
3. PLEDGE OF ALLEGIANCE
4. CONSENT AGENDA
   a. Approval of the minutes of May 19, 2025
   b. Approve a services agreement with Flock Group Inc. for license plate reader cameras
5. ADJOURNMENT
"""

STAFF_REPORT = """STAFF REPORT
To: Honorable Mayor and City Council
From: Dana Ortiz, Chief of Police
Date: May 27, 2025
Subject: Agreement with Flock Group Inc. for license plate reader cameras

RECOMMENDATION
Staff recommends that Council authorize the City Manager to execute the attached
agreement with Flock Group Inc. for twelve cameras.

BACKGROUND
The Police Department has piloted license plate reader cameras since January.
"""

PURCHASE_ORDER = """PURCHASE ORDER
City of Riverton                         PO Number: 2025-00417
200 Main Street, Riverton, WY 82501     Date: 04/15/2025
Vendor: FLOCK GROUP INC                   Ship To: Police Department
Line  Description                         Qty    Unit Cost    Extended
1     Falcon LPR camera subscription      12     3,000.00     36,000.00
Account Number: 101-2100-52300            Total: 36,000.00
"""

SHARING_FORM = """Rev. 01/2025
Please indicate whether your agency shares license plate reader data with other agencies
(Yes/No): YES
If yes, please check each agency with access:
☐ Adams County SO   ☐ Arvada PD   ☐ Aurora PD   ☐ Boulder County SO   ☐ Brighton PD
☐ Denver PD         ☐ Golden PD   ☐ Lakewood PD ☐ Littleton PD       ☐ Westminster PD
"""

MOU = """MEMORANDUM OF UNDERSTANDING
between the Town of Milford Police Department and the Harbor County Sheriff's Office
This Memorandum of Understanding (hereinafter "MOU") is entered into by and between the
parties for the purpose of sharing license plate reader hot lists.
IN WITNESS WHEREOF, the parties have executed this MOU.
"""

PRINTED_AUDIT = """Network Audit
Organization: Riverton WY PD
Name          Total Networks Searched   Time Frame   License Plate   Case #     Reason
J. Smith      1,204                     7 days       ABC1234         25-00012   stolen vehicle
K. Lee        1,204                     30 days      XYZ9876         25-00044   investigation
"""

AUDIT_CSV_PREVIEW = (
    "ID\tOrg_Name\tTotal_Networks_Searched\tTotal_Devices_Searched\tTime_Frame_Start\t"
    "Reason\tSearch_Time\tSearch_Type\tModeration\n"
    "1a2b\tRiverton WY PD\t840\t17652\t11/13/2025\tbolo\t11/14/2025\tlookup\t\n"
)

MINUTES = """CITY OF RIVERTON
MINUTES OF THE REGULAR CITY COUNCIL MEETING
June 2, 2025
Mayor Hall called the meeting to order at 6:01 p.m. Roll call: all members present.
Councilmember Park moved to approve the Flock agreement; seconded by Councilmember Yu.
The motion carried 5-0. The meeting was adjourned at 7:12 p.m.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LEXIPOL_POLICY, "policy"),
        (ORDER_FORM, "contract"),
        (MOU, "contract"),
        (INVOICE, "other"),
        (PURCHASE_ORDER, "other"),
        (SHARING_FORM, "other"),
        (RECORDS_LETTER, "foia_response"),
        (COUNCIL_EMAIL, "statement"),
        (PRESS_RELEASE, "statement"),
        (STAFF_REPORT, "statement"),
        (AGENDA, "minutes"),
        (MINUTES, "minutes"),
        (PRINTED_AUDIT, "audit_log"),
    ],
    ids=lambda v: v if v in DOC_TYPES else None,
)
def test_doc_type_of_common_record_shapes(text: str, expected: str) -> None:
    result = classify_document(make_doc(text))
    assert result.doc_type == expected
    assert 0.0 < result.confidence <= 1.0


def test_tabular_export_with_search_columns_is_an_audit_log() -> None:
    doc = make_doc(AUDIT_CSV_PREVIEW, path="batch/export.csv", file_type="csv")
    assert classify_document(doc).doc_type == "audit_log"


def test_spreadsheet_without_search_columns_is_not_an_audit_log() -> None:
    preview = "Camera\tLocation\tInstalled\nCam 1\tMain St & 4th\t2024-03-01\n"
    doc = make_doc(preview, path="batch/cameras.csv", file_type="csv")
    assert classify_document(doc).doc_type != "audit_log"


def test_email_subject_naming_an_agreement_stays_correspondence() -> None:
    assert classify_document(make_doc(COUNCIL_EMAIL)).doc_type == "statement"


def test_folder_names_are_evidence_when_text_is_thin() -> None:
    thin = "Riverton\nPage 1 of 2\n" + "x " * 50
    assert classify_document(make_doc(thin, path="b/policies/ALPR_policy.pdf")).doc_type == (
        "policy"
    )
    assert classify_document(make_doc(thin, path="b/minutes/2024-05-01.pdf")).doc_type == (
        "minutes"
    )


def test_bundle_is_what_most_of_its_pages_are() -> None:
    cover = "This item was moved to the maintenance contract account in 2024 for reporting."
    pages = [cover] + [PURCHASE_ORDER] * 3 + ["Check Register\nCheck Number 1001 Vendor X"] * 4
    assert classify_document(make_doc(*pages)).doc_type == "other"


def test_empty_document_is_other_with_low_confidence() -> None:
    result = classify_document(make_doc(""))
    assert result == Classification("other", result.confidence, None, None, result.title)
    assert result.confidence < 0.5


def test_agency_from_letterhead_in_capitals() -> None:
    letter = "LANE COUNTY DISTRICT ATTORNEY'S OFFICE\n125 East 8th Avenue\n\n" + RECORDS_LETTER[70:]
    assert classify_document(make_doc(letter)).agency == "Lane County District Attorney's Office"


def test_agency_city_acting_through_its_police_department() -> None:
    text = (
        "MEMORANDUM OF UNDERSTANDING\nThis MOU is entered into by and between Flock Group, Inc. "
        'and the City of Riverton, Wyoming, through its Police Department ("Agency").\n'
    )
    assert classify_document(make_doc(text)).agency == "City of Riverton Police Department"


def test_agency_in_signature_block_of_an_email() -> None:
    assert classify_document(make_doc(COUNCIL_EMAIL)).agency == "Riverton Police Department"


def test_a_list_of_agencies_names_no_issuer() -> None:
    assert classify_document(make_doc(SHARING_FORM)).agency is None


def test_folder_named_by_acronym_picks_the_party() -> None:
    text = (
        "INTERAGENCY AGREEMENT\nThis agreement is made by the Milford Police Department and "
        "the Harbor County Sheriff's Office, which are criminal justice agencies.\n"
    )
    assert classify_document(make_doc(text, path="b/hcso/agreement.pdf")).agency == (
        "Harbor County Sheriff's Office"
    )
    assert classify_document(make_doc(text, path="b/milford/agreement.pdf")).agency == (
        "Milford Police Department"
    )


@pytest.mark.parametrize(
    ("text", "path", "state"),
    [
        (RECORDS_LETTER, "batch/letter.pdf", "WA"),  # letterhead address
        (INVOICE, "batch/inv.pdf", None),  # only a vendor address: not the agency state
        (ORDER_FORM, "batch/q.pdf", "WY"),  # customer address beats the vendor's
        ("Records are exempt under ORS 192.345(23).", "batch/a.pdf", "OR"),  # statute
        ("Per Fla. Stat. 316.0778 the data is kept.", "batch/a.pdf", "FL"),
        ("nothing to see here", "raw/TX/austin/a.pdf", "TX"),  # a state folder
        ("nothing to see here", "raw/oregon-requests/a.pdf", "OR"),  # a state name
        ("nothing to see here", "batch/a.pdf", None),
    ],
)
def test_state_from_addresses_statutes_and_paths(text: str, path: str, state: str | None) -> None:
    assert classify_document(make_doc(text, path=path)).state == state


def test_title_prefers_heading_or_subject() -> None:
    assert classify_document(make_doc(MOU)).title == "MEMORANDUM OF UNDERSTANDING"
    assert classify_document(make_doc(COUNCIL_EMAIL)).title == (
        "Flock camera agreement - questions from Monday's meeting"
    )


def test_regions_read_a_short_cover_page_with_the_next() -> None:
    regions = document_regions(
        make_doc("FAX COVER SHEET - 3 pages total, see attached", PURCHASE_ORDER)
    )
    assert "PURCHASE ORDER" in regions.head


def test_rules_file_errors_are_typed() -> None:
    with pytest.raises(RulesFileError, match="4 tab-separated"):
        parse_rules(["contract\thead\t2"])
    with pytest.raises(RulesFileError, match="unknown type"):
        parse_rules(["memo\thead\t2\tx"])
    with pytest.raises(RulesFileError, match=":1:"):
        parse_rules(["contract\thead\t2\t(unclosed"])
    assert parse_rules(["# comment", "", "contract\thead\t2\tagreement"])[0].weight == 2.0


@given(st.lists(st.text(max_size=400), max_size=4), st.sampled_from(["pdf", "csv", "text"]))
@settings(max_examples=60, deadline=None)
def test_any_text_gets_a_valid_classification(pages: list[str], file_type: FileType) -> None:
    result = classify_document(make_doc(*pages, file_type=file_type))
    assert result.doc_type in DOC_TYPES
    assert 0.0 < result.confidence <= 1.0
    assert result.state is None or (len(result.state) == 2 and result.state.isupper())


def test_document_without_pages_or_paths() -> None:
    source = SourceFile("0" * 64, "pdf", "application/pdf", 0, (), "/nonexistent")
    result = classify_document(DocumentText(source=source))
    assert (result.doc_type, result.agency, result.state, result.title) == (
        "other",
        None,
        None,
        None,
    )


@pytest.mark.timeout(20)
def test_a_huge_page_is_classified_quickly() -> None:
    page = (MINUTES + "\n") * 3000  # ~1.2 MB of text on one page
    started = time.perf_counter()
    assert classify_document(make_doc(page)).doc_type == "minutes"
    assert time.perf_counter() - started < 5.0
