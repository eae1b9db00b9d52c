"""Opening a proposal file with the app (a double-clicked .buyin, File ▸ Import proposal file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.cli import _proposal_file_argument
from desktop.services.proposal_format import export_document, write_document
from desktop.services.proposals import list_proposals
from desktop.ui.app import app_settings
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import ROOT, run_app_polling

SAMPLE = Path("resources/sample/riverside_one_to_one.json")


def _window_on(qtbot: QtBot, library_path: Path) -> MainWindow:
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    assert window.open_library_path(library_path)
    assert window.library is not None
    return window


def test_a_lone_proposal_file_argument_opens_the_app_on_it() -> None:
    assert _proposal_file_argument(["Riverside.buyin"]) == Path("Riverside.buyin")
    assert _proposal_file_argument(["--library", "x.buyinlib", "plan.json"]) == Path("plan.json")
    assert _proposal_file_argument(["import-json", "plan.json"]) is None
    assert _proposal_file_argument(["list"]) is None


def test_importing_a_json_proposal_opens_it(
    qtbot: QtBot, library_path: Path, tmp_path: Path
) -> None:
    window = _window_on(qtbot, library_path)
    window.resize(1024, 700)  # a laptop's width: the whole message fits
    proposal_id = window.import_proposal_path(SAMPLE)
    assert proposal_id is not None
    assert window.context is not None and window.context.proposal_id == proposal_id
    names = [listing.name for listing in list_proposals(window.library, with_figures=False)]
    assert names.count("Riverside USD — 1:1 Infrastructure 2027–2031") == 1
    assert "Riverside USD — 1:1 Infrastructure 2027–2031 (2)" in names
    # The new name is said, and why: the title's "(2)" alone could pass unread.
    assert window.statusBar().currentMessage() == (
        "Imported as “Riverside USD — 1:1 Infrastructure 2027–2031 (2)”: the library already has "
        "a proposal named as in the file, which stays as it was."
    )
    window.close_proposal()


def test_a_status_message_too_long_for_the_bar_ends_in_an_ellipsis_and_is_whole_in_its_tip(
    qtbot: QtBot,
) -> None:
    """At a laptop's width the bar cut the import message off mid-word, with no sign of more."""
    from PySide6.QtWidgets import QMainWindow

    from desktop.ui.layouts import show_status

    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(500, 300)
    long = "Imported the proposal under a new name: " + "the library already has one. " * 6
    show_status(window, long, 5000)
    shown = window.statusBar().currentMessage()
    assert shown.endswith("…") and long.startswith(shown[:-1])
    assert window.statusBar().toolTip() == long
    window.statusBar().clearMessage()  # as when it times out: its tip goes with it
    assert window.statusBar().toolTip() == ""
    show_status(window, long, 5000)
    show_status(window, "Saved.", 5000)  # a short one is whole, and leaves no stale tip
    assert window.statusBar().currentMessage() == "Saved." and window.statusBar().toolTip() == ""


def test_a_shared_proposal_file_under_a_new_name_is_imported_as_it_is_named(
    qtbot: QtBot, library_path: Path, tmp_path: Path
) -> None:
    from desktop.services.proposal_files import export_proposal_file
    from desktop.services.proposals import rename_proposal

    window = _window_on(qtbot, library_path)
    first = list_proposals(window.library, with_figures=False)[0].id
    rename_proposal(window.library, first, "Board draft")
    shared = tmp_path / "Board draft.buyin"
    export_proposal_file(window.library, first, shared)
    rename_proposal(window.library, first, "Working copy")
    proposal_id = window.import_proposal_path(shared)
    assert proposal_id is not None and proposal_id != first
    assert window.windowTitle().startswith("Board draft")
    assert window.statusBar().currentMessage() == "Imported “Board draft” from “Board draft.buyin”."
    window.close_proposal()


def test_a_bad_proposal_file_is_refused_with_its_reason(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = _window_on(qtbot, library_path)
    before = export_document(window.library, list_proposals(window.library)[0].id)
    broken = tmp_path / "broken.json"
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["items"][0]["quantity"] = "-1"
    write_document(document, broken)
    assert window.import_proposal_path(broken) is None
    assert shown and "items[0].quantity" in shown[0]
    assert len(list_proposals(window.library, with_figures=False)) == 1
    assert export_document(window.library, list_proposals(window.library)[0].id) == before
    window.close_proposal()


# Runs the app as ``buyin`` does (``run_gui``) in a fresh process; the system then asks it to
# open a proposal file (macOS sends that as an event to the application, not as an argument):
# "early", at the window's first turn of the event loop, while the start is still under way (the
# sample previewed from the starter library, or, without a starter, the library still to open);
# "late", once the proposal is editable. Prints what the window then showed.
FILE_OPEN_CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFileOpenEvent
from desktop.services.proposals import list_proposals
from desktop.ui.app import make_application, run_gui

library, proposal_file, when = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if when == "early, no preview":  # no starter to preview: the library opens the normal way
    import desktop.services.starter
    desktop.services.starter.starter_library_path = lambda: library.with_name("none.buyinlib")
app = make_application()
seen = {"application": type(app).__name__}

def window():
    found = [w for w in app.topLevelWidgets() if hasattr(w, "proposal_shown") and w.isVisible()]
    return found[0] if found else None

def send():
    shown = window()
    seen["sent_while_editable"] = shown is not None and shown.editable_proposal is not None
    QCoreApplication.sendEvent(app, QFileOpenEvent(proposal_file))

def finish():
    shown = window()
    seen["after"] = shown.windowTitle()
    seen["proposals"] = [listing.name for listing in list_proposals(shown.library)]
    shown.close()

def look():
    shown = window()
    if shown is None or shown.editable_proposal is None:
        return
    if when == "late" and "sent_while_editable" not in seen:
        send()
    elif "(2)" in shown.windowTitle():
        poll.stop()
        QTimer.singleShot(300, finish)  # a few more turns: a second import would show by then

if when.startswith("early"):
    QTimer.singleShot(0, send)  # the first turn of the event loop: the start is under way
"""


@pytest.mark.parametrize("when", ["early", "early, no preview", "late"])
def test_a_file_the_system_asks_to_open_is_imported_and_shown(
    library_path: Path, when: str
) -> None:
    seen = run_app_polling(FILE_OPEN_CHILD, str(library_path), str(ROOT / SAMPLE), when)
    assert seen["application"] == "BuyInApplication"
    assert seen["sent_while_editable"] is (when == "late")
    # The file's proposal was added beside the sample, once, and opened.
    assert seen["after"] == "Riverside USD — 1:1 Infrastructure 2027–2031 (2) — Buy-In"
    assert sorted(seen["proposals"]) == [  # type: ignore[call-overload]
        "Riverside USD — 1:1 Infrastructure 2027–2031",
        "Riverside USD — 1:1 Infrastructure 2027–2031 (2)",
    ]
