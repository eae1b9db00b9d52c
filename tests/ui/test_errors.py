"""An error nobody foresaw is told to the director in plain words and its details are kept in a
log; edits made before it stay saved, and the app keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.errors import LOG_FILE, MAX_LOG_BYTES, ErrorReporter
from tests.ui.conftest import run_app_script

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
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text: shown.append((title, text))
    )
    log = tmp_path / "logs" / LOG_FILE
    reporter = ErrorReporter(log)
    reporter(*_raised(ValueError("the funding table has no rows")))  # type: ignore[arg-type]

    [(title, text)] = shown
    assert title == "Buy-In ran into a problem"
    assert "ValueError: the funding table has no rows" in text
    assert "Every change you made before this is saved" in text
    assert str(log) in text
    written = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "ValueError: the funding table has no rows" in written
    assert "Buy-In" in written.splitlines()[0]


def test_an_error_while_the_message_is_up_is_only_logged(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reporter = ErrorReporter(tmp_path / LOG_FILE)
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str) -> None:
        shown.append(text)
        reporter(*_raised(RuntimeError("second")))  # type: ignore[arg-type]

    monkeypatch.setattr(QMessageBox, "critical", critical)
    reporter(*_raised(RuntimeError("first")))  # type: ignore[arg-type]
    assert len(shown) == 1 and "first" in shown[0]
    logged = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert "RuntimeError: first" in logged and "RuntimeError: second" in logged


def test_an_unwritable_log_still_tells_the_director(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    ErrorReporter(blocker / LOG_FILE)(*_raised(KeyError("items")))  # type: ignore[arg-type]
    assert len(shown) == 1
    assert "KeyError: 'items'" in shown[0]
    assert "could not be written to a log file" in shown[0]


def test_the_log_keeps_its_newest_part_when_it_grows_large(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "critical", lambda *_args: None)
    log = tmp_path / LOG_FILE
    log.write_bytes(b"old line\n" * (MAX_LOG_BYTES // 9 + 10))
    ErrorReporter(log)(*_raised(OSError("disk")))  # type: ignore[arg-type]
    assert log.stat().st_size < MAX_LOG_BYTES
    assert log.read_text(encoding="utf-8").rstrip().endswith("OSError: disk")


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
        seen["still_running_before"] = True
        QTimer.singleShot(0, fail)

poll = QTimer()
poll.timeout.connect(look)
poll.start(20)
QTimer.singleShot(30_000, app.quit)
run_gui(library)
print(json.dumps(seen))
"""


def test_an_error_in_the_running_app_reaches_the_director(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seen = run_app_script(CHILD, str(data_dir / "library.buyinlib"), BUYIN_DATA_DIR=str(data_dir))
    assert seen["title"] == "Buy-In ran into a problem"
    assert "ZeroDivisionError: a slot that divides by zero" in seen["text"]
    logged = (data_dir / LOG_FILE).read_text(encoding="utf-8")
    assert "ZeroDivisionError: a slot that divides by zero" in logged
