"""Helpers for the guided-editor tests: a main window on a library, and waiting for figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QPalette, QUndoStack
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.finance import compute
from desktop.finance.money import format_money
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.ui.app import app_settings
from desktop.ui.context import ProposalContext
from desktop.ui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def large_font(qapp: object) -> Iterator[QFont]:
    """The system font at 14 points, as a director with low vision sets it; put back after."""
    from PySide6.QtWidgets import QApplication

    before = QApplication.font()
    large = QFont(before)
    large.setPointSizeF(14)
    QApplication.setFont(large)
    yield large
    QApplication.setFont(before)


def run_app_script(script: str, *arguments: str, **environment: str) -> dict[str, object]:
    """Run ``script`` (which starts the app its own way) in a fresh headless process from the
    project's folder, and return the JSON object it prints last."""
    finished = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **environment),
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return dict(json.loads(finished.stdout.strip().splitlines()[-1]))


# Ends a script for ``run_app_polling``: ``look()`` every 20 ms while ``buyin`` runs on
# ``library`` (the app quits after 30 s at most), then ``seen`` is printed.
_POLL_AND_RUN = """
poll = QTimer()
poll.timeout.connect(look)
poll.start(20)
QTimer.singleShot(30_000, app.quit)
run_gui(library)
print(json.dumps(seen))
"""


def run_app_polling(script: str, *arguments: str, **environment: str) -> dict[str, object]:
    """``run_app_script`` for a script that sets up ``app``, ``library``, ``seen`` and a
    ``look()`` to call while the app runs (with ``json``, ``QTimer`` and ``run_gui`` imported):
    the app is then run as ``buyin`` runs it and what ``seen`` holds is returned."""
    return run_app_script(script + _POLL_AND_RUN, *arguments, **environment)


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Opens a main window on a library file, as the app does (settings in the test's folder)."""
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(app_settings())
        qtbot.addWidget(window)
        window.resize(1400, 900)
        assert window.open_library_path(path)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.library is not None:
            window.close()


def _answered(
    monkeypatch: pytest.MonkeyPatch, owner: type, question: str, answer: bool
) -> list[Any]:
    """``owner.question`` (a modal question, which would wait for ever off screen) answered
    ``answer`` every time; the list holds what each call asked about, in order."""
    asked: list[Any] = []

    def reply(_self: object, about: object) -> bool:
        asked.append(about)
        return answer

    monkeypatch.setattr(owner, question, reply)
    return asked


@pytest.fixture(autouse=True)
def left_unsaved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Asked whether to leave a proposal with a value refused and not saved, the director
    leaves: the list holds each reason asked about, in order. A test that goes back sets
    ``MainWindow.ask_leave_unsaved`` itself."""
    return _answered(monkeypatch, MainWindow, "ask_leave_unsaved", True)


@pytest.fixture(autouse=True)
def headcount_figures_left(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Asked whether the figures sized to a headcount just changed follow it, the director
    leaves them: the list holds each list of figures asked about. A test that moves them sets
    ``BasicsPage.ask_to_follow``."""
    from desktop.ui.steps.basics import BasicsPage

    return _answered(monkeypatch, BasicsPage, "ask_to_follow", False)


@pytest.fixture
def names_given(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The director takes the name offered whenever one is asked for (a new proposal's): the
    list holds each name offered, in order."""

    offered: list[str] = []

    def ask(*_args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(str(kwargs.get("text")))
        return str(kwargs.get("text")), True

    monkeypatch.setattr("desktop.ui.home.ask_text", ask)
    return offered


@pytest.fixture
def ready_context(qtbot: QtBot, library: Library, sample_id: int) -> Iterator[ProposalContext]:
    """The sample's editing context with its first figures computed."""
    made = ProposalContext(library, sample_id, QUndoStack())
    made.recalculate_now()
    qtbot.waitUntil(lambda: not made.busy and made.result is not None, timeout=10_000)
    yield made
    made.wait_for_idle()


def active_window(qtbot: QtBot, open_window: WindowFactory, library_path: Path) -> MainWindow:
    """The window on ``library_path``, settled, shown and active: keys pressed reach it."""
    window = open_window(library_path)
    settle(qtbot, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def check_box_edge_contrast(widget: QListWidget, entry: QListWidgetItem) -> float:
    """How well the left edge of ``entry``'s tick box, as drawn, stands out from the list's
    background: the best contrast ratio along it (1: not seen at all)."""
    from desktop.ui.theme import contrast

    option = QStyleOptionViewItem()
    option.initFrom(widget)
    option.rect = widget.visualItemRect(entry)
    widget.itemDelegate().initStyleOption(option, widget.indexFromItem(entry))
    box = widget.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, widget
    )
    image = widget.viewport().grab().toImage()
    base = widget.palette().color(QPalette.ColorRole.Base)
    edge = [image.pixelColor(box.left(), y) for y in range(box.top(), box.bottom())]
    return max(contrast(colour, base) for colour in edge)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the open proposal's figures are up to date."""
    assert window.context is not None
    context = window.context
    qtbot.waitUntil(lambda: not context.busy and context.result is not None, timeout=10_000)


def on_step(qtbot: QtBot, window: MainWindow, proposal: int, key: str) -> Any:
    """``proposal`` open in ``window`` on the step ``key``, its figures up to date: the page."""
    window.open_proposal(proposal)
    return on_open_step(qtbot, window, key)


def on_open_step(qtbot: QtBot, window: MainWindow, key: str) -> Any:
    """The proposal open in ``window`` on the step ``key``, its figures up to date: the page."""
    from desktop.services.wizard import STEP_KEYS

    settle(qtbot, window)
    assert window.view is not None
    window.view.show_step(STEP_KEYS.index(key))
    return window.view.page_for(key)


def on_screen(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """``window`` shown, exposed and with its open proposal's figures up to date."""
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def engine_tco(library: Library, proposal_id: int) -> str:
    """The engine's own total cost, formatted as the summary panel shows it."""
    result = compute(proposal_input(library, proposal_id))
    return format_money(result.tco_total, result.currency)
