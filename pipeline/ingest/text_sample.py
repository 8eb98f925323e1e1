"""Deciding from a short sample whether bytes are text, and if so e-mail, CSV or prose.

Records arrive from many offices and systems: exports in Windows-1252, UTF-16 with a
byte-order mark from Excel's "Unicode text", UTF-8 with or without BOM. The sample is
decoded with the most specific encoding that fits; the encoding name (a Python codec
name) travels on in the mime type's charset so the text stage decodes the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")
_MAX_CONTROL_SHARE = 0.01
_CSV_DELIMITERS = ",;\t|"
_CSV_SAMPLE_CHARS = 4096
_CSV_MIN_CONSISTENCY = 0.9
_HEADER_LINE = re.compile(r"^([!-9;-~]+):[ \t]*(.*)$")
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "date",
        "sent",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "reply-to",
        "sender",
        "delivered-to",
        "in-reply-to",
        "references",
        "content-type",
        "x-mailer",
    }
)
_MAIL_CORE = frozenset({"from", "to", "subject", "date", "received", "message-id"})


@dataclass(frozen=True)
class DecodedSample:
    """A decoded prefix of a file and the codec that decoded it."""

    text: str
    encoding: str


def decode_sample(head: bytes, complete: bool) -> DecodedSample | None:
    """Decode the sample as text, or None when it does not read as text.

    `complete` says the sample is the whole file; otherwise a multi-byte character
    cut at the sample's end is tolerated. Bytes with NULs are only text when they
    carry a UTF-16/32 BOM or look like BOM-less UTF-16 (NUL in every other byte).
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            text = _decode(head, codec, complete)
            return _if_textual(text, codec)
    if b"\x00" in head:
        codec16 = _bomless_utf16(head)
        if codec16 is None:
            return None
        return _if_textual(_decode(head, codec16, complete), codec16)
    for codec in ("utf-8", "windows-1252", "latin-1"):
        text = _decode(head, codec, complete)
        if text is not None:
            return _if_textual(text, codec)
    return None


def _decode(data: bytes, codec: str, complete: bool) -> str | None:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        return decoder.decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without BOM shows as NULs in alternate bytes for Latin text."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd) if odd else 0.0
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _if_textual(text: str | None, codec: str) -> DecodedSample | None:
    if not text or not text.strip():
        return None
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if "\x00" in text or controls / len(text) > _MAX_CONTROL_SHARE:
        return None
    return DecodedSample(text=text.lstrip("\ufeff"), encoding=codec)


def whole_lines(text: str, complete: bool) -> list[str]:
    """Lines of the sample, dropping a last line that the sample cut short."""
    lines = text.splitlines()
    if not complete and lines and not text.endswith(("\n", "\r")):
        lines.pop()
    return lines


def looks_like_email(text: str, complete: bool) -> bool:
    """RFC 822 header block at the very start: only header lines until the first blank.

    Needs two known mail headers, one of them a core one (From/To/Subject/Date/
    Received/Message-ID), so a memo that opens with "Note: ..." stays prose.
    An mbox "From " separator line before the headers is accepted.
    """
    lines = whole_lines(text, complete)
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names: list[str] = []
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if line[0] in " \t" and index > 0:
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        names.append(match.group(1).lower())
    known = {name for name in names if name in _MAIL_HEADERS}
    return len(known) >= 2 and bool(known & _MAIL_CORE)


def looks_like_csv(text: str, complete: bool) -> bool:
    """Delimited rows with a consistent field count (at least two fields, two rows).

    csv.Sniffer proposes the dialect; the rows must then agree: at least 90 % of
    them have the most common field count. Hard-wrapped prose with a comma here and
    there fails that test, and lines that each hold one comma-joined sentence are
    caught by `_reads_as_prose`; a title line above an export's header row is
    tolerated when there are enough rows.
    """
    lines = [line for line in whole_lines(text, complete) if line.strip()]
    if len(lines) < 2:
        return False
    sample_lines: list[str] = []
    used = 0
    for line in lines:
        if used and used + len(line) > _CSV_SAMPLE_CHARS:
            break
        sample_lines.append(line)
        used += len(line) + 1
    sample = "\n".join(sample_lines[:200])
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None  # e.g. many empty cells ("a,,b,,0") confuse the Sniffer
    # The Sniffer's guess first, then each candidate delimiter with standard quoting.
    candidates = [d for d in (sniffed, *_CSV_DELIMITERS) if d]
    return any(_consistent_table(sample, d) for d in dict.fromkeys(candidates))


def _consistent_table(sample: str, delimiter: str) -> bool:
    try:
        rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(row)]
    except csv.Error:
        return False
    if len(rows) < 2:
        return False
    counts = Counter(len(row) for row in rows)
    width, agreeing = counts.most_common(1)[0]
    if width < 2 or agreeing / len(rows) < _CSV_MIN_CONSISTENCY:
        return False
    return not _reads_as_prose(rows, width, sample, delimiter)


def _reads_as_prose(rows: list[list[str]], width: int, sample: str, delimiter: str) -> bool:
    """Sentences with a comma or two per line are not a table.

    Prose puts a space after each comma and several words on both sides of it;
    exports rarely do both in every cell.
    """
    if delimiter != "," or width > 3:
        return False
    cells = [cell for row in rows for cell in row]
    wordy = sum(1 for cell in cells if len(cell.split()) >= 4) / max(len(cells), 1)
    spaced = sample.count(", ") / max(sample.count(","), 1)
    return wordy >= 0.75 and spaced >= 0.8
