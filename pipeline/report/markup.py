"""Building HTML from warehouse values that may be hostile.

Document text, file names and quotes come from records anyone could have written,
so every value is escaped on the way in. `Markup` marks strings that are already
markup built by this package; `tag` escapes every child that is not `Markup`. Any
accidental `str` concatenation yields a plain `str`, which is escaped again: the
failure mode is visible double escaping, never a live ``<script>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9:-]*$")


class Markup(str):
    """A string of markup produced by this package: inserted without escaping."""

    __slots__ = ()


def clean(text: str) -> str:
    """Drop control characters (NUL, form feeds) that HTML and SVG cannot hold."""
    return _CONTROL.sub(" ", text)


def esc(value: object) -> Markup:
    """Escape any value for use as HTML text or as a quoted attribute value."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Markup(html.escape(clean("" if value is None else str(value)), quote=True))


def join(parts: Iterable[Markup | str], sep: str = "") -> Markup:
    return Markup(sep.join(esc(p) for p in parts))


def attrs(values: dict[str, object]) -> Markup:
    """`name="value"` pairs; names are code constants (checked), values are escaped.

    A trailing underscore is dropped and other underscores become hyphens, so
    `class_="x"` and `aria_label="y"` work as keyword arguments.
    """
    out = []
    for name, value in values.items():
        key = name.rstrip("_").replace("_", "-")
        if not _NAME.match(key):
            raise ValueError(f"bad attribute name {name!r}")
        if value is None or value is False:
            continue
        out.append(key if value is True else f'{key}="{esc(value)}"')
    return Markup(" ".join(out))


def tag(name: str, *children: Markup | str | int | float | None, **attributes: object) -> Markup:
    """One element; plain values are escaped, `Markup` children are kept as they are."""
    if not _NAME.match(name):
        raise ValueError(f"bad tag name {name!r}")
    inner = "".join(esc(c) for c in children if c is not None)
    attr = attrs(attributes)
    opening = f"<{name} {attr}>" if attr else f"<{name}>"
    return Markup(f"{opening}{inner}</{name}>")


def void(name: str, **attributes: object) -> Markup:
    """An element without content (`<meta>`, `<br>`), or a self-closed SVG shape."""
    if not _NAME.match(name):
        raise ValueError(f"bad tag name {name!r}")
    attr = attrs(attributes)
    return Markup(f"<{name} {attr}/>" if attr else f"<{name}/>")


def shorten(text: str, limit: int) -> str:
    """Cut long labels for charts; the full text goes in a tooltip."""
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
