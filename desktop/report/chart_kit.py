"""Small drawing helpers the charts share: tick steps that read well, a value axis with light
grid lines, diagonal hatching so a series is recognisable in black and white, legends, labels
that can carry user text in any script the fonts cover, and the geometry that finds a figure a
place off the line it labels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.finance.money import format_money_short
from desktop.report.fonts import SANS, Coverage
from desktop.report.styles import PALETTE, color
from desktop.report.text import fit, placed_runs, two_lines

LABEL_SIZE = 7.0


def nice_ticks(
    low: float, high: float, count: int = 5, *, include_zero: bool = True
) -> list[float]:
    """Round tick values covering ``low``..``high`` (including zero unless told not to)."""
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0, 1.0]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 6))
        value += step
    return ticks


def tick_figures(ticks: Sequence[float], currency: str) -> int:
    """The fewest significant figures (three or more) at which every tick's short label reads
    its exact value: ticks 25 million apart near 1.5 billion need "−$1.525B", not "−$1.53B"."""
    exact = [format_money_short(Decimal(str(tick)), currency, figures=12) for tick in ticks]
    for figures in range(3, 12):
        shown = [
            format_money_short(Decimal(str(tick)), currency, figures=figures) for tick in ticks
        ]
        if shown == exact:
            return figures
    return 12


@dataclass(frozen=True, slots=True)
class ValueScale:
    """Maps money (as float, for geometry only) to a coordinate along one axis."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def label(
    x: float,
    y: float,
    text: str,
    coverage: Coverage,
    *,
    size: float = LABEL_SIZE,
    anchor: str = "start",
    font: str = SANS,
    fill: str = PALETTE.ink,
) -> Group:
    """A label drawn run by run, so a goal or risk title in Greek or Chinese prints correctly."""
    group = Group()
    for start, piece_font, piece in placed_runs(
        text, x, font=font, size=size, coverage=coverage, anchor=anchor
    ):
        group.add(
            String(start, y, piece, fontName=piece_font, fontSize=size, fillColor=color(fill))
        )
    return group


def fitted_label(
    x: float, y: float, text: str, available: float, coverage: Coverage, **options: Any
) -> Group:
    size = options.get("size", LABEL_SIZE)
    return label(x, y, fit(text, size, available, coverage), coverage, **options)


def two_line_label(
    x: float, y: float, text: str, available: float, coverage: Coverage, **options: Any
) -> Group:
    """A label on one line at ``y``, or on two centred on it when it is too wide for one."""
    size = options.get("size", LABEL_SIZE)
    lines = two_lines(text, size, available, coverage)
    top = y if len(lines) == 1 else y + size * 0.6
    group = Group()
    for index, line in enumerate(lines):
        group.add(label(x, top - index * size * 1.15, line, coverage, **options))
    return group


# The lighter of two series side by side (benefit beside cost, a risk after mitigation beside
# before, a driver lowered beside raised): a mid grey, hatched. The light grey it replaced, under
# white hatching, all but vanished in print.
HATCHED_SERIES = PALETTE.series[1]


def hatch(x: float, y: float, width: float, height: float, *, spacing: float = 3.5) -> Group:
    """45° white lines clipped to the rectangle: a second visual channel besides grey level."""
    group = Group()
    if width <= 0 or height <= 0:
        return group
    offset = -height
    while offset < width:
        # The line y' = (x' - offset) inside the box, clipped at its four sides.
        x0, y0 = offset, 0.0
        if x0 < 0:
            x0, y0 = 0.0, -offset
        x1, y1 = offset + height, height
        if x1 > width:
            x1, y1 = width, width - offset
        if y0 < height and x0 < width and x1 > x0:
            group.add(
                Line(x + x0, y + y0, x + x1, y + y1, strokeColor=color("#FFFFFF"), strokeWidth=0.7)
            )
        offset += spacing
    return group


def bar(
    x: float, y: float, width: float, height: float, fill: str, *, hatched: bool = False
) -> Group:
    """A filled bar (negative widths and heights allowed: it then runs left or down from
    ``x``, ``y``), optionally hatched."""
    if width < 0:
        x, width = x + width, -width
    if height < 0:
        y, height = y + height, -height
    group = Group(Rect(x, y, width, height, fillColor=color(fill), strokeColor=None))
    if hatched:
        group.add(hatch(x, y, width, height))
    return group


VALUE_SIZE = 6.5  # the figures printed at the ends of bars


def bar_value(x: float, y: float, text: str, *, anchor: str = "start") -> Group:
    """A figure at the end of a bar, on a white backing so a grid line under it does not run
    through its digits."""
    width = stringWidth(text, SANS, VALUE_SIZE)
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return Group(
        Rect(left - 1, y - 1.8, width + 2, VALUE_SIZE + 1.6, fillColor=color("#FFFFFF"),
             strokeColor=None),
        String(x, y, text, fontName=SANS, fontSize=VALUE_SIZE, textAnchor=anchor,
               fillColor=color(PALETTE.ink)),
    )  # fmt: skip


def value_axis(
    drawing: Drawing,
    scale: ValueScale,
    ticks: Sequence[float],
    *,
    left: float,
    right: float,
    formatter: Callable[[float], str],
) -> None:
    """Horizontal grid lines with their values at the left, and a darker line at zero."""
    for tick in ticks:
        y = scale(tick)
        stroke = PALETTE.rule_strong if tick == 0 else "#D9D9D9"
        drawing.add(
            Line(
                left, y, right, y, strokeColor=color(stroke), strokeWidth=0.7 if tick == 0 else 0.4
            )
        )
        drawing.add(
            String(
                left - 4,
                y - 2.5,
                formatter(tick),
                fontName=SANS,
                fontSize=LABEL_SIZE,
                fillColor=color(PALETTE.muted),
                textAnchor="end",
            )
        )


@dataclass(frozen=True, slots=True)
class LegendEntry:
    text: str
    fill: str
    hatched: bool = False
    line: bool = False


def legend(
    drawing: Drawing,
    entries: Sequence[LegendEntry],
    *,
    x: float,
    y: float,
    width: float,
    coverage: Coverage,
) -> float:
    """Entries laid out left to right, wrapping to new rows, the last row at ``y``; returns the
    height used."""
    row_height = 11.0
    placed: list[tuple[int, float, str, LegendEntry]] = []
    row, cursor_x = 0, x
    for entry in entries:
        text = fit(entry.text, LABEL_SIZE, width * 0.6, coverage)
        needed = 14 + stringWidth(text, SANS, LABEL_SIZE) + 12
        if cursor_x + needed > x + width and cursor_x > x:
            row, cursor_x = row + 1, x
        placed.append((row, cursor_x, text, entry))
        cursor_x += needed
    rows = row + 1
    for row, left, text, entry in placed:
        top = y + (rows - 1 - row) * row_height
        if entry.line:
            drawing.add(
                Line(
                    left,
                    top + 3,
                    left + 10,
                    top + 3,
                    strokeColor=color(entry.fill),
                    strokeWidth=1.6,
                )
            )
        else:
            drawing.add(bar(left, top - 0.5, 10, 7, entry.fill, hatched=entry.hatched))
        drawing.add(label(left + 14, top, text, coverage))
    return rows * row_height


Segment = tuple[float, float, float, float]  # x1, y1, x2, y2


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a chart, in points: where a label goes, or what it must keep off."""

    left: float
    bottom: float
    right: float
    top: float

    def grown(self, margin: float) -> Box:
        return Box(self.left - margin, self.bottom - margin, self.right + margin, self.top + margin)

    def inside(self, other: Box) -> bool:
        return (
            other.left <= self.left
            and other.bottom <= self.bottom
            and self.right <= other.right
            and self.top <= other.top
        )

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )

    def crossed_by(self, segment: Segment) -> bool:
        """Whether the segment passes through the box (clipped to it, Liang–Barsky)."""
        x1, y1, x2, y2 = segment
        dx, dy = x2 - x1, y2 - y1
        enter, leave = 0.0, 1.0
        for step, room in (
            (-dx, x1 - self.left),
            (dx, self.right - x1),
            (-dy, y1 - self.bottom),
            (dy, self.top - y1),
        ):
            if step == 0:
                if room < 0:
                    return False
                continue
            share = room / step
            if step < 0:
                enter = max(enter, share)
            else:
                leave = min(leave, share)
        return enter <= leave


def clear_spot(
    candidates: Sequence[Box],
    *,
    within: Box,
    lines: Sequence[Segment],
    taken: Sequence[Box],
    margin: float = 1.5,
) -> Box | None:
    """The first candidate inside ``within`` that keeps ``margin`` points off every line (from
    its middle: a 1.6 pt line leaves 0.7 pt clear) and overlaps no box taken, or None. A
    candidate reaching past a side of ``within`` is moved back inside it first: a figure
    centred on the first year of a long plan reached into the axis's figures."""
    for candidate in candidates:
        nudge = max(within.left - candidate.left, 0.0) - max(candidate.right - within.right, 0.0)
        box = Box(candidate.left + nudge, candidate.bottom, candidate.right + nudge, candidate.top)
        if not box.inside(within):
            continue
        near = box.grown(margin)
        if any(near.crossed_by(line) for line in lines):
            continue
        if any(box.overlaps(other) for other in taken):
            continue
        return box
    return None


def spots_around(x: float, y: float, width: float, *, below: bool, rising: bool) -> list[Box]:
    """Where the figure of a point on a line (a box ``width`` wide, 9 high) may go, nearest
    and likeliest first: under the point when ``below`` (a figure under zero: over it, the
    figure sat on the zero line) and over it otherwise, then on the other side; centred on the
    point, else beside it on the side the line leaves free (under and to the right of a point
    the line rises through), a little further off each time round, and level with the point
    after the nearest. Centred, a figure sat on the line wherever it rose or fell steeply."""
    spots = []
    centre, right, left = x - width / 2, x + 2, x - 2 - width
    for gap in (3.5, 7.0, 11.0):
        for under in (below, not below):
            low = y - gap - 9 if under else y + gap
            # Under a rising line its right is free, over it its left.
            sides = (right, left) if rising == under else (left, right)
            spots += [Box(start, low, start + width, low + 9) for start in (centre, *sides)]
        if gap == 3.5:
            # Level with the point, beside it: room left by a line too steep to pass under.
            spots += [
                Box(start, y - 4.5, start + width, y + 4.5) for start in (x + 4, x - 4 - width)
            ]
    return spots
