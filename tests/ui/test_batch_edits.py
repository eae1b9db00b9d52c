"""A pasted block in the editor is written in one transaction and undone in one: a refusal or a
failure half-way leaves every row as it was, and nothing half-done lingers off the undo stack."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from desktop.services import editing
from desktop.services.library import Library
from desktop.ui.commands import FundingAmountCommand, UpdateRowsCommand
from desktop.ui.context import ProposalContext
from desktop.ui.row_table import RowTableEditor
from desktop.ui.steps.funding import FundingPage

ITEM_COLUMNS = ["name", "quantity", "unit_cost"]


@pytest.fixture
def context(qtbot: QtBot, library: Library, sample_id: int) -> Iterator[ProposalContext]:
    made = ProposalContext(library, sample_id, QUndoStack())
    made.recalculate_now()  # the funding grid takes its plan years from the figures
    qtbot.waitUntil(lambda: not made.busy, timeout=10_000)
    yield made
    made.wait_for_idle()


def _quantities(library: Library, proposal_id: int) -> dict[int, Decimal]:
    return {row["id"]: row["quantity"] for row in editing.list_rows(library, proposal_id, "item")}


def test_pasting_500_rows_is_one_transaction_and_one_undo(
    qtbot: QtBot, context: ProposalContext, library: Library, commits: list[int]
) -> None:
    editing.add_rows(
        library, context.proposal_id, "item", [{"name": f"Spare {n}"} for n in range(500)]
    )
    table = RowTableEditor(context, "item", ITEM_COLUMNS)
    qtbot.addWidget(table)
    table.refresh()
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.setCurrentIndex(table.proxy.index(0, ITEM_COLUMNS.index("quantity")))
    before = _quantities(library, context.proposal_id)
    rows = len(table.model.rows)
    assert rows >= 500
    commits.clear()

    assert table.paste_text("".join(f"{n + 3}\n" for n in range(rows)))
    assert len(commits) == 1
    after = _quantities(library, context.proposal_id)
    ids = [row["id"] for row in table.model.rows]
    assert [after[row_id] for row_id in ids] == [Decimal(n + 3) for n in range(rows)]
    assert context.undo_stack.count() == 1

    commits.clear()
    context.undo_stack.undo()
    assert len(commits) == 1
    assert _quantities(library, context.proposal_id) == before


def test_a_block_whose_third_row_is_refused_changes_nothing_and_stays_off_the_stack(
    context: ProposalContext, library: Library, commits: list[int]
) -> None:
    before = _quantities(library, context.proposal_id)
    ids = list(before)[:4]
    editing.delete_rows(library, "item", [ids[2]])  # deleted in another window meanwhile
    before = _quantities(library, context.proposal_id)
    states: list[tuple[str, str]] = []
    context.save_state_changed.connect(lambda state, reason: states.append((state, reason)))
    commits.clear()

    command = UpdateRowsCommand(context, "item", {row_id: {"quantity": "9"} for row_id in ids})
    context.push(command)
    assert _quantities(library, context.proposal_id) == before
    assert not commits
    assert states[-1][0] == "failed" and "no longer exists" in states[-1][1]
    assert context.undo_stack.count() == 0


def _funding_page(
    qtbot: QtBot, context: ProposalContext, library: Library
) -> tuple[FundingPage, int, dict[tuple[int, int], Decimal]]:
    """The Funding step, its first source's id and the amounts before any edit."""
    page = FundingPage(context)
    qtbot.addWidget(page)
    source = int(page.grid.sources[0]["id"])
    return page, source, editing.funding_amounts(library, context.proposal_id)


def test_pasting_funding_amounts_is_one_transaction(
    qtbot: QtBot, context: ProposalContext, library: Library, commits: list[int]
) -> None:
    page, source, before = _funding_page(qtbot, context, library)
    commits.clear()
    assert page.grid.paste(0, 0, [["1000", "2000", "3000", "4000", "5000"]])
    assert len(commits) == 1
    after = editing.funding_amounts(library, context.proposal_id)
    assert [after[(source, year)] for year in range(1, 6)] == [
        Decimal(year * 1000) for year in range(1, 6)
    ]
    commits.clear()
    context.undo_stack.undo()
    assert len(commits) == 1
    restored = editing.funding_amounts(library, context.proposal_id)
    assert {k: v for k, v in restored.items() if v} == {k: v for k, v in before.items() if v}


def test_a_funding_block_for_a_deleted_source_changes_nothing(
    context: ProposalContext, library: Library
) -> None:
    sources = editing.list_rows(library, context.proposal_id, "funding_source")
    first, second = int(sources[0]["id"]), int(sources[1]["id"])
    editing.delete_rows(library, "funding_source", [second])
    before = editing.funding_amounts(library, context.proposal_id)
    context.push(FundingAmountCommand(context, {(first, 1): Decimal(7), (second, 1): Decimal(8)}))
    assert editing.funding_amounts(library, context.proposal_id) == before
    assert context.undo_stack.count() == 0


def test_a_source_switched_to_grant_stops_counting_as_recurring_money(
    qtbot: QtBot, context: ProposalContext, library: Library
) -> None:
    """Choosing Grant as a source's kind left it "recurring", so the plan's reliance on grants
    for recurring costs stayed at 1.2 % with the operating budget turned into a grant. The kind
    now sets "recurring" where it decides it, the table shows it, and one undo restores both."""
    page = FundingPage(context)
    model = page.sources.model
    names = [spec.name for spec in model.specs]
    row = next(n for n, r in enumerate(model.rows) if r["kind"].value == "maintenance_operations")
    assert model.data(model.index(row, names.index("recurring"))) == "Yes"
    result = context.result
    assert result is not None
    before = result.base.funding.grant_reliance_share
    assert model.setData(model.index(row, names.index("kind")), "Grant")
    qtbot.waitUntil(lambda: model.data(model.index(row, names.index("recurring"))) == "No")
    context.recalculate_now()
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    result = context.result
    assert result is not None and before is not None
    assert result.base.funding.grant_reliance_share is not None
    assert result.base.funding.grant_reliance_share > before + Decimal("0.5")
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: model.data(model.index(row, names.index("recurring"))) == "Yes")
    assert model.rows[row]["kind"].value == "maintenance_operations"


def test_a_row_added_while_the_table_is_filtered_is_shown_and_selected(
    qtbot: QtBot, context: ProposalContext
) -> None:
    """With "Wi-Fi" in the Filter box, Add item made a new row the filter hid at once, with
    nothing selected: the click seemed to do nothing. The filter now clears for the new row."""
    table = RowTableEditor(context, "item", ITEM_COLUMNS)
    qtbot.addWidget(table)
    table.refresh()
    everything = table.proxy.rowCount()
    table.filter_box.setText("Wi-Fi")
    assert 0 < table.proxy.rowCount() < everything
    table.add_row()
    assert table.filter_box.text() == ""
    assert table.proxy.rowCount() == everything + 1
    current = table.proxy.mapToSource(table.view.currentIndex())
    assert current.isValid() and table.model.rows[current.row()]["name"] == "New item"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the refusal's tooltip
def test_delete_empties_the_chosen_cells_in_one_undo_step(
    qtbot: QtBot, context: ProposalContext, library: Library, commits: list[int]
) -> None:
    """Delete on a chosen cell did nothing and said nothing: clearing a vendor or a cost took
    F2, select all, Backspace and Return, cell by cell. It now empties them, as a spreadsheet
    does: text blank, an amount 0, an optional figure none, in one undo step."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtTest import QTest

    columns = ["name", "quantity", "unit_cost", "lifespan_years", "vendor"]
    table = RowTableEditor(context, "item", columns)
    qtbot.addWidget(table)
    table.refresh()
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    first, second = table.model.rows[0], table.model.rows[1]
    assert first["vendor"] and first["unit_cost"] and first["lifespan_years"]
    chosen = QItemSelection(
        table.proxy.index(0, columns.index("unit_cost")), table.proxy.index(1, len(columns) - 1)
    )
    table.view.setCurrentIndex(table.proxy.index(0, columns.index("unit_cost")))
    table.view.selectionModel().select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.view.setFocus()
    commits.clear()
    QTest.keyClick(table.view, Qt.Key.Key_Delete)
    assert len(commits) == 1 and context.undo_stack.count() == 1
    assert context.undo_stack.undoText() == "Clear 6 cells"
    rows = {row["id"]: row for row in editing.list_rows(library, context.proposal_id, "item")}
    for before in (first, second):
        after = rows[before["id"]]
        assert (after["unit_cost"], after["lifespan_years"], after["vendor"]) == (0, None, "")
        assert (after["name"], after["quantity"]) == (before["name"], before["quantity"])
    context.undo_stack.undo()
    rows = {row["id"]: row for row in editing.list_rows(library, context.proposal_id, "item")}
    assert rows[first["id"]]["vendor"] == first["vendor"]
    assert rows[second["id"]]["unit_cost"] == second["unit_cost"]

    # A name cannot be empty: the whole clearing is refused, named, and nothing changes.
    name = table.proxy.index(0, columns.index("name"))
    table.view.setCurrentIndex(name)
    table.view.selectionModel().select(
        QItemSelection(name, table.proxy.index(0, columns.index("vendor"))),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    commits.clear()
    QTest.keyClick(table.view, Qt.Key.Key_Delete)
    assert commits == [] and context.undo_stack.count() == 1  # only the undone clearing
    assert "Item cannot be left empty, so nothing was cleared" in table.problem_label.text()
    assert editing.list_rows(library, context.proposal_id, "item")[0]["vendor"] == first["vendor"]


def test_delete_in_the_funding_grid_sets_the_chosen_amounts_to_zero(
    qtbot: QtBot, context: ProposalContext, library: Library, commits: list[int]
) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtTest import QTest

    page, source, before = _funding_page(qtbot, context, library)
    assert before[(source, 1)] and before[(source, 2)]
    view = page.grid_view
    view.setCurrentIndex(page.grid.index(0, 0))
    view.selectionModel().select(
        QItemSelection(page.grid.index(0, 0), page.grid.index(0, 1)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    view.setFocus()
    commits.clear()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert len(commits) == 1
    after = editing.funding_amounts(library, context.proposal_id)
    assert after.get((source, 1), 0) == 0 and after.get((source, 2), 0) == 0
    assert after.get((source, 3)) == before.get((source, 3))
    context.undo_stack.undo()
    assert editing.funding_amounts(library, context.proposal_id)[(source, 1)] == before[(source, 1)]
