"""The text-layer verdict: keep the layer, or OCR the page, and why."""

from __future__ import annotations

import pytest

from pipeline.text.build_words import select_words
from pipeline.text.quality import (
    LayerStats,
    english_words,
    is_mojibake_char,
    judge_layer,
    measure_layer,
    needs_image_cover,
    ocr_is_better,
)
from tests.test_text_fixtures import POLICY_LINES, shifted

LETTER_AREA = 612.0 * 792.0
PROSE = " ".join(POLICY_LINES) * 6  # a full page of English, ~1700 characters


def verdict(text: str, cover: float | None = 0.0) -> str:
    return judge_layer(measure_layer(text, LETTER_AREA), cover).reason


def test_word_list_is_loaded_and_lowercase() -> None:
    words = english_words()
    assert len(words) > 50_000
    assert {"retention", "immigration", "license", "records"} <= words
    assert all(w == w.lower() for w in list(words)[:1000])


def test_english_prose_keeps_its_layer() -> None:
    stats = measure_layer(PROSE, LETTER_AREA)
    assert stats.dictionary_ratio > 0.9
    assert 4 < stats.mean_word_len < 7
    assert judge_layer(stats, 0.0).use_layer
    assert verdict(PROSE) == "layer_ok"


def test_empty_layer_is_ocrd() -> None:
    assert verdict("") == "layer_empty"
    assert verdict(" \n\t ") == "layer_empty"


def test_bates_stamp_on_a_full_page_image_is_not_a_layer() -> None:
    assert verdict("CITY-000123", cover=0.98) == "layer_sparse_with_image"
    assert verdict("DocuSign Envelope ID: FD52D683-B0E0-4C34-A36A-1A4761E0F962", 1.0) == (
        "layer_sparse_with_image"
    )


def test_short_born_digital_page_without_images_keeps_its_layer() -> None:
    assert verdict("Page 3 of 3\nSigned: Chief of Police", cover=0.0) == "layer_ok"


def test_sparse_layer_needs_image_cover_but_full_pages_do_not() -> None:
    assert needs_image_cover(measure_layer("CITY-000123", LETTER_AREA))
    assert not needs_image_cover(measure_layer(PROSE, LETTER_AREA))
    assert not needs_image_cover(measure_layer("", LETTER_AREA))


def test_density_is_relative_to_page_area() -> None:
    text = "Retention of plate data is limited to thirty days. " * 4  # ~170 chars
    on_letter = measure_layer(text, LETTER_AREA)
    on_a_card = measure_layer(text, 300.0 * 200.0)
    assert judge_layer(on_letter, 1.0).reason == "layer_sparse_with_image"
    assert judge_layer(on_a_card, 1.0).reason == "layer_ok"


@pytest.mark.parametrize(
    "garbage",
    [
        "\ufffd" * 400 + PROSE[:200],
        "".join(chr(0xE000 + i % 200) for i in range(600)),
        "\x02\x03\x04\x05\x06\x05\x07\x08\x05\t\x05\n" * 80,
        "(cid:12)(cid:7)(cid:44) " * 60,
    ],
    ids=["replacement", "private_use", "control", "cid"],
)
def test_mojibake_layers_are_ocrd(garbage: str) -> None:
    assert verdict(garbage) == "layer_garbage_mojibake"


def test_a_few_odd_glyphs_do_not_condemn_a_page() -> None:
    # Word bullets are private-use glyphs; pdfium marks some hyphens with \x02
    text = PROSE + "\n\uf0b7 item one\n\uf0b7 item two\nAU-K\x02XXX"
    assert verdict(text) == "layer_ok"


def test_symbol_soup_is_ocrd() -> None:
    assert verdict("#$%&'()*&&+&,$-./0+12&1,2&,$&*&2/,$34 " * 40) == "layer_garbage_symbols"


def test_dot_leaders_in_a_table_of_contents_are_not_symbol_soup() -> None:
    toc = "\n".join(f"Section {i} Retention of records {'.' * 60} {i}" for i in range(1, 30))
    assert verdict(toc) == "layer_ok"


def test_letter_soup_from_a_wrong_font_encoding_is_ocrd() -> None:
    stats = measure_layer(shifted(PROSE), LETTER_AREA)
    assert stats.dictionary_ratio < 0.35
    assert judge_layer(stats, 0.0).reason == "layer_low_wordness"


def test_words_run_together_are_ocrd() -> None:
    glued = " ".join("".join(line.split()) for line in POLICY_LINES * 8)
    assert verdict(glued) in {"layer_garbage_word_length", "layer_low_wordness"}


def test_tables_of_names_and_numbers_keep_their_layer() -> None:
    rows = "\n".join(
        f"{i:04d}\t2025-06-{i % 28 + 1:02d}\tEugene Police Department\tinvestigation\t{i * 7}"
        for i in range(60)
    )
    assert verdict(rows) == "layer_ok"


def test_mojibake_char_classes() -> None:
    assert is_mojibake_char("\ufffd")
    assert is_mojibake_char("\ue000")
    assert is_mojibake_char("\x03")
    assert not is_mojibake_char("\n")
    assert not is_mojibake_char("é")
    assert not is_mojibake_char("❑")


def test_possessives_and_curly_apostrophes_count_as_words() -> None:
    stats = measure_layer("The agency’s records and the department's policy " * 5, LETTER_AREA)
    assert stats.dictionary_ratio == 1.0


def test_ocr_replaces_a_poor_layer_only_when_it_reads_better() -> None:
    layer = measure_layer(shifted(PROSE), LETTER_AREA)
    good = measure_layer(PROSE, LETTER_AREA)
    assert ocr_is_better(layer, good)
    assert not ocr_is_better(good, layer)
    assert not ocr_is_better(layer, layer)


def test_wordness_discounts_mojibake() -> None:
    stats = LayerStats(
        chars=100,
        chars_per_kpt2=1.0,
        mojibake_chars=50,
        mojibake_share=0.5,
        alnum_share=0.5,
        word_tokens=20,
        dictionary_ratio=0.8,
        mean_word_len=5.0,
    )
    assert stats.wordness == pytest.approx(0.4)


def test_word_list_build_keeps_lowercase_letter_words_only() -> None:
    lines = ["Alpha", "beta", "gamma1", "DRI", "a", "delta", "beta", " retention ", "x-ray"]
    assert select_words(lines) == ["beta", "delta", "retention"]
