"""The Review step's charts: what each chart shows (plain data), and how it is drawn (QtCharts).

The first half is pure: functions that turn a ``ProposalResult`` into the values and labels of a
chart, exactly (``Decimal``), so tests can check a chart's figures without drawing it. The second
half draws them. Every amount comes from the finance result; floats appear only as pixel
positions handed to Qt. Axis labels use the short money form ("$1.2M"), hover tooltips the exact
amount, so nothing on screen contradicts the PDF.

Colours alternate dark and light so neighbouring segments stay apart when printed in grey or seen
in a dark palette, and every series has a legend entry. QtCharts is imported only when a chart is
drawn, so opening the app does not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.finance.money import format_money, format_money_short, format_percent
from desktop.vocabulary import FundingKind

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult, ScenarioResult

ZERO = Decimal(0)
MAX_COST_SETS = 6  # more stacked segments than this cannot be told apart, in colour or grey
MAX_RISK_ROWS = 12  # more bars than this in one chart become slivers

# Dark, light, dark, light...: neighbours differ in lightness, not only in hue.
SERIES_COLOURS: tuple[str, ...] = (
    "#1f5f99",
    "#8cc2ea",
    "#b35900",
    "#f5b971",
    "#3b7d23",
    "#b5dba1",
    "#6a4c9c",
    "#d9b3d0",
)
LINE_COLOUR = "#c0392b"
MARK_COLOUR = "#2e7d32"


# --------------------------------------------------------------------------------------------
# What the charts show (pure)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class StackedByYear:
    """Bars per plan year, stacked by ``sets``; ``line`` is an optional total drawn over them."""

    title: str
    categories: tuple[str, ...]  # fiscal-year labels, one per plan year
    sets: tuple[Series, ...]
    line: Series | None = None

    def totals(self) -> tuple[Decimal, ...]:
        return tuple(
            sum(column, ZERO) for column in zip(*(s.values for s in self.sets), strict=True)
        )


@dataclass(frozen=True, slots=True)
class NetPosition:
    title: str
    categories: tuple[str, ...]
    net_by_year: tuple[Decimal, ...]
    cumulative_by_year: tuple[Decimal, ...]
    payback_index: int | None  # 0-based plan year where the running total turns non-negative
    payback_text: str


@dataclass(frozen=True, slots=True)
class PairedBars:
    """Two values per labelled row (risk before/after mitigation; NPV at −step/+step)."""

    title: str
    labels: tuple[str, ...]  # top row first
    first: Series
    second: Series
    axis_title: str


def cost_by_year(result: ProposalResult, scenario: ScenarioResult | None = None) -> StackedByYear:
    """Cost per plan year stacked by category; the smallest categories share one segment so the
    chart stays readable. Each year's stack adds up exactly to the scenario's TCO for that year."""
    chosen = scenario or result.base
    lines = [(c.category.label, c.line) for c in chosen.tco.by_category]
    if len(lines) > MAX_COST_SETS:
        ranked = sorted(lines, key=lambda pair: pair[1].total, reverse=True)
        kept = {label for label, _ in ranked[: MAX_COST_SETS - 1]}
        rest = [line for label, line in lines if label not in kept]
        merged = tuple(
            sum(column, ZERO) for column in zip(*(line.by_year for line in rest), strict=True)
        )
        sets = [Series(label, line.by_year) for label, line in lines if label in kept]
        sets.append(Series(f"Other categories ({len(rest)})", merged))
    else:
        sets = [Series(label, line.by_year) for label, line in lines]
    if not sets:
        sets = [Series("No costs yet", tuple(ZERO for _ in result.years))]
    return StackedByYear("Cost by year", result.fiscal_year_labels, tuple(sets))


def net_position(result: ProposalResult) -> NetPosition:
    """Benefits minus costs each year, and the running total that shows when the plan pays back."""
    returns = result.base.returns
    index = None if returns.payback_year is None else returns.payback_year - 1
    if index is None:
        text = "Does not pay back within the plan"
    else:
        text = f"Pays back in year {returns.payback_year} ({result.fiscal_year_labels[index]})"
    return NetPosition(
        "Net position: benefits minus costs",
        result.fiscal_year_labels,
        returns.net_by_year,
        returns.cumulative_by_year,
        index,
        text,
    )


def funding_by_year(result: ProposalResult) -> StackedByYear:
    """Funding per plan year stacked by kind of source, with the year's cost as a line."""
    funding = result.base.funding
    sets = []
    for kind in FundingKind:
        sources = [s for s in funding.sources if s.kind is kind]
        if not sources:
            continue
        values = tuple(
            sum(column, ZERO) for column in zip(*(s.by_year for s in sources), strict=True)
        )
        if any(values):
            sets.append(Series(kind.label, values))
    if not sets:
        sets = [Series("No funding entered yet", tuple(ZERO for _ in result.years))]
    cost = Series("Cost", result.base.tco.by_year)
    return StackedByYear(
        "Funding by source against cost", result.fiscal_year_labels, tuple(sets), cost
    )


def risk_exposure(result: ProposalResult, limit: int = MAX_RISK_ROWS) -> PairedBars:
    """Each risk's expected yearly loss without and with mitigation, largest exposure first;
    beyond ``limit`` rows the bars get too thin to read, so only the largest are drawn."""
    everything = result.base.benefits.risks
    risks = sorted(everything, key=lambda risk: risk.expected_loss_before, reverse=True)[:limit]
    title = "Expected loss per year, per risk"
    if len(everything) > len(risks):
        title += f" (the {len(risks)} largest of {len(everything)})"
    return PairedBars(
        title,
        tuple(risk.title for risk in risks),
        Series("Without mitigation", tuple(r.expected_loss_before for r in risks)),
        Series("With mitigation", tuple(r.expected_loss_after for r in risks)),
        "Expected loss per year",
    )


def scenario_comparison(result: ProposalResult) -> PairedBars:
    """Total cost and net present value of each scenario, the proposal on top."""
    scenarios = result.scenarios
    return PairedBars(
        "Scenarios compared",
        tuple(s.name for s in scenarios),
        Series("Total cost of ownership", tuple(s.tco.total for s in scenarios)),
        Series("Net present value", tuple(s.returns.npv for s in scenarios)),
        "Over the plan's years",
    )


def sensitivity_swings(result: ProposalResult) -> PairedBars:
    """Tornado bars: how far NPV moves from the proposal's NPV when one driver is lowered or
    raised by the step; the driver that moves it most is on top."""
    sensitivity = result.sensitivity
    step = format_percent(sensitivity.step)
    lines = sensitivity.lines
    return PairedBars(
        "What moves the net present value most",
        tuple(line.label for line in lines),
        Series(
            f"Driver lowered {step}", tuple(x.npv_low_input - sensitivity.base_npv for x in lines)
        ),
        Series(
            f"Driver raised {step}", tuple(x.npv_high_input - sensitivity.base_npv for x in lines)
        ),
        "Change in net present value",
    )


_NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def money_ticks(low: Decimal, high: Decimal, count: int = 5) -> tuple[Decimal, ...]:
    """Round axis ticks covering ``low``..``high`` (always including zero), about ``count``
    intervals: 0, 250k, 500k... so the short labels read cleanly."""
    low, high = min(low, ZERO), max(high, ZERO)
    if low == high:
        high = low + Decimal(1000)
    raw = (high - low) / count
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(s * magnitude for s in _NICE_STEPS if s * magnitude >= raw)
    first = (low / step).to_integral_value(ROUND_FLOOR) * step
    last = (high / step).to_integral_value(ROUND_CEILING) * step
    ticks = []
    value = first
    while value <= last:
        ticks.append(value)
        value += step
    return tuple(ticks)


def stack_extent(chart: StackedByYear) -> tuple[Decimal, Decimal]:
    """Lowest and highest point any stack or the line reaches."""
    columns = list(zip(*(s.values for s in chart.sets), strict=True))
    lows = [sum((v for v in column if v < 0), ZERO) for column in columns]
    highs = [sum((v for v in column if v > 0), ZERO) for column in columns]
    if chart.line is not None:
        lows += list(chart.line.values)
        highs += list(chart.line.values)
    return min(lows, default=ZERO), max(highs, default=ZERO)


# --------------------------------------------------------------------------------------------
# Drawing (QtCharts)
# --------------------------------------------------------------------------------------------


def _colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])


def _view(chart: Any, palette: QPalette, parent: QWidget | None, accessible: str) -> QWidget:
    from PySide6.QtCharts import QChartView

    chart.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
    # Square and edge to edge: Qt's rounded default leaves a band of another grey around the
    # chart, which shows as a frame in a dark theme.
    chart.setBackgroundRoundness(0)
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setTitleBrush(palette.brush(QPalette.ColorRole.Text))
    title_font = chart.titleFont()
    title_font.setBold(True)
    title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
    chart.setTitleFont(title_font)
    chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))
    # The right margin leaves room for the last axis label, which Qt centres on the edge.
    chart.setMargins(QMargins(4, 4, 24, 4))
    for axis in chart.axes():
        axis.setLabelsColor(palette.color(QPalette.ColorRole.Text))
        axis.setTitleBrush(palette.brush(QPalette.ColorRole.Text))
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
    view.setMinimumHeight(260)
    view.setAccessibleName(accessible)
    return view


def _money_axis(low: Decimal, high: Decimal, currency: str, title: str = "") -> Any:
    from PySide6.QtCharts import QCategoryAxis

    ticks = money_ticks(low, high)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(float(ticks[0]), float(ticks[-1]))
    axis.setStartValue(float(ticks[0]))
    for tick in ticks:
        axis.append(format_money_short(tick, currency), float(tick))
    if title:
        axis.setTitleText(title)
    return axis


def _hover(
    bar_set: Any, label: str, values: tuple[Decimal, ...], names: tuple[str, ...], currency: str
) -> None:
    def show(status: bool, index: int) -> None:
        if status and 0 <= index < len(values):
            QToolTip.showText(
                QCursor.pos(), f"{names[index]} — {label}: {format_money(values[index], currency)}"
            )
        else:
            QToolTip.hideText()

    bar_set.hovered.connect(show)


def _bar_set(
    series: Series, index: int, border: QColor, names: tuple[str, ...], currency: str
) -> Any:
    from PySide6.QtCharts import QBarSet

    bar_set = QBarSet(series.label)
    bar_set.append([float(v) for v in series.values])
    bar_set.setColor(_colour(index))
    bar_set.setBorderColor(border)
    _hover(bar_set, series.label, series.values, names, currency)
    return bar_set


def stacked_chart(
    data: StackedByYear, currency: str, palette: QPalette, parent: QWidget | None = None
) -> QWidget:
    """Stacked bars per year (cost by category, or funding by kind with the cost as a line)."""
    from PySide6.QtCharts import QBarCategoryAxis, QChart, QLineSeries, QStackedBarSeries

    chart = QChart()
    chart.setTitle(data.title)
    border = palette.color(QPalette.ColorRole.Base)
    bars = QStackedBarSeries()
    for index, series in enumerate(data.sets):
        bars.append(_bar_set(series, index, border, data.categories, currency))
    chart.addSeries(bars)
    years = QBarCategoryAxis()
    years.append(list(data.categories))
    low, high = stack_extent(data)
    values = _money_axis(low, high, currency)
    chart.addAxis(years, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(years)
    bars.attachAxis(values)
    if data.line is not None:
        line = QLineSeries()
        line.setName(data.line.label)
        for index, value in enumerate(data.line.values):
            line.append(float(index), float(value))
        pen = QPen(QColor(LINE_COLOUR), 3)
        pen.setStyle(Qt.PenStyle.DashLine)  # a dashed line still reads as "the cost" in grey
        line.setPen(pen)
        line.setPointsVisible(True)
        chart.addSeries(line)
        line.attachAxis(years)
        line.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    # Legend top to bottom in the order the segments stack, so each entry sits beside its band.
    chart.legend().setReverseMarkers(True)
    return _view(chart, palette, parent, data.title)


def net_position_chart(
    data: NetPosition, currency: str, palette: QPalette, parent: QWidget | None = None
) -> QWidget:
    """Yearly net as bars, the running total as a line, and the payback year marked."""
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QChart,
        QLineSeries,
        QScatterSeries,
    )

    chart = QChart()
    chart.setTitle(f"{data.title} — {data.payback_text}")
    # Light bars with a dark line on a light background, and the reverse on a dark one.
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    bar_index, line_index = (0, 1) if dark else (1, 0)
    bars = QBarSeries()
    net = Series("Net for the year", data.net_by_year)
    base = palette.color(QPalette.ColorRole.Base)
    bars.append(_bar_set(net, bar_index, base, data.categories, currency))
    chart.addSeries(bars)
    years = QBarCategoryAxis()
    years.append(list(data.categories))
    everything = data.net_by_year + data.cumulative_by_year
    values = _money_axis(min(everything, default=ZERO), max(everything, default=ZERO), currency)
    chart.addAxis(years, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(years)
    bars.attachAxis(values)
    running = QLineSeries()
    running.setName("Running total")
    for index, value in enumerate(data.cumulative_by_year):
        running.append(float(index), float(value))
    running.setPen(QPen(_colour(line_index), 3))
    running.setPointsVisible(True)
    chart.addSeries(running)
    running.attachAxis(years)
    running.attachAxis(values)
    if data.payback_index is not None:
        mark = QScatterSeries()
        mark.setName("Pays back")
        mark.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        mark.setMarkerSize(14)
        mark.setColor(QColor(MARK_COLOUR))
        mark.setBorderColor(palette.color(QPalette.ColorRole.Text))
        mark.append(float(data.payback_index), float(data.cumulative_by_year[data.payback_index]))
        mark.setPointLabelsVisible(True)
        mark.setPointLabelsFormat("Pays back")
        mark.setPointLabelsColor(palette.color(QPalette.ColorRole.Text))
        chart.addSeries(mark)
        mark.attachAxis(years)
        mark.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return _view(chart, palette, parent, data.title)


def paired_bars_chart(
    data: PairedBars,
    currency: str,
    palette: QPalette,
    parent: QWidget | None = None,
    *,
    stacked: bool = False,
) -> QWidget:
    """Horizontal bars, two per row: grouped (risk before/after) or stacked around zero
    (a tornado of NPV changes)."""
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QChart,
        QHorizontalBarSeries,
        QHorizontalStackedBarSeries,
    )

    chart = QChart()
    chart.setTitle(data.title)
    # Qt draws the first category at the bottom; reverse so the top row is the largest.
    labels = tuple(reversed(data.labels))
    first = Series(data.first.label, tuple(reversed(data.first.values)))
    second = Series(data.second.label, tuple(reversed(data.second.values)))
    series = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    border = palette.color(QPalette.ColorRole.Base)
    series.append(_bar_set(first, 0, border, labels, currency))
    series.append(_bar_set(second, 1 if not stacked else 2, border, labels, currency))
    chart.addSeries(series)
    rows = QBarCategoryAxis()
    rows.append(_unique_labels(labels) or [""])
    everything = first.values + second.values
    values = _money_axis(
        min(everything, default=ZERO), max(everything, default=ZERO), currency, data.axis_title
    )
    chart.addAxis(rows, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(rows)
    series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = _view(chart, palette, parent, data.title)
    # Each row needs a line of text, or Qt shortens its label to "…"; the page scrolls instead.
    row_height = view.fontMetrics().height() + 8
    view.setMinimumHeight(max(view.minimumHeight(), 150 + row_height * len(labels)))
    return view


def _unique_labels(labels: tuple[str, ...], limit: int = 44) -> list[str]:
    """Shortened, distinct row labels: long risk titles would squeeze the bars to nothing (the
    tooltip keeps the full title), and the category axis silently drops a repeated label."""
    shown: list[str] = []
    for label in labels:
        short = label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
        candidate, number = short, 2
        while candidate in shown:
            candidate, number = f"{short} ({number})", number + 1
        shown.append(candidate)
    return shown
