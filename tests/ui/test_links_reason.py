"""The reason an item serves a goal, typed on the Links step as soon as the goal is ticked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.services.editing import add_row, link_state
from desktop.services.proposals import create_proposal
from desktop.ui.steps.links import ID_ROLE, LinksPage
from tests.ui.conftest import WindowFactory, on_step, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def test_a_reason_typed_right_after_ticking_a_goal_keeps_its_first_words(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Tick a goal, Tab to the reason and type: the figures of the new link came back a moment
    later, rebuilt the page and emptied the box, so the reason saved lost its first words."""
    window = open_window(library_path)
    settle(qtbot, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.library is not None
    proposal = create_proposal(window.library, "Hillcrest 1:1")
    add_row(
        window.library, proposal, "goal", {"code": "SP-1", "title": "A device for every student"}
    )
    add_row(window.library, proposal, "item", {"name": "Wi-Fi access points", "quantity": 60})
    links = on_step(qtbot, window, proposal, "links")
    assert isinstance(links, LinksPage) and window.context is not None
    links.item_list.setCurrentRow(0)
    goals = links.lists["goal"]
    goals.setFocus()
    goals.setCurrentRow(0)
    assert goals.currentItem().checkState() == Qt.CheckState.Unchecked
    with qtbot.waitSignal(window.context.result_changed, timeout=10_000):
        QTest.keyClick(goals, Qt.Key.Key_Space)  # ticked: the figures are worked out again
        links.rationale.setFocus()
        QTest.keyClicks(links.rationale, "Every classroom")
    QTest.keyClicks(links.rationale, " gets coverage for thirty devices")
    assert links.rationale.text() == "Every classroom gets coverage for thirty devices"
    QTest.keyClick(links.rationale, Qt.Key.Key_Return)  # saves
    key = (links.current_item_id(), goals.currentItem().data(ID_ROLE))
    saved = link_state(window.library, proposal, "goal")
    assert saved[key] == "Every classroom gets coverage for thirty devices"
