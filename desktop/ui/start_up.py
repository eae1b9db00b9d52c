"""A later start's hand-over from preview to editor, and the daily backup on a worker.

At a later start the window shows the last proposal read straight from its library file (see
``desktop.services.peek``) with the engine's figures, before the database layer loads
(``show_preview``); once the library is open, off the GUI thread, the same view is made editable
(``attach_library``). When the quick way fails the preview is dropped (``abandon_preview``) and
the normal path opens the library and explains any refusal.

Today's backup of the open library (``DailyBackup``) is taken on a worker once the proposal's
figures are on screen: the director is waiting for those, not for the backup.

The functions are the window's own (``MainWindow`` calls them from its methods of the same
names), kept here so the window's module stays readable; they use its private helpers. Nothing
here imports the database layer at module level: this module is on the start-up path, before
the preview's figures are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.ui.menus import show_save_state
from desktop.ui.proposal_view import Preview, ProposalView

if TYPE_CHECKING:
    from desktop.services.library import Library
    from desktop.services.peek import PeekedProposal
    from desktop.ui.main_window import MainWindow


class DailyBackup(QObject):
    """Today's backup of an open library, off the GUI thread (at most one a day, one at a
    time). ``finished`` carries why it could not be taken, or ""; it is emitted on the worker
    and so reaches a slot of a GUI-thread object queued, on the GUI thread."""

    finished = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.due = False  # a library was opened and its backup is still to be started
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def start(self, library: Library) -> None:
        self.due = False
        self._pool.start(_BackupTask(library, self))

    def wait_for_done(self) -> None:
        """Until no backup is being taken (the library may then be closed or replaced)."""
        self._pool.waitForDone()


class _BackupTask(QRunnable):
    def __init__(self, library: Library, backup: DailyBackup) -> None:
        super().__init__()
        self.library, self.backup = library, backup

    def run(self) -> None:
        from desktop.services.library import take_daily_backup_of

        take_daily_backup_of(self.library)
        self.backup.finished.emit(self.library.backup_problem or "")


def show_preview(window: MainWindow, peeked: PeekedProposal) -> bool:
    """Show ``peeked`` in ``window`` with the engine's figures while its library is still to
    be opened. False, showing nothing, when a library is open already or the figures cannot be
    worked out (the normal path will say why)."""
    if window.library is not None:
        return False
    from desktop.finance import ValidationError, compute

    issues: list[Any] = []
    try:
        result = compute(peeked.proposal_input)
    except ValidationError as invalid:
        result, issues = None, list(invalid.issues)
    except Exception:  # noqa: BLE001 - the normal path will show what is wrong
        return False
    window.close_proposal()
    window.preview = peeked
    window.view = ProposalView(None, preview=Preview(peeked.proposal_input, result, issues))
    window.adopt_view(resume=True)
    window.stack.addWidget(window.view)
    window.stack.setCurrentWidget(window.view)
    window.save_label.setText("Opening…")
    window.save_label.setToolTip("The proposal can be edited in a moment.")
    window._show_header()
    window.view.navigator.setFocus()
    # Announced once the event loop runs, i.e. once the window is on screen.
    window._awaiting_figures = peeked.proposal_id
    QTimer.singleShot(0, lambda: window._figures_shown(peeked.proposal_id))
    return True


def attach_library(window: MainWindow, library: Library) -> bool:
    """Give ``window`` the ``library`` opened for its previewed proposal and make the preview
    editable. False, closing ``library``, when the preview is gone meanwhile (another library
    was opened, or the window is closing)."""
    preview, view = window.preview, window.view
    if preview is None or view is None or view.editable or window.library is not None:
        library.close()
        return False
    from desktop.services.library import LibraryError
    from desktop.ui.library_lock import claim_library

    try:
        lock = claim_library(library.path)
    except LibraryError:
        library.close()  # the normal path says whose it is (see LaterStart._opened)
        return False
    window._adopt_library(library, lock)
    window.context = window._new_context(preview.proposal_id)
    window._follow(window.context)
    view.attach(window.context)
    window.preview = None
    show_save_state(window, "saved")
    window._show_header()
    # Figures from the open library replace the preview's (the same data, read again).
    window.context.recalculate_now()
    window._after_figures()
    window._announce_editable(preview.proposal_id)
    window._open_waiting_files_soon()
    return True


def abandon_preview(window: MainWindow) -> None:
    """Drop ``window``'s preview (its library could not be opened the quick way): the normal
    path takes over and explains any refusal."""
    if window.preview is not None:
        window.close_proposal()
        window.stack.setCurrentWidget(window.home)
        window._show_header()
