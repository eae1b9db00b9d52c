"""The case itself: from business problems to solutions (each item with the goals it serves and
why, the risks it reduces and the measures that will prove it), the risk register, and the
measures of success.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from desktop.finance.inputs import ItemInput, RiskInput
from desktop.finance.money import (
    format_count,
    format_measure_money,
    format_number,
    format_rate,
    is_money_unit,
)
from desktop.report import charts_ranked, narrative
from desktop.report.context import ReportContext
from desktop.report.styles import INCH
from desktop.report.tables import (
    figure_width,
    header_cell,
    make_table,
    number_cell,
    proportional_widths,
    text_cell,
    wrapping_number_cell,
)
from desktop.wording import NO_NAME

NAME_LIMIT = 160  # characters of a name shown in a table cell; the rest is cut with an ellipsis
NOTE_LIMIT = 300
LINKS_SHOWN = 8  # links listed per item in a cell; a row must stay shorter than a page


ITEMS_LISTED = 250  # a printed case lists at most this many items; the workbook lists them all


def items_to_list(ctx: ReportContext) -> tuple[list[ItemInput], str]:
    """The items a table prints, and a sentence saying what was left out (empty if nothing).

    A proposal of thousands of lines would make a document of a thousand pages that nobody
    reads; past ``ITEMS_LISTED`` the tables show the costliest items and point to the workbook.
    """
    items = list(ctx.data.items)
    if len(items) <= ITEMS_LISTED:
        return items, ""
    costs = {flow.key: flow.total for flow in ctx.result.base.items}
    listed = sorted(items, key=lambda item: costs.get(item.key, Decimal(0)), reverse=True)
    listed = listed[:ITEMS_LISTED]
    shown = sum((costs.get(item.key, Decimal(0)) for item in listed), Decimal(0))
    return listed, (
        f"The plan has {len(items):,} items; this table lists the {ITEMS_LISTED} with the "
        f"largest cost over the plan ({ctx.money(shown)} of the {ctx.money(ctx.result.tco_total)}"
        " total). The spreadsheet export lists every item."
    )


def _more(count: int) -> list[str]:
    hidden = count - LINKS_SHOWN
    return [f"<i>and {hidden} more</i>"] if hidden > 0 else []


def _bullets(lines: list[str]) -> str:
    return "<br/>".join(f"\u2022\u00a0{line}" for line in lines)


def problems_to_solutions(ctx: ReportContext) -> list[Any]:
    data, result = ctx.data, ctx.result
    story: list[Any] = [ctx.heading("From business problems to solutions")]
    if not data.items:
        return story + [ctx.para("The proposal has no items yet.")]
    # Goals still in the template's wording are not yet the board's.
    board = "board" if narrative.goals_are_the_boards(ctx) else "plan"
    story.append(
        ctx.para(
            f"Each line of the plan below names the {board} goals it serves and why, the risks it "
            "reduces, and the measures that will show whether it worked. The cost is the item's "
            f"total over the {result.horizon_years}-year plan."
        )
    )
    risks = {r.key: r.title for r in data.risks}
    metrics = {m.key: m.name for m in data.metrics}
    costs = {flow.key: flow.total for flow in result.base.items}
    rows: list[list[Any]] = [
        [
            header_cell(ctx.in_currency("Item and cost")),
            header_cell(f"{board.capitalize()} goals it serves, and why"),
            header_cell("Risks it reduces"),
            header_cell("Measured by"),
        ]
    ]
    missing = "<i>none linked</i>"
    listed, left_out = items_to_list(ctx)
    if left_out:
        story.append(ctx.para(left_out))
    for item in listed:
        cost = costs.get(item.key)
        first = (
            f"<b>{ctx.text(item.name, NAME_LIMIT)}</b><br/>"
            f"<font size=7>{item.category.label}</font>"
        )
        if cost is not None:
            first += f"<br/>{ctx.amount(cost)}"
        goals = [
            ctx.goal_name(link.goal_key)
            + (f" \u2014 <i>{ctx.text(link.rationale, NOTE_LIMIT)}</i>" if link.rationale else "")
            for link in item.goal_links[:LINKS_SHOWN]
        ]
        goals += _more(len(item.goal_links))
        rows.append(
            [
                text_cell(first),
                text_cell(_bullets(goals) or missing),
                text_cell(
                    _bullets(
                        [ctx.text(risks.get(k), NAME_LIMIT) for k in item.risk_keys[:LINKS_SHOWN]]
                        + _more(len(item.risk_keys))
                    )
                    or missing
                ),
                text_cell(
                    _bullets(
                        [
                            ctx.text(metrics.get(k), NAME_LIMIT)
                            for k in item.metric_keys[:LINKS_SHOWN]
                        ]
                        + _more(len(item.metric_keys))
                    )
                    or missing
                ),
            ]
        )
    widths = proportional_widths(ctx.width, [25, 37, 20, 18])
    alignment = result.alignment
    story.append(
        ctx.table_caption(
            f"{len(data.items) - len(alignment.items_without_goal)} of "
            f"{format_count(len(data.items), 'item')} "
            + ("serves" if len(data.items) == 1 else "serve")
            + f" a {board} goal and {_how_many_measured(len(data.items), alignment)}"
            + " a measure of success."
        )
    )
    story.append(make_table(rows, widths, banded=True))
    gaps: list[str] = []
    if alignment.goals_without_item:
        names = ", ".join(ctx.text(g.name, 120) for g in alignment.goals_without_item[:12])
        gaps.append(f"Goals no item serves yet: {names}.")
    if alignment.risks_without_item:
        names = ", ".join(ctx.text(r.name, 120) for r in alignment.risks_without_item[:12])
        gaps.append(f"Risks no item reduces yet: {names}.")
    if alignment.items_without_goal:
        unlinked = alignment.items_without_goal
        names = ", ".join(ctx.text(i.name, 120) or NO_NAME for i in unlinked[:12])
        more = f" and {len(unlinked) - 12:,} more" if len(unlinked) > 12 else ""
        gaps.append(f"Items not tied to a {board} goal: {names}{more}.")
    if gaps:
        story += [ctx.heading("Gaps in the alignment", 1)] + [ctx.para(g) for g in gaps]
    return story


def _how_many_measured(items: int, alignment: Any) -> str:
    """ "3 have", "1 has", "none has": how many items have a measure of success."""
    measured = items - len(alignment.items_without_metric)
    if not measured:
        return "none has"
    return f"{measured} {'has' if measured == 1 else 'have'}"


def _loss_terms(risk: RiskInput, mitigated: bool, currency: str) -> str:
    """ "Before: 3,600 × 16% × $270; after: 3,600 × 16% × $45" (things at risk × yearly chance
    × cost per event), the "after" on its own line and only when something in the plan
    mitigates the risk."""

    def terms(likelihood: Decimal, cost: Decimal) -> str:
        return (
            f"{format_number(risk.exposure)} \u00d7 {format_rate(likelihood)} \u00d7 "
            f"{format_measure_money(cost, currency)}"
        )

    before = f"Before: {terms(risk.likelihood_before, risk.cost_before)}"
    if not mitigated:
        return before
    return f"{before};<br/>after: {terms(risk.likelihood_after, risk.cost_after)}"


# How much of a risk's description the register shows under its figures (the rest is cut
# with "…"; the workbook's Risks sheet has it whole).
RISK_NOTE_LIMIT = 220


def risk_register(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    benefits = result.base.benefits
    story: list[Any] = [CondPageBreak(3 * INCH), ctx.heading("Risk register")]
    if not benefits.risks:
        return story + [ctx.para("No risks are recorded for this proposal.")]
    story.append(
        ctx.para(
            "Expected annual loss is the number of things at risk times the yearly chance of the "
            "event times its cost. The plan's items lower the chance or the cost; the difference "
            "is cost avoided, each mitigating item bringing its equal share from the year it "
            "starts."
        )
    )
    names = {flow.key: flow.name for flow in result.base.items}
    inputs = {risk.key: risk for risk in ctx.data.risks}
    figures = [
        ctx.amount(v)
        for r in benefits.risks
        for v in (
            r.expected_loss_before,
            r.expected_loss_after,
            r.avoided_per_year,
            r.avoided_total,
        )
    ]
    total_before = sum((r.expected_loss_before for r in benefits.risks), Decimal(0))
    total_after = sum((r.expected_loss_after for r in benefits.risks), Decimal(0))
    total_avoided = sum((r.avoided_per_year for r in benefits.risks), Decimal(0))
    figures += [ctx.amount(v) for v in (total_before, total_after, total_avoided)]
    figures += [ctx.amount(benefits.avoided_total)]
    number = max(figure_width(figures), 58.0)
    rows: list[list[Any]] = [
        [
            header_cell("Risk"),
            header_cell("Reduced by"),
            # The currency's code once, over each money column (see ReportContext.amount).
            header_cell(ctx.in_currency("Expected loss a year, before"), numeric=True),
            header_cell(ctx.in_currency("After"), numeric=True),
            header_cell(ctx.in_currency("Avoided a year"), numeric=True),
            header_cell(ctx.in_currency("Avoided over the plan"), numeric=True),
        ]
    ]
    for risk in benefits.risks:
        keys = risk.mitigating_item_keys
        reducers = [ctx.text(names.get(k), 70) for k in keys[:LINKS_SHOWN]] + _more(len(keys))
        title = f"<b>{ctx.text(risk.title, NAME_LIMIT)}</b><br/><font size=7>{risk.kind.label}"
        title += " \u2014 mitigation makes it worse" if risk.mitigation_worse else ""
        # How the expected losses are made, so the CFO can check them by hand.
        title += f"<br/>{_loss_terms(inputs[risk.key], bool(keys), result.currency)}</font>"
        # What the figures count ("Exposure is the 280 teachers"): "280 × 60% × $1,000" alone
        # did not say 280 of what, nor that the $1,000 is a teacher's time.
        if description := " ".join(inputs[risk.key].description.split()):
            title += f"<br/><font size=7><i>{ctx.text(description, RISK_NOTE_LIMIT)}</i></font>"
        rows.append(
            [
                text_cell(title),
                text_cell(
                    f"<font size=7>{'; '.join(reducers)}</font>"
                    if reducers
                    else "<i>nothing in the plan</i>"
                ),
                number_cell(ctx.amount(risk.expected_loss_before)),
                number_cell(ctx.amount(risk.expected_loss_after)),
                number_cell(ctx.amount(risk.avoided_per_year)),
                number_cell(ctx.amount(risk.avoided_total)),
            ]
        )
    rows.append(
        [
            text_cell("All risks", bold=True),
            text_cell(""),
            number_cell(ctx.amount(total_before), bold=True),
            number_cell(ctx.amount(total_after), bold=True),
            number_cell(ctx.amount(total_avoided), bold=True),
            number_cell(ctx.amount(benefits.avoided_total), bold=True),
        ]
    )
    rest = ctx.width - 4 * number
    if total_after < total_before:
        change = (
            f"Mitigation lowers expected losses from {ctx.money(total_before)} to "
            f"{ctx.money(total_after)} a year"
        )
    elif total_after > total_before:
        change = (
            f"With the plan\u2019s mitigation expected losses go up, from "
            f"{ctx.money(total_before)} to {ctx.money(total_after)} a year"
        )
    else:
        change = f"Expected losses stay at {ctx.money(total_before)} a year"
    story.append(
        ctx.table_caption(
            f"{change}; over the plan that is {ctx.money(benefits.avoided_total)} of "
            "risk-adjusted cost avoided."
        )
    )
    # The risk column a little wider: it carries the figures' terms and what they count.
    story.append(make_table(rows, [rest * 0.56, rest * 0.44] + [number] * 4, total_row=True))
    story.append(CondPageBreak(3.2 * INCH))
    top = max(benefits.risks, key=lambda r: r.avoided_per_year)
    # Apart from the table's total row above it, and kept with its caption.
    story.append(Spacer(1, 10))
    story.append(
        KeepTogether(
            [
                charts_ranked.risk_exposure(ctx.result, ctx.width, ctx.coverage),
                ctx.figure_caption(
                    f"\u201c{ctx.text(top.title, 120)}\u201d is where the plan removes the most "
                    f"expected loss: {ctx.money(top.avoided_per_year)} a year."
                    if top.avoided_per_year > 0
                    else "The plan does not yet lower any risk\u2019s expected loss."
                ),
            ]
        )
    )
    return story


def _measure(value: Decimal | None, unit: str, currency: str) -> str:
    if value is None:
        return "\u2014"
    clean_unit = unit.strip()
    if is_money_unit(clean_unit, currency):
        return format_measure_money(value, currency)
    text = f"{value.normalize():,f}" if value == value.to_integral_value() else f"{value:,f}"
    if not clean_unit:
        return text
    if clean_unit == "%":
        return f"{text}{clean_unit}"
    if value == 1 and clean_unit.lower() in _SINGULAR_UNITS:
        clean_unit = clean_unit[:-1]  # "1 day", not "1 days"
    return f"{text} {clean_unit}"


# Plural units a measure is often counted in, whose singular drops the final "s".
_SINGULAR_UNITS = frozenset(
    "days hours weeks months years minutes seconds points tickets devices students teachers "
    "incidents events visits sessions classrooms schools sites".split()
)


def measures(ctx: ReportContext) -> list[Any]:
    data = ctx.data
    story: list[Any] = [CondPageBreak(2.5 * INCH), ctx.heading("Measures of success")]
    if not data.metrics:
        return story + [ctx.para("No measures of success are recorded yet.")]
    used_by: dict[int, int] = {}
    for item in data.items:
        for key in item.metric_keys:
            used_by[key] = used_by.get(key, 0) + 1
    rows: list[list[Any]] = [
        [
            header_cell("Measure"),
            header_cell("Baseline", numeric=True),
            header_cell("Target", numeric=True),
            header_cell("Target year", numeric=True),
            header_cell("Data source"),
            header_cell("Owner"),
            header_cell("Items", numeric=True),
        ]
    ]
    for metric in data.metrics:
        unit = ctx.plain(metric.unit, 30)
        rows.append(
            [
                text_cell(
                    f"<b>{ctx.text(metric.name, NAME_LIMIT)}</b><br/>"
                    f"<font size=7>{metric.area.label}</font>"
                ),
                wrapping_number_cell(
                    ctx.text(_measure(metric.baseline, unit, ctx.result.currency))
                ),
                wrapping_number_cell(ctx.text(_measure(metric.target, unit, ctx.result.currency))),
                number_cell(str(metric.target_year) if metric.target_year else "\u2014"),
                text_cell(ctx.text(metric.data_source, NOTE_LIMIT) or "\u2014"),
                text_cell(ctx.text(metric.owner, NAME_LIMIT) or "\u2014"),
                number_cell(str(used_by.get(metric.key, 0))),
            ]
        )
    widths = proportional_widths(ctx.width, [28, 12, 12, 8, 20, 14, 6])
    table = make_table(rows, widths, banded=True)
    complete = sum(1 for m in data.metrics if m.baseline is not None and m.target is not None)
    owned = sum(1 for m in data.metrics if m.owner.strip() and m.data_source.strip())
    story.append(
        ctx.table_caption(
            f"{complete} of {len(data.metrics)} measures have a baseline and a target, and "
            f"{owned} have an owner and a data source, so progress can be reported to the board."
        )
    )
    story.append(table)
    return story
