"""Start the app (or a bare PySide6 window) and report when its main window is first on screen.

Run in a fresh process by ``bench/coldstart.py``; not part of the application. It changes nothing
in the app: before the app is imported, ``QApplication`` is replaced by a subclass that watches
every event for the first ``Show`` of a ``QMainWindow``. The first turn of the event loop after
that show (a zero-delay timer) is when the window frame can paint. The app opens its library and
the proposal on the turns that follow, so the script waits a few more idle turns (zero-delay
timers run only once the queue is empty) before it takes the "proposal shown" time. It then
prints one JSON line — both times, the window's title and which heavy libraries were loaded by
then — and ends the process at once, so shutting down is not counted.

    python bench/launch_timed.py app LIBRARY    # the real entry point, ``buyin --library LIBRARY``
    python bench/launch_timed.py bare           # a QMainWindow holding a label, nothing else
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

# Libraries that must stay off the start-up path (see the design notes): loaded lazily when an
# export or import first needs them.
HEAVY_MODULES = ("pandas", "numpy", "reportlab", "openpyxl", "jsonschema", "PySide6.QtCharts")

# Idle event-loop turns after the first show before the window counts as ready: the app opens
# the library on the first, and the proposal view may post work for the next ones.
IDLE_TURNS = 3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _install_show_watch() -> None:
    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject, QTimer

    original = QtWidgets.QApplication

    class _ShowWatch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
            if (
                not self.seen
                and event.type() == QEvent.Type.Show
                and isinstance(watched, QtWidgets.QMainWindow)
                and watched.isWindow()
            ):
                self.seen = True
                window = watched
                QTimer.singleShot(0, lambda: _after_turns(window, time.time(), IDLE_TURNS))
            return False

    class _WatchedApplication(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._show_watch = _ShowWatch()
            self.installEventFilter(self._show_watch)

    QtWidgets.QApplication = _WatchedApplication  # type: ignore[misc]


def _after_turns(window: Any, frame_at: float, turns: int) -> None:
    from PySide6.QtCore import QTimer

    if turns > 0:
        QTimer.singleShot(0, lambda: _after_turns(window, frame_at, turns - 1))
    else:
        _report(window, frame_at)


def _report(window: Any, frame_at: float) -> None:
    shown_at = time.time()
    # Settings are written lazily; the next "later start" should find what a normal exit keeps
    # (the last library and proposal), so flush them before leaving abruptly.
    settings = getattr(window, "settings", None)
    if hasattr(settings, "sync"):
        settings.sync()
    line = {
        "frame_at": frame_at,
        "shown_at": shown_at,
        "title": window.windowTitle(),
        "window_class": type(window).__name__,
        "heavy_modules": [name for name in HEAVY_MODULES if name in sys.modules],
        "module_count": len(sys.modules),
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    # Ending here keeps shutdown (closing the library, tearing down Qt) out of the figure.
    os._exit(0)


def _bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare PySide6 window")
    window.setCentralWidget(QLabel("Hello"))
    window.show()
    return app.exec()


def _app(library: str) -> int:
    from desktop.cli import main

    return main(["--library", library])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "bare") or (argv[0] == "app" and len(argv) < 2):
        print(__doc__, file=sys.stderr)
        return 2
    _install_show_watch()
    code = _bare() if argv[0] == "bare" else _app(argv[1])
    # Reaching this line means no main window was ever shown.
    print(json.dumps({"error": f"no main window was shown (exit code {code})"}))
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
