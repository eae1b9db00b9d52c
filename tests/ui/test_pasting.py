"""Pasting what a director copied elsewhere (a spreadsheet, an e-mail, a web page) into the
tables, with the real clipboard and Ctrl+V: what is meant is taken, what cannot be is refused
whole with the cell named, and one undo takes a paste back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
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
