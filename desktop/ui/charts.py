"""The Review step's charts: what each chart shows (plain data), and how it is drawn (QtCharts).

What each chart shows is worked out, exactly and without Qt, in ``desktop.ui.chart_data``
(whose names this module also offers); this module draws it. Every amount comes from the finance
result; floats appear only as pixel positions handed to Qt. Axis labels use the short money form
("$1.2M"), hover tooltips the exact amount, so nothing on screen contradicts the PDF.

Colours alternate dark and light so neighbouring segments stay apart when printed in grey or seen
in a dark palette, and every series has a legend entry. QtCharts is imported only when a chart is
drawn, so opening the app does not pay for it.
"""

from __future__ import annotations

import html
import textwrap
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.finance.money import format_money, format_money_short
from desktop.ui.chart_data import (
    LINE_COLOUR,
    MARK_COLOUR,
    MAX_COST_SETS,
    MAX_RISK_ROWS,
    SERIES_COLOURS,
    ZERO,
    NetPosition,
    PairedBars,
    Series,
    StackedByYear,
    cost_by_year,
    funding_by_year,
    money_ticks,
    net_position,
    risk_exposure,
    scenario_comparison,
    sensitivity_swings,
    stack_extent,
)
from desktop.wording import fit_year_labels, in_a_list, quoted

# --------------------------------------------------------------------------------------------
# Drawing (QtCharts)
# --------------------------------------------------------------------------------------------


def _colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])


# The height a chart asks for (it takes more when the tab has room, never less than its minimum).
CHART_HEIGHT_HINT = 320
MINIMUM_CHART_HEIGHT = 260  # pixels at the usual font; never less than LINES_TALL lines of text
LINES_TALL = 18
# Characters on a line of a row label beside a bar chart (three lines at most).
ROW_LABEL_LINE = 20
# Characters on a line of a legend entry beside stacked bars.
LEGEND_LINE = 24


def _add_year_axis(chart: Any, categories: tuple[str, ...]) -> Any:
    """Put an axis of fiscal years under ``chart`` and return it, with a second axis below it
    that, on a plan too long for a label under every year, labels every second, third... year
    instead; ``_fit_years`` writes them as the room allows."""
    from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis

    years = QBarCategoryAxis()
    years.append(list(categories))
    years.setProperty("year_labels", list(categories))
    chart.addAxis(years, Qt.AlignmentFlag.AlignBottom)
    every_few = QCategoryAxis()
    every_few.setProperty("year_overlay", True)
    every_few.setRange(-0.5, len(categories) - 0.5)
    every_few.setStartValue(-0.5)
    every_few.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    every_few.setGridLineVisible(False)
    every_few.setLineVisible(False)
    every_few.setVisible(False)
    chart.addAxis(every_few, Qt.AlignmentFlag.AlignBottom)
    return years


def _fit_years(chart: Any) -> None:
    """The years under a chart written as its plot's width allows: "2027–28", "27–28", or
    every few years on a long plan, rather than "202…" under every bar (``fit_year_labels``).
    Qt gives each label of a bar axis its own year's width whatever its neighbours hold, so
    the thinned labels go on the axis below, each at its year."""
    width = chart.plotArea().width()
    axes = chart.axes(Qt.Orientation.Horizontal)
    years = next((axis for axis in axes if axis.property("year_labels")), None)
    every_few = next((axis for axis in axes if axis.property("year_overlay")), None)
    if years is None or every_few is None or width <= 0:
        return
    full = years.property("year_labels")
    measure = QFontMetricsF(years.labelsFont()).horizontalAdvance
    # Qt gives a label the plot's width over the number of years plus two, not one year's
    # width: measured against a whole year, "2027–28" was judged to fit at 14 points and Qt
    # then cut it to "2027–…" under every bar.
    room = width / (len(full) + 2)
    fitted, level = fit_year_labels(full, room, measure, thin=False)
    if level:
        if list(years.categories()) != fitted:
            years.setCategories(fitted)
        years.setLabelsVisible(True)
        every_few.setVisible(False)
        return
    thinned, _ = fit_year_labels(full, room, measure)
    wanted = [text for text in thinned if text]
    if list(every_few.categoriesLabels()) != wanted:
        for text in list(every_few.categoriesLabels()):
            every_few.remove(text)
        for index, text in enumerate(thinned):
            if text:
                every_few.append(text, float(index))
    years.setLabelsVisible(False)
    every_few.setVisible(True)


@cache
def _chart_view_class() -> type:
    """A chart view asking for a modest height: Qt's own hint is the whole scene's size, which
    made a scrolling tab scroll on a window with room for everything."""
    from PySide6.QtCharts import QChartView  # loaded with the first chart, not at start-up

    from desktop.ui.layouts import CopiesItsText, FocusOutlined

    class ChartView(CopiesItsText, FocusOutlined, QChartView):  # type: ignore[misc]
        """A Tab stop, outlined while focused: a screen reader reads its figures from its
        description, and Ctrl+C copies them (tabs of charts alone had no Tab stop at all)."""

        def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
            hint = super().sizeHint()
            return QSize(hint.width(), max(self.minimumHeight(), CHART_HEIGHT_HINT))

    return ChartView


def _in_words(
    categories: tuple[str, ...], sets: list[Series], currency: str, limit: int = 40
) -> str:
    """A chart's figures as text, row by row ("2027–28: Broadband $105,000.00, …"), for its
    accessible description: a screen reader cannot hover a bar for its tooltip."""
    rows = [
        f"{name}: "
        + ", ".join(f"{s.label} {format_money(s.values[index], currency)}" for s in sets)
        for index, name in enumerate(categories[:limit])
        if all(index < len(s.values) for s in sets)
    ]
    more = len(categories) - limit
    return ". ".join(rows) + (f". And {more} more." if more > 0 else ".")


def _view(
    chart: Any, palette: QPalette, parent: QWidget | None, accessible: str, described: str = ""
) -> QWidget:
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
    chart.setMargins(QMargins(4, 4, _right_margin(chart), 4))
    for axis in chart.axes():
        axis.setLabelsColor(palette.color(QPalette.ColorRole.Text))
        axis.setTitleBrush(palette.brush(QPalette.ColorRole.Text))
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
    if any(axis.property("year_labels") for axis in chart.axes(Qt.Orientation.Horizontal)):
        chart.plotAreaChanged.connect(lambda _area, chart=chart: _fit_years(chart))
    view = _chart_view_class()(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
    # Its title, axes and legend are text: at a large font a fixed height left the plot a
    # sliver and Qt cut every axis label to "…".
    view.setMinimumHeight(max(MINIMUM_CHART_HEIGHT, LINES_TALL * view.fontMetrics().lineSpacing()))
    view.setAccessibleName(accessible)
    view.setAccessibleDescription(described)
    # Reached with Tab (not by a click), read from its description, copied with Ctrl+C.
    view.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return view


def _right_margin(chart: Any) -> int:
    """Room on the right for the last label of an axis along the bottom, which Qt centres on
    the plot's edge: half of "$200k" in the chart's font (24 pixels cut it at a large font), or
    half of the last amount under a chart whose bottom axis is money ("CAD 200k", wider). The
    years under a bar chart sit inside their bars and need no more."""
    labels = ["$200k"]
    for axis in chart.axes(Qt.Orientation.Horizontal):
        if axis.property("money_axis") and axis.categoriesLabels():
            labels.append(axis.categoriesLabels()[-1])
    metrics = QFontMetrics(chart.font())
    return max(24, max(metrics.horizontalAdvance(label) for label in labels) // 2 + 6)


def _money_axis(low: Decimal, high: Decimal, currency: str, title: str = "") -> Any:
    from PySide6.QtCharts import QCategoryAxis

    ticks = money_ticks(low, high)
    axis = QCategoryAxis()
    axis.setProperty("money_axis", True)  # its last label may need room (``_right_margin``)
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
                QCursor.pos(),
                f"{quoted(names[index])} — {label}: {format_money(values[index], currency)}",
            )
        else:
            QToolTip.hideText()

    bar_set.hovered.connect(show)


def bar_outline(palette: QPalette) -> QColor:
    """The line around every bar: the chart's text colour, so that a pale fill (#8cc2ea on
    white measured 1.5:1, under the 3:1 a mark that carries meaning needs) still stands out
    from the background and from its neighbours by its edge."""
    return palette.color(QPalette.ColorRole.Text)


def _edge(series: Any, border: QColor) -> None:
    """Edge every bar of ``series`` in ``border``, once it is in its chart: adding it applies
    the chart's theme, which put its own white edge back over the one given before."""
    for bar_set in series.barSets():
        bar_set.setBorderColor(border)


def _bar_set(series: Series, index: int, names: tuple[str, ...], currency: str) -> Any:
    from PySide6.QtCharts import QBarSet

    bar_set = QBarSet(series.label)
    bar_set.append([float(v) for v in series.values])
    bar_set.setColor(_colour(index))
    label = series.label
    if len(series.holds) > 2:
        label += f" ({in_a_list(list(series.holds))})"
    _hover(bar_set, label, series.values, names, currency)
    return bar_set


def stacked_chart(
    data: StackedByYear, currency: str, palette: QPalette, parent: QWidget | None = None
) -> QWidget:
    """Stacked bars per year (cost by category, or funding by kind with the cost as a line)."""
    from PySide6.QtCharts import QChart, QLineSeries, QStackedBarSeries

    chart = QChart()
    chart.setTitle(data.title)
    bars = QStackedBarSeries()
    for index, series in enumerate(data.sets):
        bars.append(_bar_set(series, index, data.categories, currency))
    chart.addSeries(bars)
    _edge(bars, bar_outline(palette))
    low, high = stack_extent(data)
    values = _money_axis(low, high, currency)
    years = _add_year_axis(chart, data.categories)
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
    # Beside the bars Qt gives the legend a share of the chart's width, and at a large font it
    # cut "Maintenance and operations" to "Maintenance and oper…": long names take two lines.
    for marker in chart.legend().markers():
        parts = textwrap.wrap(marker.label(), LEGEND_LINE, break_on_hyphens=False)
        marker.setLabel("<br>".join(html.escape(part) for part in parts))
    lines = list(data.sets) + ([data.line] if data.line is not None else [])
    described = _in_words(data.categories, lines, currency)
    return _view(chart, palette, parent, data.title, described)


def net_position_chart(
    data: NetPosition, currency: str, palette: QPalette, parent: QWidget | None = None
) -> QWidget:
    """Yearly net as bars, the running total as a line, and the payback year marked."""
    from PySide6.QtCharts import (
        QBarSeries,
        QChart,
        QLineSeries,
        QScatterSeries,
    )

    chart = QChart()
    # Two lines: on one, a narrow window cut the payback off ("Does not pay back within the…").
    chart.setTitle(f"{html.escape(data.title)}<br>{html.escape(data.payback_text)}")
    # Light bars with a dark line on a light background, and the reverse on a dark one.
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    bar_index, line_index = (0, 1) if dark else (1, 0)
    bars = QBarSeries()
    net = Series("Net for the year", data.net_by_year)
    bars.append(_bar_set(net, bar_index, data.categories, currency))
    chart.addSeries(bars)
    _edge(bars, bar_outline(palette))
    everything = data.net_by_year + data.cumulative_by_year
    values = _money_axis(min(everything, default=ZERO), max(everything, default=ZERO), currency)
    years = _add_year_axis(chart, data.categories)
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
    described = _in_words(
        data.categories, [net, Series("running total", data.cumulative_by_year)], currency
    )
    return _view(chart, palette, parent, data.title, f"{data.payback_text}. {described}")


def paired_bars_chart(
    data: PairedBars,
    currency: str,
    palette: QPalette,
    parent: QWidget | None = None,
    *,
    stacked: bool = False,
    tornado: bool = False,
) -> QWidget:
    """Horizontal bars, two per row: grouped (risk before/after) or stacked around zero
    (a tornado of NPV changes). ``tornado`` draws the second series dark, as the PDF does,
    stacked or not (grouped, when a driver moves the NPV the same way both ways: stacked,
    its two bars would add up to a move neither makes)."""
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
    # In the tornado, "raised" is the dark bar as in the PDF's Figure 5 ("lowered" the other).
    first_colour, second_colour = (2, 0) if stacked or tornado else (0, 1)
    series.append(_bar_set(first, first_colour, labels, currency))
    series.append(_bar_set(second, second_colour, labels, currency))
    chart.addSeries(series)
    _edge(series, bar_outline(palette))
    rows = QBarCategoryAxis()
    shown_rows = _unique_labels(labels) or [""]
    rows.append(shown_rows)
    everything = first.values + second.values
    values = _money_axis(
        min(everything, default=ZERO), max(everything, default=ZERO), currency, data.axis_title
    )
    chart.addAxis(rows, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(rows)
    series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    described = _in_words(data.labels, [data.first, data.second], currency)
    view = _view(chart, palette, parent, data.title, described)
    # Each row needs its lines of text, or Qt shortens its label to one line and "…"; the
    # page scrolls instead. Qt gives a row the plot's height over the rows plus two.
    lines = max((label.count("<br>") + 1 for label in shown_rows), default=1)
    row_height = view.fontMetrics().height() * lines + 12
    view.setMinimumHeight(max(view.minimumHeight(), 150 + row_height * (len(labels) + 2)))
    return view


def _unique_labels(labels: tuple[str, ...], limit: int = 60) -> list[str]:
    """Shortened, distinct row labels on up to three lines: long risk titles would squeeze the
    bars to nothing (the tooltip keeps the full title), Qt gives the row labels about a third
    of the chart and cut one line to "Class time lost to devic…", and the category axis
    silently drops a repeated label. Qt reads a label as markup, so a title's "<" and "&" are
    escaped to show as typed."""
    shown: list[str] = []
    for label in labels:
        short = label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
        lines = textwrap.wrap(
            short, ROW_LABEL_LINE, max_lines=3, placeholder=" …", break_on_hyphens=False
        ) or [""]
        wrapped = "<br>".join(html.escape(line) for line in lines)
        candidate, number = wrapped, 2
        while candidate in shown:
            candidate, number = f"{wrapped} ({number})", number + 1
        shown.append(candidate)
    return shown


__all__ = [
    "ZERO",
    "MAX_COST_SETS",
    "MAX_RISK_ROWS",
    "SERIES_COLOURS",
    "LINE_COLOUR",
    "MARK_COLOUR",
    "Series",
    "StackedByYear",
    "NetPosition",
    "PairedBars",
    "cost_by_year",
    "net_position",
    "funding_by_year",
    "risk_exposure",
    "scenario_comparison",
    "sensitivity_swings",
    "money_ticks",
    "stack_extent",
    "net_position_chart",
    "paired_bars_chart",
    "stacked_chart",
]
