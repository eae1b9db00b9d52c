"""The "Restore a backup" dialog: the library's automatic backups with their dates and sizes, and
a confirmed restore of the one chosen.

The work is done by ``desktop.services.backups.restore_backup`` (which first keeps the current
library as a backup, so a restore can itself be undone). After a successful restore the dialog
emits ``restored(Path)`` and closes, its ``restored_from`` naming the backup; the window that
owns the open library should reload what it shows and say what happened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count
from desktop.services.backups import (
    BackupInfo,
    Restored,
    backup_details,
    proposal_names,
    restore_backup,
)
from desktop.services.library import LibraryError
from desktop.ui.home_list import when_text
from desktop.ui.layouts import OutlinedTableWidget
from desktop.wording import file_text, in_a_list, name_key, quoted

# Named in the question before a restore, at most; the rest are counted.
NAMES_SHOWN = 4


def describe_size(size: int) -> str:
    """A file size as people read it: "812 KB", "3.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def describe_time(info: BackupInfo) -> str:
    return when_text(info.taken_at)


class RestoreBackupDialog(QDialog):
    """Lists the library's backups, newest first; "Restore…" asks before replacing anything."""

    restored = Signal(Path)

    def __init__(
        self, library_path: Path, parent: QWidget | None = None, *, damaged: bool = False
    ) -> None:
        super().__init__(parent)
        self.library_path = Path(library_path)
        # A library that cannot be opened is not backed up first but kept aside, renamed.
        self.damaged = damaged
        kept = (
            "the damaged library is kept beside it, untouched, under a new name"
            if damaged
            else "the library as it is now is kept as a backup first"
        )
        self.backups: list[BackupInfo] = []
        self.restored_from: BackupInfo | None = None  # once a backup is restored
        self.restored_result: Restored | None = None  # what the restore did
        self.setWindowTitle("Restore a backup")
        self.setMinimumSize(620, 360)

        intro = QLabel(
            f"Backups of <b>{_escape(self.library_path.name)}</b> are taken automatically once a "
            "day and before every upgrade. Restoring one replaces every proposal in the library "
            f"with its content; {kept}."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.table = OutlinedTableWidget(0, 4, self)
        self.table.setTabKeyNavigation(False)  # Tab reaches Restore… and Close
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Proposals", "Size"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.empty_note = QLabel("There are no backups of this library yet.")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        closing = buttons.button(QDialogButtonBox.StandardButton.Close)
        if closing is not None:
            closing.setText("&Close")
        self.restore_button = QPushButton("&Restore…", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.backups = backup_details(self.library_path)
        # What each backup holds: the list showed when and why, and a restore that dropped
        # this year's copy was known only after it was done.
        self.contents = {info.path: proposal_names(info.path) for info in self.backups}
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            size = QTableWidgetItem(describe_size(info.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            names = self.contents[info.path]
            held = QTableWidgetItem("—" if names is None else format_count(len(names), "proposal"))
            held.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            held.setToolTip("\n".join(names or []))
            self.table.setItem(row, 0, QTableWidgetItem(describe_time(info)))
            self.table.setItem(row, 1, QTableWidgetItem(info.reason_label))
            self.table.setItem(row, 2, held)
            self.table.setItem(row, 3, size)
        self.table.resizeColumnsToContents()
        # The reason is the longest text; the size column stays narrow and right-aligned.
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(self.backups))
        self.empty_note.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def confirm(self, info: BackupInfo) -> bool:
        """Ask before replacing the library (a separate method so tests can answer it)."""
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            self.question(info),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def question(self, info: BackupInfo) -> str:
        """What ``confirm`` asks: which backup, what it holds, which proposals would go, and
        how the restore can be undone."""
        return (
            f"Replace every proposal in {self.library_path.name} with the backup taken "
            f"{describe_time(info)}?\n\n"
            + self._what_changes(info)
            + (
                "The damaged library is kept beside it, untouched, under a new name."
                if self.damaged
                else "The library as it is now is kept as a backup, so this can be undone by "
                "restoring that one."
            )
        )

    def _what_changes(self, info: BackupInfo) -> str:
        """What the backup holds, and which proposals now in the library it does not (they
        go with the restore), as paragraphs ending in a blank line; "" when unreadable."""
        backup = self.contents.get(info.path)
        if backup is None:
            backup = proposal_names(info.path)
        if backup is None:
            return ""
        said = f"The backup holds {format_count(len(backup), 'proposal')}"
        said += f": {_names(backup)}.\n\n" if backup else ".\n\n"
        now = [] if self.damaged else (proposal_names(self.library_path) or [])
        kept = {name_key(name).casefold() for name in backup}
        lost = [name for name in now if name_key(name).casefold() not in kept]
        if lost:
            said += f"Not in the backup, so gone after the restore: {_names(lost)}.\n\n"
        return said

    def restore_selected(self) -> bool:
        info = self.selected_backup()
        if info is None or not self.confirm(info):
            return False
        try:
            self.restored_result = restore_backup(info.path, self.library_path)
        except (LibraryError, OSError) as error:
            QMessageBox.warning(self, "The backup was not restored", str(error))
            self.refresh()
            return False
        # Done: closing says so, where staying open with the "before restoring" backup chosen
        # invited a second Restore that undid the first.
        self.restored_from = info
        self.restored.emit(self.library_path)
        self.accept()
        return True


def restored_message(
    info: BackupInfo, *, proposal_gone: bool, result: Restored | None = None
) -> str:
    """What the status bar says after a restore: which backup, what came in and what it
    replaced (every proposal), how to undo it, and, when the proposal that was open is not in
    the backup, why Home is shown instead."""
    message = f"Restored the backup taken {describe_time(info)}"
    if result is None:
        message += "."
    elif result.replaced is not None:
        now = format_count(result.proposals, "proposal")
        message += f": the library holds its {now} in place of the {result.replaced} it held."
    else:
        message += f": the library holds its {format_count(result.proposals, 'proposal')}."
    if result is not None and result.moved_aside is not None:
        message += (
            f" The damaged library was kept, untouched, as {file_text(result.moved_aside.name)}."
        )
    if proposal_gone:
        message += " The proposal that was open is not in it."
    if result is not None and result.kept_as is None:
        return message  # nothing was replaced that a backup keeps: there is nothing to undo to
    return message + " To undo, restore the one “Before restoring another backup”."


def _names(names: list[str]) -> str:
    """ "“A”, “B” and 3 more": the first few names quoted, the rest counted."""
    shown = [quoted(name, 60, middle=True) for name in names[:NAMES_SHOWN]]
    if len(names) > NAMES_SHOWN + 1:
        return ", ".join(shown) + f" and {len(names) - NAMES_SHOWN:,} more"
    shown = [quoted(name, 60, middle=True) for name in names]
    return in_a_list(shown)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
