"""What the director sees on screen: hints shown whole, names readable, the step list no wider than
its words, at the usual window size and at a small laptop's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.row_table import RowTableEditor
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

SIZES = ((1400, 900), (1100, 750))


def _shown_on_sample(qtbot: QtBot, open_window: WindowFactory, path: Path) -> MainWindow:
    window = open_window(path)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def _view(window: MainWindow) -> ProposalView:
    assert window.view is not None
    return window.view


def _clipped(label: QLabel) -> bool:
    """A wrapped label is cut off when it is lower than its lines need at its width."""
    return label.isVisible() and label.height() < label.heightForWidth(label.width())


@pytest.mark.parametrize("size", SIZES)
def test_table_hints_are_never_cut_off(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(*size)
    view = _view(window)
    for number, step in enumerate(STEPS):
        view.show_step(number)
        qtbot.wait(30)
        for editor in view.page(number).findChildren(RowTableEditor):
            if editor.isVisible():
                assert not _clipped(editor.hint), f"{step.title}: {editor.hint.text()}"


def test_funding_hint_keeps_clear_of_the_splitter_below_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1100, 750)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("funding"))
    qtbot.wait(30)
    page = view.page_for("funding")
    hint = page.sources.hint  # type: ignore[attr-defined]
    caption = page.grid_caption  # type: ignore[attr-defined]
    assert "should not depend on them" in hint.text()
    hint_bottom = hint.mapTo(page, QPoint(0, hint.height())).y()
    caption_top = caption.mapTo(page, QPoint(0, 0)).y()
    assert caption_top - hint_bottom >= 10  # a gap, with the splitter handle inside it


def test_item_names_fit_their_column(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("items"))
    table = view.page_for("items").table  # type: ignore[attr-defined]
    metrics = table.view.fontMetrics()
    names = [str(row["name"]) for row in table.model.rows]
    short_enough = [name for name in names if metrics.horizontalAdvance(name) + 12 <= 330]
    fitting = [
        name
        for name in short_enough
        if metrics.horizontalAdvance(name) + 12 <= table.view.columnWidth(0)
    ]
    assert len(short_enough) >= len(names) * 3 // 4  # the sample's names are mostly short
    assert fitting == short_enough


def test_step_list_is_no_wider_than_its_labels_need(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    navigator = _view(window).navigator
    metrics = navigator.fontMetrics()
    widest = max(
        metrics.horizontalAdvance(navigator.item(row).text()) for row in range(navigator.count())
    )
    assert widest < navigator.viewport().width()  # every label whole
    assert navigator.width() <= widest + 70  # and no wide empty margin beside them
