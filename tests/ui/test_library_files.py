"""File ▸ Open library file… and New library file…: opening one that exists, creating one, and
what a refusal does while a library is open (it stays open; the app never quits)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.library import open_library
from desktop.services.proposals import list_proposals
from desktop.ui.app import app_settings
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import ROOT, WindowFactory, settle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "libraries"

SAMPLE_NAME = "Riverside USD — 1:1 Infrastructure 2027–2031"
SAMPLE = ROOT / "resources" / "sample" / "riverside_one_to_one.json"


def _answers(monkeypatch: pytest.MonkeyPatch, name: str, *answers: str) -> list[tuple]:
    """Make ``QFileDialog.<name>`` give ``answers`` in turn; returns the calls' arguments."""
    calls: list[tuple] = []
    queue = list(answers)

    def answer(*args: object, **kwargs: object) -> tuple[str, str]:
        calls.append(args)
        return (queue.pop(0) if queue else "", "")

    monkeypatch.setattr(QFileDialog, name, staticmethod(answer))
    return calls


def _no_save_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: pytest.fail("save dialog"))
    )


def test_open_library_file_asks_for_an_existing_file_and_opens_it(
    open_window: WindowFactory, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    other = tmp_path / "other" / "district.buyinlib"
    other.parent.mkdir()
    calls = _answers(monkeypatch, "getOpenFileName", str(other))
    _no_save_dialog(monkeypatch)  # a dialog to open a file, whose button says so
    open_library(other).close()  # a library that exists
    window.choose_library()
    assert calls and calls[0][1] == "Open a library"
    assert window.library is not None and window.library.path == other


def test_a_refused_library_keeps_the_open_one_and_the_app_running(
    open_window: WindowFactory, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    assert window.context is not None
    open_proposal = window.context.proposal_id
    junk = tmp_path / "notes.buyinlib"
    junk.write_bytes(b"not a library at all\n" * 50)
    _answers(monkeypatch, "getOpenFileName", str(junk))
    reasons: list[str] = []
    monkeypatch.setattr(
        MainWindow,
        "ask_after_refusal",
        lambda _w, reason, **_offers: reasons.append(reason) or "give up",
    )
    closed: list[bool] = []
    monkeypatch.setattr(window, "close", lambda: closed.append(True))
    window.choose_library()
    assert reasons and "notes.buyinlib" in reasons[0]
    assert not closed  # declining the refusal is not quitting
    assert window.library is not None and window.library.path == library_path
    assert window.context is not None and window.context.proposal_id == open_proposal
    assert junk.read_bytes() == b"not a library at all\n" * 50


def test_the_refusal_offers_to_keep_the_open_library_not_to_quit(
    open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    seen: list[tuple[str, list[str]]] = []

    def look(box: QMessageBox) -> int:
        seen.append((box.text(), [button.text() for button in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", look)
    assert window.ask_after_refusal("The file is not a Buy-In library.") == "give up"
    text, buttons = seen[0]
    assert text.startswith("The file is not a Buy-In library.")
    assert "keep working in this one" in text and "quit" not in text
    assert "Open Another…" in buttons and "New Library…" in buttons and "Cancel" in buttons
    assert "Close" not in buttons


def test_without_a_library_the_refusal_offers_to_quit(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.app import app_settings

    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    seen: list[tuple[str, list[str]]] = []

    def look(box: QMessageBox) -> int:
        seen.append((box.text(), [button.text() for button in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", look)
    window.ask_after_refusal("The file is damaged.")
    text, buttons = seen[0]
    assert text.endswith("or quit.") and "Close" in buttons


def test_new_library_file_creates_one_named_as_typed_with_the_sample(
    open_window: WindowFactory, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    calls = _answers(monkeypatch, "getSaveFileName", str(tmp_path / "Board 2027"))
    window.create_library()
    created = tmp_path / "Board 2027.buyinlib"
    assert calls and calls[0][1] == "Create a library"
    assert created.is_file()
    assert window.library is not None and window.library.path == created
    assert [p.name for p in list_proposals(window.library, with_figures=False)] == [SAMPLE_NAME]


def test_new_library_file_never_replaces_an_existing_file(
    open_window: WindowFactory, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    existing = tmp_path / "budget.buyinlib"
    existing.write_bytes(b"someone else's file")
    calls = _answers(monkeypatch, "getSaveFileName", str(existing))  # then: cancelled
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(str(args[2])))
    window.create_library()
    assert len(calls) == 2  # asked again after the refusal
    assert warned and "“budget.buyinlib” already exists" in warned[0]
    assert existing.read_bytes() == b"someone else's file"
    assert window.library is not None and window.library.path == library_path


def test_the_file_menu_offers_both(open_window: WindowFactory, library_path: Path) -> None:
    window = open_window(library_path)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "&Open library file…" in texts and "New &library file…" in texts


@contextmanager
def _held_in_another_process(library: Path, tmp_path: Path) -> Iterator[int]:
    """The library's lock held by another process (another copy of the app) for the block;
    yields that process's number."""
    import subprocess
    import sys

    holder = tmp_path / "hold.py"
    holder.write_text(
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from desktop.ui.library_lock import claim_library\n"
        "from pathlib import Path\n"
        "app = QCoreApplication([])\n"
        "lock = claim_library(Path(sys.argv[1]))\n"
        "print('held', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    other = subprocess.Popen(
        [sys.executable, str(holder), str(library)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        yield other.pid
    finally:
        assert other.stdin is not None
        other.stdin.write("\n")
        other.stdin.close()
        other.wait(timeout=30)


def test_an_older_library_open_in_another_copy_is_refused_before_it_is_upgraded(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock was taken after the library was opened: a file from an earlier version, open
    in another copy of the app, was upgraded (and backed up) under it before the refusal."""
    import shutil

    from desktop.services.backups import backup_details
    from desktop.services.library import inspect_library_file

    shutil.copyfile(FIXTURES / "schema-0001.buyinlib", library_path)
    before = library_path.read_bytes()
    with _held_in_another_process(library_path, tmp_path):
        monkeypatch.setattr(
            MainWindow, "ask_after_refusal", lambda _w, _reason, **_offers: "give up"
        )
        window = MainWindow(app_settings())
        qtbot.addWidget(window)
        monkeypatch.setattr(window, "close", lambda: None)
        assert not window.open_library_path(library_path)
    assert library_path.read_bytes() == before
    assert inspect_library_file(library_path) == "0001"
    assert backup_details(library_path) == []


def test_a_library_open_in_another_copy_of_the_app_is_refused_until_it_is_closed(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second copy of the app on the same library kept its own view and undo history: its
    Undo wrote back what it had seen over what the first had saved, and nothing said so."""
    from desktop.ui.library_lock import lock_path

    open_library(library_path).close()
    with _held_in_another_process(library_path, tmp_path) as pid:
        reasons: list[str] = []
        monkeypatch.setattr(
            MainWindow,
            "ask_after_refusal",
            lambda _w, reason, **_offers: reasons.append(reason) or "give up",
        )
        window = MainWindow(app_settings())
        qtbot.addWidget(window)
        monkeypatch.setattr(window, "close", lambda: None)
        assert not window.open_library_path(library_path)
        assert window.library is None
        assert reasons and "library.buyinlib is open in another Buy-In window" in reasons[0]
        assert f"process {pid}" in reasons[0]
        assert "would each write over the other's edits" in reasons[0]
    # Closed in the other copy, the library opens here, and this window holds it.
    assert window.open_library_path(library_path)
    assert window.library is not None and lock_path(library_path).exists()
    MainWindow.close(window)  # the window's own close, not the stand-in above
    assert not lock_path(library_path).exists()


def test_a_lock_left_by_an_app_that_is_no_longer_running_is_taken_over(
    open_window: WindowFactory, library_path: Path
) -> None:
    """An app that crashed leaves its lock file behind: the library still opens."""
    import socket

    from desktop.ui.library_lock import lock_path

    open_library(library_path).close()
    gone = 2**22 + 12345  # no process has this number (above Linux's default pid_max)
    lock_path(library_path).write_text(f"{gone}\nbuyin\n{socket.gethostname()}\n\n")
    window = open_window(library_path)
    assert window.library is not None and window.library.path == library_path


def test_opening_the_open_library_again_keeps_it_locked(
    open_window: WindowFactory, library_path: Path
) -> None:
    """File ▸ Open library file… on the library already open dropped its lock file, so a
    second copy of the app could then open it."""
    from desktop.ui.library_lock import lock_path

    window = open_window(library_path)
    assert lock_path(library_path).exists()
    assert window.open_library_path(library_path)
    assert window.library is not None and lock_path(library_path).exists()


def test_a_library_from_an_earlier_version_is_said_to_be_upgraded(
    open_window: WindowFactory, library_path: Path
) -> None:
    """The window upgraded an earlier version's library without a word."""
    import shutil

    shutil.copyfile(FIXTURES / "schema-0001.buyinlib", library_path)
    window = open_window(library_path)
    said = window.statusBar().currentMessage() + window.statusBar().toolTip()
    assert "was saved by an earlier version of Buy-In and is upgraded" in said
    window.close()
    window = open_window(library_path)
    assert "earlier version" not in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_proposal_file_opened_while_the_library_is_open_goes_to_that_window(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Double-clicking a shared proposal while the app had its library open started a second
    copy, which found the library in use and said so: the file was not imported. The second
    copy now hands the file to the window and ends; the window imports it."""
    import subprocess
    import sys

    window = open_window(library_path)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window._file_listener is not None, timeout=10_000)
    before = len(list_proposals(window.library, with_figures=False))
    second = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--library", str(library_path), str(SAMPLE)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
    finally:
        if second.poll() is None:
            second.kill()
    out, err = second.communicate()
    assert second.returncode == 0, err
    qtbot.waitUntil(
        lambda: len(list_proposals(window.library, with_figures=False)) == before + 1,
        timeout=10_000,
    )
    assert window.context is not None
    assert window.title_label.text().endswith("(2)")  # the import, opened
    assert "is open in another Buy-In window" not in out + err


def test_a_lock_from_another_computer_can_be_taken_over_when_no_one_has_it_open(
    qtbot: QtBot, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library in a synced folder came with the lock of the laptop it was last open on: this
    computer cannot see that laptop's processes, so the lock never went and the library could
    never be opened here."""
    from desktop.ui.library_lock import lock_path

    open_library(library_path).close()
    lock_path(library_path).write_text("4242\nbuyin\nother-laptop\n\n")
    asked: list[str] = []
    answers = iter(["give up", "take over"])

    def answer(_window: MainWindow, reason: str) -> str:
        asked.append(reason)
        return next(answers)

    monkeypatch.setattr(MainWindow, "ask_about_lock_elsewhere", answer)
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "close", lambda: None)
    assert not window.open_library_path(library_path)  # given up: nothing opened or changed
    assert window.library is None and "other-laptop" in lock_path(library_path).read_text()
    assert "is open in Buy-In on other-laptop (process 4242)" in asked[0]
    assert "If no one has it open there, open it here anyway." in asked[0]
    assert window.open_library_path(library_path)  # taken over
    assert window.library is not None and len(asked) == 2
    assert "other-laptop" not in lock_path(library_path).read_text()
    MainWindow.close(window)
    assert not lock_path(library_path).exists()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_handed_over_file_waits_for_an_open_question_to_be_answered(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A file handed over while one of the window's questions was open was imported under it,
    a second dialog over the first."""
    from PySide6.QtWidgets import QDialog

    window = open_window(library_path)
    settle(qtbot, window)
    before = len(list_proposals(window.library, with_figures=False))
    question = QDialog(window)
    question.setModal(True)
    question.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is question)
    window.take_handed_file(SAMPLE)
    qtbot.wait(800)
    assert len(list_proposals(window.library, with_figures=False)) == before
    question.close()
    qtbot.waitUntil(
        lambda: len(list_proposals(window.library, with_figures=False)) == before + 1,
        timeout=10_000,
    )
