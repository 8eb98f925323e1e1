"""Small files the text-stage tests are built on, made by code, plus checks that
each fixture really has the shape it is named for (a scanned page without a text
layer, a stamp-only scan, a mojibake layer...). Other test_text_* modules import
the builders from here."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.records import FileType, SourceFile

POLICY_LINES = (
    "AUTOMATED LICENSE PLATE READER POLICY",
    "Data collected by the license plate reader system shall be retained",
    "for thirty days and then purged, unless it is evidence in a case.",
    "The department shall not share plate data with federal immigration",
    "authorities without a valid court order signed by a judge.",
)
SECOND_PAGE_LINES = (
    "Requests for records are answered by the records custodian.",
    "Exempt records are withheld under the public records statute.",
)


def source_for(path: Path, file_type: FileType, doc_id: str | None = None) -> SourceFile:
    return SourceFile(
        doc_id=doc_id or f"{path.name}-id",
        file_type=file_type,
        mime="",
        size=path.stat().st_size,
        paths=(f"batch/{path.name}",),
        blob=str(path),
    )


def _draw_lines(canvas: Canvas, lines: Sequence[str], size: int = 14, top: float = 700) -> None:
    text = canvas.beginText(72, top)
    text.setFont("Helvetica", size)
    text.setLeading(size * 1.6)
    for line in lines:
        text.textLine(line)
    canvas.drawText(text)


def text_pdf_bytes(pages: Sequence[Sequence[str]], encrypt_password: str | None = None) -> bytes:
    """Born-digital PDF: one page per list of lines."""
    buf = io.BytesIO()
    encrypt = StandardEncryption(encrypt_password, canPrint=1) if encrypt_password else None
    canvas = Canvas(buf, pagesize=LETTER, encrypt=encrypt, invariant=1)
    for lines in pages:
        _draw_lines(canvas, lines)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def page_image(lines: Sequence[str], dpi: int = 200) -> Image.Image:
    """A born-digital page rendered to a grayscale image, like a clean scan."""
    pdf = pdfium.PdfDocument(text_pdf_bytes([lines]))
    try:
        bitmap = pdf[0].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L").copy()
    finally:
        pdf.close()


def scanned_pdf_bytes(pages: Sequence[Sequence[str]], dpi: int = 200, rotate: int = 0) -> bytes:
    """Image-only PDF (no text layer) written by Pillow, one scan per page."""
    images = [page_image(lines, dpi).rotate(rotate, expand=True) for lines in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def overlay_pdf_bytes(
    lines: Sequence[str],
    visible_stamp: str | None = None,
    invisible_text: Sequence[str] = (),
    digital_lines: Sequence[str] = (),
) -> bytes:
    """A full-page scan image plus text drawn over it.

    `visible_stamp` is a Bates-style stamp at the foot of the page (a few real
    characters in the layer); `invisible_text` is a hidden layer such as a
    scanner's OCR (render mode 3). A second page with `digital_lines` is added
    when given (a born-digital page in the same document).
    """
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=LETTER, invariant=1)
    width, height = LETTER
    canvas.drawImage(ImageReader(page_image(lines)), 0, 0, width, height)
    if visible_stamp:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(width - 160, 24, visible_stamp)
    if invisible_text:
        text = canvas.beginText(72, 700)
        text.setTextRenderMode(3)
        text.setFont("Helvetica", 14)
        text.setLeading(22)
        for line in invisible_text:
            text.textLine(line)
        canvas.drawText(text)
    canvas.showPage()
    if digital_lines:
        _draw_lines(canvas, digital_lines)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def raw_pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF written object by object (object 1 is the catalog), for shapes
    reportlab will not produce: empty page trees, fonts with odd ToUnicode maps."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


_PUA_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /PUA def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <21> <7E> <E000> endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def mojibake_pdf_bytes(lines: Sequence[str]) -> bytes:
    """Visible, readable Helvetica text whose ToUnicode map sends every letter to
    the private-use area: what broken symbol/Type 3 font exports look like."""
    ops = [b"BT /F1 14 Tf 22 TL 72 700 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(b"\n".join(ops)),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            _stream(_PUA_CMAP),
        ]
    )


def empty_pdf_bytes() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
        ]
    )


def shifted(text: str) -> str:
    """Every letter moved one place on (a -> b): letter soup that still looks
    like text to a character count, as from a font with a wrong encoding."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + 1) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + 1) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def word_image(words: str, size: tuple[int, int] = (1400, 260)) -> Image.Image:
    """A small grayscale image with large printed words, quick to OCR."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=56)
    draw.text((40, 90), words, fill=0, font=font)
    return image


def layer_text(data: bytes, index: int = 0) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        textpage = pdf[index].get_textpage()
        return str(textpage.get_text_bounded())
    finally:
        pdf.close()


# --- the fixtures have the shapes they are named for ---------------------------


def test_scanned_pdf_has_no_text_layer() -> None:
    assert layer_text(scanned_pdf_bytes([POLICY_LINES])) == ""


def test_stamp_only_scan_has_only_the_stamp_in_its_layer() -> None:
    text = layer_text(overlay_pdf_bytes(POLICY_LINES, visible_stamp="CITY-000123"))
    assert text.strip() == "CITY-000123"


def test_mojibake_layer_is_private_use_characters() -> None:
    text = layer_text(mojibake_pdf_bytes(POLICY_LINES))
    letters = [ch for ch in text if not ch.isspace()]
    assert letters
    assert all("\ue000" <= ch <= "\uf8ff" for ch in letters)


def test_encrypted_pdf_needs_its_password() -> None:
    data = text_pdf_bytes([POLICY_LINES], encrypt_password="secret")
    pdf = pdfium.PdfDocument(data, password="secret")
    assert len(pdf) == 1
    pdf.close()


def test_word_image_is_grayscale() -> None:
    assert word_image("hello").mode == "L"
