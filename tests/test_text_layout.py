"""Reading order of born-digital pages: pages set in columns are read column by
column (title first, footer last), everything else keeps pdfium's order, and
tables and forms are never taken for columns. Fixtures come from the project's
own generators (pipeline/samples/layout.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.samples.layout import (
    render_column_pdf,
    render_ruled_table_pdf,
    render_text_pdf,
)
from pipeline.text import extract_texts
from pipeline.text.layout import gutter_candidates
from pipeline.text.pdf import PageLayer, normalize_layer_text, read_layer, text_rects
from tests.test_text_fixtures import source_for

LEFT = (
    "The city council met on Tuesday evening to review the license plate reader "
    "program that the police department started last spring on the main roads.",
    "Several residents asked how long the camera data is kept and who is allowed "
    "to search it without a warrant or a written request from a supervisor.",
)
RIGHT = (
    "The police chief answered that plate data is deleted after thirty days unless "
    "it has been marked as evidence in an open criminal case.",
    "No plate data is shared with federal immigration agencies, and every search is "
    "logged together with the reason and the name of the officer.",
)
MIDDLE = (
    "Council members then discussed the budget for new cameras at the two bridges "
    "and asked staff to report back on maintenance costs.",
    "A motion to continue the program for one more year passed by a vote of five "
    "to two after a short debate about privacy.",
)
TITLE = "Council Minutes, March 3"
FOOTER = "Page 1 of 1"


def flat(text: str) -> str:
    return " ".join(text.split())


def raw_layer(data: bytes) -> str:
    """pdfium's text of the first page in its own (content stream) order."""
    pdf = pdfium.PdfDocument(data)
    try:
        textpage = pdf[0].get_textpage()
        return normalize_layer_text(textpage.get_text_bounded())
    finally:
        pdf.close()


def first_layer(data: bytes) -> PageLayer:
    pdf = pdfium.PdfDocument(data)
    try:
        return read_layer(pdf[0], 1)
    finally:
        pdf.close()


def positions(text: str, parts: tuple[str, ...]) -> list[int]:
    found = [flat(text).find(flat(part)) for part in parts]
    assert -1 not in found, f"not read in one piece: {parts[found.index(-1)]!r}"
    return found


def glyphs(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def test_interleaved_two_column_page_is_read_column_by_column() -> None:
    data = render_column_pdf([LEFT, RIGHT], title=TITLE, footer=FOOTER)
    raw = raw_layer(data)
    # The fixture really is the hard case: pdfium reads across the gutter.
    assert flat(LEFT[0]) not in flat(raw)
    layer = first_layer(data)
    assert layer.columns == 2
    order = positions(layer.text, (TITLE, *LEFT, *RIGHT, FOOTER))
    assert order == sorted(order)
    assert layer.text.startswith(TITLE) and layer.text.rstrip().endswith(FOOTER)
    assert glyphs(layer.text) == glyphs(raw)  # the page's characters, nothing else


def test_three_columns_keep_a_centred_title_first_and_footer_last() -> None:
    data = render_column_pdf([LEFT, MIDDLE, RIGHT], title="News", footer=FOOTER, gutter=18)
    layer = first_layer(data)
    assert layer.columns == 3
    order = positions(layer.text, ("News", *LEFT, *MIDDLE, *RIGHT, FOOTER))
    assert order == sorted(order)


def test_columns_written_in_order_keep_pdfiums_text() -> None:
    data = render_column_pdf([LEFT, RIGHT], title=TITLE, footer=FOOTER, interleaved=False)
    layer = first_layer(data)
    assert layer.columns == 2
    assert layer.text == raw_layer(data)


def test_ordinary_page_is_unchanged_and_stops_at_the_cheap_test() -> None:
    page = "# Use of License Plate Readers\n" + "\n".join((*LEFT, *RIGHT, *MIDDLE))
    data = render_text_pdf([page], footer=FOOTER)
    layer = first_layer(data)
    assert layer.columns == 1
    assert layer.text == raw_layer(data)
    pdf = pdfium.PdfDocument(data)
    try:
        assert gutter_candidates(text_rects(pdf[0].get_textpage())) == []
    finally:
        pdf.close()


def test_ruled_table_keeps_its_rows_together() -> None:
    rows = [
        ["Record", "Retention period"],
        ["Plate reads", "30 days"],
        ["Hot list alerts", "1 year"],
        ["Search audit log", "3 years"],
        ["Video clips", "90 days"],
        ["Shared with", "Law enforcement agencies only"],
    ]
    layer = first_layer(render_ruled_table_pdf(rows, [50, 50], title="Retention schedule"))
    assert layer.columns == 1
    lines = layer.text.splitlines()
    for row in rows:
        assert " ".join(row) in lines


def test_table_of_codes_is_not_taken_for_columns() -> None:
    rows = "\n".join(
        f"| 2024-03-{d:02d} 14:{d:02d}:10 UTC | CASE-2024-{d:05d} 7ABC{d:03d} NCIC |"
        for d in range(1, 26)
    )
    data = render_text_pdf(["## Search log export\n|= 50 50\n" + rows])
    layer = first_layer(data)
    assert layer.columns == 1
    assert "2024-03-07 14:07:10 UTC CASE-2024-00007 7ABC007 NCIC" in layer.text.splitlines()


def test_label_and_value_form_is_not_taken_for_columns() -> None:
    labels = ["Customer", "Agency", "Term", "Renewal", "Retention period", "Billing", "Cameras"]
    values = ["City of Harbor Bluff", "Police", "24 months", "Yearly", "30 days", "Annual", "12"]
    rows = "\n".join(f"| {label}: | {value} |" for label, value in zip(labels, values, strict=True))
    layer = first_layer(render_text_pdf(["# Order Form\n|= 50 50\n" + rows]))
    assert layer.columns == 1
    assert "Retention period: 30 days" in layer.text.splitlines()


def test_ruled_two_column_prose_table_is_read_row_by_row() -> None:
    # Both cells of each row are prose, so the page looks like two columns; the
    # row rules across the gutter keep each question next to its answer.
    questions = ("How long is plate data kept by the department?", *LEFT)
    answers = ("Plate data is kept for thirty days and then deleted.", *RIGHT)
    rows = [["Question", "Answer"], *zip(questions, answers, strict=True)]
    data = render_ruled_table_pdf([list(r) for r in rows], [50, 50])
    layer = first_layer(data)
    order = positions(layer.text, tuple(cell for row in rows for cell in row))
    assert order == sorted(order)


@pytest.mark.parametrize("interleaved", [True, False])
def test_text_stage_stores_the_column_count(tmp_path: Path, interleaved: bool) -> None:
    columns = render_column_pdf([LEFT, RIGHT], title=TITLE, interleaved=interleaved)
    plain = render_text_pdf(["\n".join(LEFT)])
    sources = []
    for name, data in (("columns.pdf", columns), ("plain.pdf", plain)):
        path = tmp_path / name
        path.write_bytes(data)
        sources.append(source_for(path, "pdf"))
    docs = {d.source.blob: d for d in extract_texts(sources, workers=1)}
    [column_page] = docs[sources[0].blob].pages
    [plain_page] = docs[sources[1].blob].pages
    assert (column_page.method, column_page.columns) == ("text_layer", 2)
    assert positions(column_page.text, (*LEFT, *RIGHT)) == sorted(
        positions(column_page.text, (*LEFT, *RIGHT))
    )
    assert plain_page.columns == 1
