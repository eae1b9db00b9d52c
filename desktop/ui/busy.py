"""Waiting for a short piece of work done off the GUI thread, the window drawn meanwhile.

Some commands (Duplicate on Home) must finish before the next step can be taken (the copy is
then opened), yet can take long enough at 10,000 items that running them on the GUI thread froze
the window with no word. ``wait_for`` runs the work on a worker and waits in a local event loop:
the window goes on drawing itself and the cursor says it is busy, a window-modal "Copying …"
box with a busy bar comes up once the work has taken ``SHOW_AFTER_MS`` (a quick copy flashes
nothing), and the window takes no clicks or keys until the work is done (a second click on
Duplicate made a second copy; a request to close the window is refused until it ends). What the
work returns is returned; what it raises is raised again, on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui.workers import BackgroundJob

T = TypeVar("T")

# How long work may take before its box comes up: a wait under it reads as instant.
SHOW_AFTER_MS = 300

# What a director does to a window: kept from it while it waits.
_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.ContextMenu,
        QEvent.Type.Close,
    }
)


# How many ``wait_for`` are waiting: nested event loops that must not be entered by work the
# window starts on its own (a proposal file handed over by the system opened a proposal in the
# middle of a delete, inside the undo stack's push).
_waiting = 0


def waiting() -> bool:
    """Whether some work is being waited for: what the window does unasked waits until then."""
    return _waiting > 0


class _HoldInput(QObject):
    """Keeps clicks and keys from every window while work runs, and a close from ``window``
    (put off: the work ends first)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in _INPUT or not isinstance(watched, QWidget):
            return False
        if kind == QEvent.Type.Close and watched is not self.window:
            return False  # a tooltip's or a menu's own
        event.ignore()  # a close asked for is refused, not taken as done
        return True


def wait_for(
    work: Callable[[], T],
    parent: QWidget,
    message: str,
    *,
    pool: QThreadPool | None = None,
    show_after_ms: int = SHOW_AFTER_MS,
) -> T:
    """Run ``work`` on a worker and return what it returns (or raise what it raises), the
    window drawn meanwhile and ``message`` ("Copying “Riverside 2027”…") shown once the work
    has taken ``show_after_ms``."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    job = BackgroundJob(lambda _report: work(), parent, pool=pool)

    def done(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    job.finished.connect(lambda value: done("value", value))
    job.failed.connect(lambda error: done("error", error))

    box = QProgressDialog(message, "", 0, 0, parent)
    box.setObjectName("busy")
    box.setWindowTitle("Please wait")
    box.setCancelButton(None)  # one transaction: nothing to stop halfway
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAutoClose(False)
    box.setAutoReset(False)
    box.setAccessibleName(message)
    shown = QTimer(box)
    shown.setSingleShot(True)
    shown.timeout.connect(box.show)

    global _waiting
    hold = _HoldInput(parent.window())
    application = QCoreApplication.instance()
    assert application is not None
    application.installEventFilter(hold)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    _waiting += 1
    try:
        job.start()
        shown.start(show_after_ms)
        if not outcome:
            loop.exec()
    finally:
        _waiting -= 1
        shown.stop()
        QGuiApplication.restoreOverrideCursor()
        application.removeEventFilter(hold)
        box.hide()
        box.reset()  # its own timer, too, stopped
        box.deleteLater()
        job.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
