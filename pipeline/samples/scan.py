"""Fake scans: born-digital pages rendered to grey images, soiled, skewed, re-encoded.

Real FOIA releases are often printed and scanned, so the text stage must OCR pages
that carry no text layer. These pages are made from the same markup as the digital
ones (so the words on them are known) and degraded the way a cheap office scanner
does: grey paper, uneven toner, dust specks, a slight rotation, JPEG compression.
Every random draw comes from a seeded generator so a batch is byte-identical on
every run.
"""

from __future__ import annotations

import gc
import io
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.samples.layout import (
    HELVETICA,
    MARGIN,
    PAGE_HEIGHT,
    TextStyle,
    draw_page,
    page_footer,
    render_text_pdf,
    sample_canvas,
)

# Pillow stamps PDFs with the wall clock unless told otherwise.
FIXED_PDF_TIME = time.struct_time((2024, 6, 1, 12, 0, 0, 5, 153, 0))


@dataclass(frozen=True)
class ScanLook:
    """How rough a scan looks. Defaults stay well inside what tesseract reads."""

    dpi: int = 200
    skew_deg: float = 1.0
    noise: float = 6.0
    speckle: float = 0.0008
    blur: float = 0.5
    jpeg_quality: int = 50
    shade: float = 0.0  # uneven light: paper darkens by this share towards the right edge


def render_page_image(pdf: bytes | Path, page_index: int, dpi: int) -> Image.Image:
    """One PDF page as a greyscale image at `dpi`."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[page_index]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L").copy()
        bitmap.close()
        page.close()
        return image
    finally:
        doc.close()


def degrade_image(
    image: Image.Image,
    *,
    skew_deg: float,
    noise: float,
    seed: int | Sequence[int],
    speckle: float = 0.0008,
    blur: float = 0.5,
    shade: float = 0.0,
) -> Image.Image:
    """A greyscale page as if printed and scanned: uneven paper, specks, rotation.

    Noise is partly low-frequency (toner and paper unevenness) because per-pixel noise
    alone bloats the JPEG without looking any more like paper. `shade` > 0 darkens
    the page from left to right, by that share at the right edge, as a badly lit
    photographed page looks.
    """
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image.convert("L"), dtype=np.float32) * 0.9 + 14.0
    height, width = pixels.shape
    if noise > 0:
        coarse = rng.normal(0.0, noise, (height // 16 + 1, width // 16 + 1)).astype(np.float32)
        smooth = Image.fromarray(coarse, "F").resize((width, height), Image.Resampling.BILINEAR)
        pixels += np.asarray(smooth, dtype=np.float32)
        grain = rng.standard_normal(pixels.shape, dtype=np.float32)
        grain *= noise * 0.6
        pixels += grain
    if speckle > 0:
        dots = rng.random(pixels.shape, dtype=np.float32) < speckle
        pixels[dots] = rng.uniform(20.0, 110.0, int(dots.sum())).astype(np.float32)
    if shade > 0:
        pixels *= np.linspace(1.0, 1.0 - shade, width, dtype=np.float32)[None, :]
    soiled = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if blur > 0:
        soiled = soiled.filter(ImageFilter.GaussianBlur(blur))
    return soiled.rotate(skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)


def scan_page_image(
    page: str,
    *,
    look: ScanLook = ScanLook(),
    seed: int | Sequence[int] = 0,
    style: TextStyle = HELVETICA,
    footer: str | None = None,
) -> Image.Image:
    """The scanned image of one page of markup (see pipeline.samples.layout)."""
    pdf = render_text_pdf([page], style=style, footer=footer)
    clean = render_page_image(pdf, 0, look.dpi)
    return degrade_image(
        clean,
        skew_deg=look.skew_deg,
        noise=look.noise,
        seed=seed,
        speckle=look.speckle,
        blur=look.blur,
        shade=look.shade,
    )


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    """Baseline JPEG bytes (deterministic for the same libjpeg and input)."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()


def _skews(skew_deg: float | Sequence[float], count: int) -> list[float]:
    if isinstance(skew_deg, int | float):
        return [float(skew_deg)] * count
    skews = [float(s) for s in skew_deg]
    if len(skews) != count:
        raise ValueError(f"{len(skews)} skew angles for {count} pages")
    return skews


def scanned_pdf_bytes(
    pages: Sequence[str],
    skew_deg: float | Sequence[float] = 1.0,
    *,
    look: ScanLook = ScanLook(),
    seed: int = 0,
    style: TextStyle = HELVETICA,
    footer: str | None = None,
    title: str = "",
) -> bytes:
    """An image-only PDF (no text layer at all), one scanned image per page of markup.

    Written by Pillow, whose PDFs look like those of simple scanning software. Page N
    uses the random stream (seed, N), so pages do not share their noise.
    """
    images = [
        scan_page_image(
            page,
            look=replace(look, skew_deg=skew),
            seed=(seed, number),
            style=style,
            footer=page_footer(footer, number, len(pages)),
        )
        for number, (page, skew) in enumerate(
            zip(pages, _skews(skew_deg, len(pages)), strict=True), start=1
        )
    ]
    return images_to_pdf(images, look, title)


def images_to_pdf(images: Sequence[Image.Image], look: ScanLook, title: str = "") -> bytes:
    """Page images as one image-only PDF, the way simple scanning software writes it
    (JPEG pages at the scan's dpi, fixed dates so the bytes are reproducible)."""
    buf = io.BytesIO()
    images[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=list(images[1:]),
        resolution=float(look.dpi),
        quality=look.jpeg_quality,
        title=title,
        creationDate=FIXED_PDF_TIME,
        modDate=FIXED_PDF_TIME,
    )
    return buf.getvalue()


def make_scanned_pdf(
    path: Path,
    pages: Sequence[str],
    skew_deg: float | Sequence[float] = 1.0,
    noise: float = 6.0,
    dpi: int = 200,
    *,
    seed: int = 0,
    style: TextStyle = HELVETICA,
    footer: str | None = None,
) -> None:
    """Write an image-only scanned PDF of the markup pages (see `scanned_pdf_bytes`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        scanned_pdf_bytes(
            pages,
            skew_deg,
            look=ScanLook(dpi=dpi, noise=noise),
            seed=seed,
            style=style,
            footer=footer,
            title=path.stem,
        )
    )


def save_scanned_image(
    path: Path,
    page: str,
    *,
    look: ScanLook = ScanLook(),
    seed: int = 0,
    style: TextStyle = HELVETICA,
) -> None:
    """A scanned page as an image file; the format follows the suffix (.jpg/.png/.tif)."""
    image = scan_page_image(page, look=look, seed=seed, style=style)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        path.write_bytes(jpeg_bytes(image, look.jpeg_quality))
    elif suffix in (".tif", ".tiff"):
        image.save(path, "TIFF", compression="tiff_lzw", dpi=(look.dpi, look.dpi))
    else:
        image.save(path, "PNG", optimize=False, dpi=(look.dpi, look.dpi))


def draw_scanned_page(
    canvas: Canvas, image: Image.Image, quality: int, hidden_text: str | None = None
) -> None:
    """Fill the current page with a scan; optional invisible text like an OCR layer."""
    width, height = LETTER
    canvas.drawImage(ImageReader(io.BytesIO(jpeg_bytes(image, quality))), 0, 0, width, height)
    if hidden_text:
        layer = canvas.beginText(MARGIN, PAGE_HEIGHT - MARGIN)
        layer.setTextRenderMode(3)
        layer.setFont("Helvetica", 10)
        for line in hidden_text.splitlines():
            layer.textLine(line)
        canvas.drawText(layer)


def mixed_pdf_bytes(
    pages: Sequence[str],
    scanned: Collection[int],
    *,
    look: ScanLook = ScanLook(),
    skew_deg: float | Sequence[float] | None = None,
    seed: int = 0,
    style: TextStyle = HELVETICA,
    footer: str | None = None,
    hidden_text: Mapping[int, str] | None = None,
    title: str = "",
) -> bytes:
    """A PDF whose pages in `scanned` (1-based) are images, the others born-digital.

    `hidden_text` puts an invisible text layer on scanned pages (page -> text), the way
    scanner software adds OCR; tests use it for junk or mojibake layers. Pages are
    rendered one at a time, so only the JPEG bytes of finished pages stay in memory.
    """
    skews = _skews(look.skew_deg if skew_deg is None else skew_deg, len(pages))
    buf = io.BytesIO()
    canvas = sample_canvas(buf)
    canvas.setTitle(title)
    for number, page in enumerate(pages, start=1):
        printed_footer = page_footer(footer, number, len(pages))
        if number in scanned:
            image = scan_page_image(
                page,
                look=replace(look, skew_deg=skews[number - 1]),
                seed=(seed, number),
                style=style,
                footer=printed_footer,
            )
            draw_scanned_page(canvas, image, look.jpeg_quality, (hidden_text or {}).get(number))
        else:
            draw_page(canvas, page, style, printed_footer)
        canvas.showPage()
    canvas.save()
    # reportlab's ImageReader and the decoded JPEG it holds form reference cycles;
    # left to the cyclic GC they pile up to hundreds of MB over a benchmark batch.
    gc.collect()
    return buf.getvalue()


def make_mixed_pdf(
    path: Path,
    pages: Sequence[str],
    scanned: Collection[int],
    *,
    look: ScanLook = ScanLook(),
    skew_deg: float | Sequence[float] | None = None,
    seed: int = 0,
    style: TextStyle = HELVETICA,
    footer: str | None = None,
    hidden_text: Mapping[int, str] | None = None,
) -> None:
    """Write a PDF mixing born-digital and scanned pages (see `mixed_pdf_bytes`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        mixed_pdf_bytes(
            pages,
            scanned,
            look=look,
            skew_deg=skew_deg,
            seed=seed,
            style=style,
            footer=footer,
            hidden_text=hidden_text,
            title=path.stem,
        )
    )
