"""Geometry of the server-drawn SVG charts (the templates draw them; each has a table beside it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 170
PLOT_WIDTH = 330
CHART_WIDTH = LABEL_WIDTH + PLOT_WIDTH + 100


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: int  # in SVG units, 0..PLOT_WIDTH


@dataclass(frozen=True, slots=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    width: int = CHART_WIDTH


def bar_chart(rows: Sequence[tuple[str, Decimal | int, str]]) -> BarChart:
    """Horizontal bars for (label, value, value as shown), scaled to the largest value."""
    largest = max((Decimal(value) for _label, value, _text in rows), default=Decimal(0))
    bars = []
    for position, (label, value, text) in enumerate(rows):
        width = int(Decimal(value) * PLOT_WIDTH / largest) if largest > 0 else 0
        y = position * (BAR_HEIGHT + BAR_GAP)
        bars.append(Bar(label[:28], text, y, max(width, 1 if value else 0)))
    return BarChart(bars, max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT))


@dataclass(frozen=True, slots=True)
class LineChart:
    points: str  # "x,y x,y ..." for a polyline
    dots: list[tuple[int, int, str, str]]  # x, y, label, value shown
    baseline_y: int | None  # where the value 100 lies, if inside the chart
    width: int = 600
    height: int = 220


def line_chart(rows: Sequence[tuple[str, Decimal | None, str]], reference: Decimal) -> LineChart:
    """A line through (label, value) points; months without a value are left out."""
    width, height, margin = 600, 220, 30
    values = [value for _label, value, _text in rows if value is not None] + [reference]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = (width - 2 * margin) / max(len(rows) - 1, 1)

    def y_of(value: Decimal) -> int:
        return int(height - margin - (value - low) * (height - 2 * margin) / span)

    dots = [
        (int(margin + index * step), y_of(value), label, text)
        for index, (label, value, text) in enumerate(rows)
        if value is not None
    ]
    return LineChart(
        points=" ".join(f"{x},{y}" for x, y, _label, _text in dots),
        dots=dots,
        baseline_y=y_of(reference),
    )
