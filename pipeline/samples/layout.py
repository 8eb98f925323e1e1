"""Born-digital PDF pages from a tiny line markup, with the text a reader would extract.

Sample documents are written as plain strings so their expected facts (quotes, pages)
can be checked against the same text that was drawn. Every line is its own paragraph,
wrapped only at spaces, so whitespace-collapsed extraction gives back the line
verbatim and a quote never depends on where a line happened to wrap.

Markup, one directive per line:

- ``# text``   bold, centred (letterheads, titles)
- ``^ text``   centred
- ``## text``  bold heading
- ``> text``   indented paragraph
- ``| a | b``  table row: first cell left, the others right-aligned; a cell
  ``[REDACTED]`` is drawn as a black bar and is no text at all
- ``|= 40 20 40`` column widths in percent for the table rows that follow
  (default: the first column takes 46 %, the others share the rest)
- ``---``      horizontal rule
- blank line   half a line of space
- anything else: a wrapped paragraph
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

REDACTED = "[REDACTED]"
PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 72.0
FOOTER_Y = 40.0


class LayoutError(ValueError):
    """A page's markup does not fit on one page or a table row is too wide."""


@dataclass(frozen=True)
class TextStyle:
    """Font settings of a document; scanned letters look more typed in Times."""

    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 11.0
    leading: float = 14.0


HELVETICA = TextStyle()
TIMES = TextStyle(font="Times-Roman", bold_font="Times-Bold", size=12.0, leading=15.0)


def sample_canvas(buf: io.BytesIO) -> Canvas:
    """A letter-size canvas writing reproducible bytes (fixed dates and ids), so the
    same sample content always hashes to the same doc_id."""
    canvas = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    canvas.setCreator("alpr-foia sample generator")
    return canvas


def collapse_ws(text: str) -> str:
    """Runs of whitespace to one space: the form quotes are compared in."""
    return " ".join(text.split())


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def plain_text(page: str, footer: str | None = None) -> str:
    """The text a reader sees on a page drawn from `page` (markup stripped)."""
    out: list[str] = []
    for raw in page.splitlines():
        line = raw.strip()
        if not line or line == "---" or line.startswith("|="):
            continue
        if line.startswith("|"):
            out.append(" ".join(c for c in _table_cells(line) if c and c != REDACTED))
        elif line.startswith(("## ", "# ", "^ ", "> ")):
            out.append(line.split(" ", 1)[1])
        else:
            out.append(line)
    if footer:
        out.append(footer)
    return "\n".join(out)


def draw_page(canvas: Canvas, page: str, style: TextStyle, footer: str | None) -> None:
    """Draw one page of markup on the canvas (without calling showPage)."""
    width = PAGE_WIDTH - 2 * MARGIN
    y = PAGE_HEIGHT - MARGIN
    columns: list[float] | None = None

    def need(height: float) -> None:
        if y - height < MARGIN - 10:
            raise LayoutError(f"page text overflows the page near: {raw[:60]!r}")

    for raw in page.splitlines():
        line = raw.strip()
        if not line:
            y -= style.leading / 2
            continue
        if line == "---":
            need(style.leading / 2)
            canvas.setLineWidth(0.6)
            canvas.line(
                MARGIN, y + style.leading * 0.35, PAGE_WIDTH - MARGIN, y + style.leading * 0.35
            )
            y -= style.leading / 2
            continue
        if line.startswith("|="):
            columns = [float(w) * width / 100 for w in line[2:].split()]
            continue
        if line.startswith("|"):
            need(style.leading)
            _draw_row(canvas, _table_cells(line), y, width, style, columns)
            y -= style.leading
            continue
        columns = None
        font, size, indent, centred = style.font, style.size, 0.0, False
        if line.startswith("# "):
            font, size, centred = style.bold_font, style.size + 2, True
        elif line.startswith("## "):
            font = style.bold_font
        elif line.startswith("^ "):
            centred = True
        elif line.startswith("> "):
            indent = 24.0
        if line[:2] in ("# ", "^ ", "> ") or line.startswith("## "):
            line = line.split(" ", 1)[1]
        canvas.setFont(font, size)
        for part in simpleSplit(line, font, size, width - indent):
            need(style.leading)
            if centred:
                canvas.drawCentredString(PAGE_WIDTH / 2, y, part)
            else:
                canvas.drawString(MARGIN + indent, y, part)
            y -= style.leading * (size / style.size)
    if footer:
        canvas.setFont(style.font, style.size - 2)
        canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, footer)


def _draw_row(
    canvas: Canvas,
    cells: list[str],
    y: float,
    width: float,
    style: TextStyle,
    columns: list[float] | None,
) -> None:
    if columns is None:
        rest = max(len(cells) - 1, 1)
        columns = [width * 0.46] + [width * 0.54 / rest] * rest
    if len(columns) != len(cells):
        raise LayoutError(f"table row has {len(cells)} cells for {len(columns)} columns")
    canvas.setFont(style.font, style.size)
    left = MARGIN
    for i, (cell, col) in enumerate(zip(cells, columns, strict=True)):
        if cell == REDACTED:
            canvas.rect(left + 8, y - 3, col - 8, style.size + 2, stroke=0, fill=1)
        elif canvas.stringWidth(cell, style.font, style.size) > col - 6:
            raise LayoutError(f"table cell too wide: {cell!r}")
        elif i == 0:
            canvas.drawString(left, y, cell)
        else:
            canvas.drawRightString(left + col, y, cell)
        left += col


def render_text_pdf(
    pages: Sequence[str],
    *,
    title: str = "",
    author: str = "",
    style: TextStyle = HELVETICA,
    footer: str | None = None,
) -> bytes:
    """Bytes of a born-digital PDF, identical on every run (reportlab invariant mode).

    `footer` may hold ``{page}`` and ``{pages}`` placeholders.
    """
    buf = io.BytesIO()
    canvas = sample_canvas(buf)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    for number, page in enumerate(pages, start=1):
        draw_page(canvas, page, style, page_footer(footer, number, len(pages)))
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def page_footer(footer: str | None, number: int, total: int) -> str | None:
    """The footer as printed on page `number` of `total`."""
    return footer.format(page=number, pages=total) if footer else None


def make_text_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    title: str = "",
    style: TextStyle = HELVETICA,
    footer: str | None = None,
) -> None:
    """Write a born-digital PDF with one page per markup string."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_text_pdf(pages, title=title, style=style, footer=footer))


def pdf_page_texts(source: Path | bytes) -> list[str]:
    """Text layer of every page as pypdfium2 extracts it, whitespace collapsed."""
    pdf = pdfium.PdfDocument(source)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(collapse_ws(textpage.get_text_range()))
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def render_column_pdf(
    columns: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    footer: str | None = None,
    gutter: float = 24.0,
    interleaved: bool = True,
    style: TextStyle = HELVETICA,
) -> bytes:
    """One page of newsletter-style columns (each a list of paragraphs) between an
    optional full-width title and footer.

    With `interleaved`, lines are drawn across the page row by row (left column's
    first line, right column's first line, ...), as some converters write their
    content streams: the text layer then reads across the gutter, which is the case
    reading order has to repair. Paragraphs are wrapped at spaces only, so each
    comes back whitespace-collapsed from a column read top to bottom.
    """
    if not columns:
        raise LayoutError("a column page needs at least one column")
    width = PAGE_WIDTH - 2 * MARGIN
    col_width = (width - gutter * (len(columns) - 1)) / len(columns)
    if col_width < 60:
        raise LayoutError(f"{len(columns)} columns do not fit with a {gutter} pt gutter")
    buf = io.BytesIO()
    canvas = sample_canvas(buf)
    top = PAGE_HEIGHT - MARGIN
    if title:
        canvas.setFont(style.bold_font, style.size + 2)
        canvas.drawCentredString(PAGE_WIDTH / 2, top, title)
        top -= style.leading * 2
    wrapped = [_column_lines(paragraphs, col_width, style) for paragraphs in columns]
    rows = max(len(lines) for lines in wrapped)
    if top - rows * style.leading < MARGIN - 10:
        raise LayoutError("column text overflows the page")
    canvas.setFont(style.font, style.size)
    order = (
        [(row, col) for row in range(rows) for col in range(len(columns))]
        if interleaved
        else [(row, col) for col in range(len(columns)) for row in range(rows)]
    )
    for row, col in order:
        lines = wrapped[col]
        if row < len(lines) and lines[row]:
            x = MARGIN + col * (col_width + gutter)
            canvas.drawString(x, top - row * style.leading, lines[row])
    if footer:
        canvas.setFont(style.font, style.size - 2)
        canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, footer)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _column_lines(paragraphs: Sequence[str], width: float, style: TextStyle) -> list[str]:
    """Wrapped lines of a column; an empty string is the blank line between paragraphs."""
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        lines.extend(simpleSplit(paragraph, style.font, style.size, width))
    return lines


def render_ruled_table_pdf(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    title: str | None = None,
    footer: str | None = None,
    style: TextStyle = HELVETICA,
) -> bytes:
    """One page with a fully ruled grid table; `widths` are column shares in percent.

    Cells wrap at spaces inside their column, so a row can take several lines, and
    each cell is drawn whole before the next one (the way office suites write
    tables): the text layer then gives a wrapped cell's lines together but not the
    row's cells on one line.
    """
    if any(len(row) != len(widths) for row in rows):
        raise LayoutError(f"every table row needs {len(widths)} cells")
    table_width = PAGE_WIDTH - 2 * MARGIN
    col_widths = [w * table_width / 100 for w in widths]
    pad = 4.0
    buf = io.BytesIO()
    canvas = sample_canvas(buf)
    y = PAGE_HEIGHT - MARGIN
    if title:
        canvas.setFont(style.bold_font, style.size + 2)
        canvas.drawString(MARGIN, y, title)
        y -= style.leading * 2
    canvas.setLineWidth(0.8)
    canvas.setFont(style.font, style.size)
    edges = [MARGIN]
    for w in col_widths:
        edges.append(edges[-1] + w)
    for row in rows:
        cells = [
            simpleSplit(cell, style.font, style.size, w - 2 * pad)
            for cell, w in zip(row, col_widths, strict=True)
        ]
        height = max(len(lines) for lines in cells) * style.leading + 2 * pad
        if y - height < MARGIN:
            raise LayoutError("table overflows the page")
        for left, lines in zip(edges, cells, strict=False):
            for number, line in enumerate(lines):
                base = y - pad - style.size - number * style.leading
                canvas.drawString(left + pad, base, line)
        canvas.line(MARGIN, y, edges[-1], y)
        for x in edges:
            canvas.line(x, y, x, y - height)
        y -= height
    canvas.line(MARGIN, y, edges[-1], y)
    if footer:
        canvas.setFont(style.font, style.size - 2)
        canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, footer)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
