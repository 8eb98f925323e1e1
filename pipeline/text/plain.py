"""Text of plain-text files and e-mails (.txt, .eml), one page each.

Records arrive from Windows mail clients and case-management exports as often as
from anything else, so decoding tries a BOM, UTF-8, UTF-16 without BOM, then
cp1252 (the usual "ANSI"), and finally Latin-1, which cannot fail.
"""

from __future__ import annotations

import codecs
import email
import email.policy
from email.message import EmailMessage, Message
from html.parser import HTMLParser

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str, newlines normalised to LF."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return normalize_newlines(data.decode(codec, errors="replace"))
    utf16 = _guess_utf16(data)
    if utf16:
        return normalize_newlines(data.decode(utf16, errors="replace"))
    for codec in ("utf-8", "cp1252"):
        try:
            return normalize_newlines(data.decode(codec))
        except UnicodeDecodeError:
            continue
    return normalize_newlines(data.decode("latin-1"))


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows as NUL bytes on every other position."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def email_text(data: bytes) -> str:
    """Headers a reader needs, the plain-text body, and the attachments' names.

    The body prefers text/plain; an HTML-only mail is reduced to its text.
    Attachments are listed, not extracted: the ingest stage sees only the .eml.
    """
    msg = email.message_from_bytes(data, policy=email.policy.default)
    lines = [f"{name}: {msg[name]}" for name in _HEADERS if msg[name] is not None]
    body = _body_text(msg)
    attachments = _attachment_names(msg)
    parts = ["\n".join(lines), body.strip("\n")]
    if attachments:
        parts.append("Attachments: " + ", ".join(attachments))
    return normalize_newlines("\n\n".join(p for p in parts if p))


def _body_text(msg: Message) -> str:
    if not isinstance(msg, EmailMessage):
        return ""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        payload = part.get_payload(decode=True)
        content = decode_text(payload) if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def _attachment_names(msg: Message) -> list[str]:
    if not isinstance(msg, EmailMessage):
        return []
    names = []
    for part in msg.iter_attachments():
        name = part.get_filename()
        names.append(name if name else f"(unnamed {part.get_content_type()})")
    return names


class _HtmlText(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
