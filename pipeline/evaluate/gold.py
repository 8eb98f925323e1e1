"""Reading hand-made labels into `GoldDoc`s, from either layout the project meets.

Two layouts carry the same per-file JSON records (see /work/shared/LABELS.md):
- a corpus root: `gold/<path>.json` labels the file `docs/<path>`;
- a generated sample batch: `<batch>.expected.json` beside the batch folder, with
  `{"files": [...]}` records whose `path` (or `file`) is relative to that folder and
  which carry the `sha256`; zip containers (no doc_type) and files expected to fail
  are not documents and are skipped.
Documents are matched to the warehouse by the sha256 of the labelled file, so a
record whose file is missing keeps `doc_id=None` and is reported as unmatched
rather than dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.evaluate.labels import AuditCounts, DocLabels, GoldDoc, sharing_pairs
from pipeline.extract.agencies import resolve_agency


class GoldFormatError(ValueError):
    """A gold file that is not a label record (not JSON, or wrong types)."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def labels_from_record(record: Mapping[str, Any]) -> DocLabels:
    """Reduce one gold record to what is scored (quotes and pages are not)."""
    try:
        state = record.get("state")
        agency = record.get("agency")
        audit = record.get("audit")
        return DocLabels(
            doc_type=record.get("doc_type"),
            state=state,
            agency_id=resolve_agency(agency, state).agency_id if agency else None,
            vendors=tuple(str(v) for v in record.get("vendors") or []),
            retention_days=tuple(
                int(r["days"]) for r in record.get("retention") or [] if r.get("days") is not None
            ),
            sharing=tuple(
                pair
                for s in record.get("sharing") or []
                for pair in sharing_pairs(s.get("stance"), s.get("recipients"))
            ),
            denial_kinds=tuple(
                str(d["kind"]) for d in record.get("denials") or [] if d.get("kind")
            ),
            denial_citations=tuple(
                str(d["citation"]) for d in record.get("denials") or [] if d.get("citation")
            ),
            audit=AuditCounts(int(audit["rows"]), int(audit.get("immigration_rows") or 0))
            if audit
            else None,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise GoldFormatError(f"not a gold label record: {exc!r}") from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold JSON: {exc}") from exc


def _gold_doc(name: str, file: Path, record: Mapping[str, Any], where: Path) -> GoldDoc:
    try:
        labels = labels_from_record(record)
    except GoldFormatError as exc:
        raise GoldFormatError(f"{where}: {exc}") from exc
    known = record.get("sha256") or record.get("doc_id")
    doc_id = str(known) if known else (file_sha256(file) if file.is_file() else None)
    return GoldDoc(name=name, doc_id=doc_id, labels=labels)


def load_corpus_gold(gold_dir: Path, docs_dir: Path) -> list[GoldDoc]:
    """Every `gold/X.json` paired with `docs/X`, sorted by path."""
    found: list[GoldDoc] = []
    for path in sorted(gold_dir.rglob("*.json")):
        rel = path.relative_to(gold_dir).as_posix()[: -len(".json")]
        record = _read_json(path)
        if not isinstance(record, dict):
            raise GoldFormatError(f"{path}: expected one JSON object per document")
        found.append(_gold_doc(rel, docs_dir / rel, record, path))
    return found


def _records(data: Any) -> Iterable[Mapping[str, Any]]:
    if isinstance(data, dict):
        for key in ("documents", "files", "records"):
            if isinstance(data.get(key), list):
                return data[key]
        if all(isinstance(v, dict) for v in data.values()):
            return [{"file": k, **v} for k, v in data.items()]
    if isinstance(data, list):
        return data
    raise GoldFormatError("expected a list of per-file records")


def load_expected_json(path: Path, docs_dir: Path | None = None) -> list[GoldDoc]:
    """Records of a sample batch's `<batch>.expected.json`; files resolved in `docs_dir`.

    `docs_dir` defaults to the batch folder beside the JSON (`raw_docs/sample` for
    `raw_docs/sample.expected.json`).
    """
    base = docs_dir or path.with_name(path.name.removesuffix(".expected.json"))
    found: list[GoldDoc] = []
    for record in _records(_read_json(path)):
        if not isinstance(record, Mapping) or not (record.get("file") or record.get("path")):
            raise GoldFormatError(f"{path}: every record needs a `file` (or `path`)")
        if record.get("expect_failure") or not record.get("doc_type"):
            continue  # a container (zip) or a file meant to fail: not a document to score
        rel = str(record.get("file") or record.get("path"))
        file = base / rel
        if not file.is_file() and (base.parent / rel).is_file():
            file = base.parent / rel  # `file` given relative to raw_docs, not the batch
        found.append(_gold_doc(rel, file, record, path))
    return sorted(found, key=lambda g: g.name)


def load_gold(target: Path) -> tuple[list[GoldDoc], str]:
    """Gold documents from a corpus root, a gold dir, an expected JSON, or a batch dir.

    Returns the documents and a short description of the layout found, for the CLI.
    """
    if target.is_file():
        return load_expected_json(target), f"expected records {target}"
    if (target / "gold").is_dir() and (target / "docs").is_dir():
        return load_corpus_gold(target / "gold", target / "docs"), f"corpus {target}"
    if target.name == "gold" and (target.parent / "docs").is_dir():
        return load_corpus_gold(target, target.parent / "docs"), f"corpus {target.parent}"
    beside = target.with_name(target.name + ".expected.json")
    if target.is_dir() and beside.is_file():
        return load_expected_json(beside, target), f"expected records {beside}"
    raise GoldFormatError(
        f"{target}: no gold labels found (want <dir>/gold + <dir>/docs, or "
        "<batch>.expected.json beside a batch folder)"
    )
