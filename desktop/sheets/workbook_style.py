"""How the exported workbook looks and how values go into its cells.

``SheetWriter`` wraps one write-only openpyxl worksheet: a title row, a subtitle, a header row
that stays frozen while scrolling, and typed cell writers. Money goes in as exact ``Decimal``
(openpyxl writes its decimal text, so no binary rounding happens on the way), with the proposal's
currency format; shares go in as fractions with a percent format; text is neutralised so that a
name such as ``=HYPERLINK(...)`` stays text. Formulas are written only through ``formula()``, the
one door through which a cell may start with ``=``; each comes with the figure it adds up to, from
the finance result, which ``with_saved_results`` stores beside it in the finished file.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from math import ceil
from typing import Any

from desktop.finance.money import ZERO, rate_places, without_minus_zero
from desktop.sheets.columns import column_letter
from desktop.sheets.safety import neutralise_text, xml_safe
from desktop.wording import clip, without_overrides

ACCENT = "1F4E79"  # a dark blue that still reads as dark grey on a black-and-white printer
HEADER_FILL = "DCE6F1"
TOTAL_FILL = "F2F2F2"
PERCENT_FORMAT = "0.0%"
SHOWN_PERCENT_HALF = Decimal("0.0005")  # under half a tenth of a percent, 0.0% shows
WHOLE_FORMAT = "#,##0"
QUANTITY_FORMAT = "#,##0.00##"
# How many characters of column width a printed page holds at the default font: wider sheets print
# landscape, and sheets wider than a landscape page spread over more pages across.
PORTRAIT_WIDTH = 100
LANDSCAPE_WIDTH = 160
ONE_PAGE_SHRINK = 1.15  # a sheet this much wider than a page is shrunk onto one (to 87 %)


EXCEL_CELL_LIMIT = 32_767  # characters a cell holds; the writer cuts anything longer


def _cell_text(text: str) -> str:
    """Text for a cell: what XML can carry, never a formula, and a cut that shows ("…") when a
    list of hundreds of linked items runs past what a cell holds."""
    return clip(neutralise_text(xml_safe(text)), EXCEL_CELL_LIMIT)


# Named cell styles, registered once per workbook: a cell takes a style as one ready-made array
# rather than font, format and alignment one by one, and the names show in Excel's style gallery.
TEXT, WRAPPED, MONEY, PERCENT, WHOLE, QUANTITY = (
    "Buy-In text", "Buy-In wrapped text", "Buy-In money", "Buy-In percent", "Buy-In number",
    "Buy-In quantity",
)  # fmt: skip


def register_styles(book: Any, currency: str) -> dict[str, Any]:
    """Add the named styles to ``book``; returns each name's style array, which new cells copy."""
    from openpyxl.styles import Alignment, NamedStyle

    top = Alignment(vertical="top")
    arrays: dict[str, Any] = {}
    for name, number_format, alignment in (
        (TEXT, "General", top),
        (WRAPPED, "General", Alignment(vertical="top", wrap_text=True)),
        (MONEY, money_format(currency), top),
        (PERCENT, PERCENT_FORMAT, top),
        (WHOLE, WHOLE_FORMAT, top),
        (QUANTITY, QUANTITY_FORMAT, top),
    ):
        style = NamedStyle(name=name, number_format=number_format, alignment=alignment)
        book.add_named_style(style)
        arrays[name] = style.as_tuple()
    return arrays


def money_format(currency: str) -> str:
    """Excel number format for the currency: ``"$"#,##0.00`` or ``"EUR "#,##0.00``."""
    symbol = _symbol(currency)
    return f'"{symbol}"#,##0.00;[Red]-"{symbol}"#,##0.00'


def _symbol(currency: str) -> str:
    """What comes before an amount in the workbook: "$" for dollars, else the code and a space."""
    return "$" if currency.upper() == "USD" else f"{currency.upper()} "


def money_width(currency: str, largest: Decimal) -> float:
    """How wide (in characters) a column must be to show ``largest`` in the currency's format
    with its sign: fixed widths showed "CAD 10,000,000.00" as ######## in Excel."""
    shown = f"-{_symbol(currency)}{abs(largest):,.2f}"
    # A width counts the default font's digits: letters and signs take about one, the commas,
    # point, space and minus about half; a tenth more for bold totals, one for the padding.
    digits = sum(1.0 if character.isalnum() or character == "$" else 0.55 for character in shown)
    return float(math.ceil(digits * 1.1) + 1)


def cell_ref(column: int, row: int, *, absolute: bool = False) -> str:
    """(0-based column, 1-based row) → ``"C7"`` (or ``"$C$7"``)."""
    letter = column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def sheet_ref(sheet: str, column: int, row: int) -> str:
    """A reference to a cell on another sheet: ``'Cash flow by year'!H20``."""
    return f"'{sheet}'!{cell_ref(column, row)}"


# Rows stay in memory until the writer has moved this many rows past them: ``mark_total`` may
# still restyle the row just finished (a total line is marked once the next one has started).
_OPEN_ROWS = 2


class SheetWriter:
    """Writes one write-only worksheet top to bottom; ``row`` is the next free row (1-based).

    A write-only sheet streams each row to disk as it is appended, so a workbook of 10,000 items
    never holds all its cells at once. The price is order: column widths, the frozen panes and
    row heights must be set before the first row goes out, and a row cannot change once out.
    The writer keeps the rows near ``row`` open and sends the older ones out once ``header`` (and
    with it the frozen panes) is written; call ``widths`` before writing anything and ``close``
    at the end."""

    def __init__(self, sheet: Any, styles: dict[str, Any]) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet = sheet
        self.row = 1
        self._styles = styles
        self._open: dict[int, dict[int, Any]] = {}  # row → column → cell, not yet sent out
        # "K7" → what the formula there comes to (``with_saved_results`` writes it into the file).
        self.saved_results: dict[str, Decimal | int] = {}
        self._sent = 0  # rows 1..sent are out
        self._widths: list[float] = []
        # The least width of a column of money, for the workbook's largest amount (see
        # ``money_width``); set by the workbook before the sheet's widths.
        self.money_least = 0.0
        self._streaming = False  # set once the header is written: the layout is then fixed
        self._title_font = Font(size=15, bold=True, color=ACCENT)
        self._subtitle_font = Font(size=10, italic=True, color="595959")
        self._bold = Font(bold=True)
        self._header_font = Font(bold=True, color=ACCENT)
        self._header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self._total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self._rule = Border(bottom=Side(style="thin", color=ACCENT))
        self._top_rule = Border(top=Side(style="thin", color="7F7F7F"))
        self._header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)

    # --- layout (before any row is sent out) ---------------------------------------------

    def widths(self, widths: Sequence[float]) -> None:
        """Column widths (in characters); they also set how the sheet prints: portrait when it
        fits, else landscape, and as few pages across as keep the text a readable size (the
        frozen columns repeat on each)."""
        self._check_layout_open("column widths")
        for column, width in enumerate(widths):
            self.sheet.column_dimensions[column_letter(column)].width = width
        self._widths = list(widths)
        self._print_layout(repeated=0)

    def fit_money(self, width: float) -> float:
        """``width`` for a column of money, widened to show the workbook's largest amount."""
        return max(width, self.money_least)

    def _print_layout(self, *, repeated: int) -> None:
        """Portrait when the columns fit, else landscape; one page across when a little
        shrinking does it, else as many as keep the text near full size, counting the first
        ``repeated`` columns again on every page after the first."""
        from openpyxl.worksheet.properties import PageSetupProperties

        total = sum(self._widths)
        title = sum(self._widths[:repeated])
        if total <= LANDSCAPE_WIDTH * ONE_PAGE_SHRINK:
            across = 1
        else:
            across = ceil((total - title) / (LANDSCAPE_WIDTH - title))
        self.sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup = self.sheet.page_setup
        setup.fitToWidth, setup.fitToHeight = across, 0  # as many pages down as needed
        setup.orientation = "landscape" if total > PORTRAIT_WIDTH else "portrait"

    def _check_layout_open(self, what: str) -> None:
        if self._sent:
            raise RuntimeError(f"{what} must be set before the first row is written")

    # --- rows ------------------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "") -> None:
        self._check_layout_open("the title")
        # Without direction overrides, as every other cell shows a name: "Lap" + U+202E +
        # "pot" read as "Laptop" in the title.
        self._put(1, 0, _cell_text(without_overrides(text))).font = self._title_font
        self.sheet.row_dimensions[1].height = 24
        if subtitle:
            self._put(2, 0, _cell_text(subtitle)).font = self._subtitle_font
        self.row = 4

    def header(self, labels: Sequence[str], *, freeze_columns: int | None = 1) -> int:
        """Write the header row and freeze the panes below it and left of ``freeze_columns``
        (``None``: nothing frozen); returns its row number."""
        self._check_layout_open("the header")
        for column, label in enumerate(labels):
            cell = self._put(self.row, column, _cell_text(label))
            cell.font = self._header_font
            cell.fill = self._header_fill
            cell.border = self._rule
            cell.alignment = self._header_align
        if freeze_columns is not None:
            self.sheet.freeze_panes = cell_ref(freeze_columns, self.row + 1)
            if freeze_columns > 0:
                self.sheet.print_title_cols = f"A:{column_letter(freeze_columns - 1)}"
                self._print_layout(repeated=freeze_columns)
        self.sheet.print_title_rows = f"{self.row}:{self.row}"  # on every printed page
        self._streaming = True
        self.next_row()
        return self.row - 1

    def section(self, text: str) -> None:
        self._put(self.row, 0, _cell_text(text)).font = self._header_font
        self.next_row()

    def notes(self, heading: str, lines: Sequence[str]) -> None:
        """After a blank row, ``heading`` and then each paragraph of ``lines`` (nothing when
        there are none), read on across the empty cells to the right and broken over rows as
        wide as the sheet's columns: a row's height is fixed once it streams out, so a wrapped
        cell could not grow to show a long paragraph, and one row of it ran far past the table
        (and the printed page)."""
        if not lines:
            return
        self.skip()
        self.section(heading)
        width = max(40, int(sum(self._widths)))
        for line in lines:
            for part in textwrap.wrap(line, width, break_long_words=False) or [""]:
                self.text(0, part)
                self.next_row()

    def skip(self, rows: int = 1) -> None:
        self.row += rows
        self._send_finished_rows()

    def mark_total(self, row: int, columns: int) -> None:
        """Bold with a light fill and a rule above: the row a reader's eye looks for."""
        if row <= self._sent:
            raise RuntimeError(f"row {row} was already written; mark it before moving on")
        cells = self._open.setdefault(row, {})
        for column in range(columns):
            cell = cells.get(column)
            if cell is None:
                cell = cells[column] = self._new_cell(None, None)
            cell.font = self._bold
            cell.fill = self._total_fill
            cell.border = self._top_rule

    def next_row(self) -> None:
        self.row += 1
        self._send_finished_rows()

    def close(self) -> None:
        """Send out every row still open; the sheet is complete."""
        last = max(self._open, default=self._sent)
        self._send_rows_up_to(last)

    # --- cells -----------------------------------------------------------------------------

    def text(self, column: int, value: object, *, wrap: bool = False, bold: bool = False) -> None:
        shown = "" if value is None else str(value)
        cell = self._put(self.row, column, _cell_text(shown), WRAPPED if wrap else TEXT)
        cell.data_type = "s"
        if bold:
            cell.font = self._bold

    def money(self, column: int, amount: Decimal | None) -> None:
        self._put(self.row, column, None if amount is None else without_minus_zero(amount), MONEY)

    def percent(self, column: int, fraction: Decimal | None) -> None:
        """A share or return shown to a tenth of a percent; a sliver below zero that shows as
        0.0% is written as zero, as the screen and the PDF show it (Excel printed "-0.0%")."""
        if fraction is not None and fraction < 0 and fraction > -SHOWN_PERCENT_HALF:
            fraction = ZERO
        self._put(self.row, column, fraction, PERCENT)

    def rate(self, column: int, fraction: Decimal, *, reference: str = "") -> None:
        """A rate the director entered, shown with its own places as the PDF shows it (2.75%,
        not 2.8%; 3%, not 3.0%); with ``reference``, a formula that reads it from that cell
        (saved with the rate as its result)."""
        places = rate_places(fraction)
        cell = self._put(self.row, column, "=" + reference if reference else fraction, PERCENT)
        cell.number_format = "0%" if places == 0 else "0." + "0" * places + "%"
        if reference:
            self.saved_results[cell_ref(column, self.row)] = fraction

    def number(
        self, column: int, value: Decimal | int | None, *, number_format: str | None = None
    ) -> None:
        """A count or measure; whole numbers without decimals. ``number_format`` overrides the
        style's format (a year is 2030, not 2,030)."""
        whole = value is None or isinstance(value, int) or value == value.to_integral_value()
        cell = self._put(self.row, column, value, WHOLE if whole else QUANTITY)
        if number_format is not None:
            cell.number_format = number_format

    def formula(
        self, column: int, expression: str, result: Decimal | int, *, kind: str = "money"
    ) -> None:
        """A live formula (``expression`` without the leading ``=``) and the finance result's
        figure it adds up to. The figure is saved with the formula, as a spreadsheet program
        saves the last result it calculated: a previewer or a reader that does not calculate
        (a mail attachment's preview, pandas) shows the total instead of a blank cell."""
        self._put(
            self.row,
            column,
            "=" + expression,
            {"money": MONEY, "percent": PERCENT}.get(kind, WHOLE),
        )
        saved = without_minus_zero(result) if isinstance(result, Decimal) else result
        self.saved_results[cell_ref(column, self.row)] = saved

    # --- the stream ------------------------------------------------------------------------

    def _new_cell(self, value: object, style: str | None) -> Any:
        from openpyxl.cell.cell import Cell

        # As openpyxl's WriteOnlyCell: the place is set from the position in the appended row.
        array = None if style is None else self._styles[style]
        return Cell(self.sheet, row=1, column=1, value=value, style_array=array)

    def _put(self, row: int, column: int, value: object, style: str | None = None) -> Any:
        if row <= self._sent:
            raise RuntimeError(f"row {row} was already written")
        cell = self._new_cell(value, style)
        self._open.setdefault(row, {})[column] = cell
        return cell

    def _send_finished_rows(self) -> None:
        if self._streaming:
            self._send_rows_up_to(self.row - _OPEN_ROWS)

    def _send_rows_up_to(self, last: int) -> None:
        for row in range(self._sent + 1, last + 1):
            cells = self._open.pop(row, None)
            if cells:
                line: list[Any] = [None] * (max(cells) + 1)
                for column, cell in cells.items():
                    line[column] = cell
                self.sheet.append(line)
            else:
                self.sheet.append([])  # rows are numbered by order: a gap is an empty row
            self._sent = row
