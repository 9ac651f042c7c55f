"""Server-rendered SVG line charts (no JavaScript; they also render in PDF)."""

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sxsh.calc.money import format_number

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 80, 16, 16, 40
COLOURS = ("#1f6f43", "#c0392b", "#2c5d9e", "#8e6c00")


def line_chart(
    months: Sequence[date], lines: Sequence[tuple[str, Sequence[float]]], *, title: str, zero_line: bool = False,
    font: str = "",
) -> SafeString:
    """An SVG with one polyline per (label, values); x is the month, y is scaled to the data. ``font`` names the
    family of its text (an official PDF's own; by default the page's)."""
    values = [v for _label, series in lines for v in series]
    if not months or not values:
        return mark_safe("")
    low, high = min([*values, 0.0] if zero_line else values), max([*values, 0.0] if zero_line else values)
    if high == low:
        high, low = high + 1, low - 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * plot_h

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"'
        + (f' font-family="{escape(font)}">' if font else ">"),
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#ccc"/>',
    ]
    for k in range(5):
        value = low + (high - low) * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#eee"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">'
                     f"{escape(format_number(value))}</text>")
    if zero_line and low < 0 < high:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#555" '
                     f'stroke-dasharray="4 3"/>')
    every = max(1, len(months) // 12)
    for i, month in enumerate(months):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle">'
                         f"{month:%m/%y}</text>")
    for n, (label, series) in enumerate(lines):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(f'<rect x="{LEFT + n * 220}" y="{HEIGHT - 14}" width="12" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + n * 220 + 16}" y="{HEIGHT - 9}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
