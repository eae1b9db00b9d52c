"""Reading the rows of a quote file: delimited text (CSV, semicolon, tab) or an Excel workbook.

Only reads; it does not decide what the columns mean (``desktop.sheets.columns``) or what the
values are (``desktop.sheets.values``). Rows come back with the row number the director sees in
their spreadsheet program (a quoted note spanning three lines is still one row), blank rows left
out, every cell as the file holds it: text from CSV, numbers, text or dates from a workbook.

Text encodings are tried in the order files really arrive in: UTF-8 (with or without the byte-order
mark Excel writes), UTF-16 with a byte-order mark (Excel's "Unicode text"), then Windows-1252 (what
Excel on Windows writes as "CSV"). The delimiter is the one among comma, semicolon, tab and bar that
splits the first rows into the most consistent number of columns; an Excel ``sep=;`` first line
is honoured.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import zip_longest
from pathlib import Path
from typing import Any

from desktop.sheets.errors import SpreadsheetError
from desktop.sheets.safety import MAX_COLUMNS, MAX_DATA_ROWS, check_workbook_archive
from desktop.sheets.values import cell_text
from desktop.wording import in_a_list

Row = tuple[int, tuple[Any, ...]]  # (row number as shown in the file, cells)

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARACTERS = 64 * 1024
# Title lines above the header and blank rows are allowed on top of the data-row limit.
_ROW_ALLOWANCE = 1_000
# The last row of a sheet this import reads: the most data rows, with room for headings.
_LAST_ROW_READ = MAX_DATA_ROWS + _ROW_ALLOWANCE


@dataclass(frozen=True)
class TextFormat:
    encoding: str
    delimiter: str


def decode_text(data: bytes, name: str = "The file") -> tuple[str, str]:
    """The file's text and the encoding it was read with; ``name`` names it in a refusal."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass  # a BOM followed by something else: fall through to the guesses below
    # UTF-32 first: its little-endian mark begins with UTF-16's, and read as UTF-16 the text
    # was every other character a zero ("No header row was found").
    for mark, encoding in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
    ):
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise SpreadsheetError(
                    f"{name} says it is {encoding.upper()} text but is damaged at byte "
                    f"{error.start:,}."
                ) from error
    if b"\x00" in data[:_SNIFF_CHARACTERS]:
        # No text file holds a zero byte (UTF-16, which does, was read above): a program, an
        # image, a damaged file, or a workbook saved under a text file's name.
        raise SpreadsheetError(
            f"{name} is not a spreadsheet: it holds binary data, not text (it may be damaged, "
            "or another kind of file). Save the quote from a spreadsheet program as .csv or "
            ".xlsx, then import that."
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        _refuse_mixed_encodings(data, error)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        # A byte Windows text never holds (0x81, 0x8D, 0x8F, 0x90, 0x9D): read as Latin-1 it
        # became an invisible control character inside a name. Most often a Mac's own
        # encoding, whose "è" is 0x8F.
        raise _unsure_encoding(data[: error.start].count(b"\n") + 1) from None
    if (odd := _MAC_ACCENT.search(text)) is not None:
        # A Mac's accents read as Windows text: "Café" saved by an old Mac program is
        # "CafŽ", imported without a word.
        raise _unsure_encoding(text[: odd.start()].count("\n") + 1)
    return text, "cp1252"


# A Mac's accents read as Windows-1252 come out as characters Windows text never puts inside a
# word: é, à, ä, â and ü as "Ž", "ˆ", "Š", "‰", "Ÿ" after a small letter ("CafŽ") or between a
# letter and a small one ("MŸller"), and á or Ü as a dagger between two small letters ("m‡s").
# At a word's start or among capitals they are Windows text ("Škoda", "OKŠ", "L'HAŸ-LES-ROSES"),
# and so is a dagger after a word (a footnote mark). A
# Mac's ñ reads as an en dash and its ú as "œ", both at home in Windows text ("A–Z", "cœur").
_MAC_LETTERS = "[\u017d\u02c6\u0160\u2030\u0178]"
_MAC_ACCENT = re.compile(
    f"(?<=[a-z]){_MAC_LETTERS}|(?<=[A-Za-z]){_MAC_LETTERS}(?=[a-z])"
    "|(?<=[a-z])[\u2020\u2021](?=[a-z])"
    # A Mac's ü starting a word ("Ÿber"): Windows text never puts "Ÿ" before a small letter.
    # Its Ü, Ä, ä and é starting a word read as a dagger, the euro sign, "Š" and "Ž", which
    # Windows text does put there ("†see terms", "€k", "Škoda"): those go unseen.
    "|(?<![A-Za-z])\u0178(?=[a-z])"
)


def _unsure_encoding(line: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"The file's text encoding cannot be told for certain: line {line:,} holds accented "
        "letters that would come out garbled (a Mac's \u201cCafé\u201d reads as "
        "\u201cCafŽ\u201d). Save the file again as \u201cCSV UTF-8\u201d from a spreadsheet "
        "program, then import it."
    )


# A character beyond ASCII written as UTF-8: a lead byte and its continuation bytes.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _refuse_mixed_encodings(data: bytes, error: UnicodeDecodeError) -> None:
    """A file that is not UTF-8 throughout is read as Windows text, which garbles every
    UTF-8 accent in it ("Café" becomes "CafÃ©"). When other lines hold UTF-8 accents, the
    file mixes the two (lines pasted from two programs): refused, naming the first line that
    is not UTF-8, rather than imported with some of its names garbled."""
    utf8 = _UTF8_SEQUENCE.search(data)
    if utf8 is None:
        return  # no accent in UTF-8 anywhere: a Windows file throughout, read as one
    line = data[: error.start].count(b"\n") + 1
    accented = data[: utf8.start()].count(b"\n") + 1
    where = (
        f"line {line:,} holds both"
        if line == accented
        else f"line {line:,} is written the Windows (Latin-1) way, while line {accented:,} is UTF-8"
    )
    raise SpreadsheetError(
        f"The file mixes two text encodings: {where}. Save the file again as UTF-8 from a "
        "spreadsheet program, then import it."
    )


def sniff_delimiter(text: str) -> tuple[str, str]:
    """(delimiter, text without an Excel ``sep=`` line)."""
    first_line, _, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        return first_line.strip()[4], rest
    sample = text[:_SNIFF_CHARACTERS]
    if len(text) > _SNIFF_CHARACTERS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        widths = [
            len(row)
            for row in list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:60]
            if any(cell.strip() for cell in row)
        ]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best, text


def read_delimited(data: bytes, name: str) -> tuple[list[Row], TextFormat]:
    text, encoding = decode_text(data, name)
    delimiter, text = sniff_delimiter(text)
    if delimiter not in _DELIMITERS:
        # From an Excel "sep=" first line: a colon or a quote mark stopped the reader with a
        # traceback.
        raise SpreadsheetError(
            f"{name} says its separator is {delimiter!r} (its first line, “sep=”); Buy-In reads "
            "commas, semicolons, tabs and bars: save it with one of those."
        )
    rows = _non_blank(_csv_rows(text, delimiter, name), name)
    return rows, TextFormat(encoding, delimiter)


def _csv_rows(text: str, delimiter: str, name: str) -> Iterator[Row]:
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    width = 0  # the first row's number of values: the header's, in a quote
    cells: list[str] = []
    start = end = 0  # where the row just read begins and ends in the text
    try:
        for number, cells in enumerate(reader, start=1):
            start, end = end, stream.tell()
            width = width or len(cells)
            _check_quotes_closed(cells, width, delimiter, number, name)
            yield number, tuple(cells)
        _check_last_quote_closed(text[start:], cells, delimiter, number, name)
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # Python's own words, about one value
            raise SpreadsheetError(
                f"{name} has a value near row {number + 1:,} longer than any cell of a quote "
                f"can be ({csv.field_size_limit():,} characters); a quote mark left open "
                "runs the rest of a file into one value."
            ) from None
        raise SpreadsheetError(f"{name} cannot be read near row {number + 1:,}: {error}.") from None


def _check_quotes_closed(
    cells: list[str], width: int, delimiter: str, number: int, name: str
) -> None:
    """A value that runs over several lines is allowed (a note on two lines), but not when a
    later line of it looks like a row of its own, with as many separators as the header: a
    quote left open swallowed the rows after it, which would vanish from the import."""
    if width < 2:
        return
    for index, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        for line in cell.splitlines()[1:]:
            if line.count(delimiter) >= width - 1:
                raise SpreadsheetError(
                    f"Row {number:,} of {name} has a quote that is not closed where it should "
                    f"be: its value in column {index + 1} runs over the next lines, such as "
                    f"{line.strip()[:60]!r}, which look like rows of their own. Close the quote "
                    "or remove it, then import the file again."
                )


def _check_last_quote_closed(
    last: str, cells: list[str], delimiter: str, number: int, name: str
) -> None:
    """A quote left open on the last row runs to the end of the file, taking the row's later
    values with it: 'Widget,"Hardware,10,5,0' read as one category "Hardware,10,5,0" and a
    blank quantity, and the quantity was blamed. ``last`` is the last row's text: read again
    with a line added, an open quote takes that line into its value too."""
    if not cells:
        return
    again = list(csv.reader(io.StringIO(last + "\n\n-", newline=""), delimiter=delimiter))
    if again[-1] == ["-"]:
        return
    value = " ".join(cells[-1].split())
    shown = f" ({value[:60]!r})" if value else ""
    raise SpreadsheetError(
        f"Row {number:,} of {name} has a quote that is not closed: its value in column "
        f"{len(cells)}{shown} runs to the end of the file, so the row's values cannot be told "
        "apart. Close the quote or remove it, then import the file again."
    )


def _non_blank(rows: Iterable[Row], name: str) -> list[Row]:
    kept: list[Row] = []
    for number, cells in rows:
        last = len(cells) - 1
        while last >= 0 and (cells[last] is None or not str(cells[last]).strip()):
            last -= 1
        if last < 0:
            continue
        if len(kept) >= MAX_DATA_ROWS + _ROW_ALLOWANCE:
            raise SpreadsheetError(
                f"{name} has more than {MAX_DATA_ROWS:,} rows; import it in parts."
            )
        if last >= MAX_COLUMNS:
            raise SpreadsheetError(
                f"Row {number:,} of {name} has more than {MAX_COLUMNS} columns; that is not a "
                "quote layout this import understands."
            )
        kept.append((number, tuple(cells[: last + 1])))
    return kept


# --- workbooks -------------------------------------------------------------------------------

# What a damaged or hostile workbook can raise from deep inside openpyxl and the XML parser.
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,  # xml.etree's ParseError
)


# A formula element, "<f>" or "<f t=...>", with or without a namespace prefix ("<x:f>").
_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[ >/]")


# The workbook's calculation settings ask for every formula to be worked out again on opening.
_RECALCULATE_ON_LOAD = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"'
)


# A merged range, "<mergeCell ref="A2:A5"/>", with or without a namespace prefix.
_MERGED_RANGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*\bref="([A-Z0-9:]+)"')
# A row the workbook hides (a withdrawn option, an old price): ``<row r="7" hidden="1" ...>``.
# Any row's number: the last one says how far a sheet reaches, blank rows and all.
_ROW_NUMBER = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\br="(\d+)"')
_HIDDEN_ROW = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?row\b(?=[^>]*\bhidden="(?:1|true)")[^>]*\br="(\d+)"'
)
# Columns the workbook hides (an internal cost, a margin): ``<col min="4" max="5" hidden="1"/>``.
_HIDDEN_COLUMNS = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?col\b(?=[^>]*\bhidden="(?:1|true)")'
    rb'(?=[^>]*\bmin="(\d+)")(?=[^>]*\bmax="(\d+)")[^>]*>'
)


@dataclass(frozen=True)
class _Merge:
    """A merged range of cells: its first column (0 for A) and its first and last rows."""

    column: int
    first_row: int
    last_row: int

    @classmethod
    def parse(cls, match: re.Match[bytes]) -> _Merge | None:
        """The range a ``<mergeCell>`` names, when it spans more than one row."""
        from openpyxl.utils.cell import range_boundaries  # loaded with the workbook already

        try:
            first_column, top, _last_column, bottom = range_boundaries(match[1].decode())
        except ValueError:  # not a reference openpyxl reads (a column past XFD...)
            return None
        if first_column is None or top is None or bottom is None or bottom <= top:
            return None
        return cls(first_column - 1, top, bottom)


@dataclass(frozen=True)
class _ArchiveFacts:
    """``formulas``: some sheet holds a formula (an ``<f>`` element); ``stale``: the workbook
    asks for its formulas to be recalculated when opened, so saved results may be placeholders
    (0); ``merges``: each sheet's merged ranges, ``hidden_rows`` the numbers of the rows it
    hides and ``hidden_columns`` its hidden columns, by its part name in the archive."""

    formulas: bool
    stale: bool
    merges: dict[str, list[_Merge]]
    hidden_rows: dict[str, set[int]]
    last_row: dict[str, int]
    hidden_columns: dict[str, set[int]]  # 0 for A


class UnsavedFormula(str):
    """A formula cell whose result the file does not hold (a workbook written by a program that
    does not calculate, never opened in a spreadsheet since): its text is the formula."""


class StaleFormula(UnsavedFormula):
    """A formula cell whose saved result cannot be trusted: the workbook asks to be recalculated
    when it is opened, as programs that write formulas without calculating them do (saving 0 as
    every result); its text is the formula."""


class MergedFigure(str):
    """A cell covered by a merged cell holding a figure in the row above it (``first_row``): the
    spreadsheet shows the figure beside this row too, the file holds it once. Whether it is one
    price for all those lines or a price for each cannot be told; its text is the figure."""

    first_row: int

    def __new__(cls, text: str, first_row: int) -> MergedFigure:
        made = super().__new__(cls, text)
        made.first_row = first_row
        return made


class CurrencyShown(str):
    """A number the spreadsheet shows with a currency (its format reads "$"#,##0.00,
    "£"#,##0.00 or [$€-407]#,##0.00): its text is the currency and the number ("£ 12"), so
    the quote reader can refuse an amount in another currency than the proposal's, or money
    under a count; ``number`` is the cell's own value."""

    number: float | int

    def __new__(cls, text: str, number: float | int) -> CurrencyShown:
        made = super().__new__(cls, text)
        made.number = number
        return made


# A currency in a number format: "[$€-407]", "[$EUR]" or "[$£-809]" (a locale's currency), a
# quoted literal ("£" or " EUR"), or a currency sign written as it is.
_FORMAT_CURRENCY = re.compile(r'\[\$([^\]\-]*)(?:-[^\]]*)?\]|"([^"]*)"|([€£¥₹])')
_CURRENCY_LITERAL = re.compile(r"[€£¥₹]|[A-Z]{0,2}\$|\b[A-Z]{3}\b")


def _format_currency(number_format: object) -> str:
    """The currency a number format shows ("$" for the plain dollar sign, which many
    currencies use: an amount's currency is not questioned for it, but a count refuses it);
    "" for none."""
    if not isinstance(number_format, str):
        return ""
    for match in _FORMAT_CURRENCY.finditer(number_format.split(";")[0]):
        text = next(group for group in match.groups() if group is not None).strip()
        found = _CURRENCY_LITERAL.search(text)
        if found:
            return found.group()
    return ""


# A number format's literal text ("…" in quotes, or one character after a backslash): a "%"
# there is printed as it is, and does not make the cell a percentage.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.')


def _is_percent_format(number_format: object) -> bool:
    return isinstance(number_format, str) and "%" in _FORMAT_LITERAL.sub("", number_format)


def _as_shown(cell: Any) -> object:
    """A cell's value as the spreadsheet shows it where that differs in kind: a number
    formatted as a percentage (stored 0.15, shown "15%") is read as the text "15%", so a price
    or a quantity column refuses it by what the director sees instead of importing $0.15; a
    number shown in a currency other than the dollar is a ``CurrencyShown``."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and _is_percent_format(getattr(cell, "number_format", None))
    ):
        hundredths = format(Decimal(repr(value)) * 100, "f")
        if "." in hundredths:
            hundredths = hundredths.rstrip("0").rstrip(".")
        return f"{hundredths}%"
    if isinstance(value, int | float) and not isinstance(value, bool):
        currency = _format_currency(getattr(cell, "number_format", None))
        if currency:
            return CurrencyShown(f"{currency} {cell_text(value)}", value)
    return value


class _LeftOut:
    """The hidden rows and columns of a sheet as it is read: their cells are left out, and
    those that held something are kept count of, to be said."""

    def __init__(self, rows: set[int], columns: set[int]) -> None:
        self.rows, self.columns = rows, columns
        self.rows_with_data: list[int] = []
        self.columns_with_data: set[int] = set()

    def shown(self, streamed: Iterable[Row]) -> Iterator[Row]:
        for number, cells in streamed:
            if number in self.rows:
                if any(_holds(cell) for cell in cells):
                    self.rows_with_data.append(number)
                continue
            if self.columns:
                for column in self.columns:
                    if column < len(cells) and _holds(cells[column]):
                        self.columns_with_data.add(column)
                cells = tuple(
                    None if column in self.columns else cell for column, cell in enumerate(cells)
                )
            yield number, cells

    def note(self) -> str:
        """ "Row 7 and column D are hidden in the workbook …" ("" when nothing was)."""
        from openpyxl.utils.cell import get_column_letter  # loaded with the workbook already

        parts = []
        rows = self.rows_with_data
        if rows:
            shown = [str(number) for number in rows[:6]]
            more = f" and {len(rows) - 6:,} more" if len(rows) > 6 else ""
            parts.append(f"row {shown[0]}" if len(rows) == 1 else f"rows {', '.join(shown)}{more}")
        columns = [get_column_letter(column + 1) for column in sorted(self.columns_with_data)]
        if columns:
            parts.append(
                f"column {columns[0]}" if len(columns) == 1 else f"columns {in_a_list(columns)}"
            )
        if not parts:
            return ""
        one = len(rows) + len(columns) == 1
        which = " and ".join(parts)
        return (
            f"{which[0].upper()}{which[1:]} {'is' if one else 'are'} hidden in the workbook "
            f"and {'was' if one else 'were'} left out, as the spreadsheet does not show "
            f"{'it' if one else 'them'}: unhide {'it' if one else 'them'} and save the file to "
            "import what "
            f"{'it holds' if one else 'they hold'}."
        )


def _holds(cell: object) -> bool:
    return cell is not None and bool(str(cell).strip())


class Workbook:
    """An open workbook, read-only and streaming; use as a context manager."""

    def __init__(self, path: Path) -> None:
        check_workbook_archive(path)
        self._path = path
        self._name = path.name
        self.left_out: dict[str, _LeftOut] = {}  # by sheet, once its rows are read
        from openpyxl import load_workbook  # heavy: only when a workbook is read

        # Opened here and handed over as a file: given the path, openpyxl refuses a workbook
        # by its name ("does not support .csv file format"), and a quote saved as "quote.csv"
        # or "quote" was called damaged. What the file holds was checked above.
        self._file = path.open("rb")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "no default style" and similar chatter
                self._book = load_workbook(self._file, read_only=True, data_only=True)
        except _DAMAGE as error:
            self._file.close()
            raise self._damaged(error) from None
        except Exception as error:  # defusedxml's refusals and openpyxl's own errors
            self._file.close()
            raise self._damaged(error) from None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._book.close()
        self._file.close()

    def _damaged(self, error: BaseException) -> SpreadsheetError:
        # openpyxl wraps the XML parser's refusal in a ValueError; look down the chain for it.
        cause: BaseException | None = error
        while cause is not None:
            if type(cause).__module__.startswith("defusedxml"):
                return SpreadsheetError(
                    f"{self._name} contains XML entity definitions, which a real workbook does "
                    "not need and which can be used to exhaust memory; it was not read. Save it "
                    "again from your spreadsheet program and retry."
                )
            cause = cause.__cause__ or cause.__context__
        return SpreadsheetError(
            f"{self._name} is damaged or incomplete and cannot be read. "
            "Save it again from your spreadsheet program and retry."
        )

    @property
    def sheet_names(self) -> list[str]:
        return [ws.title for ws in self._book.worksheets]

    @property
    def hidden_sheets(self) -> set[str]:
        """Sheets the workbook keeps out of sight (old price lists, lookups): never taken for
        the quote unless asked for by name."""
        return {ws.title for ws in self._book.worksheets if ws.sheet_state != "visible"}

    def rows(self, sheet_name: str) -> list[Row]:
        sheet = self._book[sheet_name]
        reaches = self._facts.last_row.get(self._part(sheet), 0)
        if reaches > _LAST_ROW_READ:
            # Read row by row, the blank ones between included: one value on row 1,000,000 of a
            # 5 KB file kept the import reading for minutes.
            raise SpreadsheetError(
                f"Sheet {sheet_name!r} of {self._name} reaches row {reaches:,}; this import reads "
                f"quotes that end by row {_LAST_ROW_READ:,}. Delete what lies below the items, "
                "or import it in parts."
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # A wrong stored dimension (A1:XFD1048576) would pad every row to 16,384 cells.
                sheet.reset_dimensions()
                streamed = (
                    (number, tuple(_as_shown(cell) for cell in cells))
                    for number, cells in enumerate(
                        sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1
                    )
                )
                part = self._part(sheet)
                # What the spreadsheet shows is what is imported: hidden rows and columns are
                # left out, and those that held something are said (``left_out``).
                left = _LeftOut(
                    self._facts.hidden_rows.get(part, set()),
                    self._facts.hidden_columns.get(part, set()),
                )
                self.left_out[sheet_name] = left
                kept = _non_blank(left.shown(streamed), f"{self._name} (sheet {sheet_name!r})")
                if self._facts.formulas:
                    kept = self._with_unsaved_formulas(sheet_name, kept, self._facts.stale)
                return _filled_down(kept, self._merged(sheet))
        except SpreadsheetError:
            raise
        except Exception as error:
            raise self._damaged(error) from None

    @cached_property
    def _facts(self) -> _ArchiveFacts:
        """What the archive says about formulas (and whether to recalculate them), merged cells
        and hidden rows, looked for without parsing it, once per workbook: most quotes hold
        no formula, and are then read once."""
        has_formulas, stale = False, False
        merges: dict[str, list[_Merge]] = {}
        hidden: dict[str, set[int]] = {}
        hidden_columns: dict[str, set[int]] = {}
        last_row: dict[str, int] = {}
        with zipfile.ZipFile(self._path) as archive:
            for member in archive.namelist():
                if member.startswith("xl/") and member.endswith("workbook.xml"):
                    with archive.open(member) as stream:
                        stale = stale or bool(_RECALCULATE_ON_LOAD.search(stream.read(1 << 20)))
                if not member.startswith("xl/worksheets/"):
                    continue
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        text = tail + chunk
                        has_formulas = has_formulas or bool(_FORMULA_ELEMENT.search(text))
                        found = [_Merge.parse(m) for m in _MERGED_RANGE.finditer(text)]
                        merges.setdefault(member, []).extend(m for m in found if m)
                        rows = {int(m.group(1)) for m in _HIDDEN_ROW.finditer(text)}
                        hidden.setdefault(member, set()).update(rows)
                        for found_columns in _HIDDEN_COLUMNS.finditer(text):
                            low = int(found_columns.group(1))
                            high = min(int(found_columns.group(2)), MAX_COLUMNS + 1)
                            hidden_columns.setdefault(member, set()).update(range(low - 1, high))
                        numbers = [int(m.group(1)) for m in _ROW_NUMBER.finditer(text)]
                        last_row[member] = max([last_row.get(member, 0), *numbers])
                        # An element split between two reads is found whole in the next one
                        # (one wholly in the tail is found twice, which does no harm).
                        tail = chunk[-120:]
        return _ArchiveFacts(has_formulas, stale, merges, hidden, last_row, hidden_columns)

    def _merged(self, sheet: Any) -> list[_Merge]:
        return self._facts.merges.get(self._part(sheet), [])

    @staticmethod
    def _part(sheet: Any) -> str:
        """The sheet's part name in the archive ("xl/worksheets/sheet2.xml")."""
        return str(getattr(sheet, "_worksheet_path", "")).lstrip("/")

    def _with_unsaved_formulas(self, sheet_name: str, kept: list[Row], stale: bool) -> list[Row]:
        """``kept`` with each empty cell that holds a formula marked ``UnsavedFormula``: read
        for its saved result alone, such a cell looks blank, and a price would become $0. When
        the saved results are ``stale``, every formula cell is marked ``StaleFormula``."""
        from openpyxl import load_workbook

        wanted = {number: cells for number, cells in kept}
        with self._path.open("rb") as handle:
            formulas = load_workbook(handle, read_only=True, data_only=False)
            try:
                sheet = formulas[sheet_name]
                sheet.reset_dimensions()
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
                for number, written in enumerate(rows, start=1):
                    cells = wanted.get(number)
                    if cells is None:
                        continue
                    # Blank trailing cells were trimmed from the results; the formulas say more.
                    marked = [
                        _formula_mark(value, formula, stale)
                        for value, formula in zip_longest(cells, written)
                    ]
                    while len(marked) > len(cells) and marked[-1] is None:
                        marked.pop()
                    wanted[number] = tuple(marked)
            finally:
                formulas.close()
        return [(number, wanted[number]) for number, _cells in kept]


def _formula_mark(value: object, formula: object, stale: bool) -> object:
    """A cell's saved ``value``, or its ``formula`` marked when that value cannot be used.
    An array formula arrives as an object holding its text (``ArrayFormula.text``)."""
    if not isinstance(formula, str):
        formula = getattr(formula, "text", None)
    if not (isinstance(formula, str) and formula.startswith("=")):
        return value
    if value is None:
        return UnsavedFormula(formula)
    return StaleFormula(formula) if stale else value


def _filled_down(rows: list[Row], merges: list[_Merge]) -> list[Row]:
    """``rows`` with each merged range's first cell carried into the rows below it that the
    range covers, in its first column, as the spreadsheet shows it: text as it is (a vendor or
    category written once beside several items), a figure as a ``MergedFigure`` for the reader
    to refuse. The file holds it in the first row only."""
    if not merges:
        return rows
    by_number = {number: list(cells) for number, cells in rows}
    numbers = [number for number, _cells in rows]  # ascending, as the file holds them
    for merge in merges:
        top = by_number.get(merge.first_row)
        if top is None or merge.column >= len(top):
            continue
        value = top[merge.column]
        if value is None:
            continue
        # Words (a category, a supplier) describe every row beside them. A figure may be one
        # lump sum (repeated, it would be counted on each row) or a price for each row (left
        # blank, those rows would cost nothing): the rows below are marked for the reader to
        # refuse, rather than either guess being made.
        if not isinstance(value, str):
            value = MergedFigure(cell_text(value), merge.first_row)
        below = bisect_right(numbers, merge.first_row)
        for number in numbers[below : bisect_right(numbers, merge.last_row)]:
            cells = by_number[number]
            if len(cells) <= merge.column:
                cells.extend([None] * (merge.column + 1 - len(cells)))
            cells[merge.column] = value
    return [(number, tuple(by_number[number])) for number, _cells in rows]
