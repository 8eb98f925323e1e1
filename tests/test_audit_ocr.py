"""Scanned audit logs: rows rebuilt from OCR word boxes.

Hand-built pages place words the way tesseract reports them (tight boxes, table
rules read as "|", misread header words and digits), so each OCR failure mode
is pinned down without running OCR; the last tests print and scan a generated
export and read it back through the real text stage and dispatcher.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.extract.audit_logs import parse_audit_log
from pipeline.extract.audit_ocr import has_ocr_words, parse_scanned_audit_log
from pipeline.extract.audit_ocr_words import clean_word, header_word, repair_number
from pipeline.extract.dispatch import extract_all, parse_audit
from pipeline.records import DocumentText, PageText, SourceFile, WordBox
from pipeline.samples.audit_pdf import AuditPdfStyle, AuditTruth, make_audit_pdf
from pipeline.samples.scan import ScanLook, make_scanned_pdf
from pipeline.text import extract_texts

DOC_ID = "a" * 64
CHAR_WIDTH = 3.9  # 7 pt Helvetica, average
WORD_HEIGHT = 5.2
SPACE = 2.0
LINE = 8.4

# A line of a page: its top and (x, text) cells; a cell's words are spaced like print.
Line = tuple[float, Sequence[tuple[float, str]]]

COLUMNS = {"id": 42.0, "org": 134.0, "user": 218.0, "reason": 300.0, "time": 470.0, "type": 560}
HEADER: list[Line] = [
    (
        72.0,
        [
            (COLUMNS["id"], "1D"),
            (COLUMNS["org"], "Org Nane"),
            (COLUMNS["user"], "Name"),
            (COLUMNS["reason"], "Reasen"),
            (COLUMNS["time"], "Search Tlme"),
            (COLUMNS["type"], "Search"),
        ],
    ),
    (72.0 + LINE, [(COLUMNS["type"], "Type")]),
]


def row_lines(top: float, cells: Mapping[str, Sequence[str]]) -> list[Line]:
    """One table row: each cell's lines stacked from `top`."""
    depth = max(len(v) for v in cells.values())
    return [
        (top + n * LINE, [(COLUMNS[k], v[n]) for k, v in cells.items() if n < len(v)])
        for n in range(depth)
    ]


ROWS = [
    {
        "id": ["5869ce7e-98f2-47e7-a3", "c2-5e6bff4def4a"],
        "org": ["Salem PD"],
        "user": ["jsmith"],
        "reason": ["ICE request"],
        "time": ["06/18/2025,", "12:15:46 AM"],
        "type": ["Search"],
    },
    {
        "id": ["9b29b2b1-b9ff-4802-8c", "1d-0a6c1e7f3b2d"],
        "org": ["Bend Police", "Department"],
        "user": ["Maria Lopez"],
        "reason": ["stolen plate recovered on", "traffic stop"],
        "time": ["O6/18/2025,", "12:20:56 AM"],  # a zero read as a letter O
        "type": ["Lookup"],
    },
    {
        "id": ["0e1f2a3b-4c5d-4e6f-8a", "7b-8c9d0e1f2a3b"],
        "org": ["Medford PD"],
        "user": ["K. Nguyen"],
        "reason": ["police assist"],
        "time": ["06/18/2025,", "01:11:50 AM"],
        "type": ["Search"],
    },
]
ROW_TOPS = (100.0, 122.0, 152.0)


def table_lines(rows: Sequence[Mapping[str, Sequence[str]]] = ROWS) -> list[Line]:
    lines = list(HEADER)
    for top, row in zip(ROW_TOPS, rows, strict=True):
        lines.extend(row_lines(top, row))
    return lines


def ocr_page(lines: Sequence[Line], page_no: int = 1, rules: Sequence[float] = ()) -> PageText:
    """A PageText as the OCR stage stores it: text line by line, a box per word.

    `rules` are x positions of vertical table rules, read as "|" on every line.
    """
    text = ""
    words: list[WordBox] = []
    for top, cells in sorted(lines, key=lambda line: line[0]):
        placed: list[tuple[float, str]] = []
        for x, cell in cells:
            cursor = x
            for word in cell.split():
                placed.append((cursor, word))
                cursor += len(word) * CHAR_WIDTH + SPACE
        placed.extend((x, "|") for x in rules)
        for n, (x, word) in enumerate(sorted(placed)):
            if n:
                text += " "
            start = len(text)
            text += word
            width = 0.3 if word == "|" else len(word) * CHAR_WIDTH
            height = LINE if word == "|" else WORD_HEIGHT
            words.append(WordBox(start, len(text), x, top, x + width, top + height, 90.0))
        text += "\n"
    return PageText(DOC_ID, page_no, "ocr", text, "ocr", words=tuple(words))


def scanned_doc(*pages: PageText, file_type: str = "pdf", blob: str = "scan.pdf") -> DocumentText:
    source = SourceFile(DOC_ID, file_type, "", 0, ("batch/scan.pdf",), blob)  # type: ignore[arg-type]
    return DocumentText(source=source, pages=list(pages))


def test_rows_come_back_from_noisy_word_boxes() -> None:
    page = ocr_page(table_lines(), rules=(128.0, 212.0, 294.0))
    parse = parse_scanned_audit_log(scanned_doc(page))
    assert parse.failures == []
    assert [r["user"] for r in parse.rows] == ["jsmith", "Maria Lopez", "K. Nguyen"]
    assert [r["org_name"] for r in parse.rows] == [
        "Salem PD",
        "Bend Police Department",
        "Medford PD",
    ]
    assert parse.rows[1]["reason"] == "stolen plate recovered on traffic stop"
    assert [r["searched_at"] for r in parse.rows] == [
        datetime(2025, 6, 18, 0, 15, 46),
        datetime(2025, 6, 18, 0, 20, 56),
        datetime(2025, 6, 18, 1, 11, 50),
    ]
    assert [r["immigration"] for r in parse.rows] == [True, False, False]
    assert parse.rows[0]["search_id"] == "5869ce7e-98f2-47e7-a3c2-5e6bff4def4a"
    assert [r["page_no"] for r in parse.rows] == [1, 1, 1]


def skewed(page: PageText, degrees: float) -> PageText:
    """The page as a scanner that fed it slightly turned would have it (boxes moved)."""
    turn = math.radians(degrees)
    words = []
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2 - 400, (w.y0 + w.y1) / 2 - 150
        nx = 400 + cx * math.cos(turn) - cy * math.sin(turn)
        ny = 150 + cx * math.sin(turn) + cy * math.cos(turn)
        half_w, half_h = (w.x1 - w.x0) / 2, (w.y1 - w.y0) / 2
        words.append(replace(w, x0=nx - half_w, x1=nx + half_w, y0=ny - half_h, y1=ny + half_h))
    return replace(page, words=tuple(words))


@pytest.mark.parametrize("degrees", [1.0, -2.5])
def test_rows_of_a_skewed_scan_are_levelled(degrees: float) -> None:
    page = skewed(ocr_page(table_lines(), rules=(128.0, 212.0, 294.0)), degrees)
    rows = parse_scanned_audit_log(scanned_doc(page)).rows
    assert [r["user"] for r in rows] == ["jsmith", "Maria Lopez", "K. Nguyen"]
    assert [r["reason"] for r in rows] == [
        "ICE request",
        "stolen plate recovered on traffic stop",
        "police assist",
    ]


def test_a_missed_row_start_is_reported_not_guessed() -> None:
    rows = [dict(r) for r in ROWS]
    rows[2]["time"] = ["xx/18/2025,", "01:11:50 AM"]  # the date of the third row is unreadable
    parse = parse_scanned_audit_log(scanned_doc(ocr_page(table_lines(rows))))
    assert len(parse.rows) == 2
    [failure] = [f for f in parse.failures if f.error_class == "AuditOcrRowsUncertain"]
    assert "true count may be up to 3" in failure.message


def test_a_date_with_nothing_beside_it_is_not_a_row() -> None:
    lines = [*table_lines(), (180.0, [(COLUMNS["time"], "06/19/2025,")])]
    parse = parse_scanned_audit_log(scanned_doc(ocr_page(lines)))
    assert len(parse.rows) == 3
    assert [f.error_class for f in parse.failures] == ["AuditOcrRowsUncertain"]


def test_a_column_whose_label_was_not_read_stays_out_of_its_neighbour() -> None:
    lines = table_lines()
    header, *rest = lines
    lines = [(header[0], [c for c in header[1] if c[1] != "1D"]), *rest]
    parse = parse_scanned_audit_log(scanned_doc(ocr_page(lines)))
    assert [r["org_name"] for r in parse.rows] == [
        "Salem PD",
        "Bend Police Department",
        "Medford PD",
    ]
    assert [r["search_id"] for r in parse.rows] == [None, None, None]
    assert len(parse.rows) == 3


def test_rows_continue_over_scanned_pages() -> None:
    second = [HEADER[0], HEADER[1], *row_lines(100.0, ROWS[2])]
    first = [*HEADER, *row_lines(100.0, ROWS[0]), *row_lines(122.0, ROWS[1])]
    doc = scanned_doc(ocr_page(first, 1), ocr_page(second, 2))
    parse = parse_scanned_audit_log(doc)
    assert [r["page_no"] for r in parse.rows] == [1, 1, 2]
    assert [r["row_no"] for r in parse.rows] == [1, 2, 3]


def test_prose_page_gives_no_rows() -> None:
    letter: list[Line] = [
        (80.0 + n * 14, [(72.0, text)])
        for n, text in enumerate(
            [
                "Dear requester, on 06/18/2025 we searched for the audit log",
                "you asked for. The Reason and Search Time of each search",
                "are kept for 30 days. No responsive records were found.",
            ]
        )
    ]
    parse = parse_scanned_audit_log(scanned_doc(ocr_page(letter)))
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditHeaderNotFound"]


def test_pages_without_text_or_words_are_failures() -> None:
    blank = PageText(DOC_ID, 2, "none", "", "ocr_failed")
    parse = parse_scanned_audit_log(scanned_doc(ocr_page(table_lines()), blank))
    assert len(parse.rows) == 3
    assert [(f.error_class, f.page_no) for f in parse.failures] == [("AuditPdfNoTextLayer", 2)]
    nothing = parse_scanned_audit_log(scanned_doc(blank))
    assert nothing.rows == []
    assert [(f.error_class, f.page_no) for f in nothing.failures] == [("AuditPdfNoTextLayer", None)]


def test_dispatch_sends_ocr_pages_with_words_to_the_word_reader() -> None:
    words = scanned_doc(ocr_page(table_lines()))
    assert has_ocr_words(words)
    assert len(parse_audit(words).rows) == 3
    photo = scanned_doc(ocr_page(table_lines()), file_type="image", blob="/nonexistent.jpg")
    assert len(parse_audit(photo).rows) == 3  # an image file: no PDF to open
    no_words = PageText(DOC_ID, 1, "ocr", "Org Name Reason Search Time", "ocr")
    assert not has_ocr_words(scanned_doc(no_words))
    assert not has_ocr_words(scanned_doc(ocr_page(table_lines()), file_type="csv"))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("O6/18/2O25,", "06/18/2025,"),
        ("03:19:31.", "03:19:31"),
        ("12.15:46", "12:15:46"),
        ("l03", "103"),
        ("I5", "I5"),  # too short to be sure it is a number
        ("tbrown2", "tbrown2"),
        ("Robbery", "Robbery"),
    ],
)
def test_number_shaped_words_get_their_digits_back(word: str, expected: str) -> None:
    assert repair_number(word) == expected


def test_words_lose_rule_marks_but_keep_their_text() -> None:
    assert clean_word("|") == ""
    assert clean_word("‘Robbery") == "Robbery"
    assert clean_word("-K.") == "K."
    assert clean_word("-9cbb7d55197d") == "-9cbb7d55197d"  # the tail of a wrapped UUID
    assert clean_word("-") == "-"


def test_misread_header_words_are_recognised() -> None:
    assert header_word("Reasen") == "reason"
    assert header_word("1D") == "id"
    assert header_word("Tlme") == "time"
    assert header_word("Salem") == "Salem"


def test_pages_that_kept_their_text_layer_are_read_from_it(tmp_path: Path) -> None:
    truth = make_audit_pdf(tmp_path / "digital.pdf", 50, seed=4)
    pages = [PageText(DOC_ID, n, "text_layer", "-", "text_layer_ok") for n in range(1, 4)]
    doc = scanned_doc(*pages, blob=str(truth.path))
    assert truth.pages == 3
    rows = parse_scanned_audit_log(doc).rows
    assert [r["search_id"] for r in rows] == [r["search_id"] for r in truth.records]
    assert [r["reason"] for r in rows] == [r["reason"] for r in truth.records]
    assert [r["immigration"] for r in rows] == [r["immigration"] for r in truth.records]


# --- printed and scanned through the real text stage --------------------------------


def source_of(path: Path) -> SourceFile:
    return SourceFile(
        DOC_ID, "pdf", "application/pdf", path.stat().st_size, (f"batch/{path.name}",), str(path)
    )


@pytest.fixture(scope="module")
def scanned_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuditTruth, DocumentText]:
    path = tmp_path_factory.mktemp("scan") / "scanned_audit.pdf"
    truth = make_audit_pdf(
        path, 15, seed=11, style=AuditPdfStyle(with_user=True), scan=ScanLook(dpi=300)
    )
    [doc] = list(extract_texts([source_of(path)], workers=1))
    return truth, doc


def test_scanned_export_reads_back_through_dispatch(
    scanned_export: tuple[AuditTruth, DocumentText],
) -> None:
    truth, doc = scanned_export
    assert truth.immigration_rows >= 1
    assert all(page.method == "ocr" and page.words for page in doc.pages)
    assert parse_audit_log(doc).failures[0].error_class == "AuditPdfNoTextLayer"
    [extraction], _ = extract_all([doc])
    rows = extraction.facts["audit_searches"]
    assert extraction.doc_type == "audit_log"
    assert len(rows) == truth.rows
    assert [r["immigration"] for r in rows] == [r["immigration"] for r in truth.records]
    assert [r["searched_at"] for r in rows] == [r["searched_at"] for r in truth.records]
    users = sum(got["user"] == want["user"] for got, want in zip(rows, truth.records, strict=True))
    assert users >= truth.rows - 1
    assert {r["source_timezone"] for r in rows} == {truth.timezone}
    assert not [f for f in extraction.failures if f.error_class.startswith("Audit")]


def test_scanned_letter_gives_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    make_scanned_pdf(
        path,
        [
            "Dear requester,\n"
            "We searched for the audit log of license plate reader searches you asked\n"
            "for on 06/18/2025 10:00 AM. The log records the Org Name, Reason and\n"
            "Search Time of each search; it is kept for 30 days. Nothing was found\n"
            "for the period you named, 05/01/2025 09:00 AM to 05/02/2025 09:00 AM."
        ],
    )
    [doc] = list(extract_texts([source_of(path)], workers=1))
    assert has_ocr_words(doc)
    # The letter names audit columns and times, enough for the text detector to
    # send it here; the table reader still finds no header and invents no row.
    parse = parse_scanned_audit_log(doc)
    assert parse.rows == []
    assert [f.error_class for f in parse.failures] == ["AuditHeaderNotFound"]
