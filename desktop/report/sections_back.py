"""The back of the business case: the rubric self-assessment, the assumptions behind every
figure, the item detail appendix, and the approval block with lines to sign.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.finance.money import format_count, format_number, format_rate, format_year_span
from desktop.finance.rubric import RUBRIC_SCOPE, TOP_LEVEL_NEXT_STEP, rubric_beside_return
from desktop.finance.scenarios import fiscal_year_label
from desktop.report import narrative
from desktop.report.context import ReportContext
from desktop.report.sections_case import items_to_list
from desktop.report.styles import INCH, PALETTE, color, table_style_commands
from desktop.report.tables import (
    FIGURE_SIZE,
    Figure,
    figure_width,
    header_cell,
    make_table,
    number_cell,
    proportional_widths,
    text_cell,
)
from desktop.vocabulary import ItemCategory, TcoClass

LEVEL_MARKS = {
    1: "\u25cf\u25cb\u25cb\u25cb",
    2: "\u25cf\u25cf\u25cb\u25cb",
    3: "\u25cf\u25cf\u25cf\u25cb",
    4: "\u25cf\u25cf\u25cf\u25cf",
}


def rubric(ctx: ReportContext) -> list[Any]:
    result = ctx.result
    story: list[Any] = [
        CondPageBreak(3 * INCH),
        ctx.heading("Budget and resources self-assessment"),
    ]
    story.append(
        ctx.para(
            "The proposal checked against the four elements of the budget and resources rubric, "
            "from Beginning (1) to Exemplary (4). The reasons come from the proposal's own "
            f"figures; the next steps say what would raise each level. {RUBRIC_SCOPE} "
            + ctx.text(rubric_beside_return(result))
        )
    )
    rows: list[list[Any]] = [
        [
            header_cell("Element"),
            header_cell("Level"),
            header_cell("Why"),
            header_cell("Next steps"),
        ]
    ]
    for assessment in result.rubric:
        level = int(assessment.level)
        rows.append(
            [
                text_cell(f"<b>{assessment.label}</b>"),
                text_cell(
                    f"{LEVEL_MARKS.get(level, '')}<br/>{level} \u2014 {assessment.level.label}"
                ),
                text_cell("<br/>".join(f"\u2022\u00a0{ctx.text(r)}" for r in assessment.reasons)),
                text_cell(
                    "<br/>".join(f"\u2022\u00a0{ctx.text(s)}" for s in assessment.next_steps)
                    or f"<i>{TOP_LEVEL_NEXT_STEP}</i>"
                ),
            ]
        )
    table = make_table(rows, proportional_widths(ctx.width, [18, 13, 41, 28]), banded=True)
    levels = ", ".join(f"{a.label.lower()} {int(a.level)}" for a in result.rubric)
    weakest = min(result.rubric, key=lambda a: a.level) if result.rubric else None
    caption = f"Self-assessed levels: {levels}."
    if weakest is not None and int(weakest.level) < 4:
        caption += f" The quickest gain is in {weakest.label.lower()}."
    story += [ctx.table_caption(caption), table]
    return story


def assumptions(ctx: ReportContext) -> list[Any]:
    data, result = ctx.data, ctx.result
    sources = sum(1 for item in data.items if item.figure_source.strip())
    lines = [
        (
            "Plan",
            f"{format_count(result.horizon_years, 'year')}, "
            f"{format_year_span(result.fiscal_year_labels[0], result.fiscal_year_labels[-1])}; "
            "plan year 1 is the fiscal year starting in "
            f"{result.fiscal_year_start}.",
        ),
        (
            "Students",
            f"{result.students:,} students; cost per student per year is the total cost "
            "divided by students and by the years of the plan.",
        ),
        ("Currency", f"All amounts in {ctx.text(result.currency)}, to the cent."),
        ("Discount rate", narrative.discount_rate_note(ctx)),
        (
            "Price escalation",
            # Which year's prices the entered ones are: a CFO reading "typical 2026 pricing" in
            # an item's source asked whether the plan's first year was raised from it (it is not).
            f"Prices are entered as those of the plan's first year, "
            f"{result.fiscal_year_labels[0]}; later years rise by "
            f"{format_rate(data.purchase_escalation_rate)} a year for purchases and "
            f"{format_rate(data.recurring_escalation_rate)} for recurring costs, compounding.",
        ),
        (
            "Refresh",
            "An item with a lifespan is bought again every lifespan after its start year "
            "while inside the plan; the later purchases are its refresh cost.",
        ),
        (
            "Residual value",
            "None is counted. A purchase late in the plan counts at its full price, though "
            "the equipment serves on after the plan ends; this understates the return.",
        ),
        (
            "Rounding",
            "Each item's yearly one-time and recurring amount, and each risk's expected "
            "annual loss, is rounded half-up to the cent once; every total is the exact "
            "sum of those cents, so every table adds up. Present values and per-student "
            "figures are rounded once, at the end.",
        ),
        (
            "Net present value",
            "Net = benefits \u2212 costs in each year. Year 1 is not "
            "discounted; year y is divided by (1 + rate) to the power y \u2212 1. The costs "
            "are the whole cost of the plan, whoever pays it: E-Rate is counted as funding, not "
            "as a lower cost."
            + (
                " The figures on the cost after the E-Rate secured weigh the same benefits "
                "against the cost less that discount, year by year."
                if result.after_e_rate_differs
                else ""
            ),
        ),
        (
            "Payback",
            "The first plan year from which the running net position stays zero or better "
            "to the end of the plan, counted only once money has been spent. A plan that dips "
            "below zero again (say, at a refresh) pays back only when it recovers for good.",
        ),
        (
            "Cost avoided",
            "Expected annual loss = things at risk \u00d7 yearly chance \u00d7 cost "
            "per event, before and after mitigation. The difference is shared equally among "
            "the items that mitigate the risk, and each brings its share from the year it "
            "starts: the whole difference counts once every one of them is in place. A "
            "scenario earns of each item's share the part of the item it buys (none when it "
            "drops the item; buying more than proposed mitigates no more).",
        ),
        (
            "Savings",
            "An item's annual savings are stated for its own quantity and count from its "
            "start year. A scenario with a different quantity scales them in proportion, "
            "rounded to the cent; at quantity zero an item saves nothing.",
        ),
        (
            "Budget savings alone",
            "The net present value and payback again, with the savings as the only benefit: "
            "money that leaves the budget today and will not once the plan is in place. Cost "
            "avoided is an expectation, not a line in the budget; this figure shows the case "
            "without it.",
        ),
        (
            "Benefits over time",
            "Cost avoided and savings count in full from the year their item starts, with "
            "no ramp-up, and stay at today's prices: they do not rise with the yearly price "
            "increases applied to costs. A slower start lowers the early years' benefits; "
            "rising prices would raise the later ones.",
        ),
        (
            "Funding",
            "Gaps and surpluses are per year and not carried over. Recurring sources pay "
            "recurring costs first; recurring costs paid by temporary money (grants, "
            "bonds and the like) are the grant reliance. A source is counted in the years "
            "and amounts entered: one that depends on a yearly application or appropriation "
            "is only as firm as that.",
        ),
        (
            "Cost classes",
            "; ".join(
                f"{cost_class.label}: "
                + ", ".join(
                    category.label.lower()
                    for category in ItemCategory
                    if category.tco_class is cost_class
                )
                for cost_class in TcoClass
            )
            + ". Each class counts its items' purchases and their yearly fees.",
        ),
        (
            "Sensitivity",
            f"Each estimate lowered and raised by {ctx.percent(result.sensitivity.step)}"
            " on its own.",
        ),
        (
            "Figure sources",
            f"{sources} of {format_count(len(data.items), 'item')} "
            + ("says where its" if len(data.items) == 1 else "say where their")
            + " figures come from; see the item details.",
        ),
    ]
    rows: list[list[Any]] = [[header_cell("Assumption"), header_cell("How it is applied")]]
    rows += [[text_cell(f"<b>{k}</b>"), text_cell(v)] for k, v in lines]
    return [
        PageBreak(),
        ctx.heading("Appendix A \u2014 Assumptions and method"),
        ctx.table_caption("The rules behind every figure, so the numbers can be checked by hand."),
        make_table(rows, proportional_widths(ctx.width, [22, 78])),
    ]


# Points: the least the item details leave their names, vendors and sources (about 30
# characters a line), before they would break inside words.
ITEM_DETAIL_WIDTH = 2 * INCH


def item_details(ctx: ReportContext) -> list[Any]:
    data, result = ctx.data, ctx.result
    story: list[Any] = [CondPageBreak(3 * INCH), ctx.heading("Appendix B \u2014 Item details")]
    if not data.items:
        return story + [ctx.para("The proposal has no items.")]
    flows = {flow.key: flow for flow in result.base.items}
    start_month = data.fiscal_year_start_month
    # Savings get a column when any item has them, so the cash flow's savings line can be
    # traced item by item; without any, the column would be a row of zeros.
    with_savings = result.base.benefits.savings_total != 0
    # A currency written as a code ("CAD 1,234.50") is said once, in the money columns'
    # headers: repeated in every cell it widened four columns by its code and squeezed the
    # item names to a word a line ("Spare-devi ce pool"), the appendix three times as long.
    header = [
        header_cell("Item, vendor and source of figures"),
        header_cell("Quantity", numeric=True),
        header_cell(ctx.in_currency("Unit cost"), numeric=True),
        header_cell(ctx.in_currency("Yearly per unit"), numeric=True),
        # "Refresh every (years)", as the Items step calls it, and the fiscal year it starts:
        # "6 yr, yr 1" was shorthand a reader had to decode.
        header_cell("Replaced every, from", numeric=True),
        header_cell(ctx.in_currency("Total over plan"), numeric=True),
    ]
    if with_savings:
        header.append(header_cell(ctx.in_currency("Savings over plan"), numeric=True))
    rows: list[list[Any]] = [header]
    # Each money column as wide as its own widest figure: sized together, the totals' width
    # (hundreds of millions in a large plan) squeezed the item names to a word a line.
    columns: list[list[str]] = [[], [], [], []]
    listed, left_out = items_to_list(ctx)
    if left_out:
        story.append(ctx.para(left_out))
    for item in listed:
        flow = flows.get(item.key)
        # Whole here (a name is at most 300 characters, a vendor 200): the tables before cut
        # a long name, and this appendix is where a reviewer looks for the full detail.
        detail = f"<b>{ctx.text(item.name)}</b> <font size=7>({item.category.label})</font>"
        if item.vendor.strip():
            # The same small print as the source and notes under it: details of the item.
            detail += f"<br/><font size=7>Vendor: {ctx.text(item.vendor)}</font>"
        if item.figure_source.strip():
            detail += f"<br/><font size=7>Source: {ctx.text(item.figure_source, 500)}</font>"
        if item.notes.strip():
            detail += f"<br/><font size=7>Notes: {ctx.text(item.notes, 500)}</font>"
        # No refresh: bought once, or a yearly fee alone (a subscription, staff time), which
        # "never, 2027–28" said of insurance and help-desk staff as if they stopped.
        if item.lifespan_years:
            refresh = format_count(item.lifespan_years, "year")
        else:
            refresh = (
                "bought once"
                if item.unit_cost
                else ("a yearly cost" if item.recurring_unit_cost else "no cost")
            )
        start = fiscal_year_label(data.fiscal_year_start + item.start_year - 1, start_month)
        total = ctx.amount(flow.total) if flow is not None else "not in plan"
        savings = ctx.amount(flow.savings_total) if flow is not None else "\u2014"
        cells = [ctx.amount(item.unit_cost), ctx.amount(item.recurring_unit_cost), total, savings]
        for column, cell in zip(columns, cells, strict=True):
            column.append(cell)
        row = [
            text_cell(detail),
            number_cell(format_number(item.quantity)),
            number_cell(cells[0]),
            number_cell(cells[1]),
            # On two lines: on one, "a yearly cost, 2027–28" took the width of two figures
            # from the item names beside it.
            number_cell(f"{refresh},\n{start}"),
            number_cell(cells[2], bold=True),
        ]
        if with_savings:
            row.append(number_cell(cells[3]))
        rows.append(row)
    # The rows end on the totals the caption quotes, so the column can be checked by adding.
    savings_total = result.base.benefits.savings_total
    ends: list[tuple[str, Decimal, Decimal, bool]] = []
    if left_out:
        shown = {item.key for item in listed}
        others = [flow for flow in result.base.items if flow.key not in shown]
        ends.append(
            (
                format_count(len(data.items) - len(listed), "other item"),
                sum((flow.total for flow in others), Decimal(0)),
                sum((flow.savings_total for flow in others), Decimal(0)),
                False,
            )
        )
    ends.append(("Total", result.tco_total, savings_total, True))
    for label, total_amount, savings_amount, bold in ends:
        total_text, savings_text = ctx.amount(total_amount), ctx.amount(savings_amount)
        columns[2].append(total_text)
        columns[3].append(savings_text)
        row = [text_cell(f"<b>{label}</b>" if bold else label), "", "", "", ""]
        row.append(number_cell(total_text, bold=True))
        if with_savings:
            row.append(number_cell(savings_text, bold=bold))
        rows.append(row)
    # The figures step down to 7 pt before the item names go under ITEM_DETAIL_WIDTH.
    for size in (FIGURE_SIZE, 7.5, 7.0):
        unit, yearly, total_column, savings_column = (
            max(figure_width(texts, size=size), 56.0) for texts in columns
        )
        quantity_width = max(figure_width([str(row[1]) for row in rows[1:]], size=size), 40.0)
        refresh_lines = [line for row in rows[1:] for line in str(row[4]).split("\n")]
        refresh_width = max(figure_width(refresh_lines, size=size), 50.0)
        money = [unit, yearly, total_column] + ([savings_column] if with_savings else [])
        rest = ctx.width - sum(money) - quantity_width - refresh_width
        if rest >= ITEM_DETAIL_WIDTH:
            break
    if size != FIGURE_SIZE:
        rows = [rows[0]] + [
            [
                number_cell(cell, bold=cell.bold, size=size) if isinstance(cell, Figure) else cell
                for cell in row
            ]
            for row in rows[1:]
        ]
    widths = [rest, quantity_width, unit, yearly, refresh_width, total_column]
    if with_savings:
        widths.append(savings_column)
    caption = (
        f"{format_count(len(data.items), 'item')}; "
        + ("their totals add up to" if len(data.items) != 1 else "its total is")
        + f" {ctx.money(result.tco_total)}, the total cost of ownership"
        if not left_out
        else f"The {len(listed)} costliest of {len(data.items):,} items, then the others together"
    )
    if with_savings and not left_out:
        caption += (
            f", and their savings to {ctx.money(savings_total)}, the savings line of the cash flow"
        )
    story.append(ctx.table_caption(caption + "."))
    story.append(make_table(rows, widths, banded=True, total_row=True))
    return story


def approval(ctx: ReportContext) -> list[Any]:
    data, styles = ctx.data, ctx.styles
    story: list[Any] = [
        ctx.heading("Review and approval"),
        ctx.para(
            "Signing below records that the figures were reviewed and the plan approved for "
            "the plan years shown on the cover."
        ),
        Spacer(1, 14),
    ]
    roles = [
        ("Prepared by", ctx.text(data.prepared_by, 120)),
        # The person the case is prepared for reviews it: "Prepared for: Dana Price, CFO" on
        # the cover, and the signature line read "Chief Financial Officer".
        ("Reviewed by", ctx.text(data.prepared_for.strip(), 120) or "Chief Financial Officer"),
        ("Approved by", "Superintendent, for the board"),
    ]
    rows: list[list[Any]] = []
    for role, who in roles:
        rows.append([Paragraph(f"<b>{role}</b>", styles.body), "", ""])
        rows.append(
            [
                Paragraph(who or "&nbsp;", styles.note),
                Paragraph("Signature", styles.note),
                Paragraph("Date", styles.note),
            ]
        )
    table = Table(
        rows,
        colWidths=proportional_widths(ctx.width, [36, 44, 20]),
        rowHeights=[34, 18] * len(roles),
        hAlign="LEFT",
    )
    commands = table_style_commands(header_rows=1)[:5]
    for index in range(len(roles)):
        commands.append(("LINEBELOW", (1, index * 2), (1, index * 2), 0.7, color(PALETTE.ink)))
        commands.append(("LINEBELOW", (2, index * 2), (2, index * 2), 0.7, color(PALETTE.ink)))
        commands.append(("VALIGN", (0, index * 2), (-1, index * 2), "BOTTOM"))
    table.setStyle(TableStyle(commands))
    story.append(table)
    return [CondPageBreak(4 * INCH), KeepTogether(story)]
