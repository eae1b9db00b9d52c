"""Each messy quote file in tests/data/quotes lands the right values, or is refused clearly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.services.item_import import check_table
from desktop.sheets import SpreadsheetError, read_quote
from desktop.vocabulary import ItemCategory

QUOTES = Path(__file__).resolve().parent.parent / "data" / "quotes"
D = Decimal


def rows_of(name: str, **options: Any) -> list[dict[str, Any]]:
    report = check_table(read_quote(QUOTES / name, **options))
    assert report.describe_errors() == []
    return report.values


def pick(rows: list[dict[str, Any]], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(row[field] for field in fields) for row in rows]


def test_utf8_with_byte_order_mark() -> None:
    rows = rows_of("utf8_bom.csv")
    assert pick(rows, "name", "quantity", "unit_cost", "category", "vendor") == [
        ("Chromebook Plus — élève", D(1200), D("329.00"), ItemCategory.HARDWARE, "Acme Éducation"),
        ("Charging cart", D(40), D("1899.50"), ItemCategory.HARDWARE, "Acme Éducation"),
    ]


def test_windows_1252_with_euro_sign_accents_and_french_headers() -> None:
    rows = rows_of("cp1252_euro.csv")
    assert pick(rows, "name", "quantity", "unit_cost", "recurring_unit_cost", "vendor") == [
        ("Câble réseau catégorie 6", D(500), D("12.40"), D(0), "Réseaux Économie"),
        ("Licence de filtrage", D(4200), D(0), D("3.75"), "Sécurité Écoles"),
    ]


def test_semicolons_and_decimal_commas() -> None:
    rows = rows_of("semicolon_decimal_comma.csv")
    assert pick(rows, "name", "quantity", "unit_cost", "recurring_unit_cost", "lifespan_years") == [
        ('Laptop 14"', D(25), D("1234.50"), D("45.00"), 4),
        ("Docking station", D(25), D("189.99"), D(0), 5),
        ("Service desk hours", D(1), D(0), D("12000.00"), None),
    ]


def test_tab_delimited_with_category_words() -> None:
    rows = rows_of("tab_delimited.csv")
    assert pick(rows, "name", "quantity", "unit_cost", "recurring_unit_cost", "category") == [
        ("MDM licence", D(4200), D(0), D("4.50"), ItemCategory.DEVICE_MANAGEMENT),
        ("Accidental damage cover", D(4200), D(0), D("18.25"), ItemCategory.INSURANCE),
    ]


def test_quoted_notes_spanning_lines_stay_in_one_row() -> None:
    report = check_table(read_quote(QUOTES / "multiline_notes.csv"))
    assert report.row_numbers == [2, 3]
    assert pick(report.values, "name", "unit_cost", "notes") == [
        ("Access point", D("695.00"), 'Ceiling mount.\nIncludes install,\nand "cloud" licence.'),
        ("Switch 48-port", D("3150.00"), "Two lines\r\nof notes"),
    ]


def test_money_in_every_common_spelling() -> None:
    rows = rows_of("money_formats.csv")
    assert pick(rows, "name", "unit_cost") == [
        ("Projector", D("1234.50")),
        ("Document camera", D("1234.50")),
        ("Speaker set", D("1234.50")),
        ("Web filter", D("99.00")),
        ("Stylus", D("2.75")),
    ]


def test_a_negative_cost_in_parentheses_is_a_row_error() -> None:
    report = check_table(read_quote(QUOTES / "negative_cost.csv"))
    assert report.describe_errors() == [
        "Row 2, column 'Unit price', value '(250.00)': cannot be negative"
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_the_files() -> None:
    report = check_table(read_quote(QUOTES / "blank_rows.csv"))
    assert report.row_numbers == [5, 8]
    assert pick(report.values, "name", "quantity", "unit_cost") == [
        ("Tablet", D(30), D("399.00")),
        ("Keyboard case", D(30), D("59.90")),
    ]


def test_header_found_on_row_4_below_title_lines_and_totals_skipped() -> None:
    table = read_quote(QUOTES / "header_on_row_4.xlsx")
    assert table.header_row == 4
    assert table.fields == (None, "name", "quantity", "unit_cost", None, "lifespan_years")
    report = check_table(table)
    assert report.errors == []
    assert pick(report.values, "name", "quantity", "unit_cost", "lifespan_years") == [
        ("Wireless access point", D(120), D("745.50"), 6),
        ("PoE switch 24-port", D(12), D("1999.99"), 7),
    ]
    assert [(skip.number, skip.text) for skip in report.skipped] == [(8, "Subtotal")]
    assert report.values[0]["figure_source"] == (
        "Imported from header_on_row_4.xlsx, sheet Quote, row 5"
    )


def test_a_value_in_a_merged_cell_counts_for_every_row_the_cell_covers() -> None:
    """Quote templates write a category or a supplier once, in a cell merged down beside the
    items it covers; the file holds it in the first row only, and the other items were
    imported with none."""
    table = read_quote(QUOTES / "merged_cells.xlsx")
    assert table.header_row == 3
    rows = check_table(table).values
    assert pick(rows, "name", "quantity", "unit_cost", "category", "vendor") == [
        ("Wireless access point", D(120), D("745.50"), ItemCategory.NETWORK_INFRASTRUCTURE,
         "Acme Networks"),
        ("PoE switch 24-port", D(12), D("1999.99"), ItemCategory.NETWORK_INFRASTRUCTURE,
         "Acme Networks"),
        ("Chromebook", D(300), D("299.00"), ItemCategory.HARDWARE, "Acme Networks"),
    ]  # fmt: skip


def test_a_figure_in_a_merged_cell_is_neither_repeated_nor_dropped(tmp_path: Path) -> None:
    """A figure written once in a cell merged beside three items may be one fee for all three
    (filled down, it was counted three times) or a price for each (left blank, the other two
    cost nothing, as a $299 price merged beside two laptops did): the rows it covers below its
    first are refused with the question, and the words beside them still fill down."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Quantity", "Unit cost", "Annual cost", "Supplier"])
    sheet.append(["Access point", 10, 700, 4500, "Acme"])
    sheet.append(["Switch", 2, 1800, None, None])
    sheet.append(["Controller", 1, 900, None, None])
    sheet.merge_cells("D2:D4")
    sheet.merge_cells("E2:E4")
    path = tmp_path / "lump.xlsx"
    book.save(path)
    report = check_table(read_quote(path))
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (3, "Annual cost", "4500"),
        (4, "Annual cost", "4500"),
    ]
    assert all("merged with row 2's" in e.reason for e in report.errors)
    assert all(e.reason.endswith("the first already covers)") for e in report.errors)
    # A merged quantity is not an amount another line can cover: no "0" is suggested.
    sheet.unmerge_cells("D2:D4")
    sheet["D3"], sheet["D4"] = 0, 0
    sheet["B3"] = None
    sheet.merge_cells("B2:B3")
    book.save(path)
    (quantity,) = check_table(read_quote(path)).errors
    assert (quantity.row, quantity.column) == (3, "Quantity")
    assert quantity.reason.endswith("write the figure on each line it applies to")
    assert report.values[0]["recurring_unit_cost"] == D("4500.00")
    assert [row.get("vendor") for row in report.values] == ["Acme"] * 3


def test_three_sheets_first_with_items_is_chosen_or_the_one_named() -> None:
    table = read_quote(QUOTES / "three_sheets.xlsx")
    assert table.sheet_name == "Items"
    assert table.sheet_names == ("Cover", "Items", "Alternates")
    rows = check_table(table).values
    assert pick(rows, "name", "quantity", "recurring_unit_cost", "category", "vendor") == [
        (
            "Help desk seat",
            D(3),
            D("5400.00"),
            ItemCategory.TECHNICAL_SUPPORT,
            "Campus IT Partners",
        ),
        ("Teacher coaching day", D(20), D(0), ItemCategory.PROFESSIONAL_LEARNING, "Learn Forward"),
    ]
    chosen = rows_of("three_sheets.xlsx", sheet="alternates")
    assert pick(chosen, "name", "unit_cost") == [("Premium access point", D("1045.00"))]
    with pytest.raises(SpreadsheetError, match="'Cover', 'Items', 'Alternates'"):
        read_quote(QUOTES / "three_sheets.xlsx", sheet="Prices")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("really_a_png.csv", "is a PNG image, not a spreadsheet"),
        ("truncated.xlsx", "damaged or incomplete"),
        ("zip_bomb.xlsx", "would unpack to far more data than a quote holds"),
        ("xml_bomb.xlsx", "XML entity definitions"),
    ],
)
def test_files_that_are_not_safe_quotes_are_refused_with_a_clear_message(
    name: str, message: str
) -> None:
    with pytest.raises(SpreadsheetError, match=message):
        read_quote(QUOTES / name)


def test_oversized_and_overlong_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    with pytest.raises(SpreadsheetError, match="at most 25 MB"):
        read_quote(big)
    long = tmp_path / "long.csv"
    long.write_text("Item,Qty\n" + "x,1\n" * 101_500)
    with pytest.raises(SpreadsheetError, match="more than 100,000 rows"):
        read_quote(long)


def test_a_file_without_a_header_row_says_what_it_expected(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(SpreadsheetError, match="No header row"):
        read_quote(path)


def test_mapping_overrides_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Thing,How many,Dollars\nRouter,2,450\n")
    table = read_quote(
        path, mapping={"Thing": "name", "how many": "quantity", "Dollars": "unit_cost"}
    )
    assert pick(check_table(table).values, "name", "quantity", "unit_cost") == [
        ("Router", D(2), D("450.00"))
    ]
    with pytest.raises(SpreadsheetError, match="No column is headed 'Price'"):
        read_quote(path, mapping={"Thing": "name", "Price": "unit_cost"})


def test_three_decimals_among_prices_with_cents_are_unclear_not_a_thousandfold(
    tmp_path: Path,
) -> None:
    """ "1.005" reads as 1,005 by the grouping rule; in a column whose other prices are
    written "745.50" and "99.95" it was more likely a typo for a price near $1, and it was
    imported a thousand times too large without a word. It is now a row error; the same
    figure in a column that writes cents with a comma ("1.005" beside "12,50") is 1,005. In a
    column where no figure shows its decimal mark ("1.005" beside "300") nothing says which it
    is, so it is asked too; a comma there ("1,005") is grouping, as US price lists write it."""
    us = tmp_path / "us.csv"
    us.write_text("Item,Quantity,Unit price\nCable,10,745.50\nAdapter,4,1.005\nTag,9,99.95\n")
    report = check_table(read_quote(us))
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "Unit price", "1.005")]
    assert "unclear" in report.errors[0].reason
    european = tmp_path / "eu.csv"
    european.write_text("Item;Quantity;Unit price\nCable;10;12,50\nSwitch;4;1.005\n")
    assert pick(rows_of_path(european), "name", "unit_cost") == [
        ("Cable", D("12.50")),
        ("Switch", D("1005.00")),
    ]
    plain = tmp_path / "plain.csv"
    plain.write_text("Item,Quantity,Unit price\nSwitch,4,1.005\nCable,10,300\n")
    report = check_table(read_quote(plain))
    assert [(e.row, e.value) for e in report.errors] == [(2, "1.005")]
    assert "may mean 1.005 or 1005" in report.errors[0].reason
    grouped = tmp_path / "grouped.csv"
    grouped.write_text('Item,Quantity,Unit price\nSwitch,4,"1,005"\nCable,10,300\n')
    assert pick(rows_of_path(grouped), "name", "unit_cost") == [
        ("Switch", D("1005.00")),
        ("Cable", D("300.00")),
    ]


def test_a_comma_and_three_digits_is_asked_where_the_file_writes_decimals_with_a_comma(
    tmp_path: Path,
) -> None:
    """ "1,500" alone in its column was read as 1,500 although the same row wrote "2,5" and
    "20,75": the file uses the comma for decimals, so it may be 1.50. The column's own figures
    decide first; where they show no mark, the rest of the file does."""
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text("Item;Qty;Unit price;Annual cost\nLaptop;2,5;1,500;20,75\n")
    report = check_table(read_quote(semicolons))
    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "Unit price", "1,500")]
    assert 'other figures in this file use "," for decimals' in report.errors[0].reason
    # A file that writes decimals with a point keeps a comma as grouping, as before.
    points = tmp_path / "points.csv"
    points.write_text('Item,Qty,Unit price,Annual cost\nLaptop,2.5,"1,500",20.75\n')
    assert pick(rows_of_path(points), "name", "unit_cost") == [("Laptop", D("1500.00"))]


def test_a_quantity_with_one_point_and_three_digits_is_asked(tmp_path: Path) -> None:
    """A quantity of "1.234" was imported as 1,234 units without a word, though quantities may
    have decimals; with nothing else in the column to say which, it is asked."""
    quote = tmp_path / "qty.csv"
    quote.write_text("Item,Qty,Unit price\nB,1.234,10\nC,4200,12.50\n")
    report = check_table(read_quote(quote))
    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "Qty", "1.234")]
    assert "may mean 1.234 or 1234" in report.errors[0].reason


def rows_of_path(path: Path, **options: Any) -> list[dict[str, Any]]:
    report = check_table(read_quote(path, **options))
    assert report.describe_errors() == []
    return report.values


def test_a_quote_left_open_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    """An unclosed quote in the last column read every later line into that value: the file
    imported one item, whose vendor held the next rows, and said nothing. A value on two lines
    (a note) still imports."""
    broken = tmp_path / "broken.csv"
    broken.write_text(
        'Item,Qty,Unit price,Vendor\nLaptop,1,10,"Acme\nCharger,4,25,Acme\nCase,2,9,Acme\n'
    )
    with pytest.raises(SpreadsheetError, match="Row 2 of broken.csv has a quote that is not"):
        read_quote(broken)
    note = tmp_path / "note.csv"
    note.write_text('Item,Qty,Unit price,Vendor\nLaptop,1,10,"Acme\nnorth office"\nCase,2,9,Acme\n')
    assert pick(rows_of_path(note), "name", "vendor") == [
        ("Laptop", "Acme north office"),  # a vendor is one line
        ("Case", "Acme"),
    ]


def test_a_file_mixing_two_encodings_is_refused_not_garbled(tmp_path: Path) -> None:
    """One line saved as Windows text in a UTF-8 file made the whole file read as Windows
    text, and every UTF-8 accent imported garbled ("CafÃ©"). It is now refused, naming both
    lines; a file that is Windows text throughout still imports."""
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        "Item,Qty,Unit price\nCafé table,1,10\n".encode() + "Crème stand,2,5\n".encode("cp1252")
    )
    with pytest.raises(SpreadsheetError, match="line 3 is written the Windows .* line 2 is UTF-8"):
        read_quote(mixed)
    windows = tmp_path / "windows.csv"
    windows.write_bytes("Item,Qty,Unit price\nCafé table,1,10\nCrème stand,2,5\n".encode("cp1252"))
    assert pick(rows_of_path(windows), "name") == [("Café table",), ("Crème stand",)]
    # Both on one line: said so, not "line 2 is Windows text, while line 2 is UTF-8".
    one_line = tmp_path / "one-line.csv"
    one_line.write_bytes(b"Item,Qty,Unit price\nCaf\xc3\xa9 and Cr\xe8me,1,10\n")
    with pytest.raises(SpreadsheetError, match="line 2 holds both"):
        read_quote(one_line)


def test_a_file_that_is_not_text_is_called_so(tmp_path: Path) -> None:
    """Random bytes named .csv were said to mix two text encodings, "line 1 … while line 1",
    when its first bytes happened to look like text."""
    binary = tmp_path / "quote.csv"
    binary.write_bytes(b"Item,Qty,Unit price\n" + bytes(range(256)) * 8)
    with pytest.raises(SpreadsheetError, match="it holds binary data, not text"):
        read_quote(binary)


@pytest.mark.parametrize("separator", [":", '"'])
def test_a_sep_line_naming_a_separator_we_do_not_read_is_refused_by_name(
    tmp_path: Path, separator: str
) -> None:
    """ "sep=:" on an Excel CSV's first line stopped the import with a KeyError."""
    path = tmp_path / "quote.csv"
    path.write_text(f"sep={separator}\nItem{separator}Qty\nLaptop{separator}3\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=f"says its separator is {separator!r}"):
        read_quote(path)


def test_a_value_far_below_the_items_is_refused_before_reading_the_blank_rows(
    tmp_path: Path,
) -> None:
    """One value on row 1,000,000 of a 5 KB workbook kept the import reading empty rows for
    three minutes (row 99,999,999: hours)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Qty", "Unit price"])
    sheet.append(["Laptop", 3, 499])
    sheet.cell(row=1_000_000, column=1, value="stray")
    path = tmp_path / "far.xlsx"
    book.save(path)
    with pytest.raises(SpreadsheetError, match="reaches row 1,000,000"):
        read_quote(path)  # refused from the archive's row numbers, before any row is read


def test_a_device_is_named_as_no_file_and_a_huge_value_in_plain_words(tmp_path: Path) -> None:
    """ "/dev/zero" was said to be "empty", and a value of 300,000 characters gave Python's own
    "field larger than field limit (131072)"."""
    with pytest.raises(SpreadsheetError, match=r"^zero is not a file, so not a spreadsheet\.$"):
        read_quote(Path("/dev/zero"))
    huge = tmp_path / "huge.csv"
    huge.write_text("Item,Quantity,Unit cost\nA,1," + "9" * 300_000 + "\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(huge)
    said = str(refused.value)
    assert said.startswith("huge.csv has a value near row 2 longer than any cell of a quote")
    assert "field limit" not in said


def import_refused(library: Any, sample_id: int, path: Path) -> list[str]:
    """The problems an import of ``path`` lists; the proposal is left as it was."""
    from desktop.services.item_import import import_items_file
    from desktop.services.proposal_format import export_document

    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    assert report.imported_ids == []
    assert export_document(library, sample_id) == before
    return report.describe_errors()


def test_an_amount_with_two_signs_is_refused_not_read_as_positive(
    library: Any, sample_id: int, tmp_path: Path
) -> None:
    """ "-(500)", "(-250.00)", "((75))" and "(5)-" each carry two signs, which cancelled out:
    they were imported as prices of 500, 250, 75 and 5 without a word. A negative price
    written once, "(500)" or "-500", is still refused as negative."""
    quote = tmp_path / "signs.csv"
    quote.write_text(
        "Item,Category,Qty,Unit price\n"
        "A,Hardware,1,-(500)\nB,Hardware,1,(-250.00)\nC,Hardware,1,((75))\n"
        "D,Hardware,1,(5)-\nE,Hardware,1,(500)\nF,Hardware,1,-500\nG,Hardware,--2,5\n"
    )
    two_signs = "not a number: it has more than one sign (a minus or parentheses)"
    assert import_refused(library, sample_id, quote) == [
        f"Row 2, column 'Unit price', value '-(500)': {two_signs}",
        f"Row 3, column 'Unit price', value '(-250.00)': {two_signs}",
        f"Row 4, column 'Unit price', value '((75))': {two_signs}",
        f"Row 5, column 'Unit price', value '(5)-': {two_signs}",
        "Row 6, column 'Unit price', value '(500)': cannot be negative",
        "Row 7, column 'Unit price', value '-500': cannot be negative",
        f"Row 8, column 'Qty', value '--2': {two_signs}",
    ]


def test_spaces_between_digits_are_grouping_only_in_threes(
    library: Any, sample_id: int, tmp_path: Path
) -> None:
    """ "1 2 3" was imported as a quantity of 123 and "1 0 5" as a price of $105: every space
    was dropped, whatever the digits between them. Only thousands ("1 234", with a plain, a
    no-break or a narrow no-break space) are grouping."""
    quote = tmp_path / "spaces.csv"
    quote.write_text(
        "Item,Category,Qty,Unit price\n"
        "A,Hardware,1 2 3,10\nB,Hardware,1,1 0 5\nC,Hardware,12 34,5\nD,Hardware,1,1 234 5\n",
        encoding="utf-8",
    )
    spaced = "not a number: spaces between digits are read only between thousands (1 234 567)"
    assert import_refused(library, sample_id, quote) == [
        f"Row 2, column 'Qty', value '1 2 3': {spaced}",
        f"Row 3, column 'Unit price', value '1 0 5': {spaced}",
        f"Row 4, column 'Qty', value '12 34': {spaced}",
        f"Row 5, column 'Unit price', value '1 234 5': {spaced}",
    ]
    grouped = tmp_path / "grouped.csv"
    grouped.write_text(
        "Item;Category;Qty;Unit price\n"
        "A;Hardware;1 234;5\n"
        "B;Hardware;2;12 345 678\n"
        "C;Hardware;3;1\u202f234,50\n"
        "D;Hardware;4;1\u00a0234\u00a0€\n",
        encoding="utf-8",
    )
    assert pick(rows_of_path(grouped), "name", "quantity", "unit_cost") == [
        ("A", D(1234), D("5.00")),
        ("B", D(2), D("12345678.00")),
        ("C", D(3), D("1234.50")),
        ("D", D(4), D("1234.00")),
    ]


def test_shipping_and_freight_are_costs_imported_not_skipped_as_totals(
    library: Any, sample_id: int, tmp_path: Path
) -> None:
    """A "Shipping" line (100 at $12.50) and a "Freight" line were skipped as "a total line,
    not an item", and the import succeeded without their cost. Only lines that add up the
    others (a subtotal, the tax on them, the total) are skipped."""
    from desktop.services.item_import import import_items_file
    from desktop.services.snapshot import proposal_input

    quote = tmp_path / "quote.csv"
    quote.write_text(
        "Item,Category,Qty,Unit price\n"
        "Laptop,Hardware,10,300\n"
        "Shipping,Other,100,12.50\n"
        "Freight,Other,1,80\n"
        "Shipping and handling,Other,1,25\n"
        "Subtotal,,,4355\n"
        "Sales tax,,,0\n"
        "Grand total:,,,4355\n"
    )
    before = len(proposal_input(library, sample_id).items)
    report = import_items_file(library, sample_id, quote)
    assert report.errors == []
    added = proposal_input(library, sample_id).items[before:]
    assert [(item.name, item.category, item.quantity, item.unit_cost) for item in added] == [
        ("Laptop", ItemCategory.HARDWARE, D(10), D("300.00")),
        ("Shipping", ItemCategory.OTHER, D(100), D("12.50")),
        ("Freight", ItemCategory.OTHER, D(1), D("80.00")),
        ("Shipping and handling", ItemCategory.OTHER, D(1), D("25.00")),
    ]
    assert [(skip.number, skip.text, skip.reason) for skip in report.skipped] == [
        (6, "Subtotal", "a total line, not an item"),
        (7, "Sales tax", "a total line, not an item"),
        (8, "Grand total:", "a total line, not an item"),
    ]


def test_a_category_cell_names_a_category_as_a_whole_not_by_a_word_inside_it(
    library: Any, sample_id: int, tmp_path: Path
) -> None:
    """ "Chromebook insurance" was imported as Hardware, "No hardware - services only" as
    Hardware and "Support for switches" as Network infrastructure: any word of the cell that
    named a category decided it, so the cost landed in the wrong part of the breakdown."""
    quote = tmp_path / "categories.csv"
    quote.write_text(
        "Item,Category,Qty,Unit price\n"
        "A,Chromebook insurance,1,5\nB,No hardware - services only,1,5\n"
        "C,Support for switches,1,5\nD,hardware  AND devices,1,5\n"
    )
    choices = (
        "is not a known category (use one of: Broadband, Network infrastructure, Hardware and "
        "devices, Device management and accountability, Security, Insurance and warranty, "
        "Technical support, Instructional content, Professional learning, Other)"
    )
    assert import_refused(library, sample_id, quote) == [
        f"Row 2, column 'Category', value 'Chromebook insurance': {choices}",
        f"Row 3, column 'Category', value 'No hardware - services only': {choices}",
        f"Row 4, column 'Category', value 'Support for switches': {choices}",
    ]


def test_a_quote_left_open_on_the_last_row_is_named_not_blamed_on_a_column(
    tmp_path: Path,
) -> None:
    """'Widget,"Hardware,10,5,0' read its category as "Hardware,10,5,0" (Hardware) and
    blamed the blank quantity: the row's values had all gone into one cell."""
    quote = tmp_path / "open.csv"
    quote.write_text(
        "Item,Category,Qty,Unit price,Annual cost\n"
        "Laptop,Hardware,1,10,0\n"
        'Widget,"Hardware,10,5,0\n'
    )
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(quote)
    assert str(refused.value) == (
        "Row 3 of open.csv has a quote that is not closed: its value in column 2 "
        "('Hardware,10,5,0') runs to the end of the file, so the row's values cannot be told "
        "apart. Close the quote or remove it, then import the file again."
    )


def test_data_only_on_a_hidden_sheet_is_named_with_how_to_read_it(tmp_path: Path) -> None:
    """A workbook whose quote sat on a hidden sheet was said to have "no data in any of its
    sheets", which the director could see was not so."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    prices = book.create_sheet("Prices")
    prices.append(["Item", "Qty", "Unit price"])
    prices.append(["Laptop", 3, 499])
    prices.sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(path)
    assert str(refused.value) == (
        "hidden.xlsx has no data on the sheets it shows: its data is on the hidden sheet "
        "'Prices', which is read only when chosen. Unhide the sheet in your spreadsheet "
        "program and save the file, or on the command line choose it: --sheet 'Prices'."
    )
    assert pick(rows_of_path(path, sheet="Prices"), "name") == [("Laptop",)]
    older = book.create_sheet("Old prices", 0)
    older.append(["Item", "Qty", "Unit price"])
    older.sheet_state = "hidden"
    book.save(path)
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(path)
    assert str(refused.value) == (
        "hidden.xlsx has no data on the sheets it shows: its data is on the hidden sheets "
        "'Old prices' and 'Prices', which are read only when chosen. Unhide the one that holds "
        "the quote in your spreadsheet program and save the file, or on the command line "
        "choose it: --sheet 'Old prices'."
    )


@pytest.mark.parametrize("name", ["renamed.csv", "quote", "quote.XLSX"])
def test_a_workbook_is_read_whatever_its_file_is_named(tmp_path: Path, name: str) -> None:
    """A workbook saved as "quote.csv" (or with no extension) was called "damaged or
    incomplete": it was known for a workbook by what it holds, then refused by its name."""
    import shutil

    renamed = tmp_path / name
    shutil.copyfile(QUOTES / "three_sheets.xlsx", renamed)
    report = check_table(read_quote(renamed))
    assert report.errors == [] and report.row_count == 2
    original = check_table(read_quote(QUOTES / "three_sheets.xlsx"))

    def figures(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "figure_source"} for row in values]

    assert figures(report.values) == figures(original.values)
    assert report.values[0]["figure_source"].startswith(f"Imported from {name}, sheet Items")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_mark_is_named_not_called_binary(
    tmp_path: Path, encoding: str
) -> None:
    """Saved as "Unicode text" with no byte-order mark, a quote was refused as "binary data,
    not text", with nothing to say how to save it so it imports."""
    quote = tmp_path / "quote.csv"
    quote.write_bytes("Désignation,Qté,Prix\nCommutateur,2,100\n".encode(encoding))
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(quote)
    assert "saved as UTF-16 without the mark" in str(refused.value)
    assert "CSV UTF-8" in str(refused.value)
    for name, data in (
        ("data.csv", bytes(range(256))),
        # Little-endian numbers, each below 256: zeros every other byte, but not text.
        ("numbers.csv", bytes(n for value in range(1, 300) for n in (value % 256, 0))),
    ):
        binary = tmp_path / name
        binary.write_bytes(data)
        with pytest.raises(SpreadsheetError, match="holds binary data, not text"):
            read_quote(binary)


@pytest.mark.parametrize(
    "name",
    ["Café résumé", "Caméra è", "Müller Straße", "más café", "Ärger über", "Kabel über 5m"],
)  # fmt: skip
def test_a_quote_in_a_macs_own_encoding_is_refused_not_garbled(tmp_path: Path, name: str) -> None:
    """Saved by an old Mac program, "Café résumé" was imported as "CafŽ rŽsumŽ" without a word
    (and "è", a byte Windows text never holds, as an invisible control character)."""
    quote = tmp_path / "mac.csv"
    quote.write_bytes(b"Item,Qty,Unit price\n" + f"{name},1,10\n".encode("mac_roman"))
    with pytest.raises(SpreadsheetError) as refused:
        read_quote(quote)
    assert "line 2 holds accented letters that would come out garbled" in str(refused.value)
    assert "CSV UTF-8" in str(refused.value)


def test_windows_text_with_its_own_punctuation_between_letters_is_still_read(
    tmp_path: Path,
) -> None:
    quote = tmp_path / "windows.csv"
    names = [
        "Café don’t “A–Z” cœur™ …",
        # Central European names and capitals, and footnote marks: ordinary Windows text.
        "Škoda fleet lease", "Živa Novak licence", "OKŠ", "Mairie de L'HAŸ-LES-ROSES",
        "Chromebook†", "Charger‡ (see note)",
        # A euro sign or a dagger straight before a small letter: "€k", "€ht", "†see terms".
        "Amount (€k)", "Câble réseau 5 m 12.50€ht", "†see terms",
    ]  # fmt: skip
    text = "Item,Qty,Unit price\n" + "".join(f"{name},1,10\n" for name in names)
    quote.write_bytes(text.encode("cp1252"))
    report = check_table(read_quote(quote))
    assert report.errors == [] and [row["name"] for row in report.values] == names


def test_utf32_text_with_its_mark_is_read_and_binary_data_is_named(tmp_path: Path) -> None:
    """A UTF-32 quote was read as UTF-16 (its mark begins alike) and refused as having no header
    row; a refusal for binary data did not say which file."""
    quote = tmp_path / "utf32.csv"
    quote.write_bytes("Item,Quantity,Unit price\nSwitch,2,10\n".encode("utf-32"))
    table = read_quote(quote)
    assert table.description.startswith("utf-32")
    assert check_table(table).values[0]["name"] == "Switch"
    broken = tmp_path / "nul.csv"
    broken.write_bytes(b"Item,Quantity\nSw\x00itch,2\n")
    with pytest.raises(SpreadsheetError, match="^nul.csv is not a spreadsheet: it holds binary"):
        read_quote(broken)


def test_an_unclear_quantity_is_explained_in_a_quantitys_words(tmp_path: Path) -> None:
    """'1,000' under "Quantity" beside "2,5" was refused (rightly) with "the other amounts in
    this column use "," for cents, so it may mean 1,000 rather than 1000": cents in a count,
    and the same number written twice."""
    counts = tmp_path / "counts.csv"
    counts.write_text("Item;Quantity;Unit price\nA;2,5;10\nB;1,000;10\n")
    report = check_table(read_quote(counts))
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "Quantity", "1,000")]
    assert report.errors[0].reason == (
        'is unclear: the other figures in this column use "," for decimals, so it may be 1 '
        "with three decimals (1,000) rather than 1000; write 1000 for the larger; for the "
        "smaller, write an amount with two decimals, or add a zero to a quantity (1,0000)"
    )
