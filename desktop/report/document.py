"""The page machinery: a ``BaseDocTemplate`` with a cover, body and handout page template, the
running header and footer drawn in page callbacks, contents entries and PDF bookmarks collected
as headings are laid out, and a page counter that makes the build run until "Page X of Y" is
right.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from desktop.report.fonts import SANS, SANS_BOLD, Coverage
from desktop.report.styles import (
    FOOTER_Y,
    HEADER_Y_FROM_TOP,
    MARGIN_BOTTOM,
    MARGIN_SIDE,
    MARGIN_TOP,
    PALETTE,
    color,
)
from desktop.report.text import draw, fit, fit_middle
from desktop.report.text import width as text_width


@dataclass(frozen=True, slots=True)
class PageContext:
    """What the header and footer print on every page (already cleaned text)."""

    proposal_name: str
    district: str
    status_label: str
    date_label: str
    header_note: str = ""  # e.g. "CFO handout"


class PageCounter(Flowable):  # type: ignore[misc]
    """An invisible last flowable: remembers on which page the story ended, and keeps the
    multi-pass build going until two passes agree, so every footer's "of Y" is the real count."""

    def __init__(self) -> None:
        super().__init__()
        self.total: int | None = None
        self._previous: int | None = None
        self._seen: int | None = None

    def isIndexing(self) -> int:  # noqa: N802 - reportlab's protocol
        return 1

    def isSatisfied(self) -> int:  # noqa: N802
        return int(self._seen is not None and self._seen == self._previous)

    def beforeBuild(self) -> None:  # noqa: N802
        self._previous = self._seen

    def afterBuild(self) -> None:  # noqa: N802
        self.total = self._seen

    def notify(self, kind: str, stuff: object) -> None:
        """Indexing flowables hear every notification; this one needs none."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self._seen = self.canv.getPageNumber()


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes a contents entry and a PDF bookmark when it is laid out."""

    _keys = itertools.count(1)

    def __init__(self, markup: str, style: Any, *, level: int, outline_text: str) -> None:
        super().__init__(markup, style)
        self.toc_level = level
        self.toc_markup = markup
        self.outline_text = outline_text
        self.toc_key = f"section-{next(self._keys)}"


class BusinessCaseDocument(BaseDocTemplate):  # type: ignore[misc]
    """A letter or A4 document whose pages carry the proposal's name, district, status, date
    and "Page X of Y"."""

    def __init__(
        self,
        buffer: Any,
        *,
        pagesize: tuple[float, float],
        context: PageContext,
        coverage: Coverage,
        counter: PageCounter,
        metadata: dict[str, str],
    ) -> None:
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN_SIDE,
            rightMargin=MARGIN_SIDE,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=metadata.get("title", ""),
            author=metadata.get("author", ""),
            subject=metadata.get("subject", ""),
            creator=metadata.get("creator", ""),
            keywords=metadata.get("keywords", ""),
            producer=metadata.get("creator", ""),
            lang="en-US",
            initialFontName=SANS,
        )
        self.context = context
        self.coverage = coverage
        self.counter = counter
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._draw_cover_page),
                PageTemplate("body", [frame], onPage=self._draw_body_page),
            ]
        )

    # -- contents and bookmarks ------------------------------------------------------------

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook
        if not isinstance(flowable, Heading):
            return
        self.canv.bookmarkPage(flowable.toc_key)
        self.canv.addOutlineEntry(
            flowable.outline_text, flowable.toc_key, level=flowable.toc_level, closed=False
        )
        self.notify(
            "TOCEntry", (flowable.toc_level, flowable.toc_markup, self.page, flowable.toc_key)
        )

    # -- page furniture --------------------------------------------------------------------

    def _page_label(self, canvas: Any) -> str:
        page = canvas.getPageNumber()
        total = self.counter.total
        # The first pass does not know the count yet; the build always runs a second pass.
        return f"Page {page} of {total if total else page}"

    def _draw_footer(self, canvas: Any) -> None:
        width, _height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canvas.saveState()
        canvas.setStrokeColor(color(PALETTE.rule))
        canvas.setLineWidth(0.4)
        canvas.line(left, FOOTER_Y + 11, right, FOOTER_Y + 11)
        canvas.setFillColor(color(PALETTE.muted))
        status = f"{self.context.status_label} \u00b7 {self.context.date_label}"
        canvas.setFont(SANS_BOLD, 7.5)
        canvas.drawString(left, FOOTER_Y, status)
        canvas.setFont(SANS, 7.5)
        canvas.drawRightString(right, FOOTER_Y, self._page_label(canvas))
        canvas.restoreState()

    def _draw_header(self, canvas: Any) -> None:
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        y = height - HEADER_Y_FROM_TOP
        available = right - left
        district = fit(self.context.district, 7.5, available * 0.38, self.coverage)
        # The district takes the room it needs (at most 38%), not the 38% whatever its length:
        # "Riverside Unified School District" left a third of the line empty while the name
        # beside it was cut to "… Infrastructure 2027–2…".
        district_width = text_width(district, 7.5, self.coverage) + 12 if district else 0
        room = available - district_width
        prefix = f"{self.context.header_note} \u2014 " if self.context.header_note else ""
        # A name too long is cut in its middle, its end kept: the years at a name's end were
        # what the running header lost, and what tells last year's copy from this year's.
        name = prefix + fit_middle(
            self.context.proposal_name,
            7.5,
            room - text_width(prefix, 7.5, self.coverage, SANS_BOLD),
            self.coverage,
            SANS_BOLD,
        )
        canvas.saveState()
        canvas.setFillColor(color(PALETTE.muted))
        draw(canvas, left, y, name, font=SANS_BOLD, size=7.5, coverage=self.coverage)
        if district:
            draw(
                canvas,
                right,
                y,
                district,
                font=SANS,
                size=7.5,
                coverage=self.coverage,
                anchor="end",
            )
        canvas.setStrokeColor(color(PALETTE.accent))
        canvas.setLineWidth(0.8)
        canvas.line(left, y - 5, right, y - 5)
        canvas.restoreState()

    def _draw_cover_page(self, canvas: Any, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(color(PALETTE.accent))
        canvas.rect(0, height - 0.32 * 72, width, 0.32 * 72, stroke=0, fill=1)
        canvas.restoreState()
        self._draw_footer(canvas)

    def _draw_body_page(self, canvas: Any, doc: BaseDocTemplate) -> None:
        self._draw_header(canvas)
        self._draw_footer(canvas)
