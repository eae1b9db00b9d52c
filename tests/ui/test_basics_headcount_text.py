"""A headcount changed on Basics names the texts that still quote the old count: the printed
case read "285 × 60% × $1,000" beside "Exposure is the 280 teachers", whether or not the
figures sized to the headcount were moved."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.steps.basics import BasicsPage
from tests.ui.conftest import WindowFactory, on_open_step

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

TEACHERS_NOTE = (
    "The old count, 280, still stands in the text of Items: \u201cTeacher professional learning "
    "days\u201d (notes); Risks: \u201cClass time lost to devices and sign-in problems\u201d "
    "(description). Numbers in text do not follow the headcount: change them there."
)


def _on_basics(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, BasicsPage]:
    window = open_window(library_path)
    basics = on_open_step(qtbot, window, "basics")
    assert isinstance(basics, BasicsPage)
    return window, basics


def _change(basics: BasicsPage, name: str, typed: str) -> None:
    basics.editors[name].setText(typed)  # type: ignore[attr-defined]
    assert basics.commit(name)


def test_new_teachers_name_the_texts_still_quoting_the_old_count(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rolled forward to 285 teachers with "Change Them": the exposure moved to 285, the
    risk's description and the learning days' note still said 280."""
    monkeypatch.setattr(BasicsPage, "ask_to_follow", lambda _page, _figures: True)
    window, basics = _on_basics(qtbot, open_window, library_path)
    _change(basics, "teachers", "285")
    note = basics.problems["teachers"]
    assert not note.isHidden()
    assert note.text() == TEACHERS_NOTE
    assert window.statusBar().currentMessage().startswith("Moved ")  # the figures did move
    assert window.save_label.text() == "✓ Saved"  # a note, not a refusal
    # Undo puts the count back, and with it the texts agree again: the note goes.
    assert window.context is not None
    window.context.undo_stack.undo()
    window.context.undo_stack.undo()
    assert basics.editors["teachers"].text() == "280"  # type: ignore[attr-defined]
    assert note.isHidden()


def test_new_students_left_as_they_were_still_name_the_old_enrollment_in_text(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "Leave Them": the figures stay, and so does "Bandwidth for 4,200 students"."""
    _window, basics = _on_basics(qtbot, open_window, library_path)
    _change(basics, "students", "4326")
    note = basics.problems["students"]
    assert not note.isHidden()
    assert note.text().startswith(
        "The old count, 4,200, still stands in the text of Links: \u201cInternet access upgrade "
        "from 2 to 10 Gbps\u201d (why it serves RSP 1.1)."
    )


def test_a_headcount_no_text_quotes_says_nothing_more(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """190 other staff became 200: "$190" and "1,190" in a note are not the count, and the
    field says nothing more; the teachers, which texts do quote, still get their note."""
    from desktop.services.editing import list_rows, update_row

    window, basics = _on_basics(qtbot, open_window, library_path)
    assert window.library is not None and window.context is not None
    item = list_rows(window.library, window.context.proposal_id, "item")[0]
    update_row(window.library, "item", item["id"], {"notes": "$190 a year; 1,190 devices."})
    _change(basics, "staff", "200")
    assert basics.problems["staff"].isHidden()
    _change(basics, "teachers", "285")
    assert basics.problems["teachers"].text() == TEACHERS_NOTE
    assert basics.problems["staff"].isHidden()


def test_many_texts_quoting_the_old_count_are_named_a_few_then_counted(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from desktop.services.editing import list_rows, update_rows

    window, basics = _on_basics(qtbot, open_window, library_path)
    assert window.library is not None and window.context is not None
    items = list_rows(window.library, window.context.proposal_id, "item")
    update_rows(
        window.library, "item", {row["id"]: {"notes": "For 280 teachers."} for row in items}
    )
    _change(basics, "teachers", "285")
    said = basics.problems["teachers"].text()
    assert said.count("\u201c") == 3
    # Every item, and the risk, less the three named.
    assert f" and {len(items) + 1 - 3} more rows. Numbers in text" in said
