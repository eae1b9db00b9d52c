"""What the Review step's charts show, as plain data: a ``ProposalResult`` turned into the exact
values (``Decimal``) and labels of each chart, so tests can check a chart's figures without
drawing it. ``desktop.ui.charts`` draws them; Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from desktop.finance.money import format_percent
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


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[Decimal, ...]
    holds: tuple[str, ...] = ()  # what a merged segment ("3 more categories") is made of


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
        names = tuple(label for label, _line in lines if label not in kept)
        # Two are named in the legend ("Hardware + Security": joined with "and", two
        # categories read as one, "Broadband and Network infrastructure"); more are counted,
        # not "Other" (itself a category), and named when the segment is hovered.
        merged_label = " + ".join(names) if len(names) == 2 else f"{len(rest)} more categories"
        sets.append(Series(merged_label, merged, names))
    else:
        sets = [Series(label, line.by_year) for label, line in lines]
    if not sets:
        sets = [Series("No costs yet", tuple(ZERO for _ in result.years))]
    return StackedByYear("Cost by year", result.fiscal_year_labels, tuple(sets))


def net_position(result: ProposalResult) -> NetPosition:
    """Benefits minus costs each year, and the running total that shows when the plan pays back."""
    returns = result.base.returns
    index = None if returns.payback_year is None else returns.payback_year - 1
    if index is None and not result.tco_total:
        text = "Payback: \u2014 (no cost entered yet)"  # nothing spent, nothing to pay back
    elif index is None:
        text = "Payback: not within the plan"
    else:
        text = f"Payback: year {returns.payback_year} ({result.fiscal_year_labels[index]})"
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
