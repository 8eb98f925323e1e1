"""Plain records handed from one pipeline stage to the next.

Stages exchange these dataclasses (pickled by Dagster's IO manager between assets)
instead of DataFrames so that each pure module can be tested without Dagster or
DuckDB, and so that the warehouse loader is the only place that knows table layouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FileType = Literal["pdf", "image", "csv", "xlsx", "docx", "text", "email", "zip", "unknown"]
PageMethod = Literal["text_layer", "ocr", "none"]
Stage = Literal["ingest", "text", "extract", "warehouse"]


@dataclass(frozen=True)
class Failure:
    """Something that could not be processed; becomes one `failures` row.

    `path` is relative to raw_docs (zip members as ``archive.zip!member``) so a
    reporter can find the file they dropped.
    """

    path: str
    stage: str
    error_class: str
    message: str
    sha256: str | None = None
    batch: str | None = None
    page_no: int | None = None


@dataclass(frozen=True)
class SourceFile:
    """One distinct file content found in a batch, with every path it was seen under.

    `blob` is a readable file holding exactly these bytes: the original file, or for
    a zip member a copy in the workspace blob store (never outside the workspace).
    """

    doc_id: str
    file_type: FileType
    mime: str
    size: int
    paths: tuple[str, ...]
    blob: str


@dataclass(frozen=True)
class WordBox:
    """One word of a page: where it is in the page text and where on the page.

    Coordinates are PDF points from the top-left corner of the page as it reads
    upright (after any rotation the OCR applied), so a fact's char span can be
    turned into a rectangle to highlight on the page image.
    """

    char_start: int
    char_end: int
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None


RegionKind = Literal["header", "footer", "bates", "page_number"]


@dataclass(frozen=True)
class PageRegion:
    """A line of the page text that is page furniture, not content.

    Running headers and footers, Bates stamps and page numbers repeat on every
    page; extractors skip these spans so a letterhead or a stamp is not read as a
    clause of the page it happens to sit on.
    """

    char_start: int
    char_end: int
    kind: RegionKind


@dataclass(frozen=True)
class PageText:
    """Stored text of one page; fact char spans index into `text` verbatim.

    The OCR fields say what was done to the image before tesseract read it
    (`rotation_deg` clockwise turn, `skew_deg` deskew angle, `ocr_dpi`,
    `preprocess`), so a reader can reproduce or distrust a page.
    """

    doc_id: str
    page_no: int
    method: PageMethod
    text: str
    decision_reason: str
    ocr_confidence: float | None = None
    width_pt: float | None = None
    height_pt: float | None = None
    rotation_deg: int | None = None
    skew_deg: float | None = None
    ocr_dpi: int | None = None
    preprocess: str | None = None
    columns: int | None = None
    words: tuple[WordBox, ...] = ()
    furniture: tuple[PageRegion, ...] = ()


@dataclass
class DocumentText:
    """Every page of one document as the text stage produced it."""

    source: SourceFile
    pages: list[PageText] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.failures:
            return "ok"
        return "partial" if self.pages else "failed"

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.method == "ocr")


@dataclass
class Extraction:
    """Facts found in one document, as rows keyed by warehouse table name.

    Each row is a dict of that table's columns minus `doc_id` and
    `extractor_version`, which the loader fills in.
    """

    doc_id: str
    doc_type: str | None = None
    doc_type_confidence: float | None = None
    agency: str | None = None
    state: str | None = None
    title: str | None = None
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
