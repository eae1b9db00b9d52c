"""The report's year-by-year vector charts (reportlab.graphics): cost by year stacked by category,
costs and benefits with the cumulative net position, and the funding mix against cost. The ranked
charts (risk exposure, sensitivity tornado) are in ``desktop.report.charts_ranked``.

Each chart reads only the finance result; figures on the charts are formatted with
``format_money_short`` from the same Decimal amounts the tables show. Series are told apart by
grey level and hatching and are labelled directly, so the charts read in black and white.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.finance.money import format_money, format_money_short, format_percent, safe_ratio
from desktop.finance.result import CategoryCost, ProposalResult, ScenarioResult
from desktop.report.chart_kit import (
    HATCHED_SERIES,
    LABEL_SIZE,
    Box,
    LegendEntry,
    ValueScale,
    bar,
    clear_spot,
    label,
    legend,
    nice_ticks,
    spots_around,
    tick_figures,
    value_axis,
)
from desktop.report.fonts import SANS, SANS_BOLD, Coverage
from desktop.report.styles import PALETTE, color
from desktop.vocabulary import FundingKind
from desktop.wording import fit_year_labels, in_a_list

MAX_STACKED_SERIES = 5  # more than this many grey levels cannot be told apart in print
AXIS_WIDTH = 44.0


def short_money(
    amount: Decimal | float, currency: str, *, figures: int = 3, trim: bool = True
) -> str:
    """An axis tick ("$1.5M"), or with ``trim=False`` a figure on a bar, which keeps its places
    so the figures of one chart line up ("$1.50M" beside "$1.47M")."""
    return format_money_short(Decimal(str(amount)), currency, figures=figures, trim=trim)


def _series_style(index: int) -> tuple[str, bool]:
    shades = PALETTE.series
    return shades[index % len(shades)], index % 2 == 1


def folded_categories(result: ProposalResult) -> tuple[list[CategoryCost], list[CategoryCost]]:
    """The cost categories Figure 1 draws one by one, largest first, and those it folds into
    one "N more categories" band (none when all fit)."""
    # A category that costs nothing draws nothing: it is neither a band nor folded into one.
    costed = [c for c in result.base.tco.by_category if c.line.total]
    lines = sorted(costed, key=lambda c: c.line.total, reverse=True)
    if len(lines) <= MAX_STACKED_SERIES:
        return lines, []
    return lines[: MAX_STACKED_SERIES - 1], lines[MAX_STACKED_SERIES - 1 :]


def folded_note(result: ProposalResult, table: int) -> str:
    """What the cost chart's "N more categories" band holds, for its caption ("" when nothing
    is folded): the band can be the largest of a year's stack, and a CFO asks what is in it.
    ``table`` is the number of the table that gives each category's cost."""
    _shown, rest = folded_categories(result)
    if not rest:
        return ""
    names = [c.category.label for c in rest]
    # Names with "and" in them ("Hardware and devices") read as two in a list joined by commas.
    joined = "; " if any(" and " in name for name in names) else ", "
    if len(names) == 2 and joined == ", ":
        listed = " and ".join(names)
    else:
        listed = joined.join(names[:-1]) + joined.rstrip() + " and " + names[-1]
    band = f"\u201c{len(rest)} more categories\u201d"
    total = sum((c.line.total for c in rest), Decimal(0))
    share = safe_ratio(total, result.base.tco.total)
    shown_share = (
        "under 1%"
        if share is not None and share < Decimal("0.005")
        else (format_percent(share) if share is not None else "")
    )
    size = format_money(total, result.currency) + (
        f", {shown_share} of the total" if shown_share else ""
    )
    return f"The band {band} ({size}) holds {listed} (Table {table} gives each)."


def cost_by_year(
    result: ProposalResult, width: float, coverage: Coverage, *, height: float = 200
) -> Drawing:
    """Stacked bars: each year's cost split into its largest categories and the rest."""
    scenario = result.base
    shown, rest = folded_categories(result)
    series: list[tuple[str, Sequence[Decimal]]] = [
        (c.category.label, c.line.by_year) for c in shown
    ]
    if rest:
        rest_by_year = [
            sum(values, Decimal(0)) for values in zip(*(c.line.by_year for c in rest), strict=True)
        ]
        series.append((f"{len(rest)} more categories", rest_by_year))
    drawing = Drawing(width, height)
    legend_height = legend(
        drawing,
        [LegendEntry(name, *_series_style(i)) for i, (name, _v) in enumerate(series)],
        x=AXIS_WIDTH,
        y=4,
        width=width - AXIS_WIDTH,
        coverage=coverage,
    )
    totals = [float(v) for v in scenario.tco.by_year]
    bottom = legend_height + 16
    scale = _money_axis(
        drawing, 0, max(totals, default=0) * 1.12, bottom, height - 6, width, result.currency
    )
    bars = _stacked_bars(
        drawing, series, scale, years=len(result.years), width=width, share=0.62, widest=46
    )
    slot = _slot(result, width)
    figures = [short_money(v, result.currency, trim=False) for v in scenario.tco.by_year]
    # On a long plan the figures over the bars would run into each other: the table above the
    # chart holds every one, so they are left off rather than overprinted.
    fits = max((stringWidth(f, SANS_BOLD, LABEL_SIZE) for f in figures), default=0) + 2 <= slot
    years = _year_labels(result, slot)
    for year, (x, bar_width, base) in enumerate(bars):
        if fits:
            drawing.add(_centered(x + bar_width / 2, scale(base) + 3, figures[year], bold=True))
        drawing.add(_centered(x + bar_width / 2, bottom - 10, years[year]))
    return drawing


def _money_axis(
    drawing: Drawing,
    low: float,
    high: float,
    bottom: float,
    top: float,
    width: float,
    currency: str,
) -> ValueScale:
    """Round ticks over ``low``–``high``, a vertical scale from ``bottom`` to ``top``, and the
    gridlines with short money labels ("$1.2M") drawn on the drawing."""
    ticks = nice_ticks(low, high)
    scale = ValueScale(ticks[0], ticks[-1], bottom, top)
    figures = tick_figures(ticks, currency)
    value_axis(
        drawing,
        scale,
        ticks,
        left=AXIS_WIDTH,
        right=width,
        formatter=lambda v: short_money(v, currency, figures=figures),
    )
    return scale


def _slot(result: ProposalResult, width: float) -> float:
    """The width each year has on a year-by-year chart of ``width``."""
    return (width - AXIS_WIDTH) / max(len(result.years), 1)


def _year_labels(result: ProposalResult, slot: float) -> list[str]:
    """The years under a chart, as the slot allows: "2027–28", "27–28", or on a long plan every
    second, third... year, rather than labels running into each other."""
    labels, _fits = fit_year_labels(
        result.fiscal_year_labels, slot, lambda text: stringWidth(text, SANS, LABEL_SIZE)
    )
    return labels


def _stacked_bars(
    drawing: Drawing,
    series: Sequence[tuple[str, Sequence[Decimal]]],
    scale: ValueScale,
    *,
    years: int,
    width: float,
    share: float,
    widest: float,
) -> list[tuple[float, float, float]]:
    """One bar a year, each series stacked on the one before in its own shade or hatch.

    Returns each bar's left edge, width and stacked total, for the labels drawn over it."""
    slot = (width - AXIS_WIDTH) / max(years, 1)
    bar_width = min(slot * share, widest)
    placed = []
    for year in range(years):
        x = AXIS_WIDTH + slot * year + (slot - bar_width) / 2
        base = 0.0
        for index, (_name, values) in enumerate(series):
            value = float(values[year])
            fill, hatched = _series_style(index)
            drawing.add(
                bar(x, scale(base), bar_width, scale(base + value) - scale(base), fill,
                    hatched=hatched)
            )  # fmt: skip
            base += value
        placed.append((x, bar_width, base))
    return placed


def _centered(
    x: float,
    y: float,
    text: str,
    *,
    bold: bool = False,
    size: float = LABEL_SIZE,
    fill: str = PALETTE.ink,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        fillColor=color(fill),
        textAnchor="middle",
    )


def net_position(
    result: ProposalResult,
    width: float,
    coverage: Coverage,
    *,
    height: float = 210,
    scenario: ScenarioResult | None = None,
) -> Drawing:
    """Cost and benefit bars per year, with the cumulative net position as a line and the
    payback year marked."""
    scenario = scenario or result.base
    costs = [float(v) for v in scenario.tco.by_year]
    benefits = [float(v) for v in scenario.benefits.by_year]
    cumulative = [float(v) for v in scenario.returns.cumulative_by_year]
    drawing = Drawing(width, height)
    legend_height = legend(
        drawing,
        [
            LegendEntry("Cost in the year", PALETTE.series[0]),
            LegendEntry("Benefit in the year (cost avoided and saved)", HATCHED_SERIES, True),
            LegendEntry("Running net position", PALETTE.ink, line=True),
        ],
        x=AXIS_WIDTH,
        y=4,
        width=width - AXIS_WIDTH,
        coverage=coverage,
    )
    bottom, top = legend_height + 18, height - 8
    low, high = min([*cumulative, 0.0]) * 1.2, max([*costs, *benefits, *cumulative]) * 1.15
    lowest = min(cumulative, default=0.0)
    for _more_room in range(3):
        # Room under the lowest point for its figure: with the plot's foot too near, the
        # figure went over the point, onto the line climbing away from it.
        ticks = nice_ticks(low, high)
        if lowest >= 0 or ValueScale(ticks[0], ticks[-1], bottom, top)(lowest) - bottom >= 13:
            break
        low = ticks[0] - (ticks[1] - ticks[0]) / 2
    scale = _money_axis(drawing, low, high, bottom, top, width, result.currency)
    years = len(result.years)
    slot = _slot(result, width)
    year_labels = _year_labels(result, slot)
    bar_width = min(slot * 0.3, 22)
    zero = scale(0)
    points: list[float] = []
    for year in range(years):
        center = AXIS_WIDTH + slot * year + slot / 2
        drawing.add(
            bar(
                center - bar_width - 1,
                zero,
                bar_width,
                scale(costs[year]) - zero,
                PALETTE.series[0],
            )
        )
        drawing.add(
            bar(
                center + 1,
                zero,
                bar_width,
                scale(benefits[year]) - zero,
                HATCHED_SERIES,
                hatched=True,
            )
        )
        drawing.add(_centered(center, bottom - 11, year_labels[year]))
        points += [center, scale(cumulative[year])]
    if points:
        drawing.add(PolyLine(points, strokeColor=color(PALETTE.ink), strokeWidth=1.6))
    payback = scenario.returns.payback_year
    taken: list[Box] = []  # what a point's figure must not cover: the dots, the figures placed
    if payback is not None and points:
        x = points[(payback - 1) * 2]
        drawing.add(
            Line(
                x,
                bottom,
                x,
                top,
                strokeColor=color(PALETTE.accent),
                strokeWidth=0.8,
                strokeDashArray=[3, 2],
            )
        )
        text = f"Pays back in {result.fiscal_year_labels[payback - 1]}"
        anchor = "end" if x > width * 0.7 else "start"
        start = x + (-4 if anchor == "end" else 4)
        drawing.add(
            label(
                start, top - 8, text, coverage, anchor=anchor, font=SANS_BOLD, fill=PALETTE.accent
            )
        )
        text_width = stringWidth(text, SANS_BOLD, LABEL_SIZE)
        left = start - text_width if anchor == "end" else start
        taken.append(Box(left, top - 10, left + text_width, top))
    # Many years leave no room to label every point: label the ends, the low point and payback.
    low_year = min(range(years), key=lambda i: cumulative[i]) if years else 0
    labelled = set(range(years)) if years <= 8 else {0, years - 1, low_year}
    if payback is not None:
        labelled.add(payback - 1)
    dots = list(zip(points[::2], points[1::2], strict=True))
    taken += [Box(x - 2.4, y - 2.4, x + 2.4, y + 2.4) for x, y in dots]
    line = [(*dots[i], *dots[i + 1]) for i in range(len(dots) - 1)]
    # The zero line too: a figure on it hid the feet of the year's bars.
    keep_off = [*line, (AXIS_WIDTH, zero, width, zero)]
    # A figure may reach a little under the plot's foot, still clear of the years under it.
    plot = Box(AXIS_WIDTH, bottom - 4, width, top)
    for year, (x, y) in enumerate(dots):
        drawing.add(Circle(x, y, 2.4, fillColor=color(PALETTE.ink), strokeColor=None))
        if year not in labelled:
            continue
        value = scenario.returns.cumulative_by_year[year]
        text = short_money(value, result.currency, trim=False)
        text_width = stringWidth(text, SANS_BOLD, LABEL_SIZE)
        before, after = dots[max(year - 1, 0)][1], dots[min(year + 1, years - 1)][1]
        spots = spots_around(x, y, text_width + 3, below=value < 0, rising=after > before)
        box = clear_spot(spots, within=plot, lines=keep_off, taken=taken)
        if box is None:  # on the zero line rather than on the running line
            box = clear_spot(spots, within=plot, lines=line, taken=taken)
        if box is None:
            # Nowhere clear (a crowded plot): above a point at or over zero, below one under
            # it, unless the plot's foot is too near.
            backing = y + 3.5 if value >= 0 or y - 12.5 < bottom else y - 12.5
            box = Box(x - text_width / 2 - 1.5, backing, x + text_width / 2 + 1.5, backing + 9)
        taken.append(box)
        # A white backing keeps the figure readable where it crosses a bar.
        drawing.add(
            Rect(
                box.left,
                box.bottom,
                box.right - box.left,
                box.top - box.bottom,
                fillColor=color("#FFFFFF"),
                strokeColor=None,
            )
        )
        drawing.add(_centered((box.left + box.right) / 2, box.bottom + 2, text, bold=True))
    return drawing


def funding_mix(
    result: ProposalResult, width: float, coverage: Coverage, *, height: float = 200
) -> Drawing:
    """Funding by kind of source, stacked per year, with the year's cost as a marker line."""
    funding = result.base.funding
    kinds: dict[str, list[Decimal]] = {}
    for source in sorted(funding.sources, key=lambda s: s.total, reverse=True):
        name = source.kind.label
        totals = kinds.setdefault(name, [Decimal(0)] * len(result.years))
        for year, amount in enumerate(source.by_year):
            totals[year] += amount
    series = list(kinds.items())
    if len(series) > MAX_STACKED_SERIES:
        # The kinds that share a bar are named: a lump called "Other sources" beside the kind
        # "Other" held the grants and bonds, the temporary money the reader looks for. "Other"
        # is the first to share one.
        other = FundingKind.OTHER.label
        series.sort(key=lambda pair: pair[0] == other)  # stable: by total otherwise
        kept, rest = series[: MAX_STACKED_SERIES - 1], series[MAX_STACKED_SERIES - 1 :]
        shared = in_a_list([name for name, _totals in rest])
        sums = [sum(v, Decimal(0)) for v in zip(*(totals for _name, totals in rest), strict=True)]
        series = [*kept, (shared, sums)]
    costs = [float(v) for v in result.base.tco.by_year]
    drawing = Drawing(width, height)
    entries = [LegendEntry(name, *_series_style(i)) for i, (name, _v) in enumerate(series)]
    entries.append(LegendEntry("Cost of the plan", PALETTE.warning, line=True))
    legend_height = legend(
        drawing, entries, x=AXIS_WIDTH, y=4, width=width - AXIS_WIDTH, coverage=coverage
    )
    tops = [float(v) for v in funding.by_year]
    bottom = legend_height + 18
    high = max([*tops, *costs, 0.0]) * 1.15
    scale = _money_axis(drawing, 0, high, bottom, height - 6, width, result.currency)
    bars = _stacked_bars(
        drawing, series, scale, years=len(result.years), width=width, share=0.55, widest=44
    )
    slot = _slot(result, width)
    year_labels = _year_labels(result, slot)
    notes = [
        f"gap {short_money(gap, result.currency, trim=False)}" if gap > 0 else ""
        for gap in funding.gap_by_year
    ]
    # Gaps in most years of a long plan would print over each other: the list of gaps above
    # the chart names each one, so the chart then shows them by the cost line alone.
    if max((stringWidth(n, SANS_BOLD, LABEL_SIZE) for n in notes), default=0) + 2 > slot:
        notes = [""] * len(notes)
    for year, (x, bar_width, base) in enumerate(bars):
        cost_y = scale(costs[year])
        drawing.add(
            Line(
                x - 4,
                cost_y,
                x + bar_width + 4,
                cost_y,
                strokeColor=color(PALETTE.warning),
                strokeWidth=1.8,
            )
        )
        note = notes[year]
        if note:
            drawing.add(
                _centered(
                    x + bar_width / 2,
                    max(cost_y, scale(base)) + 4,
                    note,
                    bold=True,
                    fill=PALETTE.warning,
                )
            )
        drawing.add(_centered(x + bar_width / 2, bottom - 11, year_labels[year]))
    return drawing
