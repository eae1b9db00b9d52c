"""A new item joins only the scenarios that held every item; the director is told, as it is
added, which scenarios left it out and where to tick it in. The sample's "Lean" ("Network,
security, management and protection only") silently left out a security item added to the
plan, and the PDF then listed it among what Lean leaves out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.services import editing
from desktop.services.proposals import add_sample_proposal
from desktop.services.snapshot import proposal_input
from desktop.ui.commands import ScenarioEntriesCommand
from desktop.ui.main_window import MainWindow
from desktop.ui.steps import items as items_step
from desktop.ui.steps.items import ItemsPage
from tests.ui.conftest import WindowFactory, on_step

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

# Where a scenario's items are ticked, as the message names it.
WHERE = "tick it on this step’s Scenarios tab to include it"


def _sample_items(qtbot: QtBot, open_window: WindowFactory, path: Path) -> ItemsPage:
    window = open_window(path)
    assert window.library is not None
    proposal = add_sample_proposal(window.library)
    page = on_step(qtbot, window, proposal, "items")
    assert isinstance(page, ItemsPage)
    return page


def _said(page: ItemsPage) -> str:
    window = page.window()
    assert isinstance(window, MainWindow)
    bar = window.statusBar()
    return bar.toolTip() or bar.currentMessage()  # the whole of it, when cut to fit


def _holding(page: ItemsPage, item_name: str) -> list[str]:
    """The scenarios that hold the item called ``item_name``, by name."""
    data = proposal_input(page.context.library, page.context.proposal_id)
    (item,) = [item for item in data.items if item.name == item_name]
    return [s.name for s in data.scenarios if item.key in s.item_quantities]


def test_adding_an_item_says_which_scenario_left_it_out_and_where_to_tick_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    page = _sample_items(qtbot, open_window, library_path)
    page.table.add_row()
    said = _said(page)
    assert said.startswith("Added “New item”. Not in the scenario “Lean”")
    assert WHERE in said
    assert "Recommended" not in said and "Full" not in said  # they took it in
    assert _holding(page, "New item") == ["Recommended", "Full"]

    # Undo and redo are as before: the item goes, and comes back in the same scenarios.
    stack = page.context.undo_stack
    stack.undo()
    left = proposal_input(page.context.library, page.context.proposal_id).items
    assert "New item" not in [item.name for item in left]
    stack.redo()
    assert _holding(page, "New item") == ["Recommended", "Full"]


def test_nothing_more_is_said_once_every_scenario_takes_new_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Once Lean holds every item, it takes the next one in: no scenario is named."""
    page = _sample_items(qtbot, open_window, library_path)
    page.table.add_row()
    assert "“Lean”" in _said(page)
    data = proposal_input(page.context.library, page.context.proposal_id)
    (lean,) = [s for s in data.scenarios if s.name == "Lean"]
    every = {item.key: (True, None) for item in data.items}
    page.context.push(ScenarioEntriesCommand(page.context, lean.key, every))
    qtbot.wait(20)  # the director's next click comes after the window has drawn this one
    page.table.add_row()
    data = proposal_input(page.context.library, page.context.proposal_id)
    newest = data.items[-1].key
    assert all(newest in scenario.item_quantities for scenario in data.scenarios)
    assert "scenario" not in _said(page)


def test_pasted_rows_are_counted_not_named(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    page = _sample_items(qtbot, open_window, library_path)
    table = page.table
    # No cell chosen: the rows go in below the last one, three new items in one undo step.
    table.view.setCurrentIndex(QModelIndex())
    table.view.clearSelection()
    names = ["Classroom document cameras", "Student cybersecurity lessons", "Spare chargers"]
    assert table.paste_text("\n".join(names) + "\n")
    assert all(_holding(page, name) == ["Recommended", "Full"] for name in names)
    said = _said(page)
    assert said.startswith("Added 3 items. Not in the scenario “Lean”")
    assert "tick them on this step’s Scenarios tab to include them" in said
    assert not any(pasted in said for pasted in names)


def test_a_copy_of_an_item_lean_leaves_out_is_said_to_be_left_out_too(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A copy keeps its original's scenarios: one of an item every scenario holds is said
    nothing of."""
    page = _sample_items(qtbot, open_window, library_path)
    rows = page.table.model.rows
    curriculum = next(r for r in rows if r["name"].startswith("Digital reading and math"))
    page.table.select_row_ids([int(curriculum["id"])])
    page.table.duplicate_selected()
    said = _said(page)
    # The long name is cut in its middle: what tells the copy from its original stays.
    assert said.startswith("Added “Digital reading") and "(copy)”. Not in the scenario" in said
    assert "“Lean”" in said and WHERE in said

    qtbot.wait(20)
    switches = next(r for r in rows if r["name"].startswith("Access switches"))
    page.table.select_row_ids([int(switches["id"])])
    page.table.duplicate_selected()
    assert "scenario" not in _said(page)


def test_imported_and_typical_items_are_said_to_be_left_out(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _sample_items(qtbot, open_window, library_path)
    context = page.context

    class Imported(QDialog):
        """The import dialog, its quote of two rows read and imported."""

        def __init__(self, *_args: Any) -> None:
            super().__init__()
            self.imported_ids: list[int] = []

        def exec(self) -> int:
            rows = [{"name": "Quoted laptops"}, {"name": "Quoted cases"}]
            self.imported_ids = editing.add_rows(context.library, context.proposal_id, "item", rows)
            return 1

    monkeypatch.setattr(items_step, "_import_dialog_class", lambda: Imported)
    page.import_items()
    assert _said(page).startswith("Imported 2 items. Not in the scenario “Lean”")

    from desktop.ui.dialogs.item_templates import TemplateItemsDialog

    monkeypatch.setattr(TemplateItemsDialog, "exec", lambda _dialog: 1)
    monkeypatch.setattr(TemplateItemsDialog, "chosen", lambda _dialog: [{"name": "Typical"}])
    page.add_typical_items()
    said = _said(page)
    assert said.startswith("Added 1 typical item at the end of the list, chosen. Not in")
    assert "“Lean”" in said and said.endswith("Ctrl+Z takes it away again.")
