"""After an edit the summary shows the figures of exactly what the library holds, whether the
editor re-read only the edited item (a cell, a link) or the whole proposal (anything else)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.finance import compute
from desktop.services.snapshot import proposal_input
from desktop.ui.commands import AddRowsCommand, LinkCommand, UpdateRowsCommand
from desktop.ui.context import ProposalContext


@pytest.fixture
def context(ready_context: ProposalContext) -> ProposalContext:
    return ready_context


def _settled(qtbot: QtBot, context: ProposalContext) -> None:
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    fresh = proposal_input(context.library, context.proposal_id)
    assert repr(context.proposal_input) == repr(fresh)
    assert context.result == compute(fresh)


def _full_reads(context: ProposalContext) -> int:
    live = context._live  # noqa: SLF001 - how many whole-proposal reads the editor made
    assert live is not None
    return live.full_reads


def test_cell_edits_links_and_undo_recompute_from_the_edited_item_alone(
    qtbot: QtBot, context: ProposalContext
) -> None:
    data = context.proposal_input
    assert data is not None
    item, goal = data.items[2], data.goals[0]
    tco_before = context.result.tco_total if context.result else None
    reads = _full_reads(context)

    context.push(UpdateRowsCommand(context, "item", {item.key: {"quantity": "999"}}))
    _settled(qtbot, context)
    assert context.result is not None and context.result.tco_total != tco_before
    linked = any(link.goal_key == goal.key for link in item.goal_links)
    context.push(LinkCommand(context, "goal", item.key, goal.key, not linked, "Why"))
    _settled(qtbot, context)
    context.undo_stack.undo()
    _settled(qtbot, context)
    context.undo_stack.undo()
    _settled(qtbot, context)
    assert context.result is not None and context.result.tco_total == tco_before
    assert _full_reads(context) == reads


def test_an_added_row_is_read_with_the_whole_proposal(
    qtbot: QtBot, context: ProposalContext
) -> None:
    reads = _full_reads(context)
    context.push(AddRowsCommand(context, "item", [{"name": "Spare chargers"}]))
    _settled(qtbot, context)
    assert context.proposal_input is not None
    assert context.proposal_input.items[-1].name == "Spare chargers"
    assert _full_reads(context) == reads + 1
