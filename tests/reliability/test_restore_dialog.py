"""The "Restore a backup" dialog: shows backups with dates and sizes, asks before restoring,
and brings the data back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.services.backups import backup_details, take_backup
from desktop.services.library import open_library
from desktop.services.proposals import create_proposal, list_proposals
from desktop.ui.dialogs.restore_backup import RestoreBackupDialog, describe_size


def _names(path: Path) -> list[str]:
    library = open_library(path)
    try:
        return sorted(p.name for p in list_proposals(library, with_figures=False))
    finally:
        library.close()


@pytest.fixture
def backed_up_library(library_path: Path) -> Path:
    library = open_library(library_path)
    create_proposal(library, "Kept in the backup", students=10)
    library.close()
    take_backup(library_path, reason="daily")
    library = open_library(library_path)
    create_proposal(library, "Added later", students=10)
    library.close()
    return library_path


def test_the_dialog_lists_backups_with_date_reason_and_size(
    qtbot: QtBot, backed_up_library: Path
) -> None:
    dialog = RestoreBackupDialog(backed_up_library)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Daily backup"
    assert dialog.table.item(0, 3).text().endswith("KB")
    assert dialog.restore_button.isEnabled()
    dialog.show()
    dialog.grab().save(str(backed_up_library.parent / "restore-dialog.png"))


def test_the_dialog_says_what_a_backup_holds_and_what_a_restore_would_drop(
    qtbot: QtBot, backed_up_library: Path
) -> None:
    """The list gave when and why; that a restore would drop this year's proposal showed only
    in the status bar, after it was done."""
    dialog = RestoreBackupDialog(backed_up_library)
    qtbot.addWidget(dialog)
    held = dialog.table.item(0, 2)
    assert held.text() == "1 proposal" and held.toolTip() == "Kept in the backup"
    asked = dialog.question(dialog.backups[0])
    assert "The backup holds 1 proposal: “Kept in the backup”." in asked
    assert "Not in the backup, so gone after the restore: “Added later”." in asked
    assert asked.endswith("can be undone by restoring that one.")
    # A backup holding everything the library holds names nothing as gone.
    take_backup(backed_up_library, reason="before-upgrade")
    dialog.refresh()
    newest = dialog.backups[0]
    assert dialog.contents[newest.path] == ["Added later", "Kept in the backup"]
    assert "gone after the restore" not in dialog.question(newest)


def test_cancelling_the_confirmation_changes_nothing(
    qtbot: QtBot, backed_up_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RestoreBackupDialog(backed_up_library)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "confirm", lambda info: False)
    assert dialog.restore_selected() is False
    assert _names(backed_up_library) == ["Added later", "Kept in the backup"]


def test_confirming_restores_the_backup_and_says_so(
    qtbot: QtBot, backed_up_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RestoreBackupDialog(backed_up_library)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "confirm", lambda info: True)
    with qtbot.waitSignal(dialog.restored, timeout=5000):
        assert dialog.restore_selected() is True
    assert _names(backed_up_library) == ["Kept in the backup"]
    # Done, the dialog closes (staying open, with the "before restoring" backup chosen, asked
    # for a second Restore that undid the first); the library as it was is kept, to undo it.
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.restored_from is not None
    assert [info.reason for info in backup_details(backed_up_library)] == [
        "before-restore",
        dialog.restored_from.reason,
    ]


def test_a_library_without_backups_says_so(qtbot: QtBot, library_path: Path) -> None:
    open_library(library_path).close()
    dialog = RestoreBackupDialog(library_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert not dialog.restore_button.isEnabled()
    assert not dialog.empty_note.isHidden()


def test_sizes_read_naturally() -> None:
    assert describe_size(500) == "1 KB"
    assert describe_size(150 * 1024) == "150 KB"
    assert describe_size(int(3.4 * 1024 * 1024)) == "3.4 MB"


def test_backups_and_home_write_a_moment_the_same_way() -> None:
    """The Home list said "2026-11-23 02:52" and this dialog "Mon 23 Nov 2026, 03:06"."""
    import re
    from datetime import UTC, datetime

    from desktop.services.backups import BackupInfo
    from desktop.ui.dialogs.restore_backup import describe_time
    from desktop.ui.home_list import when_text

    moment = datetime(2026, 11, 3, 14, 5, tzinfo=UTC)
    shown = when_text(moment)
    assert re.fullmatch(r"[A-Z][a-z]{2} 3, 2026, \d{1,2}:05 [AP]M", shown), shown
    assert describe_time(BackupInfo(Path("x.buyinlib"), moment, 1, "daily")) == shown
