"""A long session of table editing must not wear the app out: with PySide6 6.12.0 every cell the
tables drew through one of the app's own delegates took a reference to Python's ``None`` away,
and after a few hundred edits Python 3.11 aborted ("none_dealloc"), taking what was being typed
with it. The pinned Qt bindings keep the count steady; this checks the app's own delegates on
the steps that use them, so a version with the fault is caught before it ships."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QTabWidget
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEP_KEYS
from desktop.ui.delegates import CheckOutlineDelegate, FieldDelegate
from tests.ui.conftest import WindowFactory, on_screen

REPAINTS = 20


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: no count to lose"
)
def test_drawing_the_tables_over_and_over_leaves_none_alone(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    on_screen(qtbot, window)
    assert window.view is not None
    for key, tab in (("items", 0), ("items", 1), ("risks", 0), ("links", 0), ("funding", 0)):
        window.view.show_step(STEP_KEYS.index(key))
        page = window.view.page_for(key)
        for tabs in page.findChildren(QTabWidget)[:1]:
            tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        shown = [
            view
            for view in page.findChildren(QAbstractItemView)
            if view.isVisible()
            and any(
                isinstance(view.itemDelegateForColumn(column) or view.itemDelegate(), kind)
                for column in range(max(_columns(view), 1))
                for kind in (FieldDelegate, CheckOutlineDelegate)
            )
        ]
        assert shown, key
        before = sys.getrefcount(None)
        for _ in range(REPAINTS):
            for view in shown:
                view.viewport().repaint()
        cells = sum(view.model().rowCount() * max(_columns(view), 1) for view in shown)
        lost = before - sys.getrefcount(None)
        # With the fault about one reference went per cell drawn (thousands here); without it
        # the count rises a little or stays put.
        assert lost < cells, (key, tab, lost, cells)


def _columns(view: QAbstractItemView) -> int:
    """A table's columns; a list has one."""
    header = getattr(view, "horizontalHeader", None)
    return int(header().count()) if header is not None else 1
