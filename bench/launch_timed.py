"""Start the app (or a bare PySide6 window) and report when its main window shows the proposal.

Run in a fresh process by ``bench/coldstart.py``; not part of the application. It changes nothing
in the app: before the app is imported, ``QApplication`` is replaced by a subclass that looks, at
every turn of the event loop (a zero-delay timer), for the first shown ``QMainWindow``. Three
moments are taken, each at the first turn of the event loop after it, when what changed can paint:

- *frame*: the window is shown (its frame, whatever it holds yet): the turn that finds it;
- *proposal shown*: the window says the proposal's figures are on screen (its ``proposal_shown``
  signal) and the CFO summary's total cost is a figure, not a placeholder;
- *editable*: the window says the proposal can be edited (``proposal_editable``).

For the bare window, a label and nothing else, all three are its first frame. When the app does
not reach a moment within ``TIMEOUT_SECONDS`` the script prints an error instead of a time. It
then prints one JSON line — the times, the window's title, the summary's total cost, which heavy
libraries were loaded by the time the proposal was shown — and ends the process at once, so
shutting down is not counted.

With ``BUYIN_BENCH_ACCOUNT=1`` in the environment the line also holds an ``account`` of the time
until the proposal was shown (see ``_Account``): a diagnostic run, not one of the timed ones.

    python bench/launch_timed.py app LIBRARY    # the real entry point, ``buyin --library LIBRARY``
    python bench/launch_timed.py bare           # a QMainWindow holding a label, nothing else
    python bench/launch_timed.py floor LIBRARY  # the least window that looks like the app
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
HEAVY_MODULES = (
    "pandas", "numpy", "reportlab", "openpyxl", "jsonschema", "fastjsonschema", "PySide6.QtCharts",
)  # fmt: skip

# Longer than any honest start: reaching it means the window never showed the proposal.
TIMEOUT_SECONDS = 60
ACCOUNT_ENV = "BUYIN_BENCH_ACCOUNT"
# What the summary shows before it has figures (waiting, or none).
PLACEHOLDERS = ("", "…", "—")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Account:
    """Two start-up costs that no module's own code shows, counted until the proposal is shown:

    - the Python enum types the Qt bindings build, every enum of a Qt class (and all of the
      ``Qt`` namespace's at once) the first time the class is used; they are made through
      ``enum``'s functional API, which nothing else on the start-up path uses;
    - the classes ``@dataclass`` turns out, each compiling its generated methods.

    In the app's runs the ``Qt`` namespace is used right after Qt is loaded, so its share of
    the enum types shows apart (``load_qt_namespace``). All of it is counted from the moment Qt
    is loaded (``PySide6.QtWidgets`` imported, the launcher's first step, the same for the app
    and the bare window), which is reported too, with the number of modules imported since."""

    def __init__(self) -> None:
        self.enum_types = 0
        self.enum_seconds = 0.0
        self.dataclasses = 0
        self.dataclass_seconds = 0.0
        self.qt_loaded_at = 0.0
        # The ``Qt`` namespace's enum types, built all at once on its first use (the app's
        # runs only: the bare window never uses it), and what that took.
        self.namespace_types = 0
        self.namespace_seconds = 0.0
        self._at_qt = (0, 0.0, 0, 0.0, 0)  # the counts and times when Qt was loaded

    def install(self) -> None:
        import dataclasses
        import enum

        create = enum.EnumType.__dict__["_create_"]
        process = dataclasses._process_class  # type: ignore[attr-defined]

        def timed_create(cls: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return create(cls, *args, **kwargs)
            finally:
                self.enum_types += 1
                self.enum_seconds += time.perf_counter() - started

        def timed_process(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return process(*args, **kwargs)
            finally:
                self.dataclasses += 1
                self.dataclass_seconds += time.perf_counter() - started

        enum.EnumType._create_ = timed_create  # type: ignore[attr-defined]
        dataclasses._process_class = timed_process  # type: ignore[attr-defined]

    def _counts(self) -> tuple[int, float, int, float, int]:
        return (
            self.enum_types,
            self.enum_seconds,
            self.dataclasses,
            self.dataclass_seconds,
            len(sys.modules),
        )

    def qt_loaded(self) -> None:
        self.qt_loaded_at = time.time()
        self._at_qt = self._counts()

    def load_qt_namespace(self) -> None:
        """Use the ``Qt`` namespace now, just after Qt is loaded, so its cost shows apart; the
        app would use it a moment later (its first module that aligns a label or sets a
        cursor), within the same span to the proposal shown."""
        before = self.enum_types
        started = time.perf_counter()
        from PySide6.QtCore import Qt

        Qt.AlignmentFlag.AlignLeft  # noqa: B018 - the first use builds the namespace's enums
        self.namespace_seconds = time.perf_counter() - started
        self.namespace_types = self.enum_types - before

    def report(self) -> dict[str, float]:
        """What was spent since Qt was loaded (and when that was)."""
        since = [now - then for now, then in zip(self._counts(), self._at_qt, strict=True)]
        enum_types, enum_seconds, dataclasses, dataclass_seconds, modules = since
        return {
            "qt_loaded_at": self.qt_loaded_at,
            "enum_types": enum_types,
            "enum_seconds": enum_seconds,
            "dataclasses": dataclasses,
            "dataclass_seconds": dataclass_seconds,
            "modules": modules,
            "namespace_types": self.namespace_types,
            "namespace_seconds": self.namespace_seconds,
        }


_ACCOUNT: _Account | None = None


def _install_show_watch() -> None:
    from PySide6 import QtWidgets

    original = QtWidgets.QApplication

    class _WatchedApplication(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._show_watch = _ShowWatch()

    QtWidgets.QApplication = _WatchedApplication  # type: ignore[misc]


class _ShowWatch:
    """Finds the first shown main window, looking at every turn of the event loop.

    A zero-delay timer, not an event filter on the application: such a filter runs Python for
    every event of every widget, which charged a window with many widgets tens of milliseconds
    that no user pays. Both the app and the bare window show their window before the event loop
    starts, so the first look finds it; that first turn is its frame."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.moments: _Moments | None = None  # kept: its timers live as long as it does
        self._timer = QTimer()
        self._timer.timeout.connect(self._look)
        self._timer.start(0)

    def _look(self) -> None:
        from PySide6.QtWidgets import QApplication, QMainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMainWindow) and widget.isVisible():
                self._timer.stop()
                self.moments = _Moments(widget)
                return


class _Moments:
    """Takes the frame, proposal-shown and editable times of one window, then reports."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QTimer

        self.window = window
        self.times: dict[str, float] = {}
        self.heavy: list[str] = []
        self.modules = 0
        self.tco = ""
        self.account: dict[str, float] | None = None
        self.shown_cpu = 0.0
        self._reached("frame_at")  # found at a turn of the event loop, after the show
        if not hasattr(window, "view"):  # the bare window, the floor: their labels are all
            self._reached("shown_at")
            self._reached("editable_at")
        elif not hasattr(window, "proposal_shown"):
            # A version of the app without the signals (to compare before and after): look at
            # the screen itself every few milliseconds.
            self._poll = QTimer()
            self._poll.timeout.connect(self._look)
            self._poll.start(2)
        else:
            # Connected at the turn that found the window; a window that got there before it
            # says so in its attributes (checked just below), so no moment is missed.
            window.proposal_shown.connect(lambda *_: self._after_turn("shown_at"))
            window.proposal_editable.connect(lambda *_: self._after_turn("editable_at"))
            if getattr(window, "shown_proposal", None) is not None:
                self._after_turn("shown_at")
            if getattr(window, "editable_proposal", None) is not None:
                self._after_turn("editable_at")
        self._timeout = QTimer()
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._give_up)
        self._timeout.start(TIMEOUT_SECONDS * 1000)

    def _look(self) -> None:
        if _summary_total(self.window) not in PLACEHOLDERS:
            self._poll.stop()
            self._after_turn("shown_at")
            if getattr(self.window, "context", None) is not None:
                self._after_turn("editable_at")

    def _after_turn(self, moment: str) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self._reached(moment))

    def _reached(self, moment: str) -> None:
        if moment in self.times:
            return
        self.times[moment] = time.time()
        if moment == "shown_at":
            # This process's CPU time since it started, all threads: the part of the wait that
            # other work on a busy machine hardly changes.
            self.shown_cpu = time.process_time()
            self.tco = _summary_total(self.window)
            self.heavy = [name for name in HEAVY_MODULES if name in sys.modules]
            self.modules = len(sys.modules)
            self.account = _ACCOUNT.report() if _ACCOUNT is not None else None
            if hasattr(self.window, "view") and self.tco in PLACEHOLDERS:
                _finish(self.window, {"error": f"proposal shown without figures ({self.tco!r})"})
        if len(self.times) == 3:
            _finish(
                self.window,
                {
                    **self.times,
                    "title": self.window.windowTitle(),
                    "tco": self.tco,
                    "window_class": type(self.window).__name__,
                    "heavy_modules": self.heavy,
                    "module_count": self.modules,
                    "shown_cpu": self.shown_cpu,
                    **({"account": self.account} if self.account is not None else {}),
                },
            )

    def _give_up(self) -> None:
        missing = ", ".join(
            name for name in ("frame_at", "shown_at", "editable_at") if name not in self.times
        )
        title = self.window.windowTitle()
        _finish(self.window, {"error": f"no {missing} within {TIMEOUT_SECONDS} s ({title!r})"})


def _summary_total(window: Any) -> str:
    """The CFO summary's total cost as the window shows it ("" when there is no summary)."""
    view = getattr(window, "view", None)
    summary = getattr(view, "summary", None)
    return str(summary.value_text("tco")) if summary is not None else ""


def _finish(window: Any, line: dict[str, Any]) -> None:
    # Settings are written lazily; the next "later start" should find what a normal exit keeps
    # (the last library and proposal), so flush them before leaving abruptly.
    settings: Any = getattr(window, "settings", None)
    if settings is not None:
        settings.sync()
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    # Ending here keeps shutdown (closing the library, tearing down Qt) out of the figure.
    os._exit(0 if "error" not in line else 1)


def _bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare PySide6 window")
    window.setCentralWidget(QLabel("Hello"))
    window.show()
    return app.exec()


def _floor(library: str) -> int:
    """A reference, not the app: the least a window that looks like Buy-In does before it
    shows a proposal. A ``QMainWindow`` with menus of as many actions and shortcuts as the
    app's, a list of the nine steps, and the proposal's name and basics read from the library
    with the standard library's ``sqlite3``, shown in labels; nothing computed, no ``Qt``
    namespace, no dataclass."""
    import sqlite3

    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QApplication,
        QFormLayout,
        QHBoxLayout,
        QLabel,
        QListWidget,
        QMainWindow,
        QWidget,
    )

    app = QApplication(sys.argv)
    connection = sqlite3.connect(f"{Path(library).resolve().as_uri()}?mode=ro", uri=True)
    name, district, students, horizon, rate, currency = connection.execute(
        "SELECT name, district, students, horizon_years, discount_rate, currency FROM proposal "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    items = connection.execute("SELECT count(*) FROM item").fetchone()[0]
    connection.close()
    window = QMainWindow()
    window.setWindowTitle(f"{name} — Buy-In")
    keys = iter(
        [QKeySequence.StandardKey.New, QKeySequence.StandardKey.Open, QKeySequence("Ctrl+Q"),
         QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Find,
         QKeySequence("Ctrl+Shift+H")]
    )  # fmt: skip
    for title, count in (("&File", 8), ("&Edit", 3), ("&View", 1), ("&Go", 2), ("&Help", 2)):
        menu = window.menuBar().addMenu(title)
        for number in range(count):
            action = QAction(f"Action {number + 1}", window)
            key = next(keys, None)
            if key is not None:
                action.setShortcut(key)
            menu.addAction(action)
    central = QWidget()
    layout = QHBoxLayout(central)
    steps = QListWidget()
    steps.addItems(
        ["Basics", "Strategic plans", "Items", "Risks", "Metrics", "Links", "Funding", "Review",
         "Export"]
    )  # fmt: skip
    layout.addWidget(steps)
    form = QFormLayout()
    for label, value in (
        ("Proposal", name), ("District", district), ("Students", students),
        ("Years", horizon), ("Discount rate", rate), ("Currency", currency), ("Items", items),
    ):  # fmt: skip
        form.addRow(label, QLabel(str(value)))
    layout.addLayout(form, 1)
    window.setCentralWidget(central)
    window.show()
    return app.exec()


def _app(library: str) -> int:
    from desktop.cli import main

    return main(["--library", library])


def main(argv: list[str]) -> int:
    modes = ("app", "bare", "floor")
    if not argv or argv[0] not in modes or (argv[0] != "bare" and len(argv) < 2):
        print(__doc__, file=sys.stderr)
        return 2
    global _ACCOUNT
    if os.environ.get(ACCOUNT_ENV) == "1":
        _ACCOUNT = _Account()
        _ACCOUNT.install()
    _install_show_watch()
    if _ACCOUNT is not None:
        _ACCOUNT.qt_loaded()
        if argv[0] == "app":
            _ACCOUNT.load_qt_namespace()
    if argv[0] == "bare":
        code = _bare()
    else:
        code = _floor(argv[1]) if argv[0] == "floor" else _app(argv[1])
    # Reaching this line means no main window was ever shown.
    print(json.dumps({"error": f"no main window was shown (exit code {code})"}))
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
