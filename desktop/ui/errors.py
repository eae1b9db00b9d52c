"""What the app does with an error nobody foresaw: say so, keep the details, carry on.

Qt calls the app's code from its event loop and its worker threads; an exception escaping a slot,
an event handler or a worker would otherwise only be printed to a console that a windowed app on
Windows or macOS does not have, leaving the director looking at a window that silently stopped
doing what was asked. The reporter installed by ``run_gui`` appends the details to ``errors.log``
in the user-data folder and tells the director in plain words. Every edit is committed to the
library as it is made, so nothing typed before the error is lost; the message says so.

The hook itself only logs, on whatever thread the error happened, and asks the GUI thread to
show the message on a later turn of its event loop: a dialog opened inside a failing paint or
worker would make things worse. An error is known by its kind and the app's own line it came
through (the innermost frame of the app's code, so errors raised deep in a library by different
callers stay apart). Each is told once a session, one message at a time (one arriving while a
message is up is told after it), and its details are logged in full the first time and as one
line after that, so an error that repeats at every repaint neither buries the window in dialogs
nor the log in tracebacks.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from desktop import APP_NAME, __version__

LOG_FILE = "errors.log"
# The log is trimmed to its newest part once it grows past this size.
MAX_LOG_BYTES = 512 * 1024
# Where the app's own code lives, to tell which frame of a traceback is the app's.
_APP_FOLDER = str(Path(__file__).resolve().parent.parent)


class _Relay(QObject):
    """Lives on the GUI thread; its queued signal carries a message there from any thread."""

    tell = Signal(str, str, bool)  # the error's key, what went wrong, whether it was logged


class ErrorReporter:
    """``sys.excepthook`` for the GUI: the details go to ``log_path``, a message to the screen."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._lock = threading.RLock()  # re-entered if logging itself sets off another error
        self._seen: dict[str, int] = {}  # error key -> occurrences (guarded by the lock)
        self._told: set[str] = set()  # keys already told or waiting (GUI thread only)
        self._waiting: list[tuple[str, bool]] = []  # messages behind the one on screen
        self._showing = False
        self._relay = _Relay()
        app = QCoreApplication.instance()
        if app is not None and self._relay.thread() is not app.thread():
            self._relay.moveToThread(app.thread())
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
            own = [frame for frame in frames if _is_app_code(frame.filename)]
            frame = (own or frames)[-1] if frames else None
            where = f"{frame.filename}:{frame.lineno}" if frame is not None else ""
        except Exception:  # noqa: BLE001 - an error while describing one: say what we can
            details, where = f"{kind.__name__} (its details could not be formatted)\n", ""
        key = f"{kind.__name__} at {where}"
        try:
            if sys.__stderr__ is not None:
                sys.__stderr__.write(details)
        except Exception:  # noqa: BLE001, S110 - no console (a windowed app): the log remains
            pass
        with self._lock:
            count = self._seen.get(key, 0) + 1
            self._seen[key] = count
            logged = self._log(details if count == 1 else f"{key} again ({count} times)\n")
        if count == 1:
            self._relay.tell.emit(key, _describe(kind, error), logged)

    def _log(self, details: str) -> bool:
        from datetime import UTC, datetime

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
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

    def _show(self, key: str, what: str, logged: bool) -> None:
        """On the GUI thread, at a turn of its event loop: the message, one at a time."""
        from PySide6.QtWidgets import QApplication

        if key in self._told or not isinstance(QApplication.instance(), QApplication):
            return
        self._told.add(key)
        self._waiting.append((what, logged))
        if self._showing:
            return  # told once the message on screen is closed
        self._showing = True
        try:
            while self._waiting:
                self._message(*self._waiting.pop(0))
        finally:
            self._showing = False

    def _message(self, what: str, logged: bool) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        where = (
            f"The details were added to {self.log_path}."
            if logged
            else "The details could not be written to a log file."
        )
        QMessageBox.critical(
            QApplication.activeWindow(),
            f"{APP_NAME} ran into a problem",
            f"{APP_NAME} ran into a problem it did not expect and could not finish what it was "
            "doing.\n\nEvery change you made before this is saved in the library. If something on "
            f"screen looks wrong, close {APP_NAME} and start it again.\n\n"
            f"What went wrong: {what}\n{where}",
        )


def _is_app_code(filename: str) -> bool:
    """Whether a traceback's file is the app's own (from the source tree, or a frozen bundle's
    relative ``desktop/...`` names)."""
    return filename.startswith(_APP_FOLDER) or Path(filename).parts[:1] == ("desktop",)


def _describe(kind: type[BaseException], error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - an exception whose text itself fails
        text = ""
    return f"{kind.__name__}: {text}" if text else kind.__name__


class _DetailsHandler(logging.Handler):
    """Puts what the app's code notes about a failure it explained in plain words (the
    database's own text behind "could not be saved: the disk is full") in the same log, for
    whoever helps the director afterwards; the director saw the plain words already."""

    def __init__(self, reporter: ErrorReporter) -> None:
        super().__init__(logging.INFO)
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.reporter._log(f"{record.name}: {record.getMessage()}\n")
        except Exception:  # noqa: BLE001 - a note that cannot be written is not worth an error
            self.handleError(record)


def install_error_reporter(data_dir: Path) -> ErrorReporter:
    """Report unexpected errors from now on (log in ``data_dir``), and keep the app's own
    notes about the failures it explained in the same log; returns the reporter. Call on the
    GUI thread, once the application object exists."""
    reporter = ErrorReporter(data_dir / LOG_FILE)
    sys.excepthook = reporter
    notes = logging.getLogger("desktop")
    for handler in [h for h in notes.handlers if isinstance(h, _DetailsHandler)]:
        notes.removeHandler(handler)  # installed again (tests): one log line per note
    notes.addHandler(_DetailsHandler(reporter))
    notes.setLevel(logging.INFO)
    return reporter
