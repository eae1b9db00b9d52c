"""The name column stays in view while a wide table is scrolled sideways, on a laptop's window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEP_KEYS
from desktop.ui.frozen_column import NARROWEST_NAME, FrozenColumns
from desktop.ui.row_table import RowTableEditor, RowTableView
from tests.ui.conftest import WindowFactory, on_screen

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _table(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str = "items"
) -> RowTableEditor:
    """The sample's table at step ``key``, in a 1024×640 window."""
    window = open_window(library_path)
    window.resize(1024, 640)
    on_screen(qtbot, window)
    assert window.view is not None
    window.view.show_step(STEP_KEYS.index(key))
    qtbot.wait(50)
    page = window.view.page_for(key)
    (editor,) = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
    return editor


def _scroll_to_end(qtbot: QtBot, view: RowTableView) -> None:
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0  # the table is wider than a laptop's window
    bar.setValue(bar.maximum())
    qtbot.wait(20)


def _scrolled_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[RowTableView, FrozenColumns]:
    """The sample's items table scrolled all the way right, with the keyboard, and its frozen
    name column."""
    view = _table(qtbot, open_window, library_path).view
    assert view.frozen is not None
    view.setFocus()
    _scroll_to_end(qtbot, view)
    return view, view.frozen


def _click_name_title(qtbot: QtBot, frozen: FrozenColumns) -> None:
    """A click on the overlay's name title, as on a column title to sort by it."""
    header = frozen.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2),
    )


def _name_at(model: QAbstractItemModel, row: int) -> str:
    return str(model.index(row, 0).data())


def _rows_in_view(view: RowTableView) -> range:
    first = view.rowAt(0)
    last = view.rowAt(view.viewport().height() - 1)
    return range(first, (last if last >= 0 else view.model().rowCount() - 1) + 1)


@pytest.mark.parametrize("key", ["items", "metrics", "risks"])
def test_the_names_stay_beside_their_rows_when_the_table_is_scrolled_to_the_right(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str
) -> None:
    view = _table(qtbot, open_window, library_path, key).view
    frozen = view.frozen
    assert frozen is not None
    assert not frozen.isVisible()  # at rest the table is as it always was
    assert view.columnViewportPosition(0) == 0

    _scroll_to_end(qtbot, view)
    assert view.columnViewportPosition(0) < -view.columnWidth(0) // 2  # the real column is gone
    assert frozen.isVisible()
    # Over the table's left edge, just right of the row numbers, beside the scrolled cells.
    left = frozen.mapTo(view, QPoint(0, 0)).x()
    assert left == view.verticalHeader().width() + view.frameWidth()
    assert frozen.width() <= view.viewport().width() // 2
    for row in _rows_in_view(view):
        name_cell = frozen.visualRect(view.model().index(row, 0))
        cell = view.visualRect(view.model().index(row, 3))
        assert frozen.viewport().mapTo(view, name_cell.topLeft()).y() == (
            view.viewport().mapTo(view, cell.topLeft()).y()
        )
        assert str(frozen.indexAt(name_cell.center()).data()) == _name_at(view.model(), row)

    view.horizontalScrollBar().setValue(0)
    qtbot.wait(20)
    assert not frozen.isVisible()


def test_scrolling_down_moves_the_names_with_their_rows(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    down = view.verticalScrollBar()
    assert down.maximum() > 0
    down.setValue(down.maximum())
    qtbot.wait(20)
    assert frozen.rowAt(0) == view.rowAt(0) > 0
    last = view.model().rowCount() - 1
    assert frozen.indexAt(QPoint(5, frozen.viewport().height() - 5)).row() == last
    # A wheel turn over the names scrolls the table too.
    frozen.verticalScrollBar().setValue(0)
    qtbot.wait(20)
    assert view.verticalScrollBar().value() == 0


def test_arrowing_left_keeps_each_cell_clear_of_the_names_and_the_names_in_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    model = view.model()
    last_column = model.columnCount() - 1
    view.setCurrentIndex(model.index(2, last_column))
    for column in range(last_column - 1, -1, -1):
        qtbot.keyClick(view, Qt.Key.Key_Left)
        assert view.currentIndex().column() == column
        if frozen.isVisible():
            # The cell the director moved to is not hidden under the names.
            if column > 0:
                assert view.visualRect(view.currentIndex()).left() >= frozen.width_covered - 1
        else:
            # Near the start the real name column is back, at least as wide as the overlay.
            shown = view.columnViewportPosition(0) + view.columnWidth(0)
            assert shown >= min(view.columnWidth(0), NARROWEST_NAME)
    assert view.horizontalScrollBar().value() == 0


def test_moving_onto_a_frozen_name_leaves_the_table_where_it_is(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    model = view.model()
    # A cell beside the names chosen, then the scroll bar dragged to the right.
    view.horizontalScrollBar().setValue(0)
    view.setCurrentIndex(model.index(2, 1))
    _scroll_to_end(qtbot, view)
    offset = view.horizontalScrollBar().value()
    assert frozen.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    # On the name itself: shown on the overlay, where the table leaves it.
    assert view.currentIndex().column() == 0
    assert view.horizontalScrollBar().value() == offset
    assert frozen.isVisible()
    assert frozen.selectionModel().isSelected(model.index(2, 0))


def _assert_editing_in_full_view(
    qtbot: QtBot, view: RowTableView, frozen: FrozenColumns, name: QModelIndex
) -> None:
    """The name's own cell has the editor, back at the table's start and in view."""
    assert view.state() == QAbstractItemView.State.EditingState
    assert view.currentIndex() == name
    assert view.horizontalScrollBar().value() == 0
    assert not frozen.isVisible()
    (cell_editor,) = [w for w in view.viewport().children() if w.isWidgetType() and w.isVisible()]
    assert view.viewport().rect().contains(cell_editor.geometry().center())
    assert cell_editor.geometry().intersects(view.visualRect(name))
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)


def test_typing_over_a_frozen_name_edits_it_in_full_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    model = view.model()
    # A click on a name on the overlay selects it, and the keyboard stays with the table.
    qtbot.mouseClick(
        frozen.viewport(),
        Qt.MouseButton.LeftButton,
        pos=frozen.visualRect(model.index(1, 0)).center(),
    )
    assert view.currentIndex() == model.index(1, 0)
    assert view.hasFocus()
    qtbot.keyClicks(view, "Z")
    _assert_editing_in_full_view(qtbot, view, frozen, model.index(1, 0))


def test_a_click_on_the_names_title_sorts_the_table_by_name(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    _click_name_title(qtbot, frozen)
    names = [_name_at(view.model(), row) for row in range(view.model().rowCount())]
    assert names == sorted(names, key=str.casefold) or names == sorted(names)
    assert view.horizontalHeader().sortIndicatorSection() == 0
    assert frozen.isVisible()


def test_the_overlay_shows_only_the_names_after_the_rows_are_reloaded(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    editor = _table(qtbot, open_window, library_path)
    frozen = editor.view.frozen
    assert frozen is not None
    editor.refresh()  # as an undo or another step's change does
    qtbot.wait(20)
    _scroll_to_end(qtbot, editor.view)
    shown = [
        column for column in range(editor.proxy.columnCount()) if not frozen.isColumnHidden(column)
    ]
    assert shown == [0]


def test_a_double_click_on_a_frozen_name_opens_it_for_editing_in_full_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    where = frozen.visualRect(view.model().index(3, 0)).center()
    # A double-click as the system sends it: a click, then the second press as a double-click.
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=where)
    _assert_editing_in_full_view(qtbot, view, frozen, view.model().index(3, 0))


@pytest.mark.parametrize("key", ["items", "plans"])
def test_no_part_of_the_real_name_column_shows_beside_the_overlay(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str
) -> None:
    """Shown as soon as the table moved a pixel, the overlay stood beside what was left of the
    real name column: names and the "Item" title twice. Plans freezes the code and the goal."""
    view = _table(qtbot, open_window, library_path, key).view
    frozen = view.frozen
    assert frozen is not None
    bar = view.horizontalScrollBar()
    last_frozen = frozen.count - 1
    seen = 0
    for offset in range(0, bar.maximum() + 1, 5):
        bar.setValue(offset)
        real_right = view.columnViewportPosition(last_frozen) + view.columnWidth(last_frozen)
        if frozen.isVisible():
            seen += 1
            assert real_right <= frozen.width(), offset
        else:
            assert offset == 0 or real_right > 0, offset  # the real names are there instead
    if key == "items":
        assert seen  # far enough to the right, the overlay takes over


def test_an_editor_opened_on_a_cell_half_under_the_names_is_moved_clear_of_them(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    category = titles.index("Category")
    # Scrolled so the category column sits mostly under the overlay, only a strip showing.
    bar = view.horizontalScrollBar()
    bar.setValue(view.columnViewportPosition(category) + bar.value() - frozen.width() + 30)
    qtbot.wait(20)
    assert frozen.isVisible()
    cell = view.visualRect(model.index(4, category))
    assert cell.left() < frozen.width() < cell.right()
    where = QPoint(frozen.width() + 10, cell.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.currentIndex() == model.index(4, category)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() == QAbstractItemView.State.EditingState
    (cell_editor,) = [w for w in view.viewport().children() if w.isWidgetType() and w.isVisible()]
    if frozen.isVisible():
        assert cell_editor.geometry().left() >= frozen.width_covered - 1
    assert view.viewport().rect().contains(cell_editor.geometry())
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)


def test_a_click_on_the_overlays_title_sorts_the_rows_once(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    view, frozen = _scrolled_items(qtbot, open_window, library_path)
    sorts: list[int] = []
    view.model().layoutChanged.connect(lambda *_: sorts.append(1))
    _click_name_title(qtbot, frozen)
    assert len(sorts) == 1
