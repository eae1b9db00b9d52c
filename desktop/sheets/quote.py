"""A vendor quote read into item values: the file's table, its column fields, and each row's values.

``read_quote(path, sheet=..., mapping=...)`` reads the file once (the slow part, safe to run off
the GUI thread) into a ``QuoteTable``; ``interpret(table, fields)`` turns its rows into
``QuoteRow`` values for a given column-to-field assignment, quickly enough to run again each time
the director changes a column's field in the import dialog.

Values come out as the item rules expect them (``Decimal`` amounts, a category member, text), or as
a ``CellProblem`` naming the row, column, value and reason. The item rules themselves (limits,
cents, required name) are applied by the caller through the app's one validation gate.

Rows that are not items are skipped and reported, not imported: a row whose name is a total
("Subtotal", "Tax", "Grand total") and a row with only a name (a section heading such as
"Wireless upgrade"). A total adds up the lines above it (the tax is worked out from them), so
importing it would count their cost twice. Shipping, freight, handling, delivery or installation
are costs of their own, which no other line holds: they are items, imported like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.sheets.columns import (
    apply_overrides,
    find_header_row,
    guess_columns,
    header_labels,
    normalise_header,
    repeated_columns,
)
from desktop.sheets.errors import SpreadsheetError
from desktop.sheets.reading import (
    CurrencyShown,
    MergedFigure,
    Row,
    StaleFormula,
    UnsavedFormula,
    Workbook,
    read_delimited,
)
from desktop.sheets.safety import MAX_DATA_ROWS, as_typed, check_size, file_kind
from desktop.sheets.values import (
    MONEY_NOT_COUNT,
    ValueProblem,
    cell_text,
    decimal_mark_of,
    foreign_currency,
    is_blank,
    match_category,
    parse_amount,
    parse_count,
    parse_quantity,
    parse_years,
    unclear_beside,
)
from desktop.wording import in_a_list

_READERS: dict[str, Callable[[Any], Any]] = {
    "category": match_category,
    "quantity": parse_quantity,
    "unit_cost": parse_amount,
    "recurring_unit_cost": parse_amount,
    "annual_savings": parse_amount,
    "lifespan_years": parse_years,
    "start_year": parse_count,
}
_AMOUNTS = frozenset({"unit_cost", "recurring_unit_cost", "annual_savings"})
# Only lines worked out from the other lines: a cost line ("Shipping", "Freight") is not one.
_TOTAL_NAMES = {
    "total", "subtotal", "sub total", "sub-total", "grand total", "tax", "sales tax", "vat",
    "total due", "amount due", "balance due",
}  # fmt: skip


@dataclass(frozen=True)
class QuoteTable:
    """The rows of one sheet below its header row, with everything needed to show and remap it."""

    source_name: str
    sheet_name: str | None  # None for delimited text
    sheet_names: tuple[str, ...]
    header_row: int  # row number of the header as shown in the file
    headers: tuple[str, ...]
    guessed: tuple[str | None, ...]  # the field guessed for each column (before overrides)
    fields: tuple[str | None, ...]  # the fields in use: guessed, then the overrides applied
    rows: tuple[Row, ...]
    description: str = ""  # "UTF-8, semicolon-separated" or "sheet 'Quote'"
    # The headers the user chose a field for when the file was read (``--map``), as
    # ``normalise_header`` writes them (``--map`` matches headers in any case).
    chosen_headers: frozenset[str] = frozenset()
    # The columns of each header written more than once ("Unit price" in C and D), by index.
    repeats: tuple[tuple[int, ...], ...] = ()
    # Delimited text only: how many columns the header names. A row with figures beyond them
    # has more cells than the header: a separator inside an unquoted value split it.
    header_width: int | None = None
    # The columns with nothing in the header row ("Column D"), by index: left blank, the second
    # half of a header merged over two columns, or past the header's last cell.
    unheaded: tuple[int, ...] = ()
    # Hidden rows and columns of the sheet that held something and were left out, said in a
    # sentence ("" when none): what the spreadsheet shows is what is imported.
    left_out: str = ""


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class QuoteRow:
    number: int
    cells: tuple[Any, ...]
    values: dict[str, Any] = field(default_factory=dict)  # field → value for the item rules
    problems: list[CellProblem] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedRow:
    number: int
    text: str
    reason: str


def read_quote(
    path: Path | str, *, sheet: str | None = None, mapping: Mapping[str, str] | None = None
) -> QuoteTable:
    """Read the quote at ``path``; raises ``SpreadsheetError`` for anything but a readable quote."""
    path = Path(path)
    check_size(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(512)  # a signature, or the start of a proposal file
    except OSError as error:
        raise SpreadsheetError(f"{path.name} cannot be read: {error.strerror}.") from error
    overrides = dict(mapping or {})
    if file_kind(path, head) == "csv":
        if sheet:
            raise SpreadsheetError(f"{path.name} is a text file with no sheets; leave out --sheet.")
        rows, text_format = read_delimited(path.read_bytes(), path.name)
        separator = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
        description = f"{text_format.encoding}, {separator[text_format.delimiter]}-separated"
        return _table(path.name, None, (), rows, overrides, description)
    with Workbook(path) as book:
        names = book.sheet_names
        if sheet is not None:
            chosen = _sheet_named(names, sheet, path.name)
            table = _table(path.name, chosen, names, book.rows(chosen), overrides, "")
            return _with_left_out(table, book)
        first_error: SpreadsheetError | None = None
        hidden = book.hidden_sheets
        for name in (name for name in names if name not in hidden):
            rows = book.rows(name)
            if not rows:
                continue
            try:
                return _with_left_out(_table(path.name, name, names, rows, overrides, ""), book)
            except SpreadsheetError as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error
        raise _no_data_shown(book, path.name)


def _with_left_out(table: QuoteTable, book: Workbook) -> QuoteTable:
    """``table`` with what its sheet hid and the import left out said."""
    left = book.left_out.get(table.sheet_name or "")
    note = left.note() if left is not None else ""
    return replace(table, left_out=note) if note else table


def _no_data_shown(book: Workbook, source: str) -> SpreadsheetError:
    """Why a workbook whose shown sheets are empty gives nothing to import. "No data in any
    of its sheets" was said of a quote on a hidden sheet, which the director may not know is
    there: the sheet is named, with the two ways to read it (the import dialog lists only the
    sheets of a file it could read, so there it is unhidden; the command line names it)."""
    hidden = [name for name in book.sheet_names if name in book.hidden_sheets]
    with_data = []
    for name in hidden:
        try:
            filled = bool(book.rows(name))
        except SpreadsheetError:  # too long to read, say: it holds something all the same
            filled = True
        if filled:
            with_data.append(name)
    if not with_data:
        return SpreadsheetError(f"{source} has no data in any of its sheets.")
    first = with_data[0]
    if len(with_data) == 1:
        where, which = f"the hidden sheet {first!r}, which is", "the sheet"
    else:
        named = in_a_list([repr(name) for name in with_data])
        where, which = f"the hidden sheets {named}, which are", "the one that holds the quote"
    return SpreadsheetError(
        f"{source} has no data on the sheets it shows: its data is on {where} read only when "
        f"chosen. Unhide {which} in your spreadsheet program and save the file, or on the "
        f"command line choose it: --sheet {first!r}."
    )


def _sheet_named(names: Sequence[str], wanted: str, source: str) -> str:
    for name in names:
        if name == wanted:
            return name
    for name in names:
        if name.strip().lower() == wanted.strip().lower():
            return name
    shown = ", ".join(repr(name) for name in names)
    raise SpreadsheetError(f"{source} has no sheet called {wanted!r}; its sheets are: {shown}.")


def _table(
    source: str,
    sheet: str | None,
    sheet_names: Sequence[str],
    rows: list[Row],
    overrides: Mapping[str, str],
    description: str,
) -> QuoteTable:
    where = f"sheet {sheet!r} of {source}" if sheet else source
    if not rows:
        raise SpreadsheetError(f"{where} is empty.")
    header_index = find_header_row(rows, overrides)
    if header_index is None:
        raise SpreadsheetError(
            f"No header row was found in {where}. The first rows should name the columns, "
            "e.g. Item, Quantity, Unit price, Annual cost."
        )
    header_number, header_cells = rows[header_index]
    data = rows[header_index + 1 :]
    if len(data) > MAX_DATA_ROWS:
        raise SpreadsheetError(
            f"{where} has {len(data):,} rows; at most {MAX_DATA_ROWS:,} at once."
        )
    width = max([len(header_cells), *(len(cells) for _number, cells in data)])
    headers = header_labels(list(header_cells) + [None] * (width - len(header_cells)))
    guessed = guess_columns(headers)
    fields = apply_overrides(headers, guessed, overrides) if overrides else list(guessed)
    # Every cell of the header row counts, named or not ("Item,Qty,Unit price," has four).
    header_width = len(header_cells) if sheet is None else None
    if sheet:
        description = f"sheet {sheet!r}"
    return QuoteTable(
        source_name=source,
        sheet_name=sheet,
        sheet_names=tuple(sheet_names),
        header_row=header_number,
        headers=tuple(headers),
        guessed=tuple(guessed),
        fields=tuple(fields),
        rows=tuple(data),
        description=description,
        header_width=header_width,
        chosen_headers=frozenset(normalise_header(header) for header in overrides),
        repeats=repeated_columns(header_cells),
        unheaded=tuple(
            index
            for index in range(width)
            if index >= len(header_cells) or is_blank(header_cells[index])
        ),
    )


def _total_label(name: str, cells: Sequence[Any]) -> str:
    """The words that make a row a total line ("Subtotal", "Total:"), or "": in the name
    column, or, with no name, in any cell (invoices often write "Subtotal" beside its amount,
    under the prices)."""
    texts = [name] if name else [" ".join(c.split()) for c in cells if isinstance(c, str)]
    return next((text for text in texts if text.lower().rstrip(":") in _TOTAL_NAMES), "")


def _beyond_header(table: QuoteTable, cells: Sequence[Any], mapped: set[int]) -> int | None:
    """The first filled cell of a delimited-text row beyond the header's columns, if any."""
    if table.header_width is None:
        return None
    # A column someone chose a field for is read as chosen, header or not.
    return next(
        (
            i
            for i in range(table.header_width, len(cells))
            if not is_blank(cells[i]) and i not in mapped
        ),
        None,
    )


def interpret(
    table: QuoteTable, fields: Sequence[str | None] | None = None, currency: str | None = None
) -> tuple[list[QuoteRow], list[SkippedRow]]:
    """Every data row's values for the given column fields (default: the table's own). With
    ``currency``, an amount that names another currency ("1.234,50 €") is a problem."""
    chosen = list(table.fields if fields is None else fields)
    columns = [(index, name) for index, name in enumerate(chosen) if name is not None]
    # Blank cells are left out of ``values``: the caller decides what a blank means per field.
    name_column = next((index for index, name in columns if name == "name"), None)
    result: list[QuoteRow] = []
    skipped: list[SkippedRow] = []
    readers = [(index, name, _READERS.get(name)) for index, name in columns]
    # Columns someone chose a field for (or chose to ignore) are read as chosen, header or not.
    mapped = {index for index, _name in columns} | {
        index
        for index, header in enumerate(table.headers)
        if normalise_header(header) in table.chosen_headers
    }
    # Which mark each amount or quantity column uses for decimals, where its text shows it:
    # "1.005" among "745.50" and "99.95" is then unclear, not silently 1,005, and so is a lone
    # "10.005" in a column that shows no decimals at all.
    marks = {
        index: decimal_mark_of(
            cells[index] for _number, cells in table.rows
            if index < len(cells) and isinstance(cells[index], str)
        )
        for index, _name, reader in readers
        if reader in (parse_amount, parse_quantity)
    }  # fmt: skip
    # A column that shows no decimal mark of its own reads a comma as grouping ("1,500"), unless
    # every figure of the file that shows a mark uses the comma for decimals ("2,5", "20,75"):
    # then "1,500" may be 1.50, and is asked. (A lone point is asked in any case.)
    file_mark = decimal_mark_of(
        cells[index] for _number, cells in table.rows for index in marks
        if index < len(cells) and isinstance(cells[index], str)
    )  # fmt: skip
    for number, cells in table.rows:
        width = len(cells)
        filled = [
            (index, name, reader, cells[index])
            for index, name, reader in readers
            if index < width and not is_blank(cells[index])
        ]
        if not filled:
            continue
        name_text = (
            " ".join(as_typed(cell_text(cells[name_column])).split())
            if name_column is not None and name_column < width
            else ""
        )
        total = _total_label(name_text, cells)
        if total:
            skipped.append(SkippedRow(number, total, "a total line, not an item"))
            continue
        if name_text and all(name == "name" for _index, name, _reader, _raw in filled):
            skipped.append(SkippedRow(number, name_text, "a heading with no figures"))
            continue
        row = QuoteRow(number, cells)
        values = row.values
        overflow = _beyond_header(table, cells, mapped)
        if overflow is not None:
            row.problems.append(
                CellProblem(
                    number,
                    table.headers[overflow],
                    cell_text(cells[overflow]),
                    f"the row has more values than the header has columns ({table.header_width}); "
                    "a separator inside an unquoted value, such as the comma in 1,234.50, "
                    "splits it and moves every later value one column on. Put quotes around "
                    'that value ("1,234.50") or remove the separator. If the column is meant, '
                    "give it a header, or choose what it holds",
                )
            )
        for index, name, reader, raw in filled:
            if reader is None and not isinstance(raw, UnsavedFormula):
                values[name] = as_typed(cell_text(raw))
                continue
            try:
                if isinstance(raw, MergedFigure):
                    # Only an amount can be covered by another line's: a quantity, a lifespan
                    # or a start year belongs on each line.
                    covered = " (0 on a line whose cost the first already covers)"
                    raise ValueProblem(
                        f"sits in a cell merged with row {raw.first_row}'s, which holds the "
                        "figure: whether it is one amount for those lines or one for each is "
                        "unclear. Unmerge the cell and write the figure on each line it applies "
                        "to" + (covered if name in _AMOUNTS else "")
                    )
                if isinstance(raw, StaleFormula):
                    raise ValueProblem(
                        "is a formula, and the file asks to be recalculated when opened, so its "
                        "saved result may be a placeholder; open the file in a spreadsheet "
                        "program, save it, and import it again"
                    )
                if isinstance(raw, UnsavedFormula):
                    raise ValueProblem(
                        "is a formula whose result was not saved in the file; open the file in "
                        "a spreadsheet program, save it, and import it again"
                    )
                if isinstance(raw, CurrencyShown):
                    # A number in the file, shown in a currency: only the currency is checked,
                    # and that it is not a count (prices one column off).
                    if reader in (parse_quantity, parse_count):
                        raise ValueProblem(MONEY_NOT_COUNT)
                    elsewhere = foreign_currency(raw, currency) if currency else ""
                    if elsewhere and name in _AMOUNTS:
                        raise ValueProblem(elsewhere)
                    raw = raw.number
                elif isinstance(raw, str) and index in marks:
                    own = marks[index]
                    unclear = (
                        unclear_beside(raw, ",", where="file")
                        if own is None and file_mark == ","
                        else unclear_beside(raw, own)
                    )
                    if unclear:
                        raise ValueProblem(unclear)
                    elsewhere = foreign_currency(raw, currency) if currency else ""
                    if elsewhere:
                        raise ValueProblem(elsewhere)
                value = reader(raw) if reader is not None else cell_text(raw)
            except ValueProblem as problem:
                header = table.headers[index]
                row.problems.append(CellProblem(number, header, cell_text(raw), str(problem)))
                continue
            if value is not None:
                values[name] = value
        result.append(row)
    return result, skipped
