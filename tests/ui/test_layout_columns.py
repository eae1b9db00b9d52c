"""Which columns a director can read without scrolling sideways: an item's costs beside its name
on a laptop screen, and a goal's description given its share of the Plans table."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QFont, QHelpEvent
from PySide6.QtWidgets import QTableView, QToolTip
from pytestqt.qtbot import QtBot

from desktop.services.editing import list_rows
from desktop.services.wizard import STEP_KEYS
from desktop.ui.formatting import is_numeric
from desktop.ui.main_window import MainWindow
from desktop.ui.row_table import RowTableEditor
from tests.ui.conftest import WindowFactory, on_screen, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

LAPTOPS = [(1280, 800), (1366, 768)]
# What a director reads an item's cost by: how many, at what price, for how much a year, and
# what that comes to over the plan.
ITEM_COSTS = ("total_over_plan", "quantity", "unit_cost", "recurring_unit_cost")


def _editor_on(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str, size: tuple[int, int]
) -> tuple[MainWindow, RowTableEditor]:
    """The sample open on the step ``key`` in a window of ``size``: the step's table."""
    window = open_window(library_path)
    on_screen(qtbot, window)
    window.resize(*size)
    assert window.view is not None
    window.view.show_step(STEP_KEYS.index(key))
    settle(qtbot, window)
    qtbot.wait(50)  # the layout passes after the page's first resize
    page = window.view.page_for(key)
    (editor,) = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
    return window, editor


def _column(editor: RowTableEditor, name: str) -> int:
    return [spec.name for spec in editor.model.specs].index(name)


def _shown_whole(view: QTableView, index: QModelIndex) -> bool:
    """The cell's text is drawn in full: inside the viewport, and not cut with "…"."""
    rect = view.visualRect(index)
    needed = view.sizeHintForIndex(index).width()  # the text and the cell's margins
    return 0 <= rect.left() and rect.right() < view.viewport().width() and needed <= rect.width()


def _item_costs_in_view(editor: RowTableEditor) -> None:
    view = editor.view
    assert view.horizontalScrollBar().value() == 0
    for name in ITEM_COSTS:
        column = _column(editor, name)
        for row in range(view.model().rowCount()):
            index = view.model().index(row, column)
            assert _shown_whole(view, index), (name, row, index.data(), view.visualRect(index))


@pytest.mark.parametrize("size", LAPTOPS)
def test_an_items_costs_show_beside_its_name_without_scrolling_sideways(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """At 1280 pixels the recurring cost began 60 pixels past the table's right edge, behind
    a sideways scroll, and the price beside it was cut: the category came first."""
    _window, editor = _editor_on(qtbot, open_window, library_path, "items", size)
    _item_costs_in_view(editor)


def test_a_large_font_on_a_laptop_still_shows_an_items_costs(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    _window, editor = _editor_on(qtbot, open_window, library_path, "items", (1280, 800))
    _item_costs_in_view(editor)


def test_an_items_costs_stay_in_view_when_the_list_outgrows_the_table(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """More items than the table's height: its scroll bar takes width from the columns."""
    window, editor = _editor_on(qtbot, open_window, library_path, "items", (1280, 800))
    editor.select_source_rows(range(len(editor.model.rows)))
    editor.duplicate_selected()
    qtbot.waitUntil(lambda: editor.view.verticalScrollBar().isVisible(), timeout=5_000)
    settle(qtbot, window)
    editor.view.scrollToTop()
    editor.view.horizontalScrollBar().setValue(0)
    qtbot.wait(50)
    _item_costs_in_view(editor)


def test_an_item_name_cut_short_reads_whole_in_its_tooltip(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A name cut in the middle to leave the costs room is still there to read."""
    window, editor = _editor_on(qtbot, open_window, library_path, "items", (1280, 800))
    view = editor.view
    assert window.context is not None
    names = [
        str(row["name"]) for row in list_rows(window.library, window.context.proposal_id, "item")
    ]
    column = _column(editor, "name")
    cut = [
        row
        for row in range(view.model().rowCount())
        if not _shown_whole(view, view.model().index(row, column))
    ]
    assert cut  # the sample's longest names are cut at this width
    index = view.model().index(cut[0], column)
    where = view.visualRect(index).center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    view.viewportEvent(event)
    assert QToolTip.isVisible()
    assert QToolTip.text() == index.data() and QToolTip.text() in names
    QToolTip.hideText()


def _plans_columns(editor: RowTableEditor) -> dict[str, int]:
    view = editor.view
    return {
        view.model().headerData(column, Qt.Orientation.Horizontal): view.columnWidth(column)
        for column in range(view.model().columnCount())
    }


def _descriptions_get_their_share(editor: RowTableEditor) -> None:
    view = editor.view
    model = view.model()
    description, goal = _column(editor, "description"), _column(editor, "title")
    shared = view.columnWidth(description) + view.columnWidth(goal)
    needed = max(
        view.sizeHintForIndex(model.index(row, description)).width()
        for row in range(model.rowCount())
    )
    # Whole, or at least two fifths of the room the goals and their descriptions share.
    assert view.columnWidth(description) >= min(needed, shared * 2 // 5), _plans_columns(editor)
    right = view.columnViewportPosition(description) + view.columnWidth(description)
    assert right <= view.viewport().width()
    # The plan level, a short label, is never cut beside them.
    level = _column(editor, "level")
    for row in range(model.rowCount()):
        assert _shown_whole(view, model.index(row, level)), model.index(row, level).data()


@pytest.mark.parametrize("size", LAPTOPS)
def test_a_goals_description_gets_its_share_of_the_plans_table(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """At 1280 pixels the goal column took 392 pixels and the description 110: "Riverside
    2030…" while the plan level beside it had room to spare."""
    _window, editor = _editor_on(qtbot, open_window, library_path, "plans", size)
    _descriptions_get_their_share(editor)


def test_a_large_font_gives_a_goals_description_and_plan_level_their_room(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points the plan level read "District …egic plan" and the description "Riverside
    2…"."""
    _window, editor = _editor_on(qtbot, open_window, library_path, "plans", (1280, 800))
    _descriptions_get_their_share(editor)


def _figures_shown_whole(editor: RowTableEditor) -> None:
    """Every figure a director types (a quantity, a price, a metric's baseline and target) is
    drawn in full in its column, never cut to "$1…00"."""
    view = editor.view
    model = view.model()
    for column, spec in enumerate(editor.model.specs):
        if column in editor.model.computed or not is_numeric(spec):
            continue
        for row in range(model.rowCount()):
            index = model.index(row, column)
            needed = view.sizeHintForIndex(index).width()
            assert needed <= view.columnWidth(column), (spec.name, index.data())


@pytest.mark.parametrize("key", ["items", "risks", "metrics"])
def test_a_large_font_shows_every_typed_figure_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont, key: str
) -> None:
    """At 14 points on a laptop the Metrics step showed a target of $110,000 as "$1…00": the
    column kept the width set for the usual font."""
    _window, editor = _editor_on(qtbot, open_window, library_path, key, (1366, 768))
    _figures_shown_whole(editor)


def test_a_larger_figure_typed_at_a_large_font_shows_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """A baseline of $2,500,000 typed over $285,000 was cut to "$2,5…,000": the column kept
    the width of the figures it opened with."""
    _window, editor = _editor_on(qtbot, open_window, library_path, "metrics", (1366, 768))
    model = editor.view.model()
    baseline = _column(editor, "baseline")
    row = next(r for r in range(model.rowCount()) if model.index(r, baseline).data() == "$285,000")
    assert model.setData(model.index(row, baseline), "2500000")
    qtbot.waitUntil(lambda: model.index(row, baseline).data() == "$2,500,000", timeout=5_000)
    _figures_shown_whole(editor)
