"""Text of a Word document as one page: paragraphs and tables in document order.

python-docx exposes paragraphs and tables as separate lists; walking the body's
children keeps a table where it sits between paragraphs, which matters for quotes
that run into a table ("retained for the periods below: ..."). Table cells are
joined by tabs, merged cells appear once. Header and footer text (agency letterhead,
policy numbers) is kept before and after the body, once each.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.text.errors import CorruptDocument
from pipeline.text.plain import normalize_newlines

_P = qn("w:p")
_TBL = qn("w:tbl")


def docx_text(path: str | Path) -> str:
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(f"DOCX cannot be opened: {exc}") from exc
    except Exception as exc:  # python-docx raises lxml and package errors of many kinds
        raise CorruptDocument(f"DOCX cannot be parsed: {type(exc).__name__}: {exc}") from exc
    body = _block_lines(document.element.body, document)
    header, footer = _header_footer_lines(document)
    lines = [*header, *body, *footer]
    return normalize_newlines("\n".join(lines).strip("\n"))


def _block_lines(container: Any, parent: Any) -> list[str]:
    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _P:
            lines.append(Paragraph(child, parent).text)
        elif child.tag == _TBL:
            lines.extend(_table_lines(Table(child, parent)))
    return lines


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []  # lxml elements compare by identity; kept alive here
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split("\n")))
        lines.append("\t".join(cells))
    return lines


def _header_footer_lines(document: DocxDocument) -> tuple[list[str], list[str]]:
    headers: list[str] = []
    footers: list[str] = []
    for section in document.sections:
        for part, out in ((section.header, headers), (section.footer, footers)):
            try:
                if part.is_linked_to_previous and out:
                    continue
                lines = [line for line in _block_lines(part._element, part) if line.strip()]
            except (AttributeError, KeyError, ValueError):
                continue
            block = "\n".join(lines)
            if block and block not in out:
                out.append(block)
    return headers, footers
