"""Home's list at a large font: the proposal's name gets its room before the figures take theirs,
every heading reads whole, and the list fits the window rather than scroll sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyle, QStyleOptionHeader, QTableView
from pytestqt.qtbot import QtBot

from desktop.services.proposals import duplicate_proposal
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, on_screen

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

LONG_NAMES = (
    "Riverside Unified School District — 1:1 Chromebook refresh and Wi-Fi 6E upgrade 2027–2031",
    "Board presentation version with fewer hotspots and a longer warranty on every device",
)
TYPICAL_NAME = "Northside Elementary 1:1 iPad pilot 2027"  # 40 characters


def _home_with_long_names(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, width: int
) -> tuple[MainWindow, QTableView]:
    """Home on the sample and two proposals with long names, in a window ``width`` wide, with
    every proposal's figures in."""
    window = on_screen(qtbot, open_window(library_path))
    assert window.library is not None
    sample = window.home.selected_id() or 1
    for name in LONG_NAMES:
        duplicate_proposal(window.library, sample, name)
    window.show_home()
    window.home.refresh()
    window.resize(width, 800)
    view = window.home.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 3 and not window.home.figures_pending)
    qtbot.wait(50)
    return window, view


def _headings_whole(view: QTableView) -> None:
    """Each heading's lines fit the room the style leaves its words in its column (beside the
    sort arrow, which a click on any heading brings), and the header is tall enough for them:
    Qt cuts a heading that does not fit, with no "…" to say so."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(view.model().columnCount()):
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.state |= QStyle.StateFlag.State_Horizontal
        option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
        option.rect = QRect(0, 0, view.columnWidth(column), header.height())
        words = header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header)
        lines = title.split("\n")
        for line in lines:
            assert metrics.horizontalAdvance(line) <= words.width(), (title, words)
        assert len(lines) * metrics.height() <= words.height(), (title, words)


def _figures_whole(view: QTableView) -> None:
    """Every figure shows whole: on one line, or broken at a space onto lines the row holds."""
    metrics = view.fontMetrics()
    for row in range(view.model().rowCount()):
        for column in range(2, view.model().columnCount()):
            text = str(view.model().index(row, column).data())
            width = view.columnWidth(column) - 8  # the cell's margins
            for word in text.split():
                assert metrics.horizontalAdvance(word) <= width, (text, view.columnWidth(column))
            lines = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
            assert lines.height() <= view.rowHeight(row), (text, lines, view.rowHeight(row))


def _names_whole(view: QTableView) -> None:
    """Every name and district shows whole, within three lines: the longest name stood eight
    lines high, three words a line, and the district four."""
    metrics = view.fontMetrics()
    for row in range(view.model().rowCount()):
        for column in (0, 1):
            text = str(view.model().index(row, column).data())
            room = QRect(0, 0, view.columnWidth(column) - 8, 10_000)
            lines = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text).height()
            line = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, "District").height()
            assert lines <= view.rowHeight(row), (text, lines, view.rowHeight(row))
            assert lines <= 3 * line, (text, room)


def _fits_across(view: QTableView) -> None:
    last = view.model().columnCount() - 1
    assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("width", [1280, 1440])
def test_a_large_font_leaves_the_proposals_name_room_for_a_typical_name(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont, width: int
) -> None:
    """At 14 points in a 1280- or 1440-pixel window the figures kept the widths of their widest
    possible amounts and left the name 143 pixels: each long name stood three words a line, eight
    lines high, beside figures with room to spare. The name now has a typical name's width on
    one line; a figure too wide beside it breaks at a space ("Not within / the plan")."""
    window, view = _home_with_long_names(qtbot, open_window, library_path, width)
    typical = view.fontMetrics().horizontalAdvance(TYPICAL_NAME)
    assert view.columnWidth(0) >= typical + 8, (view.columnWidth(0), typical)
    _headings_whole(view)
    _figures_whole(view)
    _names_whole(view)
    _fits_across(view)
    # Read again (after a rename, a copy, a delete), the figures show "…" while they are worked
    # out anew: their columns stay as they are, not narrowed to that and widened as each comes.
    widths = [view.columnWidth(column) for column in range(view.model().columnCount())]
    window.home.refresh()
    assert window.home.figures_pending
    assert [view.columnWidth(column) for column in range(len(widths))] == widths
    qtbot.waitUntil(lambda: not window.home.figures_pending)
    qtbot.wait(50)
    assert [view.columnWidth(column) for column in range(len(widths))] == widths


def test_a_large_font_on_a_small_screen_shows_every_figure_without_scrolling_sideways(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points in a 1024-pixel window the payback and the last edit were past the list's
    right edge, to be scrolled to. The figures now take two lines where they must, and the list
    fits the window with the names still readable."""
    _window, view = _home_with_long_names(qtbot, open_window, library_path, 1024)
    _fits_across(view)
    _headings_whole(view)
    _figures_whole(view)
    least = view.fontMetrics().averageCharWidth() * 14
    assert view.columnWidth(0) >= least and view.columnWidth(1) >= least


def test_sorting_by_last_edited_sorts_by_time_not_by_the_words(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The "Last edited" column sorted by its text: "Apr 3, 2027" came before "Nov 2, 2026"."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from desktop.models import Proposal

    window = on_screen(qtbot, open_window(library_path))
    library = window.library
    assert library is not None
    sample = window.home.selected_id() or 1
    moments = {
        "Edited in November 2026": datetime(2026, 11, 2, 15, tzinfo=UTC),
        "Edited in April 2027": datetime(2027, 4, 3, 15, tzinfo=UTC),
        "Edited in January 2027": datetime(2027, 1, 20, 15, tzinfo=UTC),
    }
    with library.transaction() as session:
        session.execute(update(Proposal).values(updated_at=datetime(2025, 6, 1, tzinfo=UTC)))
    for name, moment in moments.items():
        copy = duplicate_proposal(library, sample, name)
        with library.transaction() as session:
            session.execute(update(Proposal).where(Proposal.id == copy).values(updated_at=moment))
    window.show_home()
    window.home.refresh()
    view = window.home.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 4)
    last_edited = view.model().columnCount() - 1
    view.sortByColumn(last_edited, Qt.SortOrder.DescendingOrder)
    names = [str(view.model().index(row, 0).data()) for row in range(4)]
    assert names[:3] == [
        "Edited in April 2027",
        "Edited in January 2027",
        "Edited in November 2026",
    ]
