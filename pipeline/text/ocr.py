"""OCR of one page inside a pool worker: render or decode, tesseract, maybe rotate.

Runs in worker processes (see pool.py), one page per call, so a worker holds the
images of one page only (the render, its cleaned-up copy, and for small print a
larger render). Images go to tesseract as temporary BMP files, not PIL objects
(measured: +2 s per call otherwise), and are deleted afterwards.
Everything that can go wrong comes back as data in `OcrResult`, never as an
exception, so one bad page cannot take the pool or the document down.

Before tesseract, each page is measured and cleaned up where that was shown to
help (preprocess.py: deskew, background flattening); after it, a sideways page is
turned by OSD and small print is read again at a higher dpi. The result says what
was done (rotation, skew, dpi, preprocess) and where every word sits on the page.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract
from PIL import Image, ImageOps

from pipeline.records import WordBox
from pipeline.text.errors import (
    CorruptPage,
    ImageTooLarge,
    OcrError,
    OcrTimeout,
    PageTooLarge,
    TextStageError,
    UnreadableImage,
)
from pipeline.text.pdf import open_pdf
from pipeline.text.preprocess import PagePlan, apply_plan, plan_page
from pipeline.text.settings import TextSettings
from pipeline.text.tesseract_text import OcrText, tsv_to_text

JobKind = Literal["pdf_page", "image_frame"]
_MIN_SECONDS_FOR_RETRY = 5.0
# An image file that states no plausible resolution is taken to be this dpi, for
# tesseract, the page size in points and the word boxes alike, so that boxes always
# fall inside the page (measured: tesseract reads 100-400 dpi scans with no dpi
# stated the same with --dpi 300 as with its own estimate).
ASSUMED_IMAGE_DPI = 300
# Small print is re-read only on pages with enough words for a median to mean
# something (a stamp or a page number alone is not "small print").
_MIN_WORDS_FOR_PRINT_SIZE = 20
# The larger read is kept unless tesseract is clearly less sure of it: on small
# print its mean confidence moves by tenths of a point either way while word recall
# gains (95.78 -> 95.76 with recall 0.991 -> 1.000 on a 5 pt page).
_SMALL_PRINT_CONFIDENCE_SLACK = 2.0


@dataclass(frozen=True)
class OcrJob:
    """One page to OCR; small and picklable (the worker opens the file itself)."""

    doc_id: str
    page_no: int
    path: str
    kind: JobKind
    index: int
    settings: TextSettings


@dataclass(frozen=True)
class OcrResult:
    """One page's OCR, or the error that stopped it.

    `width_pt`/`height_pt` are the page as stored (before `rotation`). `words` are
    in points from the top-left of the image tesseract read: the page turned
    clockwise by `rotation` (so 90/270 swap width and height) and then deskewed by
    `skew_deg` about its centre, at the same size. `dpi` is the resolution of that
    image (higher than the configured one for small print).
    """

    doc_id: str
    page_no: int
    text: str = ""
    confidence: float | None = None
    width_pt: float | None = None
    height_pt: float | None = None
    dpi: int | None = None
    rotation: int = 0
    seconds: float = 0.0
    error_class: str | None = None
    message: str | None = None
    skew_deg: float = 0.0
    preprocess: str = "none"
    words: tuple[WordBox, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error_class is None


@dataclass(frozen=True)
class _PageImage:
    image: Image.Image
    dpi: int | None
    width_pt: float | None
    height_pt: float | None


def run_ocr_job(job: OcrJob) -> OcrResult:
    """Worker entry point: OCR one page and report text, confidence or the error."""
    started = time.monotonic()
    deadline = started + job.settings.ocr_timeout_s
    try:
        page = _load_page_image(job)
        reading = _recognise(page, job.settings, deadline, _reloader(job, page))
    except TextStageError as exc:
        return OcrResult(
            job.doc_id,
            job.page_no,
            error_class=exc.error_class,
            message=str(exc),
            seconds=time.monotonic() - started,
        )
    except Exception as exc:  # a worker must answer for every page, whatever broke
        return OcrResult(
            job.doc_id,
            job.page_no,
            error_class=type(exc).__name__,
            message=str(exc) or repr(exc),
            seconds=time.monotonic() - started,
        )
    return OcrResult(
        doc_id=job.doc_id,
        page_no=job.page_no,
        text=reading.text.text,
        confidence=reading.text.mean_confidence,
        width_pt=page.width_pt,
        height_pt=page.height_pt,
        dpi=reading.dpi,
        rotation=reading.rotation,
        seconds=time.monotonic() - started,
        skew_deg=reading.plan.skew_deg,
        preprocess=reading.plan.preprocess,
        words=word_boxes(reading.text, reading.dpi),
    )


def word_boxes(text: OcrText, dpi: int | None) -> tuple[WordBox, ...]:
    """Tesseract's pixel boxes in points (1/72 inch) at the dpi of the image read."""
    scale = 72.0 / (dpi or ASSUMED_IMAGE_DPI)
    return tuple(
        WordBox(
            char_start=b.char_start,
            char_end=b.char_end,
            x0=round(b.left * scale, 2),
            y0=round(b.top * scale, 2),
            x1=round((b.left + b.width) * scale, 2),
            y1=round((b.top + b.height) * scale, 2),
            confidence=b.confidence,
        )
        for b in text.boxes
    )


def choose_dpi(width_pt: float, height_pt: float, settings: TextSettings) -> int:
    """The configured dpi, lowered to fit the pixel budget; PageTooLarge below the floor."""
    area_in2 = max(width_pt, 1.0) * max(height_pt, 1.0) / (72.0 * 72.0)
    dpi = settings.ocr_dpi
    if area_in2 * dpi * dpi > settings.max_page_pixels:
        dpi = math.floor(math.sqrt(settings.max_page_pixels / area_in2))
    if dpi < settings.min_ocr_dpi:
        raise PageTooLarge(
            f"page of {width_pt:.0f}x{height_pt:.0f} pt needs more than "
            f"{settings.max_page_pixels} pixels even at {settings.min_ocr_dpi} dpi"
        )
    return dpi


def _load_page_image(job: OcrJob) -> _PageImage:
    if job.kind == "pdf_page":
        return _render_pdf_page(job.path, job.index, job.settings)
    return _decode_image_frame(job.path, job.index, job.settings)


def _reloader(job: OcrJob, page: _PageImage) -> Callable[[int], _PageImage]:
    """How to get this page again at a higher dpi: a PDF page is rendered again
    (real detail when the scan has it); an image frame can only be enlarged."""
    if job.kind == "pdf_page":
        return lambda dpi: _render_pdf_page(job.path, job.index, replace(job.settings, ocr_dpi=dpi))
    return lambda dpi: _enlarged(page, dpi, job.settings)


def _enlarged(page: _PageImage, dpi: int, settings: TextSettings) -> _PageImage:
    base = page.dpi or ASSUMED_IMAGE_DPI
    pixels = page.image.width * page.image.height
    factor = min(dpi / base, math.sqrt(settings.max_page_pixels / max(pixels, 1)))
    if factor <= 1.0:
        return page
    size = (round(page.image.width * factor), round(page.image.height * factor))
    image = page.image.resize(size, Image.Resampling.BILINEAR)
    return _PageImage(image, round(base * factor), page.width_pt, page.height_pt)


def _render_pdf_page(path: str, index: int, settings: TextSettings) -> _PageImage:
    with open_pdf(path) as pdf:
        with suppress(pdfium.PdfiumError):
            pdf.init_forms()  # so filled-in form fields are drawn and read
        try:
            page = pdf[index]
        except (pdfium.PdfiumError, IndexError) as exc:
            raise CorruptPage(f"page {index + 1} cannot be loaded: {exc}") from exc
        try:
            width, height = page.get_size()
            dpi = choose_dpi(width, height, settings)
            refuse_image_bombs(page, settings)
            bitmap = page.render(scale=dpi / 72.0, grayscale=True, draw_annots=True)
            try:
                # One copy out of pdfium's buffer (it is freed on close); a grey
                # render is already "L", and convert() would copy 8 MB again.
                shared = bitmap.to_pil()
                image = shared.copy() if shared.mode == "L" else shared.convert("L")
            finally:
                bitmap.close()
        finally:
            page.close()
    return _PageImage(image, dpi, float(width), float(height))


def refuse_image_bombs(page: pdfium.PdfPage, settings: TextSettings) -> None:
    """Refuse a page showing an image that would decode past the image pixel limit.

    pdfium decodes an embedded image in full before scaling it to the render size,
    so a letter page showing a 20,000 x 20,000 px image costs 400 MB or more at any
    dpi. The pixel size is read from the image dictionary, nothing is decoded.
    """
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        try:
            width, height = obj.get_px_size()
        except pdfium.PdfiumError:
            continue
        if width * height > settings.max_image_pixels:
            raise ImageTooLarge(
                f"page shows an image of {width}x{height} pixels, over the "
                f"{settings.max_image_pixels} pixel limit (a decompression bomb?); not rendered"
            )


def _decode_image_frame(path: str, index: int, settings: TextSettings) -> _PageImage:
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with Image.open(path) as img:
            img.seek(index)
            w, h = img.size
            if w * h > settings.max_image_pixels:
                raise ImageTooLarge(
                    f"image of {w}x{h} pixels exceeds the {settings.max_image_pixels} pixel limit"
                )
            frame = ImageOps.exif_transpose(img) if index == 0 else img.copy()
            dpi = _image_dpi(img) or ASSUMED_IMAGE_DPI
            gray = _to_gray(frame)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (OSError, EOFError, ValueError, SyntaxError) as exc:
        raise UnreadableImage(f"image frame {index + 1} cannot be decoded: {exc}") from exc
    pixels = gray.width * gray.height
    if pixels > settings.max_page_pixels:
        factor = math.sqrt(settings.max_page_pixels / pixels)
        gray = gray.resize((max(1, int(gray.width * factor)), max(1, int(gray.height * factor))))
        dpi = max(1, int(dpi * factor))
    return _PageImage(gray, dpi, gray.width * 72.0 / dpi, gray.height * 72.0 / dpi)


def _image_dpi(img: Image.Image) -> int | None:
    """The file's stated resolution when plausible (else ASSUMED_IMAGE_DPI applies)."""
    raw = img.info.get("dpi")
    try:
        dpi = round(float(raw[0])) if raw else 0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 70 <= dpi <= 2400 else None


def _to_gray(img: Image.Image) -> Image.Image:
    """Grayscale on white: transparent areas would otherwise turn black."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    if img.mode.startswith("I") or img.mode == "F":
        values = np.asarray(img, dtype=np.float64)
        top = float(values.max()) or 1.0
        return Image.fromarray((values * (255.0 / top)).clip(0, 255).astype(np.uint8), "L")
    return img.convert("L")


@contextmanager
def _temp_image(image: Image.Image, settings: TextSettings) -> Iterator[str]:
    """The page as an uncompressed BMP file that tesseract reads, deleted afterwards.

    BMP rather than PGM: leptonica reads PGM a byte at a time, which cost ~0.14 s
    of tesseract CPU per 300 dpi letter page more than BMP (same pixels, same text;
    measured on the bench pages, benchmarks/run.py). PNG would cost compression on
    write and decoding on read.
    """
    fd, path = tempfile.mkstemp(prefix="alpr_ocr_", suffix=".bmp", dir=settings.tmp_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, format="BMP")
        yield path
    finally:
        with suppress(OSError):
            os.unlink(path)


@dataclass(frozen=True)
class _Reading:
    """One tesseract read of a page: the text, and what was done to the image."""

    text: OcrText
    dpi: int | None
    rotation: int
    plan: PagePlan
    image: Image.Image  # what tesseract read (kept for a follow-up OSD call)

    @property
    def confidence(self) -> float:
        return self.text.mean_confidence or 0.0


def _recognise(
    page: _PageImage,
    settings: TextSettings,
    deadline: float,
    reload: Callable[[int], _PageImage],
) -> _Reading:
    """Clean up and OCR upright; turn the page by OSD when confidence is low; read
    small print again at a higher dpi.

    Rotated scans (a page fed sideways) OCR as garbage with low confidence, and
    small print shows as a small median word height, so both retries cost time
    only on pages that need them.
    """
    reading = _read(page, 0, None, settings, deadline)
    if _worth_turning(reading, settings, deadline):
        rotate = _osd_rotation(reading.image, reading.dpi, settings, deadline)
        if rotate:
            turned = _read(page, rotate, None, settings, deadline)
            if turned.confidence > reading.confidence:
                reading = turned
    better_dpi = _small_print_dpi(reading, settings)
    if better_dpi and deadline - time.monotonic() >= _MIN_SECONDS_FOR_RETRY:
        larger = reload(better_dpi)
        if (larger.dpi or 0) > (reading.dpi or 0):
            again = _read(larger, reading.rotation, reading.plan, settings, deadline)
            if again.confidence >= reading.confidence - _SMALL_PRINT_CONFIDENCE_SLACK:
                reading = again
    return reading


def _read(
    page: _PageImage,
    rotation: int,
    plan: PagePlan | None,
    settings: TextSettings,
    deadline: float,
) -> _Reading:
    """Turn the page clockwise by `rotation`, clean it up (per `plan`, or as
    measured), and OCR it."""
    image = page.image if rotation == 0 else page.image.rotate(-rotation, expand=True)
    if plan is None:
        plan = plan_page(
            image,
            deskew=settings.deskew,
            min_deskew_deg=settings.min_deskew_deg,
            max_skew_deg=settings.max_skew_deg,
            flatten_shaded=settings.flatten_shaded,
        )
    ready = apply_plan(image, plan)
    with _temp_image(ready, settings) as path:
        text = _tesseract(path, page.dpi, settings, deadline)
    return _Reading(text, page.dpi, rotation, plan, ready)


def _worth_turning(reading: _Reading, settings: TextSettings, deadline: float) -> bool:
    if not settings.auto_rotate:
        return False
    conf = reading.text.mean_confidence
    if conf is not None and conf >= settings.rotate_below_confidence:
        return False
    return deadline - time.monotonic() >= _MIN_SECONDS_FOR_RETRY


def _small_print_dpi(reading: _Reading, settings: TextSettings) -> int | None:
    """The dpi that brings a small-print page's median word up to the target
    height; None when the print is large enough or the dpi cannot go higher.

    Measured with ``python -m benchmarks.ocr_input small-print`` (pages of 5, 6 and
    8 pt text scanned at 200 and 400 dpi): 5 pt has a median word of 15-16 px at 300
    dpi and is re-read at 412 dpi, word recall 0.919 -> 0.988 (200 dpi scan) and
    0.990 -> 1.000 (400 dpi scan), for 2.2x the CPU on those pages; 6 pt (19 px) and
    larger read 0.999-1.000 at 300 dpi and are left alone. Going further is not
    better: a 5 pt 200 dpi scan read 0.966 at 600 dpi against 0.980 at 400.
    """
    height = reading.text.median_word_height
    if (
        height is None
        or reading.text.words < _MIN_WORDS_FOR_PRINT_SIZE
        or height >= settings.small_print_px
    ):
        return None
    current = reading.dpi or ASSUMED_IMAGE_DPI
    target = min(
        round(current * settings.small_print_target_px / height),
        2 * current,
        settings.max_ocr_dpi,
    )
    return target if target > current else None


def _config(dpi: int | None, *extra: str) -> str:
    parts = [*extra]
    if dpi:
        parts.append(f"--dpi {dpi}")
    return " ".join(parts)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrTimeout("page exceeded the OCR time limit before tesseract ran")
    return left


def _tesseract(path: str, dpi: int | None, settings: TextSettings, deadline: float) -> OcrText:
    try:
        tsv = pytesseract.image_to_data(
            path,
            lang=settings.ocr_lang,
            config=_config(dpi, "--psm 3"),
            timeout=_remaining(deadline),
        )
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeout(
                f"tesseract did not finish within {settings.ocr_timeout_s:g} s"
            ) from exc
        raise OcrError(f"tesseract failed: {exc}") from exc
    return tsv_to_text(str(tsv))


def _osd_rotation(
    image: Image.Image, dpi: int | None, settings: TextSettings, deadline: float
) -> int:
    """Clockwise degrees that make the page upright per tesseract OSD; 0 if unsure."""
    try:
        with _temp_image(image, settings) as path:
            osd = pytesseract.image_to_osd(
                path,
                config=_config(dpi),
                timeout=min(_remaining(deadline), 60.0),
                output_type=pytesseract.Output.DICT,
            )
    except (RuntimeError, OcrTimeout):
        return 0  # too little text for OSD, or no osd.traineddata: keep the first read
    rotate = int(osd.get("rotate", 0) or 0)
    return rotate if rotate in (90, 180, 270) else 0
