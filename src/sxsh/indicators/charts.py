"""Server-rendered SVG charts (no JavaScript, so they also render in PDF): geometry only, pure."""

from dataclasses import dataclass, field
from decimal import Decimal

from sxsh.calc.money import format_number

NO_DATA = "không có dữ liệu"


@dataclass
class BarGeom:
    label: str
    y: int
    width: float
    value_text: str
    href: str
    has_value: bool
    title: str = ""


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: list[BarGeom] = field(default_factory=list)
    target_x: float | None = None


def bar_chart(
    items: list[tuple[str, Decimal | None, str, str]], decimals: int = 0, target: Decimal | None = None,
    width: int = 620, label_width: int = 170, row: int = 24,
) -> BarChart:
    """Horizontal bars; ``items`` are (label, value or None, link, title)."""
    plot = width - label_width - 110
    values = [v for _l, v, _h, _t in items if v is not None]
    top = max([*values, target or Decimal(0), Decimal(0)])
    scale = float(plot) / float(top) if top > 0 else 0.0
    chart = BarChart(width, max(row * len(items) + 8, 32), label_width, plot, row - 8)
    for i, (label, value, href, title) in enumerate(items):
        chart.bars.append(BarGeom(
            label=label, y=4 + i * row, width=round(float(value) * scale, 1) if value is not None else 0.0,
            value_text=format_number(value, decimals) if value is not None else NO_DATA,
            href=href, has_value=value is not None, title=title or label,
        ))
    if target is not None and top > 0:
        chart.target_x = round(label_width + float(target) * scale, 1)
    return chart


@dataclass
class Point:
    x: float
    y: float
    label: str
    value_text: str


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    points: list[Point]
    path: str
    ticks: list[Point]
    target_y: float | None = None
    target_text: str = ""


def line_chart(
    series: list[tuple[int, Decimal | None]], decimals: int = 0, target: Decimal | None = None,
    width: int = 300, height: int = 120,
) -> LineChart:
    """A small trend line over years; missing values leave a gap."""
    pad = 28 if width >= 300 else 10
    left, right, top_pad, bottom = pad, pad, 16, height - 18
    values = [v for _y, v in series if v is not None]
    top = max([*values, target or Decimal(0), Decimal(0)])
    span_x = max(len(series) - 1, 1)

    def x_of(i: int) -> float:
        return round(left + (width - left - right) * (i / span_x if len(series) > 1 else 0.5), 1)

    def y_of(v: Decimal) -> float:
        if top <= 0:
            return float(bottom)
        return round(bottom - (bottom - top_pad) * float(v) / float(top), 1)

    points: list[Point] = []
    commands: list[str] = []
    pen_up = True
    ticks = []
    for i, (year, value) in enumerate(series):
        ticks.append(Point(x_of(i), float(height - 4), str(year), ""))
        if value is None:
            pen_up = True
            continue
        p = Point(x_of(i), y_of(value), str(year), format_number(value, decimals))
        points.append(p)
        commands.append(f"{'M' if pen_up else 'L'}{p.x},{p.y}")
        pen_up = False
    chart = LineChart(width, height, left, bottom, points, " ".join(commands), ticks)
    if target is not None and top > 0:
        chart.target_y = y_of(target)
        chart.target_text = format_number(target, decimals)
    return chart
