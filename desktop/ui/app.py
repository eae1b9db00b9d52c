"""Starting the app: the QApplication, the settings file, the main window, then the library.

The window is shown first and the library is opened on the next turn of the event loop, so the
app appears at once even when a large library is being checked or migrated. Nothing heavy (the
finance engine, pandas, reportlab, openpyxl) is imported here; each is loaded when first needed.
Settings live in an INI file inside the user-data folder, so a ``BUYIN_DATA_DIR`` override (tests,
a portable install) keeps them beside the library and away from the real ones.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, __version__
from desktop.paths import default_library_path, resource, user_data_dir
from desktop.ui.main_window import MainWindow

ORGANIZATION = "Buy-In"
SETTINGS_FILE = "settings.ini"
# Set to 1 to quit as soon as the window is up and the library is open: start-up benchmarks and
# the frozen bundle's smoke test time exactly that.
EXIT_AFTER_SHOW_ENV = "BUYIN_EXIT_AFTER_SHOW"


class _FileOpenForwarder(QObject):
    """macOS hands a double-clicked .buyin file to the app as an event, not as an argument."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            QTimer.singleShot(0, lambda: self.window.import_proposal_path(path))
            return True
        return False


def app_settings() -> QSettings:
    """The app's settings file (window geometry, the last proposal of each library)."""
    return QSettings(str(user_data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "buyin.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def start_window(library_path: Path | None, open_file: Path | None = None) -> MainWindow:
    """Show the main window, then open the library (and a proposal file given to the app, e.g.
    a double-clicked .buyin) as soon as the event loop runs."""
    window = MainWindow(app_settings())
    window.show()
    path = library_path or default_library_path()

    def open_everything() -> None:
        opened = window.open_library_path(Path(path))
        if opened and open_file is not None:
            window.import_proposal_path(open_file)
        if os.environ.get(EXIT_AFTER_SHOW_ENV) == "1":
            QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, open_everything)
    return window


def run_gui(library_path: Path | None, open_file: Path | None = None) -> int:
    # A desktop session makes many long-lived objects (Qt wrappers, loaded modules) and, on
    # every recalculation, many short-lived ones; collecting less often and leaving start-up's
    # objects out of every collection cut a 10,000-item recalculation by about a quarter.
    gc.set_threshold(50_000, 20, 20)
    app = make_application()
    window = start_window(library_path, open_file)
    forwarder = _FileOpenForwarder(window)
    app.installEventFilter(forwarder)
    gc.freeze()
    code = app.exec()
    app.removeEventFilter(forwarder)
    del window
    return int(code)
