"""Starting the app: the QApplication, the settings file, the main window, then the library.

The window is shown first and the library is opened on the next turn of the event loop, so the
app appears at once even when a large library is being checked or migrated. Nothing heavy (pandas,
reportlab, openpyxl, the database layer) is imported here; each is loaded when first needed.

A later start goes one step further. The proposal the director left open is read straight from
the library file with the standard library (``desktop.services.peek``) and computed by the
finance engine, so the window's first frame already shows its title, steps and CFO summary;
meanwhile a worker thread loads the database layer and opens the library, and the window then
makes that same view editable. Anything unusual about the file or the proposal means no preview:
the normal path runs and explains any problem.

A first start (no library yet, no proposal file given) copies the starter library, which holds
the sample ready-made (``desktop.services.starter``), into place and then goes the later-start
way on the sample; when the starter cannot be placed the library is created the normal way.

Settings live in an INI file inside the user-data folder, so a ``BUYIN_DATA_DIR`` override (tests,
a portable install) keeps them beside the library and away from the real ones.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRunnable, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, __version__
from desktop.paths import default_library_path, resource, user_data_dir
from desktop.ui.errors import install_error_reporter
from desktop.ui.main_window import MainWindow, library_settings_key
from desktop.ui.theme import readable_placeholders

if TYPE_CHECKING:
    from desktop.services.library import Library

ORGANIZATION = "Buy-In"
SETTINGS_FILE = "settings.ini"
# Set to 1 to quit as soon as the window is up and the library is open: start-up benchmarks and
# the frozen bundle's smoke test time exactly that.
EXIT_AFTER_SHOW_ENV = "BUYIN_EXIT_AFTER_SHOW"


class BuyInApplication(QApplication):
    """The app's ``QApplication``. macOS hands a double-clicked .buyin file to the application
    object as an event, not as an argument; ``file_open_requested`` passes it on.

    Overriding ``event`` sees only the events sent to the application object itself. An event
    filter on the application would run Python for every event of every widget for the whole
    session (and, on the first frame, make the bindings build the Python types of every event
    and widget class it met)."""

    file_open_requested = Signal(object)  # the Path of the file to open

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent):
            self.file_open_requested.emit(Path(event.file()))
            return True
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            readable_placeholders(self)  # a dark theme: its placeholders must read too
        return super().event(event)


class _FileOpener(QObject):
    """Imports the files the system asks the app to open into ``window``'s library (a child of
    the window, so the connection ends with it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def open(self, path: Path) -> None:
        self.window.take_handed_file(path)


def app_settings() -> QSettings:
    """The app's settings file (window geometry, the last proposal of each library)."""
    return QSettings(str(user_data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else BuyInApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "buyin.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    readable_placeholders(app)
    return app


class _OpenedRelay(QObject):
    opened = Signal(object)  # the open Library, or None: open it the normal way


class _LibraryOpener(QRunnable):
    """Loads the database layer and opens the library off the GUI thread, which meanwhile
    keeps the previewed proposal on screen and responsive."""

    def __init__(self, path: Path, relay: _OpenedRelay) -> None:
        super().__init__()
        self.path, self.relay = path, relay

    def run(self) -> None:
        library: Library | None = None
        try:
            # What the editor needs next, loaded while the GUI thread has nothing to do.
            import desktop.services.editing  # noqa: F401
            import desktop.services.proposals  # noqa: F401
            import desktop.services.snapshot  # noqa: F401
            from desktop.services.library import open_library

            library = open_library(self.path, create=False, daily_backup=False)
        except Exception:  # noqa: BLE001 - the normal path, on the GUI thread, explains it
            library = None
        self.relay.opened.emit(library)


class LaterStart(QObject):
    """A later start: the last proposal previewed from the file, then made editable."""

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.pool = QThreadPool(self)
        self.relay = _OpenedRelay(self)
        self.relay.opened.connect(self._opened)

    def preview(self) -> bool:
        """Show the last proposal from the file; False (nothing shown) when it cannot be."""
        settings = self.window.settings
        last = str(settings.value(library_settings_key("last_proposal", self.path)))
        offered = settings.value(library_settings_key("sample_offered", self.path), False, bool)
        if not offered or not last.isdigit():
            return False  # a library's first start adds the sample: the normal path
        from desktop.services.peek import peek_proposal

        peeked = peek_proposal(self.path, int(last))
        return peeked is not None and self.window.show_preview(peeked)

    def open_library(self) -> None:
        """Open the library once the preview's figures are on screen: loading the database
        layer beside the first paint would only slow both down."""
        if self.window.shown_proposal is not None:
            self.pool.start(_LibraryOpener(self.path, self.relay))
        else:
            self.window.proposal_shown.connect(self._start_opener)

    def _start_opener(self) -> None:
        self.window.proposal_shown.disconnect(self._start_opener)
        # One more turn, so the frame with the figures is painted before the loading begins.
        QTimer.singleShot(0, lambda: self.pool.start(_LibraryOpener(self.path, self.relay)))

    def wait(self) -> None:
        self.pool.waitForDone()

    def _opened(self, library: Library | None) -> None:
        attached = library is not None and self.window.attach_library(library)
        if not attached and self.window.preview is not None:
            self.window.abandon_preview()
            self.window.open_library_path(self.path)
        if os.environ.get(EXIT_AFTER_SHOW_ENV) == "1":
            QTimer.singleShot(0, self.window.close)


def start_window(library_path: Path | None, open_file: Path | None = None) -> MainWindow:
    """Show the main window, then open the library (and a proposal file given to the app, e.g.
    a double-clicked .buyin) as soon as the event loop runs."""
    window = MainWindow(app_settings())
    path = Path(library_path or default_library_path()).expanduser()
    if open_file is None and not path.exists():
        _place_starter(window, path)
    if open_file is None and path.is_file():
        later = LaterStart(window, path)
        if later.preview():
            window.show()
            later.open_library()
            return window
        later.deleteLater()
    window.stack.setCurrentWidget(window.home)  # the home screen, while the library opens
    window.show()

    def open_everything() -> None:
        opened = window.open_library_path(Path(path))
        if opened and open_file is not None:
            window.import_proposal_path(open_file)
        if os.environ.get(EXIT_AFTER_SHOW_ENV) == "1":
            QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, open_everything)
    return window


def _place_starter(window: MainWindow, path: Path) -> None:
    """A first start: put the starter library (the sample, ready-made) at ``path`` and have the
    window take it as a later start would, on the sample. When it cannot be placed the library
    is created the normal way."""
    from desktop.services.starter import place_starter_library

    sample_id = place_starter_library(path)
    if sample_id is not None:
        window.settings.setValue(library_settings_key("sample_offered", path), True)
        window.settings.setValue(library_settings_key("last_proposal", path), sample_id)


def collect_less_often() -> None:
    """The garbage collector's settings for a desktop session (``gc.freeze`` follows once the
    window is up). A session makes many long-lived objects (Qt wrappers, loaded modules) and, on
    every recalculation, many short-lived ones; collecting less often and leaving start-up's
    objects out of every collection cut a 10,000-item recalculation by about a quarter."""
    gc.set_threshold(50_000, 20, 20)


def run_gui(library_path: Path | None, open_file: Path | None = None) -> int:
    collect_less_often()
    app = make_application()
    install_error_reporter(user_data_dir())
    if open_file is not None:
        # A proposal file double-clicked while another copy has the library open: that
        # window imports it, and this copy has nothing more to do.
        from desktop.ui.hand_off import hand_to_running_window

        # The library asked for, else the default one and the one last opened (a window may
        # have moved to another library since it started).
        candidates = [Path(library_path)] if library_path else [Path(default_library_path())]
        last = app_settings().value("library/last") if library_path is None else None
        if last and Path(str(last)) not in candidates:
            candidates.append(Path(str(last)))
        if any(hand_to_running_window(library, open_file) for library in candidates):
            return 0
    window = start_window(library_path, open_file)
    if isinstance(app, BuyInApplication):
        app.file_open_requested.connect(_FileOpener(window).open)
    gc.freeze()
    code = app.exec()
    del window
    return int(code)
