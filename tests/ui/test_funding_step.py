"""The Funding step as a director makes the template's sources their own: an amount typed over a
template source takes its illustrative note with it, and a source added is not yet secured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.services.proposals import create_from_template
from desktop.services.snapshot import proposal_input
from desktop.services.wizard import step_statuses
from desktop.ui.main_window import MainWindow
from desktop.ui.steps.funding import FundingPage
from tests.ui.conftest import WindowFactory, on_step, settle


def _funding_step(qtbot: QtBot, window: MainWindow, proposal: int) -> FundingPage:
    """``proposal`` open in ``window`` on its Funding step, its figures up to date."""
    page = on_step(qtbot, window, proposal, "funding")
    assert isinstance(page, FundingPage)
    return page


def _warnings(window: MainWindow) -> str:
    context = window.context
    assert context is not None
    statuses = step_statuses(context.proposal_input, context.result)
    return " ".join(w for status in statuses if status.key == "funding" for w in status.warnings)


def _note(window: MainWindow, proposal: int, name: str) -> str:
    assert window.library is not None
    return next(s.notes for s in proposal_input(window.library, proposal).funding if s.name == name)


def _shown_note(page: FundingPage, name: str) -> Any:
    model = page.sources.model
    column = [spec.name for spec in model.specs].index("notes")
    row = next(n for n, r in enumerate(model.rows) if r["name"] == name)
    return model.data(model.index(row, column))


def test_typing_a_real_amount_over_a_template_source_clears_its_illustrative_note(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The director typed the award letter's figure over the template's start-up grant: the
    step stopped counting it as the template's, but "Illustrative temporary grant; replace with
    your award letter." stayed beside it, and printed in the PDF next to the real figure."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = _funding_step(qtbot, window, proposal)
    assert window.context is not None
    grant = "Start-up grant"
    template_note = _note(window, proposal, grant)
    assert template_note.startswith("Illustrative")
    assert _shown_note(page, grant) == template_note
    qtbot.waitUntil(lambda: "5 funding sources still have" in _warnings(window))

    grid = page.grid
    row = [source["name"] for source in grid.sources].index(grant)
    # Year 2: any year's amount makes the figures the director's.
    assert grid.setData(grid.index(row, 1), "80,000")
    qtbot.waitUntil(lambda: _note(window, proposal, grant) == "")
    assert _shown_note(page, grant) == ""
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(
            "Cleared the template’s note on this source's illustrative amounts (they are yours now)"
        )
    )
    qtbot.waitUntil(lambda: "4 funding sources still have" in _warnings(window))
    # The other template sources keep theirs.
    assert _note(window, proposal, "Technology bond (year 1 issue)").startswith("Illustrative")

    # One undo step puts back the amount and the note.
    window.context.undo_stack.undo()
    qtbot.waitUntil(lambda: _note(window, proposal, grant) == template_note)
    assert _shown_note(page, grant) == template_note
    assert grid.data(grid.index(row, 1)) == "$100,000.00"
    window.context.undo_stack.redo()
    qtbot.waitUntil(lambda: _note(window, proposal, grant) == "")
    assert _shown_note(page, grant) == ""


def test_a_later_edit_with_nothing_to_say_clears_an_earlier_edits_message(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The status bar went on saying "Cleared the template’s note on this source's
    illustrative amounts" for its 15 seconds while the director typed other amounts, as if
    each of them had cleared a note too."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = _funding_step(qtbot, window, proposal)
    grant = "Start-up grant"
    grid = page.grid
    row = [source["name"] for source in grid.sources].index(grant)
    assert grid.setData(grid.index(row, 1), "80,000")
    qtbot.waitUntil(lambda: _note(window, proposal, grant) == "")
    settle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Cleared the template’s note")

    # Another year of the same source: its note is gone already, so this edit says nothing.
    assert grid.setData(grid.index(row, 2), "70,000")
    settle(qtbot, window)
    assert window.statusBar().currentMessage() == ""

    # Undo says what it undid, and that stays.
    window.undo_action.trigger()
    settle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Undone: ")


def test_a_source_added_on_the_funding_step_is_not_yet_secured(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "Connectivity grant (applied for)" was added as Secured: Yes, and counted as money in
    hand until the director thought to untick it."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None and window.context is not None
    page = _funding_step(qtbot, window, window.context.proposal_id)
    model = page.sources.model
    names = [spec.name for spec in model.specs]
    before = model.rowCount()
    page.sources.add_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == before + 1)
    assert model.data(model.index(before, names.index("secured"))) == "No"
    assert model.setData(model.index(before, names.index("name")), "Connectivity grant")
    grid = page.grid
    row = [source["name"] for source in grid.sources].index("Connectivity grant")
    assert grid.setData(grid.index(row, 0), "80,000")
    context = window.context
    qtbot.waitUntil(
        lambda: (
            context.result is not None
            and context.result.base.funding.pending_total == 80_000
            and not context.busy
        )
    )
    # Ticked Secured once the money is committed, it counts as secured.
    assert model.setData(model.index(before, names.index("secured")), "Yes")
    qtbot.waitUntil(
        lambda: (
            context.result is not None
            and context.result.base.funding.pending_total == 0
            and not context.busy
        )
    )
