"""A small hand-written warehouse for the comparison, report and export tests.

Three agencies in two states plus one document nobody could attribute. The facts
are chosen to exercise every comparison: a policy (30 days) that disagrees with its
vendor contract (365 days), a sharing clause that permits what another prohibits,
every stance and recipient, several denial kinds and citations, contract terms, and
an audit log with immigration searches by several organisations over several months.
One document carries hostile markup in its path and text, so the report's escaping
is tested on data that arrives the way real documents do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.records import DocumentText, Extraction, PageText, SourceFile
from pipeline.warehouse.connection import open_writer
from pipeline.warehouse.load import BatchLoad, load_batch

HOSTILE = '<script>alert("x")</script><img src="https://tracker.example/p.gif">'
HOSTILE_NAME = 'minutes <img src=x onerror="alert(1)">.pdf'

AGENCIES: list[dict[str, Any]] = [
    {
        "agency_id": "fl-harbor-bluff-police",
        "name": "Harbor Bluff Police Department",
        "state": "FL",
        "kind": "police",
        "aliases": ["HBPD", "Harbor Bluff PD"],
    },
    {
        "agency_id": "fl-marlow-sheriff",
        "name": "Marlow County Sheriff's Office",
        "state": "FL",
        "kind": "sheriff",
        "aliases": ["MCSO", "Marlow Sheriff"],
    },
    {
        "agency_id": "or-cedar-falls-police",
        "name": "Cedar Falls Police Department",
        "state": "OR",
        "kind": "police",
        "aliases": ["CFPD"],
    },
]


@dataclass
class Doc:
    """One document under construction: pages of text and facts located in them."""

    path: str
    doc_type: str
    agency: str | None
    state: str | None
    pages: list[str]
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return hashlib.sha256(("\f".join(self.pages) + self.path).encode()).hexdigest()

    def fact(self, table: str, page_no: int, quote: str, **values: Any) -> Doc:
        """Add a fact whose quote is found verbatim on the page (spans are real)."""
        text = self.pages[page_no - 1]
        start = text.index(quote)
        row = {
            "page_no": page_no,
            "quote": quote,
            "char_start": start,
            "char_end": start + len(quote),
            "method": "rule",
            "confidence": 0.9,
            **values,
        }
        self.facts.setdefault(table, []).append(row)
        return self


def harbor_bluff() -> list[Doc]:
    policy = Doc(
        "harbor/policy_alpr.pdf",
        "policy",
        "Harbor Bluff Police Department",
        "FL",
        [
            "Harbor Bluff Police Department General Order 7. The department uses Flock "
            "Safety cameras.",
            "Retention. ALPR data is purged after thirty (30) days unless it is evidence.",
            "Sharing. Members shall not share ALPR data with immigration enforcement or "
            "federal agencies. Data may be shared with other law enforcement agencies.",
        ],
    )
    policy.fact("vendors", 1, "Flock Safety", vendor="Flock Safety", mention="Flock Safety")
    policy.fact(
        "retention_periods",
        2,
        "ALPR data is purged after thirty (30) days",
        days=30,
        raw="thirty (30) days",
        applies_to="alpr_data",
    )
    policy.fact(
        "sharing_clauses",
        3,
        "Members shall not share ALPR data with immigration enforcement or federal agencies.",
        stance="prohibits",
        recipients=["immigration", "federal"],
    )
    policy.fact(
        "sharing_clauses",
        3,
        "Data may be shared with other law enforcement agencies.",
        stance="permits",
        recipients=["law_enforcement"],
    )
    contract = Doc(
        "harbor/flock_order_form.pdf",
        "contract",
        "Harbor Bluff Police Department",
        "FL",
        [
            "Order form between Flock Group Inc. (Flock Safety) and the City of Harbor Bluff. "
            "Total Contract Value $96,100.00 for fourteen (14) Falcon cameras. "
            "Initial Term of twenty-four (24) months.",
            "Flock retains Footage for one (1) year. Flock may share data with federal "
            "partners on request.",
        ],
    )
    contract.fact("vendors", 1, "Flock Safety", vendor="Flock Safety", mention="Flock Safety")
    contract.fact(
        "contract_terms",
        1,
        "Total Contract Value $96,100.00",
        term="total_price",
        value=96100.0,
        unit="USD",
    )
    contract.fact(
        "contract_terms",
        1,
        "fourteen (14) Falcon cameras",
        term="camera_count",
        value=14.0,
        unit="cameras",
    )
    contract.fact(
        "contract_terms",
        1,
        "Initial Term of twenty-four (24) months",
        term="term_months",
        value=24.0,
        unit="months",
    )
    contract.fact(
        "retention_periods",
        2,
        "Flock retains Footage for one (1) year",
        days=365,
        raw="one (1) year",
        applies_to="alpr_data",
    )
    contract.fact(
        "sharing_clauses",
        2,
        "Flock may share data with federal partners on request",
        stance="permits",
        recipients=["federal"],
    )
    response = Doc(
        "harbor/foia_response.pdf",
        "foia_response",
        "Harbor Bluff Police Department",
        "FL",
        [
            "Records are withheld under section 119.071(2)(c), F.S. (active criminal "
            "intelligence). Other records are released with redactions.",
        ],
    )
    response.fact(
        "denials",
        1,
        "withheld under section 119.071(2)(c), F.S.",
        kind="exemption",
        citation="section 119.071(2)(c), F.S.",
        citation_normalized="FL 119.071(2)(c)",
    )
    response.fact(
        "denials",
        1,
        "Other records are released with redactions",
        kind="partial",
        citation=None,
        citation_normalized=None,
    )
    return [policy, contract, response]


def marlow() -> list[Doc]:
    policy = Doc(
        "marlow/general_order_41-12.pdf",
        "policy",
        "Marlow County Sheriff's Office",
        "FL",
        [
            "Marlow County Sheriff's Office General Order 41-12 on Vigilant Solutions LPR.",
            "Plate reads are kept for five (5) years. Audit logs are kept for two (2) years. "
            "Hot lists are refreshed and older entries removed after 24 hours.",
            "Data may be shared with out-of-state agencies through the vendor network. "
            "Federal agencies may access data only with a court order.",
        ],
    )
    policy.fact(
        "vendors",
        1,
        "Vigilant Solutions",
        vendor="Vigilant Solutions",
        mention="Vigilant Solutions",
    )
    policy.fact(
        "retention_periods",
        2,
        "Plate reads are kept for five (5) years",
        days=1825,
        raw="five (5) years",
        applies_to="alpr_data",
    )
    policy.fact(
        "retention_periods",
        2,
        "Audit logs are kept for two (2) years",
        days=730,
        raw="two (2) years",
        applies_to="audit_log",
    )
    policy.fact(
        "retention_periods",
        2,
        "older entries removed after 24 hours",
        days=1,
        raw="24 hours",
        applies_to="hotlist",
    )
    policy.fact(
        "sharing_clauses",
        3,
        "Data may be shared with out-of-state agencies through the vendor network.",
        stance="permits",
        recipients=["out_of_state"],
    )
    policy.fact(
        "sharing_clauses",
        3,
        "Federal agencies may access data only with a court order.",
        stance="conditional",
        recipients=["federal"],
    )
    letter = Doc(
        "marlow/no_records_letter.txt",
        "foia_response",
        "Marlow County Sheriff's Office",
        "FL",
        ["The Sheriff's Office has no responsive records for the requested contracts."],
    )
    letter.fact("denials", 1, "has no responsive records", kind="no_records", citation=None)
    reasons = [
        ("2024-01-09", "Harbor Bluff Police Department", "stolen vehicle", False),
        ("2024-01-20", "Marlow County Sheriff's Office", "ICE detainer", True),
        ("2024-02-03", "Marlow County Sheriff's Office", "ERO assist", True),
        ("2024-02-14", "Lakeview Police Department", "immigration", True),
        ("2024-02-15", "Lakeview Police Department", "investigation", False),
        ("2024-03-01", "Marlow County Sheriff's Office", "HSI request", True),
        ("2024-03-02", "Harbor Bluff Police Department", "ICE", True),
        ("2024-04-11", "Lakeview Police Department", "wanted person", False),
    ]
    header = "Org Name\tReason\tSearch Time"
    lines = [f"{org}\t{reason}\t{day} 10:00" for day, org, reason, _ in reasons]
    audit = Doc(
        "marlow/flock_audit_2024.csv",
        "audit_log",
        "Marlow County Sheriff's Office",
        "FL",
        ["\n".join([header, *lines])],
    )
    audit.facts["audit_searches"] = [
        {
            "row_no": i + 1,
            "org_name": org,
            "searched_at": datetime.fromisoformat(day) + timedelta(hours=10),
            "reason": reason,
            "reason_category": "immigration" if immigration else "specific",
            "networks": 3,
            "devices": 40,
            "search_type": "plate",
            "immigration": immigration,
            "page_no": 1,
        }
        for i, (day, org, reason, immigration) in enumerate(reasons)
    ]
    return [policy, letter, audit]


def cedar_falls(hostile: bool = True) -> list[Doc]:
    name = HOSTILE_NAME if hostile else "council_minutes_2024-03.pdf"
    tail = HOSTILE if hostile else "Public records requests go to the city clerk."
    policy = Doc(
        f"cedar/{name}",
        "minutes",
        "Cedar Falls Police Department",
        "OR",
        [
            f"Council minutes. Motorola Solutions cameras approved. {tail}",
            "Data is retained for ninety (90) days. Data will not be shared out of state "
            "as required by Oregon law, and never with ICE.",
        ],
    )
    policy.fact(
        "vendors",
        1,
        "Motorola Solutions",
        vendor="Motorola Solutions",
        mention="Motorola Solutions",
    )
    policy.fact(
        "retention_periods",
        2,
        "Data is retained for ninety (90) days",
        days=90,
        raw="ninety (90) days",
        applies_to="alpr_data",
    )
    policy.fact(
        "sharing_clauses",
        2,
        "Data will not be shared out of state as required by Oregon law, and never with ICE.",
        stance="prohibits",
        recipients=["out_of_state", "immigration"],
    )
    if hostile:
        policy.fact("sharing_clauses", 1, HOSTILE, stance="permits", recipients=["public"])
    letter = Doc(
        "cedar/response.pdf",
        "foia_response",
        "Cedar Falls Police Department",
        "OR",
        [
            "Responsive records are exempt under ORS 192.345(3). A fee of $250 is required "
            "before the remaining records are released.",
            "Camera locations are exempt under ORS 192.345(3).",
        ],
    )
    letter.fact(
        "denials",
        1,
        "exempt under ORS 192.345(3)",
        kind="exemption",
        citation="ORS 192.345(3)",
        citation_normalized="OR 192.345(3)",
    )
    letter.fact(
        "denials",
        2,
        "exempt under ORS 192.345(3)",
        kind="exemption",
        citation="ORS 192.345(3)",
        citation_normalized="OR 192.345(3)",
    )
    letter.fact("denials", 1, "A fee of $250 is required", kind="fee", citation=None)
    return [policy, letter]


def unattributed() -> list[Doc]:
    note = Doc(
        "misc/vendor_brochure.pdf",
        "other",
        None,
        None,
        ["Rekor Systems brochure. Data retained 30 days by default."],
    )
    note.fact("vendors", 1, "Rekor Systems", vendor="Rekor Systems", mention="Rekor Systems")
    note.fact(
        "retention_periods",
        1,
        "Data retained 30 days",
        days=30,
        raw="30 days",
        applies_to="alpr_data",
    )
    return [note]


def all_docs(hostile: bool = True) -> list[Doc]:
    """Every document; `hostile=False` leaves out the markup-laden one (for screenshots)."""
    return [*harbor_bluff(), *marlow(), *cedar_falls(hostile), *unattributed()]


def comparison_batch(docs: list[Doc] | None = None) -> BatchLoad:
    docs = docs if docs is not None else all_docs()
    sources, texts, extractions = [], [], []
    for doc in docs:
        source = SourceFile(doc.doc_id, "pdf", "application/pdf", 1000, (doc.path,), "/dev/null")
        pages = [
            PageText(doc.doc_id, n, "text_layer", text, "layer_ok")
            for n, text in enumerate(doc.pages, start=1)
        ]
        sources.append(source)
        texts.append(DocumentText(source, pages))
        extractions.append(
            Extraction(
                doc_id=doc.doc_id,
                doc_type=doc.doc_type,
                doc_type_confidence=0.9,
                agency=doc.agency,
                state=doc.state,
                facts=doc.facts,
            )
        )
    return BatchLoad(
        batch="compare",
        run_id="run-compare",
        started_at=datetime(2026, 1, 1),
        sources=sources,
        texts=texts,
        extractions=extractions,
        failures=[],
        agencies=AGENCIES,
        text_engine_version="t1",
        extractor_version="e1",
        files_seen=len(docs),
    )


def build_comparison_warehouse(path: Path, hostile: bool = True) -> Path:
    with open_writer(path) as con:
        load_batch(con, comparison_batch(all_docs(hostile)))
    return path
