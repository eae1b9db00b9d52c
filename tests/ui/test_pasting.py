"""Pasting what a director copied elsewhere (a spreadsheet, an e-mail, a web page) into the
tables, with the real clipboard and Ctrl+V: what is meant is taken, what cannot be is refused
whole with the cell named, and one undo takes a paste back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.services.editing import funding_amounts, list_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.steps.funding import FundingPage
from tests.ui.conftest import WindowFactory, on_open_step

# The headless platform cannot raise windows or propagate size hints (the refusal's tooltip).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _paste(qtbot: QtBot, view: Any, text: str) -> None:
    """``text`` put on the clipboard, as a copy elsewhere puts it, and Ctrl+V pressed in
    ``view``."""
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _rows(window: MainWindow, entity: str) -> list[dict[str, Any]]:
    assert window.library is not None and window.context is not None
    return list_rows(window.library, window.context.proposal_id, entity)


def test_a_blank_line_at_the_end_of_a_copied_block_empties_no_funding_amount(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Amounts copied from an e-mail end in a blank line: pasted on the first source's year 1,
    the blank line went onto the second source and set its year 1 to $0, without a word."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "funding")
    assert isinstance(page, FundingPage) and window.context is not None
    grid = page.grid
    first, second = (int(source["id"]) for source in grid.sources[:2])
    before = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    assert before[(second, 1)] > 0
    depth = window.context.undo_stack.index()

    page.grid_view.setCurrentIndex(grid.index(0, 0))
    _paste(qtbot, page.grid_view, "$1,000.50\t2000\r\n\r\n")

    after = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    assert (after[(first, 1)], after[(first, 2)]) == (Decimal("1000.50"), Decimal("2000.00"))
    assert after[(second, 1)] == before[(second, 1)]
    assert window.context.undo_stack.index() == depth + 1
    window.context.undo_stack.undo()
    assert funding_amounts(window.library, window.context.proposal_id) == before  # type: ignore[arg-type]


def test_items_copied_with_blank_lines_after_them_are_added_not_refused(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Two rows copied with the blank lines under them were refused whole: "Pasted line 3,
    Item: cannot be empty"."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "items")
    table = page.table
    count = len(_rows(window, "item"))
    table.view.clearSelection()
    table.view.setCurrentIndex(table.proxy.index(-1, -1))
    table.view.setFocus()

    _paste(qtbot, table.view, "Laptop cart\t2\t$1,234.50 \nHotspot\t10\t\u00a099.99\n\n\t\t\n")

    rows = _rows(window, "item")
    assert len(rows) == count + 2, table.problem_label.text()
    assert [(row["name"], row["quantity"], row["unit_cost"]) for row in rows[-2:]] == [
        ("Laptop cart", Decimal(2), Decimal("1234.50")),
        ("Hotspot", Decimal(10), Decimal("99.99")),
    ]
    assert table.problem_label.isHidden()


def test_a_paste_that_would_add_items_the_filter_hides_is_refused_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Filtered to one item, four quantities pasted on it: the first changed it and the other
    three were added as new items at the end of the list, hidden by the filter and counted in
    every total."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "items")
    table = page.table
    names = [spec.name for spec in table.model.specs]
    before = _rows(window, "item")
    assert window.context is not None
    depth = window.context.undo_stack.index()
    table.filter_box.setText("Wi-Fi")
    assert table.proxy.rowCount() == 1
    table.view.setCurrentIndex(table.proxy.index(0, names.index("quantity")))
    table.view.setFocus()

    _paste(qtbot, table.view, "11\n22\n33\n44\n")

    assert _rows(window, "item") == before
    assert window.context.undo_stack.index() == depth
    said = table.problem_label.text()
    assert "4 lines" in said and "the other 3 lines would be added as new items" in said, said
    assert "Clear the filter" in said and "Nothing was pasted" in said
    assert table.problem_label.refused == ""  # nothing typed waits to be put right

    # Within the rows the filter shows, a paste is taken as ever.
    _paste(qtbot, table.view, "11\n")
    assert [row["quantity"] for row in _rows(window, "item") if "Wi-Fi" in row["name"]] == [11]
    assert table.problem_label.isHidden()
    # And with the filter cleared, the same block changes the rows it lands on.
    window.context.undo_stack.undo()
    table.filter_box.clear()
    top = table.proxy.mapFromSource(table.model.index(table.model.row_of_id(before[0]["id"]), 0))
    table.view.setCurrentIndex(table.proxy.index(top.row(), names.index("quantity")))
    _paste(qtbot, table.view, "11\n22\n33\n44\n")
    assert len(_rows(window, "item")) == len(before)


def test_likelihoods_pasted_as_fractions_are_questioned_as_typed_ones_are(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A spreadsheet's column of likelihoods as fractions (0.12 for 12%) pasted on Risks was
    saved as 0.12%, 0.05%, … a hundred times too small, without the word a typed 0.12 gets."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "risks")
    table = page.table
    names = [spec.name for spec in table.model.specs]
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.setCurrentIndex(table.proxy.index(0, names.index("likelihood_before")))
    table.view.setFocus()

    _paste(qtbot, table.view, "0.12\n0.05\n0.3\n")

    rows = _rows(window, "risk")
    assert [row["likelihood_before"] for row in rows[:3]] == [
        Decimal("0.0012"), Decimal("0.0005"), Decimal("0.003"),
    ]  # fmt: skip
    said = table.problem_label.text()
    assert not table.problem_label.isHidden()
    assert "3 pasted values were saved as less than 1%" in said, said
    assert "Likelihood without mitigation on line 1: 0.12%" in said
    assert "Ctrl+Z" in said
    assert table.problem_label.refused == ""  # saved: nothing waits to be put right

    # One likelihood is questioned as a typed one is, line named; percentages are not.
    window.context.undo_stack.undo()  # type: ignore[union-attr]
    _paste(qtbot, table.view, "12%\n0.5\n")
    assert table.problem_label.text() == (
        "Pasted line 2: Likelihood without mitigation saved as 0.5%. Likelihoods are typed as "
        "percentages: if you meant 50%, type 50."
    )
    _paste(qtbot, table.view, "12%\n5\n")
    assert table.problem_label.isHidden()


def _select(view: Any, top: int, left: int, bottom: int, right: int) -> None:
    """The cells from (top, left) to (bottom, right) chosen in ``view``, as a drag does."""
    model = view.model()
    view.setCurrentIndex(model.index(top, left))
    view.selectionModel().select(
        QItemSelection(model.index(top, left), model.index(bottom, right)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    view.setFocus()


def test_one_copied_value_fills_every_chosen_cell_of_the_rows_shown(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """One quantity copied from a spreadsheet and pasted on a column of chosen cells changed
    the top one only: the others kept their old quantities, without a word."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "items")
    table = page.table
    names = [spec.name for spec in table.model.specs]
    quantity = names.index("quantity")
    before = {row["id"]: row for row in _rows(window, "item")}
    assert window.context is not None
    depth = window.context.undo_stack.index()
    table.filter_box.setText("device")
    table.view.sortByColumn(quantity, Qt.SortOrder.DescendingOrder)
    shown = [
        table.model.row_id(table.proxy.mapToSource(table.proxy.index(row, 0)).row())
        for row in range(table.proxy.rowCount())
    ]
    assert 3 <= len(shown) < len(before)
    # The total beside the quantities is worked out: chosen with them, it is stepped over.
    _select(table.view, 0, quantity - 1, len(shown) - 1, quantity)

    _paste(qtbot, table.view, "12\r\n")

    after = {row["id"]: row for row in _rows(window, "item")}
    assert {row_id: after[row_id]["quantity"] for row_id in shown} == dict.fromkeys(shown, 12)
    assert all(after[row_id] == before[row_id] for row_id in before if row_id not in shown)
    assert table.problem_label.isHidden()
    assert window.context.undo_stack.index() == depth + 1
    window.context.undo_stack.undo()
    assert {row["id"]: row for row in _rows(window, "item")} == before

    # A value one of the cells refuses changes none of them, and says why.
    _select(table.view, 0, quantity, len(shown) - 1, quantity + 1)
    _paste(qtbot, table.view, "a dozen")
    assert {row["id"]: row for row in _rows(window, "item")} == before
    assert window.context.undo_stack.index() == depth
    said = table.problem_label.text()
    assert (
        "Pasted value, Quantity: 'a dozen' is not a number" in said and "Nothing was pasted" in said
    ), said


def test_one_copied_amount_fills_every_chosen_year_of_the_funding_grid(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """One amount pasted on the first three years of every source set the first year of the
    first source only."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "funding")
    assert isinstance(page, FundingPage) and window.context is not None
    grid = page.grid
    before = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    depth = window.context.undo_stack.index()
    # Down to the totals under the sources: they are worked out, and stay as they are.
    _select(page.grid_view, 0, 0, len(grid.sources), 2)

    _paste(qtbot, page.grid_view, "$750\r\n")

    after = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    chosen = {(int(source["id"]), year) for source in grid.sources for year in (1, 2, 3)}
    assert all(after[key] == Decimal("750.00") for key in chosen)
    assert all(after[key] == before[key] for key in before if key not in chosen)
    assert page.problem.isHidden()
    assert window.context.undo_stack.index() == depth + 1
    window.context.undo_stack.undo()
    undone = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    assert all(undone[key] == before.get(key, 0) for key in undone)


def test_empty_columns_copied_past_the_tables_last_one_are_left_out_not_refused(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A spreadsheet's range copied two columns wider than its figures, the extra ones empty,
    was refused whole as "5 columns wide" on the last three columns of Items; the figures past
    the end are still refused when they hold something."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "items")
    table = page.table
    names = [spec.name for spec in table.model.specs]
    assert names[-3:] == ["vendor", "notes", "figure_source"]
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.setCurrentIndex(table.proxy.index(0, names.index("vendor")))
    table.view.setFocus()
    before = _rows(window, "item")

    _paste(qtbot, table.view, "Acme\tBulk price\tQuote 12\t\t\r\nBeta\t\tQuote 13\t \t\r\n")

    rows = _rows(window, "item")
    assert [(row["vendor"], row["notes"], row["figure_source"]) for row in rows[:2]] == [
        ("Acme", "Bulk price", "Quote 12"),
        ("Beta", "", "Quote 13"),
    ], table.problem_label.text()
    assert rows[2:] == before[2:]
    assert table.problem_label.isHidden()

    _paste(qtbot, table.view, "Acme\tBulk price\tQuote 12\t\t\r\nBeta\t\tQuote 13\t\tspare\r\n")
    assert _rows(window, "item") == rows
    said = table.problem_label.text()
    assert "The pasted block is 5 columns wide" in said and "Nothing was pasted" in said, said


def test_empty_columns_copied_past_the_last_plan_year_are_left_out_not_refused(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Amounts copied with empty columns after them, pasted on the plan's last two years, were
    refused as running past the last plan year."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "funding")
    assert isinstance(page, FundingPage) and window.context is not None
    grid = page.grid
    first = int(grid.sources[0]["id"])
    last = grid.horizon
    page.grid_view.setCurrentIndex(grid.index(0, last - 2))
    page.grid_view.setFocus()

    _paste(qtbot, page.grid_view, "$1,000\t2000\t\t\r\n")

    after = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    assert (after[(first, last - 1)], after[(first, last)]) == (Decimal(1000), Decimal(2000))
    assert page.problem.isHidden()

    _paste(qtbot, page.grid_view, "$1,500\t2500\t\t300\r\n")
    assert funding_amounts(window.library, window.context.proposal_id) == after  # type: ignore[arg-type]
    assert "runs past the last plan year" in page.problem.text()


def test_a_block_pasted_on_chosen_funding_years_starts_at_their_top_left_corner(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Cells chosen by a drag from the second source's year 3 up to the first source's year 2
    took a pasted block at the cell the drag ended on, not at the chosen cells' corner as the
    other tables (and a spreadsheet) do: the amounts landed a row and a year off."""
    window = open_window(library_path)
    page = on_open_step(qtbot, window, "funding")
    assert isinstance(page, FundingPage) and window.context is not None
    first, second = (int(source["id"]) for source in page.grid.sources[:2])
    before = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    view = page.grid_view
    model = view.model()
    view.setCurrentIndex(model.index(1, 2))  # where the drag started
    view.selectionModel().select(
        QItemSelection(model.index(0, 1), model.index(1, 2)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    view.setFocus()

    _paste(qtbot, view, "100\t200\r\n300\t400\r\n")

    after = funding_amounts(window.library, window.context.proposal_id)  # type: ignore[arg-type]
    pasted = {(first, 2): "100", (first, 3): "200", (second, 2): "300", (second, 3): "400"}
    assert {key: after[key] for key in pasted} == {
        key: Decimal(amount) for key, amount in pasted.items()
    }, page.problem.text()
    assert all(after[key] == before[key] for key in before if key not in pasted)
