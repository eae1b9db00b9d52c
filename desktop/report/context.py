"""What every section of the report needs at hand: the input and the result, the fonts' coverage,
the styles, the frame width, money formatting in the proposal's currency, and the running table
and figure numbers so every caption is numbered in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.platypus import Paragraph

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import (
    format_money,
    format_money_short,
    format_percent,
    written_code,
)
from desktop.finance.result import ProposalResult
from desktop.report.document import Heading
from desktop.report.fonts import Coverage
from desktop.report.styles import Stylesheet
from desktop.report.text import markup, plain

# Below this much room left on a page a caption moves on rather than leave its table's first
# row to the next page; with more it stays, however tall the row (a page would not hold more).
CAPTION_ROOM_LIMIT = 400.0


class TableCaption(Paragraph):  # type: ignore[misc]
    """A caption set above its table that never sits alone at the foot of a page: when there is
    no room below it for the table's header and first row, it moves to the next page. (Keeping
    it with the whole table instead would push every long table to a fresh page and leave
    gaps.) ``table`` is set by the build to the table that follows."""

    room_after = 60.0  # points: the header row and two or three short rows of a table
    table: Any = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        if height + self._room_after() > available_height and (
            available_height < CAPTION_ROOM_LIMIT or self.table_kept_whole()
        ):
            return width, available_height + 1
        return width, height

    def needed_with_its_table(self, width: float) -> float:
        """The room the caption and its table's first rows take below what precedes it."""
        return float(super().wrap(width, 1e6)[1]) + self.getSpaceBefore() + self._room_after()

    def table_kept_whole(self) -> bool:
        """Whether the table below goes whole to the next page when it does not fit here (a
        short table that a page holds): the caption then goes with all of it."""
        fits = getattr(self.table, "fits_a_page", None)
        frame = self._doctemplateAttr("frame") if callable(fits) else None
        return bool(frame is not None and fits(float(frame._height)))

    def _room_after(self) -> float:
        """What the table below needs on this page: its header and first row (rows are kept
        whole, so a tall first row would otherwise leave the caption alone), or all of it when
        it is kept whole."""
        if self.table_kept_whole():
            return float(self.table._height)
        if not hasattr(self, "_lead"):
            measure = getattr(self.table, "lead_height", None)
            self._lead = max(self.room_after, measure()) if callable(measure) else self.room_after
        return float(self._lead)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        return []


@dataclass
class ReportContext:
    data: ProposalInput
    result: ProposalResult
    coverage: Coverage
    styles: Stylesheet
    width: float  # of the body frame, in points
    height: float
    generated_on: date
    tables: int = 0
    figures: int = 0
    goal_names: dict[int, str] = field(default_factory=dict)

    # -- figures ---------------------------------------------------------------------------

    def money(self, amount: Decimal | None) -> str:
        return format_money(amount, self.result.currency)

    def amount(self, amount: Decimal | None) -> str:
        """A figure in a table's money column: ``$1,234.50`` in dollars, ``1,234.50`` in a
        currency written as a code, which the column's header or the table's corner names once
        (``in_currency``, ``amounts_note``). Repeated in every cell, "CAD" widened the columns
        and split the year-by-year tables into blocks of years."""
        return format_money(amount, self.result.currency, code=False)

    def in_currency(self, header: str) -> str:
        """A money column's header, with the currency's code when it is written as one:
        "Unit cost (CAD)"; "Unit cost" in dollars, whose figures carry "$"."""
        code = written_code(self.result.currency)
        return f"{header} ({self.text(code)})" if code else header

    @property
    def amounts_note(self) -> str:
        """ "Amounts in CAD", for the corner of a table whose money columns are headed by
        years or scenarios; "" in dollars."""
        code = written_code(self.result.currency)
        return f"Amounts in {self.text(code)}" if code else ""

    def short(self, amount: Decimal | None) -> str:
        return format_money_short(amount, self.result.currency)

    @staticmethod
    def percent(fraction: Decimal | None, places: int = 0) -> str:
        return format_percent(fraction, places)

    def year_label(self, plan_year: int) -> str:
        """ "year 3 (2029–30)" for a plan year inside the horizon."""
        labels = self.result.fiscal_year_labels
        if 1 <= plan_year <= len(labels):
            return f"year {plan_year} ({labels[plan_year - 1]})"
        return f"year {plan_year}"

    # -- text ------------------------------------------------------------------------------

    def text(self, value: str | None, limit: int | None = None, *, middle: bool = False) -> str:
        """User text as safe paragraph markup; ``middle`` shortens it in the middle."""
        return markup(value, self.coverage, limit=limit, middle=middle)

    def plain(self, value: str | None, limit: int | None = None) -> str:
        return plain(value, self.coverage, limit=limit)

    def para(self, markup_text: str, style: Any = None) -> Paragraph:
        return Paragraph(markup_text, style or self.styles.body)

    def heading(self, title: str, level: int = 0) -> Heading:
        """A numbered-free section heading (our own words, no user text) that is listed in the
        contents and bookmarked."""
        style = self.styles.h1 if level == 0 else self.styles.h2
        return Heading(title, style, level=level, outline_text=title)

    def table_caption(self, conclusion: str) -> Paragraph:
        """Goes above its table and stays with the table's first rows."""
        self.tables += 1
        return TableCaption(
            f"<b>Table {self.tables}</b> \u2014 {conclusion}", self.styles.table_caption
        )

    def figure_caption(self, conclusion: str) -> Paragraph:
        self.figures += 1
        return Paragraph(f"<b>Figure {self.figures}</b> \u2014 {conclusion}", self.styles.caption)

    def goal_name(self, key: int) -> str:
        """ "CODE — title" markup for a goal key."""
        if not self.goal_names:
            for goal in self.data.goals:
                code = self.text(goal.code, 40)
                title = self.text(goal.title, 220)
                self.goal_names[goal.key] = f"<b>{code}</b> {title}" if code else title
        return self.goal_names.get(key, "")
