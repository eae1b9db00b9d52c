"""How the exported workbook looks and how values go into its cells.

``SheetWriter`` wraps one openpyxl worksheet: a title row, a subtitle, a header row that stays
frozen while scrolling, and typed cell writers. Money goes in as exact ``Decimal`` (openpyxl writes
its decimal text, so no binary rounding happens on the way), with the proposal's currency format;
shares go in as fractions with a percent format; text is neutralised so that a name such as
``=HYPERLINK(...)`` stays text. Formulas are written only through ``formula()``, the one door
through which a cell may start with ``=``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from desktop.sheets.columns import column_letter
from desktop.sheets.safety import neutralise_text, xml_safe

ACCENT = "1F4E79"  # a dark blue that still reads as dark grey on a black-and-white printer
HEADER_FILL = "DCE6F1"
TOTAL_FILL = "F2F2F2"
PERCENT_FORMAT = "0.0%"
WHOLE_FORMAT = "#,##0"
QUANTITY_FORMAT = "#,##0.00##"


def _cell_text(text: str) -> str:
    """Text for a cell: what XML can carry, and never a formula."""
    return neutralise_text(xml_safe(text))


# Named cell styles, registered once per workbook: assigning a style by name is much cheaper than
# setting fonts and formats cell by cell, and the names show in Excel's style gallery.
TEXT, WRAPPED, MONEY, PERCENT, WHOLE, QUANTITY = (
    "Buy-In text", "Buy-In wrapped text", "Buy-In money", "Buy-In percent", "Buy-In number",
    "Buy-In quantity",
)  # fmt: skip


def _register_styles(book: Any, money: str) -> None:
    from openpyxl.styles import Alignment, NamedStyle

    if MONEY in book.named_styles:
        return
    top = Alignment(vertical="top")
    for name, number_format, alignment in (
        (TEXT, "General", top),
        (WRAPPED, "General", Alignment(vertical="top", wrap_text=True)),
        (MONEY, money, top),
        (PERCENT, PERCENT_FORMAT, top),
        (WHOLE, WHOLE_FORMAT, top),
        (QUANTITY, QUANTITY_FORMAT, top),
    ):
        book.add_named_style(
            NamedStyle(name=name, number_format=number_format, alignment=alignment)
        )


def money_format(currency: str) -> str:
    """Excel number format for the currency: ``"$"#,##0.00`` or ``"EUR "#,##0.00``."""
    symbol = "$" if currency.upper() == "USD" else f"{currency.upper()} "
    return f'"{symbol}"#,##0.00;[Red]-"{symbol}"#,##0.00'


def cell_ref(column: int, row: int, *, absolute: bool = False) -> str:
    """(0-based column, 1-based row) → ``"C7"`` (or ``"$C$7"``)."""
    letter = column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def sheet_ref(sheet: str, column: int, row: int) -> str:
    """A reference to a cell on another sheet: ``'Cash flow by year'!H20``."""
    return f"'{sheet}'!{cell_ref(column, row)}"


class SheetWriter:
    """Writes one worksheet top to bottom; ``row`` is the next free row (1-based)."""

    def __init__(self, sheet: Any, currency: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet = sheet
        self.row = 1
        self.money_format = money_format(currency)
        self._title_font = Font(size=15, bold=True, color=ACCENT)
        self._subtitle_font = Font(size=10, italic=True, color="595959")
        self._bold = Font(bold=True)
        self._header_font = Font(bold=True, color=ACCENT)
        self._header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self._total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self._rule = Border(bottom=Side(style="thin", color=ACCENT))
        self._top_rule = Border(top=Side(style="thin", color="7F7F7F"))
        self._header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _register_styles(sheet.parent, self.money_format)

    # --- rows ------------------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "") -> None:
        cell = self.sheet.cell(row=1, column=1, value=_cell_text(text))
        cell.font = self._title_font
        self.sheet.row_dimensions[1].height = 24
        if subtitle:
            sub = self.sheet.cell(row=2, column=1, value=_cell_text(subtitle))
            sub.font = self._subtitle_font
        self.row = 4

    def header(self, labels: Sequence[str], *, freeze_columns: int = 1) -> int:
        """Write the header row, freeze the panes below it; returns its row number."""
        for column, label in enumerate(labels):
            cell = self.sheet.cell(row=self.row, column=column + 1, value=_cell_text(label))
            cell.font = self._header_font
            cell.fill = self._header_fill
            cell.border = self._rule
            cell.alignment = self._header_align
        self.sheet.freeze_panes = cell_ref(freeze_columns, self.row + 1)
        self.row += 1
        return self.row - 1

    def section(self, text: str) -> None:
        cell = self.sheet.cell(row=self.row, column=1, value=_cell_text(text))
        cell.font = self._header_font
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def mark_total(self, row: int, columns: int) -> None:
        """Bold with a light fill and a rule above: the row a reader's eye looks for."""
        for column in range(columns):
            cell = self.sheet.cell(row=row, column=column + 1)
            cell.font = self._bold
            cell.fill = self._total_fill
            cell.border = self._top_rule

    # --- cells -----------------------------------------------------------------------------

    def text(self, column: int, value: object, *, wrap: bool = False, bold: bool = False) -> None:
        shown = "" if value is None else str(value)
        cell = self.sheet.cell(row=self.row, column=column + 1, value=_cell_text(shown))
        cell.data_type = "s"
        cell.style = WRAPPED if wrap else TEXT
        if bold:
            cell.font = self._bold

    def money(self, column: int, amount: Decimal | None) -> None:
        self.sheet.cell(row=self.row, column=column + 1, value=amount).style = MONEY

    def percent(self, column: int, fraction: Decimal | None) -> None:
        self.sheet.cell(row=self.row, column=column + 1, value=fraction).style = PERCENT

    def number(self, column: int, value: Decimal | int | None) -> None:
        cell = self.sheet.cell(row=self.row, column=column + 1, value=value)
        whole = value is None or isinstance(value, int) or value == value.to_integral_value()
        cell.style = WHOLE if whole else QUANTITY

    def formula(self, column: int, expression: str, *, kind: str = "money") -> None:
        """A live formula (``expression`` without the leading ``=``)."""
        cell = self.sheet.cell(row=self.row, column=column + 1, value="=" + expression)
        cell.style = {"money": MONEY, "percent": PERCENT}.get(kind, WHOLE)

    def next_row(self) -> None:
        self.row += 1

    def widths(self, widths: Sequence[float]) -> None:
        for column, width in enumerate(widths):
            self.sheet.column_dimensions[column_letter(column)].width = width
