"""Duplicate on Home copies off the GUI thread: the window goes on drawing itself, says it is
copying when that takes a while, takes no second Duplicate (nor a close) meanwhile, and then
opens the copy as before."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from desktop.services import proposals
from desktop.ui.home import HomeScreen
from desktop.ui.main_window import MainWindow
from desktop.wording import quoted
from tests.ui.conftest import WindowFactory, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

COPY_SECONDS = 1.0  # as long as a very large proposal's copy might take on a slow disk


def _home(qtbot: QtBot, open_window: WindowFactory, library_path: Path) -> MainWindow:
    window = open_window(library_path)
    settle(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    window.show_home()
    qtbot.waitUntil(lambda: window.home.selected_id() is not None, timeout=5_000)
    return window


class _Shown(QObject):
    """Notes every widget shown while it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show:
            self.widgets.append(watched)
        return False


def _busy_box(window: MainWindow) -> QProgressDialog | None:
    box = window.home.findChild(QProgressDialog, "busy")
    return box if box is not None and box.isVisible() else None


def _watching() -> tuple[QTimer, list[float], list[str]]:
    """A timer whose ticks show the event loop ran, and the list ``_note_box`` fills."""
    ticks: list[float] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    return ticker, ticks, []


def _slow_work(spans: list[tuple[float, float]]) -> None:
    """The slow part of a copy or a delete, noting when it ran: the window's ticks are counted
    over that span (not from the click, which a loaded machine can take a while to get past)."""
    began = time.perf_counter()
    time.sleep(COPY_SECONDS)
    spans.append((began, time.perf_counter()))


def _ticks_during(ticks: list[float], spans: list[tuple[float, float]]) -> list[int]:
    """How many ticks the event loop made during each span of slow work (about 20 a second when
    the window is drawn, none when the work holds the GUI thread)."""
    return [len([tick for tick in ticks if began < tick < ended]) for began, ended in spans]


def _note_box(window: MainWindow, seen: list[str]) -> None:
    box = _busy_box(window)
    seen.append(box.labelText() if box is not None else "(nothing shown)")


def test_a_slow_duplicate_keeps_the_window_drawn_and_says_it_is_copying(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _home(qtbot, open_window, library_path)
    home = window.home
    original, name = home.selected_id(), home.selected_name()
    real_copy = proposals.duplicate_proposal
    on_gui_thread: list[bool] = []
    spans: list[tuple[float, float]] = []

    def slow_copy(*args: object, **kwargs: object) -> int:
        on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        _slow_work(spans)
        return real_copy(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(proposals, "duplicate_proposal", slow_copy)
    asked: list[str] = []

    def answer(*_args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(kwargs.get("text")))
        return "Riverside 2028–2032", True

    monkeypatch.setattr("desktop.ui.home.ask_text", answer)
    ticker, ticks, seen = _watching()

    def meanwhile() -> None:
        _note_box(window, seen)
        # The director clicks Duplicate again, then closes the window, as the copy runs.
        qtbot.mouseClick(home.duplicate_button, Qt.MouseButton.LeftButton)
        handle = window.windowHandle()
        assert handle is not None
        handle.close()  # as the window system asks
        seen.append("open" if window.isVisible() else "closed")

    ticker.start(50)
    QTimer.singleShot(int(COPY_SECONDS * 700), meanwhile)
    home.duplicate_button.click()
    ticker.stop()

    assert on_gui_thread == [False]
    assert min(_ticks_during(ticks, spans)) >= 5, "the window was frozen while it copied"
    assert seen == [f"Copying {quoted(name, 60)}…", "open"]
    assert asked == [f"Copy of {name}"], "a second Duplicate began during the copy"
    # Then, as before: the copy is listed, chosen and open, under the name given.
    assert window.context is not None and window.context.proposal_id != original
    assert window.title_label.text() == "Riverside 2028–2032"
    assert window.library is not None
    listed = sorted(p.name for p in proposals.list_proposals(window.library, with_figures=False))
    assert listed == sorted([name, "Riverside 2028–2032"])
    assert _busy_box(window) is None and QApplication.overrideCursor() is None
    assert not home.copying


def test_a_quick_duplicate_shows_no_box_and_a_refused_name_is_asked_again(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _home(qtbot, open_window, library_path)
    home = window.home
    answers = iter([("   ", True), ("Next year", True)])
    refused: list[str] = []
    monkeypatch.setattr("desktop.ui.home.ask_text", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text: refused.append(text) or None
    )
    shown = _Shown()
    application = QApplication.instance()
    assert application is not None
    application.installEventFilter(shown)
    try:
        assert home.duplicate_selected() is not None
    finally:
        application.removeEventFilter(shown)
    assert len(refused) == 1 and "cannot be empty" in refused[0]
    assert not [widget for widget in shown.widgets if isinstance(widget, QProgressDialog)]
    assert window.title_label.text() == "Next year"
    assert not home.copying and QApplication.overrideCursor() is None


def test_a_slow_delete_and_its_undo_keep_the_window_drawn(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting a 10,000-item proposal froze the window for six seconds while it was saved for
    undo, and bringing it back as long: both now run on a worker, saying so when slow."""
    window = _home(qtbot, open_window, library_path)
    home = window.home
    name = home.selected_name()
    on_gui_thread: list[bool] = []
    spans: list[tuple[float, float]] = []

    def slowed(real: object) -> object:
        def slow(*args: object, **kwargs: object) -> object:
            on_gui_thread.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
            _slow_work(spans)
            return real(*args, **kwargs)  # type: ignore[operator]

        return slow

    monkeypatch.setattr(proposals, "delete_proposal", slowed(proposals.delete_proposal))
    monkeypatch.setattr(proposals, "restore_proposal", slowed(proposals.restore_proposal))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    ticker, ticks, seen = _watching()

    def note_box() -> None:
        _note_box(window, seen)

    ticker.start(50)
    QTimer.singleShot(int(COPY_SECONDS * 700), note_box)
    assert home.delete_selected()
    assert window.library is not None
    assert proposals.list_proposals(window.library, with_figures=False) == []
    QTimer.singleShot(int(COPY_SECONDS * 700), note_box)
    restored = home.undo_delete()
    ticker.stop()
    assert restored is not None and home.selected_name() == name
    assert on_gui_thread == [False, False]
    assert min(_ticks_during(ticks, spans)) >= 5, "the window was frozen while it deleted"
    assert seen == [f"Deleting {quoted(name, 60)}…", f"Bringing back {quoted(name, 60)}…"]
    assert _busy_box(window) is None and not home.copying


def test_a_file_handed_over_during_a_delete_waits_until_it_is_done(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A proposal file double-clicked while Home deleted a large proposal was imported and
    opened in the middle of the delete: the delete then finished on a Home no longer shown."""
    from desktop.services.proposal_format import dump_document, export_document

    window = _home(qtbot, open_window, library_path)
    home = window.home
    assert window.library is not None
    shared = tmp_path / "shared.json"
    shared.write_text(
        dump_document(export_document(window.library, home.selected_id())), encoding="utf-8"
    )
    real_delete = proposals.delete_proposal
    events: list[str] = []

    def slow_delete(*args: object, **kwargs: object) -> object:
        time.sleep(COPY_SECONDS)
        events.append("deleted")
        return real_delete(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(proposals, "delete_proposal", slow_delete)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    real_open = window.open_proposal
    monkeypatch.setattr(
        window, "open_proposal", lambda *a, **k: (events.append("opened"), real_open(*a, **k))
    )
    QTimer.singleShot(100, lambda: window.take_handed_file(shared))
    assert home.delete_selected()
    assert events == ["deleted"]  # nothing opened while the delete ran
    assert window.stack.currentWidget() is home and home.undo_bar.isVisible()
    qtbot.waitUntil(lambda: events == ["deleted", "opened"], timeout=5_000)
    assert window.context is not None  # then the file, imported and open


def _shown_rows(home: HomeScreen) -> list[list[object]]:
    """Home's list as it reads: every column of every row, in order."""
    proxy = home.proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def test_undoing_a_delete_puts_the_proposal_back_where_it_was(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo brought a deleted proposal back as a new one, last edited "now" and so at the top
    of the list. It comes back as it was, selected; Redo deletes it again, Undo once more."""
    from desktop.models import Proposal

    window = _home(qtbot, open_window, library_path)
    home, library = window.home, window.library
    assert library is not None
    sample = home.selected_id()
    assert sample is not None
    copy = proposals.duplicate_proposal(library, sample)
    with library.transaction() as session:
        for proposal_id, edited in ((sample, datetime(2024, 3, 1)), (copy, datetime(2025, 5, 2))):
            proposal = session.get(Proposal, proposal_id)
            assert proposal is not None
            proposal.updated_at = edited.replace(hour=15, tzinfo=UTC)
    home.refresh(select_id=sample)
    qtbot.waitUntil(lambda: not home.figures_pending, timeout=10_000)
    before = _shown_rows(home)
    assert [row[0] for row in before] == [f"Copy of {home.selected_name()}", home.selected_name()]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    assert home.delete_selected()
    assert home.proxy.rowCount() == 1 and home.selected_id() == copy

    for _ in range(2):
        assert home.undo_delete() == sample
        qtbot.waitUntil(lambda: not home.figures_pending, timeout=10_000)
        assert home.selected_id() == sample
        assert _shown_rows(home) == before  # name, figures, last edited, place in the list
        home.undo_stack.redo()
        assert [listing.id for listing in home.model.listings] == [copy]


def test_a_delete_and_its_undo_take_away_an_earlier_actions_status_message(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status bar went on saying "Duplicated …" beside the bar that said the proposal was
    deleted, as if the two were one action."""
    window = _home(qtbot, open_window, library_path)
    home = window.home
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    bar = window.statusBar()
    home.status_message.emit("Duplicated “Riverside” as “Riverside 2028”.")
    qtbot.wait(10)  # the message is no longer the action now running's
    assert bar.currentMessage().startswith("Duplicated")
    assert home.delete_selected()
    assert bar.currentMessage() == "" and home.undo_bar.isVisible()
    home.status_message.emit("Renamed “Riverside” as “Riverside 2028”.")
    qtbot.wait(10)
    assert home.undo_delete() is not None
    assert bar.currentMessage() == ""
