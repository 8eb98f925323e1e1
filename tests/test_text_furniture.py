"""Page furniture: running headers/footers, page numbers and Bates stamps, found exactly
and conservatively (a content line wrongly marked is a fact lost)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import (
    DocumentText,
    FileType,
    PageMethod,
    PageText,
    RegionKind,
    SourceFile,
)
from pipeline.samples import render_text_pdf
from pipeline.text import extract_texts
from pipeline.text.furniture import find_furniture, looks_like_prose
from pipeline.text.plan import PendingDocument
from tests.test_text_fixtures import source_for

BODIES = [
    "1. PURPOSE\nThis policy governs the use of license plate readers.\nOfficers shall log in.",
    "2. RETENTION\nPlate reads are purged after 30 days.\nHits are kept for one year.",
    "3. SHARING\nData shall not be shared with immigration authorities.\nAudits run monthly.",
    "4. TRAINING\nOperators complete vendor training.\nSupervisors review usage.",
]


def pages_of(*texts: str, method: PageMethod = "text_layer") -> list[PageText]:
    return [PageText("d" * 64, n, method, t, "test") for n, t in enumerate(texts, 1)]


def marked(pages: list[PageText]) -> list[set[tuple[RegionKind, str]]]:
    """(kind, text) of every region, per page; checks each span is exact and trimmed."""
    out = []
    for page, regions in zip(pages, find_furniture(pages), strict=True):
        found = set()
        for r in regions:
            text = page.text[r.char_start : r.char_end]
            assert text and text == text.strip()
            found.add((r.kind, text))
        out.append(found)
    return out


def test_running_header_with_changing_page_number_and_footer() -> None:
    pages = pages_of(
        *(
            f"Policy 1204 - License Plate Readers   Page {n} of 4\r\n{body}\r\n"
            f"Eugene Police Department Manual\r\n"
            for n, body in enumerate(BODIES, 1)
        )
    )
    for n, found in enumerate(marked(pages), 1):
        assert found == {
            ("header", f"Policy 1204 - License Plate Readers   Page {n} of 4"),
            ("footer", "Eugene Police Department Manual"),
        }


def test_header_with_changing_dates_and_ocr_noise() -> None:
    heads = [
        "City of Weston Commission Minutes",
        "Clty of Weston Commission Minutes",
        "City of Weston Commision Minutes",
    ]
    dates = ["May 1, 2023", "June 5, 2023", "July 10, 2023"]
    pages = pages_of(
        *(f"{h}\n{d}\n{b}\n" for h, d, b in zip(heads, dates, BODIES, strict=False)), method="ocr"
    )
    for found, head, date in zip(marked(pages), heads, dates, strict=True):
        assert found == {("header", head), ("header", date)}


def test_two_pages_need_a_page_number_to_repeat() -> None:
    letterhead = pages_of(*(f"Office of Records Management\n{b}\n" for b in BODIES[:2]))
    assert marked(letterhead) == [set(), set()]
    numbered = pages_of(
        *(f"{b}\nRequest 2024-0127 - Page {n} of 2\n" for n, b in enumerate(BODIES[:2], 1))
    )
    assert [f for f in marked(numbered)] == [
        {("footer", "Request 2024-0127 - Page 1 of 2")},
        {("footer", "Request 2024-0127 - Page 2 of 2")},
    ]


def test_page_number_lines_on_a_single_page() -> None:
    page = pages_of("Notice of denial\nThe records are exempt.\n- 1 -\n")
    assert marked(page) == [{("page_number", "- 1 -")}]
    page = pages_of("Page 1 of 1\nThe records are exempt.\nSincerely,\n")
    assert marked(page) == [{("page_number", "Page 1 of 1")}]
    # "page 3 of the agreement" is prose, and numbers in the middle of a page are content
    page = pages_of(
        "Line one\nLine two\nLine three\nLine four\nSee page 3 of 12 above.\n5\n"
        "End a\nEnd b\nEnd c\nEnd d\n"
    )
    assert marked(page) == [set()]


def test_bare_numbers_count_only_when_they_follow_the_pages() -> None:
    pages = pages_of(*(f"Special Meeting\n{b}\n{n + 10}\n" for n, b in enumerate(BODIES[:2], 1)))
    assert [f for f in marked(pages)] == [{("page_number", "11")}, {("page_number", "12")}]
    pages = pages_of(*(f"Totals\n{b}\n{n}\n" for n, b in zip((40, 7), BODIES[:2], strict=True)))
    assert marked(pages) == [set(), set()]


def test_bates_stamps() -> None:
    one = pages_of("Records response\nThe audit log is enclosed.\nCITY000123\n")
    assert marked(one) == [{("bates", "CITY000123")}]
    labelled = pages_of("Bates No. EPD 004512\nThe audit log is enclosed.\n")
    assert marked(labelled) == [{("bates", "Bates No. EPD 004512")}]
    at_line_end = pages_of("Records response\nThe log is enclosed.\nConfidential   ABC-0001234\n")
    assert marked(at_line_end) == [{("bates", "ABC-0001234")}]
    # without zero padding a prefix+number line is a stamp only when it counts the pages
    counted = pages_of(*(f"{b}\nPROD {734100 + n}\n" for n, b in enumerate(BODIES[:3], 1)))
    assert [f for f in marked(counted)] == [{("bates", f"PROD {734100 + n}")} for n in (1, 2, 3)]
    invoices = pages_of(
        *(f"{b}\nINV {n}\n" for n, b in zip((734512, 734112), BODIES, strict=False))
    )
    assert marked(invoices) == [set(), set()]


def test_docusign_envelope_line_is_furniture_even_alone() -> None:
    page = pages_of(
        "Docusign Envelope ID: D491964B-4BEC-49D9-A3CD-57C5D79BC314\nMEMORANDUM\nText here.\n"
    )
    assert marked(page) == [
        {("header", "Docusign Envelope ID: D491964B-4BEC-49D9-A3CD-57C5D79BC314")}
    ]


def test_copies_of_one_page_do_not_vouch_for_each_other() -> None:
    notice = "City of Harbor Bluff\nNo responsive records were found.\nRecords Office\n"
    assert marked(pages_of(notice, notice, notice)) == [set(), set(), set()]


def test_recurring_prose_is_not_a_header() -> None:
    clause = "governing board of the district, and as the governing board of the"
    pages = pages_of(*(f"{clause}\n{b}\n" for b in BODIES[:3]))
    assert marked(pages) == [set(), set(), set()]
    assert looks_like_prose("Data shall not be shared with any other agency.")
    assert not looks_like_prose(
        "Policy Name: Utilization of License Plate Readers Policy Number: E-002"
    )


def test_single_page_gets_no_running_header() -> None:
    page = pages_of("Hollywood Police Department\nData is kept for 30 days.\n")
    assert marked(page) == [set()]


LINE = st.text(alphabet="abcXYZ 019-|.:", min_size=0, max_size=30)
BREAK = st.sampled_from(["\n", "\r\n", "\n\n", "\f", " \n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(LINE, BREAK), max_size=12), min_size=1, max_size=6))
def test_regions_are_sorted_disjoint_and_exact(raw: list[list[tuple[str, str]]]) -> None:
    texts = ["".join(line + gap for line, gap in page) for page in raw]
    head = "Header Of Every Page"
    pages = pages_of(
        *(f"{head} {n}\n{t}Page {n} of {len(texts)}\n" for n, t in enumerate(texts, 1))
    )
    for page, regions in zip(pages, find_furniture(pages), strict=True):
        previous_end = 0
        for r in regions:
            assert previous_end <= r.char_start < r.char_end <= len(page.text)
            text = page.text[r.char_start : r.char_end]
            assert text == text.strip() and "\n" not in text
            previous_end = r.char_end
        kinds = {page.text[r.char_start : r.char_end]: r.kind for r in regions}
        assert kinds.get(f"Page {page.page_no} of {len(pages)}") == "page_number" or any(
            f"Page {page.page_no} of" in t for t in kinds
        )


def _pending(file_type: FileType, texts: list[str]) -> PendingDocument:
    source = SourceFile("e" * 64, file_type, "", 1, ("batch/x",), "/dev/null")
    doc = DocumentText(source=source, pages=list(reversed(pages_of(*texts))))
    return PendingDocument(doc)


def test_finish_marks_paged_documents_only() -> None:
    texts = [f"Contract Number: 2025-03244 Page | {n}\n{b}\n" for n, b in enumerate(BODIES, 1)]
    pdf = _pending("pdf", texts).finish()
    assert [p.page_no for p in pdf.pages] == [1, 2, 3, 4]
    for page in pdf.pages:
        [region] = page.furniture
        assert page.text[region.char_start : region.char_end].startswith("Contract Number:")
    assert all(not p.furniture for p in _pending("xlsx", texts).finish().pages)


def test_text_stage_stores_furniture_of_a_born_digital_pdf(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    body = [
        "General Order 41.12\nAutomated License Plate Readers\n" + b + "\nEnd of section."
        for b in BODIES
    ]
    path.write_bytes(render_text_pdf(body, footer="G.O. 41.12 Readers | Page {page} of {pages}"))
    [doc] = list(extract_texts([source_for(path, "pdf")], workers=1))
    for page in doc.pages:
        texts = {page.text[r.char_start : r.char_end] for r in page.furniture}
        assert f"G.O. 41.12 Readers | Page {page.page_no} of 4" in texts
        assert not any("RETENTION" in t or "purged" in t for t in texts)
