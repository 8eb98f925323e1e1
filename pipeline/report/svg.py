"""Charts drawn as inline SVG, so the report needs no script, font or network.

Each function takes plain values and returns one `<svg>` element. Labels come from
documents and are escaped like any other text (see markup.py); long labels are cut
and the full text goes in a `<title>` tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.report.markup import Markup, esc, join, shorten, tag, void

FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:12px"
STANCE_COLORS = {
    "permits": "#c8372d",
    "conditional": "#f0a03c",
    "prohibits": "#2f6fad",
}
STANCE_TEXT = {"permits": "permits", "conditional": "conditional", "prohibits": "prohibits"}
# Row labels (agency names) sit left of the plot: room for ~38 characters at 12 px.
LABEL_WIDTH = 270
LABEL_CHARS = 38
PALETTE = ("#c8372d", "#2f6fad", "#f0a03c", "#3a9a5b", "#8a5cb8", "#6b6b6b", "#d16fa5")
RETENTION_TICKS = (
    (1, "1 d"),
    (7, "1 wk"),
    (30, "30 d"),
    (90, "90 d"),
    (365, "1 yr"),
    (730, "2 yr"),
    (1825, "5 yr"),
    (3650, "10 yr"),
    (36500, "100 yr"),
)


def _svg(width: int, height: int, label: str, *body: Markup) -> Markup:
    return tag(
        "svg",
        tag("title", label),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        role="img",
        aria_label=label,
        style=FONT,
        class_="chart",
    )


def _text(x: float, y: float, text: str, limit: int = 40, **attributes: object) -> Markup:
    """A text label, shortened, with the full text as its tooltip."""
    short = shorten(text, limit)
    inner = [esc(short)]
    if short != text:
        inner.insert(0, tag("title", text))
    return tag("text", *inner, x=f"{x:.1f}", y=f"{y:.1f}", **attributes)


def _link(href: str | None, body: Markup) -> Markup:
    return tag("a", body, href=href) if href else body


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> Markup:
    parts = []
    for label, color in items:
        parts.append(
            void("rect", x=f"{x:.1f}", y=f"{y - 10:.1f}", width=12, height=12, fill=color, rx=2)
        )
        parts.append(_text(x + 16, y, label, limit=30))
        x += 24 + 7 * min(len(label), 30)
    return join(parts)


@dataclass(frozen=True)
class RangeBar:
    """One agency's retention periods: every distinct value, drawn min to max."""

    label: str
    values: tuple[int, ...]
    flagged: bool = False
    href: str | None = None
    note: str = ""


def _days_label(days: int) -> str:
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{days} d ({years} yr)"
    return f"{days} d"


def retention_chart(bars: Sequence[RangeBar], title: str) -> Markup:
    """Horizontal ranges on a log scale: 1 day and 5 years both stay readable."""
    left, right, top, row = LABEL_WIDTH, 150, 16, 30
    width = 900
    plot = width - left - right
    height = top + row * len(bars) + 40
    highest = max([v for b in bars for v in b.values] + [3650])
    span = math.log10(highest * 1.05)

    def x(days: int) -> float:
        return left + plot * math.log10(max(days, 1)) / span

    parts: list[Markup] = []
    for days, label in RETENTION_TICKS:
        if days > highest * 1.05:
            break
        parts.append(
            void(
                "line",
                x1=f"{x(days):.1f}",
                x2=f"{x(days):.1f}",
                y1=top - 6,
                y2=height - 30,
                stroke="#ddd",
            )
        )
        parts.append(_text(x(days), height - 14, label, text_anchor="middle", fill="#555"))
    for i, bar in enumerate(bars):
        y = top + row * i + row / 2
        color = STANCE_COLORS["permits"] if bar.flagged else "#2f6fad"
        low, high = min(bar.values), max(bar.values)
        tooltip = bar.note or ", ".join(_days_label(v) for v in bar.values)
        shapes = [tag("title", tooltip)]
        shapes.append(
            void(
                "line",
                x1=f"{x(low):.1f}",
                x2=f"{x(high):.1f}",
                y1=f"{y:.1f}",
                y2=f"{y:.1f}",
                stroke=color,
                stroke_width=8,
                stroke_linecap="round",
                opacity="0.55",
            )
        )
        shapes += [
            void("circle", cx=f"{x(v):.1f}", cy=f"{y:.1f}", r=6, fill=color) for v in bar.values
        ]
        value_text = " / ".join(_days_label(v) for v in bar.values)
        if bar.flagged:
            value_text += "  ⚠ disagree"
        shapes.append(_text(x(high) + 12, y + 4, value_text, limit=40, fill="#222"))
        parts.append(_link(bar.href, tag("g", *shapes, class_="bar")))
        parts.append(_text(left - 10, y + 4, bar.label, limit=LABEL_CHARS, text_anchor="end"))
    return _svg(width, height, title, *parts)


@dataclass(frozen=True)
class HeatCell:
    """One agency x recipient cell: the strongest stance and whether documents conflict."""

    stance: str
    conflict: bool = False
    href: str | None = None
    tooltip: str = ""


def sharing_heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[int, int], HeatCell],
    title: str,
) -> Markup:
    """Agencies down, recipient categories across, colour = strongest stance."""
    left, top, cw, ch = LABEL_WIDTH, 34, 108, 30
    width = left + cw * len(columns) + 20
    height = top + ch * len(rows) + 44
    parts: list[Markup] = []
    for j, column in enumerate(columns):
        parts.append(
            _text(
                left + cw * j + cw / 2,
                top - 10,
                column.replace("_", " "),
                limit=16,
                text_anchor="middle",
                font_weight="600",
            )
        )
    for i, row in enumerate(rows):
        y = top + ch * i
        parts.append(_text(left - 10, y + ch / 2 + 4, row, limit=LABEL_CHARS, text_anchor="end"))
        for j in range(len(columns)):
            x = left + cw * j
            cell = cells.get((i, j))
            if cell is None:
                parts.append(
                    void(
                        "rect", x=x + 1, y=y + 1, width=cw - 2, height=ch - 2, fill="#f1f1f1", rx=3
                    )
                )
                continue
            fill = STANCE_COLORS.get(cell.stance, "#999")
            label = STANCE_TEXT.get(cell.stance, cell.stance) + (" !" if cell.conflict else "")
            shape = tag(
                "g",
                tag("title", cell.tooltip or label),
                void(
                    "rect",
                    x=x + 1,
                    y=y + 1,
                    width=cw - 2,
                    height=ch - 2,
                    fill=fill,
                    rx=3,
                    stroke="#111" if cell.conflict else None,
                    stroke_width=2 if cell.conflict else None,
                ),
                _text(
                    x + cw / 2,
                    y + ch / 2 + 4,
                    label,
                    limit=14,
                    text_anchor="middle",
                    fill="#fff" if cell.stance != "conditional" else "#222",
                ),
                class_="cell",
            )
            parts.append(_link(cell.href, shape))
    legend = [(STANCE_TEXT[s], c) for s, c in STANCE_COLORS.items()]
    parts.append(_legend([*legend, ("no clause found", "#f1f1f1")], left, height - 14))
    parts.append(_text(left + 520, height - 14, "! = documents conflict", limit=40, fill="#555"))
    return _svg(max(width, left + 720), height, title, *parts)


def dot_matrix(
    rows: Sequence[str],
    columns: Sequence[str],
    sizes: Mapping[tuple[int, int], int],
    hrefs: Mapping[tuple[int, int], str],
    title: str,
) -> Markup:
    """Agencies down, vendors across; dot area grows with the number of mentions."""
    left, top, cw, ch = LABEL_WIDTH, 120, 70, 30
    width = left + cw * len(columns) + 150
    height = top + ch * len(rows) + 10
    parts: list[Markup] = []
    for j, column in enumerate(columns):
        cx = left + cw * j + cw / 2
        parts.append(
            _text(
                cx,
                top - 12,
                column,
                limit=22,
                text_anchor="start",
                transform=f"rotate(-35 {cx:.1f} {top - 12})",
                font_weight="600",
            )
        )
    for i, row in enumerate(rows):
        y = top + ch * i + ch / 2
        parts.append(
            void(
                "line",
                x1=left,
                x2=left + cw * len(columns),
                y1=f"{y:.1f}",
                y2=f"{y:.1f}",
                stroke="#eee",
            )
        )
        parts.append(_text(left - 10, y + 4, row, limit=LABEL_CHARS, text_anchor="end"))
        for j in range(len(columns)):
            count = sizes.get((i, j), 0)
            if not count:
                continue
            radius = min(4 + 3 * math.sqrt(count), ch / 2 - 1)
            dot = tag(
                "g",
                tag("title", f"{columns[j]}: {count} mention(s) — {row}"),
                void(
                    "circle",
                    cx=f"{left + cw * j + cw / 2:.1f}",
                    cy=f"{y:.1f}",
                    r=f"{radius:.1f}",
                    fill="#2f6fad",
                    opacity="0.85",
                ),
            )
            parts.append(_link(hrefs.get((i, j)), dot))
    return _svg(max(width, 520), height, title, *parts)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    category: str
    href: str | None = None
    tooltip: str = ""


def hbar_chart(bars: Sequence[Bar], colors: Mapping[str, str], title: str) -> Markup:
    """Horizontal bars, longest first, coloured by category, with a legend."""
    left, right, top, row = LABEL_WIDTH, 60, 10, 26
    width = 900
    plot = width - left - right
    height = top + row * len(bars) + 40
    highest = max([b.value for b in bars] + [1])
    parts: list[Markup] = []
    for i, bar in enumerate(bars):
        y = top + row * i
        length = plot * bar.value / highest
        shape = tag(
            "g",
            tag("title", bar.tooltip or f"{bar.label}: {bar.value}"),
            void(
                "rect",
                x=left,
                y=y + 4,
                width=f"{max(length, 2):.1f}",
                height=row - 8,
                fill=colors.get(bar.category, "#999"),
                rx=2,
            ),
            _text(left + length + 6, y + row / 2 + 4, str(bar.value), fill="#222"),
        )
        parts.append(_link(bar.href, shape))
        parts.append(
            _text(left - 10, y + row / 2 + 4, bar.label, limit=LABEL_CHARS, text_anchor="end")
        )
    used = [c for c in colors if any(b.category == c for b in bars)]
    parts.append(_legend([(c.replace("_", " "), colors[c]) for c in used], left, height - 12))
    return _svg(width, height, title, *parts)


def _nice_step(highest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if highest / step <= 6:
            return step
    return max(1, highest // 5)


def stacked_columns(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], title: str
) -> Markup:
    """Columns per category (month), stacked by series (organisation)."""
    left, right, top, bottom = 60, 20, 16, 90
    width = 900
    plot_w = width - left - right
    plot_h = 220
    height = top + plot_h + bottom
    totals = [sum(values[k] for _, values in series) for k in range(len(categories))]
    highest = max([*totals, 1])
    step = _nice_step(highest)
    ceiling = step * math.ceil(highest / step)
    slot = plot_w / max(len(categories), 1)
    bar_w = max(min(slot * 0.7, 48), 2)
    parts: list[Markup] = []
    for tick in range(0, ceiling + 1, step):
        y = top + plot_h - plot_h * tick / ceiling
        parts.append(
            void("line", x1=left, x2=width - right, y1=f"{y:.1f}", y2=f"{y:.1f}", stroke="#e4e4e4")
        )
        parts.append(_text(left - 8, y + 4, str(tick), text_anchor="end", fill="#555"))
    label_every = max(1, math.ceil(len(categories) / 18))
    for k, category in enumerate(categories):
        x = left + slot * k + (slot - bar_w) / 2
        base = float(top + plot_h)
        for s, (name, values) in enumerate(series):
            value = values[k]
            if not value:
                continue
            h = plot_h * value / ceiling
            base -= h
            parts.append(
                tag(
                    "g",
                    tag("title", f"{category} — {name}: {value}"),
                    void(
                        "rect",
                        x=f"{x:.1f}",
                        y=f"{base:.1f}",
                        width=f"{bar_w:.1f}",
                        height=f"{h:.1f}",
                        fill=PALETTE[s % len(PALETTE)],
                    ),
                )
            )
        if totals[k]:
            parts.append(
                _text(x + bar_w / 2, base - 4, str(totals[k]), text_anchor="middle", fill="#222")
            )
        if k % label_every == 0:
            parts.append(
                _text(x + bar_w / 2, top + plot_h + 16, category, text_anchor="middle", fill="#555")
            )
    legend = [(name, PALETTE[s % len(PALETTE)]) for s, (name, _) in enumerate(series)]
    rows = [legend[i : i + 3] for i in range(0, len(legend), 3)]
    for r, items in enumerate(rows):
        parts.append(_legend(items, left, top + plot_h + 44 + 20 * r))
    height += max(0, len(rows) - 2) * 20
    return _svg(width, height, title, *parts)
