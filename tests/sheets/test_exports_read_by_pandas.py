"""The CFO's staff load the exports into their own tools; pandas stands in for them here, as a
reader independent of the code that wrote the files. Every item comes back with the engine's
figures to the cent, and the item costs add up to the total cost of ownership."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.sheets import items_csv_text, workbook_bytes

pandas = pytest.importorskip("pandas")


def test_the_items_csv_reads_back_with_the_engines_costs(library: Library, sample_id: int) -> None:
    data = proposal_input(library, sample_id)
    result = compute(data)
    # dtype=str keeps every amount as written: no binary floats between the file and the check.
    frame = pandas.read_csv(
        io.StringIO(items_csv_text(data, result)), dtype=str, keep_default_na=False
    )
    assert list(frame["Item"]) == [item.name for item in data.items]
    by_key = {flow.key: flow for flow in result.base.items}
    for row, item in zip(frame.itertuples(index=False), data.items, strict=True):
        flow = by_key[item.key]
        total = Decimal(row[frame.columns.get_loc("Total cost")])
        assert total == flow.one_time_total + flow.recurring_total
    assert sum(Decimal(value) for value in frame["Total cost"]) == result.tco_total


def test_the_workbooks_items_sheet_reads_back_item_by_item(
    library: Library, sample_id: int
) -> None:
    data = proposal_input(library, sample_id)
    result = compute(data)
    sheet = pandas.read_excel(
        io.BytesIO(workbook_bytes(data, result)), sheet_name="Items", header=3, dtype=object
    )
    rows = sheet[sheet["Item"].isin([item.name for item in data.items])]
    assert len(rows) == len(data.items)
    by_name = {flow.name: flow for flow in result.base.items}
    for name, one_time, recurring in zip(
        rows["Item"],
        rows["One-time total (5 years)"],
        rows["Recurring total (5 years)"],
        strict=True,
    ):
        flow = by_name[name]
        assert Decimal(str(one_time)).quantize(Decimal("0.01")) == flow.one_time_total
        assert Decimal(str(recurring)).quantize(Decimal("0.01")) == flow.recurring_total


def test_the_workbooks_totals_read_back_without_a_spreadsheet_program(
    library: Library, sample_id: int
) -> None:
    """pandas does not calculate formulas; it reads the result saved with each one, as a mail
    preview does. The totals a CFO's analyst loads are the engine's, not blanks."""
    data = proposal_input(library, sample_id)
    result = compute(data)
    book = io.BytesIO(workbook_bytes(data, result))
    summary = pandas.read_excel(book, sheet_name="Summary", header=None, dtype=object)
    figures = dict(zip(summary[0], summary[1], strict=True))
    for label, expected in (
        ("Total cost of ownership", result.tco_total),
        ("Net present value", result.npv),
        ("Net present value, budget savings alone", result.base.savings_only.npv),
        ("Funding gap", result.funding_gap),
        ("Benefits (cost avoided and savings)", result.base.benefits.total),
    ):
        assert Decimal(str(figures[label])).quantize(Decimal("0.01")) == expected, label
    items = pandas.read_excel(book, sheet_name="Items", header=3, dtype=object)
    totals = items[items["Item"] == "Total"].iloc[0]
    assert Decimal(str(totals["Total cost"])).quantize(Decimal("0.01")) == result.tco_total
