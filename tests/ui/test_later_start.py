"""A later start shows the last proposal with the engine's figures before the database layer has
loaded, then makes that same view editable; anything unusual about the library falls back to
the normal start, which behaves as before."""

from __future__ import annotations

import hashlib
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import desktop.services.starter
from desktop.finance import compute
from desktop.finance.money import format_money
from desktop.services.backups import backup_details
from desktop.services.library import open_library
from desktop.services.proposals import list_proposals, proposal_basics
from desktop.services.snapshot import proposal_input
from desktop.services.starter import starter_library_path
from desktop.ui.app import app_settings, start_window
from desktop.ui.main_window import MainWindow, library_settings_key
from tests.conftest import date_library_long_ago
from tests.ui.conftest import run_app_script

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "libraries"
SAMPLE_NAME = "Riverside USD — 1:1 Infrastructure 2027–2031"

# Starts the app on a library in this fresh process and reports, as one JSON line, what the
# window showed when it said the proposal was shown and when it became editable. With a number
# of students, it then types it into the Basics step, as a director would.
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from desktop.ui.app import make_application, start_window

library, students = Path(sys.argv[1]), sys.argv[2]
app = make_application()
window = start_window(library)
seen = {"previewing": window.preview is not None}

def done():
    if "title" in seen and "editable" in seen:
        QTimer.singleShot(0, window.close)

def shown(_proposal):
    summary = window.view.summary
    seen.update(
        title=window.windowTitle(),
        tco=summary.value_text("tco"),
        per_student=summary.value_text("per_student"),
        database_layer_loaded="sqlalchemy" in sys.modules,
        editable_when_shown=window.view.editable,
    )
    done()

def editable(_proposal):
    seen["editable"] = True
    if students:
        basics = window.view.page_for("basics")
        basics.ask_to_follow = lambda figures: False  # the figures sized to 4,200 stay
        basics.editors["students"].setText(students)
        seen["committed"] = basics.commit("students")
    done()

window.proposal_shown.connect(shown)
window.proposal_editable.connect(editable)
QTimer.singleShot(30_000, window.close)
app.exec()
print(json.dumps(seen))
"""


def _start_in_fresh_process(library: Path, students: str = "") -> dict[str, object]:
    return run_app_script(CHILD, str(library), students)


def _engine_figures(library_path: Path) -> tuple[int, str, str]:
    library = open_library(library_path)
    try:
        [listing] = list_proposals(library, with_figures=False)
        result = compute(proposal_input(library, listing.id))
    finally:
        library.close()
    return (
        listing.id,
        format_money(result.tco_total, result.currency),
        format_money(result.per_student_per_year, result.currency),
    )


def test_a_later_start_shows_the_engines_figures_before_the_database_layer_loads(
    library_path: Path,
) -> None:
    # A first start places the starter library (the sample, ready-made) and previews it too.
    first = _start_in_fresh_process(library_path)
    proposal_id, tco, per_student = _engine_figures(library_path)
    assert first["previewing"] is True
    assert first["title"] == f"{SAMPLE_NAME} — Buy-In"
    assert (first["tco"], first["per_student"]) == (tco, per_student)
    assert first["database_layer_loaded"] is False
    assert first["editable"] is True

    later = _start_in_fresh_process(library_path, students="5000")
    assert later["previewing"] is True
    assert later["title"] == f"{SAMPLE_NAME} — Buy-In"
    assert later["tco"] == tco
    assert later["per_student"] == per_student
    assert later["database_layer_loaded"] is False
    assert later["editable_when_shown"] is False
    # Then it became editable, and the edit typed into it was saved.
    assert later["editable"] is True and later["committed"] is True
    library = open_library(library_path)
    try:
        assert proposal_basics(library, proposal_id)["students"] == 5000
    finally:
        library.close()

    # The next start previews the edited proposal: figures from the file, never remembered.
    _proposal_id, tco_after, per_student_after = _engine_figures(library_path)
    again = _start_in_fresh_process(library_path)
    assert again["previewing"] is True
    assert per_student_after != per_student
    assert (again["tco"], again["per_student"]) == (tco_after, per_student_after)


def _first_start(qtbot: QtBot, path: Path) -> int:
    """Start the app on a new library, as a director's very first start, and quit it."""
    window = start_window(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: window.shown_proposal is not None and window.editable_proposal is not None,
        timeout=10_000,
    )
    proposal_id = window.shown_proposal
    assert proposal_id is not None
    window.close()
    return proposal_id


def _wait_until_editable(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.editable_proposal is not None, timeout=10_000)
    assert window.context is not None and window.view is not None
    qtbot.waitUntil(lambda: not window.context.busy, timeout=10_000)  # type: ignore[union-attr]


def test_the_preview_becomes_the_editor_on_the_step_chosen_meanwhile(
    qtbot: QtBot, library_path: Path
) -> None:
    proposal_id = _first_start(qtbot, library_path)
    _proposal_id, tco, _per_student = _engine_figures(library_path)
    window = start_window(library_path)
    qtbot.addWidget(window)
    view = window.view
    assert window.preview is not None and view is not None and not view.editable
    assert window.title_label.text() == SAMPLE_NAME
    assert view.summary.value_text("tco") == tco  # on the very first frame
    assert not window.export_button.isEnabled()  # nothing to edit or export yet
    assert view.opening is not None and view.stack.currentWidget() is view.opening
    view.show_step(2)  # the director picks Items while it opens
    assert view.step_title.text() == "3. Items"
    guidance = view.step_guidance.text()
    assert guidance.startswith("List what is being bought")

    _wait_until_editable(qtbot, window)
    assert window.view is view  # the same view, made editable: nothing was swapped
    assert window.context is not None and window.context.proposal_id == proposal_id
    assert view.current_step == 2 and view.stack.currentWidget() is view.page(2)
    assert view.step_guidance.text() == guidance  # the same words: nothing under the title moved
    assert view.summary.value_text("tco") == tco
    assert window.export_button.isEnabled() and window.save_label.text() == "✓ Saved"
    window.close()


def test_a_later_start_reopens_the_proposal_on_the_step_it_was_left_on(
    qtbot: QtBot, library_path: Path
) -> None:
    """Closed on Risks, the app reopened the proposal on Basics: the director clicked back to
    where they were at every start."""
    proposal_id = _first_start(qtbot, library_path)
    window = start_window(library_path)
    qtbot.addWidget(window)
    _wait_until_editable(qtbot, window)
    assert window.view is not None
    window.view.show_step(3)
    window.close()

    again = start_window(library_path)
    qtbot.addWidget(again)
    view = again.view
    assert view is not None and view.current_step == 3  # in the preview already
    assert view.step_title.text() == "4. Risks"
    _wait_until_editable(qtbot, again)
    assert again.context is not None and again.context.proposal_id == proposal_id
    assert view.current_step == 3 and view.stack.currentWidget() is view.page(3)
    # A proposal opened from Home starts on Basics; gone Home, the next start shows Home.
    again.show_home()
    again.open_proposal(proposal_id)
    assert again.view is not None and again.view.current_step == 0
    again.show_home()
    again.close()
    third = start_window(library_path)
    qtbot.addWidget(third)
    qtbot.waitUntil(lambda: third.library is not None, timeout=10_000)
    assert third.context is None and third.stack.currentWidget() is third.home
    third.close()


def test_closing_while_the_library_opens_loses_nothing(qtbot: QtBot, library_path: Path) -> None:
    _first_start(qtbot, library_path)
    before = library_path.read_bytes()
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is not None
    window.close()
    qtbot.wait(500)  # the library opened meanwhile is closed again, not used
    assert window.library is None
    assert library_path.read_bytes() == before


def test_a_library_at_an_older_schema_is_backed_up_and_migrated_as_before(
    qtbot: QtBot, library_path: Path
) -> None:
    shutil.copyfile(FIXTURES / "schema-0001.buyinlib", library_path)
    settings = app_settings()
    settings.setValue(library_settings_key("sample_offered", library_path), True)
    settings.setValue(library_settings_key("last_proposal", library_path), 1)
    settings.sync()
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is None  # never shown before the migration
    _wait_until_editable(qtbot, window)
    assert window.context is not None and window.context.proposal_id == 1
    assert [info.reason for info in backup_details(library_path)] == ["before-upgrade"]
    window.close()


def test_a_damaged_library_is_refused_as_before(
    qtbot: QtBot, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first_start(qtbot, library_path)
    data = bytearray(library_path.read_bytes())
    data[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    library_path.write_bytes(bytes(data))
    refusals: list[str] = []

    def refuse(_window: MainWindow, reason: str, **_offers: bool) -> str:
        refusals.append(reason)
        return "give up"

    monkeypatch.setattr(MainWindow, "ask_after_refusal", refuse)
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is None and window.view is None  # no figures from a damaged file
    qtbot.waitUntil(lambda: bool(refusals), timeout=10_000)
    assert "damaged" in refusals[0]
    assert window.library is None
    assert library_path.read_bytes() == bytes(data)


def test_a_damaged_library_can_be_restored_from_the_question_that_refuses_it(
    qtbot: QtBot, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal said "Restore it from a backup (File ▸ Restore a backup…)", a menu that
    does nothing without a library open: a director without the command line was stuck."""
    from desktop.services.backups import take_backup
    from desktop.ui.dialogs.restore_backup import RestoreBackupDialog

    proposal_id = _first_start(qtbot, library_path)
    name = proposal_basics(open_library(library_path), proposal_id)["name"]
    take_backup(library_path, reason="daily")
    data = bytearray(library_path.read_bytes())
    data[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    library_path.write_bytes(bytes(data))
    offered: list[bool] = []

    def answer(_window: MainWindow, reason: str, *, restorable: bool = False) -> str:
        offered.append(restorable)
        assert "File ▸ Restore" not in reason  # a menu that needs a library open
        return "restore" if restorable else "give up"

    asked: list[str] = []

    def restore_newest(dialog: RestoreBackupDialog) -> int:
        asked.append(dialog.findChild(QLabel).text())
        monkeypatch.setattr(dialog, "confirm", lambda _info: True)
        dialog.restore_selected()
        return 0

    monkeypatch.setattr(MainWindow, "ask_after_refusal", answer)
    monkeypatch.setattr(RestoreBackupDialog, "exec", restore_newest)
    window = start_window(library_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.library is not None, timeout=10_000)
    assert offered == [True]
    assert "the damaged library is kept beside it, untouched" in asked[0]
    names = [listing.name for listing in list_proposals(window.library, with_figures=False)]
    assert names == [name]
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()  # whole
    assert said.startswith("Restored the backup taken ")
    assert ": the library holds its 1 proposal." in said
    assert f"The damaged library was kept, untouched, as {library_path.name}.damaged-" in said
    assert "To undo" not in said  # no "Before restoring another backup" was taken
    aside = [  # its log files, when it had them, moved beside it
        path
        for path in library_path.parent.glob(f"{library_path.name}.damaged-*")
        if not path.name.endswith(("-wal", "-shm"))
    ]
    assert [path.read_bytes() == bytes(data) for path in aside] == [True]
    window.close()


def test_a_missing_last_proposal_opens_the_home_screen_as_before(
    qtbot: QtBot, library_path: Path
) -> None:
    proposal_id = _first_start(qtbot, library_path)
    settings = app_settings()
    settings.setValue(library_settings_key("last_proposal", library_path), proposal_id + 1)
    settings.sync()
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is None
    qtbot.waitUntil(lambda: window.library is not None, timeout=10_000)
    assert window.context is None
    assert window.stack.currentWidget() is window.home
    qtbot.waitUntil(lambda: not window.home.figures_pending, timeout=10_000)
    assert [listing.name for listing in window.home.model.listings] == [SAMPLE_NAME]
    window.close()


def test_a_first_start_opens_the_sample_dated_from_that_start(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starter = tmp_path / "starter.buyinlib"
    shutil.copyfile(starter_library_path(), starter)
    date_library_long_ago(starter)
    monkeypatch.setattr(desktop.services.starter, "starter_library_path", lambda: starter)
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is not None  # the sample's figures on the first frame
    assert window.title_label.text() == SAMPLE_NAME
    _wait_until_editable(qtbot, window)
    assert window.library is not None
    [listing] = list_proposals(window.library, with_figures=False)
    assert listing.name == SAMPLE_NAME
    assert datetime.now(UTC) - listing.updated_at < timedelta(minutes=5)
    window.close()
    settings = app_settings()
    assert settings.value(library_settings_key("sample_offered", library_path), False, bool)


def test_without_a_usable_starter_a_first_start_creates_the_library_as_before(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-starter.buyinlib"
    monkeypatch.setattr(desktop.services.starter, "starter_library_path", lambda: missing)
    window = start_window(library_path)
    qtbot.addWidget(window)
    assert window.preview is None
    qtbot.waitUntil(lambda: window.context is not None, timeout=10_000)
    assert window.title_label.text() == SAMPLE_NAME  # the sample, imported from its file
    assert window.library is not None
    assert [listing.name for listing in list_proposals(window.library)] == [SAMPLE_NAME]
    window.close()


@pytest.mark.parametrize("sha1_module", ["built in", "missing"])
def test_a_librarys_settings_keys_are_the_ones_earlier_versions_wrote(
    monkeypatch: pytest.MonkeyPatch, sha1_module: str
) -> None:
    # The last proposal and the sample's offer are remembered under these keys: a change would
    # make every director's next start forget them. Earlier versions hashed with hashlib.
    if sha1_module == "missing":
        monkeypatch.setitem(sys.modules, "_sha1", None)  # an interpreter built without it
    path = Path("library.buyinlib")
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]
    assert digest == "09ae6471d5ecfd73"
    assert library_settings_key("last_proposal", path) == f"library/last_proposal/{digest}"
    assert library_settings_key("sample_offered", path) == f"library/sample_offered/{digest}"
