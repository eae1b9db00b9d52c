"""The front of the business case: the cover, the contents, and the one-page executive summary
that leads with the ask and what the district gets for it.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.finance.money import format_count, format_rate, format_year_span
from desktop.logo import logo_problem, logo_size
from desktop.report import narrative
from desktop.report.context import ReportContext
from desktop.report.styles import INCH, PALETTE, color
from desktop.wording import long_date

DIRECTOR_TEXT_LIMIT = 1900  # characters that fit on the summary page beside the generated text


def logo_flowable(data: bytes | None, max_width: float, max_height: float) -> Any | None:
    """The district logo scaled to fit the box, keeping its proportions; ``None`` when there is
    no logo or the bytes are not an image reportlab can read (the cover then goes without)."""
    if not data:
        return None
    # The editor and the imports refuse a logo that fails this check; a library may still hold
    # one saved before it decoded the whole image. Decoding it here (the check does, as this
    # page would draw it) keeps a file cut short from failing the whole export when the page
    # is drawn ("image file is truncated"); the command line says the logo was left out.
    if logo_problem(data) is not None:
        return None
    size = logo_size(data)
    if size is None:
        return None
    width, height = size
    scale = min(max_width / width, max_height / height)
    image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


# What the notice on a case still holding the template's examples says before the count. Not
# "Draft:": a case marked Final printed "Status: Final" under a notice calling it a draft.
TEMPLATE_NOTICE_TITLE = "Not ready for the board yet: the template's examples are still in place."


def template_notice(ctx: ReportContext) -> list[Any]:
    """A boxed notice, on the cover and at the top of the handout, while the proposal still
    holds the 1:1 template's illustrative figures or wording (nothing once every one is the
    district's own): a director could otherwise hand the CFO the template's prices as quotes
    and its goals as the board's."""
    said = ctx.result.placeholders.notice()
    if not said:
        return []
    text = f"<b>{TEMPLATE_NOTICE_TITLE}</b> {said} They are examples, not yet the district's own."
    box = Table([[Paragraph(text, ctx.styles.body_small)]], colWidths=[ctx.width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), color(PALETTE.band)),
                ("LINEBEFORE", (0, 0), (0, -1), 3, color(PALETTE.warning)),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [box]


def cover(ctx: ReportContext) -> list[Any]:
    data, styles = ctx.data, ctx.styles
    story: list[Any] = [Spacer(1, 0.5 * INCH)]
    logo = logo_flowable(data.logo, 2.4 * INCH, 1.1 * INCH)
    if logo is not None:
        story += [logo, Spacer(1, 0.35 * INCH)]
    else:
        story.append(Spacer(1, 0.6 * INCH))
    story += [
        Paragraph("BUSINESS CASE", styles.figure_label),
        Spacer(1, 6),
        Paragraph(ctx.text(data.name, 220) or "Untitled proposal", styles.cover_title),
        Paragraph(ctx.text(data.district, 200), styles.cover_subtitle),
        Paragraph(
            f"{ctx.text(data.initiative.label)} \u00b7 {ctx.result.horizon_years}-year plan, "
            + format_year_span(ctx.result.fiscal_year_labels[0], ctx.result.fiscal_year_labels[-1]),
            styles.cover_meta,
        ),
    ]
    notice = template_notice(ctx)
    if notice:
        story += [Spacer(1, 0.35 * INCH), *notice, Spacer(1, 0.4 * INCH)]
    else:
        story.append(Spacer(1, 0.9 * INCH))
    rows = []
    for label, value in (
        ("Prepared by", ctx.text(data.prepared_by, 200)),
        ("Prepared for", ctx.text(data.prepared_for, 200)),
        ("Date", long_date(ctx.generated_on)),
        ("Status", _status_label(data.status)),
    ):
        if value:
            rows.append([Paragraph(label, styles.cover_meta), Paragraph(value, styles.body)])
    if rows:
        table = Table(rows, colWidths=[1.3 * INCH, ctx.width - 1.3 * INCH], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(PALETTE.accent)),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, color(PALETTE.rule)),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        story.append(table)
    story.append(Spacer(1, 0.4 * INCH))
    story.append(
        Paragraph(
            "Every figure in this document comes from one calculation of the proposal: the "
            "tables, the charts and the accompanying spreadsheet agree to the cent.",
            styles.note,
        )
    )
    # The cover must stay one page whatever the director typed.
    return [
        KeepInFrame(ctx.width, ctx.height, story, mode="shrink"),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _status_label(status: str) -> str:
    return "Final" if str(status).lower() == "final" else "Draft"


def contents(ctx: ReportContext) -> list[Any]:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = list(ctx.styles.toc_levels)
    return [Paragraph("Contents", ctx.styles.h1), Spacer(1, 6), toc, PageBreak()]


HEADLINE_GAP = 14.0  # points between the headline figures' columns (8 read as touching)
PAYBACK_CELL = 3  # the one headline figure in words


def _fitted(
    style: ParagraphStyle, width: float, room: float, *, smallest: float = 0.0
) -> ParagraphStyle:
    """``style``, or a smaller size of it (not under ``smallest``) that sets text ``width``
    points wide at ``style``'s size on one line of ``room`` points."""
    if width <= room:
        return style
    # A hair under the exact fit: a paragraph as wide as its cell, to the last rounding error,
    # would break its final character onto a line of its own.
    size = max(style.fontSize * room / width * 0.99, smallest)
    return ParagraphStyle(f"{style.name}Fitted", parent=style, fontSize=size, leading=size * 1.2)


def _gap_label(ctx: ReportContext) -> str:
    """The gap's label, which says when the gap counts money not yet secured: a CFO reading
    "$0.00" takes it for a plan paid for."""
    plan = ctx.result.base.funding
    if plan.extra_shortfall_total > 0:
        return f"Funding gap if the {ctx.money(plan.pending_total)} not yet secured comes in"
    return "Funding gap over the plan"


def _headline_table(ctx: ReportContext) -> Table:
    result = ctx.result
    styles = ctx.styles
    years = format_count(result.horizon_years, "year")
    cells = [
        (ctx.money(result.tco_total), f"Total cost of ownership, {years}"),
        (ctx.money(result.per_student_per_year), "Cost per student per year"),
        (ctx.money(result.npv), f"Net present value at {format_rate(result.discount_rate)}"),
        (result.payback_text(), "Payback"),
        (ctx.money(narrative.mitigated_per_year(result)), "Expected losses avoided a year"),
        (ctx.money(result.funding_gap), _gap_label(ctx)),
    ]
    # One size for all six figures, small enough that the widest sum stays on one line (a
    # district's total can run to ten digits). The payback, in words ("Not within the plan"),
    # gets a smaller size of its own when it needs one, down to two thirds, before it wraps:
    # wrapped, it made its row taller than the other and out of line.
    room = ctx.width / 3 - HEADLINE_GAP
    big = styles.figure_big
    sums = [value for index, (value, _) in enumerate(cells) if index != PAYBACK_CELL]
    big = _fitted(big, max(stringWidth(v, big.fontName, big.fontSize) for v in sums), room)
    payback_text = cells[PAYBACK_CELL][0]
    words = stringWidth(payback_text, big.fontName, big.fontSize)
    payback = _fitted(big, words, room, smallest=big.fontSize * 2 / 3)
    rows: list[list[Any]] = []
    for start in (0, 3):
        rows.append(
            [
                Paragraph(value, payback if start + column == PAYBACK_CELL else big)
                for column, (value, _) in enumerate(cells[start : start + 3])
            ]
        )
        rows.append(
            [Paragraph(label, styles.figure_label) for _, label in cells[start : start + 3]]
        )
    table = Table(rows, colWidths=[ctx.width / 3] * 3, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), HEADLINE_GAP),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
                ("BOTTOMPADDING", (0, 3), (-1, 3), 6),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(PALETTE.accent)),
                ("LINEABOVE", (0, 2), (-1, 2), 0.25, color(PALETTE.rule)),
                ("LINEBELOW", (0, 3), (-1, 3), 0.8, color(PALETTE.accent)),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("TOPPADDING", (0, 2), (-1, 2), 8),
            ]
        )
    )
    return table


def executive_summary(ctx: ReportContext) -> list[Any]:
    styles = ctx.styles
    page: list[Any] = [
        Paragraph(narrative.ask(ctx), styles.lead),
        Paragraph(narrative.what_we_get(ctx), styles.body),
        Spacer(1, 4),
        _headline_table(ctx),
        Spacer(1, 10),
        Paragraph(narrative.return_sentence(ctx), styles.body),
    ]
    turning = narrative.turning_estimates(ctx)
    if turning:
        page.append(Paragraph(turning, styles.body))
    best = narrative.best_scenario_sentence(ctx)
    if best:
        page.append(Paragraph(best, styles.body))
    page += [
        Paragraph(narrative.funding_sentence(ctx), styles.body),
        Paragraph(narrative.alignment_sentence(ctx), styles.body),
    ]
    director_text = ctx.data.executive_summary.strip()
    if director_text:
        page += [
            Paragraph("In the director\u2019s words", styles.h3),
            Paragraph(ctx.text(director_text, DIRECTOR_TEXT_LIMIT), styles.body_small),
        ]
        if len(director_text) > DIRECTOR_TEXT_LIMIT:
            page.append(
                Paragraph(
                    "The full text is in the appendix \u201cThe director\u2019s summary in "
                    "full\u201d.",
                    styles.note,
                )
            )
    heading = ctx.heading("Executive summary")
    # The summary must fit one page: shrink rather than spill onto a second.
    room = ctx.height - 40
    return [heading, KeepInFrame(ctx.width, room, page, mode="shrink"), PageBreak()]


def director_text_in_full(ctx: ReportContext) -> list[Any]:
    """Only when the director's own summary was too long for the summary page."""
    text = ctx.data.executive_summary.strip()
    if len(text) <= DIRECTOR_TEXT_LIMIT:
        return []
    return [
        CondPageBreak(2 * INCH),
        ctx.heading("The director\u2019s summary in full", 1),
        Paragraph(ctx.text(text), ctx.styles.body),
    ]
