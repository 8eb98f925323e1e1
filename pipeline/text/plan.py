"""Per document: the pages that are ready now, and the pages that need OCR.

Everything cheap happens here in the calling process (PDF text layers and their
quality verdicts, DOCX/TXT/EML/CSV/XLSX text); only OCR goes to the pool. A
`PendingDocument` then collects OCR results as they arrive and turns into the
final `DocumentText`, pages ordered by page_no.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.records import DocumentText, Failure, PageText, SourceFile
from pipeline.text.docx_text import docx_text
from pipeline.text.errors import CorruptPage, TextStageError, UnsupportedFile
from pipeline.text.furniture import find_furniture
from pipeline.text.images import image_frames
from pipeline.text.ocr import OcrJob, OcrResult
from pipeline.text.pdf import PageLayer, count_pdf_pages, image_cover, open_pdf, read_layer
from pipeline.text.plain import decode_text, email_text
from pipeline.text.quality import (
    LayerStats,
    judge_layer,
    measure_layer,
    needs_image_cover,
    ocr_is_better,
)
from pipeline.text.settings import TextSettings
from pipeline.text.tabular import csv_preview, xlsx_previews

# Verdicts where the layer has real text of doubtful quality: after OCR, the
# better-reading of the two is kept.
_COMPARE_AFTER_OCR = frozenset(
    {"layer_low_wordness", "layer_garbage_symbols", "layer_garbage_word_length"}
)
KEPT_LAYER_REASON = "layer_kept_ocr_no_better"
OCR_FAILED_REASON = "ocr_failed"


@dataclass
class PendingDocument:
    """A document whose OCR pages are still out; `finish` once `complete`."""

    doc: DocumentText
    jobs: list[OcrJob] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    layers: dict[int, tuple[PageLayer, LayerStats]] = field(default_factory=dict)
    received: int = 0

    @property
    def complete(self) -> bool:
        return self.received >= len(self.jobs)

    def add(self, result: OcrResult) -> None:
        self.received += 1
        page_no = result.page_no
        kept = self.layers.get(page_no)
        if not result.ok:
            self.doc.failures.append(
                self._failure(
                    result.error_class or "OcrError", result.message or "OCR failed", page_no
                )
            )
            if kept is not None:
                self.doc.pages.append(
                    _layer_page(self.doc.source.doc_id, kept[0], KEPT_LAYER_REASON)
                )
            else:
                self.doc.pages.append(
                    PageText(self.doc.source.doc_id, page_no, "none", "", OCR_FAILED_REASON)
                )
            return
        if kept is not None:
            layer, stats = kept
            if not ocr_is_better(stats, measure_layer(result.text, layer.area_pt2)):
                self.doc.pages.append(_layer_page(self.doc.source.doc_id, layer, KEPT_LAYER_REASON))
                return
        width, height = result.width_pt, result.height_pt
        if kept is not None:
            width, height = kept[0].width_pt, kept[0].height_pt
        self.doc.pages.append(
            PageText(
                doc_id=self.doc.source.doc_id,
                page_no=page_no,
                method="ocr",
                text=result.text,
                decision_reason=self.reasons.get(page_no, "ocr"),
                ocr_confidence=result.confidence,
                width_pt=width,
                height_pt=height,
                rotation_deg=result.rotation,
                skew_deg=result.skew_deg,
                ocr_dpi=result.dpi,
                preprocess=result.preprocess,
                words=result.words,
            )
        )

    def finish(self) -> DocumentText:
        """The document with pages in order and, for paged files (PDF, images), their
        furniture (running headers/footers, page numbers, Bates stamps) marked."""
        self.doc.pages.sort(key=lambda p: p.page_no)
        self.doc.failures.sort(key=lambda f: f.page_no or 0)
        if self.doc.source.file_type in ("pdf", "image") and self.doc.pages:
            regions = find_furniture(self.doc.pages)
            self.doc.pages = [
                replace(page, furniture=found)
                for page, found in zip(self.doc.pages, regions, strict=True)
            ]
        return self.doc

    def _failure(self, error_class: str, message: str, page_no: int | None) -> Failure:
        return text_failure(self.doc.source, error_class, message, page_no)


def text_failure(
    source: SourceFile, error_class: str, message: str, page_no: int | None = None
) -> Failure:
    return Failure(
        path=source.paths[0] if source.paths else source.blob,
        stage="text",
        error_class=error_class,
        message=message,
        sha256=source.doc_id,
        page_no=page_no,
    )


def count_pages(source: SourceFile, settings: TextSettings) -> int:
    """Cheap page count for progress totals; a file that fails to open counts 1."""
    try:
        if source.file_type == "pdf":
            return max(count_pdf_pages(source.blob), 1)
        if source.file_type == "image":
            return image_frames(source.blob, settings.max_image_pixels)
        if source.file_type == "xlsx":
            return 1  # sheets are counted when read; progress is topped up then
    except TextStageError:
        return 1
    except Exception:  # only a progress estimate: the real error is reported by plan_document
        return 1
    return 1


def plan_document(source: SourceFile, settings: TextSettings) -> PendingDocument:
    """Text-layer pages and OCR jobs of one document; errors become Failures."""
    pending = PendingDocument(DocumentText(source=source))
    try:
        _PLANNERS.get(source.file_type, _plan_unsupported)(pending, settings)
    except TextStageError as exc:
        pending.doc.failures.append(text_failure(source, exc.error_class, str(exc)))
    except Exception as exc:  # an unexpected bug on one file must not stop the batch
        pending.doc.failures.append(
            text_failure(source, type(exc).__name__, f"unexpected error: {exc}")
        )
    return pending


def _plan_pdf(pending: PendingDocument, settings: TextSettings) -> None:
    source = pending.doc.source
    with open_pdf(source.blob) as pdf:
        for index in range(len(pdf)):
            page_no = index + 1
            try:
                layer, stats, cover = _inspect_page(pdf, index)
            except pdfium.PdfiumError as exc:
                err = CorruptPage(f"page {page_no} cannot be read: {exc}")
                pending.doc.failures.append(
                    text_failure(source, err.error_class, str(err), page_no)
                )
                pending.doc.pages.append(
                    PageText(source.doc_id, page_no, "none", "", "page_unreadable")
                )
                continue
            verdict = judge_layer(stats, cover)
            if verdict.use_layer:
                pending.doc.pages.append(_layer_page(source.doc_id, layer, verdict.reason))
                continue
            pending.jobs.append(
                OcrJob(source.doc_id, page_no, source.blob, "pdf_page", index, settings)
            )
            pending.reasons[page_no] = verdict.reason
            if verdict.reason in _COMPARE_AFTER_OCR:
                pending.layers[page_no] = (layer, stats)


def _inspect_page(
    pdf: pdfium.PdfDocument, index: int
) -> tuple[PageLayer, LayerStats, float | None]:
    """Layer text, its statistics, and image cover when the verdict needs it."""
    page = pdf[index]
    try:
        layer = read_layer(page, index + 1)
        stats = measure_layer(layer.text, layer.area_pt2)
        cover = image_cover(page) if needs_image_cover(stats) else None
    finally:
        page.close()
    return layer, stats, cover


def _plan_image(pending: PendingDocument, settings: TextSettings) -> None:
    source = pending.doc.source
    for index in range(image_frames(source.blob, settings.max_image_pixels)):
        pending.jobs.append(
            OcrJob(source.doc_id, index + 1, source.blob, "image_frame", index, settings)
        )
        pending.reasons[index + 1] = "image_file"


def _plan_docx(pending: PendingDocument, settings: TextSettings) -> None:
    _single_page(pending, docx_text(pending.doc.source.blob), "docx_text")


def _plan_text(pending: PendingDocument, settings: TextSettings) -> None:
    data = _read_capped(pending, settings)
    _single_page(pending, decode_text(data), "plain_text")


def _plan_email(pending: PendingDocument, settings: TextSettings) -> None:
    data = _read_capped(pending, settings)
    _single_page(pending, email_text(data), "email_text")


def _plan_csv(pending: PendingDocument, settings: TextSettings) -> None:
    preview = csv_preview(pending.doc.source.blob, settings.tabular_preview_rows)
    _single_page(pending, preview.text, "tabular_preview")


def _plan_xlsx(pending: PendingDocument, settings: TextSettings) -> None:
    doc_id = pending.doc.source.doc_id
    for page_no, sheet in enumerate(
        xlsx_previews(pending.doc.source.blob, settings.tabular_preview_rows), start=1
    ):
        pending.doc.pages.append(
            PageText(doc_id, page_no, "text_layer", sheet.text, "tabular_preview")
        )


def _plan_zip(pending: PendingDocument, settings: TextSettings) -> None:
    """Archives have no text of their own; ingest expands their members."""


def _plan_unsupported(pending: PendingDocument, settings: TextSettings) -> None:
    source = pending.doc.source
    raise UnsupportedFile(f"no text extractor for file type {source.file_type!r} ({source.mime})")


_PLANNERS = {
    "pdf": _plan_pdf,
    "image": _plan_image,
    "docx": _plan_docx,
    "text": _plan_text,
    "email": _plan_email,
    "csv": _plan_csv,
    "xlsx": _plan_xlsx,
    "zip": _plan_zip,
}


def _read_capped(pending: PendingDocument, settings: TextSettings) -> bytes:
    source = pending.doc.source
    with open(Path(source.blob), "rb") as fh:
        data = fh.read(settings.max_text_bytes)
        if fh.read(1):
            pending.doc.failures.append(
                text_failure(
                    source,
                    "TextTruncated",
                    f"only the first {settings.max_text_bytes} bytes were read",
                    1,
                )
            )
    return data


def _single_page(pending: PendingDocument, text: str, reason: str) -> None:
    pending.doc.pages.append(PageText(pending.doc.source.doc_id, 1, "text_layer", text, reason))


def _layer_page(doc_id: str, layer: PageLayer, reason: str) -> PageText:
    return PageText(
        doc_id,
        layer.page_no,
        "text_layer",
        layer.text,
        reason,
        width_pt=layer.width_pt,
        height_pt=layer.height_pt,
        columns=layer.columns,
    )
