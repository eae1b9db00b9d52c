"""The header's Export menu: each entry chooses its format on the Export step and saves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.steps import export as export_step
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",  # an open menu, with no screen
)


def _shown(text: str) -> str:
    """A menu text as it reads on screen: its keyboard letter is underlined, not "&"."""
    return text.replace("&", "")


def _menu_action(window: MainWindow, text: str) -> QAction:
    actions = {_shown(action.text()): action for action in window.export_menu.actions()}
    assert text in actions, sorted(actions)
    return actions[text]


def _answer_save_dialog(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    captions: list[str] = []

    def save_dialog(_parent: Any, caption: str, _suggested: Path, _filter: str) -> Path:
        captions.append(caption)
        return target

    monkeypatch.setattr(export_step, "ask_save_path", save_dialog)
    return captions


def test_the_export_button_offers_every_format_and_the_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """It offered three of the Export step's six formats: a proposal file to share was a step
    away. The CFO's three documents come first."""
    window = open_window(library_path)
    assert window.export_button.isVisibleTo(window)
    texts = [action.text() for action in window.export_menu.actions() if action.text()]
    # The same names as the Export step's choices, with "…" for the save dialog that follows.
    labels = [f"{export.label}…" for export in export_step.EXPORT_FORMATS]
    assert [_shown(text) for text in texts] == [*labels, "Go to Export step"]
    assert _shown(window.export_button.text()) == "Export ▾"
    # Each entry has its own keyboard letter, and the button answers Alt+X.
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(texts) and len(set(letters)) == len(letters)
    assert window.export_button.text() == "E&xport ▾"


def test_the_export_menu_works_from_the_keyboard(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Alt+X opens the menu; T, the handout's letter, chooses the handout and saves it."""
    window = open_window(library_path)
    settle(qtbot, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    captions = _answer_save_dialog(monkeypatch, tmp_path / "handout.pdf")
    seen: list[bool] = []

    def choose() -> None:  # runs inside the open menu's own event loop
        seen.append(window.export_menu.isVisible())
        qtbot.keyClick(window.export_menu, Qt.Key.Key_T)

    window.export_menu.aboutToShow.connect(lambda: QTimer.singleShot(50, choose))
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(captions), timeout=5_000)
    assert seen == [True]
    assert captions == ["Save the two-page handout (PDF)"]
    page = window.view.page_for("export") if window.view is not None else None
    assert isinstance(page, export_step.ExportPage) and page.job is not None
    qtbot.waitUntil(lambda: not page.job.running, timeout=20_000)
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("entry", "key", "name", "magic"),
    [
        ("Excel workbook (.xlsx)…", "workbook", "figures.xlsx", b"PK"),
        ("Two-page handout (PDF)…", "handout_pdf", "handout.pdf", b"%PDF"),
        ("Shareable proposal (.buyin)…", "shareable", "for-a-colleague.buyin", b"SQLite"),
        ("Proposal file (.json)…", "proposal_json", "proposal.json", b"{"),
    ],
)
def test_a_menu_entry_selects_its_format_and_saves_the_file(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entry: str,
    key: str,
    name: str,
    magic: bytes,
) -> None:
    window = open_window(library_path)
    settle(qtbot, window)
    captions = _answer_save_dialog(monkeypatch, tmp_path / name)
    _menu_action(window, entry).trigger()
    assert window.view is not None
    assert window.view.current_step == len(STEPS) - 1  # the Export step is shown
    page = window.view.page_for("export")
    assert isinstance(page, export_step.ExportPage)
    assert page.selected.key == key
    assert captions == [f"Save the {export_step.FORMATS_BY_KEY[key].in_a_sentence}"]
    assert page.job is not None
    qtbot.waitUntil(lambda: not page.job.running, timeout=20_000)
    assert page.last_saved == tmp_path / name, page.last_error
    assert (tmp_path / name).read_bytes().startswith(magic)
    assert "Saved" in page.status.text()


def test_go_to_export_step_only_shows_the_step(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = open_window(library_path)
    captions = _answer_save_dialog(monkeypatch, tmp_path / "unused.pdf")
    _menu_action(window, "Go to Export step").trigger()
    assert window.view is not None
    assert window.view.current_step == len(STEPS) - 1
    page = window.view.page_for("export")
    assert isinstance(page, export_step.ExportPage)
    assert captions == [] and page.job is None  # no save dialog, no export started
    assert not (tmp_path / "unused.pdf").exists()


def test_a_format_named_inside_a_sentence_reads_as_a_sentence() -> None:
    """The save dialog was titled "Save the Full business case (PDF)"."""
    named = {key: export.in_a_sentence for key, export in export_step.FORMATS_BY_KEY.items()}
    assert named["full_pdf"] == "full business case (PDF)"
    assert named["workbook"] == "Excel workbook (.xlsx)"  # a name keeps its capital


def test_ctrl_e_saves_the_full_business_case_from_any_step_and_nothing_on_home(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saving the case took the Export menu or the Export step every time; Ctrl+E, shown in
    the menu, does it from any step."""
    window = open_window(library_path)
    settle(qtbot, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert _menu_action(window, "Full business case (PDF)…").shortcut() == QKeySequence("Ctrl+E")
    captions = _answer_save_dialog(monkeypatch, tmp_path / "case.pdf")
    window.show_home()
    qtbot.keyClick(window.home.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    assert captions == [] and window.stack.currentWidget() is window.home
    window.home.open_selected()
    assert window.view is not None
    settle(qtbot, window)
    window.view.show_step(1)
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(captions), timeout=5_000)
    assert captions == ["Save the full business case (PDF)"]
    page = window.view.page_for("export")
    assert isinstance(page, export_step.ExportPage) and page.job is not None
    qtbot.waitUntil(lambda: not page.job.running, timeout=30_000)
    assert (tmp_path / "case.pdf").read_bytes().startswith(b"%PDF")
