"""The main window: header (proposal title, save state, Export), menus, and either the home
screen or the guided editor for one proposal.

The window is shown before the library is opened, so start-up feels instant; ``open_library_path``
then opens (or refuses) the file. A refused file is never modified: the message names the problem
and offers to open another file, create a new one, or quit (or, with a library open, keep it).

At a later start the window can go further before the database layer loads: ``show_preview``
shows the last proposal read straight from the file (see ``desktop.services.peek``) with its real
figures, and ``attach_library`` turns that preview into the editor once the library is open.
``proposal_shown`` and ``proposal_editable`` say when each moment is reached. The home list and
the daily backup wait until the proposal's figures are on screen: neither is needed to see them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui import menus, start_up
from desktop.ui.context import ProposalContext
from desktop.ui.layouts import show_status, widen_message
from desktop.ui.menus import EXPORT_MENU  # noqa: F401 - where it has always been importable
from desktop.ui.proposal_import import PROPOSAL_FILTER, import_proposal, imported_message
from desktop.ui.proposal_view import ProposalView
from desktop.wording import quoted

if TYPE_CHECKING:
    from PySide6.QtGui import QAction  # these Qt types are only named in annotations
    from PySide6.QtWidgets import QMenu, QPushButton, QToolButton

    # The database layer loads after the window is up (start-up time).
    from desktop.services.library import Library
    from desktop.services.peek import PeekedProposal
    from desktop.ui.dialogs.compare import CompareDialog
    from desktop.ui.hand_off import FileListener
    from desktop.ui.home import HomeScreen

LIBRARY_FILTER = "Buy-In library (*.buyinlib);;All files (*)"


def library_settings_key(name: str, library_path: Path | None) -> str:
    """A settings key of one library file's own (its last proposal, whether the sample was
    offered)."""
    try:
        # The interpreter's own SHA-1: hashlib would first load OpenSSL, several milliseconds
        # of a later start before its first frame. The same digest either way.
        from _sha1 import sha1
    except ImportError:  # an interpreter built without it
        from hashlib import sha1

    # A stable key per library file (Python's hash() changes between runs).
    digest = sha1(str(library_path).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"library/{name}/{digest[:16]}"


MINIMUM_WIDTH, MINIMUM_HEIGHT = 1024, 560

# Said when the window is too narrow for the summary beside the steps (see ProposalView).
SUMMARY_PUT_AWAY = "The CFO summary is hidden until the window is wide enough for it."
# Said when Edit ▸ Find is asked for where there is no list to filter.
NOTHING_TO_FIND = (
    "Nothing to find on this step: Find filters the lists of Home and of the steps that have one."
)
# The refused values the leave question names one by one; the rest are counted.
LEAVE_NAMED = 4


class MainWindow(QMainWindow):
    # The open proposal's figures (or why there are none) are first on screen; its id.
    proposal_shown = Signal(int)
    # The open proposal can be edited (its editors are built on the open library); its id.
    proposal_editable = Signal(int)

    # The header's widgets and the menus' actions, made by menus.build_header and build_menus.
    title_label: QLabel
    save_label: QLabel
    home_button: QPushButton
    export_button: QToolButton
    export_menu: QMenu
    new_blank_action: QAction
    new_template_action: QAction
    home_action: QAction
    compare_action: QAction
    undo_action: QAction
    redo_action: QAction
    back_action: QAction
    next_action: QAction
    summary_action: QAction

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.library: Library | None = None
        self._library_lock: QLockFile | None = None  # held while the library is open here
        self.context: ProposalContext | None = None
        self.view: ProposalView | None = None
        # The proposal previewed from the library file while the library opens, if any.
        self.preview: PeekedProposal | None = None
        self.shown_proposal: int | None = None  # the last proposal_shown, for late listeners
        self.editable_proposal: int | None = None  # likewise for proposal_editable
        self._awaiting_figures: int | None = None
        # Files the system asked the app to open before its library was ready.
        self._waiting_files: list[Path] = []
        self._said_after_opening = ""  # what a restore before opening did, said once open
        # Today's backup, once the opened proposal's figures are up (see start_up).
        self._daily_backup = start_up.DailyBackup(self)
        # Takes the proposal files another copy of the app is asked to open (see hand_off).
        self._file_listener: FileListener | None = None
        self._daily_backup.finished.connect(self._on_backup_finished)
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle(APP_NAME)
        # The smallest window every step is laid out for (checked by the layout tests); below
        # it the Funding lists and the Items buttons had no room. A screen smaller than that
        # (1366×768 at 150% is 911×512 for Qt) gets a window that fits it, cramped, rather than
        # one whose Next button and summary lie off the screen.
        screen = self.screen().availableGeometry().size()
        self.setMinimumSize(
            min(MINIMUM_WIDTH, screen.width()), min(MINIMUM_HEIGHT, screen.height())
        )

        header = menus.build_header(self)

        # The home screen is built when first needed: a later start goes straight into the
        # last proposal, and building the list (and its table's Qt classes) would delay that.
        self._home: HomeScreen | None = None
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        menus.build_menus(self)
        self._show_header()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(min(1400, screen.width()), min(900, screen.height()))

    # --- home, backups, about ---------------------------------------------------------------

    @property
    def home(self) -> HomeScreen:
        """The list of the library's proposals (built on first use)."""
        if self._home is None:
            from desktop.ui.home import HomeScreen

            home = HomeScreen()
            home.open_requested.connect(self.open_proposal)
            home.status_message.connect(lambda text: show_status(self, text, 5000))
            home.set_library(self.library, refresh=False)
            self.stack.insertWidget(0, home)
            self._home = home
        return self._home

    def _restore_from_menu(self) -> None:
        from desktop.ui.dialogs.restore_backup import RestoreBackupDialog

        if not self.may_leave_proposal():
            return
        self.restore_a_backup(RestoreBackupDialog)

    def restore_a_backup(self, dialog_class: Any) -> None:
        """Close the library, let the dialog replace it with a backup, then open it again, so
        the home list and the open proposal show the restored content (or what was there when
        nothing was restored)."""
        if self.library is None or self.library.path is None:
            return
        path = self.library.path
        reopen = self.context.proposal_id if self.context is not None else None
        step = self.view.current_step if self.view is not None else 0
        chosen = self.home.selected_id()  # Open, Rename and Delete act on it: kept, not moved
        self.close_proposal()
        self._wait_for_readers()  # the home list's figures and today's backup read the file
        self._release_library()
        self.home.set_library(None)
        self._show_header()
        dialog = dialog_class(path, self)
        dialog.exec()
        if self.open_library_path(path) and reopen is not None and self.context is None:
            self._reopen(reopen)
        context, view = self.context, self.view
        if context is not None and view is not None and context.proposal_id == reopen:
            view.show_step(step)  # back at the step the director was on, restored or not
        if self.library is not None and self.home.stale:
            self.home.refresh()  # nothing from before the restore may stay listed
        if self.context is None and chosen is not None:
            self.home.select_id(chosen)
        restored = getattr(dialog, "restored_from", None)
        if restored is not None and self.library is not None:
            from desktop.ui.dialogs.restore_backup import restored_message

            gone = reopen is not None and (
                self.context is None or self.context.proposal_id != reopen
            )
            message = restored_message(
                restored, proposal_gone=gone, result=getattr(dialog, "restored_result", None)
            )
            if self.library.upgraded:
                # A backup from an earlier version came back upgraded: said after, not lost.
                from desktop.services.library import upgrade_notice

                message += f" {upgrade_notice(self.library)}"
            show_status(self, message, 30_000)

    def show_about(self) -> None:
        menus.show_about(self)

    def show_summary(self, shown: bool) -> None:
        """View ▸ CFO summary: show or put away the summary beside the steps (remembered)."""
        self.settings.setValue(menus.SUMMARY_SETTING, shown)
        if self.view is not None:
            self.view.set_summary_wanted(shown)

    def adopt_view(self, *, resume: bool = False) -> None:
        """The new proposal view shows the summary as View ▸ CFO summary says, room allowing,
        and its step is remembered for the next start; with ``resume``, it opens on the step
        remembered (a later start reopened the last proposal on Basics, whatever step the
        director had left it on)."""
        view = self.view
        if view is None:
            return
        view.summary_put_away.connect(self._summary_put_away)
        view.set_summary_wanted(self.summary_action.isChecked())
        if resume:
            from desktop.services.wizard import STEP_KEYS

            left_on = str(self.settings.value(self._library_key("last_step"), ""))
            if left_on in STEP_KEYS:
                view.show_step(STEP_KEYS.index(left_on))
        view.step_changed.connect(self._remember_step)

    def _remember_step(self, number: int) -> None:
        from desktop.services.wizard import STEP_KEYS

        self.settings.setValue(self._library_key("last_step"), STEP_KEYS[number])

    def _summary_put_away(self, put_away: bool) -> None:
        # The menu says so for as long as it lasts: a tick beside a summary not on screen, once
        # the status line had cleared, read as a fault.
        self.summary_action.setText(
            menus.SUMMARY_ACTION + (" (hidden: window too narrow)" if put_away else "")
        )
        if put_away:
            show_status(self, SUMMARY_PUT_AWAY, 10_000)
        elif self.statusBar().currentMessage() == SUMMARY_PUT_AWAY:
            self.statusBar().clearMessage()  # back already (a window still being laid out)

    # --- library -----------------------------------------------------------------------------

    def open_library_path(self, path: Path) -> bool:
        """Open a library; on refusal explain why and offer another file (or, for one that
        cannot be written, a copy of it that can). Returns success. A refusal declined leaves
        the library already open as it was, or, when none is open, quits."""
        from desktop.services.library import LibraryError, open_library
        from desktop.ui.library_lock import claim_library

        while True:
            try:
                # The lock first: opening may upgrade the file, which another window holding
                # it must not have happen under it.
                lock = claim_library(Path(path).expanduser())
                try:
                    # Today's backup is taken once the proposal's figures are up
                    # (_after_figures).
                    library = open_library(path, daily_backup=False)
                except LibraryError:
                    if lock is not None:
                        lock.unlock()
                    raise
            except LibraryError as error:
                chosen = self._after_refusal(path, error)
                if chosen is None:
                    if self.library is None:
                        self.close()
                    return False
                path = chosen
                continue
            break
        self._set_library(library, lock)
        said = [self._said_after_opening] if self._said_after_opening else []
        self._said_after_opening = ""
        if library.upgraded:
            from desktop.services.library import upgrade_notice

            said.append(upgrade_notice(library))
        if said:
            show_status(self, " ".join(said), 30_000)
        return True

    def _after_refusal(self, path: Path, error: Exception) -> Path | None:
        """Say why ``path`` cannot be opened and ask what to open instead: another library, a
        new one, or a copy of a read-only one saved where the director can write. None: give up
        (keep the library open, or quit when there is none)."""
        from desktop.services.library import LibraryError, LibraryReadOnlyError, copy_library
        from desktop.ui.library_lock import LibraryInUseError, take_over_library

        if isinstance(error, LibraryInUseError) and error.elsewhere:
            answer = self.ask_about_lock_elsewhere(str(error))
            if answer == "take over":
                try:
                    take_over_library(Path(path).expanduser())
                except OSError as failed:  # a folder this user cannot change
                    QMessageBox.warning(
                        self,
                        "The lock was not removed",
                        f"The other computer's lock on {path.name} could not be removed "
                        f"({failed.strerror or failed}). Close the library there, or ask "
                        "whoever manages the folder.",
                    )
                return path  # tried again, with the lock this window's
            if answer != "open":
                return None
        elif isinstance(error, LibraryReadOnlyError) and path.is_file():
            # Without the advice ("copy it somewhere..."): the offer below is the answer to it.
            answer = self.ask_about_read_only(error.reason)
            if answer == "copy":
                suggested = self._copy_folder() / f"{path.stem} (copy){path.suffix or '.buyinlib'}"
                target, _ = QFileDialog.getSaveFileName(
                    self, "Save a copy of the library", str(suggested), LIBRARY_FILTER
                )
                if not target:
                    return path  # asked again: the refusal stands
                try:
                    copy_library(path, Path(target))
                except LibraryError as refused:
                    QMessageBox.warning(self, "The copy was not saved", str(refused))
                    return path
                return Path(target)
            if answer != "open":
                return None
        else:
            # A damaged library with backups: the refusal's advice ("Restore it from a
            # backup, File ▸ Restore a backup") named a menu this window cannot offer without a
            # library open, so the restore is offered here.
            from desktop.services.backups import list_backups

            restorable = bool(getattr(error, "damaged", False)) and bool(list_backups(path))
            # Offered, the restore is the button: the advice's menu, which needs a library
            # open, is left out of the question.
            reason = getattr(error, "finding", "") if restorable else ""
            answer = self.ask_after_refusal(reason or str(error), restorable=restorable)
            if answer == "restore":
                self._restore_damaged(path)
                return path  # opened again: restored, or the refusal asked again
            if answer == "new":
                return self._ask_for_new_library(path.parent)
            if answer != "open":
                return None
        return self._ask_for_library(path.parent)

    def ask_about_lock_elsewhere(self, reason: str) -> str:
        """What to do about a library another computer's lock holds: "take over" (open it
        here anyway), "open" (another library) or "give up"."""
        return self._choose(
            QMessageBox.Icon.Warning,
            "This library is open on another computer",
            reason,
            "Open it anyway, open another library file",
            [("Open &Anyway", QMessageBox.ButtonRole.DestructiveRole, "take over"),
             ("Open Another…", QMessageBox.ButtonRole.AcceptRole, "open")],
            default="open",
            declined="give up",
        )  # fmt: skip

    def ask_after_refusal(self, reason: str, *, restorable: bool = False) -> str:
        """What to do about a library that cannot be opened: "restore" (one of its backups,
        offered when ``restorable``), "open" (another library), "new" (create one) or "give up"
        (keep the library open, or quit when none is)."""
        choices = [("Open Another…", QMessageBox.ButtonRole.AcceptRole, "open"),
                   ("New Library…", QMessageBox.ButtonRole.ActionRole, "new")]  # fmt: skip
        offers = "Open another library file, create a new one"
        if restorable:
            choices.insert(0, ("Restore a Backup…", QMessageBox.ButtonRole.AcceptRole, "restore"))
            offers = "Restore one of its backups, open another library file, create a new one"
        return self._choose(
            QMessageBox.Icon.Critical,
            "This library cannot be opened",
            reason,
            offers,
            choices,
            default="restore" if restorable else "open",
            declined="give up",
        )

    def _restore_damaged(self, path: Path) -> None:
        """The restore dialog for a library that cannot be opened; what it did is said once the
        library opens."""
        from desktop.services.backups import current_library_fate
        from desktop.ui.dialogs.restore_backup import RestoreBackupDialog, restored_message

        # A file too damaged to read is kept aside; one that reads but failed its upgrade is
        # backed up first, like any library: the dialog says what the restore will do.
        fate, _refusal = current_library_fate(path)
        dialog = RestoreBackupDialog(path, self, damaged=fate == "aside")
        dialog.exec()
        if dialog.restored_from is not None:
            self._said_after_opening = restored_message(
                dialog.restored_from, proposal_gone=False, result=dialog.restored_result
            )

    def _choose(
        self,
        icon: QMessageBox.Icon,
        title: str,
        reason: str,
        offers: str,
        choices: list[tuple[str | QMessageBox.StandardButton, QMessageBox.ButtonRole, str]],
        *,
        default: str,
        declined: str,
    ) -> str:
        """Ask what to do about a library refused for ``reason``, with ``choices`` (a button's
        text or standard button, its role, its answer), which ``offers`` says in words, and the
        give-up button (``_give_up``), whose answer is ``declined``."""
        give_up, last = self._give_up()
        text = f"{reason}\n\nThe file was not changed. {offers}, or {last}."
        box = QMessageBox(icon, title, text, parent=self)
        answers = {}
        for label, role, answer in choices:
            if isinstance(label, str):
                added = box.addButton(label, role)
            else:
                added = box.addButton(label)
            answers[added] = answer
            if answer == default:
                box.setDefaultButton(added)
        box.addButton(give_up)
        box.exec()
        return answers.get(box.clickedButton(), declined)

    def _ask_for_library(self, folder: Path | str) -> Path | None:
        """A library file that exists, chosen by the director (None: none chosen)."""
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a library", str(folder), LIBRARY_FILTER)
        return Path(chosen) if chosen else None

    def _ask_for_new_library(self, folder: Path | str) -> Path | None:
        """Where to create a new library (None: nowhere chosen). An existing file is never
        replaced: choosing one is refused with a message and the question asked again."""
        suggested = Path(folder) / "Proposals.buyinlib"
        while True:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Create a library", str(suggested), LIBRARY_FILTER,
                options=QFileDialog.Option.DontConfirmOverwrite,
            )  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(".buyinlib")
            if not path.exists():
                return path
            QMessageBox.warning(
                self,
                "That file already exists",
                f"{quoted(path.name, 120)} already exists, and a new library never replaces a "
                "file. Choose another name, or open that file with Open library file in the File "
                "menu.",
            )
            suggested = path

    def ask_about_read_only(self, reason: str) -> str:
        """What to do about a library that cannot be written: "copy" (save a copy that can be
        edited), "open" (choose another library) or "close" (keep the library open, or quit when
        none is)."""
        return self._choose(
            QMessageBox.Icon.Warning,
            "This library is read-only",
            reason,
            "Save a copy you can edit and open it, choose another library file",
            [("Save a Copy and Open It…", QMessageBox.ButtonRole.AcceptRole, "copy"),
             (QMessageBox.StandardButton.Open, QMessageBox.ButtonRole.AcceptRole, "open")],
            default="copy",
            declined="close",
        )  # fmt: skip

    def _give_up(self) -> tuple[QMessageBox.StandardButton, str]:
        """Declining a refusal, as a button and in words: back to the library open (Cancel), or
        quit (Close) when none is."""
        if self.library is not None:
            return QMessageBox.StandardButton.Cancel, "keep working in this one"
        return QMessageBox.StandardButton.Close, "quit"

    @staticmethod
    def _copy_folder() -> Path:
        """Where a copy of a read-only library is offered: the user's documents."""
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def _set_library(self, library: Library, lock: QLockFile | None) -> None:
        from desktop.services.proposals import ensure_sample_if_empty

        self.close_proposal()
        self._wait_for_readers()
        if lock is None and self.library is not None and library.path == self.library.path:
            # The open library opened again: its lock (this window's) goes on holding it.
            lock, self._library_lock = self._library_lock, None
        self._release_library()
        self._adopt_library(library, lock)
        # The sample greets a library's first start only: a director who later deletes every
        # proposal meant to, and gets the home screen's empty state instead.
        added = None
        offered = self._library_key("sample_offered")
        if not self.settings.value(offered, False, type=bool):
            added = ensure_sample_if_empty(library)
            self.settings.setValue(offered, True)
        self._show_header()
        last = self.settings.value(self._last_key())
        if added is not None:
            self.open_proposal(added)
        elif last is not None and str(last).isdigit():
            self._reopen(int(str(last)))
        if self.context is None:
            self.home.refresh()
            self._home_undo()
            self.home.focus_first()  # the list (or the empty state), not its first button
            self._after_figures()
        self._open_waiting_files_soon()

    def _release_library(self) -> None:
        """Close the open library and give up its lock (see ``library_lock``)."""
        self._stop_listening()
        if self.library is not None:
            self.library.close()
            self.library = None
        if self._library_lock is not None:
            self._library_lock.unlock()
            self._library_lock = None

    def _adopt_library(self, library: Library, lock: QLockFile | None) -> None:
        """Make ``library`` (and its lock) the window's own: remembered as the last one, listed
        by the home screen (whose figures are worked out when it is first shown: listing them is
        wasted work when the app goes straight into a proposal), its daily backup due."""
        self.library = library
        self._library_lock = lock
        self._daily_backup.due = True
        if library.path is not None:
            self.settings.setValue("library/last", str(library.path))
        if self._home is not None:
            self._home.set_library(library, refresh=False)

    def _new_context(self, proposal_id: int) -> ProposalContext:
        """The editing context of ``proposal_id`` in the open library, with an undo stack of its
        own made the active one."""
        assert self.library is not None
        stack = QUndoStack(self)
        self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)
        return ProposalContext(self.library, proposal_id, stack, self)

    # --- a later start: the last proposal before the library is open ---------------------------

    def show_preview(self, peeked: PeekedProposal) -> bool:
        """Show ``peeked`` (read from its library file moments ago) with the engine's figures,
        while the library itself is still to be opened. False, showing nothing, when a library
        is open already or the figures cannot be worked out (the normal path will say why)."""
        return start_up.show_preview(self, peeked)

    def attach_library(self, library: Library) -> bool:
        """Take ``library`` (opened off the GUI thread for the previewed proposal) and make the
        preview editable. False, closing ``library``, when the preview is gone meanwhile (the
        director opened another library, or the window is closing)."""
        return start_up.attach_library(self, library)

    def abandon_preview(self) -> None:
        """Drop the preview (its library could not be opened the quick way): the normal path
        takes over and explains any refusal."""
        start_up.abandon_preview(self)

    def _follow(self, context: ProposalContext) -> None:
        context.save_state_changed.connect(self._show_save_state)
        context.data_changed.connect(lambda entity: self._on_data_changed(entity))
        context.result_changed.connect(lambda *_: self._figures_shown(context.proposal_id))
        context.recalculation_failed.connect(lambda *_: self._figures_shown(context.proposal_id))

    def _figures_shown(self, proposal_id: int) -> None:
        if self._awaiting_figures != proposal_id:
            return
        self._awaiting_figures = None
        self.shown_proposal = proposal_id
        self.proposal_shown.emit(proposal_id)
        self._after_figures()

    def _announce_editable(self, proposal_id: int) -> None:
        self.editable_proposal = proposal_id
        self.proposal_editable.emit(proposal_id)

    def _after_figures(self) -> None:
        """Today's backup, once nothing the director waits for is left to do at opening; and
        from then on, proposal files handed over by another copy of the app."""
        self._listen_for_files()
        if not self._daily_backup.due or self.library is None or self._awaiting_figures is not None:
            return
        self._daily_backup.start(self.library)

    def _listen_for_files(self) -> None:
        library = self.library
        if library is None or library.path is None or self._library_lock is None:
            return  # no lock, no other copy kept out: nothing will be handed over
        if self._file_listener is not None and self._file_listener.library == library.path:
            return
        self._stop_listening()
        try:
            from desktop.ui.hand_off import FileListener

            listener = FileListener(library.path, self)
        except ImportError:  # Qt without its network module: files are not handed over
            return
        if listener.listening:
            listener.file_handed.connect(self.take_handed_file)
            self._file_listener = listener
        else:
            listener.deleteLater()

    def _stop_listening(self) -> None:
        if self._file_listener is not None:
            self._file_listener.close()
            self._file_listener.deleteLater()
            self._file_listener = None

    def take_handed_file(self, path: Path) -> None:
        """A proposal file double-clicked while this window had the library (or, on macOS,
        opened through the system): imported here, the window brought to the front."""
        from PySide6.QtWidgets import QApplication

        from desktop.ui.busy import waiting

        if QApplication.activeModalWidget() is not None or waiting():
            # A question of this window's is open, or a copy or a delete is under way: the
            # file waits until it is answered or done.
            QTimer.singleShot(500, self, lambda: self.take_handed_file(path))
            return
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if not self.may_leave_proposal():
            show_status(
                self,
                f"{quoted(path.name)} was not imported: put right the value not saved, then "
                "open the file again.",
                15_000,
            )
            return
        self.open_file_when_ready(path)

    def _on_backup_finished(self, problem: str) -> None:
        if problem:
            show_status(self, problem, 15_000)

    def _reopen(self, proposal_id: int) -> None:
        from desktop.services.proposals import proposal_count

        if self.library is None or proposal_count(self.library) == 0:
            return
        try:
            from desktop.services.proposals import proposal_name

            proposal_name(self.library, proposal_id)
        except LookupError:
            return
        self.open_proposal(proposal_id, resume=True)

    def _last_key(self) -> str:
        return self._library_key("last_proposal")

    def _library_key(self, name: str) -> str:
        """A settings key of the open library's own (or, while a later start previews its last
        proposal, of the library being opened)."""
        if self.library is not None:
            return library_settings_key(name, self.library.path)
        previewed = self.preview.library_path if self.preview is not None else None
        return library_settings_key(name, previewed)

    def choose_library(self) -> None:
        """File ▸ Open library file…: open a library that exists."""
        if not self.may_leave_proposal():
            return
        chosen = self._ask_for_library(self._library_folder())
        if chosen is not None:
            self.open_library_path(chosen)

    def create_library(self) -> None:
        """File ▸ New library file…: start an empty library (the sample greets it)."""
        if not self.may_leave_proposal():
            return
        chosen = self._ask_for_new_library(self._library_folder())
        if chosen is not None:
            self.open_library_path(chosen)

    def _library_folder(self) -> str:
        return str(self.library.path.parent) if self.library and self.library.path else ""

    # --- proposal files ----------------------------------------------------------------------

    def choose_proposal_file(self) -> None:
        if not self.may_leave_proposal():
            return
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a proposal file", "", PROPOSAL_FILTER)
        if chosen:
            self.open_file_when_ready(Path(chosen))  # a start may still be under way

    def open_file_when_ready(self, path: Path) -> None:
        """Import a proposal file (chosen, or one the system asks the app to open) as soon as the
        library is open and nothing is being previewed: now, or when the start under way ends."""
        self._waiting_files.append(path)
        self._open_waiting_files_soon()

    def _open_waiting_files_soon(self) -> None:
        if self._waiting_files and self.library is not None and self.preview is None:
            QTimer.singleShot(0, self._open_waiting_files)

    def _open_waiting_files(self) -> None:
        if self.library is None or self.preview is not None:
            return
        from desktop.ui.busy import waiting

        if waiting():  # a copy or a delete under way: the files come once it is done
            QTimer.singleShot(500, self, self._open_waiting_files)
            return
        files, self._waiting_files = self._waiting_files, []
        for path in files:
            self.import_proposal_path(path)

    def import_proposal_path(self, path: Path) -> int | None:
        """Add a shared ``.buyin`` file or a proposal JSON file to the library and open it.

        A refused file gets a message naming the problem; nothing is added and the file is not
        changed. A name already in the library gets a new one, never an overwrite."""
        if self.library is None:
            return None
        imported = import_proposal(self, self.library, path)
        if imported is None:
            return None
        from desktop.services.proposals import proposal_name

        proposal_id, name_in_file = imported
        self.home.mark_stale()  # listed when the home screen is next shown
        self.open_proposal(proposal_id)
        message = imported_message(path, name_in_file, proposal_name(self.library, proposal_id))
        show_status(self, message, 15_000)
        return proposal_id

    # --- proposals ---------------------------------------------------------------------------

    def open_proposal(self, proposal_id: int, *, resume: bool = False) -> None:
        """Open ``proposal_id`` for editing, on Basics, or with ``resume`` on the step it was
        left on (the last proposal, reopened when the library opens)."""
        if self.library is None:
            return
        self.close_proposal()
        self.context = self._new_context(proposal_id)
        self.view = ProposalView(self.context)
        self.adopt_view(resume=resume)
        self._awaiting_figures = proposal_id
        self._follow(self.context)  # after the view: its summary shows the figures first
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.settings.setValue(self._last_key(), proposal_id)
        menus.show_save_state(self, "saved")
        self._show_header()
        self.context.recalculate_now()
        self.view.navigator.setFocus()
        self._announce_editable(proposal_id)

    def close_proposal(self) -> None:
        if self.context is not None:
            self.context.wait_for_idle()
            self.undo_group.removeStack(self.context.undo_stack)
            self.context.undo_stack.deleteLater()
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
        if self.context is not None:
            self.context.deleteLater()
        self.view, self.context, self.preview = None, None, None
        self._awaiting_figures = None

    def announce_undo(self, *, undone: bool) -> None:
        """Say in the status bar what Undo or Redo changed, and on which step when it is not
        the one shown: on Review, Ctrl+Z undid a goal's code on Strategic plans with nothing
        on screen changing."""
        from desktop.services.wizard import STEP_KEYS, STEPS
        from desktop.ui.commands import ServiceCommand

        stack = self.undo_group.activeStack()
        if stack is None:
            return
        context = self.context
        if context is not None and stack is context.undo_stack and context.last_command:
            # The command that just ran, as it said: a failed one has said why, and the stack
            # has dropped it (its index then points at another command).
            command, went_through = context.last_command
            context.last_command = None
            if not went_through:
                return
        else:
            command = stack.command(stack.index() if undone else stack.index() - 1)
        if command is None:
            return
        said = f"{'Undone' if undone else 'Redone'}: {command.text()}"
        step = command.step_key() if isinstance(command, ServiceCommand) else ""
        view = self.view if self.stack.currentWidget() is self.view else None
        if step and view is not None and STEP_KEYS[view.current_step] != step:
            said += f" (on the {STEPS[STEP_KEYS.index(step)].title} step)"
        show_status(self, said, 8000)

    def may_leave_proposal(self) -> bool:
        """Whether the open proposal may be closed: True, unless a value typed there was refused
        and is still on screen (``ProposalView.refused_on_screen``) and the director, asked, goes
        back to it (then shown on its step). Closing had dropped the refused text without a
        word."""
        if self.context is None or self.view is None:
            return True
        refused = self.view.refused_on_screen()
        if not refused:
            return True
        # Each refused value named (the first few): with five refused on Basics the question
        # named one, and leaving dropped the other four unseen.
        named = len(refused) if len(refused) <= LEAVE_NAMED + 1 else LEAVE_NAMED
        reasons = [f"\u2022 {why.rstrip('.')}" for _step, why in refused[:named]]
        if len(refused) > named:
            reasons.append(f"\u2022 and {len(refused) - named} more")
        reason = refused[0][1] if len(refused) == 1 else "\n".join(reasons)
        if self.ask_leave_unsaved(reason):
            return True
        self.view.show_step(refused[0][0])
        return False

    def ask_leave_unsaved(self, reason: str) -> bool:
        """Ask whether to leave although ``reason`` kept a typed value from being saved: True to
        leave without it, False (the default, and Escape) to go back to it."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Leave this proposal?")
        several = "\n" in reason  # one line for each value (``may_leave_proposal``)
        box.setText("Typed values were not saved." if several else "A value typed was not saved.")
        box.setInformativeText(
            f"{reason.rstrip('.')}{'' if several else '.'}\n\nWhat was typed is still on "
            f"screen: go back to correct {'them' if several else 'it'}, or leave without "
            f"{'them' if several else 'it'}."
        )
        widen_message(box, 60)
        back = box.addButton("&Go Back", QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(
            "&Leave Without Them" if several else "&Leave Without It",
            QMessageBox.ButtonRole.DestructiveRole,
        )
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is leave

    def compare_with_another(self) -> CompareDialog | None:
        """File ▸ Compare with another proposal…: the open proposal against another of the
        library, without leaving it. The open proposal's figures, when they are up to date,
        are not worked out again."""
        context, library = self.context, self.library
        if context is None or library is None:
            return None
        from desktop.services.proposals import list_proposals, proposal_name
        from desktop.ui.dialogs.compare import CompareDialog

        listed = [(p.id, p.name) for p in list_proposals(library, with_figures=False)]
        known = {}
        if context.result is not None and not context.busy:
            known[context.proposal_id] = (context.proposal_input, context.result)
        chosen = (context.proposal_id, proposal_name(library, context.proposal_id))
        dialog = CompareDialog.open_for(self, library, chosen, listed, known)
        if dialog is None:
            show_status(self, "There is no other proposal in this library to compare with.", 8000)
        return dialog

    def show_home(self) -> None:
        if not self.may_leave_proposal():
            return
        # The proposal just left is the one chosen in the list: F2, Delete and Duplicate had
        # acted on whichever row was chosen before it was opened.
        left = self.context.proposal_id if self.context is not None else None
        if left is not None:
            self.settings.remove(self._last_key())
            self.settings.remove(self._library_key("last_step"))
        self.close_proposal()
        if self.statusBar().currentMessage() == SUMMARY_PUT_AWAY:  # Home has no summary
            self.statusBar().clearMessage()
        self.stack.setCurrentWidget(self.home)
        self.home.refresh(select_id=left)
        self._show_header()
        self._home_undo()
        self.home.focus_first()

    def _home_undo(self) -> None:
        """Edit > Undo and Redo act on Home's deletes while Home is shown."""
        stack = self.home.undo_stack
        if stack not in self.undo_group.stacks():
            self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)

    def focus_filter(self) -> None:
        """Edit ▸ Find: into the "Filter…" box of what is shown (Home's list, or the step's
        table), its text selected to type over."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        from desktop.ui.row_table import RowTableEditor

        box: QLineEdit | None = None
        if self.stack.currentWidget() is self.home:
            box = self.home.filter_box
        elif self.view is not None:
            page = self.view.stack.currentWidget()
            if page is not None:
                editors = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
                # A step with a filter of its own and no table (Links: "Filter items…").
                own = getattr(page, "item_filter", None)
                box = editors[0].filter_box if editors else own
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()
        else:  # Ctrl+F did nothing at all on Basics, Review and Export
            show_status(self, NOTHING_TO_FIND, 6000)

    def show_export(self) -> None:
        if self.view is not None:
            self.view.show_step(self.view.navigator.count() - 1)

    def export_now(self, key: str) -> None:
        """Show the Export step with format ``key`` chosen and start saving it (the save
        dialog comes first), as the header's Export menu does."""
        if (
            self.view is None
            or not self.view.editable
            or self.stack.currentWidget() is not self.view
        ):
            return  # Ctrl+E on Home, or while the proposal opens, exports nothing
        self.show_export()
        page = self.view.page_for("export")
        select = getattr(page, "select", None)
        start = getattr(page, "start_export", None)
        if select is None or start is None:  # this version's Export step cannot export
            return
        select(key)
        start()

    def _on_data_changed(self, entity: str) -> None:
        if entity == "proposal":
            self._show_header()

    def _show_header(self) -> None:
        menus.show_header(self)

    def _wait_for_readers(self) -> None:
        """Let the threads that read the library (home figures, today's backup) finish."""
        if self._home is not None:
            self._home.wait_for_idle()
        self._daily_backup.wait_for_done()

    def _show_save_state(self, state: str, reason: str) -> None:
        menus.show_save_state(self, state, reason)

    # --- closing -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_proposal():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.close_proposal()
        self._wait_for_readers()
        self._release_library()
        self.settings.sync()
        event.accept()
