"""The workbook's layout survives streaming: the sheets are written row by row to keep memory low,
and a streamed sheet silently drops column widths or frozen panes set after its first row, so each
sheet's widths, frozen header, title height and special formats are checked here, on the sample
and on a proposal of a thousand items."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from desktop.finance import compute
from desktop.finance.inputs import ItemInput, ProposalInput
from desktop.finance.money import format_percent
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.sheets import workbook_bytes
from desktop.sheets.workbook_style import SheetWriter, register_styles
from desktop.vocabulary import ItemCategory

# Sheet → (frozen cell, first column widths); the first three widths are fixed for every plan,
# but for a column of money, which widens to show the workbook's largest amount.
MONEY_COLUMNS = {("Cash flow by year", "C"), ("Summary", "B"), ("Sensitivity", "B"),
                 ("Sensitivity", "C")}  # fmt: skip
LAYOUT = {
    "Summary": (None, [44, 20, 48]),
    "Items": ("B5", [38, 22, 20]),
    "Cash flow by year": ("C5", [44, 22, 15]),
    "Funding": ("B5", [48, 26, 10]),
    "Risks": ("B5", [40, 16, 10]),
    "Metrics": ("B5", [40, 24, 12]),
    "Scenarios": ("B5", [22, 44, 8]),
    "Sensitivity": ("A5", [40, 20, 20]),
    "Rubric": ("A5", [30, 18, 70]),
}


def with_items(data: ProposalInput, count: int) -> ProposalInput:
    extra = tuple(
        ItemInput(
            key=900_000 + n,
            name=f"Line {n}",
            category=list(ItemCategory)[n % len(ItemCategory)],
            quantity=Decimal(n % 40 + 1),
            unit_cost=Decimal(n % 900) + Decimal("0.49"),
            recurring_unit_cost=Decimal(n % 30),
            lifespan_years=n % 5 + 1 if n % 2 else None,
        )
        for n in range(count)
    )
    return dataclasses.replace(data, items=data.items + extra)


@pytest.fixture(params=[0, 1_000], ids=["sample", "sample with 1,000 more items"])
def book(request: pytest.FixtureRequest, library: Library, sample_id: int) -> Workbook:
    data = with_items(proposal_input(library, sample_id), request.param)
    loaded = load_workbook(io.BytesIO(workbook_bytes(data, compute(data))))
    loaded.extra_items = request.param  # type: ignore[attr-defined]
    return loaded


def test_every_sheet_keeps_its_widths_frozen_header_and_title(book: Workbook) -> None:
    assert book.sheetnames == list(LAYOUT)
    for name, (frozen, widths) in LAYOUT.items():
        sheet = book[name]
        assert sheet.freeze_panes == frozen, name
        for column, width in zip("ABC", widths, strict=True):
            found = sheet.column_dimensions[column].width
            if (name, column) in MONEY_COLUMNS and book.extra_items:  # type: ignore[attr-defined]
                assert found >= width, (name, column)  # its amounts run to eight figures
            else:
                assert found == width, (name, column)
        assert sheet.row_dimensions[1].height == 24, name
        assert sheet["A1"].font.b and sheet["A1"].font.sz == 15, name


def test_total_rows_are_marked_and_years_print_without_a_thousands_separator(
    book: Workbook,
) -> None:
    items = book["Items"]
    total = next(
        row[0].row for row in items.iter_rows(min_col=1, max_col=1) if row[0].value == "Total"
    )
    assert total == items.max_row
    for cell in items[total][:15]:
        assert cell.font.b and cell.fill.fgColor.rgb == "00F2F2F2"
        assert cell.border.top.style == "thin"
    cash = book["Cash flow by year"]
    tco = next(
        row[0].row
        for row in cash.iter_rows(min_col=1, max_col=1)
        if row[0].value == "Total cost of ownership"
    )
    assert cash.cell(tco, 3).fill.fgColor.rgb == "00F2F2F2"
    metrics = book["Metrics"]
    assert metrics["F5"].number_format == "0" and metrics["F5"].style == "Buy-In number"


def test_the_writer_refuses_to_change_a_row_already_written() -> None:
    from openpyxl import Workbook as Book

    book = Book(write_only=True)
    writer = SheetWriter(book.create_sheet("Check"), register_styles(book, "USD"))
    writer.title("Title")
    writer.header(["A", "B"])
    for _ in range(5):
        writer.text(0, "line")
        writer.next_row()
    with pytest.raises(RuntimeError, match="already written"):
        writer.mark_total(5, 2)
    with pytest.raises(RuntimeError, match="before the first row"):
        writer.widths([10, 10])
    writer.close()
    book.save(io.BytesIO())  # finishes the streamed sheet and removes its temporary file


def test_a_return_a_sliver_below_zero_reads_as_zero_not_minus_zero() -> None:
    """A return of −0.01% showed "0.0%" on the screen and in the PDF, and "-0.0%" in the
    workbook; one a shade larger still reads as the loss it is."""
    from openpyxl import Workbook as Book

    book = Book(write_only=True)
    writer = SheetWriter(book.create_sheet("Check"), register_styles(book, "USD"))
    writer.title("Title")
    writer.header(["Sliver", "Loss", "Gain"])
    writer.percent(0, Decimal("-0.0001"))
    writer.percent(1, Decimal("-0.0005"))
    writer.percent(2, Decimal("0.0001"))
    writer.next_row()
    writer.close()
    saved = io.BytesIO()
    book.save(saved)
    sheet = load_workbook(saved)["Check"]
    row = next(
        r for r in sheet.iter_rows(values_only=True) if r and r[0] != "Sliver" and r[1] is not None
    )
    assert row[0] == 0 and row[1] == pytest.approx(-0.0005) and row[2] == pytest.approx(0.0001)
    assert format_percent(Decimal("-0.0001"), 1) == "0.0%"  # as the screen shows it
