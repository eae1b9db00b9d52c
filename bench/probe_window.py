"""Open one proposal in the real main window, headless, and time it; run in a process of its own.

``python bench/probe_window.py LIBRARY PROPOSAL_ID`` (offscreen Qt) builds the app's main window,
opens the library, then opens the proposal exactly as a click on the home screen does
(``MainWindow.open_proposal``) and prints one JSON line with two times in seconds: until the
proposal's pages are built and the event queue is idle (``view_seconds``), and until the first
recalculated figures reach the window (``figures_seconds``, from the context's
``result_changed`` signal). A fresh process each time, so no run inherits another's caches.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIMEOUT_MS = 300_000


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="buyin-bench-window-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        if not window.open_library_path(Path(argv[0])):
            print(json.dumps({"error": "the library could not be opened"}))
            return 1
        app.processEvents()
        figures_at: list[float] = []
        loop = QEventLoop()

        started = time.perf_counter()
        window.open_proposal(int(argv[1]))
        context = window.context
        if context is None:
            print(json.dumps({"error": "no proposal was opened"}))
            return 1

        def figures_arrived(_result: object) -> None:
            if not figures_at:
                figures_at.append(time.perf_counter())
                loop.quit()

        context.result_changed.connect(figures_arrived)
        app.processEvents()
        view_done = time.perf_counter()
        if not figures_at:
            QTimer.singleShot(TIMEOUT_MS, loop.quit)
            loop.exec()
        report = {
            "view_seconds": view_done - started,
            "figures_seconds": (figures_at[0] - started) if figures_at else None,
            "title": window.windowTitle(),
        }
        window.close_proposal()
        print(json.dumps(report))
        sys.stdout.flush()
        # Tearing down a window with thousands of rows is not what is measured.
        os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
