"""What the app does with an error nobody foresaw: say so, keep the details, carry on.

Qt calls the app's code from its event loop; an exception escaping a slot or an event handler
would otherwise only be printed to a console that a windowed app on Windows or macOS does not
have, leaving the director looking at a window that silently stopped doing what was asked. The
reporter installed by ``run_gui`` appends the details to ``errors.log`` in the user-data folder
and tells the director in plain words, once at a time. Every edit is committed to the library as
it is made, so nothing typed before the error is lost; the message says so.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from desktop import APP_NAME, __version__

LOG_FILE = "errors.log"
# The log is trimmed to its newest part once it grows past this size.
MAX_LOG_BYTES = 512 * 1024


class ErrorReporter:
    """``sys.excepthook`` for the GUI: the details go to ``log_path``, a message to the screen."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._showing = False  # a second error while the message is up is only logged

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        import traceback  # not on the start-up path: loaded when first needed

        details = "".join(traceback.format_exception(kind, error, trace))
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        logged = self._log(details)
        if not self._showing:
            self._showing = True
            try:
                self._tell(error, logged)
            finally:
                self._showing = False

    def _log(self, details: str) -> bool:
        from datetime import UTC, datetime

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            if self.log_path.exists() and self.log_path.stat().st_size > MAX_LOG_BYTES:
                kept = self.log_path.read_bytes()[-MAX_LOG_BYTES // 2 :]
                self.log_path.write_bytes(kept)
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp}, {APP_NAME} {__version__}\n{details}\n")
        except OSError:
            return False
        return True

    def _tell(self, error: BaseException, logged: bool) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        where = (
            f"The details were added to {self.log_path}."
            if logged
            else "The details could not be written to a log file."
        )
        QMessageBox.critical(
            QApplication.activeWindow(),
            f"{APP_NAME} ran into a problem",
            f"{APP_NAME} ran into a problem it did not expect and could not finish what it was "
            "doing.\n\nEvery change you made before this is saved in the library. If something "
            f"on screen looks wrong, close {APP_NAME} and start it again.\n\n"
            f"What went wrong: {what}\n{where}",
        )


def install_error_reporter(data_dir: Path) -> ErrorReporter:
    """Report unexpected errors from now on (log in ``data_dir``); returns the reporter."""
    reporter = ErrorReporter(data_dir / LOG_FILE)
    sys.excepthook = reporter
    return reporter
