"""Non-PDF text documents of a release: Word files, e-mails, plain-text messages.

Each writer returns the bytes it wrote and the text a reader would extract, so the
generator can check that every expected quote is really in the document.
"""

from __future__ import annotations

import email.policy
import io
from collections.abc import Sequence
from email import message_from_bytes
from email.message import EmailMessage

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.samples.archive import FIXED_DATETIME, normalized_office_bytes


def docx_bytes(body: str, *, title: str = "", author: str = "") -> bytes:
    """A Word document from line markup: ``# `` heading 1, ``## `` heading 2, ``^ `` centred."""
    doc = Document()
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# "):
            doc.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            doc.add_heading(line[3:], level=2)
        elif line.startswith("^ "):
            doc.add_paragraph(line[2:]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            doc.add_paragraph(line)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalized_office_bytes(buf.getvalue())


def docx_text(data: bytes) -> str:
    """Paragraph texts of a Word document, one per line."""
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def email_bytes(headers: Sequence[tuple[str, str]], body: str) -> bytes:
    """An RFC 5322 message with a quoted-printable UTF-8 body, as mail clients save them."""
    message = EmailMessage(policy=email.policy.SMTP)
    for name, value in headers:
        message[name] = value
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def email_text(data: bytes) -> str:
    """Subject and decoded body of a single-part message."""
    message = message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        raise TypeError("expected an EmailMessage from the default policy")
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return f"Subject: {message['Subject']}\n\n{body}"


def text_bytes(body: str) -> bytes:
    return body.encode("utf-8")
