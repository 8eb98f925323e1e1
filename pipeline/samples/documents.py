# ruff: noqa: E501  (document prose: one paragraph per line, as laid out)
"""The sample documents: invented agencies, people and records, written like real ones.

Everything here is fiction written for this project (agencies, people, addresses,
phone numbers in the 555-01xx range, .example mail domains); only the statutes cited
and the vendor and product names are real, because the pipeline must recognise them.
Each document carries the facts a careful labeler would record, following
shared/LABELS.md; pages of quotes are found by the generator, not written by hand.
ICE, HSI, CBP and "federal immigration" recipients are labeled both federal and
immigration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pipeline.samples.layout import HELVETICA, TIMES, TextStyle
from pipeline.samples.manifest import (
    ContractTerm,
    DenialItem,
    HotlistItem,
    RetentionItem,
    SharingItem,
)

Form = Literal["pdf", "scanned_pdf", "mixed_pdf", "image", "docx", "email", "text"]


@dataclass(frozen=True)
class DocSpec:
    """One sample document before it is written: its pages and its known facts.

    `pages` holds layout markup (pipeline.samples.layout) for PDFs and images, and the
    single body text for DOCX, e-mail and plain-text files.
    """

    path: str
    form: Form
    doc_type: str
    agency: str
    state: str
    pages: tuple[str, ...]
    vendors: tuple[str, ...] = ()
    retention: tuple[RetentionItem, ...] = ()
    sharing: tuple[SharingItem, ...] = ()
    denials: tuple[DenialItem, ...] = ()
    contract_terms: tuple[ContractTerm, ...] = ()
    hotlists: tuple[HotlistItem, ...] = ()
    scanned: tuple[int, ...] = ()
    keywords: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    skew: tuple[float, ...] = ()
    style: TextStyle = HELVETICA
    footer: str | None = None
    title: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    notes: str = ""


def keep(days: int, applies_to: str, quote: str) -> RetentionItem:
    return RetentionItem(days=days, applies_to=applies_to, quote=quote)


def share(stance: str, recipients: tuple[str, ...], quote: str) -> SharingItem:
    return SharingItem(stance=stance, recipients=recipients, quote=quote)


def deny(kind: str, citation: str | None, quote: str) -> DenialItem:
    return DenialItem(kind=kind, citation=citation, quote=quote)


def term(name: str, value: float, unit: str, quote: str) -> ContractTerm:
    return ContractTerm(term=name, value=value, unit=unit, quote=quote)


FEDERAL_IMMIGRATION = ("federal", "immigration")

# --------------------------------------------------------------------------- contract

FLOCK_ORDER_FORM = DocSpec(
    path="contracts/harbor_bluff_flock_order_form_Q-2024-04417.pdf",
    form="pdf",
    doc_type="contract",
    agency="City of Harbor Bluff Police Department",
    state="OR",
    title="Flock Safety Order Form Q-2024-04417",
    footer="Flock Group Inc. Order Form Q-2024-04417 | Page {page} of {pages}",
    pages=(
        """# Flock Safety
^ Flock Group Inc. | Atlanta, Georgia
---
## ORDER FORM

Quote Number: Q-2024-04417
Quote Date: April 8, 2024
Quote Expiration: June 30, 2024

Prepared for: City of Harbor Bluff Police Department
400 Front Street, Harbor Bluff, OR 97410
Attention: Chief Marcus Delgado

Prepared by: Jordan Ellery, Regional Sales Director, Flock Group Inc.

## Products and Services
|= 52 8 18 22
| Description | Qty | Unit Price | Extended
| Falcon LPR Camera (annual subscription) | 14 | $3,000.00 | $42,000.00
| Falcon Solar Power Kit | 4 | $750.00 | $3,000.00
| Standard Implementation Fee | 14 | $650.00 | $9,100.00
| FlockOS Essentials | 1 | $0.00 | $0.00
---
|= 70 30
| Year 1 Subtotal | $54,100.00
| Year 2 Subscription | $42,000.00
| Total Contract Value | $96,100.00

This Order Form covers fourteen (14) Falcon license plate reader cameras for an Initial Term of twenty-four (24) months beginning on the date the cameras are installed (the "Subscription Start Date").

Year 1 fees are invoiced upon execution of this Order Form. Year 2 fees are invoiced on the first anniversary of the Subscription Start Date. Payment is due within thirty (30) days of the invoice date.

Pricing assumes installation on existing poles in the public right-of-way. Permits, traffic control, and electrical work are the responsibility of the Customer unless stated otherwise above.
""",
        """## Terms and Conditions

1. Subscription Term. The Initial Term begins on the Subscription Start Date. After the Initial Term, this Order Form renews automatically for successive twelve (12) month terms unless either party gives written notice of non-renewal at least thirty (30) days before the end of the current term.

2. Fees. Fees are fixed for the Initial Term. Flock may adjust fees for a renewal term by giving the Customer notice at least sixty (60) days before the renewal term begins.

3. Customer Data. As between the parties, Customer owns all Customer Data, including license plate images, vehicle attributes, and associated metadata captured by the Falcon cameras ("Footage").

4. Retention. Flock stores Footage on its cloud servers for thirty (30) days and then permanently deletes it, unless Customer preserves specific Footage for an ongoing investigation or a longer period is required by applicable law.

5. Access and Sharing. Flock will not share, sell, or disclose Customer Data to any third party except as directed by Customer or as required by law. Customer may, in its sole discretion, grant other law enforcement agencies access to its Footage through the Flock platform.

6. Hardware. Flock retains ownership of all cameras and mounting hardware. Flock will repair or replace malfunctioning hardware within ten (10) business days of notice at no additional cost.

7. Termination. Either party may terminate this Order Form for a material breach that is not cured within sixty (60) days after written notice. On termination Flock will remove its hardware at its own expense.

8. Governing Law. This Order Form is governed by the laws of the State of Oregon.
""",
        """## Acceptance

By signing below, each party agrees to this Order Form and to the Terms and Conditions above.

FLOCK GROUP INC.

Signature: ______________________________
Name: Jordan Ellery
Title: Regional Sales Director
Date: April 8, 2024

CITY OF HARBOR BLUFF

Signature: ______________________________
Name: Dana Whitcomb
Title: City Manager
Date: April 22, 2024

Approved as to form:

Signature: ______________________________
Name: Priya Raman
Title: City Attorney
""",
    ),
    vendors=("Flock Safety",),
    contract_terms=(
        term("total_price", 96100.0, "USD", "Total Contract Value $96,100.00"),
        term("camera_count", 14.0, "cameras", "fourteen (14) Falcon license plate reader cameras"),
        term("term_months", 24.0, "months", "Initial Term of twenty-four (24) months"),
    ),
    retention=(
        keep(
            30,
            "alpr_data",
            "Flock stores Footage on its cloud servers for thirty (30) days and then permanently deletes it",
        ),
    ),
    sharing=(
        share(
            "conditional",
            ("other",),
            "Flock will not share, sell, or disclose Customer Data to any third party except as directed by Customer or as required by law.",
        ),
        share(
            "permits",
            ("law_enforcement",),
            "Customer may, in its sole discretion, grant other law enforcement agencies access to its Footage through the Flock platform.",
        ),
    ),
    notes="Vendor quote/order form. Traps: payment due in thirty (30) days, renewal notice, repair within ten (10) business days, sixty (60) day cure period.",
)

# --------------------------------------------------------------------------- policy

MARLOW_POLICY = DocSpec(
    path="policies/marlow_county_so_general_order_41-12.pdf",
    form="pdf",
    doc_type="policy",
    agency="Marlow County Sheriff's Office",
    state="FL",
    title="General Order 41.12 Automated License Plate Readers",
    footer="G.O. 41.12 Automated License Plate Readers | Page {page} of {pages}",
    pages=(
        """# MARLOW COUNTY SHERIFF'S OFFICE
^ General Order 41.12
^ Automated License Plate Readers
---
Effective Date: January 15, 2024
Rescinds: General Order 41.12 (March 2021)
Approved: Sheriff Thomas R. Beckett

## I. PURPOSE
This general order establishes guidelines for the use of automated license plate reader (ALPR) technology by members of the Marlow County Sheriff's Office and for the storage, access, sharing, and retention of ALPR data.

## II. POLICY
The Sheriff's Office uses ALPR technology to support the investigation of crimes, to locate stolen vehicles, wanted persons, and missing or endangered persons, and to enhance public safety. ALPR data shall be used only for official law enforcement purposes.

## III. DEFINITIONS
A. Automated License Plate Reader (ALPR): A system of cameras and software that captures images of vehicle license plates and converts them into searchable data. The Sheriff's Office ALPR system consists of fixed Falcon cameras provided by Flock Safety.

B. ALPR Data: Images, license plate numbers, dates, times, and locations captured by the ALPR system.

C. Hot List: A list of license plates associated with vehicles of interest, such as the FCIC/NCIC stolen vehicle file, wanted persons, missing persons, and Amber and Silver Alerts.

D. Alert (Hit): A notification that a captured plate matches a plate on a hot list.

E. ALPR Administrator: The member designated by the Sheriff to manage the ALPR program.
""",
        """## IV. PROCEDURES
A. Only members who have completed Sheriff's Office ALPR training may access the ALPR system. Each query shall include a case number or a specific reason for the search.

B. An alert is not by itself probable cause to stop a vehicle. Before taking enforcement action, the deputy shall visually confirm the plate and verify the alert through FCIC/NCIC.

C. Hot lists shall be updated at least once every twenty-four (24) hours. The NCIC Immigration Violator File shall not be loaded into the ALPR system.

D. Members shall not use the ALPR system to track any person based solely on race, religion, national origin, immigration status, or participation in lawful protest.

## V. DATA RETENTION
A. ALPR data shall be retained for thirty (30) days from the date of capture and shall then be automatically purged, unless the data has been identified as evidence in a criminal or civil matter.

B. ALPR data identified as evidence shall be downloaded to the records management system and retained in accordance with the applicable General Records Schedule.

C. Audit logs of all ALPR queries shall be retained for two (2) years.
""",
        """## VI. SHARING AND DISSEMINATION
A. ALPR data may be shared only with other law enforcement agencies for legitimate law enforcement purposes, and only through the audited sharing features of the ALPR system or upon a written request approved by the ALPR Administrator.

B. ALPR data shall not be shared with any federal immigration enforcement agency, and shall not be shared with any agency located outside the State of Florida.

C. ALPR data shall not be sold or otherwise provided to any private entity.

## VII. AUDITS
A. The ALPR Administrator shall review a random sample of queries at least once every ninety (90) days to confirm that each query had a documented law enforcement purpose.

B. Misuse of the ALPR system or of ALPR data shall be reported to the Professional Standards Unit and may result in discipline up to and including termination.

BY ORDER OF:

Thomas R. Beckett
Sheriff of Marlow County
""",
    ),
    vendors=("Flock Safety",),
    retention=(
        keep(
            30,
            "alpr_data",
            "ALPR data shall be retained for thirty (30) days from the date of capture and shall then be automatically purged",
        ),
        keep(
            730, "audit_log", "Audit logs of all ALPR queries shall be retained for two (2) years."
        ),
    ),
    sharing=(
        share(
            "conditional",
            ("law_enforcement",),
            "ALPR data may be shared only with other law enforcement agencies for legitimate law enforcement purposes",
        ),
        share(
            "prohibits",
            FEDERAL_IMMIGRATION,
            "ALPR data shall not be shared with any federal immigration enforcement agency",
        ),
        share(
            "prohibits",
            ("out_of_state",),
            "shall not be shared with any agency located outside the State of Florida",
        ),
        share(
            "prohibits",
            ("private",),
            "ALPR data shall not be sold or otherwise provided to any private entity.",
        ),
    ),
    hotlists=(
        HotlistItem(
            hotlist="NCIC Immigration Violator File",
            quote="The NCIC Immigration Violator File shall not be loaded into the ALPR system.",
        ),
    ),
    notes="Traps: hot lists updated every twenty-four (24) hours and audits every ninety (90) days are not retention periods.",
)

# --------------------------------------------------------------------------- minutes (scanned)

PINECREST_MINUTES = DocSpec(
    path="minutes/pinecrest_falls_council_minutes_2024-03-12.pdf",
    form="scanned_pdf",
    doc_type="minutes",
    agency="City of Pinecrest Falls",
    state="SC",
    style=TIMES,
    skew=(0.8, -1.3),
    footer="Regular Meeting Minutes, March 12, 2024 - Page {page} of {pages}",
    pages=(
        """# CITY OF PINECREST FALLS
^ City Council Regular Meeting Minutes
^ Tuesday, March 12, 2024, 6:00 p.m.
^ Council Chambers, 210 Depot Street
---
## 1. CALL TO ORDER
Mayor Evelyn Hartsell called the meeting to order at 6:02 p.m.

## 2. ROLL CALL
Present: Mayor Evelyn Hartsell, Mayor Pro Tem Samuel Okafor, Councilmembers Greta Lindqvist, Darnell Price, and Wen Zhao. Also present: City Administrator Louis Ferrante, City Clerk Janice Moody, and Police Chief Renee Castillo.

## 3. APPROVAL OF MINUTES
Motion by Councilmember Price, seconded by Councilmember Zhao, to approve the minutes of the February 27, 2024 regular meeting. Motion carried 5-0.

## 4. NEW BUSINESS
A. Resolution 2024-17, authorizing a two-year agreement with Flock Safety for license plate reader cameras.

Chief Castillo presented the request to purchase sixteen (16) Flock Safety Falcon license plate reader cameras at a cost of $48,000 for the first year. She stated that staff also reviewed a proposal from Motorola Solutions, which was higher in cost. The cameras would be placed at the city entrances and along the Highway 11 corridor.

Councilmember Lindqvist asked how long images are kept. Chief Castillo stated that images and plate data are deleted after thirty (30) days unless they are part of an active investigation.
""",
        """Councilmember Zhao asked whether federal agencies could search the city's cameras. Chief Castillo stated that the department would not share camera data with federal immigration authorities and that access would be limited to law enforcement agencies in South Carolina.

Resident Harold Jennings spoke in support of the cameras. Resident Maria Esposito spoke against the cameras, citing privacy concerns.

Motion by Mayor Pro Tem Okafor, seconded by Councilmember Lindqvist, to approve Resolution 2024-17. Motion carried 4-1, with Councilmember Zhao voting no.

## 5. CITY ADMINISTRATOR REPORT
Mr. Ferrante reported that the Depot Street paving project will begin in April.

## 6. ADJOURNMENT
There being no further business, the meeting was adjourned at 7:14 p.m.

Janice Moody, City Clerk

Approved: March 26, 2024
""",
    ),
    keywords={
        1: ("PINECREST", "Flock", "Falcon", "Resolution", "sixteen"),
        2: ("immigration", "Resolution", "adjourned", "Moody"),
    },
    vendors=("Flock Safety", "Motorola Solutions"),
    retention=(keep(30, "alpr_data", "images and plate data are deleted after thirty (30) days"),),
    sharing=(
        share(
            "prohibits",
            FEDERAL_IMMIGRATION,
            "the department would not share camera data with federal immigration authorities",
        ),
        share(
            "conditional",
            ("law_enforcement",),
            "access would be limited to law enforcement agencies in South Carolina",
        ),
    ),
    notes="Scanned (no text layer). Motorola Solutions named as the competing proposal.",
)

# --------------------------------------------------------------------------- denials (scanned)

MARLOW_DENIAL = DocSpec(
    path="responses/marlow_county_prr-2024-118_denial.pdf",
    form="scanned_pdf",
    doc_type="foia_response",
    agency="Marlow County Sheriff's Office",
    state="FL",
    style=TIMES,
    skew=(-0.6,),
    pages=(
        """# MARLOW COUNTY SHERIFF'S OFFICE
^ Records Section | 1200 Courthouse Square | Marlow, Florida 32460
---
May 14, 2024

Alana Pruitt
Gulf Coast Civil Liberties Project
P.O. Box 1187
Port Linden, FL 32401

RE: Public Records Request PRR-2024-118

Dear Ms. Pruitt:

The Marlow County Sheriff's Office received your public records request dated April 29, 2024, seeking (1) a list of the locations of all automated license plate reader cameras operated by the Sheriff's Office and (2) all ALPR alerts generated for plates on a hot list between January 1 and March 31, 2024.

The records responsive to item (1) are exempt from public disclosure under Fla. Stat. § 119.071(3)(a), because they reveal the security system plan for county property.

The records responsive to item (2) are active criminal intelligence and criminal investigative information and are exempt from disclosure under Fla. Stat. § 119.071(2)(c).

Accordingly, your request is denied. If you believe this determination is in error, you may contact the Records Section at (850) 555-0143.

Sincerely,

Lt. Carla Mendoza
Records Custodian
""",
    ),
    keywords={1: ("Marlow", "119.071", "exempt", "Pruitt", "denied")},
    denials=(
        deny(
            "exemption",
            "Fla. Stat. § 119.071(3)(a)",
            "exempt from public disclosure under Fla. Stat. § 119.071(3)(a)",
        ),
        deny(
            "exemption",
            "Fla. Stat. § 119.071(2)(c)",
            "are exempt from disclosure under Fla. Stat. § 119.071(2)(c)",
        ),
    ),
    notes="Scanned one-page denial citing two Florida exemptions.",
)

HARBOR_BLUFF_DENIAL = DocSpec(
    path="responses/harbor_bluff_prr_2024-0127_response.pdf",
    form="scanned_pdf",
    doc_type="foia_response",
    agency="City of Harbor Bluff Police Department",
    state="OR",
    style=TIMES,
    skew=(1.6, -0.9),
    footer="Request 2024-0127 - Page {page} of {pages}",
    pages=(
        """# CITY OF HARBOR BLUFF
^ Police Department - Records Unit
^ 400 Front Street, Harbor Bluff, Oregon 97410
---
June 3, 2024

Theo Lindgren
Coastal Ledger
218 Bay Avenue
Harbor Bluff, OR 97410

Re: Public Records Request No. 2024-0127

Dear Mr. Lindgren:

On May 20, 2024, the City of Harbor Bluff received your request for (1) all license plate reader detections recorded by the City's Flock Safety cameras on May 4, 2024; (2) the search audit log of the City's Flock account for April 2024; and (3) any communications with U.S. Immigration and Customs Enforcement about license plate reader data.

Item 1. The City is withholding the requested detection records under Or. Rev. Stat. 192.345(3), which exempts investigatory information compiled for criminal law purposes. The detections are being used in open criminal investigations.

Item 2. The search audit log for April 2024 is enclosed.

Item 3. After a diligent search, the City found no records responsive to this item.
""",
        """Fees. The City has waived the fees associated with this request.

You may petition the Harbor County District Attorney to review this denial as provided in ORS 192.415. A petition must be in writing and must identify the records that were withheld.

Sincerely,

Nora Ackerly
Records Supervisor
City of Harbor Bluff Police Department

Enclosure: Flock search audit log, April 2024 (1 file)
""",
    ),
    keywords={
        1: ("Harbor", "192.345", "withholding", "Immigration", "Lindgren"),
        2: ("District", "Attorney", "petition", "Ackerly"),
    },
    vendors=("Flock Safety",),
    denials=(
        deny(
            "exemption",
            "Or. Rev. Stat. 192.345(3)",
            "The City is withholding the requested detection records under Or. Rev. Stat. 192.345(3)",
        ),
        deny("no_records", None, "the City found no records responsive to this item"),
    ),
    notes="Scanned two-page letter. ORS 192.415 is the appeal route, not an exemption.",
)

# --------------------------------------------------------------------------- partial release (mixed)

GRANITE_SPRINGS_RELEASE = DocSpec(
    path="responses/granite_springs_cora_R24-0562.pdf",
    form="mixed_pdf",
    doc_type="foia_response",
    agency="City of Granite Springs Police Department",
    state="CO",
    title="CORA Request R24-0562",
    scanned=(2,),
    skew=(0.0, -1.1, 0.0),
    pages=(
        """# CITY OF GRANITE SPRINGS POLICE DEPARTMENT
^ Records Section | 75 Quarry Road | Granite Springs, Colorado 80813
---
July 9, 2024

Sade Okonkwo
Front Range Privacy Coalition
Via email

Re: Colorado Open Records Act Request R24-0562

Dear Ms. Okonkwo:

This letter responds to your request under the Colorado Open Records Act (CORA), received June 24, 2024, for ALPR detection reports generated by the Department's Vigilant Solutions LEARN system for vehicles registered to you, and for the Department's ALPR retention policy.

The Department is releasing two (2) pages of responsive records. Portions of the records have been redacted. License plate numbers of vehicles not registered to you and the name of the officer assigned to an open investigation were withheld under C.R.S. 24-72-305(5), because disclosure would be contrary to the public interest in an active criminal investigation.

Under Department Policy 462, ALPR detection data that is not associated with a criminal investigation is retained for one (1) year and then deleted.

The redacted records and a redaction log are enclosed. There is no charge for this response.

Sincerely,

Officer Kyle Brandt
Records Custodian
""",
        """# GRANITE SPRINGS POLICE DEPARTMENT
^ ALPR Detection Report - Vigilant LEARN
^ Generated 07/08/2024 10:41 by KBRANDT
---
Query: vehicles registered to requester, 01/01/2024 through 06/30/2024

|= 27 29 22 22
| Date / Time | Camera | Plate | Alert
| 01/17/2024 08:12 | Quarry Rd EB | CO BXR4417 | None
| 02/03/2024 17:45 | Hwy 24 at Elm | [REDACTED] | Stolen plate
| 03/22/2024 12:09 | Main St SB | CO BXR4417 | None
| 04/11/2024 07:58 | Hwy 24 at Elm | CO BXR4417 | None
| 05/30/2024 19:31 | Quarry Rd WB | [REDACTED] | Wanted person
| 06/14/2024 16:20 | Main St SB | CO BXR4417 | None

|= 40 60
| Investigating officer: | [REDACTED]

Detections listed: 6. Redacted entries: 3.
""",
        """## REDACTION LOG - CORA Request R24-0562
|= 12 44 44
| Page | Redacted information | Basis
| 2 | License plate, row 2 | C.R.S. 24-72-305(5)
| 2 | License plate, row 5 | C.R.S. 24-72-305(5)
| 2 | Investigating officer | C.R.S. 24-72-305(5)

Prepared by: Officer Kyle Brandt, Records Custodian, July 9, 2024
""",
    ),
    keywords={2: ("Detection", "Report", "Quarry", "GRANITE", "Investigating")},
    vendors=("Vigilant Solutions",),
    retention=(
        keep(
            365,
            "alpr_data",
            "ALPR detection data that is not associated with a criminal investigation is retained for one (1) year and then deleted",
        ),
    ),
    denials=(
        deny("partial", None, "Portions of the records have been redacted."),
        deny("exemption", "C.R.S. 24-72-305(5)", "were withheld under C.R.S. 24-72-305(5)"),
    ),
    notes="Mixed PDF: born-digital cover letter and redaction log, scanned detection report (page 2) with black redaction bars.",
)

# --------------------------------------------------------------------------- fee estimate (image)

WILLOW_CREEK_FEE = DocSpec(
    path="responses/scans/willow_creek_pia_W-2024-0877_cost_estimate.jpg",
    form="image",
    doc_type="foia_response",
    agency="Willow Creek Police Department",
    state="TX",
    style=TIMES,
    skew=(1.2,),
    pages=(
        """# WILLOW CREEK POLICE DEPARTMENT
^ Office of Open Records | 901 Mesquite Lane | Willow Creek, Texas 78610
---
August 2, 2024

Daniel Ferris
By email

Re: Public Information Request W-2024-0877 - Itemized Cost Estimate

Dear Mr. Ferris:

The Willow Creek Police Department has received your request for all Flock Safety license plate reader search audit records for the period January 1, 2023 through June 30, 2024. Because the charges to produce the requested information will exceed $40, the Department is providing this itemized statement of estimated charges.

|= 72 28
| Programming and labor, 9 hours at $15.00 per hour | $135.00
| Computer resource charge | $62.40
| Electronic media (1 USB drive) | $15.00
| Total estimated charges | $212.40

The Department requires payment of the estimated charges of $212.40 before the requested records will be released. If the Department does not receive payment or a modified request within 10 business days, your request will be considered withdrawn.

Sincerely,

Sgt. Rosa Villanueva
Open Records Coordinator
""",
    ),
    keywords={1: ("Willow", "estimated", "212.40", "payment", "Flock")},
    vendors=("Flock Safety",),
    denials=(
        deny(
            "fee",
            None,
            "The Department requires payment of the estimated charges of $212.40 before the requested records will be released.",
        ),
    ),
    notes="Scanned letter saved as a JPEG image (one page).",
)

# --------------------------------------------------------------------------- statements

LAKEVIEW_EMAIL = DocSpec(
    path="statements/lakeview_heights_pd_ice_access_reply.eml",
    form="email",
    doc_type="statement",
    agency="Lakeview Heights Police Department",
    state="IL",
    headers=(
        ("From", "Maya Brennan <mbrennan@lakeviewheights-il.example>"),
        ("To", "Rachel Kim <rkim@prairiesentinel.example>"),
        ("Subject", "RE: Flock cameras and ICE access"),
        ("Date", "Thu, 18 Jul 2024 15:42:10 -0500"),
        ("Message-ID", "<20240718154210.4471@lakeviewheights-il.example>"),
        ("In-Reply-To", "<a81f3c@prairiesentinel.example>"),
    ),
    pages=(
        """Ms. Kim,

Thank you for your questions about the Lakeview Heights Police Department's license plate reader program. Please attribute the following to Chief Andre Whitfield:

"The Lakeview Heights Police Department operates 22 Flock Safety license plate reader cameras. Direct access to Lakeview Heights Police Department ALPR data is not granted to ICE, and the department does not share ALPR data with any agency for the purpose of enforcing federal immigration law.

Our cameras may be searched only by Illinois law enforcement agencies, and only for a specific criminal investigation. We have disabled national sharing, so agencies outside Illinois cannot search our data.

Plate images and associated data are automatically deleted after 30 days unless they are needed as evidence in a criminal case."

On your second question: the department reviewed its Flock audit log for January through June 2024 and found no searches of our cameras by federal agencies.

Maya Brennan
Public Information Officer
Lakeview Heights Police Department
(847) 555-0182

-----Original Message-----
From: Rachel Kim
Sent: Tuesday, July 16, 2024 9:03 AM
To: Maya Brennan
Subject: Flock cameras and ICE access

Does ICE have access to Lakeview Heights' Flock cameras? Who else can search the data, and how long is it kept?
""",
    ),
    vendors=("Flock Safety",),
    retention=(
        keep(
            30,
            "alpr_data",
            "Plate images and associated data are automatically deleted after 30 days",
        ),
    ),
    sharing=(
        share(
            "prohibits",
            FEDERAL_IMMIGRATION,
            "Direct access to Lakeview Heights Police Department ALPR data is not granted to ICE",
        ),
        share(
            "prohibits",
            FEDERAL_IMMIGRATION,
            "the department does not share ALPR data with any agency for the purpose of enforcing federal immigration law",
        ),
        share(
            "conditional",
            ("law_enforcement",),
            "Our cameras may be searched only by Illinois law enforcement agencies, and only for a specific criminal investigation.",
        ),
        share("prohibits", ("out_of_state",), "agencies outside Illinois cannot search our data"),
    ),
    notes="E-mail reply from the PIO quoting the chief; quoted-printable body.",
)

CEDAR_RIDGE_STATEMENT = DocSpec(
    path="statements/cedar_ridge_pd_alpr_statement.docx",
    form="docx",
    doc_type="statement",
    agency="Cedar Ridge Police Department",
    state="WA",
    title="Statement on Automated License Plate Reader Data",
    pages=(
        """# Cedar Ridge Police Department
## Statement on Automated License Plate Reader Data
For Immediate Release - September 4, 2024
CEDAR RIDGE, Wash. - The Cedar Ridge Police Department is issuing this statement in response to community questions about the department's automated license plate reader (ALPR) cameras.
The department has operated nine Flock Safety cameras since June 2023. The cameras capture images of license plates on public roadways. They do not use facial recognition and do not record audio.
Plate reads are automatically deleted after 21 days unless they are linked to a criminal investigation.
Washington's Keep Washington Working Act (RCW 10.93.160) limits the assistance local agencies may give to federal civil immigration enforcement. The department does not provide ALPR data to federal agencies for immigration enforcement, and no federal immigration agency has an account on our system.
After a 2024 review found that agencies in other states had searched cameras in Washington, the department turned off nationwide sharing. ALPR data may now be searched only by Washington law enforcement agencies that have signed a data-sharing agreement with the City.
Questions may be directed to Lt. Hannah Sorensen at (360) 555-0117.
""",
    ),
    vendors=("Flock Safety",),
    retention=(keep(21, "alpr_data", "Plate reads are automatically deleted after 21 days"),),
    sharing=(
        share(
            "prohibits",
            FEDERAL_IMMIGRATION,
            "The department does not provide ALPR data to federal agencies for immigration enforcement",
        ),
        share(
            "conditional",
            ("law_enforcement",),
            "ALPR data may now be searched only by Washington law enforcement agencies that have signed a data-sharing agreement with the City.",
        ),
    ),
    notes="DOCX press statement (no pages; facts on page 1 of the extracted text).",
)

# --------------------------------------------------------------------------- no records (plain text)

HARBOR_BLUFF_NO_RECORDS = DocSpec(
    path="harbor_bluff_prr_2024-0311_no_records.txt",
    form="text",
    doc_type="foia_response",
    agency="City of Harbor Bluff Police Department",
    state="OR",
    pages=(
        """City of Harbor Bluff Public Records Center
Message for request 2024-0311
Date: September 13, 2024
To: Theo Lindgren
Subject: No Responsive Records

Mr. Lindgren,

The City of Harbor Bluff has completed its search for records responsive to your request of August 28, 2024, for any agreements, memoranda of understanding, or data-sharing arrangements between the Harbor Bluff Police Department and U.S. Immigration and Customs Enforcement or U.S. Customs and Border Protection concerning license plate reader data.

The City has no records responsive to your request. The Police Department has not entered into any agreement with either agency, and its Flock Safety system is not configured to share data with federal agencies.

This request is now closed. Thank you for using the Public Records Center.

Nora Ackerly
Records Supervisor
City of Harbor Bluff Police Department
""",
    ),
    vendors=("Flock Safety",),
    denials=(deny("no_records", None, "The City has no records responsive to your request."),),
    sharing=(
        share(
            "prohibits",
            ("federal",),
            "its Flock Safety system is not configured to share data with federal agencies",
        ),
    ),
    notes="Plain-text portal message.",
)

# --------------------------------------------------------------------------- purchase order (zip only)

MARLOW_PURCHASE_ORDER = DocSpec(
    path="release_part2/PO-24-00457.pdf",
    form="pdf",
    doc_type="other",
    agency="Marlow County Sheriff's Office",
    state="FL",
    title="Purchase Order PO-24-00457",
    pages=(
        """# MARLOW COUNTY SHERIFF'S OFFICE
^ Fiscal Services | 1200 Courthouse Square | Marlow, Florida 32460
---
## PURCHASE ORDER PO-24-00457

Order Date: February 6, 2024
Vendor: Flock Group Inc. (Flock Safety), Atlanta, Georgia
Vendor Number: 20811
Ship To: Marlow County Sheriff's Office, 1200 Courthouse Square, Marlow, FL 32460

|= 52 8 18 22
| Description | Qty | Unit Price | Amount
| Falcon camera annual subscription | 10 | $2,500.00 | $25,000.00
| Falcon installation and setup | 10 | $350.00 | $3,500.00
---
|= 70 30
| Order Total | $28,500.00

Account: 001-2110-521.52-30 ALPR Program
Payment Terms: Net 45 days

Authorized by: Gerald Tambling, Director of Fiscal Services
""",
    ),
    vendors=("Flock Safety",),
    notes="Purchase order, only inside zips/release_part2.zip.",
)

ZIP_PATH = "zips/release_part2.zip"
ZIP_POLICY_MEMBER = "release_part2/GO_41-12_ALPR.pdf"

SAMPLE_DOCUMENTS: tuple[DocSpec, ...] = (
    FLOCK_ORDER_FORM,
    MARLOW_POLICY,
    PINECREST_MINUTES,
    MARLOW_DENIAL,
    HARBOR_BLUFF_DENIAL,
    GRANITE_SPRINGS_RELEASE,
    WILLOW_CREEK_FEE,
    LAKEVIEW_EMAIL,
    CEDAR_RIDGE_STATEMENT,
    HARBOR_BLUFF_NO_RECORDS,
)
