"""Scoring the warehouse against hand-made gold labels (`foia eval`)."""

from pipeline.evaluate.gold import GoldFormatError, load_corpus_gold, load_expected_json, load_gold
from pipeline.evaluate.report import EvalReport, FieldScore, Miss, render_misses, render_report
from pipeline.evaluate.scoring import score_records, score_target, score_warehouse

__all__ = [
    "EvalReport",
    "FieldScore",
    "GoldFormatError",
    "Miss",
    "load_corpus_gold",
    "load_expected_json",
    "load_gold",
    "render_misses",
    "render_report",
    "score_records",
    "score_target",
    "score_warehouse",
]
