"""The header's Export menu: each entry chooses its format on the Export step and saves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.steps import export as export_step
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _menu_action(window: MainWindow, text: str) -> QAction:
    actions = {action.text(): action for action in window.export_menu.actions()}
    assert text in actions, sorted(actions)
    return actions[text]


def _answer_save_dialog(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    captions: list[str] = []

    def save_dialog(_parent: Any, caption: str, _suggested: Path, _filter: str) -> Path:
        captions.append(caption)
        return target

    monkeypatch.setattr(export_step, "ask_save_path", save_dialog)
    return captions


def test_the_export_button_offers_the_three_documents_and_the_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    assert window.export_button.isVisibleTo(window)
    texts = [action.text() for action in window.export_menu.actions() if action.text()]
    # The same names as the Export step's choices, with "…" for the save dialog that follows.
    labels = [f"{export_step.FORMATS_BY_KEY[key].label}…" for key in ("full_pdf", "handout_pdf",
              "workbook")]  # fmt: skip
    assert texts == [*labels, "Go to Export step"]
    assert window.export_button.text() == "Export ▾"


@pytest.mark.parametrize(
    ("entry", "key", "name", "magic"),
    [
        ("Excel workbook (.xlsx)…", "workbook", "figures.xlsx", b"PK"),
        ("Two-page handout (PDF)…", "handout_pdf", "handout.pdf", b"%PDF"),
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
    assert captions == [f"Save the {export_step.FORMATS_BY_KEY[key].label}"]
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
