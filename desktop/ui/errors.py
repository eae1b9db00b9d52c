"""What the app does with an error nobody foresaw: say so, keep the details, carry on.

Qt calls the app's code from its event loop and its worker threads; an exception escaping a slot,
an event handler or a worker would otherwise only be printed to a console that a windowed app on
Windows or macOS does not have, leaving the director looking at a window that silently stopped
doing what was asked. The reporter installed by ``run_gui`` appends the details to ``errors.log``
in the user-data folder and tells the director in plain words. Every edit is committed to the
library as it is made, so nothing typed before the error is lost; the message says so.

The hook itself only logs, on whatever thread the error happened, and asks the GUI thread to
show the message on a later turn of its event loop: a dialog opened inside a failing paint or
worker would make things worse. The same error (its kind and where it was raised) is told once a
session, and one message at a time, so an error that repeats at every repaint leaves the window
usable; every occurrence is still logged.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal

from desktop import APP_NAME, __version__

LOG_FILE = "errors.log"
# The log is trimmed to its newest part once it grows past this size.
MAX_LOG_BYTES = 512 * 1024


class _Relay(QObject):
    """Lives on the GUI thread; its queued signal carries a message there from any thread."""

    tell = Signal(str, bool)  # what went wrong, whether the details were logged


class ErrorReporter:
    """``sys.excepthook`` for the GUI: the details go to ``log_path``, a message to the screen.
    Create it on the GUI thread."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._lock = threading.Lock()
        self._told: set[tuple[str, str]] = set()  # (kind, where raised) already told
        self._showing = False
        self._relay = _Relay()
        self._relay.tell.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        try:
            import traceback  # not on the start-up path: loaded when first needed

            details = "".join(traceback.format_exception(kind, error, trace))
            frames = traceback.extract_tb(trace) if trace is not None else []
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        except Exception:  # noqa: BLE001 - an error while describing one: say what we can
            details, where = f"{kind.__name__} (its details could not be formatted)\n", ""
        try:
            if sys.__stderr__ is not None:
                sys.__stderr__.write(details)
        except Exception:  # noqa: BLE001, S110 - no console (a windowed app): the log remains
            pass
        logged = self._log(details)
        with self._lock:
            first_time = (kind.__name__, where) not in self._told
            self._told.add((kind.__name__, where))
        if first_time:
            self._relay.tell.emit(_describe(kind, error), logged)

    def _log(self, details: str) -> bool:
        from datetime import UTC, datetime

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        with self._lock:
            try:
                self.log_path.parent.mkdir(parents=True, exist_ok=True)
                if self.log_path.exists() and self.log_path.stat().st_size > MAX_LOG_BYTES:
                    newest = self.log_path.read_bytes()[-MAX_LOG_BYTES // 2 :]
                    # From a line's start, so no character is cut in two.
                    self.log_path.write_bytes(newest[newest.find(b"\n") + 1 :])
                with self.log_path.open("a", encoding="utf-8", errors="replace") as log:
                    log.write(f"--- {stamp}, {APP_NAME} {__version__}\n{details}\n")
            except OSError:
                return False
        return True

    def _show(self, what: str, logged: bool) -> None:
        """On the GUI thread, at a turn of its event loop: the message (one at a time)."""
        if self._showing:
            return
        from PySide6.QtWidgets import QApplication, QMessageBox

        where = (
            f"The details were added to {self.log_path}."
            if logged
            else "The details could not be written to a log file."
        )
        self._showing = True
        try:
            QMessageBox.critical(
                QApplication.activeWindow(),
                f"{APP_NAME} ran into a problem",
                f"{APP_NAME} ran into a problem it did not expect and could not finish what it "
                "was doing.\n\nEvery change you made before this is saved in the library. If "
                f"something on screen looks wrong, close {APP_NAME} and start it again.\n\n"
                f"What went wrong: {what}\n{where}",
            )
        finally:
            self._showing = False


def _describe(kind: type[BaseException], error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - an exception whose text itself fails
        text = ""
    return f"{kind.__name__}: {text}" if text else kind.__name__


def install_error_reporter(data_dir: Path) -> ErrorReporter:
    """Report unexpected errors from now on (log in ``data_dir``); returns the reporter. Call
    on the GUI thread, once the application object exists."""
    reporter = ErrorReporter(data_dir / LOG_FILE)
    sys.excepthook = reporter
    return reporter
