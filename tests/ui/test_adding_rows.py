"""Add and Duplicate in the editor's tables put the new rows in where the table's order places
them, chosen and ready to type in, without reading every row again (a second at 10,000 items);
undo takes exactly those rows out and redo brings them back, and the figures and the other
steps follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget
from pytestqt.qtbot import QtBot

import desktop.ui.table_model as table_model
from desktop.finance import compute
from desktop.services.snapshot import proposal_input
from desktop.services.wizard import STEPS
from desktop.ui.context import ProposalContext
from desktop.ui.proposal_view import ProposalView
from desktop.ui.row_table import RowTableEditor
from desktop.ui.steps.items import ITEM_COLUMNS, ItemsPage
from desktop.ui.steps.links import LinksPage
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

NAME = ITEM_COLUMNS.index("name")
PRICE = ITEM_COLUMNS.index("unit_cost")


@pytest.fixture
def table(qtbot: QtBot, ready_context: ProposalContext) -> RowTableEditor:
    """The sample's items table, on screen, sorted by name."""
    editor = RowTableEditor(ready_context, "item", ITEM_COLUMNS)
    qtbot.addWidget(editor)
    editor.refresh()
    editor.resize(1200, 700)
    editor.show()
    qtbot.waitExposed(editor)
    editor.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    return editor


def _shown(table: RowTableEditor, column: int = NAME) -> list[str]:
    proxy = table.proxy
    return [str(proxy.index(row, column).data()) for row in range(proxy.rowCount())]


def _current(table: RowTableEditor) -> tuple[str, int]:
    current = table.view.currentIndex()
    assert current.isValid()
    return str(table.proxy.index(current.row(), NAME).data()), current.column()


def _chosen(table: RowTableEditor) -> list[str]:
    rows = sorted({index.row() for index in table.view.selectedIndexes()})
    return [str(table.proxy.index(row, NAME).data()) for row in rows]


def _settled(qtbot: QtBot, context: ProposalContext) -> Any:
    """The figures once recalculated: those of exactly what the library holds."""
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    fresh = proposal_input(context.library, context.proposal_id)
    assert repr(context.proposal_input) == repr(fresh)
    assert context.result == compute(fresh)
    return context.result


def test_a_row_added_to_a_sorted_filtered_table_is_chosen_where_the_sort_puts_it(
    qtbot: QtBot, table: RowTableEditor
) -> None:
    """Sorted by name, Add item chose the last row ("Wi-Fi access points…") rather than the
    new one, and the name typed next replaced that item's."""
    everything = _shown(table)
    table.filter_box.setText("Wi")
    assert 0 < table.proxy.rowCount() < len(everything)

    table.add_button.click()

    assert table.filter_box.text() == ""  # a filter would hide the blank row as it is made
    shown = _shown(table)
    assert shown == sorted([*everything, "New item"], key=str.lower)
    assert _current(table) == ("New item", 0)
    assert _chosen(table) == ["New item"]
    # Its first cell is ready to type in: the name typed goes to the new row.
    QTest.keyClick(table.view, "S")
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table.view
    QTest.keyClicks(editor, "pare chargers")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Spare chargers" in _shown(table))
    assert sorted(_shown(table), key=str.lower) == sorted(
        [*everything, "Spare chargers"], key=str.lower
    )


def test_undo_takes_out_the_added_row_alone_and_redo_brings_it_back_chosen(
    qtbot: QtBot, table: RowTableEditor
) -> None:
    context = table.context
    before = _shown(table)
    prices = _shown(table, PRICE)
    table.filter_box.setText("Wi")
    table.add_row()
    added = table.model.row_id(table.proxy.mapToSource(table.view.currentIndex()).row())
    assert _settled(qtbot, context) is not None
    assert context.proposal_input is not None
    assert context.proposal_input.items[-1].key == added  # the figures count it

    # Undone under a filter that hides every row: the note above the table counts it out.
    count = len(before)
    table.filter_box.setText("zzz")
    assert f"to see {count + 1} items" in table.filtered_out.text()
    context.undo_stack.undo()
    assert table.model.row_of_id(added) is None
    assert f"to see {count} items" in table.filtered_out.text()
    table.filter_box.clear()
    assert _shown(table) == before and _shown(table, PRICE) == prices
    _settled(qtbot, context)

    context.undo_stack.redo()
    assert table.model.row_of_id(added) is not None
    assert _shown(table) == sorted([*before, "New item"], key=str.lower)
    assert _current(table) == ("New item", 0)
    assert _chosen(table) == []  # current again, not chosen (Ctrl+Delete removes nothing)
    _settled(qtbot, context)


def test_duplicated_rows_are_chosen_in_their_places_and_the_figures_follow_undo_and_redo(
    qtbot: QtBot, table: RowTableEditor
) -> None:
    context = table.context
    table.view.sortByColumn(PRICE, Qt.SortOrder.DescendingOrder)
    total = _settled(qtbot, context).tco_total
    costly = [1, 2]  # the second and third dearest items
    originals = [str(table.proxy.index(row, NAME).data()) for row in costly]
    for row in costly:
        table.view.selectionModel().select(
            table.proxy.index(row, NAME),
            table.view.selectionModel().SelectionFlag.Select
            | table.view.selectionModel().SelectionFlag.Rows,
        )
    before = _shown(table)

    table.duplicate_button.click()

    copies = [f"{name} (copy)" for name in originals]
    assert _chosen(table) == copies
    assert _current(table)[0] == copies[0]
    shown = _shown(table)
    # Each copy right after its original: same price, and after it in the list's own order.
    for original, copy in zip(originals, copies, strict=True):
        assert shown.index(copy) == shown.index(original) + 1
    raised = _settled(qtbot, context).tco_total
    assert raised > total

    context.undo_stack.undo()
    assert _shown(table) == before
    assert _settled(qtbot, context).tco_total == total
    context.undo_stack.redo()
    assert _shown(table) == shown
    assert _settled(qtbot, context).tco_total == raised


def test_adding_duplicating_and_undoing_never_reads_every_row_again(
    qtbot: QtBot, table: RowTableEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row added reloaded the whole table: a second at 10,000 items, and the view's
    selection and scrolling started over."""
    reads: list[object] = []
    resets: list[int] = []
    listed = table_model.list_rows

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[3] if len(args) > 3 else kwargs.get("row_ids"))
        return listed(*args, **kwargs)

    monkeypatch.setattr(table_model, "list_rows", counted)
    table.model.modelReset.connect(lambda: resets.append(1))
    stack = table.context.undo_stack
    count = table.proxy.rowCount()

    table.add_row()
    table.duplicate_selected()
    assert table.proxy.rowCount() == count + 2
    stack.undo()
    stack.undo()
    assert table.proxy.rowCount() == count
    stack.redo()
    stack.redo()
    assert table.proxy.rowCount() == count + 2

    assert resets == []
    assert None not in reads  # only the rows added were read, never the whole list
    _settled(qtbot, table.context)


def test_the_other_steps_show_an_added_item_and_lose_it_on_undo(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """In the window, the new row is put in alone (no reload), and the scenarios that hold
    every item and the Links step's list of items still follow it, and its undo."""
    window = open_window(library_path)
    window.show()
    settle(qtbot, window)
    view = window.view
    assert isinstance(view, ProposalView) and window.context is not None
    keys = [step.key for step in STEPS]
    view.show_step(keys.index("items"))
    items = view.page_for("items")
    assert isinstance(items, ItemsPage)
    count = len(items.table.model.rows)
    resets: list[int] = []
    items.table.model.modelReset.connect(lambda: resets.append(1))

    items.table.add_button.click()
    settle(qtbot, window)
    items.findChildren(QTabWidget)[0].setCurrentIndex(1)
    scenarios = items.scenarios
    whole = f"keeps {count + 1:,} of {count + 1:,} items"
    for row in range(scenarios.scenarios.proxy.rowCount()):
        scenarios.scenarios.view.setCurrentIndex(scenarios.scenarios.proxy.index(row, 0))
        if whole in scenarios.items_caption.text():
            break
    assert whole in scenarios.items_caption.text()
    view.show_step(keys.index("links"))
    links = view.page_for("links")
    assert isinstance(links, LinksPage)
    listed = [links.item_list.item(row).toolTip() for row in range(links.item_list.count())]
    assert "New item" in listed

    window.context.undo_stack.undo()
    settle(qtbot, window)
    listed = [links.item_list.item(row).toolTip() for row in range(links.item_list.count())]
    assert "New item" not in listed and len(listed) == count
    view.show_step(keys.index("items"))
    assert f"keeps {count:,} of {count:,} items" in scenarios.items_caption.text()
    assert len(items.table.model.rows) == count and resets == []


def test_a_row_added_after_a_sorted_value_was_edited_leaves_the_table_in_order(
    qtbot: QtBot, table: RowTableEditor
) -> None:
    """A name edited in a table sorted by name stays where it was until the table is read
    again; a row added then went in by a search through rows no longer in order, and the
    table stayed out of order with the new row among the wrong neighbours."""
    first = table.proxy.index(0, NAME)
    assert table.proxy.setData(first, "Zzz renamed device")
    qtbot.waitUntil(lambda: "Zzz renamed device" in _shown(table))
    table.add_row()
    shown = _shown(table)
    assert shown == sorted(shown, key=str.lower)
    assert _current(table) == ("New item", 0)
    assert _chosen(table) == ["New item"]
