"""A library the director cannot write to (a read-only share, a file copied from a disc): the
app says why, and offers to save a copy that can be edited and open it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.library import open_library
from desktop.services.proposals import add_sample_proposal, list_proposals
from desktop.ui.app import app_settings
from desktop.ui.main_window import MainWindow
from tests.reliability.support import folder_listing, sha256

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _read_only_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library with the sample in a folder of its own, which the app sees as read-only
    (simulated: the tests may run as an administrator, whom permission bits do not stop)."""
    folder = tmp_path / "St. Mary's shared drive"
    folder.mkdir()
    path = folder / "district.buyinlib"
    library = open_library(path)
    add_sample_proposal(library)
    library.close()
    real_access = os.access

    def access(target: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(target)).parent == folder and mode & os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    return path


def test_a_read_only_library_can_be_copied_and_the_copy_edited(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to offer only "choose another library" or quit."""
    path = _read_only_library(tmp_path, monkeypatch)
    before, listing = sha256(path), folder_listing(path.parent)
    copy = tmp_path / "mine" / "district (copy).buyinlib"
    copy.parent.mkdir()
    asked: list[str] = []
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    monkeypatch.setattr(
        window, "ask_about_read_only", lambda reason: asked.append(reason) or "copy"
    )
    offered: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    assert window.open_library_path(path)
    # The whole reason, with the folder's name ("St. Mary's") not cut at its full stop.
    assert asked[0] == f"{path} is read-only, so edits could not be saved."
    assert Path(offered[0]).name == "district (copy).buyinlib"
    assert window.library is not None and window.library.path == copy
    original = open_library(path, read_only=True)
    try:
        names = [p.name for p in list_proposals(original)]
    finally:
        original.close()
    copied = list_proposals(window.library)
    assert [p.name for p in copied] == names
    window.open_proposal(copied[0].id)
    assert window.context is not None and window.view is not None  # ready to edit
    window.close()
    assert sha256(path) == before and folder_listing(path.parent) == listing


def test_closing_instead_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _read_only_library(tmp_path, monkeypatch)
    before, listing = sha256(path), folder_listing(path.parent)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_about_read_only", lambda _reason: "close")
    monkeypatch.setattr(QMessageBox, "critical", lambda *_args: pytest.fail("wrong question"))
    assert not window.open_library_path(path)
    assert window.library is None
    assert sha256(path) == before and folder_listing(path.parent) == listing


def test_a_copy_over_the_library_itself_is_refused(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _read_only_library(tmp_path, monkeypatch)
    before = sha256(path)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    answers = iter(["copy", "close"])
    monkeypatch.setattr(window, "ask_about_read_only", lambda _reason: next(answers))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(path), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(str(args[2])))
    assert not window.open_library_path(path)
    assert "is the library itself" in warned[0]
    assert sha256(path) == before
