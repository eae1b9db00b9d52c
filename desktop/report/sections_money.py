"""The money: multi-year cost by category, costs against benefits, the funding plan and its gap,
the scenarios side by side, and what moves the result most.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from desktop.finance.after_plan import (
    after_plan_note,
    listed_refreshes,
    recurring_after_note,
    remaining_value_note,
)
from desktop.finance.funding import after_e_rate, e_rate_timing_note, on_the_cost_after_e_rate
from desktop.finance.money import (
    EM_DASH,
    device_count,
    format_count,
    format_rate,
    format_split,
    format_year_span,
    to_ratio,
)
from desktop.finance.result import ScenarioResult
from desktop.finance.scenarios import (
    alternatives_note,
    best_return,
    beyond_the_best_note,
    buys_the_same,
)
from desktop.finance.sensitivity import one_way_note
from desktop.report import charts, charts_ranked, narrative
from desktop.report.context import ReportContext, TableCaption
from desktop.report.styles import INCH
from desktop.report.tables import (
    YearRow,
    figure_width,
    header_cell,
    make_table,
    number_cell,
    proportional_widths,
    text_cell,
    wrapping_number_cell,
    year_tables,
)
from desktop.report.text import clean
from desktop.vocabulary import ItemCategory
from desktop.wording import NO_NAME, across_years, in_a_list, shown_name

SCENARIOS_PER_TABLE = 4
SCENARIO_NAME_LIMIT = 80  # characters of a scenario's name, its end kept (see shorten_middle)
# A funding source's notes are its terms (a discount rate, a draw on fund balance, a yearly
# appropriation): printed whole up to this length, which a page holds in a few lines.
FUNDING_NOTE_LIMIT = 1_000


def _year_tables(
    ctx: ReportContext, rows: list[YearRow], caption: str, **options: Any
) -> list[Any]:
    story: list[Any] = []
    # A currency written as a code is said once, in the tables' corner: "CAD" in every cell
    # widened the columns so that five years no longer fit across the page.
    chunks = year_tables(
        rows,
        ctx.result.fiscal_year_labels,
        ctx.width,
        ctx.amount,
        keep_whole=True,
        corner=ctx.amounts_note,
        **options,
    )
    for index, (table, note) in enumerate(chunks):
        # A long plan is shown in blocks of years; say which block each one is, in a caption
        # that stays with its table's first rows as the numbered one does.
        if index == 0:
            story.append(ctx.table_caption(caption + (f"<br/>Plan {note}" if note else "")))
        else:
            story.append(TableCaption(f"Continued: {note}", ctx.styles.table_caption))
        # Whole on one page when it is short and a page holds it (the funding table began at a
        # page's foot with its heading and one source, the rest overleaf); a longer one runs
        # on, its header repeated, with never one or two rows alone overleaf.
        story += [table, Spacer(1, 6)]
    return story


def _support_and_learning(ctx: ReportContext) -> str:
    """How the cost paragraph goes on after "over the plan": the support and professional
    learning districts often leave out, naming the one this plan leaves out, if any."""
    tco = ctx.result.base.tco
    costed = {c.category for c in tco.by_category if c.line.total}
    support = ItemCategory.TECHNICAL_SUPPORT in costed
    learning = ItemCategory.PROFESSIONAL_LEARNING in costed
    if not support and not learning:
        return (
            "; it costs no technical support or professional learning, which districts often "
            "leave out"
        )
    share = f"({ctx.money(tco.indirect_total)}, {ctx.percent(tco.indirect_share)} of the total)"
    if support and learning:
        return (
            f", including the support and professional learning that districts often leave out "
            f"{share}"
        )
    held, missing = (
        ("technical support", "professional learning")
        if support
        else ("professional learning", "technical support")
    )
    return f", including the {held} that districts often leave out {share}; no {missing} is costed"


def _refreshes(ctx: ReportContext) -> str:
    """What replacing worn-out items adds; nothing when nothing is replaced within the plan
    ("adds $0.00" read as a figure left blank)."""
    refresh = ctx.result.base.tco.refresh_total
    if not refresh:
        return ""
    return f" Replacing items that wear out inside the plan adds {ctx.money(refresh)}."


def costs(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    tco = result.base.tco
    story: list[Any] = [CondPageBreak(3 * INCH), ctx.heading("What it costs, year by year")]
    story.append(
        ctx.para(
            f"The total cost of ownership counts every purchase, refresh and recurring cost over "
            f"the {result.horizon_years}-year plan{_support_and_learning(ctx)}."
            f"{_refreshes(ctx)}{_per_device(ctx)}"
        )
    )
    rows = [YearRow(c.category.label, c.line.by_year, c.line.total) for c in tco.by_category]
    rows.append(YearRow("Total cost of ownership", tco.by_year, tco.total, bold=True))
    story += _year_tables(ctx, rows, narrative.cost_conclusion(ctx), has_total_row=True)
    by_category = ctx.tables  # the table the cost chart's folded categories point to
    class_rows = [
        YearRow(c.tco_class.label, c.line.by_year, c.line.total) for c in tco.by_tco_class
    ]
    classes = len(class_rows)
    class_rows += [
        # The classes add up to the total; the two rows under it split the same total another
        # way. Listed above it, they read as more parts to add (twice the total in all).
        YearRow("Total cost of ownership", tco.by_year, tco.total, bold=True),
        YearRow("Of the total: one-time purchases", tco.one_time_by_year, tco.one_time_total),
        YearRow("Of the total: recurring costs", tco.recurring_by_year, tco.recurring_total),
    ]
    # With no cost the classes' shares are of nothing ("Capital items are — of the cost") and
    # the chart is empty: Table 1 has said the plan has no costs yet.
    if tco.total:
        story.append(CondPageBreak(2 * INCH))
        recurring, one_time = (
            format_split(tco.recurring_share)
            if tco.recurring_share is not None
            else (EM_DASH, EM_DASH)
        )
        story += _year_tables(
            ctx,
            class_rows,
            # "Capital" is a family of items (with their yearly fees), not "paid once": say both.
            f"Capital items (infrastructure and devices, their yearly fees included) are "
            f"{ctx.percent(_share(tco, 0))} of the cost. Of the whole, {one_time} is one-time "
            f"purchases; {recurring} is recurring cost, which continues after the plan ends.",
            strong_rows=[classes, classes + 1],
        )
        story.append(
            KeepTogether(
                [
                    charts.cost_by_year(result, ctx.width, ctx.coverage),
                    ctx.figure_caption(
                        " ".join(
                            part
                            for part in (
                                narrative.cost_conclusion(ctx),
                                charts.folded_note(result, by_category),
                            )
                            if part
                        )
                    ),
                ]
            )
        )
    story += _after_plan(ctx)
    verdict = (
        f"{narrative.payback_statement(result, 'The proposal')} "
        f"{narrative.net_position_conclusion(ctx)}"
    )
    # A section of its own: the return is what the CFO reads the case for.
    charted = narrative.net_position_charted(result)
    story.append(
        KeepTogether(
            [ctx.heading("Costs against benefits")]
            + (
                [
                    charts.net_position(result, ctx.width, ctx.coverage),
                    ctx.figure_caption(verdict),
                ]
                if charted
                else [ctx.para(verdict)]
            )
        )
    )
    returns = result.base.returns
    rows = [
        YearRow("Cost", tco.by_year, tco.total),
        YearRow(
            "Benefit: cost avoided",
            result.base.benefits.avoided_by_year,
            result.base.benefits.avoided_total,
        ),
        YearRow(
            "Benefit: savings",
            result.base.benefits.savings_by_year,
            result.base.benefits.savings_total,
        ),
        YearRow(
            "Net (benefit \u2212 cost)",
            returns.net_by_year,
            sum(returns.net_by_year, Decimal(0)),
            bold=True,
        ),
        YearRow("Running net position", returns.cumulative_by_year, None),
    ]
    # What the NPV is made of, so it can be followed by hand: each year's net at today's value,
    # and the factor that takes it there (year 1 is today), to six places so that a net times
    # its factor comes to within cents of the figure beside it. Last, under the undiscounted
    # rows, so none of them reads as discounted.
    discounted = [
        YearRow(
            f"Discount factor at {format_rate(returns.discount_rate)}",
            returns.discount_factors,
            None,
            shown=lambda factor: f"{to_ratio(factor):f}",  # half-up, as every figure
        ),
        YearRow("Net at today's value", returns.pv_net_by_year, returns.npv),
    ]
    caption = (
        f"Net present value {ctx.money(returns.npv)} at {format_rate(returns.discount_rate)}; "
        f"{narrative.payback_statement(result, 'it')}"
    )
    if returns.roi is not None:
        caption += (
            f" Return on investment over the plan, undiscounted: {ctx.percent(returns.roi, 1)} "
            "(benefits less costs, over costs)."
        )
    if result.savings_only_differs:
        # The same on budget money only, for the CFO who sets the risk estimates aside.
        alone = result.base.savings_only
        rows.append(
            YearRow(
                "Net, budget savings alone", alone.net_by_year, sum(alone.net_by_year, Decimal(0))
            )
        )
        # Its net present value, in the caption, built like the whole one so it can be
        # followed by hand too.
        discounted.append(YearRow("Savings alone, discounted", alone.pv_net_by_year, alone.npv))
        caption += (
            f" On budget savings alone, net present value {ctx.money(alone.npv)}; "
            f"{narrative.payback_statement(result, 'it', savings_only=True)}"
        )
    district = result.base.after_e_rate
    if result.after_e_rate_differs and district is not None:
        # Against the cost the district's budgets and grants carry, the E-Rate taken off.
        view = on_the_cost_after_e_rate(result.base.funding)
        rows.append(
            YearRow(f"Net {view}", district.net_by_year, sum(district.net_by_year, Decimal(0)))
        )
        discounted.append(YearRow(f"Net {view}, discounted", district.pv_net_by_year, district.npv))
        caption += (
            f" {view[0].upper()}{view[1:]}, net present value {ctx.money(district.npv)}; "
            f"{narrative.payback_statement(result, 'it', after_e_rate=True)}"
        )
    story += _year_tables(ctx, rows + discounted, caption, strong_rows=[3])
    for flag in result.savings_flags:  # savings their own measure will not show
        story.append(Paragraph(f"\u2022\u00a0{ctx.text(flag.message)}", ctx.styles.body_small))
    return story


def _per_device(ctx: ReportContext) -> str:
    """The cost per managed device, as the workbook and ``summary`` give it, with the count it
    divides by (which can differ from the students or from a risk's devices at stake)."""
    tco = ctx.result.base.tco
    if tco.per_device is None or tco.devices is None:
        return ""
    # Which count it is, so it is not read against the students or a risk's devices at stake
    # (the sample insures 3,600 devices and manages 3,780, its spares included).
    managed = any(
        flow.category is ItemCategory.DEVICE_MANAGEMENT and flow.quantity == tco.devices
        for flow in ctx.result.base.items
    )
    counted = (
        "as many as its device management items cover"
        if managed
        else "the hardware items' quantities added up"
    )
    years = ctx.result.horizon_years
    per_year = (
        f", {ctx.money(tco.per_device_per_year)} a year"
        if years > 1 and tco.per_device_per_year is not None
        else ""
    )
    return (
        f" Spread over the managed devices ({device_count(tco.devices)}, {counted}), the "
        f"plan's whole cost comes to {ctx.money(tco.per_device)} a device over "
        f"{format_count(years, 'year')}{per_year}."
    )


def _after_plan(ctx: ReportContext) -> list[Any]:
    """What goes on costing after the plan (the recurring costs) and the replacements due in
    the years after it: not in its cost, but the CFO's next budgets will meet them. And the use
    still to come from purchases late in the plan, whose whole price its cost counts."""
    after, currency = ctx.result.after_plan, ctx.result.currency
    notes = (
        recurring_after_note(after, currency),
        after_plan_note(after, currency),
        remaining_value_note(after, currency),
    )
    said = " ".join(note for note in notes if note)
    if not said:
        return []
    story: list[Any] = [
        # Room for the note, and for the table's first rows when there is one.
        CondPageBreak((2 if after.refreshes else 1.2) * INCH),
        ctx.heading("After the plan", 1),
        ctx.para(ctx.text(said)),
    ]
    if not after.refreshes:
        return story
    rows: list[list[Any]] = [
        [
            header_cell("Item"),
            header_cell("Category"),
            header_cell("Year"),
            header_cell(ctx.in_currency("Replacement cost"), numeric=True),
        ]
    ]
    shown, others, others_total = listed_refreshes(after)
    for refresh in shown:
        rows.append(
            [
                text_cell(ctx.text(refresh.name, 160)),
                text_cell(refresh.category.label),
                text_cell(refresh.fiscal_year_label),
                number_cell(ctx.amount(refresh.amount)),
            ]
        )
    if others:
        rows.append(
            [
                text_cell(f"<i>{format_count(others, 'other replacement')}</i>"),
                "",
                "",
                number_cell(ctx.amount(others_total)),
            ]
        )
    rows.append(
        [text_cell("Total", bold=True), "", "", number_cell(ctx.amount(after.total), bold=True)]
    )
    table = make_table(rows, proportional_widths(ctx.width, [46, 24, 12, 18]), total_row=True)
    span = format_year_span(after.first_label, after.last_label)
    return [
        *story,
        ctx.table_caption(
            f"Replacements due in {span}, the {after.years} years after the plan, for the "
            "proposal as entered, at its price increases; not part of the total cost of "
            "ownership."
        ),
        table,
    ]


def _share(tco: Any, index: int) -> Any:
    return tco.by_tco_class[index].line.share if tco.by_tco_class else None


def funding_caption(ctx: ReportContext) -> str:
    """Whether funding covers each year's cost, with and without the money not yet secured:
    the line under the funding table, in the full case and on the handout."""
    plan = ctx.result.base.funding
    if plan.extra_shortfall_total > 0:
        pending, without = ctx.money(plan.pending_total), ctx.money(plan.gap_without_pending_total)
        return (
            f"Funding covers the cost in every year only with the {pending} not yet secured; "
            f"without it the gap would be {without}."
            if plan.gap_total == 0
            else f"Funding falls short by {ctx.money(plan.gap_total)} even with the {pending} "
            f"not yet secured, and by {without} without it; a surplus in one year is not "
            "assumed to carry into the next."
        )
    if plan.gap_total == 0 and not plan.sources:
        return "Neither a cost nor a funding source is entered yet."
    if plan.gap_total == 0:
        return "Funding covers the cost in every year of the plan."
    years = across_years(ctx.result.fiscal_year_labels, plan.gap_by_year)
    return (
        f"Funding falls short by {ctx.money(plan.gap_total)} {years}; a surplus in one "
        "year is not assumed to carry into the next."
    )


def funding(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    plan = result.base.funding
    intro = [
        ctx.heading("How it is funded"),
        ctx.para(narrative.funding_sentence(ctx, payers_named=True)),
    ]
    rows = [
        YearRow(
            f"{ctx.text(s.name, 120)}<br/><font size=7>{s.kind.label}, "
            f"{'recurring' if s.recurring else 'temporary'}"
            f"{'' if s.secured else ', <b>not yet secured</b>'}</font>",
            s.by_year,
            s.total,
        )
        for s in plan.sources
    ]
    first_total = len(rows)
    rows += [
        YearRow("Total funding", plan.by_year, plan.total, bold=True),
        YearRow("Cost of the plan", result.base.tco.by_year, result.base.tco.total),
        # The federal discount taken off: what the district's own budgets and its grants carry.
        *(
            [
                YearRow(
                    f"Cost of the plan {after_e_rate(plan)}",
                    plan.cost_after_e_rate_by_year,
                    plan.cost_after_e_rate_total,
                )
            ]
            if after_e_rate(plan)
            else []
        ),
        YearRow(plan.gap_label, plan.gap_by_year, plan.gap_total, bold=True),
        YearRow("Surplus", plan.surplus_by_year, plan.surplus_total),
        YearRow(
            "Recurring costs paid from temporary money",
            plan.temporary_for_recurring_by_year,
            plan.temporary_for_recurring_total,
        ),
    ]
    caption = funding_caption(ctx)
    tables = _year_tables(ctx, rows, caption, strong_rows=[first_total] if rows else [])
    # The heading and its sentence go with the table's first rows (see caption_tables): they
    # stood alone at the foot of a page, a third of it blank, the table overleaf; kept together
    # with a table taller than a page, they stood alone on a page of their own.
    story: list[Any] = [CondPageBreak(3 * INCH), *intro, *tables]
    # What the director wrote of each source (a discount rate, a one-time draw, a yearly
    # appropriation): the terms a CFO weighs a source by, which the figures do not carry.
    for source in ctx.data.funding:
        notes = clean(source.notes)
        if not shown_name(notes):  # blank, or only characters that print as nothing
            continue
        name = ctx.text(source.name, 120) or NO_NAME
        shown = ctx.text(notes, FUNDING_NOTE_LIMIT)
        if len(notes) > FUNDING_NOTE_LIMIT:
            shown += " (the whole note is in the workbook's Funding sheet)"
        story.append(Paragraph(f"<b>{name}</b>: {shown}", ctx.styles.body_small))
    for flag in plan.flags:
        story.append(Paragraph(f"\u2022\u00a0{ctx.text(flag.message)}", ctx.styles.body_small))
    e_rate = e_rate_timing_note(plan, result.fiscal_year_labels, result.currency)
    if e_rate:
        story.append(Paragraph(f"\u2022\u00a0{e_rate}", ctx.styles.body_small))
    if plan.sources:
        reliance = plan.grant_reliance_share
        story.append(
            KeepTogether(
                [
                    charts.funding_mix(result, ctx.width, ctx.coverage),
                    ctx.figure_caption(
                        "Funding by kind of source against the cost of each year; "
                        + (
                            f"temporary money pays {ctx.percent(reliance, 1)} of recurring costs."
                            if reliance
                            else "recurring costs do not lean on temporary money."
                        )
                    ),
                ]
            )
        )
    return story


def _scenario_name(ctx: ReportContext, name: str) -> str:
    """A scenario's name, cut in the middle when long: scenarios named alike but for their end
    ("… option A", "… option B") had columns headed the same when cut at the end."""
    return ctx.text(name, SCENARIO_NAME_LIMIT, middle=True)


def _scenario_rows(ctx: ReportContext, group: list[ScenarioResult]) -> list[list[Any]]:
    def payback(s: ScenarioResult) -> str:
        # Worded as on every other surface: "Year 3 (2029–30)", "Not within the plan", or "—"
        # when nothing is spent.
        return ctx.result.payback_text(s)

    def versus(s: ScenarioResult, attribute: str) -> str:
        if s.versus_base is None:
            return "\u2014"
        return ctx.amount(getattr(s.versus_base, attribute))

    # One label for every column: qualified when any scenario counts money not yet secured.
    gap_label = ctx.result.scenarios_gap_label
    lines: list[tuple[str, Any, bool]] = [
        ("Items", lambda s: str(len(s.items)), False),
        ("Total cost of ownership", lambda s: ctx.amount(s.tco.total), True),
        ("Cost per student per year", lambda s: ctx.amount(s.tco.per_student_per_year), False),
        ("One-time purchases", lambda s: ctx.amount(s.tco.one_time_total), False),
        ("Recurring costs", lambda s: ctx.amount(s.tco.recurring_total), False),
        ("Benefits (avoided + saved)", lambda s: ctx.amount(s.benefits.total), False),
        ("Net present value", lambda s: ctx.amount(s.returns.npv), True),
        ("Payback", payback, False),
        (gap_label, lambda s: ctx.amount(s.funding.gap_total), False),
        (
            "Temporary money for recurring costs",
            lambda s: ctx.percent(s.funding.reliance_shown, 1),
            False,
        ),
        ("Cost compared with as proposed", lambda s: versus(s, "tco"), False),
        ("NPV compared with as proposed", lambda s: versus(s, "npv"), False),
    ]
    rows: list[list[Any]] = [
        [header_cell(ctx.amounts_note)]
        + [header_cell(_scenario_name(ctx, s.name), numeric=True) for s in group]
    ]
    for label, getter, bold in lines:
        rows.append(
            [text_cell(label, bold=bold)] + [number_cell(getter(s), bold=bold) for s in group]
        )
    return rows


def scenarios(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    heading = ctx.heading("Scenarios side by side")
    others = list(result.scenarios[1:])
    if not others:
        return [
            CondPageBreak(3 * INCH),
            heading,
            ctx.para(
                "Only the proposal as submitted is costed; no alternative scenario has been set up."
            ),
        ]
    # A scenario that buys exactly what the proposal buys would repeat its column figure for
    # figure: it is named under the table instead.
    twins = [s for s in others if buys_the_same(s, result.base)]
    if len(twins) < len(others):
        others = [s for s in others if all(s is not twin for twin in twins)]
    else:
        twins = []  # twins alone keep their columns: there would be no table otherwise
    lead: list[Any] = [
        heading,
        ctx.para(
            "Each scenario keeps the same goals, risks and funding and changes which items are "
            "bought and how many, so the board can see what a smaller or larger plan costs and "
            "returns."
        ),
    ]
    for s in result.scenarios[1:13]:
        if s.description:
            lead.append(
                Paragraph(
                    f"<b>{_scenario_name(ctx, s.name)}</b>: {ctx.text(s.description, 400)}",
                    ctx.styles.body_small,
                )
            )
    groups = [
        others[i : i + SCENARIOS_PER_TABLE - 1]
        for i in range(0, len(others), SCENARIOS_PER_TABLE - 1)
    ]
    best = best_return(result)
    cheapest = min(result.scenarios, key=lambda s: s.tco.total)
    story: list[Any] = [CondPageBreak(3 * INCH)]
    for index, group in enumerate(groups):
        columns = [result.base, *group]
        rows = _scenario_rows(ctx, columns)
        texts = [str(cell) for row in rows[1:] for cell in row[1:]]
        number = max(figure_width(texts), (ctx.width - 150) / SCENARIOS_PER_TABLE)
        number = min(number, (ctx.width - 110) / len(columns))
        table = make_table(rows, [ctx.width - number * len(columns)] + [number] * len(columns))
        # A table of a few lines, kept whole: split, its last rows stood alone on the next page.
        # The first one keeps the heading and the scenarios' descriptions with it, which would
        # otherwise stand alone at the foot of a page above a blank half.
        block: list[Any] = lead if index == 0 else []
        if index == 0:
            block.append(
                ctx.table_caption(
                    f"\u201c{_scenario_name(ctx, best.name)}\u201d has the highest net present "
                    f"value ({ctx.money(best.returns.npv)})"
                    + (
                        " and"
                        if best is cheapest
                        else f"; \u201c{_scenario_name(ctx, cheapest.name)}\u201d"
                    )
                    + f" costs least ({ctx.money(cheapest.tco.total)})."
                )
            )
        story += [KeepTogether([*block, table]), Spacer(1, 8)]
    for said in (beyond_the_best_note(result), alternatives_note(result)):
        if said:
            story.append(ctx.para(ctx.text(said)))
    if twins:
        quoted = [f"\u201c{_scenario_name(ctx, s.name)}\u201d" for s in twins]
        names = in_a_list(quoted)
        verb, its = ("buys", "its") if len(twins) == 1 else ("buy", "their")
        story.append(
            ctx.para(
                f"{names} {verb} every item at the quantities proposed, so {its} figures are "
                "those of the proposal, in the first column."
            )
        )
    return story


def sensitivity(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    sens = result.sensitivity
    step = ctx.percent(sens.step)
    story: list[Any] = [CondPageBreak(3 * INCH), ctx.heading("What moves the result most")]
    if not sens.lines:
        return story + [ctx.para("There is nothing to vary yet.")]
    if not any(line.swing for line in sens.lines):
        # Eight rows of $0.00 and a chart of empty bars, ranked "most" to "least".
        return story + [
            ctx.para(
                "Nothing moves the result yet: with no cost or saving entered, and no item "
                f"reducing a risk, lowering or raising any estimate by {step} leaves the net "
                f"present value at {ctx.money(result.npv)}."
            )
        ]
    story.append(
        ctx.para(
            f"Each estimate was lowered and raised by {step} on its own, everything else as "
            "proposed, to see how far the net present value moves. Quantities move every cost "
            "and saving, and the cost avoided when they fall. When a risk's likelihood without "
            "the plan moves, its likelihood with the plan moves by as much: the plan still "
            "prevents as many occurrences as it did. The estimates at the top deserve "
            "the firmest figures: quotes for costs, the district's own records for "
            "likelihoods."
        )
    )
    rows: list[list[Any]] = [
        [
            header_cell("Rank", numeric=True),
            header_cell("Estimate"),
            header_cell(ctx.in_currency(f"NPV, estimate \u2212{step}"), numeric=True),
            header_cell(ctx.in_currency(f"NPV, estimate +{step}"), numeric=True),
            header_cell(ctx.in_currency("Swing"), numeric=True),
        ]
    ]
    figures = [
        (ctx.amount(line.npv_low_input), ctx.amount(line.npv_high_input), ctx.amount(line.swing))
        for line in sens.lines
    ]
    # Three figure columns as wide as their widest figure, leaving the estimate's name room;
    # figures too wide for that (sextillions, from extreme estimates) wrap in their cells
    # rather than push the table past the page, which failed the whole export.
    room = (ctx.width - 30 - 120) / 3
    number = max(figure_width([f for trio in figures for f in trio]), 70.0)
    wide, number = number > room, min(number, room)

    def figure(text: str, *, bold: bool = False) -> Any:
        if wide:
            return wrapping_number_cell(f"<b>{text}</b>" if bold else text)
        return number_cell(text, bold=bold)

    for rank, (line, (low, high, swing)) in enumerate(zip(sens.lines, figures, strict=True), 1):
        rows.append(
            [
                number_cell(str(rank)),
                text_cell(line.label),
                figure(low),
                figure(high),
                figure(swing, bold=True),
            ]
        )
    top = sens.lines[0]
    # Kept whole: split, its last row stood alone on the next page, and the heading with it.
    table = make_table(rows, [30, ctx.width - 30 - 3 * number] + [number] * 3, keep_whole=True)
    story.append(
        ctx.table_caption(
            f"\u201c{top.label}\u201d moves the result most: \u00b1{step} swings the net "
            f"present value by {ctx.money(top.swing)}."
        )
    )
    story.append(table)
    one_way = one_way_note(sens)
    if one_way:
        story += [Spacer(1, 4), Paragraph(one_way, ctx.styles.body_small)]
    story.append(
        KeepTogether(
            [
                charts_ranked.tornado(result, ctx.width, ctx.coverage),
                ctx.figure_caption(
                    f"Net present value as proposed is {ctx.money(sens.base_npv)}; the longest "
                    "bars show the estimates to firm up first."
                ),
            ]
        )
    )
    return story
