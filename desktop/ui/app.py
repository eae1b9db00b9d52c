"""Starting the app: the QApplication, the settings file, the main window, then the library.

The window is shown first and the library is opened on the next turn of the event loop, so the
app appears at once even when a large library is being checked or migrated. Nothing heavy (the
finance engine, pandas, reportlab, openpyxl) is imported here; each is loaded when first needed.
Settings live in an INI file inside the user-data folder, so a ``BUYIN_DATA_DIR`` override (tests,
a portable install) keeps them beside the library and away from the real ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, __version__
from desktop.paths import default_library_path, resource, user_data_dir
from desktop.ui.main_window import MainWindow

ORGANIZATION = "Buy-In"
SETTINGS_FILE = "settings.ini"


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


def start_window(library_path: Path | None) -> MainWindow:
    """Show the main window, then open the library as soon as the event loop runs."""
    window = MainWindow(app_settings())
    window.show()
    path = library_path or default_library_path()
    QTimer.singleShot(0, lambda: window.open_library_path(Path(path)))
    return window


def run_gui(library_path: Path | None) -> int:
    app = make_application()
    window = start_window(library_path)
    code = app.exec()
    del window
    return int(code)
