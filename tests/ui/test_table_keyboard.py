"""Typing a new proposal's rows from the keyboard: the keyboard stays in the table while a
row is filled in, whatever the save does behind it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.proposals import create_from_template
from desktop.services.snapshot import proposal_input
from desktop.ui.row_table import RowTableEditor
from desktop.ui.steps.items import ItemsPage
from tests.ui.conftest import WindowFactory, active_window, on_step

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _press(key: Qt.Key) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key)


def _press_text(text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)


def _type_into_cell(table: RowTableEditor, index: QModelIndex, text: str) -> None:
    """Start typing on the cell, as a director does: the first key opens its editor."""
    table.view.setFocus()
    table.view.setCurrentIndex(index)
    for character in text:
        _press_text(character)


def _column(table: RowTableEditor, name: str) -> int:
    return [spec.name for spec in table.model.specs].index(name)


def test_a_template_price_saved_with_enter_keeps_the_keyboard_in_the_table(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The first price typed over a template item's (the template's note on its figures
    cleared with it) reloaded the table and closed the cell's editor: the keyboard fell to
    "← Back", and the next figure typed went nowhere, or a Space went back a step."""
    window = active_window(qtbot, open_window, library_path)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = on_step(qtbot, window, proposal, "items")
    assert isinstance(page, ItemsPage)
    table = page.table

    def first_item() -> Any:
        return proposal_input(window.library, proposal).items[0]  # type: ignore[arg-type]

    price = table.proxy.index(0, _column(table, "unit_cost"))
    _type_into_cell(table, price, "312.50")
    _press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(first_item().unit_cost) == "312.50")
    assert not first_item().figure_source  # the template's note went with it
    assert QApplication.focusWidget() is table.view
    current = table.view.currentIndex()
    assert (current.row(), current.column()) == (0, price.column())
    # The next figure goes where the director looks: the yearly cost beside it.
    _press(Qt.Key.Key_Right)
    for character in "7.25":
        _press_text(character)
    _press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(first_item().recurring_unit_cost) == "7.25")


def test_a_scenario_described_from_the_keyboard_keeps_the_keyboard_in_its_list(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A scenario's description saved with Enter reloaded the list of scenarios and left the
    keyboard on a button elsewhere on the page."""
    window = active_window(qtbot, open_window, library_path)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = on_step(qtbot, window, proposal, "items")
    assert isinstance(page, ItemsPage)
    page.tabs.setCurrentWidget(page.scenarios)
    scenarios = page.scenarios.scenarios
    column = _column(scenarios, "description")
    scenarios.add_button.click()  # the keyboard on the new scenario's name
    for text, leave_with in (
        ("Lean", Qt.Key.Key_Tab),
        ("Devices and Wi-Fi only", Qt.Key.Key_Return),
    ):
        for character in text:
            _press_text(character)
        _press(leave_with)
    qtbot.waitUntil(lambda: scenarios.proxy.index(0, column).data() == "Devices and Wi-Fi only")
    assert QApplication.focusWidget() is scenarios.view
    current = scenarios.view.currentIndex()
    assert (current.row(), current.column()) == (0, column)


@pytest.mark.parametrize(("step", "after_name"), [("risks", "kind"), ("items", "quantity")])
def test_tab_after_a_new_rows_name_opens_the_next_cell_to_fill_in(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, step: str, after_name: str
) -> None:
    """A worked-out figure stands beside the name (a risk's cost avoided, an item's total over
    the plan): Tab after a new row's name stopped there with no editor open, and the next Tab
    left the table, so the likelihoods and costs typed after it went nowhere."""
    window = active_window(qtbot, open_window, library_path)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = on_step(qtbot, window, proposal, step)
    table = page.table
    assert isinstance(table, RowTableEditor)
    table.add_button.click()  # the keyboard on the new row's name
    for character in "Lost chargers":
        _press_text(character)
    _press(Qt.Key.Key_Tab)
    editor = QApplication.focusWidget()
    assert table.view.currentIndex().column() == _column(table, after_name)
    assert editor is not None and editor is not table.view  # its editor open, to type in
    assert table.view.isAncestorOf(editor), type(editor).__name__
    # Shift+Tab goes back to the name, over the worked-out figure too.
    _press(Qt.Key.Key_Escape)
    table.view.edit(table.view.currentIndex())
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert table.view.currentIndex().column() == _column(table, table.model.specs[0].name)
    assert QApplication.focusWidget() is not table.view
