"""Duplicate in the editor's tables copies what the director sees hang off a row: an item's
links and scenario entries, a funding source's yearly amounts, a scenario's items; one undo step
removes the copies and redo brings them back with the same ids."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from desktop.finance import compute
from desktop.finance.money import format_money
from desktop.services import editing
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.ui.context import ProposalContext
from desktop.ui.row_table import RowTableEditor


@pytest.fixture
def context(qtbot: QtBot, library: Library, sample_id: int) -> Iterator[ProposalContext]:
    made = ProposalContext(library, sample_id, QUndoStack())
    yield made
    made.wait_for_idle()


def _editor(qtbot: QtBot, context: ProposalContext, entity: str) -> RowTableEditor:
    editor = RowTableEditor(context, entity, ["name"])
    qtbot.addWidget(editor)
    editor.refresh()
    return editor


def _select(editor: RowTableEditor, row_id: int) -> None:
    row = editor.model.row_of_id(row_id)
    assert row is not None
    index = editor.proxy.mapFromSource(editor.model.index(row, 0))
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    editor.view.selectionModel().select(index, flags)


def _copy_of(editor: RowTableEditor, before: set[int]) -> int:
    [copy_id] = {int(row["id"]) for row in editor.model.rows} - before
    return copy_id


def test_duplicating_an_item_copies_its_links_and_scenario_entries_in_one_undo_step(
    qtbot: QtBot, context: ProposalContext, library: Library
) -> None:
    proposal = context.proposal_id
    goals = editing.link_state(library, proposal, "goal")
    item_id = next(item for item, _goal in goals)
    editor = _editor(qtbot, context, "item")
    before = {int(row["id"]) for row in editor.model.rows}
    _select(editor, item_id)
    editor.duplicate_button.click()

    copy_id = _copy_of(editor, before)
    row = editor.model.rows[editor.model.row_of_id(copy_id)]  # type: ignore[index]
    assert row["name"].endswith(" (copy)")

    def dependents(of: int) -> tuple[object, ...]:
        links = tuple(
            {
                t: why
                for (i, t), why in editing.link_state(library, proposal, kind).items()
                if i == of
            }
            for kind in ("goal", "risk", "metric")
        )
        entries = {
            s: q for (s, i), q in editing.scenario_entries(library, proposal).items() if i == of
        }
        return (*links, entries)

    assert dependents(copy_id) == dependents(item_id)
    assert context.undo_stack.count() == 1
    assert context.undo_stack.undoText() == "Duplicate 1 item"

    context.undo_stack.undo()
    assert {int(r["id"]) for r in editor.model.rows} == before
    assert dependents(copy_id) == ({}, {}, {}, {})

    context.undo_stack.redo()  # the same copy comes back, with the same id and links
    assert copy_id in {int(r["id"]) for r in editor.model.rows}
    assert dependents(copy_id) == dependents(item_id)


def test_duplicating_a_scenario_keeps_its_items_so_its_cost_is_not_zero(
    qtbot: QtBot, context: ProposalContext, library: Library
) -> None:
    proposal = context.proposal_id
    scenario = editing.list_rows(library, proposal, "scenario")[0]
    editor = _editor(qtbot, context, "scenario")
    before = {int(row["id"]) for row in editor.model.rows}
    _select(editor, int(scenario["id"]))
    editor.duplicate_button.click()
    copy_id = _copy_of(editor, before)
    names = {row["id"]: row["name"] for row in editor.model.rows}
    result = compute(proposal_input(library, proposal))
    totals = {s.name: format_money(s.tco.total) for s in result.scenarios}
    assert totals[names[copy_id]] == totals[scenario["name"]] != format_money(Decimal(0))


def test_duplicating_a_funding_source_keeps_its_yearly_amounts(
    qtbot: QtBot, context: ProposalContext, library: Library
) -> None:
    proposal = context.proposal_id
    amounts = editing.funding_amounts(library, proposal)
    source_id = next(source for (source, _year), amount in amounts.items() if amount)
    editor = _editor(qtbot, context, "funding_source")
    before = {int(row["id"]) for row in editor.model.rows}
    _select(editor, source_id)
    editor.duplicate_button.click()
    copy_id = _copy_of(editor, before)
    amounts = editing.funding_amounts(library, proposal)
    of_source = {year: amount for (s, year), amount in amounts.items() if s == source_id}
    assert {year: amount for (s, year), amount in amounts.items() if s == copy_id} == of_source
