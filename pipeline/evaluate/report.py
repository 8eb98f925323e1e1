"""The result of an evaluation: counts per field, the misses behind them, renderers.

Precision, recall and F1 are micro-averaged: true/false positives and false
negatives are summed over documents first, so a document with many items weighs
more than one with few, as it does for a researcher reading the warehouse.
Undefined ratios (nothing predicted, nothing expected) are `None`, shown as "–",
rather than a flattering 1.0 or a misleading 0.0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table


@dataclass
class FieldScore:
    """Counts for one field; `kind` "accuracy" fields also report tp / docs."""

    name: str
    kind: str = "set"  # "set" or "accuracy"
    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0  # gold documents that carry this field (the accuracy denominator)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    @property
    def accuracy(self) -> float | None:
        if self.kind != "accuracy" or not self.docs:
            return None
        return self.tp / self.docs

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "docs": self.docs,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
        }


@dataclass(frozen=True)
class Miss:
    """Where a field went wrong in one document: what gold had that we lacked, and extras."""

    doc: str
    doc_id: str | None
    field: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]


@dataclass
class EvalReport:
    """Scores over a set of gold documents, with every miss listed for `--show-errors`."""

    fields: dict[str, FieldScore]
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold -> predicted -> n
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "documents": self.documents,
            "matched": self.matched,
            "unmatched": list(self.unmatched),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "doc_type_confusion": self.confusion,
            "misses": [
                {
                    "doc": m.doc,
                    "doc_id": m.doc_id,
                    "field": m.field,
                    "missing": list(m.missing),
                    "extra": list(m.extra),
                }
                for m in self.misses
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def render_report(report: EvalReport) -> Table:
    """One row per field: counts, precision, recall, F1, and accuracy where it applies."""
    table = Table(
        title=f"Accuracy: {report.matched}/{report.documents} gold documents in the warehouse",
        caption=report.source or None,
    )
    table.add_column("field")
    for name in ("tp", "fp", "fn"):
        table.add_column(name, justify="right")
    for name in ("precision", "recall", "F1", "accuracy"):
        table.add_column(name, justify="right")
    for score in report.fields.values():
        table.add_row(
            score.name,
            str(score.tp),
            str(score.fp),
            str(score.fn),
            _ratio(score.precision),
            _ratio(score.recall),
            _ratio(score.f1),
            _ratio(score.accuracy) if score.kind == "accuracy" else "",
        )
    return table


def render_misses(report: EvalReport) -> Table:
    """Every miss: the document, the field, gold items not found, items found in excess."""
    table = Table(title=f"{len(report.misses)} misses")
    table.add_column("document", overflow="fold")
    table.add_column("field")
    table.add_column("missing (in gold, not found)", overflow="fold")
    table.add_column("extra (found, not in gold)", overflow="fold")
    for miss in report.misses:
        table.add_row(miss.doc, miss.field, ", ".join(miss.missing), ", ".join(miss.extra))
    return table
