"""PDF text layer per page with pypdfium2 (~2 ms/page), and the page facts the
OCR decision needs.

pdfium is not thread-safe and its objects must be closed in order; everything here
works on one open document at a time and closes what it opens.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.text.errors import CorruptPDF, EmptyPDF, EncryptedPDF
from pipeline.text.layout import Rect, find_columns, gutter_candidates, read_in_columns

_PASSWORD_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
_COVER_GRID = 32
_EMPTY_CHECK_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class PageLayer:
    """The text layer of one page plus its size (points, as displayed).

    `columns` is how many columns the text was read in (1 for an ordinary page,
    None when the page was not checked, e.g. a rotated one).
    """

    page_no: int
    text: str
    width_pt: float
    height_pt: float
    columns: int | None = None

    @property
    def area_pt2(self) -> float:
        return self.width_pt * self.height_pt


def normalize_layer_text(text: str) -> str:
    """pdfium ends lines with CRLF; facts index into the stored text, so only line
    ends are normalised (and NULs, which the warehouse cannot store, dropped)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


@contextmanager
def open_pdf(path: str | Path) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF or raise EncryptedPDF / CorruptPDF / EmptyPDF with a clear message."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code in _PASSWORD_ERRORS:
            raise EncryptedPDF(
                "PDF is encrypted with a password; ask the agency for an unlocked copy "
                "or decrypt it and drop the file again"
            ) from exc
        if _has_no_pages(path):
            raise EmptyPDF("PDF has no pages") from exc
        raise CorruptPDF(f"PDF cannot be parsed: {exc}") from exc
    except OSError as exc:
        raise CorruptPDF(f"PDF cannot be read: {exc}") from exc
    try:
        if len(pdf) == 0:
            raise EmptyPDF("PDF has no pages")
        yield pdf
    finally:
        pdf.close()


def _has_no_pages(path: str | Path) -> bool:
    """pdfium refuses to load a PDF whose page tree is empty, with the same error as
    for a damaged file; pdfminer (slow, so only for small failed files) tells them
    apart, so the reporter learns the file is empty rather than broken."""
    try:
        if Path(path).stat().st_size > _EMPTY_CHECK_MAX_BYTES:
            return False
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        with open(path, "rb") as fh:
            document = PDFDocument(PDFParser(fh))
            return next(iter(PDFPage.create_pages(document)), None) is None
    except Exception:  # pdfminer cannot parse it either: it is corrupt, not empty
        return False


def count_pdf_pages(path: str | Path) -> int:
    """Page count, 0 when the PDF does not open (the failure is reported later)."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def read_layer(page: pdfium.PdfPage, page_no: int) -> PageLayer:
    """Text inside the page box, line ends normalised, in reading order: pdfium's
    order, except on pages set in columns, which are read column by column."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
        text, columns = _reading_order(page, textpage, text)
    finally:
        textpage.close()
    return PageLayer(page_no, normalize_layer_text(text), float(width), float(height), columns)


def _reading_order(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str
) -> tuple[str, int | None]:
    """The page text read column by column when it is set in columns.

    Each region's text is pdfium's own for that rectangle, so the result holds
    exactly the page's characters, in another order.
    """
    if page.get_rotation() % 360:
        return text, None  # text rectangles are in unrotated space; not worth it
    rects = text_rects(textpage)
    gaps = gutter_candidates(rects)
    if not gaps:
        return text, 1
    layout = find_columns(rects, page.get_bbox(), rule_bounds(page), gaps=gaps)
    if layout is None:
        return text, 1
    rebuilt = read_in_columns(layout, lambda rect: textpage.get_text_bounded(*rect), text)
    if rebuilt is None:
        return text, 1
    return rebuilt, layout.columns


def text_rects(textpage: pdfium.PdfTextPage) -> list[Rect]:
    """pdfium's text rectangles (runs of characters on one line), in page points.

    Raw calls with reused out-parameters: a page whose producer placed every
    letter on its own has thousands of rectangles.
    """
    count = textpage.count_rects()
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    get_rect = pdfium_c.FPDFText_GetRect
    rects: list[Rect] = []
    for i in range(count):
        if get_rect(textpage, i, left, top, right, bottom):  # pdfium's order: l, t, r, b
            rects.append((left.value, bottom.value, right.value, top.value))
    return rects


def rule_bounds(page: pdfium.PdfPage) -> list[Rect]:
    """Bounds of the page's top-level path objects (lines, boxes, fills).

    Raw calls rather than `get_objects`: a page of per-word text objects has
    thousands of objects, and only paths are wanted.
    """
    bounds: list[Rect] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if not obj or pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            bounds.append((left.value, bottom.value, right.value, top.value))
    return bounds


def image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page box covered by image objects (union, on a coarse grid).

    Scanners often tile a page into strips, so the union of all images counts, not
    the biggest one. A 32x32 grid is precise enough for "most of the page".
    """
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    if width <= 0 or height <= 0:
        return 0.0
    covered = [[False] * _COVER_GRID for _ in range(_COVER_GRID)]
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        try:
            x0, y0, x1, y1 = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        c0, c1 = _cells(x0, x1, left, width)
        r0, r1 = _cells(y0, y1, bottom, height)
        for row in range(r0, r1):
            cells = covered[row]
            for col in range(c0, c1):
                cells[col] = True
    return sum(sum(row) for row in covered) / (_COVER_GRID * _COVER_GRID)


def _cells(lo: float, hi: float, origin: float, extent: float) -> tuple[int, int]:
    """Grid cells whose centre lies inside [lo, hi] along one axis."""
    a = (lo - origin) / extent * _COVER_GRID - 0.5
    b = (hi - origin) / extent * _COVER_GRID - 0.5
    first = max(0, math.ceil(a))
    last = min(_COVER_GRID - 1, math.floor(b))
    return first, max(first, last + 1)
