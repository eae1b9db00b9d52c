"""Building tables that never overflow the frame: column widths computed from the frame width,
text cells as Paragraphs (so long names wrap), figures right-aligned in columns sized to the
widest figure, the header row repeated on every page, and year-by-year tables split into blocks of
years when the horizon is too long to fit across the page.

Figures are plain strings styled by column rather than Paragraphs: they never wrap (their column is
measured to fit them), and a thousand-row table lays out several times faster that way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from desktop.finance.money import CODE_SPACE
from desktop.report.fonts import CONDENSED, CONDENSED_BOLD
from desktop.report.styles import PALETTE, color, stylesheet, table_style_commands

# Rows stay whole across page breaks (a split row is hard to read); the build turns this on only
# when a row is taller than a page and could not be placed otherwise.
SPLIT_ROWS: ContextVar[bool] = ContextVar("split_rows", default=False)

Cell = Any  # a Paragraph, a string of ready markup, or any flowable
CELL_PADDING = 6.0  # left + right padding of a cell, see table_style_commands
FIGURE_SIZE = 8.0  # points, the size of figures in table cells


class CellParagraph(Paragraph):  # type: ignore[misc]
    """A table cell's paragraph that remembers its line breaks for the last width it was given.

    A table wraps each cell to measure rows, again for every page it is split across, again to
    draw it, and the whole build runs twice for the page count and contents; the lines only
    depend on the width, so breaking them once per width makes long tables several times faster.
    (Letting a cell's lines go once drawn would save 9 MB on a 10,000-item report, and cost a
    1,000-item report 13% more time to break them again next pass: the time was kept.)
    """

    _wrapped_for: tuple[float, tuple[float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cached = self._wrapped_for
        # reportlab's ``split`` drops the broken lines (``blPara``) when a cell cannot be split
        # where asked (long unbroken Chinese or Japanese text): they must be made again.
        if cached is not None and cached[0] == available_width and hasattr(self, "blPara"):
            return cached[1]
        text = getattr(self, "text", None)  # None in the pieces of a split cell
        if text and CODE_SPACE in text and self._amount_too_wide(text, available_width):
            # An amount is kept with its currency code ("CAD 50,000.50") by a no-break space;
            # where the two cannot share a line, the space breaks, rather than the style's
            # long-word splitting cutting the number ("CAD 50,000.5" over "0").
            self.__init__(text.replace(CODE_SPACE, " "), self.style)  # type: ignore[misc]
        size: tuple[float, float] = super().wrap(available_width, available_height)
        self._wrapped_for = (available_width, size)
        return size

    def _amount_too_wide(self, text: str, available_width: float) -> bool:
        width = available_width - self.style.leftIndent - self.style.rightIndent
        return any(
            stringWidth(amount, self.style.fontName, self.style.fontSize) > width
            for amount in _JOINED_AMOUNT.findall(text)
        )


# A currency code joined to its amount (``format_money``), as it stands in a cell's markup.
_JOINED_AMOUNT = re.compile(f"\u2212?[A-Z]{{3}}{CODE_SPACE}\\S+")  # a minus sign stays with it


def text_cell(markup: str, *, bold: bool = False) -> Paragraph:
    styles = stylesheet()
    return CellParagraph(markup, styles.cell_bold if bold else styles.cell)


class Figure(str):
    """A figure cell: plain text (no markup) that ``make_table`` sets right-aligned."""

    bold: bool
    size: float

    def __new__(cls, text: str, bold: bool = False, size: float = FIGURE_SIZE) -> Figure:
        figure = super().__new__(cls, text)
        figure.bold = bold
        figure.size = size
        return figure


def number_cell(text: str, *, bold: bool = False, size: float = 0) -> Figure:
    """A right-aligned figure (our own formatted text, never user text); ``size`` shrinks it
    (points) where many columns must fit."""
    return Figure(text, bold, size or FIGURE_SIZE)


def wrapping_number_cell(markup: str) -> Paragraph:
    """A right-aligned cell that may wrap, for figures carrying user text (e.g. a unit)."""
    return CellParagraph(markup, stylesheet().cell_number)


def _figure_commands(rows: list[list[Cell]]) -> list[tuple[Any, ...]]:
    """Font, size and alignment for figure cells, one command per run of alike cells in a
    column (so a long table needs few commands)."""
    commands: list[tuple[Any, ...]] = []
    columns = max((len(row) for row in rows), default=0)
    for column in range(columns):
        run_start, run_key = -1, None
        for index in range(len(rows) + 1):
            cell = rows[index][column] if index < len(rows) and column < len(rows[index]) else None
            key = (cell.bold, cell.size) if isinstance(cell, Figure) else None
            if key != run_key:
                if run_key is not None:
                    bold, size = run_key
                    area = ((column, run_start), (column, index - 1))
                    commands += [
                        ("ALIGN", *area, "RIGHT"),
                        ("FONTNAME", *area, CONDENSED_BOLD if bold else CONDENSED),
                        ("FONTSIZE", *area, size),
                        ("LEADING", *area, size + 2),
                    ]
                run_start, run_key = index, key
    return commands


def header_cell(text: str, *, numeric: bool = False) -> Paragraph:
    styles = stylesheet()
    return Paragraph(text, styles.cell_header_number if numeric else styles.cell_header)


def figure_width(texts: Sequence[str], *, bold: bool = True, size: float = FIGURE_SIZE) -> float:
    """Width of the widest figure in a column, padding included."""
    font = CONDENSED_BOLD if bold else CONDENSED
    widest = max((stringWidth(t, font, size) for t in texts), default=0.0)
    return widest + CELL_PADDING + 2


# A table split across pages leaves at least this many rows under its repeated header on the
# next page: one or two rows alone overleaf read as a table of their own.
ROWS_OVERLEAF = 3
# A table of at most this many rows that is made to be kept whole (``keep_whole``) moves to the
# next page whole rather than split, when a page holds it.
KEEP_WHOLE_ROWS = 12


class BookTable(Table):  # type: ignore[misc]
    """A table that never leaves its last rows alone on the next page, and that, with
    ``keep_whole``, moves whole to the next page when it does not fit here and a page holds it."""

    keep_whole = False

    def _frame_height(self) -> float | None:
        frame = self._doctemplateAttr("frame")
        return None if frame is None else float(frame._height)

    def fits_a_page(self, page_height: float | None) -> bool:
        """Kept whole, and no taller than a page of ``page_height``."""
        if not self.keep_whole or page_height is None:
            return False
        if not hasattr(self, "_height"):
            self.wrap(sum(self._colWidths), page_height)
        return bool(self._height <= page_height)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        frame = self._doctemplateAttr("frame")
        at_top = frame is None or getattr(frame, "_atTop", False)
        if not at_top and self.fits_a_page(self._frame_height()):
            return []  # on to the next page, whole
        parts: list[Any] = super().split(available_width, available_height)
        if len(parts) != 2:
            return parts
        rows, head = len(self._cellvalues), self.repeatRows
        overleaf = rows - (len(parts[0]._cellvalues))
        if overleaf >= ROWS_OVERLEAF or rows - head <= ROWS_OVERLEAF:
            # The rest cannot fit below the part placed here (its next row did not), so it goes
            # straight on to the next page. Offered to this page first, it would be put off
            # ("postponed"), and the build keeps every put-off flowable until its pass ends:
            # each page's rest of a long table, with its measurements, all held at once.
            return [parts[0], FrameBreak, parts[1]]
        # Split higher, so that ROWS_OVERLEAF rows go on together; where that leaves too little
        # here, the table starts on the next page instead (never at a page's top: it must go
        # somewhere).
        cut = rows - ROWS_OVERLEAF
        if cut - head < 1:
            return parts if at_top else []
        height = sum(self._rowHeights[:cut]) + 0.01
        shorter: list[Any] = super().split(available_width, height)
        if len(shorter) != 2:
            return parts
        # The rest goes on the next page, not into the room left here.
        return [shorter[0], FrameBreak, shorter[1]]


def make_table(
    rows: list[list[Cell]],
    widths: Sequence[float],
    *,
    total_row: bool = False,
    banded: bool = False,
    extra_style: Sequence[tuple[Any, ...]] = (),
    keep_whole: bool = False,
) -> Table:
    """A table whose first row is its header (repeated on every page it spans); with
    ``keep_whole`` a short one (KEEP_WHOLE_ROWS rows or fewer) stays on one page when a page
    holds it, and a caption above keeps with all of it."""
    table = BookTable(
        rows,
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
        splitByRow=1,
        splitInRow=int(SPLIT_ROWS.get()),
    )
    commands = table_style_commands(total_row=total_row, rows=len(rows), banded=banded)
    commands += [("TEXTCOLOR", (0, 0), (-1, -1), color(PALETTE.ink))]
    if total_row and len(rows) >= 3:
        # A total carried alone to the next page, away from the rows it adds up, reads as a
        # table of its own: it keeps the last row with it.
        commands.append(("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1)))
    table.setStyle(TableStyle(commands + _figure_commands(rows) + list(extra_style)))
    lead = rows[:2]  # the header and the first row: what a caption above must stay with

    def lead_height() -> float:
        # Copies: a cell flowable laid out in two tables would draw with the wrong one's state.
        sample = Table([[copy(cell) for cell in row] for row in lead], colWidths=list(widths))
        sample.setStyle(TableStyle(table_style_commands(rows=len(lead)) + _figure_commands(lead)))
        return float(sample.wrap(sum(widths), 1e6)[1])

    table.lead_height = lead_height
    table.keep_whole = keep_whole and len(rows) - 1 <= KEEP_WHOLE_ROWS
    return table


def proportional_widths(total: float, weights: Sequence[float]) -> list[float]:
    """Split ``total`` points among columns in proportion to ``weights``."""
    scale = total / sum(weights)
    return [w * scale for w in weights]


@dataclass(frozen=True, slots=True)
class YearRow:
    """One row of a year-by-year table: label markup, one figure per year, and a total."""

    label: str
    by_year: Sequence[Decimal]
    total: Decimal | None
    bold: bool = False
    shown: Callable[[Decimal], str] | None = None  # how its figures print (money by default)


def year_tables(
    rows: Sequence[YearRow],
    year_labels: Sequence[str],
    frame_width: float,
    money: Callable[[Decimal], str],
    *,
    total_label: str = "Total",
    has_total_row: bool = False,
    strong_rows: Sequence[int] = (),
    min_label_width: float = 92.0,
    keep_whole: bool = False,
    corner: str = "",
) -> list[tuple[Table, str]]:
    """As many tables as it takes to show every year at a readable size, each with
    ``(table, years_note)``; the total column sits in the last chunk only. ``years_note`` is
    empty when everything fits in one table. ``strong_rows`` (indexes into ``rows``) get a
    strong rule above them, to set subtotals apart. ``corner`` heads the labels' column
    ("Amounts in CAD": the currency said once, over every figure)."""
    formatted = [
        (
            [(row.shown or money)(v) for v in row.by_year],
            (row.shown or money)(row.total) if row.total is not None else "",
        )
        for row in rows
    ]
    all_figures = [f for by_year, total in formatted for f in [*by_year, total]]
    show_total = any(row.total is not None for row in rows)
    count = len(year_labels)
    # Prefer every year on one table: step the figures down to 7 pt before splitting the years.
    size, per_chunk = FIGURE_SIZE, 0
    for candidate in (FIGURE_SIZE, 7.5, 7.0):
        number_width = max(figure_width(all_figures, size=candidate), 40.0)
        if min_label_width + number_width * (count + int(show_total)) <= frame_width:
            size, per_chunk = candidate, count
            break
    if not per_chunk:
        number_width = max(figure_width(all_figures), 40.0)
        per_chunk = max(1, int((frame_width - min_label_width - number_width) // number_width))
    # As even as the years allow: seven years three to a table read 3 + 3 + 1, the last table
    # one year beside its total; 3 + 2 + 2 keeps each table a like share.
    parts = -(-count // per_chunk)
    sizes = [count // parts + (1 if n < count % parts else 0) for n in range(parts)]
    starts = [sum(sizes[:n]) for n in range(parts)]
    chunks = [range(start, start + size) for start, size in zip(starts, sizes, strict=True)]
    results: list[tuple[Table, str]] = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        columns = len(chunk) + (1 if last and show_total else 0)
        label_width = frame_width - columns * number_width
        header = [header_cell(corner)] + [header_cell(year_labels[i], numeric=True) for i in chunk]
        if last and show_total:
            header.append(header_cell(total_label, numeric=True))
        body: list[list[Cell]] = [header]
        for row, (by_year, total) in zip(rows, formatted, strict=True):
            line: list[Cell] = [text_cell(row.label, bold=row.bold)]
            line += [number_cell(by_year[i], bold=row.bold, size=size) for i in chunk]
            if last and show_total:
                line.append(number_cell(total, bold=row.bold, size=size))
            body.append(line)
        widths = [label_width] + [number_width] * columns
        extra = [
            ("LINEABOVE", (0, row + 1), (-1, row + 1), 0.8, color(PALETTE.rule_strong))
            for row in strong_rows
        ]
        table = make_table(
            body, widths, total_row=has_total_row, extra_style=extra, keep_whole=keep_whole
        )
        note = ""
        if len(chunks) > 1:
            note = (
                f"years {chunk.start + 1}\u2013{chunk.stop} of {count}"
                if len(chunk) > 1
                else f"year {chunk.stop} of {count}"  # not "years 5–5"
            )
        results.append((table, note))
    return results
