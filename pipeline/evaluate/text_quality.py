"""How much of the labelled evidence survives the text stage.

Every gold quote (retention, sharing and denial items) names the page it is on. If
the quote cannot be found in that page's stored text, no extractor can cite it, so
the share of quotes found is an upper bound on extraction recall and the most
direct measure of text quality (OCR errors, wrong page decisions, lost layers).
Quotes are compared after collapsing whitespace and case: exactly (substring) and
fuzzily (rapidfuzz partial_ratio >= 90, which tolerates a few OCR slips), split by
how the corpus manifest describes the document (born-digital, scanned, mixed).

Run: ``python -m pipeline.evaluate.text_quality [CORPUS_DIR]``. Corpus OCR output
is cached under /tmp/alpr_text_cache (keyed by sha256 and TEXT_ENGINE_VERSION) so
reruns take seconds; in the product, reruns are skipped through the warehouse.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.records import DocumentText, Failure, FileType, PageText, SourceFile
from pipeline.text.settings import TextSettings

FUZZY_THRESHOLD = 90.0
DEFAULT_CACHE = Path("/tmp/alpr_text_cache")
_QUOTE_FIELDS = ("retention", "sharing", "denials")
_EXT_TYPES: dict[str, FileType] = {
    "pdf": "pdf",
    "csv": "csv",
    "xlsx": "xlsx",
    "docx": "docx",
    "txt": "text",
    "eml": "email",
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "tif": "image",
    "tiff": "image",
}


@dataclass(frozen=True)
class QuoteCheck:
    """One gold quote and whether its page's text contains it."""

    file: str
    group: str
    field: str
    page: int | None
    quote: str
    exact: bool
    score: float

    @property
    def fuzzy(self) -> bool:
        return self.exact or self.score >= FUZZY_THRESHOLD


@dataclass(frozen=True)
class GroupScore:
    group: str
    quotes: int
    exact: int
    fuzzy: int

    @property
    def exact_share(self) -> float:
        return self.exact / self.quotes if self.quotes else 1.0

    @property
    def fuzzy_share(self) -> float:
        return self.fuzzy / self.quotes if self.quotes else 1.0


@dataclass
class TextQualityReport:
    checks: list[QuoteCheck] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)

    def groups(self) -> list[GroupScore]:
        names = sorted({c.group for c in self.checks})
        return [_score(n, [c for c in self.checks if c.group == n]) for n in names] + [
            _score("all", self.checks)
        ]

    def misses(self) -> list[QuoteCheck]:
        return [c for c in self.checks if not c.exact]

    def to_dict(self) -> dict[str, object]:
        return {
            "groups": [
                {
                    "group": g.group,
                    "quotes": g.quotes,
                    "exact": round(g.exact_share, 4),
                    "fuzzy": round(g.fuzzy_share, 4),
                }
                for g in self.groups()
            ],
            "misses": [
                {
                    "file": c.file,
                    "page": c.page,
                    "field": c.field,
                    "quote": c.quote,
                    "score": round(c.score, 1),
                    "fuzzy": c.fuzzy,
                }
                for c in self.misses()
            ],
            "missing_documents": list(self.missing_documents),
        }

    def to_text(self) -> str:
        lines = [f"{'group':<14}{'quotes':>7}{'exact':>8}{'fuzzy':>8}"]
        for g in self.groups():
            lines.append(f"{g.group:<14}{g.quotes:>7}{g.exact_share:>8.3f}{g.fuzzy_share:>8.3f}")
        for c in self.misses():
            mark = "fuzzy" if c.fuzzy else "MISS "
            lines.append(f"  {mark} {c.score:5.1f} {c.file} p{c.page}: {c.quote[:90]!r}")
        for name in self.missing_documents:
            lines.append(f"  no text for {name}")
        return "\n".join(lines)


def _score(name: str, checks: list[QuoteCheck]) -> GroupScore:
    return GroupScore(name, len(checks), sum(c.exact for c in checks), sum(c.fuzzy for c in checks))


def normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_quote(quote: str, page_text: str) -> tuple[bool, float]:
    """(exact substring after normalisation, partial_ratio score 0-100)."""
    q, t = normalize(quote), normalize(page_text)
    if not q:
        return True, 100.0
    if q in t:
        return True, 100.0
    return False, float(fuzz.partial_ratio(q, t))


def read_manifest(corpus_dir: Path) -> list[dict[str, object]]:
    path = corpus_dir / "manifest.jsonl"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _group(born_digital: object) -> str:
    if born_digital is True:
        return "born_digital"
    if born_digital is False:
        return "scanned"
    return str(born_digital)


def measure_text_quality(corpus_dir: Path, texts: Mapping[str, DocumentText]) -> TextQualityReport:
    """Check every gold quote against its page; `texts` keyed by sha256 or by
    the manifest's `file` path (``docs/...``)."""
    report = TextQualityReport()
    for entry in read_manifest(corpus_dir):
        name = str(entry["file"])
        gold_path = corpus_dir / "gold" / (name.removeprefix("docs/") + ".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        items = [
            (f, item) for f in _QUOTE_FIELDS for item in gold.get(f) or [] if item.get("quote")
        ]
        if not items:
            continue
        doc = texts.get(str(entry["sha256"])) or texts.get(name)
        if doc is None:
            report.missing_documents.append(name)
            continue
        pages = {p.page_no: p.text for p in doc.pages}
        for field_name, item in items:
            page = item.get("page")
            text = pages.get(page, "") if page else "\n".join(pages.values())
            exact, score = find_quote(item["quote"], text)
            report.checks.append(
                QuoteCheck(
                    name,
                    _group(entry.get("born_digital")),
                    field_name,
                    page,
                    item["quote"],
                    exact,
                    score,
                )
            )
    return report


def corpus_sources(corpus_dir: Path) -> list[SourceFile]:
    """The corpus documents as the ingest stage would hand them over."""
    sources = []
    for entry in read_manifest(corpus_dir):
        name = str(entry["file"])
        ext = name.rsplit(".", 1)[-1].lower()
        path = corpus_dir / name
        if not path.exists():
            continue
        sources.append(
            SourceFile(
                doc_id=str(entry["sha256"]),
                file_type=_EXT_TYPES.get(ext, "unknown"),
                mime="",
                size=path.stat().st_size,
                paths=(name,),
                blob=str(path),
            )
        )
    return sources


def corpus_texts(
    corpus_dir: Path,
    cache_dir: Path | None = DEFAULT_CACHE,
    workers: int = 0,
    on_progress: Callable[[int, int], None] | None = None,
    settings: TextSettings | None = None,
) -> dict[str, DocumentText]:
    """Text of every corpus document keyed by sha256, through the dev cache.

    Non-default settings get their own cache entries, so variants (another dpi,
    rotation off) can be measured side by side.
    """
    from pipeline.text import TEXT_ENGINE_VERSION, extract_texts

    key = TEXT_ENGINE_VERSION
    if settings is not None and settings != TextSettings():
        digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:10]
        key = f"{TEXT_ENGINE_VERSION}-{digest}"
    texts: dict[str, DocumentText] = {}
    todo = []
    for source in corpus_sources(corpus_dir):
        cached = _load_cached(cache_dir, source, key)
        if cached is not None:
            texts[source.doc_id] = cached
        else:
            todo.append(source)
    for doc in extract_texts(todo, workers=workers, on_progress=on_progress, settings=settings):
        texts[doc.source.doc_id] = doc
        _store_cached(cache_dir, doc, key)
    return texts


def _cache_file(cache_dir: Path, doc_id: str, version: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", version)
    return cache_dir / f"{doc_id}-{safe}.json"


def _load_cached(cache_dir: Path | None, source: SourceFile, version: str) -> DocumentText | None:
    if cache_dir is None:
        return None
    path = _cache_file(cache_dir, source.doc_id, version)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return DocumentText(
        source=source,
        pages=[PageText(**p) for p in data["pages"]],
        failures=[Failure(**f) for f in data["failures"]],
    )


def _store_cached(cache_dir: Path | None, doc: DocumentText, version: str) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "pages": [dataclasses.asdict(p) for p in doc.pages],
        "failures": [dataclasses.asdict(f) for f in doc.failures],
    }
    path = _cache_file(cache_dir, doc.source.doc_id, version)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)


def main(argv: Iterable[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    corpus_dir = Path(args[0]) if args else Path(__file__).parents[2] / ".." / "shared" / "corpus"
    if not (corpus_dir / "manifest.jsonl").exists():
        sys.stderr.write(f"no corpus at {corpus_dir}\n")
        return 1
    report = measure_text_quality(corpus_dir, corpus_texts(corpus_dir))
    sys.stdout.write(report.to_text() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
