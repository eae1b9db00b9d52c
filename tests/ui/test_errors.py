"""An error nobody foresaw is told to the director in plain words and its details are kept in a
log; edits made before it stay saved, and the app keeps running."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.errors import LOG_FILE, MAX_LOG_BYTES, ErrorReporter
from tests.ui.conftest import run_app_polling

ROOT = Path(__file__).resolve().parents[2]


def _raised(error: Exception) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise error
    except Exception as caught:  # noqa: BLE001 - the point is to hold it
        return type(caught), caught, caught.__traceback__


def test_an_unexpected_error_is_told_and_logged(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, t, text: shown.append((t, text)))
    log = tmp_path / "logs" / LOG_FILE
    reporter = ErrorReporter(log)
    reporter(*_raised(ValueError("the funding table has no rows")))  # type: ignore[arg-type]
    assert shown == []  # never inside the failing code: on a later turn of the event loop
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)

    [(title, text)] = shown
    assert title == "Buy-In ran into a problem"
    assert "ValueError: the funding table has no rows" in text
    assert "Every change you made before this is saved" in text
    assert str(log) in text
    written = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "ValueError: the funding table has no rows" in written
    assert "Buy-In" in written.splitlines()[0]


def _fail_in_paint() -> None:
    raise RuntimeError("cannot paint the chart")


def test_an_error_that_repeats_is_told_once_and_logged_briefly_after_the_first_time(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    reporter = ErrorReporter(tmp_path / LOG_FILE)
    for _ in range(3):  # as a failing paint would, at every repaint
        try:
            _fail_in_paint()
        except RuntimeError as error:
            reporter(RuntimeError, error, error.__traceback__)
    reporter(*_raised(KeyError("items")))  # type: ignore[arg-type]  # another error: told too
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5_000)
    qtbot.wait(100)
    assert len(shown) == 2
    assert "RuntimeError: cannot paint the chart" in shown[0] and "KeyError" in shown[1]
    logged = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert logged.count("Traceback (most recent call last)") == 2  # in full once per error
    assert "again (3 times)" in logged


def _fail_while_exporting() -> None:
    raise OSError("the folder went away")


def test_an_error_raised_while_a_message_is_up_is_told_after_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reporter = ErrorReporter(tmp_path / LOG_FILE)
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str) -> None:
        shown.append(text)
        if len(shown) == 1:  # while the first message is up, another error happens
            try:
                _fail_while_exporting()
            except OSError as error:
                reporter(OSError, error, error.__traceback__)
            qtbot.wait(50)  # the message's own event loop keeps turning meanwhile

    monkeypatch.setattr(QMessageBox, "critical", critical)
    reporter(*_raised(RuntimeError("first")))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5_000)
    assert "RuntimeError: first" in shown[0]
    assert "OSError: the folder went away" in shown[1]


def test_an_error_on_a_worker_thread_is_told_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown_on: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "critical",
        lambda *_args: shown_on.append(threading.current_thread().name),
    )
    reporter = ErrorReporter(tmp_path / LOG_FILE)
    worker = threading.Thread(
        target=lambda: reporter(*_raised(OSError("backup folder vanished"))),  # type: ignore[arg-type]
        name="worker",
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown_on), timeout=5_000)
    assert shown_on == [threading.main_thread().name]
    assert "backup folder vanished" in (tmp_path / LOG_FILE).read_text(encoding="utf-8")


def test_an_unwritable_log_still_tells_the_director(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    reporter = ErrorReporter(blocker / LOG_FILE)
    reporter(*_raised(KeyError("items")))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert "KeyError: 'items'" in shown[0]
    assert "could not be written to a log file" in shown[0]


def test_the_log_keeps_its_newest_part_when_it_grows_large(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "critical", lambda *_args: None)
    log = tmp_path / LOG_FILE
    log.write_text("an old line: café ✓\n" * (MAX_LOG_BYTES // 20 + 10), encoding="utf-8")
    reporter = ErrorReporter(log)
    reporter(*_raised(OSError("disk")))  # type: ignore[arg-type]
    assert log.stat().st_size < MAX_LOG_BYTES
    text = log.read_text(encoding="utf-8")  # still whole characters, from a line's start
    assert text.startswith("an old line: café ✓\n")
    assert text.rstrip().endswith("OSError: disk")


# The app as ``buyin`` runs it; once the sample is on screen, one of its slots fails. The message
# box is replaced by one that prints what it would say, so the run needs no one to click.
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from desktop.ui.app import make_application, run_gui

library = Path(sys.argv[1])
app = make_application()
seen = {}

def critical(_parent, title, text):
    seen["title"], seen["text"] = title, text
    QTimer.singleShot(0, app.closeAllWindows)

QMessageBox.critical = critical

def fail():
    raise ZeroDivisionError("a slot that divides by zero")

def look():
    windows = [w for w in app.topLevelWidgets() if hasattr(w, "proposal_editable")]
    if windows and windows[0].editable_proposal is not None:
        poll.stop()
        QTimer.singleShot(0, fail)

"""


def test_an_error_in_the_running_app_reaches_the_director(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seen = run_app_polling(CHILD, str(data_dir / "library.buyinlib"), BUYIN_DATA_DIR=str(data_dir))
    assert seen["title"] == "Buy-In ran into a problem"
    assert "ZeroDivisionError: a slot that divides by zero" in seen["text"]
    logged = (data_dir / LOG_FILE).read_text(encoding="utf-8")
    assert "ZeroDivisionError: a slot that divides by zero" in logged


def test_the_database_text_behind_a_plain_words_failure_is_kept_in_the_log(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The director is told "the disk it is on reported an error"; SQLite's own words, which
    whoever helps afterwards needs, went nowhere."""
    import logging
    import sqlite3
    import sys

    from desktop.services.library import LibraryError, open_library
    from desktop.ui.errors import install_error_reporter

    path = tmp_path / "library.buyin"
    open_library(path).close()

    def failing(connection: sqlite3.Connection) -> str | None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode, error.sqlite_errorname = 13, "SQLITE_FULL"
        raise error

    monkeypatch.setattr("desktop.services.library.library_revision", failing)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    notes = logging.getLogger("desktop")
    monkeypatch.setattr(notes, "handlers", list(notes.handlers))
    monkeypatch.setattr(notes, "level", notes.level)
    install_error_reporter(tmp_path / "data")
    install_error_reporter(tmp_path / "data")  # a second install notes each failure once
    with pytest.raises(LibraryError) as refused:
        open_library(path)
    assert "database or disk is full" not in str(refused.value)
    written = (tmp_path / "data" / LOG_FILE).read_text(encoding="utf-8")
    assert written.count("database or disk is full") == 1
    assert str(refused.value) in written
