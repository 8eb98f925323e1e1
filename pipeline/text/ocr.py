"""OCR of one page inside a pool worker: render or decode, tesseract, maybe rotate.

Runs in worker processes (see pool.py), one page per call, so only one page image
is ever in memory per worker. Images go to tesseract as temporary PGM files, not
PIL objects (measured: +2 s per call otherwise), and are deleted afterwards.
Everything that can go wrong comes back as data in `OcrResult`, never as an
exception, so one bad page cannot take the pool or the document down.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract
from PIL import Image, ImageOps

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
from pipeline.text.settings import TextSettings
from pipeline.text.tesseract_text import OcrText, tsv_to_text

JobKind = Literal["pdf_page", "image_frame"]
_MIN_SECONDS_FOR_RETRY = 5.0


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
        text, rotation = _recognise(page, job.settings, deadline)
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
        text=text.text,
        confidence=text.mean_confidence,
        width_pt=page.width_pt,
        height_pt=page.height_pt,
        dpi=page.dpi,
        rotation=rotation,
        seconds=time.monotonic() - started,
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
                image = bitmap.to_pil().copy()
            finally:
                bitmap.close()
        finally:
            page.close()
    return _PageImage(image.convert("L"), dpi, float(width), float(height))


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
            dpi = _image_dpi(img)
            gray = _to_gray(frame)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (OSError, EOFError, ValueError, SyntaxError) as exc:
        raise UnreadableImage(f"image frame {index + 1} cannot be decoded: {exc}") from exc
    pixels = gray.width * gray.height
    if pixels > settings.max_page_pixels:
        factor = math.sqrt(settings.max_page_pixels / pixels)
        gray = gray.resize((max(1, int(gray.width * factor)), max(1, int(gray.height * factor))))
        dpi = int(dpi * factor) if dpi else None
    width_pt = gray.width * 72.0 / dpi if dpi else None
    height_pt = gray.height * 72.0 / dpi if dpi else None
    return _PageImage(gray, dpi, width_pt, height_pt)


def _image_dpi(img: Image.Image) -> int | None:
    """The file's stated resolution when plausible; tesseract estimates it otherwise."""
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
def _temp_pgm(image: Image.Image, settings: TextSettings) -> Iterator[str]:
    fd, path = tempfile.mkstemp(prefix="alpr_ocr_", suffix=".pgm", dir=settings.tmp_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, format="PPM")
        yield path
    finally:
        with suppress(OSError):
            os.unlink(path)


def _recognise(page: _PageImage, settings: TextSettings, deadline: float) -> tuple[OcrText, int]:
    """OCR upright; when confidence is low, ask OSD for the orientation and retry.

    Rotated scans (a page fed sideways) OCR as garbage with low confidence, so the
    orientation check costs time only on pages that need it.
    """
    with _temp_pgm(page.image, settings) as path:
        first = _tesseract(path, page.dpi, settings, deadline)
        if not settings.auto_rotate or (
            first.mean_confidence is not None
            and first.mean_confidence >= settings.rotate_below_confidence
        ):
            return first, 0
        if deadline - time.monotonic() < _MIN_SECONDS_FOR_RETRY:
            return first, 0
        rotate = _osd_rotation(path, page.dpi, deadline)
    if rotate == 0:
        return first, 0
    turned = page.image.rotate(-rotate, expand=True)
    with _temp_pgm(turned, settings) as path:
        second = _tesseract(path, page.dpi, settings, deadline)
    if (second.mean_confidence or 0.0) > (first.mean_confidence or 0.0):
        return second, rotate
    return first, 0


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


def _osd_rotation(path: str, dpi: int | None, deadline: float) -> int:
    """Clockwise degrees that make the page upright per tesseract OSD; 0 if unsure."""
    try:
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
