"""Page text rebuilt from tesseract TSV equals what image_to_string prints."""

from __future__ import annotations

from pathlib import Path

import pytesseract
import pytest

from pipeline.text.tesseract_text import parse_tsv, tsv_to_text
from tests.test_text_fixtures import POLICY_LINES, page_image

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def row(level: int, block: int, par: int, line: int, word: int, conf: float, text: str) -> str:
    return f"{level}\t1\t{block}\t{par}\t{line}\t{word}\t0\t0\t10\t10\t{conf}\t{text}"


def test_lines_paragraphs_and_blocks_are_rebuilt() -> None:
    tsv = "\n".join(
        [
            HEADER,
            row(1, 0, 0, 0, 0, -1, ""),
            row(2, 1, 0, 0, 0, -1, ""),
            row(5, 1, 1, 1, 1, 96.5, "Retained"),
            row(5, 1, 1, 1, 2, 90.0, "for"),
            row(5, 1, 1, 2, 1, 80.0, "30"),
            row(5, 1, 1, 2, 2, 70.0, "days."),
            row(5, 1, 2, 1, 1, 60.0, "Shared"),
            row(5, 2, 1, 1, 1, 50.0, "007"),
            row(5, 2, 1, 1, 2, -1, " "),
        ]
    )
    result = tsv_to_text(tsv)
    assert result.text == "Retained for\n30 days.\n\nShared\n\n007"
    assert result.words == 6
    assert result.mean_confidence == (96.5 + 90 + 80 + 70 + 60 + 50) / 6


def test_word_text_is_kept_as_a_string() -> None:
    # pytesseract's own dict output turns "007" into 7; the page text must not
    words = parse_tsv("\n".join([HEADER, row(5, 1, 1, 1, 1, 90, "007")]))
    assert words[0].text == "007"


def test_empty_or_malformed_tsv_gives_no_words() -> None:
    assert tsv_to_text("").text == ""
    assert tsv_to_text("").mean_confidence is None
    assert parse_tsv("not\ta\ttsv\nfile") == []


def test_rebuilt_text_matches_image_to_string(tmp_path: Path) -> None:
    image_path = tmp_path / "page.pgm"
    page_image(POLICY_LINES, dpi=150).save(image_path)
    config = "--psm 3 --dpi 150"
    rebuilt = tsv_to_text(pytesseract.image_to_data(str(image_path), config=config))
    printed = pytesseract.image_to_string(str(image_path), config=config)
    assert rebuilt.text == printed.rstrip("\n\f")
    assert "thirty days" in rebuilt.text
    assert rebuilt.mean_confidence is not None and rebuilt.mean_confidence > 80


def box_row(
    block: int, par: int, line: int, box: tuple[int, int, int, int], conf: float, text: str
) -> str:
    left, top, width, height = box
    return f"5\t1\t{block}\t{par}\t{line}\t1\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}"


def test_every_word_keeps_its_offsets_and_pixel_box() -> None:
    tsv = "\n".join(
        [
            HEADER,
            box_row(1, 1, 1, (100, 50, 80, 20), 96.5, "Retained"),
            box_row(1, 1, 1, (190, 50, 30, 20), 90.0, "for"),
            box_row(1, 1, 2, (100, 80, 25, 18), -1, "30"),
            box_row(1, 2, 1, (100, 130, 70, 22), 60.0, "Shared"),
            box_row(2, 1, 1, (400, 900, 40, 16), 50.0, "007"),
        ]
    )
    result = tsv_to_text(tsv)
    assert result.text == "Retained for\n30\n\nShared\n\n007"
    words = [result.text[b.char_start : b.char_end] for b in result.boxes]
    assert words == ["Retained", "for", "30", "Shared", "007"]
    first, _, unscored, _, last = result.boxes
    assert (first.left, first.top, first.width, first.height) == (100, 50, 80, 20)
    assert first.confidence == 96.5
    assert unscored.confidence is None
    assert (last.left, last.top, last.width, last.height) == (400, 900, 40, 16)
    assert result.median_word_height == 20


def test_spaces_inside_a_word_stay_in_the_text_but_not_in_its_offsets() -> None:
    tsv = "\n".join(
        [
            HEADER,
            box_row(1, 1, 1, (10, 10, 40, 20), 90.0, "Price"),
            box_row(1, 1, 1, (60, 10, 90, 20), 80.0, " Ext.Price"),
        ]
    )
    result = tsv_to_text(tsv)
    assert result.text == "Price  Ext.Price"
    assert [result.text[b.char_start : b.char_end] for b in result.boxes] == [
        "Price",
        "Ext.Price",
    ]


def test_tsv_without_box_columns_still_gives_offsets() -> None:
    header = "level\tblock_num\tpar_num\tline_num\tconf\ttext"
    tsv = "\n".join([header, "5\t1\t1\t1\t90\tPlate", "5\t1\t1\t1\t80\tdata"])
    result = tsv_to_text(tsv)
    assert [(b.char_start, b.char_end, b.width) for b in result.boxes] == [(0, 5, 0), (6, 10, 0)]
    assert result.median_word_height is None


def test_boxes_of_a_real_page_sit_on_their_words(tmp_path: Path) -> None:
    image_path = tmp_path / "page.pgm"
    page_image(POLICY_LINES, dpi=150).save(image_path)
    result = tsv_to_text(pytesseract.image_to_data(str(image_path), config="--psm 3 --dpi 150"))
    assert [result.text[b.char_start : b.char_end] for b in result.boxes] == result.text.split()
    tops = {result.text[b.char_start : b.char_end]: b.top for b in result.boxes}
    # the title line is drawn above the body lines (14 pt type, 22.4 pt leading)
    assert tops["AUTOMATED"] < tops["Data"] < tops["authorities"]
    assert tops["Data"] - tops["AUTOMATED"] == pytest.approx(22.4 * 150 / 72, abs=6)
