"""The Scenarios tab of the Items step: what the scenario being shaped costs and returns, and a
short list of scenarios above a long list of items."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.finance.money import format_money
from desktop.services.editing import delete_rows, list_rows
from desktop.services.wizard import STEP_KEYS
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, on_screen, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _scenarios_tab(qtbot: QtBot, window: MainWindow) -> object:
    """The Scenarios tab of the Items step in a 1280×800 window, its first scenario shown."""
    on_screen(qtbot, window)
    window.resize(1280, 800)
    assert window.view is not None
    window.view.show_step(STEP_KEYS.index("items"))
    page = window.view.page_for("items")
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    editor = page.scenarios  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: editor.items_view.model().rowCount() > 0, timeout=5_000)
    qtbot.wait(50)
    return editor


def _pdf_tco(window: MainWindow, scenario_id: int) -> str:
    """The scenario's total cost of ownership as the PDF's scenarios table prints it."""
    assert window.context is not None and window.context.result is not None
    result = window.context.result
    (scenario,) = (s for s in result.scenarios if s.key == scenario_id)
    return format_money(scenario.tco.total, result.currency, code=False)


def test_the_scenario_being_shaped_shows_its_cost_and_follows_an_item_left_out(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Leaving items out of a scenario showed no cost or NPV until the Review step."""
    window = open_window(library_path)
    editor = _scenarios_tab(qtbot, window)
    scenario_id = editor.current_scenario_id()  # type: ignore[attr-defined]
    assert scenario_id is not None
    before = _pdf_tco(window, scenario_id)
    line = editor.figures  # type: ignore[attr-defined]
    assert line.isVisible()
    assert f"Total cost of ownership {before}" in line.text()
    assert "Net present value" in line.text() and "Against as proposed" in line.text()

    model = editor.items_model  # type: ignore[attr-defined]
    row = next(
        n
        for n in range(model.rowCount())
        if model.index(n, 0).data(Qt.ItemDataRole.CheckStateRole)
        in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
    )
    assert model.setData(
        model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert "…" in line.text()  # worked out again, not the old figure left up
    settle(qtbot, window)
    after = _pdf_tco(window, scenario_id)
    assert after != before
    qtbot.waitUntil(lambda: f"Total cost of ownership {after}" in line.text(), timeout=5_000)
    assert "…" not in line.text()


def test_a_single_scenario_takes_one_row_and_the_items_the_rest(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A one-row list of scenarios had about 220 pixels; the 21 items under it about 7 rows."""
    window = on_screen(qtbot, open_window(library_path))
    assert window.library is not None and window.context is not None
    proposal_id = window.context.proposal_id
    scenarios = list_rows(window.library, proposal_id, "scenario")
    delete_rows(window.library, "scenario", [row["id"] for row in scenarios[1:]])
    window.open_proposal(proposal_id)
    editor = _scenarios_tab(qtbot, window)
    view = editor.scenarios.view  # type: ignore[attr-defined]
    assert view.model().rowCount() == 1
    row = view.verticalHeader().defaultSectionSize()
    needed = view.horizontalHeader().height() + row + 2 * view.frameWidth()
    assert view.height() <= needed + row // 2, (view.height(), needed)
    items = editor.items_view  # type: ignore[attr-defined]
    assert items.viewport().height() >= 15 * items.verticalHeader().defaultSectionSize()


def test_the_samples_three_scenarios_are_all_in_view_above_their_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Fitted once, while the pane was first laid out small, the list kept a height that showed
    two of the sample's three scenarios, the third behind a scroll bar."""
    window = on_screen(qtbot, open_window(library_path))
    editor = _scenarios_tab(qtbot, window)
    view = editor.scenarios.view  # type: ignore[attr-defined]
    assert view.model().rowCount() == 3
    assert view.verticalScrollBar().maximum() == 0
    assert view.viewport().height() >= 3 * view.verticalHeader().defaultSectionSize()
    # Still so after the window is made taller and back.
    window.resize(1280, 1000)
    qtbot.wait(50)
    window.resize(1280, 800)
    qtbot.wait(50)
    assert view.verticalScrollBar().maximum() == 0
