"""Importing items from vendor quotes: all or nothing, the app's own rules, clear row errors."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.cli import main
from desktop.finance import compute
from desktop.services import editing
from desktop.services.item_import import (
    ItemImportReport,
    SpreadsheetError,
    import_items_file,
    parse_mapping_options,
)
from desktop.services.library import Library
from desktop.services.proposal_format import export_document
from desktop.services.snapshot import proposal_input
from desktop.vocabulary import ItemCategory

QUOTES = Path(__file__).resolve().parent.parent / "data" / "quotes"
SAMPLE_NAME = "Riverside USD — 1:1 Infrastructure 2027–2031"


def test_a_quote_lands_after_the_existing_items_with_exact_values(
    library: Library, sample_id: int
) -> None:
    before = proposal_input(library, sample_id).items
    report = import_items_file(library, sample_id, QUOTES / "three_sheets.xlsx")
    assert report.errors == [] and report.row_count == 2
    items = proposal_input(library, sample_id).items
    assert [item.key for item in items[: len(before)]] == [item.key for item in before]
    added = items[len(before) :]
    assert [item.key for item in added] == report.imported_ids
    assert [(i.name, i.quantity, i.recurring_unit_cost, i.category, i.vendor) for i in added] == [
        ("Help desk seat", Decimal(3), Decimal("5400.00"), ItemCategory.TECHNICAL_SUPPORT,
         "Campus IT Partners"),
        ("Teacher coaching day", Decimal(20), Decimal(0), ItemCategory.PROFESSIONAL_LEARNING,
         "Learn Forward"),
    ]  # fmt: skip
    assert added[0].figure_source == "Imported from three_sheets.xlsx, sheet Items, row 2"


def test_any_bad_row_imports_nothing_and_every_problem_is_listed(
    library: Library, sample_id: int
) -> None:
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, QUOTES / "bad_rows.csv")
    assert report.imported_ids == []
    assert report.describe_errors() == [
        "Row 2, column 'Unit price', value 'abc': not a number",
        "Row 3, column 'Qty', value '-3': cannot be negative",
        "Row 4, column 'Category', value 'Fruit': is not a known category (use one of: "
        "Broadband, Network infrastructure, Hardware and devices, Device management and "
        "accountability, Security, Insurance and warranty, Technical support, Instructional "
        "content, Professional learning, Other)",
        "Row 5, column 'Item', value '': cannot be empty",
        "Row 6, column 'Refresh every', value 'half': not a number of years",
        "Row 6, column 'Unit price', value '10.0055': '10.0055' has more than two decimal "
        "places (cents)",
    ]
    assert export_document(library, sample_id) == before


def test_a_dry_run_checks_everything_and_writes_nothing(library: Library, sample_id: int) -> None:
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, QUOTES / "utf8_bom.csv", dry_run=True)
    assert report.errors == [] and report.row_count == 2 and report.imported_ids == []
    assert export_document(library, sample_id) == before


@pytest.mark.parametrize("name", ["truncated.xlsx", "really_a_png.csv", "zip_bomb.xlsx"])
def test_an_unreadable_file_changes_nothing(library: Library, sample_id: int, name: str) -> None:
    before = export_document(library, sample_id)
    with pytest.raises(SpreadsheetError):
        import_items_file(library, sample_id, QUOTES / name)
    assert export_document(library, sample_id) == before


BAD_NUMBERS = st.sampled_from(["abc", "-1", "1.23456", "(5.00)", "1,23,4", "NaN", "∞", "--2"])
GOOD_NUMBERS = st.decimals(min_value=0, max_value=100_000, places=2).map(str)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
            ),
            st.one_of(GOOD_NUMBERS, BAD_NUMBERS),
            st.one_of(GOOD_NUMBERS, BAD_NUMBERS),
        ),
        min_size=1,
        max_size=12,
    ),
    bad=st.tuples(BAD_NUMBERS, st.integers(min_value=0, max_value=11)),
)
def test_generated_rows_with_any_bad_number_are_refused_row_by_row(
    tmp_path_factory: pytest.TempPathFactory,
    library: Library,
    sample_id: int,
    rows: list[tuple[str, str, str]],
    bad: tuple[str, int],
) -> None:
    value, where = bad
    rows = list(rows)
    index = where % len(rows)
    rows[index] = (rows[index][0], rows[index][1], value)  # at least one bad unit price
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Item", "Qty", "Unit price"])
    # "Item …" so no generated name reads as a total line ("Tax") that would be skipped.
    writer.writerows([(f"Item {name}", quantity, price) for name, quantity, price in rows])
    path = tmp_path_factory.mktemp("quote") / "generated.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    assert report.errors and report.imported_ids == []
    assert any(error.column == "Unit price" and error.value == value for error in report.errors)
    assert all(error.describe().startswith(f"Row {error.row}, column") for error in report.errors)
    assert export_document(library, sample_id) == before


def test_ten_thousand_rows_import_in_one_go(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    lines = ["Item,Qty,Unit price,Annual cost,Category"]
    lines += [f'Device {n},{n % 40 + 1},"${n % 900 + 100:,}.{n % 100:02d}",{n % 30}.50,Hardware'
              for n in range(10_000)]  # fmt: skip
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines))
    existing = len(proposal_input(library, sample_id).items)
    report = import_items_file(library, sample_id, path)
    assert report.errors == [] and len(report.imported_ids) == 10_000
    items = proposal_input(library, sample_id).items
    assert len(items) == existing + 10_000
    assert items[-1].name == "Device 9999" and items[-1].unit_cost == Decimal("199.99")
    assert items[existing].unit_cost == Decimal("100.00")


def test_mapping_options_accept_fields_and_labels_and_refuse_unknown_fields() -> None:
    assert parse_mapping_options(
        ["Qty=quantity", "Cost = One-time cost per unit", "SKU=ignore"]
    ) == {
        "Qty": "quantity",
        "Cost": "unit_cost",
        "SKU": "ignore",
    }
    with pytest.raises(SpreadsheetError, match="'colour' is not a field; use one of: name,"):
        parse_mapping_options(["Paint=colour"])
    with pytest.raises(SpreadsheetError, match="HEADER=FIELD"):
        parse_mapping_options(["quantity"])
    # Two columns for one field, or one column for two, would drop one of them unseen.
    with pytest.raises(SpreadsheetError, match="unit_cost already comes from the column 'A'"):
        parse_mapping_options(["A=unit_cost", "B=unit_cost"])
    with pytest.raises(SpreadsheetError, match="the column 'A' is mapped twice"):
        parse_mapping_options(["A=unit_cost", "A=quantity"])
    assert parse_mapping_options(["A=ignore", "B=ignore"]) == {"A": "ignore", "B": "ignore"}


# --- the command line ------------------------------------------------------------------------


def test_the_help_for_map_lists_every_field_a_column_can_fill(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The help listed eight of the eleven fields, while the import's own advice sent the reader
    there to find them."""
    from desktop.sheets.columns import IGNORE, IMPORT_FIELDS

    with pytest.raises(SystemExit):
        main(["import-items", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for name in (*IMPORT_FIELDS, IGNORE):
        assert name in shown, name


def test_cli_import_items_prints_row_errors_and_exits_non_zero(
    library: Library, sample_id: int, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = export_document(library, sample_id)
    code = main(["--library", str(library_path), "import-items", str(QUOTES / "bad_rows.csv"),
                 "--proposal", SAMPLE_NAME])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    assert "Row 2, column 'Unit price', value 'abc': not a number" in captured.err
    assert "Nothing was imported: 6 problems in bad_rows.csv." in captured.err
    assert export_document(library, sample_id) == before


def test_cli_dry_run_imports_nothing_then_the_real_run_does(
    library: Library, sample_id: int, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = len(proposal_input(library, sample_id).items)
    args = ["--library", str(library_path), "import-items", str(QUOTES / "header_on_row_4.xlsx"),
            "--proposal", str(sample_id)]  # fmt: skip
    assert main([*args, "--dry-run"]) == 0
    assert "Would import 2 items from header_on_row_4.xlsx." in capsys.readouterr().out
    assert len(proposal_input(library, sample_id).items) == count
    assert main(args) == 0
    assert "Imported 2 items" in capsys.readouterr().out
    assert len(proposal_input(library, sample_id).items) == count + 2


def test_cli_map_option_and_unreadable_file(
    library: Library, sample_id: int, library_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    quote = tmp_path / "odd.csv"
    quote.write_text("Thing,How many,Dollars\nRouter,2,450\n")
    base = ["--library", str(library_path), "import-items", "--proposal", str(sample_id)]
    assert main([*base, str(quote), "--map", "Thing=name", "--map", "How many=quantity",
                 "--map", "Dollars=unit_cost"]) == 0  # fmt: skip
    assert proposal_input(library, sample_id).items[-1].unit_cost == Decimal("450.00")
    assert main([*base, str(QUOTES / "really_a_png.csv")]) == 2
    assert "is a PNG image, not a spreadsheet" in capsys.readouterr().err


def test_cli_export_xlsx_and_csv(
    library: Library, sample_id: int, library_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "figures.xlsx"
    assert main(["--library", str(library_path), "export-xlsx", "--proposal", str(sample_id),
                 "--out", str(out)]) == 0  # fmt: skip
    assert load_workbook(out).sheetnames[:4] == ["Summary", "Items", "Cash flow by year", "Funding"]
    text_out = tmp_path / "items.csv"
    assert main(["--library", str(library_path), "export-xlsx", "--proposal", str(sample_id),
                 "--out", str(text_out), "--csv"]) == 0  # fmt: skip
    rows = list(csv.reader(io.StringIO(text_out.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Item" and len(rows) == 1 + len(proposal_input(library, sample_id).items)


def test_a_formula_whose_result_was_never_saved_is_refused_not_read_as_zero(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A workbook written by a program that does not calculate holds "=250+49" with no result;
    read for results alone the price looked blank and became $0. A formula with its result
    saved (any spreadsheet program saves one) imports that result."""
    path = _generated_workbook(
        tmp_path,
        ["Item", "Quantity", "Unit price", "Annual cost"],
        ["Chromebook", 100, "=250+49", "=25*1"],
    )
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "Unit price", "=250+49"),
        (2, "Annual cost", "=25*1"),
    ]
    assert all("result was not saved" in e.reason for e in report.errors)
    assert export_document(library, sample_id) == before
    cached = tmp_path / "calculated.xlsx"  # as a spreadsheet program saves it: with results
    _with_saved_results(path, cached, {"C2": 299, "D2": 25})
    report = import_items_file(library, sample_id, cached, dry_run=True)
    assert not report.errors and report.values[0]["unit_cost"] == Decimal("299.00")


def _generated_workbook(tmp_path: Path, *rows: list[object]) -> Path:
    """A workbook of ``rows`` saved by openpyxl, which writes formulas without their results
    (as programs that do not calculate do)."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "generated.xlsx"
    book.save(path)
    return path


def _with_saved_results(
    source: Path, target: Path, results: dict[str, int], *, recalculate_on_load: bool = False
) -> None:
    """``source`` with each formula cell's result written beside it, as Excel saves one: Excel
    also drops the "recalculate when opened" setting, which programs that write formulas without
    calculating them (openpyxl, XlsxWriter) set, since their saved results are placeholders."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as read, zipfile.ZipFile(target, "w") as write:
        for member in read.namelist():
            data = read.read(member)
            if member == "xl/workbook.xml" and not recalculate_on_load:
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            if member.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                for cell, value in results.items():
                    text = re.sub(
                        rf'(<c r="{cell}"[^>]*>)(<f[^>]*>[^<]*</f>)(<v>\s*</v>|<v\s*/>)?',
                        rf"\1\2<v>{value}</v>",
                        text,
                    )
                data = text.encode("utf-8")
            write.writestr(member, data)


def test_placeholder_results_of_a_workbook_to_recalculate_are_refused_not_read_as_zero(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """XlsxWriter saves 0 as every formula's result and asks for the workbook to be recalculated
    when opened: read for its saved results, "=250+49" became a $0 price with no warning."""
    path = _generated_workbook(
        tmp_path,
        ["Item", "Quantity", "Unit price", "Annual cost"],
        ["Chromebook", 100, "=250+49", 25],
        ["Router", 2, 450, "=0"],
    )
    placeholders = tmp_path / "placeholders.xlsx"
    _with_saved_results(path, placeholders, {"C2": 0, "D3": 0}, recalculate_on_load=True)
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, placeholders)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "Unit price", "=250+49"),
        (3, "Annual cost", "=0"),
    ]
    assert all("recalculated when opened" in e.reason for e in report.errors)
    assert export_document(library, sample_id) == before


def test_an_array_formula_with_a_placeholder_result_is_refused_too(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """openpyxl hands an array formula over as an object, not text: its placeholder 0 slipped
    through the check for workbooks to be recalculated."""
    from openpyxl.worksheet.formula import ArrayFormula

    path = _generated_workbook(
        tmp_path,
        ["Item", "Quantity", "Unit price"],
        ["Router", 2, ArrayFormula("C2", "=SUM(200,250)")],
    )
    placeholders = tmp_path / "placeholders.xlsx"
    _with_saved_results(path, placeholders, {"C2": 0}, recalculate_on_load=True)
    report = import_items_file(library, sample_id, placeholders, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Unit price")]


def test_cli_a_file_with_no_item_rows_is_a_problem_not_a_success(
    library: Library, sample_id: int, library_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """An unclosed quote mark swallows the rest of a CSV file into one cell: "Imported 0 items"
    and exit 0 hid it. The refusal names the row whose quote is left open and what it took."""
    quote = tmp_path / "broken.csv"
    quote.write_text('Item,Quantity,Unit price\n"Chromebook,1,300\nRouter,2,450\n')
    code = main(["--library", str(library_path), "import-items", "--proposal", str(sample_id),
                 str(quote)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "Row 2 of broken.csv has a quote that is not closed" in err
    assert "'Router,2,450'" in err


def test_cli_a_workbook_of_headings_only_is_refused_in_a_workbooks_terms(
    library: Library, sample_id: int, library_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A workbook with its headings and no rows was told about "the rest of a CSV file"."""
    path = _generated_workbook(tmp_path, ["Item", "Quantity", "Unit price"])
    before = len(editing.list_rows(library, sample_id, "item"))
    code = main(["--library", str(library_path), "import-items", "--proposal", str(sample_id),
                 str(path)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == (
        "Nothing was imported: generated.xlsx has headings but no item rows under them."
    )
    assert len(editing.list_rows(library, sample_id, "item")) == before


def test_a_formula_with_no_saved_result_is_not_imported_as_a_name(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    path = _generated_workbook(
        tmp_path, ["Item", "Quantity", "Unit price", "Vendor"], ["Router", 2, 450, '=B5&" "&C5']
    )
    report = import_items_file(library, sample_id, path, dry_run=True)
    assert [(e.column, e.value) for e in report.errors] == [("Vendor", '=B5&" "&C5')]


def test_formula_cells_are_found_with_or_without_a_namespace_prefix() -> None:
    """Some writers spell the formula element "<x:f>"; those workbooks were read once, for saved
    results only, and an unsaved formula there slipped through as a blank price."""
    from desktop.sheets.reading import _FORMULA_ELEMENT

    for xml in (b"<c><f>A1*2</f></c>", b"<x:c><x:f>SUM(1,2)</x:f></x:c>", b'<f t="shared"/>'):
        assert _FORMULA_ELEMENT.search(xml), xml
    for xml in (b"<fill/>", b"<font><b/></font>", b"<x:fonts>"):
        assert not _FORMULA_ELEMENT.search(xml), xml


def test_a_row_split_by_an_unquoted_thousands_separator_is_refused_not_shifted(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """ "Laptop,2,1,234.50" under "Item,Qty,Unit price" imported the laptop at $1.00: the cents
    landed in a fourth column the header does not name, and nothing was said."""
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price\nLaptop,2,1,234.50\nCase,10,15.00\n")
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, quote)
    assert report.imported_ids == []
    (problem,) = report.describe_errors()
    assert problem.startswith("Row 2, column 'Column D', value '234.50': the row has more values")
    assert '"1,234.50"' in problem
    assert export_document(library, sample_id) == before
    quote.write_text('Item,Qty,Unit price\nLaptop,2,"1,234.50"\nCase,10,15.00\n')
    report = import_items_file(library, sample_id, quote)
    assert report.errors == [] and len(report.imported_ids) == 2
    laptop = next(i for i in proposal_input(library, sample_id).items if i.name == "Laptop")
    assert laptop.unit_cost == Decimal("1234.50")


def test_a_workbook_may_keep_notes_beside_the_named_columns(
    library: Library, tmp_path: Path, sample_id: int
) -> None:
    """In a sheet, a note typed to the right of a row is a note, not a split value."""
    path = _generated_workbook(
        tmp_path, ["Item", "Qty", "Unit price"], ["Router", 2, 450, "ask for the 5-year warranty"]
    )
    report = import_items_file(library, sample_id, path)
    assert report.errors == [] and len(report.imported_ids) == 1


def test_a_quote_in_another_currency_imports_nothing(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price\nLaptop,2,GBP 999\nCase,10,$15.00\n", encoding="utf-8")
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, quote)
    assert report.describe_errors() == [
        "Row 2, column 'Unit price', value 'GBP 999': is in GBP, but the proposal's amounts are "
        "in USD; convert it to USD first"
    ]
    assert export_document(library, sample_id) == before


def test_a_row_the_proposal_could_not_be_computed_with_imports_nothing(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A million units at two million dollars: each value within its limit, their product past
    the engine's yearly limit. Imported, the proposal lost its figures and every export."""
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price\nServer farm,1000000,2000000\nCase,10,15.00\n")
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, quote, dry_run=True)
    (problem,) = report.describe_errors()
    assert problem.startswith("Row 2, column 'Unit price', value '2000000.00': The quantity × ")
    assert "comes to more than $1,000,000,000,000 in a year" in problem
    report = import_items_file(library, sample_id, quote)
    assert report.imported_ids == [] and export_document(library, sample_id) == before


def test_a_password_protected_workbook_is_called_that_not_an_old_format(
    library: Library, sample_id: int
) -> None:
    """A workbook saved with a password (here "secret", as Excel's Encrypt with Password
    writes it) was called an old Excel 97–2003 file, with advice that does not help."""
    before = export_document(library, sample_id)
    with pytest.raises(SpreadsheetError) as refused:
        import_items_file(library, sample_id, QUOTES / "password_protected.xlsx")
    message = str(refused.value)
    assert message.startswith("password_protected.xlsx is protected with a password")
    assert "97–2003" not in message
    assert export_document(library, sample_id) == before


def test_hidden_sheets_and_rows_are_not_imported(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A hidden first sheet of old prices was imported instead of the visible quote, and a
    hidden row (a withdrawn option at $999,999) came in with the rest, with no word."""
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "Old prices"
    old.append(["Item", "Qty", "Unit price"])
    old.append(["Chromebook (2019 price)", 10, 1999])
    old.sheet_state = "hidden"
    quote = book.create_sheet("Quote")
    for row in (["Item", "Qty", "Unit price"], ["Chromebook", 10, 299],
                ["Withdrawn option", 1, 999999], ["Charging cart", 2, 1500]):  # fmt: skip
        quote.append(row)
    quote.row_dimensions[3].hidden = True
    book.active = 1
    path = tmp_path / "quote.xlsx"
    book.save(path)
    report = import_items_file(library, sample_id, path)
    assert report.errors == [] and report.sheet_name == "Quote"
    added = proposal_input(library, sample_id).items[-len(report.imported_ids) :]
    assert [(i.name, i.unit_cost) for i in added] == [
        ("Chromebook", Decimal(299)),
        ("Charging cart", Decimal(1500)),
    ]
    # Left out, and said: the director may not know the row is there.
    assert report.left_out == (
        "Row 3 is hidden in the workbook and was left out, as the spreadsheet does not show "
        "it: unhide it and save the file to import what it holds."
    )
    # Asked for by name, a hidden sheet is read: the director chose it.
    report = import_items_file(library, sample_id, path, sheet="Old prices", dry_run=True)
    assert report.row_count == 1


def test_a_hidden_column_is_left_out_as_a_hidden_row_is_and_said(
    library: Library,
    sample_id: int,
    library_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A hidden "Annual support" column ($120 a year) was imported as a recurring cost the
    director could not see in the spreadsheet, while hidden rows were left out."""
    from openpyxl import Workbook

    book = Workbook()
    quote = book.active
    for row in (["Item", "Qty", "List price", "Annual support", "Notes"],
                ["Access point", 10, 800, 120, "ceiling mount"],
                ["Old controller", 1, 5000, 900, ""], ["Switch", 2, 3600, 150, ""]):  # fmt: skip
        quote.append(row)
    quote.column_dimensions["D"].hidden = True
    quote.row_dimensions[3].hidden = True
    path = tmp_path / "quote.xlsx"
    book.save(path)
    err = _imported_on_the_command_line(library_path, sample_id, path, capsys)
    assert (
        "Note: Row 3 and column D are hidden in the workbook and were left out, as the "
        "spreadsheet does not show them: unhide them and save the file to import what they hold."
    ) in err
    added = proposal_input(library, sample_id).items[-2:]
    assert [(i.name, i.unit_cost, i.recurring_unit_cost) for i in added] == [
        ("Access point", Decimal(800), Decimal(0)),
        ("Switch", Decimal(3600), Decimal(0)),
    ]


def test_two_columns_under_one_header_wait_for_a_choice(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Under "Unit price" twice, a plain import read 100 and one with --map read 900, neither
    saying there was a choice to make."""
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price,Unit price\nLaptop,1,100,900\n")
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, quote)
    (problem,) = report.describe_errors()
    assert problem.startswith("Row 1, column 'Unit price'") and "2 columns (C and D)" in problem
    assert "--map 'Unit price (column D)=ignore'" in problem
    assert export_document(library, sample_id) == before
    for mapping, price in (
        ({"Unit price (column D)": "unit_cost"}, Decimal(900)),
        ({"Unit price (column D)": "ignore"}, Decimal(100)),
        ({"Unit price": "unit_cost"}, Decimal(100)),
        ({"unit price": "unit_cost"}, Decimal(100)),  # --map matches headers in any case
    ):
        report = import_items_file(library, sample_id, quote, mapping=mapping)
        assert report.errors == [], (mapping, report.describe_errors())
        laptop = proposal_input(library, sample_id).items[-1]
        assert (laptop.name, laptop.unit_cost) == ("Laptop", price), mapping


def test_a_subtotal_written_under_the_prices_is_skipped_as_a_total_line(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """An invoice's "Subtotal" sat in the extended-price column with the item column blank:
    the row was refused as an item with no name and blocked the whole import."""
    quote = tmp_path / "invoice.csv"
    quote.write_text(
        "SKU,Description,Qty,Unit Price,Extended Price\n"
        'AP-515,Wi-Fi 6 access point,120,"$695.00","$83,400.00"\n'
        ',,,Subtotal:,"$83,400.00"\n'
    )
    report = import_items_file(library, sample_id, quote)
    assert report.errors == [] and len(report.imported_ids) == 1
    assert [(s.number, s.text, s.reason) for s in report.skipped] == [
        (3, "Subtotal:", "a total line, not an item")
    ]


def test_a_repeated_header_over_an_empty_column_is_no_question(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price,Unit price\nLaptop,1,100,\nCase,2,15,\n")
    report = import_items_file(library, sample_id, quote)
    assert report.errors == [] and len(report.imported_ids) == 2


def test_a_header_that_only_looks_like_a_told_apart_twin_is_its_own_column(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Repeats were found by taking the " (column E)" the app adds to a second "Unit cost" back
    off, so a header written that way in the file was taken for a twin of "Unit cost"."""
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Quantity,Unit cost,Unit cost (column E)\nLaptop,2,500,450\n")
    report = import_items_file(library, sample_id, quote, dry_run=True)
    assert report.errors == [] and report.values[0]["unit_cost"] == Decimal("500.00")
    # A header written twice is still a question.
    quote.write_text("Item,Quantity,Unit cost,Unit cost\nLaptop,2,500,450\n")
    (problem,) = import_items_file(library, sample_id, quote, dry_run=True).describe_errors()
    assert "2 columns (C and D) have this header" in problem


def test_values_under_a_column_with_no_header_import_once_the_column_is_chosen(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A notes column with no header held up the import even with --map 'Column D=notes'."""
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price,\nLaptop,2,500.00,ships in May\nDock,2,120.00,\n")
    report = import_items_file(library, sample_id, quote, dry_run=True)
    (problem,) = report.describe_errors()
    assert "give it a header, or choose what it holds" in problem
    for mapping in ({"Column D": "notes"}, {"column d": "ignore"}):
        report = import_items_file(library, sample_id, quote, dry_run=True, mapping=mapping)
        assert report.errors == [] and report.row_count == 2, mapping


def _formatted(path: Path, formats: dict[str, str]) -> None:
    """Give the workbook's cells these number formats (cell → format), as a person would."""
    book = load_workbook(path)
    for cell, number_format in formats.items():
        book.active[cell].number_format = number_format
    book.save(path)


def test_a_price_formatted_as_a_percentage_is_refused_as_the_sheet_shows_it(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Stored 0.15 and shown "15%", a price cell imported as $0.15. It is now read as the
    director sees it and refused by that value; a literal "%" in a format is not a percentage."""
    path = _generated_workbook(
        tmp_path,
        ["Item", "Quantity", "Unit cost"],
        ["Laptop", 2, 0.15],
        ["Case", 1, 25],
        ["Stylus", 3, 4.5],
    )
    _formatted(
        path,
        # "%" as literal text in C4's format: still an amount
        {"C2": "0%", "C3": '"$"#,##0.00', "C4": '0.00" %"'},
    )
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    assert [error.describe() for error in report.errors] == [
        "Row 2, column 'Unit cost', value '15%': a percentage, not an amount or a count"
    ]
    assert export_document(library, sample_id) == before
    _formatted(path, {"C2": "General"})
    report = import_items_file(library, sample_id, path, dry_run=True)
    assert not report.errors
    assert [row["unit_cost"] for row in report.values] == [
        Decimal("0.15"),
        Decimal("25.00"),
        Decimal("4.50"),
    ]


def test_a_price_shown_in_another_currency_is_refused_as_typed_text_is(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A cell holding 12 shown as "£12.00" by its format imported as $12.00 into a dollar
    proposal, though the text "£12.00" was refused. The format's currency now counts: pounds,
    euros by locale code or by name are refused, and the dollar or a number format alone are
    read; the number imported is the cell's own, never re-read from its text."""
    path = _generated_workbook(
        tmp_path,
        ["Item", "Quantity", "Unit cost"],
        ["Laptop", 2, 12],
        ["Case", 1, 25],
        ["Hub", 1, 40],
        ["Stylus", 3, 1.25],
        ["Dock", 1, 99.5],
    )
    _formatted(
        path,
        {
            "C2": '"£"#,##0.00',
            "C3": "[$€-407]#,##0.00",
            "C4": "[$EUR] #,##0.00",
            "C5": '"$"#,##0.00',
            "C6": "#,##0.00",
        },
    )
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    assert [(error.row, error.value) for error in report.errors] == [
        (2, "£ 12"),
        (3, "€ 25"),
        (4, "EUR 40"),
    ]
    assert all("is in" in error.reason and "USD" in error.reason for error in report.errors)
    assert export_document(library, sample_id) == before
    _formatted(path, dict.fromkeys(("C2", "C3", "C4"), "[$$-409]#,##0.00"))
    report = import_items_file(library, sample_id, path, dry_run=True)
    assert not report.errors
    assert [row["unit_cost"] for row in report.values] == [
        Decimal("12.00"),
        Decimal("25.00"),
        Decimal("40.00"),
        Decimal("1.25"),
        Decimal("99.50"),
    ]


def test_values_in_a_column_with_no_header_are_named_not_dropped_silently(
    library: Library, tmp_path: Path, sample_id: int, library_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The prices sat in a column whose header cell was blank (or under a header merged over two
    columns): the items imported at no cost and nothing said the column was left out."""
    path = _generated_workbook(
        tmp_path, ["Item", "Qty", None, "SKU"], ["Access point", 40, 745.5, "AP-7"],
        ["Switch", 12, 1999, "SW-48"],
    )  # fmt: skip
    report = import_items_file(library, sample_id, path, dry_run=True)
    assert report.errors == [] and report.row_count == 2
    # The SKU column has a header that names no field: leaving it out is expected.
    assert [(c.header, c.rows, c.example, c.why()) for c in report.unused] == [
        ("Column C", 2, "745.5", "has no header")
    ]
    args = ["--library", str(library_path), "import-items", str(path), "--proposal",
            str(sample_id), "--dry-run"]  # fmt: skip
    # A dry run says what the real one would do: refuse (it said "Would import 2 items").
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Column 'Column C' has no header, yet holds values in 2 item rows" in err
    assert "--map 'Column C=FIELD'" in err and "--map 'Column C=ignore'" in err
    assert "Nothing would be imported: 1 column of figures" in err
    # Not a dry run: nothing is imported until the column is named (it imported every item at
    # no cost and exited 0, a note on stderr the only sign).
    items_before = len(proposal_input(library, sample_id).items)
    assert main(args[:-1]) == 2
    err = capsys.readouterr().err
    assert "Column 'Column C' has no header, yet holds values in 2 item rows" in err
    assert f"Nothing was imported: 1 column of figures in {path.name} has no header" in err
    assert len(proposal_input(library, sample_id).items) == items_before
    # Said on purpose, the column is left out without a word.
    assert main([*args, "--map", "Column C=ignore"]) == 0
    assert "Column C" not in capsys.readouterr().err
    # Mapped, it imports.
    chosen = import_items_file(library, sample_id, path, mapping={"Column C": "unit_cost"})
    assert chosen.unused == [] and chosen.errors == []
    assert proposal_input(library, sample_id).items[-2].unit_cost == Decimal("745.50")


def test_a_header_merged_over_two_columns_names_the_second_as_left_out(
    library: Library, tmp_path: Path, sample_id: int
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Qty", "Price", None])
    sheet.merge_cells("C1:D1")
    sheet.append(["Access point", 40, 745.5, 120])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    report = import_items_file(library, sample_id, path, dry_run=True)
    assert [(c.header, c.example) for c in report.unused] == [("Column D", "120")]


def test_a_column_whose_field_map_gave_away_is_named(
    library: Library, tmp_path: Path, sample_id: int
) -> None:
    """--map 'List price=unit_cost' took the field from the "Unit price" column, which was then
    left out without a word."""
    quote = tmp_path / "two_prices.csv"
    quote.write_text("Item,Qty,Unit price,List price\nRouter,2,700,745.50\n")
    report = import_items_file(
        library, sample_id, quote, mapping={"List price": "unit_cost"}, dry_run=True
    )
    assert [(c.header, c.why()) for c in report.unused] == [
        ("Unit price", "was read as One-time cost per unit until that field went to 'List price'")
    ]
    mapped = import_items_file(
        library, sample_id, quote,
        mapping={"List price": "unit_cost", "Unit price": "ignore"}, dry_run=True,
    )  # fmt: skip
    assert mapped.unused == []


def test_the_items_csv_the_app_exports_imports_back_with_every_field(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Imported back, the CSV's "Where the figures come from" was not taken for the figures'
    source, and every item came in with "Imported from …" in its place."""
    from desktop.finance import compute
    from desktop.sheets import items_csv_text

    data = proposal_input(library, sample_id)
    exported = tmp_path / "items.csv"
    exported.write_text(items_csv_text(data, compute(data)), encoding="utf-8")
    report = import_items_file(library, sample_id, exported)
    assert len(report.imported_ids) == len(data.items)
    after = {item.key: item for item in proposal_input(library, sample_id).items}
    for original, key in zip(data.items, report.imported_ids, strict=True):
        copy = after[key]
        assert copy.figure_source == original.figure_source
        assert (copy.name, copy.quantity, copy.unit_cost, copy.annual_savings) == (
            original.name, original.quantity, original.unit_cost, original.annual_savings,
        )  # fmt: skip


@pytest.mark.parametrize("number_format", ['"$"#,##0.00', "[$€-407]#,##0.00", '"£"#,##0.00'])
def test_a_price_formatted_as_money_under_quantity_is_refused_in_a_workbook(
    library: Library, tmp_path: Path, sample_id: int, number_format: str
) -> None:
    """In a workbook the prices one column off are numbers formatted as money, not text:
    "$449.00" under "Quantity" was read as 449 devices."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Quantity", "Unit price"])
    sheet.append(["Access point", 449, 12])
    sheet["B2"].number_format = number_format
    path = tmp_path / "shifted.xlsx"
    book.save(path)
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, path)
    (problem,) = report.describe_errors()
    assert problem.startswith("Row 2, column 'Quantity'")
    assert "is an amount of money, not a count" in problem
    assert export_document(library, sample_id) == before


def _undecodable_name(folder: Path, stem: bytes, suffix: str) -> Path:
    """A file in ``folder`` whose name holds a byte that is not UTF-8 (a Latin-1 "é", as an old
    file server or a zip from another system leaves it); skipped where names must be text."""
    import os

    path = folder / os.fsdecode(stem + b"\xe9" + suffix.encode("ascii"))
    try:
        path.write_bytes(b"")
    except (OSError, UnicodeError):
        pytest.skip("this file system only holds names that are text")
    return path


def test_a_quote_whose_file_name_is_not_text_imports_with_a_readable_source(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A quote named with a Latin-1 "é" passed the dry run, then the import stopped with a
    traceback: the name, bytes and all, went into each item's "where the figures come from"."""
    quote = _undecodable_name(tmp_path, b"quote", ".csv")
    quote.write_bytes((QUOTES / "utf8_bom.csv").read_bytes())
    report = import_items_file(library, sample_id, quote)
    assert report.errors == [] and len(report.imported_ids) == 2
    added = proposal_input(library, sample_id).items[-2:]
    assert added[0].figure_source == "Imported from quote\ufffd.csv, row 2"


def test_items_added_later_join_the_scenarios_that_held_every_item(
    library: Library, sample_id: int
) -> None:
    """A director adding an item next year found "Recommended — every item at the quantities
    proposed" $36,000 under the proposal: the item was in no scenario. A scenario that held
    every item takes new ones (typed, from the template or from a quote); one that leaves an
    item out is a choice, and leaves them out too."""
    data = proposal_input(library, sample_id)
    every = {item.key for item in data.items}
    whole = {s.name for s in data.scenarios if set(s.item_quantities) >= every}
    partial = {s.name for s in data.scenarios} - whole
    assert whole and partial  # the sample has both kinds
    typed = editing.add_rows(library, sample_id, "item", [{"name": "Charging lockers"}])
    quoted_ids = import_items_file(library, sample_id, QUOTES / "three_sheets.xlsx").imported_ids
    for scenario in proposal_input(library, sample_id).scenarios:
        for item_id in (*typed, *quoted_ids):
            if scenario.name in whole:
                assert scenario.item_quantities[item_id] is None, scenario.name  # as proposed
            else:
                assert item_id not in scenario.item_quantities, scenario.name
    result = compute(proposal_input(library, sample_id))
    (recommended,) = [
        s for s in result.scenarios[1:] if s.name in whole and "Recommended" in s.name
    ]
    assert recommended.versus_base is not None and recommended.versus_base.tco == 0


def test_cli_says_when_rows_are_named_as_items_already_there(
    library: Library, sample_id: int, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--library", str(library_path), "import-items", str(QUOTES / "three_sheets.xlsx"),
            "--proposal", str(sample_id)]  # fmt: skip
    assert main(args) == 0
    assert "already in the proposal" not in capsys.readouterr().err
    assert main([*args, "--dry-run"]) == 0
    assert (
        "Note: Rows 2 and 3 have the name of an item already in the proposal (“Help desk "
        "seat” and “Teacher coaching day”): importing adds them as new items, counted beside "
        "those items in the total"
    ) in " ".join(capsys.readouterr().err.split())


def test_the_note_on_repeated_names_reads_right_for_one_row_and_for_many() -> None:
    from desktop.services.item_import import ItemImportReport

    one = ItemImportReport("quote.csv", repeated=[(4, "Switches")])
    assert one.describe_repeated() == (
        "Row 4 has the name of an item already in the proposal (“Switches”): importing adds it "
        "as a new item, counted beside that item in the total, without its links. To change "
        "a price, change it on the item itself."
    )
    many = ItemImportReport("quote.csv", repeated=[(n, f"Item {n}") for n in range(2, 10)])
    assert many.describe_repeated().startswith(
        "8 rows (from row 2) have the name of an item already in the proposal (“Item 2”, "
        "“Item 3”, “Item 4” and 5 more): importing adds them as new items"
    )


def test_a_row_with_no_price_is_imported_and_said(
    library: Library,
    sample_id: int,
    library_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A quote line with a quantity and an empty price came in at $0.00 without a word,
    where a price written "TBD" is refused: the plan looked cheaper by that line."""
    quote = tmp_path / "blank.csv"
    quote.write_text(
        "Item,Quantity,Unit price,Yearly fee\nCables,2,,\nSwitch,5,10,\nLicense,3,,4\n",
        encoding="utf-8",
    )
    err = _imported_on_the_command_line(library_path, sample_id, quote, capsys)
    assert (
        "Note: Row 2 has no price in the quote (“Cables”): it is imported at no cost and adds "
        "nothing to the plan until a price is typed on the Items step."
    ) in err
    assert "Switch" not in err and "License" not in err  # a price in either column is one
    # A quote with no price column at all gives no price for any row.
    bare = tmp_path / "bare.csv"
    bare.write_text("Description,Qty\nLaptop,2\nMouse,3\n", encoding="utf-8")
    err = _imported_on_the_command_line(library_path, sample_id, bare, capsys)
    assert "Rows 2 and 3 have no price in the quote (“Laptop” and “Mouse”)" in err
    many = ItemImportReport("quote.csv", unpriced=[(2, "A"), (3, "B")])
    assert many.describe_unpriced().startswith(
        "Rows 2 and 3 have no price in the quote (“A” and “B”): they are imported at no cost "
        "and add nothing"
    )


def test_rows_that_take_the_plans_total_past_what_the_figures_carry_import_nothing(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Twelve rows of 900,000 × $1,000,000, each within the yearly limit, were imported; the
    plan then showed no figures and refused every export."""
    quote = tmp_path / "big.csv"
    quote.write_text(
        "Item,Qty,Unit price\n" + "".join(f"Big {n},900000,1000000\n" for n in range(12)),
        encoding="utf-8",
    )
    before = export_document(library, sample_id)
    report = import_items_file(library, sample_id, quote)
    assert report.imported_ids == []
    [said] = report.describe_errors()
    assert said.startswith("Row 2: with this quote's rows imported, the plan's total cost comes to")
    assert "past the $10,000,000,000,000 the figures can carry to the cent" in said
    assert export_document(library, sample_id) == before
    compute(proposal_input(library, sample_id))  # still computed


def test_a_proposal_already_past_the_cap_is_not_blamed_on_the_quote(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """At −50% over 30 years the sample's own figures were past what can be carried; every
    quote was then refused, blamed on its largest row ("with this quote's rows imported…")."""
    editing.update_proposal(library, sample_id, {"discount_rate": "-0.5", "horizon_years": 30})
    quote = tmp_path / "ties.csv"
    quote.write_text("Item,Qty,Unit price\nCable ties,1,2\n", encoding="utf-8")
    report = import_items_file(library, sample_id, quote)
    assert report.errors == [] and len(report.imported_ids) == 1


def test_a_quote_that_adds_its_own_excess_is_refused_even_in_a_refused_proposal(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A proposal already refused for its NPV let in any quote: forty rows that took the cost
    past the cap went in, found out only once the discount rate was put right."""
    editing.update_proposal(library, sample_id, {"discount_rate": "-0.5", "horizon_years": 30})
    quote = tmp_path / "big.csv"
    quote.write_text(
        "Item,Qty,Unit price\n" + "".join(f"Big {n},300000,1000000\n" for n in range(40)),
        encoding="utf-8",
    )
    report = import_items_file(library, sample_id, quote)
    assert report.imported_ids == []
    assert any("the plan's total cost comes to" in line for line in report.describe_errors())


def _imported_on_the_command_line(
    library_path: Path, proposal_id: int, quote: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    """Import ``quote`` with ``buyin import-items``; what it said on standard error, on one
    line."""
    args = ["--library", str(library_path), "import-items", str(quote),
            "--proposal", str(proposal_id)]  # fmt: skip
    assert main(args) == 0
    return " ".join(capsys.readouterr().err.split())


def test_text_the_exports_kept_from_running_as_a_formula_comes_back_as_typed(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """The items CSV and the workbook put an apostrophe before text a spreadsheet would run
    ("=HYPERLINK(…)", "-20% pilot"). Imported back, the apostrophe became part of the name,
    the vendor and the notes, and the warning about items already listed quoted the wrong
    names. An apostrophe the text itself begins with stays."""
    from desktop.finance import compute
    from desktop.sheets import items_csv_text, workbook_bytes

    first_id = proposal_input(library, sample_id).items[0].key
    editing.update_row(library, "item", first_id, {"name": "=Lab cart", "vendor": "+Vendor",
                                                   "notes": "-20% pilot, 'quoted'"})  # fmt: skip
    second_id = proposal_input(library, sample_id).items[1].key
    editing.update_row(library, "item", second_id, {"name": "'Round' cart"})
    data = proposal_input(library, sample_id)
    exported = tmp_path / "items.csv"
    exported.write_text(items_csv_text(data, compute(data)), encoding="utf-8")
    book = tmp_path / "workbook.xlsx"
    book.write_bytes(workbook_bytes(data, compute(data)))
    for path, options in ((exported, {}), (book, {"sheet": "Items"})):
        report = import_items_file(library, sample_id, path, **options)
        after = {item.key: item for item in proposal_input(library, sample_id).items}
        copies = [after[key] for key in report.imported_ids]
        assert (copies[0].name, copies[0].vendor, copies[0].notes) == (
            "=Lab cart", "+Vendor", "-20% pilot, 'quoted'",
        )  # fmt: skip
        assert copies[1].name == "'Round' cart"


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_proposal_file_given_as_a_quote_is_named_for_what_it_is(
    library: Library, sample_id: int, tmp_path: Path, suffix: str
) -> None:
    """A proposal file picked on Import items (or renamed .csv) was read as a CSV: 184
    "Skipped row N: a heading with no figures" lines, then "has headings but no item rows"."""
    from desktop.services.proposal_format import dump_document
    from desktop.sheets.errors import SpreadsheetError

    path = tmp_path / f"riverside{suffix}"
    path.write_text(dump_document(export_document(library, sample_id)), encoding="utf-8-sig")
    before = export_document(library, sample_id)
    with pytest.raises(SpreadsheetError) as refused:
        import_items_file(library, sample_id, path)
    assert str(refused.value) == (
        f"riverside{suffix} is a Buy-In proposal file (.json), not a spreadsheet: it is "
        "imported whole with File ▸ Import proposal file…, or `buyin import-json`."
    )
    assert export_document(library, sample_id) == before
