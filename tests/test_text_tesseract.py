"""Page text rebuilt from tesseract TSV equals what image_to_string prints."""

from __future__ import annotations

from pathlib import Path

import pytesseract

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
