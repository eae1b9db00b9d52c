"""Assembling and rendering the business case: the full document (cover, contents, summary,
evidence, appendices, approval) or the two-page handout, on letter or A4 paper, to PDF bytes.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.platypus import CondPageBreak, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from desktop import APP_NAME, __version__
from desktop.finance.inputs import ProposalInput
from desktop.finance.result import ProposalResult
from desktop.report import sections_back, sections_case, sections_front, sections_money
from desktop.report.context import CAPTION_ROOM_LIMIT, ReportContext, TableCaption
from desktop.report.document import BusinessCaseDocument, Heading, PageContext, PageCounter
from desktop.report.fonts import Coverage, register_fonts
from desktop.report.handout import handout_story
from desktop.report.styles import PAPER_SIZES, stylesheet
from desktop.report.tables import SPLIT_ROWS
from desktop.report.text import plain
from desktop.wording import long_date


def _full_story(ctx: ReportContext) -> list[Any]:
    story: list[Any] = []
    story += sections_front.cover(ctx)
    story += sections_front.contents(ctx)
    story += sections_front.executive_summary(ctx)
    story += sections_case.problems_to_solutions(ctx)
    story += sections_money.costs(ctx)
    story += sections_money.funding(ctx)
    story += sections_case.risk_register(ctx)
    story += sections_case.measures(ctx)
    story += sections_money.scenarios(ctx)
    story += sections_money.sensitivity(ctx)
    story += sections_back.rubric(ctx)
    story += sections_back.approval(ctx)
    story += sections_back.assumptions(ctx)
    story += sections_back.item_details(ctx)
    story += sections_front.director_text_in_full(ctx)
    return story


class _RoomForTable(CondPageBreak):  # type: ignore[misc]
    """Before a heading whose section opens with a table (after at most a few paragraphs): a new
    page unless the heading, those paragraphs, the caption and the table's first rows (all of
    it, for a short table kept whole) fit on this one, so none is left alone at its foot."""

    def __init__(self, heading: Heading, between: list[Any], caption: TableCaption) -> None:
        super().__init__(0)
        self.heading, self.between, self.caption = heading, between, caption

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and getattr(frame, "_atTop", False):
            self.height = 0.0  # a new page would hold no more: stay
        else:
            needed = 0.0
            for flowable in (self.heading, *self.between):
                height = flowable.wrap(available_width, available_height)[1]
                needed += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
            self.caption.canv = self.canv  # to know the page it measures the table against
            needed += self.caption.needed_with_its_table(available_width)
            # No more than the caption itself keeps free (see TableCaption.wrap): a first row
            # taller than that is split or starts where it is, whatever page it is on. A short
            # table kept whole goes with all of it, and so does its heading.
            if not self.caption.table_kept_whole():
                needed = min(needed, CAPTION_ROOM_LIMIT)
            self.height = needed
        return super().wrap(available_width, available_height)  # type: ignore[no-any-return]


# How many paragraphs may stand between a heading and its section's first table caption for
# the heading to be kept with that table's first rows.
PARAGRAPHS_BEFORE_TABLE = 3


def caption_tables(story: list[Any]) -> list[Any]:
    """Tell each table caption which table it stands above, and keep a heading (with the few
    paragraphs under it) above a caption on the page where the caption and the table's first
    rows fit."""
    laid: list[Any] = []
    for index, first in enumerate(story):
        if isinstance(first, TableCaption):
            first.table = story[index + 1] if index + 1 < len(story) else None
        elif isinstance(first, Heading):
            between: list[Any] = []
            for following in story[index + 1 : index + 2 + PARAGRAPHS_BEFORE_TABLE]:
                if isinstance(following, TableCaption):
                    laid.append(_RoomForTable(first, between, following))
                    break
                if isinstance(following, Heading) or not isinstance(following, Paragraph):
                    break
                between.append(following)
        laid.append(first)
    return laid


def render(
    data: ProposalInput,
    result: ProposalResult,
    *,
    handout: bool,
    paper: str,
    generated_on: date | None,
) -> bytes:
    if paper not in PAPER_SIZES:
        raise ValueError(f"Paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}.")
    coverage = register_fonts()

    today = generated_on or date.today()
    name = plain(data.name, coverage, limit=200) or "Untitled proposal"
    district = plain(data.district, coverage, limit=200)
    status = "Final" if str(data.status).lower() == "final" else "Draft"
    page_context = PageContext(
        proposal_name=name,
        district=district,
        status_label=status,
        date_label=long_date(today),
        header_note="CFO handout" if handout else "",
    )
    kind = "CFO handout" if handout else "Business case"
    metadata = {
        "title": f"{name} \u2014 {kind}",
        "author": plain(data.prepared_by, coverage, limit=200) or district,
        "subject": f"{kind} for {data.initiative.label} infrastructure, {district}".strip(", "),
        "creator": f"{APP_NAME} {__version__}",
        "keywords": "business case, total cost of ownership, NPV, funding",
    }
    try:
        return _build(data, result, handout, paper, coverage, page_context, metadata, today)
    except LayoutError:
        # A table row taller than a whole page (pathological text in many links) cannot move to
        # the next page; build again letting such rows split across pages instead of failing.
        token = SPLIT_ROWS.set(True)
        try:
            return _build(data, result, handout, paper, coverage, page_context, metadata, today)
        finally:
            SPLIT_ROWS.reset(token)


def _build(
    data: ProposalInput,
    result: ProposalResult,
    handout: bool,
    paper: str,
    coverage: Coverage,
    page_context: PageContext,
    metadata: dict[str, str],
    today: date,
) -> bytes:
    buffer = io.BytesIO()
    counter = PageCounter()
    document = BusinessCaseDocument(
        buffer,
        pagesize=PAPER_SIZES[paper],
        context=page_context,
        coverage=coverage,
        counter=counter,
        metadata=metadata,
    )
    ctx = ReportContext(
        data=data,
        result=result,
        coverage=coverage,
        styles=stylesheet(),
        width=document.width,
        height=document.height,
        generated_on=today,
    )
    if handout:
        # The handout has no cover: its pages start on the body template.
        from reportlab.platypus import NextPageTemplate

        story = [NextPageTemplate("body"), *handout_story(ctx)]
        document.pageTemplates.insert(0, document.pageTemplates.pop(1))
    else:
        story = _full_story(ctx)
    story = caption_tables(story)
    story.append(counter)
    document.multiBuild(story)
    return buffer.getvalue()
