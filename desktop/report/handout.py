"""The two-page CFO handout: the ask and the headline numbers with one chart on the first page;
the alignment story and the funding plan by year on the second, each page with room to write.

Each page's content sits in a shrink-to-fit frame and the lists are capped, so a proposal with
hundreds of items, goals or funding sources still prints on exactly two sheets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop.finance.funding import e_rate_timing_note
from desktop.finance.money import format_count, format_year_span
from desktop.finance.result import FundingSourceResult
from desktop.finance.scenarios import (
    alternatives_note,
    best_return,
    beyond_the_best_note,
    buys_the_same,
)
from desktop.report import charts, narrative
from desktop.report.context import ReportContext
from desktop.report.sections_front import _headline_table, template_notice
from desktop.report.sections_money import funding_caption
from desktop.report.styles import PALETTE, color
from desktop.report.tables import YearRow, year_tables
from desktop.wording import long_date

MAX_GOALS = 8
MAX_RISKS = 5
MAX_SOURCES = 6
# The funding flags the handout repeats: the ones a CFO would otherwise find only in the case.
HANDOUT_FUNDING_FLAGS = frozenset({"e_rate_beyond_eligible", "funding_surplus"})
# The least room a page's notes box keeps: its heading and two ruled lines. Content that
# leaves less is shrunk to fit, so this is weighed against the type size: the sample's pages
# print at 95% or more on Letter and in full on A4.
NOTES_LEAST = 56.0


def _notes_box(ctx: ReportContext, height: float) -> Table:
    """A ruled box for pen notes in the meeting."""
    lines = max(2, int((height - 16) // 20))
    rows = [[Paragraph("Notes", ctx.styles.figure_label)]] + [[""] for _ in range(lines)]
    table = Table(rows, colWidths=[ctx.width], rowHeights=[16] + [20] * lines)
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.6, color(PALETTE.rule)),
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
    ]
    for row in range(1, lines):
        commands.append(("LINEBELOW", (0, row), (-1, row), 0.25, color("#D0D0D0")))
    table.setStyle(TableStyle(commands))
    return table


def _natural_height(ctx: ReportContext, content: list[Any]) -> float:
    """How tall ``content`` is at full size in the body's width."""
    total = 0.0
    for flowable in content:
        _width, height = flowable.wrap(ctx.width, ctx.height)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _page(ctx: ReportContext, content: list[Any]) -> list[Any]:
    """``content`` at full size when it fits above a notes box of at least ``NOTES_LEAST``
    points (the box then takes whatever room is left), shrunk to fit when it does not."""
    gap, slack = 8.0, 6.0  # the slack: the frame's own padding and rounding
    notes_height = max(NOTES_LEAST, ctx.height - gap - _natural_height(ctx, content) - slack)
    # When the content is shrunk to leave the notes their least room, it keeps the same slack,
    # and the space the page leaves after its last paragraph, which the frame adds below the
    # shrunk content (without them, the notes box spilled onto a third, empty page).
    room = ctx.height - notes_height - gap - slack - content[-1].getSpaceAfter()
    return [
        KeepInFrame(ctx.width, room, content, mode="shrink"),
        Spacer(1, gap),
        _notes_box(ctx, notes_height),
    ]


def _first_page(ctx: ReportContext) -> list[Any]:
    data, styles = ctx.data, ctx.styles
    status = "Final" if str(data.status).lower() == "final" else "Draft"
    parts = [ctx.text(data.district, 160), status, long_date(ctx.generated_on)]
    if data.prepared_by.strip():
        parts.append(f"prepared by {ctx.text(data.prepared_by, 100)}")
    # With no district yet the line began with a lone "·".
    meta = " \u00b7 ".join(part for part in parts if part.strip())
    scenarios = _scenarios_line(ctx)
    # A lower chart makes room for the scenarios' line, and for the return on the district's
    # side of the E-Rate, so the page keeps its type size.
    chart_height = 190 - (54 if scenarios else 0) - (14 if ctx.result.after_e_rate_differs else 0)
    return [
        Paragraph(ctx.text(data.name, 160) or "Untitled proposal", styles.h1),
        Paragraph(meta, styles.note),
        # Before the ask: its figures rest on whatever of the template is left.
        *([Spacer(1, 4), *notice] if (notice := template_notice(ctx)) else []),
        Spacer(1, 6),
        Paragraph("The ask", styles.h2),
        Paragraph(narrative.ask(ctx), styles.lead),
        Paragraph(narrative.what_we_get(ctx), styles.body),
        _headline_table(ctx),
        Spacer(1, 8),
        Paragraph(narrative.return_sentence(ctx, brief=True), styles.body),
        *(
            [
                charts.net_position(ctx.result, ctx.width, ctx.coverage, height=chart_height),
                ctx.figure_caption(narrative.net_position_conclusion(ctx)),
            ]
            if narrative.net_position_charted(ctx.result)
            else []  # the return sentence has said there is nothing to pay back
        ),
        *scenarios,
    ]


# The scenarios a handout names at most (the full case compares them all).
MAX_SCENARIOS = 3


def _scenarios_line(ctx: ReportContext) -> list[Any]:
    """The other scenarios in one short paragraph: what each costs and returns, and, when a
    cheaper one returns more, that the full case says what the proposal's extra buys."""
    result = ctx.result
    others = [s for s in result.scenarios[1:] if not buys_the_same(s, result.base)]
    if not others:
        return []
    # The one with the best return always among those named: the note below points to it.
    best = best_return(result)
    shown = others[:MAX_SCENARIOS]
    if all(s is not best for s in shown) and any(s is best for s in others):
        shown = [*shown[:-1], best]
    named = "; ".join(
        f"\u201c{ctx.text(s.name, 60, middle=True)}\u201d costs {ctx.money(s.tco.total)}, "
        f"net present value {ctx.money(s.returns.npv)}"
        for s in shown
    )
    rest = len(others) - len(shown)
    more = f"; and {rest:,} more in the full case" if rest else ""  # "2 more", not "2 mores"
    text = f"<b>Other scenarios:</b> {named}{more}."
    if beyond_the_best_note(result):
        text += (
            " The full case names what the proposal buys beyond "
            f"\u201c{ctx.text(best.name, 60, middle=True)}\u201d for the difference."
        )
    if alternatives_note(result):
        text += (
            " The full case names the scenarios that count risks as mitigated in full for "
            "buying an item the proposal lists at quantity 0."
        )
    return [Spacer(1, 4), Paragraph(text, ctx.styles.body_small)]


def _second_page(ctx: ReportContext) -> list[Any]:
    data, result, styles = ctx.data, ctx.result, ctx.styles
    story: list[Any] = [Paragraph("What it serves and what it protects", styles.h2)]
    story.append(Paragraph(narrative.alignment_sentence(ctx, lists_follow=True), styles.body))
    served = {link.goal_key for item in data.items for link in item.goal_links}
    goals = [g for g in data.goals if g.key in served]
    for goal in goals[:MAX_GOALS]:
        count = sum(1 for i in data.items if any(lk.goal_key == goal.key for lk in i.goal_links))
        story.append(
            Paragraph(
                f"\u2022\u00a0{ctx.goal_name(goal.key)} \u2014 {format_count(count, 'item')}",
                styles.list_small,
            )
        )
    if len(goals) > MAX_GOALS:
        more = format_count(len(goals) - MAX_GOALS, "more goal")
        story.append(Paragraph(f"and {more}.", styles.note))
    risks = narrative.top_risks(result, MAX_RISKS)
    if risks:
        heading = "Largest risks reduced" if len(risks) > 1 else "Risk reduced most"
        story.append(Paragraph(f"{heading} (expected loss a year)", styles.h3))
        for risk in risks:
            story.append(
                Paragraph(
                    f"\u2022\u00a0{ctx.text(risk.title, 140)}: "
                    f"{ctx.money(risk.expected_loss_before)} \u2192 "
                    f"{ctx.money(risk.expected_loss_after)}",
                    styles.list_small,
                )
            )
    story.append(Paragraph("Funding plan by year", styles.h2))
    story.append(Paragraph(narrative.funding_sentence(ctx), styles.body))
    plan = result.base.funding
    # The largest sources, in the order they were entered (as the full case lists them).
    # One source left over is shown by name: "1 other source" hid which (and saved no room).
    room = MAX_SOURCES if len(plan.sources) > MAX_SOURCES + 1 else MAX_SOURCES + 1
    largest = sorted(plan.sources, key=lambda s: s.total, reverse=True)[:room]
    shown = [s for s in plan.sources if any(s is big for big in largest)]
    rows = [YearRow(_source_label(ctx, s), s.by_year, s.total) for s in shown]
    if len(plan.sources) > room:
        rest = [s for s in plan.sources if not any(s is big for big in largest)]
        by_year = [sum(v, Decimal(0)) for v in zip(*(s.by_year for s in rest), strict=True)]
        rest_total = sum((s.total for s in rest), Decimal(0))
        label = format_count(len(rest), "other source")
        pending = sum((s.total for s in rest if not s.secured), Decimal(0))
        if pending:  # the mark a source not yet secured has on its own row
            label += f" ({ctx.money(pending)} not yet secured)"
        rows.append(YearRow(label, by_year, rest_total))
    first_total = len(rows)
    rows += [
        YearRow("Total funding", plan.by_year, plan.total, bold=True),
        YearRow("Cost of the plan", result.base.tco.by_year, result.base.tco.total),
        YearRow(plan.gap_label, plan.gap_by_year, plan.gap_total, bold=True),
    ]
    if plan.surplus_total > 0:
        # Without it, funding less cost would not come to the gap in a plan with both.
        rows.append(YearRow("Surplus", plan.surplus_by_year, plan.surplus_total))
    tables, folded = _one_table(ctx, rows, strong_rows=[first_total])
    if plan.gap_total or plan.pending_total:
        # With every year covered by money in hand the sentence above has said so already:
        # the line is left out for the room the table needs.
        story.append(ctx.table_caption(funding_caption(ctx)))
    for table in tables:
        story += [table, Spacer(1, 4)]
    if folded:
        story.append(
            Paragraph(
                f"The years from {folded} are added up in one column; the full case shows "
                "each of them.",
                styles.note,
            )
        )
    # What the full case asks of the funding that the table cannot show: E-Rate above what it
    # can discount, money beyond the cost. (Money not yet secured is in the caption.)
    for flag in plan.flags:
        if flag.code in HANDOUT_FUNDING_FLAGS:
            story.append(Paragraph(f"<b>To check:</b> {ctx.text(flag.message)}", styles.body_small))
    # A CFO plans the cash: when the district is reimbursed rather than billed at the
    # discounted price, another budget carries the E-Rate share for months.
    e_rate = e_rate_timing_note(plan, result.fiscal_year_labels, result.currency, brief=True)
    if e_rate:
        story.append(Paragraph(f"<b>E-Rate timing:</b> {e_rate}", styles.body_small))
    after = _after_the_plan(ctx)
    if after:
        story.append(Paragraph(after, styles.body_small))
    return story


def _says_temporary(name: str) -> bool:
    """Whether a source's name (folded, hyphens as spaces) already says it does not recur."""
    return any(words in name for words in ("one time", "temporary", "one off"))


def _source_label(ctx: ReportContext, source: FundingSourceResult) -> str:
    """A source's name, with what the CFO weighs it by: temporary money, or money not yet
    secured (recurring and secured is what a source is unless it says so)."""
    # A name that already says it ("Fund balance (one-time)") is not told again.
    said = source.name.casefold().replace("-", " ")
    marks = [
        mark
        for mark, shown in (
            ("temporary", not source.recurring and not _says_temporary(said)),
            ("not yet secured", not source.secured),
        )
        if shown
    ]
    return ctx.text(source.name, 70) + (f" ({', '.join(marks)})" if marks else "")


def _one_table(
    ctx: ReportContext, rows: list[YearRow], *, strong_rows: list[int]
) -> tuple[list[Table], str]:
    """The rows in one table at a readable size (in blocks of years only if even one year and
    the rest will not fit), and the first year added up with those after it ("" when none
    is). A long plan keeps its first years a column each and adds up the rest
    in one column: in blocks of years, ten years took the page's type down to 6 pt and thirty
    to under 5 pt; the full case shows every year."""
    labels = list(ctx.result.fiscal_year_labels)
    # A currency written as a code is said once, in the table's corner, as in the full case.
    options: dict[str, Any] = {
        "money": ctx.amount,
        "corner": ctx.amounts_note,
        "strong_rows": strong_rows,
    }

    def laid_out(keep: int) -> tuple[list[Any], str]:
        """The tables with the first ``keep`` years a column each, and the first year folded."""
        if keep == len(labels):
            return year_tables(rows, labels, ctx.width, **options), ""
        shown_labels = [*labels[:keep], format_year_span(labels[keep], labels[-1])]
        shown_rows = [
            YearRow(
                row.label,
                [*row.by_year[:keep], sum(row.by_year[keep:], Decimal(0))],
                row.total,
                bold=row.bold,
                shown=row.shown,
            )
            for row in rows
        ]
        tables = year_tables(shown_rows, shown_labels, ctx.width, **options)
        return tables, labels[keep]

    # The most years kept whole that still fit one table: found by halving (a 30-year plan
    # laid out every count from 30 down, about 1.5 s), as fewer columns never fit worse.
    tables, folded = laid_out(len(labels))
    if len(tables) > 1:
        low, high = 1, len(labels) - 1  # ``high + 1`` does not fit
        tables, folded = laid_out(low)
        while low < high:
            middle = (low + high + 1) // 2
            tried = laid_out(middle)
            if len(tried[0]) == 1:
                low, (tables, folded) = middle, tried
            else:
                high = middle - 1
    return [table for table, _note in tables], folded


def _after_the_plan(ctx: ReportContext) -> str:
    """What the budgets after the plan meet, in one sentence ("" when nothing): the recurring
    costs go on, and replacements fall due. A CFO who reads only the handout is asked to fund
    the plan's years; these come next and are in neither its total nor its funding table."""
    after = ctx.result.after_plan
    parts = []
    if after.recurring_next_year:
        parts.append(
            f"the recurring costs go on, {ctx.money(after.recurring_next_year)} in "
            f"{after.first_label} and every year after at the plan's price increases"
        )
    if after.refreshes:
        span = format_year_span(after.first_label, after.last_label)
        count = len(after.refreshes)
        parts.append(
            f"1 replacement, {ctx.money(after.total)}, falls due in {span}"
            if count == 1
            else f"{count:,} replacements totaling {ctx.money(after.total)} fall due in {span}"
        )
    if not parts:
        return ""
    apart = "Neither is" if len(parts) == 2 else "That is not"
    return f"<b>After the plan:</b> {'; '.join(parts)}. {apart} in the total cost above."


def handout_story(ctx: ReportContext) -> list[Any]:
    return [
        *_page(ctx, _first_page(ctx)),
        PageBreak(),
        *_page(ctx, _second_page(ctx)),
    ]
