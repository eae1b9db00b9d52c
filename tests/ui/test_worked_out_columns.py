"""The figures a CFO points at in the PDF are on screen beside what they are worked out from:
each item's total over the plan on the Items step (Table 1 and Appendix B), each risk's cost
avoided a year on the Risks step (the risk register). Read-only, from the same result."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from desktop.finance import compute
from desktop.finance.money import format_money
from desktop.finance.result import ProposalResult
from desktop.services.editing import list_rows
from desktop.services.snapshot import proposal_input
from desktop.ui.context import ProposalContext
from desktop.ui.steps.items import ItemsPage
from desktop.ui.steps.risks import RisksPage
from desktop.ui.table_model import RowTableModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _fresh_result(context: ProposalContext) -> ProposalResult:
    """The figures the PDF is made from, worked out afresh from what the library holds."""
    return compute(proposal_input(context.library, context.proposal_id))


def _printed(context: ProposalContext, amount: object) -> str:
    """A figure as the PDF's tables print it (``ReportContext.amount``)."""
    result = _fresh_result(context)
    return format_money(amount, result.currency, code=False)  # type: ignore[arg-type]


def _column(model: RowTableModel, name: str) -> int:
    return [spec.name for spec in model.specs].index(name)


def _shown(model: RowTableModel, row_id: int, column: int) -> str:
    row = model.row_of_id(row_id)
    assert row is not None
    return str(model.index(row, column).data())


def _items(qtbot: QtBot, context: ProposalContext) -> ItemsPage:
    page = ItemsPage(context)
    qtbot.addWidget(page)
    return page


def _settled(qtbot: QtBot, context: ProposalContext) -> None:
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)


def test_each_items_total_is_the_pdfs_figure_to_the_cent_and_follows_a_quantity_edit(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    context = ready_context
    page = _items(qtbot, context)
    model = page.table.model
    total = _column(model, "total_over_plan")
    flows = _fresh_result(context).base.items
    assert flows
    for flow in flows:
        assert _shown(model, flow.key, total) == _printed(context, flow.total), flow.name
    header = str(model.headerData(total, Qt.Orientation.Horizontal))
    assert header.replace("\n", " ") == "Total over the plan"
    assert "PDF" in str(
        model.headerData(total, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    )

    item = flows[0]
    quantity = _column(model, "quantity")
    row = model.row_of_id(item.key)
    assert row is not None
    assert model.setData(model.index(row, quantity), str(item.quantity * 2))
    # Out of date until the figures come back, and said so.
    assert _shown(model, item.key, total) == "…"
    _settled(qtbot, context)
    after = next(flow for flow in _fresh_result(context).base.items if flow.key == item.key)
    assert after.total != item.total
    assert _shown(model, item.key, total) == _printed(context, after.total)


def test_an_items_total_cannot_be_typed_over_cleared_or_edited(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    context = ready_context
    page = _items(qtbot, context)
    page.show()
    qtbot.waitExposed(page)
    table = page.table
    model, view = table.model, table.view
    total = _column(model, "total_over_plan")
    index = model.index(0, total)
    shown = str(index.data())
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "5")
    # Typing on it, F2 or Delete leave it as it is, with no undo step and nothing refused.
    depth = context.undo_stack.count()
    view.setFocus()
    view.setCurrentIndex(table.proxy.mapFromSource(index))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.keyClicks(view, "5")
    assert view.state() != QAbstractItemView.State.EditingState
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert context.undo_stack.count() == depth
    assert table.problem_label.text() == ""
    assert str(index.data()) == shown


def test_a_pasted_block_steps_over_the_total_and_lands_on_the_inputs(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    """A block copied from a spreadsheet of the inputs (name, quantity, price) still lands on
    them, the total beside the name taking none of it."""
    context = ready_context
    page = _items(qtbot, context)
    table = page.table
    model = table.model
    total = _column(model, "total_over_plan")
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.setCurrentIndex(table.proxy.index(1, _column(model, "name")))
    assert table.paste_text("Charging lockers\t12\t640\n")
    saved = list_rows(context.library, context.proposal_id, "item")[1]
    assert (saved["name"], saved["quantity"], saved["unit_cost"]) == (
        "Charging lockers",
        12,
        Decimal(640),
    )
    # Pasted from the total's own cell: the block starts at the next column it can go in.
    table.view.setCurrentIndex(table.proxy.index(2, total))
    assert table.paste_text("7\t450\n")
    saved = list_rows(context.library, context.proposal_id, "item")[2]
    assert (saved["quantity"], saved["unit_cost"]) == (7, Decimal(450))
    _settled(qtbot, context)
    flows = {flow.key: flow for flow in _fresh_result(context).base.items}
    assert _shown(model, saved["id"], total) == _printed(context, flows[saved["id"]].total)


def test_items_sort_by_their_total_and_show_a_dash_when_figures_cannot_be_worked_out(
    qtbot: QtBot, ready_context: ProposalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = ready_context
    page = _items(qtbot, context)
    table = page.table
    model, proxy = table.model, table.proxy
    total = _column(model, "total_over_plan")
    table.view.sortByColumn(total, Qt.SortOrder.DescendingOrder)
    flows = sorted(_fresh_result(context).base.items, key=lambda flow: flow.total, reverse=True)
    shown = [str(proxy.index(row, total).data()) for row in range(proxy.rowCount())]
    assert shown == [_printed(context, flow.total) for flow in flows]

    from desktop.finance import ValidationError
    from desktop.finance.result import ValidationIssue

    def refused(_data: object) -> object:
        raise ValidationError([ValidationIssue("students", "must be at least 1.")])

    monkeypatch.setattr("desktop.finance.compute", refused)
    context.request_recalculation()
    _settled(qtbot, context)
    assert {str(proxy.index(row, total).data()) for row in range(proxy.rowCount())} == {"—"}


def test_each_risks_cost_avoided_a_year_is_the_registers_figure(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    context = ready_context
    page = RisksPage(context)
    qtbot.addWidget(page)
    model = page.table.model
    avoided = _column(model, "avoided_per_year")
    risks = _fresh_result(context).base.benefits.risks
    assert risks and any(risk.avoided_per_year for risk in risks)
    for risk in risks:
        assert _shown(model, risk.key, avoided) == _printed(context, risk.avoided_per_year)
        assert not model.flags(model.index(0, avoided)) & Qt.ItemFlag.ItemIsEditable
    assert "risk register" in str(
        model.headerData(avoided, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    )
    # A likelihood halved: the figure follows once it is worked out again.
    risk = next(risk for risk in risks if risk.avoided_per_year > 0)
    row = model.row_of_id(risk.key)
    assert row is not None
    before = model.rows[row]["likelihood_before"]
    assert model.setData(model.index(row, _column(model, "likelihood_before")), "1")
    assert model.rows[row]["likelihood_before"] != before
    _settled(qtbot, context)
    after = next(r for r in _fresh_result(context).base.benefits.risks if r.key == risk.key)
    assert after.avoided_per_year != risk.avoided_per_year
    assert _shown(model, risk.key, avoided) == _printed(context, after.avoided_per_year)


def test_a_plan_of_millions_shows_each_total_whole_in_a_large_font(
    qtbot: QtBot, ready_context: ProposalContext, large_font: QFont
) -> None:
    """The total's column was set for a typical total: an item of millions, at 14 pt, showed
    "$12,5…6.90"."""
    from desktop.services.editing import update_row
    from desktop.ui.row_table import RowTableEditor
    from desktop.ui.steps.items import ITEM_COLUMNS

    context = ready_context
    first = context.proposal_input.items[0]  # type: ignore[union-attr]
    update_row(context.library, "item", first.key, {"quantity": 40_000, "unit_cost": "2500"})
    context.notify_changed("item")
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    editor = RowTableEditor(context, "item", ITEM_COLUMNS)
    qtbot.addWidget(editor)
    editor.refresh()
    editor.show()
    qtbot.waitExposed(editor)
    column = next(n for n, spec in enumerate(editor.model.specs) if spec.name == "total_over_plan")
    shown = [str(editor.model.index(r, column).data()) for r in range(editor.model.rowCount())]
    widest = max(shown, key=len)
    assert len(widest) >= len("$100,000,000.00")
    metrics = editor.view.fontMetrics()
    assert metrics.horizontalAdvance(widest) + 8 <= editor.view.columnWidth(column), widest


def test_figures_that_can_no_longer_be_worked_out_are_announced_for_every_row(
    qtbot: QtBot, ready_context: ProposalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When every figure went, or came, at once, only the first and the last rows were told:
    the rows between kept showing their old totals on screen until something else repainted
    them."""
    context = ready_context
    page = _items(qtbot, context)
    model = page.table.model
    assert model.rowCount() > 3
    told: set[int] = set()
    model.dataChanged.connect(
        lambda first, last, *_: told.update(range(first.row(), last.row() + 1))
    )

    from desktop.finance import ValidationError
    from desktop.finance.result import ValidationIssue

    def refused(_data: object) -> object:
        raise ValidationError([ValidationIssue("students", "must be at least 1.")])

    monkeypatch.setattr("desktop.finance.compute", refused)
    context.request_recalculation()
    _settled(qtbot, context)
    assert told == set(range(model.rowCount()))
