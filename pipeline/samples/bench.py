# ruff: noqa: E501  (clause templates are prose)
"""A large synthetic batch for throughput benchmarks (`make bench`).

Benchmarks need many distinct pages (identical files would be deduped away) with a
realistic share of scans, but not the effort of the hand-written samples: pages here
are policy-like prose assembled from clause templates by a seeded generator. Scanned
documents are written page by page, so memory stays flat however many pages are
asked for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.samples.layout import LayoutError, make_text_pdf
from pipeline.samples.scan import ScanLook, make_mixed_pdf

AGENCIES = (
    ("Ashgrove Police Department", "GA"),
    ("Bellmont County Sheriff's Office", "TN"),
    ("City of Corliss Police Department", "OH"),
    ("Dunmore Township Police Department", "PA"),
    ("Elk Prairie Police Department", "KS"),
    ("Fairhaven County Sheriff's Office", "NC"),
    ("Glenrock Police Department", "WY"),
    ("Hollis Bay Police Department", "ME"),
)
VENDORS = ("Flock Safety", "Vigilant Solutions", "Motorola Solutions", "Genetec", "Rekor Systems")
NUMBERS = {
    7: "seven",
    14: "fourteen",
    21: "twenty-one",
    30: "thirty",
    45: "forty-five",
    60: "sixty",
    90: "ninety",
    180: "one hundred eighty",
}
CLAUSES = (
    "ALPR data shall be retained for {words} ({n}) days and then purged unless it is evidence in a criminal matter.",
    "The {agency} uses fixed and mobile cameras supplied by {vendor} to read license plates on public roads.",
    "ALPR data may be shared only with other law enforcement agencies for legitimate law enforcement purposes.",
    "Members shall not share ALPR data with federal immigration enforcement agencies.",
    "Each query of the ALPR system shall include a case number or a documented reason.",
    "Hot lists shall be refreshed at least once every twenty-four (24) hours from NCIC and the state crime information center.",
    "An alert shall be visually verified against the captured image before any enforcement action is taken.",
    "Audit logs of ALPR queries shall be kept for two (2) years and reviewed by the ALPR Administrator.",
    "Misuse of ALPR data may result in discipline up to and including termination.",
    "The ALPR Administrator shall report the number of detections and alerts to the chief each quarter.",
    "Requests from the public for ALPR records shall be processed under the state public records law.",
    "Training on this policy and on the system shall be completed before a member is given access.",
    "Camera locations are selected on the basis of crime data and traffic volume and are reviewed each year.",
    "Data from the {vendor} system shall not be sold or provided to any private entity.",
)


def _page(rng: np.random.Generator, agency: str, state: str, doc_no: int, page_no: int) -> str:
    lines = [
        f"## {agency} ({state}) - Directive {doc_no:05d}, Section {page_no}",
        "",
    ]
    for number in range(1, int(rng.integers(5, 8))):
        sentences = []
        for _ in range(int(rng.integers(2, 4))):
            days = list(NUMBERS)[int(rng.integers(len(NUMBERS)))]
            clause = CLAUSES[int(rng.integers(len(CLAUSES)))]
            sentences.append(
                clause.format(
                    words=NUMBERS[days],
                    n=days,
                    agency=agency,
                    vendor=VENDORS[int(rng.integers(len(VENDORS)))],
                )
            )
        lines.extend([f"{number}. " + " ".join(sentences), ""])
    return "\n".join(lines)


def _document_pages(rng: np.random.Generator, doc_no: int, count: int) -> tuple[list[str], str]:
    agency, state = AGENCIES[int(rng.integers(len(AGENCIES)))]
    return [_page(rng, agency, state, doc_no, n) for n in range(1, count + 1)], agency


def generate_bench_batch(
    out_dir: Path, pages: int = 1000, scanned_share: float = 0.10, seed: int = 7
) -> None:
    """Write born-digital PDFs (4-30 pages) and scanned PDFs (1-4 pages) into `out_dir`.

    Exactly `pages` pages in all, of which round(pages * scanned_share) are scanned.
    """
    if pages < 1 or not 0.0 <= scanned_share <= 1.0:
        raise ValueError("pages must be >= 1 and scanned_share within [0, 1]")
    rng = np.random.default_rng(seed)
    scanned_total = round(pages * scanned_share)
    digital_left, scanned_left = pages - scanned_total, scanned_total
    doc_no = 0
    while digital_left > 0:
        doc_no += 1
        count = min(digital_left, int(rng.integers(4, 31)))
        page_texts, agency = _document_pages(rng, doc_no, count)
        try:
            make_text_pdf(
                out_dir / "digital" / f"directive_{doc_no:05d}.pdf",
                page_texts,
                title=f"{agency} Directive {doc_no:05d}",
                footer="Page {page} of {pages}",
            )
        except LayoutError as exc:  # a page of templates never overflows; say so if it does
            raise LayoutError(f"bench page overflow in document {doc_no}: {exc}") from exc
        digital_left -= count
    while scanned_left > 0:
        doc_no += 1
        count = min(scanned_left, int(rng.integers(1, 5)))
        page_texts, _ = _document_pages(rng, doc_no, count)
        skews = [float(rng.uniform(0.5, 2.0) * rng.choice((-1.0, 1.0))) for _ in page_texts]
        make_mixed_pdf(
            out_dir / "scanned" / f"scan_{doc_no:05d}.pdf",
            page_texts,
            scanned=range(1, count + 1),
            look=ScanLook(),
            skew_deg=skews,
            seed=seed * 100_000 + doc_no,
            footer="Page {page} of {pages}",
        )
        scanned_left -= count
