"""File ▸ Restore a backup…: the library is replaced by the backup's content and the window shows
it at once — the home list and the reopened proposal — with nothing left from before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop.services.backups import take_backup
from desktop.services.proposals import create_proposal, list_proposals, rename_proposal
from desktop.ui.dialogs.restore_backup import RestoreBackupDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _file_action(window: MainWindow, text: str) -> QAction:
    file_menu = window.menuBar().actions()[0].menu()
    for action in file_menu.actions():  # type: ignore[union-attr]
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in the File menu")


def _home_names(window: MainWindow) -> list[str]:
    model = window.home.model
    return sorted(model.listing(row).name for row in range(model.rowCount()))


def _restore_newest_when_shown(monkeypatch: pytest.MonkeyPatch, answers: list[bool]) -> None:
    """The dialog, shown modally, restores its preselected (newest) backup after the director
    confirms; ``answers`` records each question asked."""

    def confirm(_self: RestoreBackupDialog, _info: object) -> bool:
        answers.append(True)
        return True

    def exec_(self: RestoreBackupDialog) -> int:
        assert self.selected_backup() is not None  # the newest backup is chosen for us
        self.restore_selected()
        return 0

    monkeypatch.setattr(RestoreBackupDialog, "confirm", confirm)
    monkeypatch.setattr(RestoreBackupDialog, "exec", exec_)


def _open_on_the_sample_and_back_it_up(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, int]:
    """A window on the library's sample, its figures up, and a backup of the library taken."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None and window.context is not None
    take_backup(library_path, reason="daily")
    return window, window.context.proposal_id


def test_restoring_a_backup_from_the_menu_shows_the_restored_library(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, sample_id = _open_on_the_sample_and_back_it_up(qtbot, open_window, library_path)
    original = window.title_label.text()
    assert window.library is not None

    # After the backup: the sample renamed and a second proposal added.
    rename_proposal(window.library, sample_id, "Renamed after the backup")
    create_proposal(window.library, "Added after the backup", students=100)
    window.show_home()
    assert "Added after the backup" in _home_names(window)

    window.open_proposal(sample_id)
    answers: list[bool] = []
    _restore_newest_when_shown(monkeypatch, answers)
    _file_action(window, "Restore a backup…").trigger()

    assert answers == [True]
    assert window.library is not None  # opened again on the same file
    assert window.library.path == library_path
    names = [listing.name for listing in list_proposals(window.library, with_figures=False)]
    assert names == [original]
    assert _home_names(window) == [original]  # the home list was reloaded
    # The proposal that was open is open again, with its restored name and figures.
    assert window.context is not None and window.context.proposal_id == sample_id
    assert window.title_label.text() == original
    settle(qtbot, window)
    # The status bar says which backup came back and how to undo it.
    said = window.statusBar().currentMessage()
    assert said.startswith("Restored the backup taken ") and "not in it" not in said
    # A restore replaces every proposal: what came in, and what it replaced.
    assert ": the library holds its 1 proposal in place of the 2 it held." in said
    assert said.endswith("To undo, restore the one “Before restoring another backup”.")


def test_a_restore_without_the_open_proposal_says_why_home_is_shown(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The proposal open was added after the backup: the window dropped to Home, silent."""
    window, _sample_id = _open_on_the_sample_and_back_it_up(qtbot, open_window, library_path)
    assert window.library is not None
    added = create_proposal(window.library, "Added after the backup", students=100)
    window.open_proposal(added)
    settle(qtbot, window)
    _restore_newest_when_shown(monkeypatch, [])
    _file_action(window, "Restore a backup…").trigger()
    assert window.context is None and window.stack.currentWidget() is window.home
    assert "The proposal that was open is not in it." in window.statusBar().currentMessage()


def test_closing_the_dialog_without_restoring_keeps_everything(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, sample_id = _open_on_the_sample_and_back_it_up(qtbot, open_window, library_path)
    assert window.library is not None
    rename_proposal(window.library, sample_id, "Kept as it is")
    window._show_header()
    assert window.view is not None
    window.view.show_step(3)  # Risks: the director comes back to it, not to Basics
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda _self: 0)
    _file_action(window, "Restore a backup…").trigger()
    assert window.library is not None and window.context is not None
    assert window.context.proposal_id == sample_id
    assert window.title_label.text() == "Kept as it is"
    assert window.view is not None and window.view.current_step == 3


def test_closing_the_dialog_at_home_keeps_the_chosen_proposal_chosen(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Escape in the dialog, opened from Home, moved the selection to the first row: Return,
    F2 or Delete then acted on a proposal the director had not chosen."""
    window, _sample_id = _open_on_the_sample_and_back_it_up(qtbot, open_window, library_path)
    assert window.library is not None
    create_proposal(window.library, "Another proposal, listed first", students=100)
    window.show_home()
    first = window.home.model.listing(window.home.proxy.mapToSource(
        window.home.proxy.index(0, 0)).row()).id  # fmt: skip
    last = window.home.model.listing(window.home.proxy.mapToSource(
        window.home.proxy.index(1, 0)).row()).id  # fmt: skip
    window.home.select_id(last)
    assert window.home.selected_id() == last != first
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda _self: 0)
    _file_action(window, "Restore a backup…").trigger()
    assert window.context is None
    assert window.home.selected_id() == last


def test_restoring_a_backup_from_an_earlier_version_says_it_was_upgraded(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backup taken before an upgrade comes back in the earlier layout and is upgraded as the
    library opens again; the restore's message was shown over the notice that says so."""
    import shutil

    from desktop.services.backups import SUFFIX, backups_dir_for

    window = open_window(library_path)
    settle(qtbot, window)
    folder = backups_dir_for(library_path)
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / f"{library_path.stem}-20260101-000000-000000-before-upgrade{SUFFIX}"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures/libraries/schema-0001.buyinlib", old)
    monkeypatch.setattr(RestoreBackupDialog, "confirm", lambda _self, _info: True)

    def exec_(self: RestoreBackupDialog) -> int:
        row = next(n for n, info in enumerate(self.backups) if info.path == old)
        self.table.selectRow(row)
        self.restore_selected()
        return 0

    monkeypatch.setattr(RestoreBackupDialog, "exec", exec_)
    _file_action(window, "Restore a backup…").trigger()
    said = window.statusBar().currentMessage() + window.statusBar().toolTip()
    assert "Restored the backup taken" in said
    assert "was saved by an earlier version of Buy-In and is upgraded" in said
