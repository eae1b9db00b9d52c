"""Chart pieces a reader relies on: a bar that runs left from its base carries the same hatching
as the legend says its series has, and a bar's figure reads differently from the line it starts
at whenever the bar can be seen."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput
from desktop.finance.result import Driver, SensitivityLine, SensitivityResult
from desktop.report.chart_kit import bar
from desktop.report.charts_ranked import tornado
from desktop.report.fonts import SANS_BOLD, register_fonts
from desktop.report.styles import INCH, MARGIN_SIDE

from .test_report_scale import big_proposal

D = Decimal


def _parts(group: object) -> list[object]:
    found: list[object] = []
    for child in getattr(group, "contents", []):
        found += [child, *_parts(child)]
    return found


def test_a_bar_running_left_is_drawn_and_hatched_like_one_running_right() -> None:
    right = _parts(bar(10, 0, 20, 8, "#336699", hatched=True))
    left = _parts(bar(10, 0, -20, 8, "#336699", hatched=True))
    (box,) = [part for part in left if isinstance(part, Rect)]
    assert (box.x, box.width) == (-10, 20)  # from x - 20 to x
    hatching = [part for part in left if isinstance(part, Line)]
    assert len(hatching) == len([part for part in right if isinstance(part, Line)]) > 3
    assert all(-10 <= min(line.x1, line.x2) and max(line.x1, line.x2) <= 10 for line in hatching)


def _texts(drawing: object) -> list[str]:
    return [part.text for part in _parts(drawing) if isinstance(part, String)]


def test_the_tornado_of_a_billion_dollar_plan_tells_bars_of_different_length_apart() -> None:
    """At three figures every bar of an NPV near −$1.47B, moved a few million either way, and the
    base line itself read "−$1.47B": the figures take the places needed to differ wherever the
    bars visibly do, and the tiny moves (a few dollars) do not inflate them."""
    result = compute(big_proposal(20))
    base = D("-1470000000.00")
    moves = {
        Driver.QUANTITIES: (D("-40000000"), D("40000000")),
        Driver.RECURRING_COSTS: (D("-8000000"), D("8000000")),
        Driver.DISCOUNT_RATE: (D("3000000"), D("-3000000")),
        Driver.RISK_LIKELIHOODS: (D("-4"), D("4")),
    }
    lines = tuple(
        SensitivityLine(driver, driver.label, base + low, base + high, abs(high - low))
        for driver, (low, high) in moves.items()
    )
    result = replace(result, sensitivity=SensitivityResult(D("0.2"), base, lines))
    texts = _texts(tornado(result, 460, register_fonts()))
    assert "NPV as proposed \u2212$1.470B" in texts
    for label in ("\u2212$1.510B", "\u2212$1.430B", "\u2212$1.478B", "\u2212$1.462B"):
        assert label in texts
    assert "\u2212$1.467B" in texts and "\u2212$1.473B" in texts  # 3 million either side
    # Far from zero, the axis spans the figures: from zero every bar would be a sliver.
    assert "$0" not in texts and "\u2212$1.4B" in texts and "\u2212$1.55B" in texts


def _by_category(costs: dict[object, str]) -> object:
    from desktop.vocabulary import ItemCategory
    from tests.finance.finance_factories import item, proposal

    categories = list(ItemCategory)
    return compute(
        proposal(
            items=[
                item(key, f"Item {key}", category=categories[key], unit_cost=cost)
                for key, cost in costs.items()  # type: ignore[misc]
            ]
        )
    )


def test_the_cost_charts_folded_band_names_only_categories_that_cost_something() -> None:
    """A "3 more categories" band named Insurance and warranty at $0; a list of two names
    with "and" in them read "Hardware and devices and Other"."""
    from desktop.report.charts import folded_categories, folded_note

    # Seven categories, one costing nothing: six drawn, so the two smallest are folded.
    costs = {0: "900", 1: "800", 2: "20", 5: "0", 6: "700", 7: "600", 9: "10"}
    result = _by_category(costs)
    shown, rest = folded_categories(result)  # type: ignore[arg-type]
    assert len(shown) == 4 and [c.category.value for c in rest] == ["hardware", "other"]
    assert folded_note(result, 2) == (  # type: ignore[arg-type]
        "The band \u201c2 more categories\u201d ($30.00, 1% of the total) holds Hardware and "
        "devices; and Other "
        "(Table 2 gives each)."
    )
    # Five that cost something fit as bands of their own: nothing is folded or named.
    del costs[9], costs[2]
    assert folded_note(_by_category(costs), 2) == ""  # type: ignore[arg-type]


def test_the_risk_charts_axis_figures_stay_within_the_page_margins() -> None:
    """The last figure under the risk chart ("$200k") was centred on the last gridline, at the
    drawing's right edge, and ran past the page's margin."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.report.charts_ranked import risk_exposure
    from tests.finance.finance_factories import item, proposal, risk

    coverage = register_fonts()
    losses = [risk(key, f"Risk {key}", exposure=1, likelihood_before="1", cost_before=cost,
                   likelihood_after="0.5", cost_after=cost)
              for key, cost in ((1, "168000"), (2, "90000"))]  # fmt: skip
    mitigating = item(1, "Wi-Fi", unit_cost="100", risk_keys=(1, 2))
    result = compute(proposal(items=[mitigating], risks=losses))
    drawing = risk_exposure(result, 450.0, coverage)
    extents = []
    for part in _parts(drawing):
        if isinstance(part, String):
            width = stringWidth(part.text, part.fontName, part.fontSize)
            left = {"start": part.x, "middle": part.x - width / 2, "end": part.x - width}[
                part.textAnchor
            ]
            extents.append((left, left + width, part.text))
    assert any(text == "$200k" for _l, _r, text in extents)
    assert all(left >= -0.01 and right <= 450.01 for left, right, _text in extents), extents


def test_a_running_position_under_zero_is_labelled_under_its_point() -> None:
    """Labelled above, "−$191k" sat on the zero line and hid the feet of the year's bars."""
    from reportlab.graphics.shapes import Circle

    from desktop.report.charts import net_position, short_money
    from tests.finance.finance_factories import item, proposal

    coverage = register_fonts()
    costly = item(1, "Network", unit_cost="500000", annual_savings="120000")
    result = compute(proposal(items=[costly]))
    drawing = net_position(result, 450.0, coverage)
    parts = _parts(drawing)
    points = [(part.cx, part.cy) for part in parts if isinstance(part, Circle)]
    labels = {part.text: part.y for part in parts if isinstance(part, String)}
    cumulative = result.base.returns.cumulative_by_year
    assert len(points) == len(cumulative) and cumulative[0] < 0 < cumulative[-1]
    for (_x, y), value in zip(points, cumulative, strict=True):
        shown = labels[short_money(value, result.currency, trim=False)]
        assert (shown < y) if value < 0 else (shown > y), (value, shown, y)


def _contrast(first: colors.Color, second: colors.Color) -> float:
    """The WCAG contrast ratio of two colours (1 = none, 21 = black on white)."""

    def luminance(colour: colors.Color) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.red)
            + 0.7152 * channel(colour.green)
            + 0.0722 * channel(colour.blue)
        )

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_benefit_bars_stand_out_from_the_paper_and_from_the_cost_bars() -> None:
    """On the handout's first page the benefit bars were a light grey under white hatching:
    printed, they all but vanished beside the cost bars, and the case's one picture of what
    the district gets back showed costs alone."""
    from desktop.report.charts import net_position
    from tests.finance.finance_factories import item, proposal

    coverage = register_fonts()
    costly = item(1, "Network", unit_cost="500000", annual_savings="120000")
    result = compute(proposal(items=[costly]))
    drawing = net_position(result, 450.0, coverage)
    white = colors.HexColor("#FFFFFF")
    fills = {
        part.fillColor.hexval()
        for part in _parts(drawing)
        if isinstance(part, Rect) and part.fillColor is not None and part.fillColor != white
    }
    assert len(fills) == 2  # the cost bars and the benefit bars
    cost, benefit = (colors.HexColor(fill) for fill in sorted(fills))
    # A graphic's parts need 3:1 against the paper to be seen (WCAG 1.4.11).
    assert _contrast(benefit, white) >= 3 and _contrast(cost, white) >= 3
    assert _contrast(cost, benefit) >= 1.8  # told apart in grey print too


def test_the_lighter_bars_of_the_risk_and_sensitivity_charts_are_seen_on_paper(
    tmp_path: Path,
) -> None:
    """The risk chart's "with mitigation" bars and the sensitivity chart's "driver lowered"
    bars were the light grey under white hatching that all but vanished in print."""
    from desktop.report.charts_ranked import risk_exposure

    coverage = register_fonts()
    result = compute(_sample_inputs(tmp_path)["sample"])
    white = colors.HexColor("#FFFFFF")
    for drawing in (risk_exposure(result, 450.0, coverage), tornado(result, 450.0, coverage)):
        fills = {
            part.fillColor.hexval()
            for part in _parts(drawing)
            if isinstance(part, Rect) and part.fillColor is not None and part.fillColor != white
        }
        assert len(fills) == 2, fills  # the two series
        for fill in fills:
            assert _contrast(colors.HexColor(fill), white) >= 3, fill


def test_a_small_folded_band_is_under_one_percent_not_none() -> None:
    from desktop.report.charts import folded_note

    costs = {0: "100000", 1: "90000", 6: "80000", 7: "70000", 2: "300", 9: "200"}
    note = folded_note(_by_category(costs), 2)  # type: ignore[arg-type]
    assert "($500.00, under 1% of the total)" in note


def test_funding_kinds_sharing_a_bar_are_named_and_other_is_not_listed_twice() -> None:
    """With every kind of source the legend showed both "Other" and "Other sources", the
    second holding the grants and bonds: the temporary money a reader looks for, unnamed."""
    from desktop.report.charts import funding_mix
    from desktop.vocabulary import FundingKind
    from tests.finance.finance_factories import item, proposal, source

    amounts = {
        FundingKind.MAINTENANCE_OPERATIONS: 90_000, FundingKind.E_RATE: 60_000,
        FundingKind.GRANT: 40_000, FundingKind.BOND: 30_000, FundingKind.OTHER: 20_000,
        FundingKind.TITLE_FUNDS: 10_000,
    }  # fmt: skip
    sources = [
        source(key, {1: amount}, recurring=False, kind=kind)
        for key, (kind, amount) in enumerate(amounts.items(), start=1)
    ]
    data = proposal(horizon_years=1, items=[item(1, unit_cost="250000")], funding=sources)
    texts = _texts(funding_mix(compute(data), 400, register_fonts()))
    assert "Grant" in texts and "Bond" in texts
    assert "Title funds and Other" in texts
    assert "Other" not in texts and "Other sources" not in texts


def _sample_inputs(tmp_path: Path) -> dict[str, ProposalInput]:
    """The sample in dollars and in CAD."""
    from desktop.services.library import open_library
    from desktop.services.proposal_format import import_document
    from desktop.services.snapshot import proposal_input

    from .test_report_pagination import in_cad, sample_document

    library = open_library(tmp_path / "library.buyinlib")
    try:
        return {
            name: proposal_input(library, import_document(library, document))
            for name, document in (
                ("sample", sample_document()),
                ("sample in CAD", in_cad(sample_document())),
            )
        }
    finally:
        library.close()


def _a_figure(part: object, figures: set[str]) -> bool:
    """Whether a part of the chart is one of the line's figures (bold; an axis tick is not)."""
    return isinstance(part, String) and part.fontName == SANS_BOLD and part.text in figures


def _figures_on_the_line(drawing: Drawing, figures: set[str]) -> list[str]:
    """The running net position's figures that the line runs through or touches, and the white
    backings under them that cut it: each figure's box (its text's width, from a little under
    its baseline to its capitals' tops, and a point more) and each backing against points every
    quarter point along the line, as wide as it is drawn."""
    parts = _parts(drawing)
    (line,) = [part for part in parts if isinstance(part, PolyLine)]
    half = line.strokeWidth / 2
    corners = list(zip(line.points[::2], line.points[1::2], strict=True))
    path = []
    for (x1, y1), (x2, y2) in zip(corners, corners[1:], strict=False):
        steps = max(int(math.hypot(x2 - x1, y2 - y1) * 4), 1)
        path += [(x1 + (x2 - x1) * n / steps, y1 + (y2 - y1) * n / steps) for n in range(steps)]

    def on_the_line(left: float, bottom: float, right: float, top: float) -> bool:
        return any(
            left - half <= x <= right + half and bottom - half <= y <= top + half for x, y in path
        )

    crossed = []
    for part in parts:
        if _a_figure(part, figures):
            width = stringWidth(part.text, part.fontName, part.fontSize)
            left = {"start": part.x, "middle": part.x - width / 2, "end": part.x - width}[
                part.textAnchor
            ]
            low, high = part.y - 0.2 * part.fontSize, part.y + 0.75 * part.fontSize
            if on_the_line(left - 1, low - 1, left + width + 1, high + 1):
                crossed.append(part.text)
        elif isinstance(part, Rect) and part.fillColor == colors.white:
            right, top = part.x + part.width, part.y + part.height
            if on_the_line(part.x, part.y, right, top):
                crossed.append(f"a backing at {part.x:.0f}, {part.y:.0f}")
    return crossed


def test_the_running_net_positions_figures_keep_off_its_line(tmp_path: Path) -> None:
    """Centred under or over their points, the figures sat on the line wherever it rose or fell
    steeply: a plan that starts in the red and climbs (the usual shape) had three of five
    figures struck through, and in the handout's lower chart the first year's figure, moved
    over its point for want of room under it, sat on the line climbing away from it."""
    from desktop.report.charts import net_position, short_money
    from tests.finance.finance_factories import item, proposal

    coverage = register_fonts()
    climbing = [item(1, "Network", unit_cost="500000", annual_savings="120000")]
    steep = [item(1, "Network", unit_cost="900000", annual_savings="400000")]
    plans = {
        **_sample_inputs(tmp_path),
        "climbing": proposal(items=climbing),
        "climbing in CAD": proposal(items=climbing, currency="CAD"),
        "steep": proposal(items=steep),
        "eight steep years": proposal(horizon_years=8, items=steep),
    }
    width = 8.5 * INCH - 2 * MARGIN_SIDE  # the full case's frame; the handout's is the same
    for name, data in plans.items():
        result = compute(data)
        cumulative = result.base.returns.cumulative_by_year
        figures = {short_money(value, result.currency, trim=False) for value in cumulative}
        # The full case, the handout, the handout with scenarios, and lower still.
        for height in (210, 190, 136, 122):
            drawing = net_position(result, width, coverage, height=height)
            shown = [part for part in _parts(drawing) if _a_figure(part, figures)]
            assert len(shown) == len(cumulative), (name, height)
            assert _figures_on_the_line(drawing, figures) == [], (name, height)
