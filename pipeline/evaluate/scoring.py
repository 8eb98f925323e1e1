"""Scoring the warehouse against gold labels, field by field, document by document.

Each field is compared as a *set per document* (duplicates in either side do not
count twice: the gold files list a period once per clause, the warehouse once per
mention) and the counts are summed over documents (micro-average):

- vendors: canonical names, case-insensitive, whitespace collapsed;
- retention: distinct days;
- sharing: (stance, recipient) pairs; a clause with no recipients counts as `other`;
- denial_kinds: distinct kinds; denial_citations: section numbers only (see
  `pipeline.evaluate.citations`: "ORS 192.345(23)(b)" and "ORS 192.345" are both
  "192.345");
- doc_type, state, agency (agency_id via `resolve_agency` of the gold name),
  audit_rows and audit_immigration_rows (exact counts, over gold audit logs; the
  immigration count of a document where no rows were parsed is not credited):
  one value per document, scored as accuracy; a wrong value is one false positive
  and one false negative, so P = R = F1 = accuracy when every document is found.

A gold document absent from the warehouse counts all its items as false negatives
and is listed in `unmatched` (its doc_id, or "file missing").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pipeline.evaluate.citations import citation_sections
from pipeline.evaluate.gold import load_corpus_gold, load_gold
from pipeline.evaluate.labels import DocLabels, GoldDoc
from pipeline.evaluate.predictions import warehouse_predictions
from pipeline.evaluate.report import EvalReport, FieldScore, Miss

ItemSet = dict[str, str]  # comparison key -> how to show it


def _vendors(labels: DocLabels) -> ItemSet:
    return {" ".join(v.split()).casefold(): v for v in labels.vendors if v.strip()}


def _retention(labels: DocLabels) -> ItemSet:
    return {str(d): str(d) for d in labels.retention_days}


def _sharing(labels: DocLabels) -> ItemSet:
    return {f"{s}:{r}": f"{s}:{r}" for s, r in labels.sharing}


def _denial_kinds(labels: DocLabels) -> ItemSet:
    return {k: k for k in labels.denial_kinds}


def _denial_citations(labels: DocLabels) -> ItemSet:
    return {s: s for c in labels.denial_citations for s in citation_sections(c)}


SET_FIELDS: dict[str, Callable[[DocLabels], ItemSet]] = {
    "vendors": _vendors,
    "retention": _retention,
    "sharing": _sharing,
    "denial_kinds": _denial_kinds,
    "denial_citations": _denial_citations,
}


def _audit_rows(labels: DocLabels) -> str | None:
    return None if labels.audit is None else str(labels.audit.rows)


def _audit_immigration(labels: DocLabels) -> str | None:
    # With no rows parsed, "0 immigration rows" would be right by accident: not scored.
    if labels.audit is None or labels.audit.rows == 0:
        return None
    return str(labels.audit.immigration_rows)


def _state(labels: DocLabels) -> str | None:
    return labels.state.strip().upper() if labels.state and labels.state.strip() else None


VALUE_FIELDS: dict[str, Callable[[DocLabels], str | None]] = {
    "doc_type": lambda labels: labels.doc_type or None,
    "state": _state,
    "agency": lambda labels: labels.agency_id or None,
    "audit_rows": _audit_rows,
    "audit_immigration_rows": _audit_immigration,
}
FIELD_ORDER = (
    "doc_type",
    "state",
    "agency",
    "vendors",
    "retention",
    "sharing",
    "denial_kinds",
    "denial_citations",
    "audit_rows",
    "audit_immigration_rows",
)


def _score_value(score: FieldScore, gold: str | None, pred: str | None) -> tuple[str, ...]:
    """Update counts for one document; returns (missing, extra) when it went wrong."""
    if gold is not None:
        score.docs += 1
    if gold is not None and pred == gold:
        score.tp += 1
        return ()
    if gold is not None:
        score.fn += 1
    if pred is not None:
        score.fp += 1
    return (gold or "", pred or "") if (gold or pred) else ()


def score_records(
    gold_docs: Sequence[GoldDoc], predicted: Mapping[str, DocLabels], source: str = ""
) -> EvalReport:
    """Scores of `predicted` (labels by doc_id) against the gold documents."""
    fields = {
        name: FieldScore(name, "accuracy" if name in VALUE_FIELDS else "set")
        for name in FIELD_ORDER
    }
    report = EvalReport(fields=fields, documents=len(gold_docs), source=source)
    for gold in gold_docs:
        pred = predicted.get(gold.doc_id) if gold.doc_id else None
        if pred is None:
            report.unmatched.append(
                f"{gold.name} ({gold.doc_id[:12] if gold.doc_id else 'file missing'})"
            )
            report.misses.append(
                Miss(gold.name, gold.doc_id, "document", ("not in warehouse",), ())
            )
            pred = DocLabels()
        else:
            report.matched += 1
        gold_type = gold.labels.doc_type or "(none)"
        row = report.confusion.setdefault(gold_type, {})
        shown = pred.doc_type or "(missing)"
        row[shown] = row.get(shown, 0) + 1
        for name in FIELD_ORDER:
            if name in VALUE_FIELDS:
                get = VALUE_FIELDS[name]
                wrong = _score_value(fields[name], get(gold.labels), get(pred))
                if wrong and gold.doc_id in predicted:
                    missing, extra = wrong
                    report.misses.append(
                        Miss(
                            gold.name,
                            gold.doc_id,
                            name,
                            (missing,) if missing else (),
                            (extra,) if extra else (),
                        )
                    )
                continue
            want, got = SET_FIELDS[name](gold.labels), SET_FIELDS[name](pred)
            score = fields[name]
            score.docs += 1 if want else 0
            score.tp += len(want.keys() & got.keys())
            score.fn += len(want.keys() - got.keys())
            score.fp += len(got.keys() - want.keys())
            if want.keys() != got.keys() and gold.doc_id in predicted:
                report.misses.append(
                    Miss(
                        gold.name,
                        gold.doc_id,
                        name,
                        tuple(sorted(want[k] for k in want.keys() - got.keys())),
                        tuple(sorted(got[k] for k in got.keys() - want.keys())),
                    )
                )
    return report


def score_warehouse(gold_dir: Path, docs_dir: Path, warehouse: Path) -> EvalReport:
    """Scores of the warehouse against a corpus: `gold_dir/X.json` labels `docs_dir/X`."""
    gold_docs = load_corpus_gold(gold_dir, docs_dir)
    predicted = warehouse_predictions(warehouse, (g.doc_id for g in gold_docs if g.doc_id))
    return score_records(gold_docs, predicted, source=f"gold {gold_dir} vs {warehouse}")


def score_target(target: Path, warehouse: Path) -> EvalReport:
    """Scores against whatever gold layout `target` holds (see `load_gold`), for the CLI."""
    gold_docs, layout = load_gold(target)
    predicted = warehouse_predictions(warehouse, (g.doc_id for g in gold_docs if g.doc_id))
    return score_records(gold_docs, predicted, source=f"{layout} vs {warehouse}")
