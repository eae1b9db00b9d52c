"""The ranked, horizontal charts: risk exposure before and after mitigation, and the sensitivity
tornado. Same conventions as ``desktop.report.charts``: figures formatted from the result's Decimal
amounts, series told apart by grey level and hatching, labels drawn in any script the fonts cover.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.finance.money import distinguishing_figures
from desktop.finance.result import ProposalResult
from desktop.report.chart_kit import (
    HATCHED_SERIES,
    LABEL_SIZE,
    LegendEntry,
    ValueScale,
    bar,
    bar_value,
    fitted_label,
    legend,
    nice_ticks,
    tick_figures,
    two_line_label,
)
from desktop.report.charts import short_money
from desktop.report.fonts import SANS, SANS_BOLD, Coverage
from desktop.report.styles import PALETTE, color


def _horizontal_frame(
    drawing: Drawing,
    low: float,
    high: float,
    left: float,
    right: float,
    bottom: float,
    top: float,
    currency: str,
    *,
    include_zero: bool = True,
) -> ValueScale:
    ticks = nice_ticks(low, high, 4, include_zero=include_zero)
    scale = ValueScale(ticks[0], ticks[-1], left, right)
    figures = tick_figures(ticks, currency)
    for tick in ticks:
        x = scale(tick)
        stroke = PALETTE.rule_strong if tick == 0 else "#D9D9D9"
        drawing.add(Line(x, bottom, x, top, strokeColor=color(stroke), strokeWidth=0.4))
        text = short_money(tick, currency, figures=figures)
        # Centred under its line, but never past the drawing's edges (the page's margins): the
        # last figure ("$200k") ran past the right margin.
        half = stringWidth(text, SANS, LABEL_SIZE) / 2
        centre = min(max(x, half), drawing.width - half)
        drawing.add(
            String(
                centre,
                bottom - 9,
                text,
                fontName=SANS,
                fontSize=LABEL_SIZE,
                fillColor=color(PALETTE.muted),
                textAnchor="middle",
            )
        )
    return scale


def risk_exposure(
    result: ProposalResult, width: float, coverage: Coverage, *, limit: int = 8
) -> Drawing:
    """Expected annual loss per risk, before (dark) and after (light, hatched) mitigation."""
    risks = sorted(result.base.benefits.risks, key=lambda r: r.expected_loss_before, reverse=True)
    risks = risks[:limit]
    row = 24.0
    label_width = width * 0.34
    height = 30 + row * len(risks) + 14
    drawing = Drawing(width, height)
    legend(
        drawing,
        [
            LegendEntry("Expected loss a year without mitigation", PALETTE.series[0]),
            LegendEntry("With mitigation", HATCHED_SERIES, True),
        ],
        x=label_width,
        y=4,
        width=width - label_width,
        coverage=coverage,
    )
    high = max(
        [float(r.expected_loss_before) for r in risks]
        + [float(r.expected_loss_after) for r in risks]
        + [0.0]
    )
    bottom, top = 30.0, height - 4
    scale = _horizontal_frame(
        drawing, 0, high * 1.18, label_width, width - 6, bottom, top, result.currency
    )
    for index, risk in enumerate(risks):
        y = top - row * (index + 1) + 4
        drawing.add(two_line_label(0, y + 7, risk.title, label_width - 8, coverage))
        for offset, amount, fill, hatched in (
            (9, risk.expected_loss_before, PALETTE.series[0], False),
            (1, risk.expected_loss_after, HATCHED_SERIES, True),
        ):
            end = scale(float(amount))
            drawing.add(bar(scale(0), y + offset - 1, end - scale(0), 7, fill, hatched=hatched))
            drawing.add(
                bar_value(
                    max(end, scale(0)) + 3,
                    y + offset,
                    short_money(amount, result.currency, trim=False),
                )
            )
    return drawing


# Two of the tornado's figures this share of its span apart are bars of visibly different length.
VISIBLE_SHARE = Decimal("0.02")


def tornado(result: ProposalResult, width: float, coverage: Coverage) -> Drawing:
    """NPV with each driver lowered (light, hatched) or raised (dark) by the sensitivity step,
    ranked by swing; the base NPV is the vertical line."""
    sensitivity = result.sensitivity
    lines = sensitivity.lines
    row = 20.0
    label_width = width * 0.3
    height = 34 + row * len(lines) + 26  # room above the rows for the base line's label
    drawing = Drawing(width, height)
    step = f"{(sensitivity.step * 100):.0f}%"
    legend(
        drawing,
        [
            LegendEntry(f"Driver lowered by {step}", HATCHED_SERIES, True),
            LegendEntry(f"Driver raised by {step}", PALETTE.series[0]),
        ],
        x=label_width,
        y=4,
        width=width - label_width,
        coverage=coverage,
    )
    base = float(sensitivity.base_npv)
    amounts = [v for line in lines for v in (line.npv_low_input, line.npv_high_input)]
    values = [float(v) for v in amounts]
    low, high = min([*values, base]), max([*values, base])
    pad = (high - low) * 0.22 or 1.0
    # Zero is on the axis when the NPV is near it (or crosses it); on a plan whose NPV is far
    # from zero beside the drivers' moves, an axis from zero would shrink every bar to a sliver.
    near_zero = high - low == 0 or low <= 0 <= high or min(abs(low), abs(high)) <= 2 * (high - low)
    bottom, top = 32.0, height - 24
    scale = _horizontal_frame(
        drawing,
        low - pad,
        high + pad,
        label_width,
        width - 6,
        bottom,
        top,
        result.currency,
        include_zero=near_zero,
    )
    # Enough figures that bars of visibly different length never read the same (nor the same
    # as the base line): on a billion-dollar plan, drivers that move it by a few million.
    figures = distinguishing_figures(
        [*amounts, sensitivity.base_npv],
        result.currency,
        resolution=Decimal(str(scale.high - scale.low)) * VISIBLE_SHARE,
    )
    base_x = scale(base)
    # The line stops short of its label, which sits above the rows.
    drawing.add(
        Line(base_x, bottom, base_x, top + 3, strokeColor=color(PALETTE.ink), strokeWidth=1.0)
    )
    drawing.add(
        String(
            base_x,
            top + 8,
            f"NPV as proposed {short_money(base, result.currency, figures=figures, trim=False)}",
            fontName=SANS_BOLD,
            fontSize=LABEL_SIZE,
            textAnchor="middle",
            fillColor=color(PALETTE.ink),
        )
    )
    for index, line in enumerate(lines):
        y = top - row * (index + 1) + 4
        drawing.add(fitted_label(0, y + 3, line.label, label_width - 8, coverage))
        pairs = [
            (line.npv_low_input, HATCHED_SERIES, True),
            (line.npv_high_input, PALETTE.series[0], False),
        ]
        # When both changes move the NPV the same way, the longer bar goes behind the shorter.
        pairs.sort(key=lambda pair: abs(float(pair[0]) - base), reverse=True)
        for amount, fill, hatched in pairs:
            end = scale(float(amount))
            drawing.add(bar(base_x, y, end - base_x, 11, fill, hatched=hatched))
            anchor = "start" if end >= base_x else "end"
            drawing.add(
                bar_value(
                    end + (3 if anchor == "start" else -3),
                    y + 2.5,
                    short_money(amount, result.currency, figures=figures, trim=False),
                    anchor=anchor,
                )
            )
    return drawing
