"""The guided editor as a director uses it: the sample opens with the engine's figures, a whole
proposal is built step by step, edits are undone and survive a restart, bad input is refused."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.finance.money import format_money
from desktop.services.editing import link_state, list_rows
from desktop.services.library import Library
from desktop.services.proposals import find_proposal
from desktop.services.wizard import STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.steps.items import ItemsPage
from desktop.ui.steps.links import LinksPage
from desktop.ui.table_model import PasteRefused
from desktop.wording import quoted
from tests.ui.conftest import ROOT, WindowFactory, engine_tco, on_screen, settle

# The headless platform cannot raise windows or propagate size hints (tooltips, shown windows).
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _view(window: object) -> ProposalView:
    view = getattr(window, "view", None)
    assert isinstance(view, ProposalView)
    return view


def _on_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str
) -> tuple[MainWindow, ProposalView, object]:
    """A window on the sample, its figures up, showing the step ``key`` (and its page)."""
    window = open_window(library_path)
    settle(qtbot, window)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index(key))
    return window, view, view.page_for(key)


def _on_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, ProposalView, ItemsPage]:
    """A window on the sample, its figures up, showing the Items step."""
    window, view, items = _on_step(qtbot, open_window, library_path, "items")
    assert isinstance(items, ItemsPage)
    return window, view, items


def test_first_start_opens_the_sample_with_the_engines_figures(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    assert window.library is not None and window.context is not None
    settle(qtbot, window)
    view = _view(window)
    expected = engine_tco(window.library, window.context.proposal_id)
    assert view.summary.value_text("tco") == expected
    assert window.title_label.text().startswith("Riverside")
    assert window.save_label.text() == "✓ Saved"
    labels = [view.navigator.item(row).text() for row in range(view.navigator.count())]
    assert [label.split("  ")[1] for label in labels] == [step.title for step in STEPS]
    # Every step can be shown without error, including Review and Export.
    for number in range(len(STEPS)):
        view.show_step(number)
        assert view.step_title.text().startswith(f"{number + 1}.")
        assert view.step_guidance.text()


def test_whole_job_from_template_to_reopened_edit(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, names_given: list[str]
) -> None:
    window = open_window(library_path)
    window.show_home()
    template_id = window.home.new_from_template()
    assert template_id is not None and window.context is not None
    assert window.context.proposal_id == template_id
    settle(qtbot, window)
    view = _view(window)
    library = window.library
    assert library is not None

    visited = [view.step_title.text()]
    for _ in range(len(STEPS) - 1):
        view.next_button.click()
        visited.append(view.step_title.text())
    assert visited[-1].startswith("9.") and not view.next_button.isEnabled()

    view.show_step(2)
    items = view.page_for("items")
    assert isinstance(items, ItemsPage)
    model = items.table.model
    quantity_column = [spec.name for spec in model.specs].index("quantity")
    before = view.summary.value_text("tco")
    old_quantity = model.rows[0]["quantity"]
    new_quantity = old_quantity + 7
    assert model.setData(model.index(0, quantity_column), str(new_quantity))
    qtbot.waitUntil(lambda: view.summary.value_text("tco") == engine_tco(library, template_id))
    after = view.summary.value_text("tco")
    assert after != before
    assert model.data(model.index(0, quantity_column)) == f"{new_quantity:,}"

    view.show_step(5)
    links = view.page_for("links")
    assert isinstance(links, LinksPage)
    item_id = model.row_id(0)
    links.select_item(item_id)
    goals = links.lists["goal"]
    unticked = next(
        goals.item(row)
        for row in range(goals.count())
        if goals.item(row).checkState() == Qt.CheckState.Unchecked
    )
    goal_id = int(unticked.data(Qt.ItemDataRole.UserRole))
    unticked.setCheckState(Qt.CheckState.Checked)
    assert (item_id, goal_id) in link_state(library, template_id, "goal")

    stack = window.context.undo_stack
    stack.undo()  # the link
    assert (item_id, goal_id) not in link_state(library, template_id, "goal")
    stack.undo()  # the quantity
    qtbot.waitUntil(lambda: view.summary.value_text("tco") == before)
    assert list_rows(library, template_id, "item")[0]["quantity"] == old_quantity
    stack.redo()
    qtbot.waitUntil(lambda: view.summary.value_text("tco") == after)

    window.close()
    reopened = open_window(library_path)
    assert reopened.context is not None and reopened.context.proposal_id == template_id
    settle(qtbot, reopened)
    assert _view(reopened).summary.value_text("tco") == after
    reopened_items = _view(reopened).page_for("items")
    assert isinstance(reopened_items, ItemsPage)
    assert reopened_items.table.model.rows[0]["quantity"] == new_quantity


def test_invalid_cell_is_refused_with_its_reason_and_not_stored(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window, _, items = _on_items(qtbot, open_window, library_path)
    model = items.table.model
    column = [spec.name for spec in model.specs].index("unit_cost")
    stored = list_rows(window.library, window.context.proposal_id, "item")[0]["unit_cost"]  # type: ignore[union-attr, arg-type]
    depth = window.context.undo_stack.count()  # type: ignore[union-attr]

    assert not model.setData(model.index(0, column), "-5")
    assert not items.table.problem_label.isHidden()
    assert "One-time cost per unit" in items.table.problem_label.text()
    assert "negative" in items.table.problem_label.text()
    assert not model.setData(model.index(0, column), "12.345")
    assert "cents" in items.table.problem_label.text()
    rows = list_rows(window.library, window.context.proposal_id, "item")  # type: ignore[union-attr, arg-type]
    assert rows[0]["unit_cost"] == stored
    assert window.context.undo_stack.count() == depth  # type: ignore[union-attr]


def test_pasting_a_three_by_two_block_is_one_undo_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    settle(qtbot, window)
    view = _view(window)
    items = view.page_for("items")
    assert isinstance(items, ItemsPage)
    table = items.table
    names = [spec.name for spec in table.model.specs]
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # back to the list's own order
    table.view.setCurrentIndex(table.proxy.index(1, names.index("quantity")))
    before = [dict(row) for row in table.model.rows[1:4]]

    assert table.paste_text("10\t$1,250.50\n20\t300\n30\t0.99\n")
    rows = list_rows(window.library, window.context.proposal_id, "item")  # type: ignore[union-attr, arg-type]
    assert [row["quantity"] for row in rows[1:4]] == [10, 20, 30]
    assert [row["unit_cost"] for row in rows[1:4]] == [
        Decimal("1250.50"), Decimal("300.00"), Decimal("0.99"),
    ]  # fmt: skip
    assert table.model.data(table.model.index(1, names.index("unit_cost"))) == "$1,250.50"

    window.context.undo_stack.undo()  # type: ignore[union-attr]
    rows = list_rows(window.library, window.context.proposal_id, "item")  # type: ignore[union-attr, arg-type]
    assert [row["quantity"] for row in rows[1:4]] == [row["quantity"] for row in before]
    assert [row["unit_cost"] for row in rows[1:4]] == [row["unit_cost"] for row in before]

    # One bad cell refuses the whole block, with the cell named.
    assert not table.paste_text("10\t5\n20\tlots\n")
    assert (
        "lots" in table.problem_label.text() and "Nothing was pasted" in table.problem_label.text()
    )
    rows = list_rows(window.library, window.context.proposal_id, "item")  # type: ignore[union-attr, arg-type]
    assert rows[1]["quantity"] == before[0]["quantity"]


def test_cells_copied_from_a_spreadsheet_with_line_breaks_paste_as_the_cells_they_were(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A spreadsheet quotes a cell that holds a line break; the paste split it at the break,
    adding a row named '"Laptop cart' and another named 'with charging"'."""
    window, _view_, items = _on_items(qtbot, open_window, library_path)
    table = items.table
    names = [spec.name for spec in table.model.specs]
    count = len(table.model.rows)
    table.view.clearSelection()
    table.view.setCurrentIndex(table.proxy.index(-1, -1))
    copied = '"Laptop cart\r\nwith charging"\t30\t1200\r\nSecond item\t2\t5\r\n'
    assert table.paste_text(copied)
    rows = list_rows(window.library, window.context.proposal_id, "item")  # type: ignore[union-attr, arg-type]
    assert len(rows) == count + 2
    # A one-line name takes the break as a space, as it does when typed.
    assert [row["name"] for row in rows[-2:]] == ["Laptop cart with charging", "Second item"]
    assert [row["quantity"] for row in rows[-2:]] == [30, 2]
    # Notes keep their lines, and a quote inside a cell stays as copied.
    row = next(
        r
        for r in range(table.proxy.rowCount())
        if table.proxy.index(r, 0).data() == ("Second item")
    )
    table.view.setCurrentIndex(table.proxy.index(row, names.index("vendor")))
    assert table.paste_text('Acme "Pro" Ltd\t"Order by May\nShip in June, ""rush"""\r\n')
    saved = list_rows(window.library, window.context.proposal_id, "item")[-1]  # type: ignore[union-attr, arg-type]
    assert saved["vendor"] == 'Acme "Pro" Ltd'
    assert saved["notes"] == 'Order by May\nShip in June, "rush"'


def test_deleting_items_then_undo_brings_back_rows_and_links(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    settle(qtbot, window)
    library, proposal_id = window.library, window.context.proposal_id  # type: ignore[union-attr]
    assert library is not None
    items = _view(window).page_for("items")
    assert isinstance(items, ItemsPage)
    table = items.table
    links_before = link_state(library, proposal_id, "goal")
    count = len(table.model.rows)
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.selectRow(0)
    table.view.selectionModel().select(
        table.proxy.index(1, 0),
        table.view.selectionModel().SelectionFlag.Select
        | table.view.selectionModel().SelectionFlag.Rows,
    )
    doomed = table.selected_ids()
    assert len(doomed) == 2
    assert any(key[0] in doomed for key in links_before)

    table.remove_button.click()
    assert len(table.model.rows) == count - 2
    assert not any(key[0] in doomed for key in link_state(library, proposal_id, "goal"))

    window.context.undo_stack.undo()  # type: ignore[union-attr]
    assert len(table.model.rows) == count
    assert link_state(library, proposal_id, "goal") == links_before
    assert {row["id"] for row in table.model.rows} >= set(doomed)


def test_navigator_counts_the_warnings_of_each_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    settle(qtbot, window)
    view = _view(window)
    links_row = [step.key for step in STEPS].index("links")
    assert "⚠" not in view.navigator.item(links_row).text()
    items = view.page_for("items")
    assert isinstance(items, ItemsPage)
    items.table.add_button.click()
    items.table.add_button.click()
    qtbot.waitUntil(lambda: "⚠" in view.navigator.item(links_row).text(), timeout=10_000)
    assert view.navigator.item(links_row).text().endswith("⚠ 2")
    tip = view.navigator.item(links_row).toolTip()
    assert "2 items serve no goal" in tip
    assert "2 items have no metric to prove them" in tip


def test_home_filter_and_delete_with_undo(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    names_given: list[str],
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = open_window(library_path)
    window.show_home()
    home = window.home
    assert home.new_from_template() is not None
    window.show_home()
    assert home.proxy.rowCount() == 2
    home.filter_box.setText("riverside")
    assert home.proxy.rowCount() == 1
    home.filter_box.setText("no such district")
    assert home.proxy.rowCount() == 0
    home.filter_box.clear()

    library = window.library
    assert library is not None
    sample_id = find_proposal(library, home.model.listings[-1].name)
    home.select_id(sample_id)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    assert home.delete_selected()
    assert home.proxy.rowCount() == 1
    assert not home.undo_bar.isHidden()
    home.undo_button.click()
    assert home.proxy.rowCount() == 2
    assert home.undo_bar.isHidden()
    names = {listing.name for listing in home.model.listings}
    assert any(name.startswith("Riverside") for name in names)
    qtbot.waitUntil(lambda: not home.figures_pending, timeout=10_000)


def test_basics_refuses_a_bad_value_inline_and_stores_a_good_one(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from desktop.services.proposals import proposal_basics
    from desktop.ui.steps.basics import BasicsPage

    window = open_window(library_path)
    settle(qtbot, window)
    basics = _view(window).page_for("basics")
    assert isinstance(basics, BasicsPage)
    library, proposal_id = window.library, window.context.proposal_id  # type: ignore[union-attr]
    assert library is not None
    students = basics.editors["students"]
    students.setText("zero")  # type: ignore[attr-defined]
    assert not basics.commit("students")
    assert "not a whole number" in basics.problems["students"].text()
    assert proposal_basics(library, proposal_id)["students"] == 4200

    rate = basics.editors["discount_rate"]
    rate.setText("4.5")  # type: ignore[attr-defined]
    assert basics.commit("discount_rate")
    assert proposal_basics(library, proposal_id)["discount_rate"] == Decimal("0.045")
    qtbot.waitUntil(lambda: _view(window).summary.value_text("npv") != "…", timeout=10_000)
    window.context.undo_stack.undo()  # type: ignore[union-attr]
    assert proposal_basics(library, proposal_id)["discount_rate"] == Decimal("0.03")
    assert rate.text() == "3"  # type: ignore[attr-defined]


def test_going_home_and_back_keeps_the_menus_working(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """After visiting every step, Home then reopening the proposal works, and the window's
    menu actions (Home, Undo, Previous/Next step) still respond: building a step's page must
    not tie them to widgets that die with the proposal."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window = open_window(library_path)
    settle(qtbot, window)
    proposal_id = window.context.proposal_id if window.context is not None else 0
    view = _view(window)
    for number in range(len(STEPS)):
        view.show_step(number)
    window.show_home()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old view goes

    window.open_proposal(proposal_id)
    settle(qtbot, window)
    assert window.home_action.isEnabled() and window.next_action.isEnabled()
    window.next_action.trigger()
    assert _view(window).current_step == 1
    window.home_action.trigger()
    assert window.stack.currentWidget() is window.home
    assert window.undo_action.text().replace("&", "").startswith("Undo")


def test_home_lists_proposals_a_to_z(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, names_given: list[str]
) -> None:
    window = open_window(library_path)
    window.show_home()
    assert window.home.new_from_template() is not None  # "1:1 Device Initiative …"
    window.show_home()
    proxy = window.home.proxy
    names = [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]
    assert len(names) == 2 and names == sorted(names, key=str.casefold)


def test_home_says_a_plan_that_never_pays_back_does_not_within_the_plan(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A dash read as "not worked out"; the Home list words the payback as every other screen."""
    window = open_window(library_path)
    window.show_home()
    proxy = window.home.proxy
    qtbot.waitUntil(lambda: str(proxy.index(0, 4).data()) not in ("…", "—"), timeout=10_000)
    assert str(proxy.index(0, 5).data()) == "Not within the plan"


def test_a_long_title_ends_in_an_ellipsis_with_the_whole_name_in_its_tooltip(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = open_window(library_path)
    window.show()
    window.resize(1024, 640)
    assert window.context is not None and window.library is not None
    name = "Plan Integral para la Educación Digital Equitativa " * 3
    from desktop.services.editing import update_proposal

    update_proposal(window.library, window.context.proposal_id, {"name": name.strip()})
    window._show_header()
    qtbot.wait(20)
    title = window.title_label
    assert title.text() == name.strip()
    assert title.shown_text().endswith("…") and len(title.shown_text()) < len(name)
    assert title.toolTip() == name.strip()
    assert title.geometry().right() < window.save_label.geometry().left()


def test_a_cost_past_what_the_engine_computes_is_refused_and_the_figures_stay(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """240 access points at $200,000,000,000 were saved ("✓ Saved"); then every figure went
    blank, the summary said they could not be updated, and every export refused to run. The
    edit is now refused before it is saved, naming the field and the limit."""
    window, view, items = _on_items(qtbot, open_window, library_path)
    model = items.table.model
    column = [spec.name for spec in model.specs].index("unit_cost")
    library, proposal_id = window.library, window.context.proposal_id  # type: ignore[union-attr]
    assert library is not None
    stored = list_rows(library, proposal_id, "item")[0]["unit_cost"]
    tco = view.summary.value_text("tco")
    depth = window.context.undo_stack.count()  # type: ignore[union-attr]

    assert not model.setData(model.index(0, column), "200000000000")
    text = items.table.problem_label.text()
    assert not items.table.problem_label.isHidden()
    assert "One-time cost per unit" in text and "more than $1,000,000,000,000 in a year" in text
    # The header says "Not saved" in two words, the reason in its tooltip: the whole reason
    # there pushed the proposal's title out to "Riverside USD — 1:1 Infra…".
    assert window.save_label.text() == "⚠ Not saved"
    assert "more than $1,000,000,000,000" in window.save_label.toolTip()
    assert list_rows(library, proposal_id, "item")[0]["unit_cost"] == stored
    assert window.context.undo_stack.count() == depth  # type: ignore[union-attr]
    qtbot.wait(100)
    assert view.summary.value_text("tco") == tco == engine_tco(library, proposal_id)
    # Put right and saved: the status line stops saying it was not saved at once.
    assert window.statusBar().currentMessage().startswith("Not saved: ")
    assert model.setData(model.index(0, column), "329")
    qtbot.waitUntil(lambda: window.save_label.text() == "✓ Saved")
    assert not window.statusBar().currentMessage().startswith("Not saved")


def test_a_pasted_block_past_the_limit_is_refused_whole_with_no_undo_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window, _, items = _on_items(qtbot, open_window, library_path)
    library, proposal_id = window.library, window.context.proposal_id  # type: ignore[union-attr]
    assert library is not None
    before = list_rows(library, proposal_id, "item")
    depth = window.context.undo_stack.count()  # type: ignore[union-attr]
    model = items.table.model
    column = [spec.name for spec in model.specs].index("quantity")
    targets = list(range(model.rowCount())) + [None]
    block = [["5", "10.00"], ["900000", "9000000"]]  # quantity, unit cost
    with pytest.raises(PasteRefused, match="more than \\$1,000,000,000,000 in a year"):
        model.paste(targets[-3:], column, block + [["2", "1.00"]])
    assert list_rows(library, proposal_id, "item") == before
    assert window.context.undo_stack.count() == depth  # type: ignore[union-attr]
    # Within the existing rows only, and past the end only: refused the same way.
    for where in (targets[:2], targets[-1:] * 2):
        with pytest.raises(PasteRefused, match="more than \\$1,000,000,000,000 in a year"):
            model.paste(where, column, block)
        assert list_rows(library, proposal_id, "item") == before
        assert window.context.undo_stack.count() == depth  # type: ignore[union-attr]


def test_a_refused_basics_value_says_not_saved_until_it_is_put_right(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "3.4k" in Students stayed in its field, refused, while the header said "✓ Saved" and
    the director moved on to the next step."""
    from desktop.ui.steps.basics import BasicsPage

    window, view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    editor = basics.editors["students"]
    stored = editor.text()
    editor.setText("3.4k")
    assert basics.commit("students") is False
    view.show_step(1)
    assert window.save_label.text() == "⚠ Not saved"
    assert "Students" in window.save_label.toolTip() and "3.4k" in window.save_label.toolTip()
    # The step list said "Basics ✓" beside it: it now counts the field not saved.
    entry = view.navigator.item(0)
    assert entry.text() == "1  Basics  ⚠ 1"
    assert "Students: what was typed is not saved" in entry.toolTip()
    view.show_step(0)
    assert editor.text() == "3.4k"  # kept, to be corrected
    editor.setText(stored)
    assert basics.commit("students") is True
    assert window.save_label.text() == "✓ Saved"
    assert entry.text() == "1  Basics  ✓"


def test_escape_in_a_basics_field_puts_back_the_value_saved(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Escape in Proposal name left "Oops" in the field and the next Tab saved it as the
    proposal's name; in a table's cell Escape puts the old value back."""
    from PySide6.QtTest import QTest

    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    name = basics.editors["name"]
    stored = name.text()
    name.setFocus()
    name.selectAll()
    QTest.keyClicks(name, "Oops")
    QTest.keyClick(name, Qt.Key.Key_Escape)
    assert name.text() == stored
    assert basics.commit("name") is True
    assert basics.values["name"] == stored
    # A refused value given up the same way: the header is back to saved.
    students = basics.editors["students"]
    before = students.text()
    students.setText("3.4k")
    assert basics.commit("students") is False
    assert window.save_label.text() == "⚠ Not saved"
    QTest.keyClick(students, Qt.Key.Key_Escape)
    assert students.text() == before
    assert basics.problems["students"].isHidden()
    assert window.save_label.text() == "✓ Saved"
    # With another field's refusal still standing, the header keeps saying so.
    teachers = basics.editors["teachers"]
    students.setText("abc")
    teachers.setText("xyz")
    assert basics.commit("students") is False and basics.commit("teachers") is False
    QTest.keyClick(students, Qt.Key.Key_Escape)
    assert window.save_label.text() == "⚠ Not saved"
    QTest.keyClick(teachers, Qt.Key.Key_Escape)
    assert window.save_label.text() == "✓ Saved"


def test_a_filter_that_hides_every_row_says_so_with_the_way_back(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, announced: list[str]
) -> None:
    """A filter typed on Items and forgotten left an empty table on coming back, with no word
    and the step still ticked: it looked as if the items were gone. The note is said aloud as
    it appears, and Tab reaches it before the table it stands above."""
    window, _library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    table = page.table
    count = table.model.rowCount()
    assert table.filtered_out.isHidden()
    table.filter_box.setText("zzz")
    assert table.proxy.rowCount() == 0
    assert not table.filtered_out.isHidden()
    said = re.sub(r"<[^>]+>", "", table.filtered_out.text())
    assert said == f"No items contain \u201czzz\u201d. Clear the filter to see {count} items."
    assert table.filtered_out.isVisible() and announced[-1] == said
    chain, widget = [], table.filter_box.nextInFocusChain()
    while widget is not table.view and len(chain) < 50:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert table.filtered_out in chain
    # The link is reached with the keyboard too, not by mouse alone.
    flags = table.filtered_out.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    table.filter_box.setText("Wi-Fi")  # a filter that finds some: nothing to say
    assert table.proxy.rowCount() > 0 and table.filtered_out.isHidden()
    table.filter_box.setText("<b>zzz")  # the typed text is shown as text
    assert "&lt;b&gt;zzz" in table.filtered_out.text()
    table.filtered_out.linkActivated.emit("clear")
    assert table.filter_box.text() == "" and table.proxy.rowCount() == count
    assert table.filtered_out.isHidden()


def test_filters_find_a_name_however_its_accents_were_composed(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A name imported with its accents as separate marks ("e" + U+0301, as macOS files and
    some exports write it) was not found by "école" typed on a keyboard, though the duplicate
    checks took the two for one name."""
    from desktop.services.proposals import create_proposal

    window, library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    decomposed = "Chromebooks for E\u0301cole Saint-Jean"
    table = page.table
    assert table.model.setData(table.model.index(0, 0), decomposed)
    for typed in ("\u00e9cole", "\u00c9COLE saint", "e\u0301cole"):
        table.filter_box.setText(typed)
        assert table.proxy.rowCount() == 1, typed
        assert table.proxy.index(0, 0).data() == decomposed
    table.filter_box.clear()

    create_proposal(library, "\u00c9cole Saint-Jean 1:1 (decomposed: E\u0301cole)")
    create_proposal(library, "Lyce\u0301e du Parc", students=400)
    window.show_home()
    home = window.home
    home.filter_box.setText("lyc\u00e9e")
    assert home.proxy.rowCount() == 1
    assert home.proxy.index(0, 0).data() == "Lyce\u0301e du Parc"
    home.filter_box.setText("LYC\u00c9E DU")
    assert home.proxy.rowCount() == 1


def test_a_filter_reads_each_row_once_and_still_finds_what_was_just_typed(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each letter typed in the filter read and formatted every cell of the table again: half a
    second a letter at 10,000 items. The rows' texts are now kept between letters, and a cell
    edited meanwhile, or a row added, is found by what it now says."""
    _window, _library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    table = page.table
    model = table.model
    import desktop.ui.layouts as layouts

    read: list[str] = []
    original = layouts.match_key

    def counting(text: str) -> str:
        read.append(text)
        return original(text)

    monkeypatch.setattr(layouts, "match_key", counting)
    table.filter_box.setText("c")
    assert len(read) > model.rowCount()  # every row's cells, once
    read.clear()
    table.filter_box.setText("ch")
    table.filter_box.setText("chr")
    assert read == ["ch", "chr"]  # the letters typed; no cell read again
    # An edit is found by its new text; the row it was is not found by the old one.
    old_name = str(model.index(0, 0).data())
    assert model.setData(model.index(0, 0), "Zebra-striped charging lockers")
    table.filter_box.setText("zebra-striped")
    assert table.proxy.rowCount() == 1
    table.filter_box.setText(old_name)
    assert all(
        table.proxy.index(row, 0).data() != old_name for row in range(table.proxy.rowCount())
    )
    table.filter_box.clear()
    assert table.proxy.rowCount() == model.rowCount()


def test_a_shorter_plan_says_what_it_leaves_out(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Five years to three took the funding of years 4 and 5 out of every figure without a
    word; moving the first year already said what it did."""
    from desktop.services.editing import add_row
    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    horizon, line = basics.editors["horizon_years"], basics.problems["horizon_years"]
    horizon.setText("3")
    assert basics.commit("horizon_years") is True
    assert line.text() == (
        "The plan now ends in 2029\u201330: $1,533,820.61 of funding is kept but counted "
        "nowhere. Lengthen the plan again to count it, or Undo."
    )
    horizon.setText("5")
    assert basics.commit("horizon_years") is True
    assert line.isHidden()  # longer: nothing left out to say
    library = window.library
    assert library is not None
    add_row(library, window.context.proposal_id, "item", {"name": "Later", "start_year": 5})
    horizon.setText("4")
    assert basics.commit("horizon_years") is True
    assert "2030\u201331: $818,647.89 of funding and 1 item that starts later are kept" in (
        line.text()
    )


def test_a_rate_typed_as_a_fraction_is_saved_and_questioned(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "0.03" in Discount rate is 0.03%: the net present value moved with no word, where
    the Risks table already asks about a likelihood typed so. A rate of 0.5% is a real one."""
    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    for name, label in (
        ("discount_rate", "Discount rate"),
        ("recurring_escalation_rate", "Yearly price increase (recurring costs)"),
    ):
        editor, line = basics.editors[name], basics.problems[name]
        editor.setText("0.03")
        assert basics.commit(name) is True  # saved as typed
        assert not line.isHidden() and line.text() == (
            f"{label} saved as 0.03%. Rates are typed as percentages: if you meant 3%, type 3."
        )
        assert window.save_label.text() == "✓ Saved"
        for meant in ("0.5", "3", "0.03%"):
            editor.setText(meant)
            assert basics.commit(name) is True
            assert line.isHidden(), meant


def test_leaving_with_a_refused_value_on_screen_asks_first_and_going_back_shows_it(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    left_unsaved: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "4,3OO" typed in Students, refused, then Home or closing the window: the typed text was
    gone without a question."""
    from desktop.ui.steps.basics import BasicsPage

    window, view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    basics.editors["students"].setText("4,3OO")
    assert basics.commit("students") is False
    view.show_step(STEPS.index(next(s for s in STEPS if s.key == "funding")))
    # Going back to it: the window stays on the proposal, on the step holding the field.
    going_back: list[str] = []
    monkeypatch.setattr(
        MainWindow, "ask_leave_unsaved", lambda _w, reason: going_back.append(reason) or False
    )
    window.show_home()
    assert window.view is view and view.current_step == 0
    assert basics.editors["students"].text() == "4,3OO"
    assert window.close() is False and window.view is view and window.library is not None
    assert len(going_back) == 2 and "Students" in going_back[0] and "4,3OO" in going_back[0]
    assert left_unsaved == []
    # Leaving without it: asked once, then Home.
    monkeypatch.setattr(
        MainWindow, "ask_leave_unsaved", lambda _w, reason: left_unsaved.append(reason) or True
    )
    window.show_home()
    assert window.view is None and window.stack.currentWidget() is window.home
    assert len(left_unsaved) == 1
    # Nothing refused: nothing asked.
    window.open_proposal(window.home.selected_id() or 1)
    settle(qtbot, window)
    window.show_home()
    assert len(left_unsaved) == 1


def test_the_leave_question_names_every_refused_value(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, left_unsaved: list[str]
) -> None:
    """Five Basics fields refused ("…and 4 more" under the step): the question before leaving
    named the first alone, and leaving dropped the other four unseen."""
    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    for field, typed in (("students", "4,3OO"), ("teachers", "lots")):
        basics.editors[field].setText(typed)
        assert basics.commit(field) is False
    window.show_home()
    (asked,) = left_unsaved
    lines = asked.splitlines()
    assert len(lines) == 2 and all(line.startswith("\u2022 ") for line in lines), asked
    assert "Students" in lines[0] and "4,3OO" in lines[0]
    assert "Teachers" in lines[1] and "lots" in lines[1]


def test_the_leave_question_follows_what_is_refused_on_screen_not_the_last_save(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused Students value followed by a good edit on another step turned the header to
    "Saved", and Home then dropped the refused text without asking; a refused cell in a table
    sent "Go Back" nowhere; and a failure with nothing typed (an undo whose row had gone)
    asked about "a value typed" that was not there."""
    from desktop.ui.steps.basics import BasicsPage

    window, view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    basics.editors["students"].setText("4,3OO")
    assert basics.commit("students") is False
    items_step = [step.key for step in STEPS].index("items")
    view.show_step(items_step)
    table = view.page_for("items").table  # type: ignore[attr-defined]
    quantity = [spec.name for spec in table.model.specs].index("quantity")
    assert table.model.setData(table.model.index(0, quantity), "12")  # a good edit
    assert window.save_label.text() == "✓ Saved"
    going_back: list[str] = []
    monkeypatch.setattr(
        MainWindow, "ask_leave_unsaved", lambda _w, reason: going_back.append(reason) or False
    )
    window.show_home()
    assert len(going_back) == 1 and going_back[0].startswith("Students — ")
    assert "4,3OO" in going_back[0]
    assert window.view is view and view.current_step == 0
    # Put right, the Items table's refused cell is what is asked about, and shown.
    basics.editors["students"].setText("4300")
    assert basics.commit("students") is True
    view.show_step(len(STEPS) - 2)  # Review
    assert not table.model.setData(table.model.index(0, quantity), "twelve")
    window.show_home()
    assert going_back[-1].startswith("Items — ") and "twelve" in going_back[-1]
    assert window.view is view and view.current_step == items_step
    # Nothing typed on screen (the refusal given up): a failure alone asks nothing.
    table.problem_label.report("")
    window.context.report_failed("The row was removed elsewhere.")  # type: ignore[union-attr]
    assert window.save_label.text() == "⚠ Not saved"
    asked = len(going_back)
    window.show_home()
    assert len(going_back) == asked and window.view is None


def test_removing_a_linked_goal_says_what_went_with_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A goal's links and their reasons went with it without a word."""
    window, _view_, plans = _on_step(qtbot, open_window, library_path, "plans")
    library, proposal_id = window.library, window.context.proposal_id  # type: ignore[union-attr]
    assert library is not None
    table = plans.table  # type: ignore[attr-defined]
    table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.view.selectRow(0)
    (goal_id,) = table.selected_ids()
    links = [key for key in link_state(library, proposal_id, "goal") if key[1] == goal_id]
    assert len(links) > 1
    table.remove_button.click()
    assert window.statusBar().currentMessage() == (
        f"Removed 1 goal and {len(links)} links to it. Ctrl+Z brings them back."
    )


def test_the_reason_box_on_links_says_which_goal_it_is_for(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Once a reason was typed, nothing said what the box under the goals was for."""
    _window, _view_, links = _on_step(qtbot, open_window, library_path, "links")
    assert isinstance(links, LinksPage)
    links.item_list.setCurrentRow(0)  # the first item; its first goal is highlighted
    goal = links.lists["goal"].currentItem()
    assert goal is not None and goal.checkState() == Qt.CheckState.Checked
    code = goal.text().split(" — ")[0]
    assert links.rationale_label.text() == f"Why it serves “{code}”:"
    assert links.rationale_label.buddy() is links.rationale
    assert links.rationale.text()
    for row in range(links.lists["goal"].count()):  # a goal the item does not serve
        if links.lists["goal"].item(row).checkState() != Qt.CheckState.Checked:
            links.lists["goal"].setCurrentRow(row)
            break
    assert not links.rationale.isEnabled()
    assert links.rationale_label.text().endswith("(tick the goal first):")


def test_the_warning_line_says_how_many_more_than_it_shows(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The step list said "⚠ 4" while the line under the step showed three, with no word of
    the fourth."""
    _window, view, items = _on_step(qtbot, open_window, library_path, "items")
    assert isinstance(items, ItemsPage)
    items.table.add_button.click()  # an item with no goal and no metric
    for key in ("plans", "risks"):  # a goal no item serves, a risk no item mitigates
        page = view.page_for(key)
        page.table.add_button.click()  # type: ignore[attr-defined]
    links_row = [step.key for step in STEPS].index("links")
    view.show_step(links_row)
    qtbot.waitUntil(lambda: len(view.statuses[links_row].warnings) == 4, timeout=10_000)
    assert view.step_warnings.text().endswith("and 1 more")
    assert view.step_warnings.toolTip().count("⚠") == 4


def test_the_scenarios_tab_with_no_scenario_says_to_add_one(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """It asked to "choose a scenario in the list" above an empty list."""
    window, _view_, _items = _on_step(qtbot, open_window, library_path, "items")
    window.show_home()

    import desktop.ui.home as home_module

    original = home_module.ask_text
    home_module.ask_text = lambda *_a, **_k: ("No scenarios yet", True)
    try:
        window.home.new_blank()
    finally:
        home_module.ask_text = original
    settle(qtbot, window)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("items"))
    items = view.page_for("items")
    assert isinstance(items, ItemsPage)
    caption = items.scenarios.items_caption.text()
    assert caption.startswith("No scenario yet: add one")


def _goal_codes(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, ProposalView, Any, int]:
    """The sample's Strategic plans step shown: the window, its view, the goals table and the
    column of the goals' codes."""
    window = open_window(library_path)
    settle(qtbot, window)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("plans"))
    table = view.page_for("plans").table  # type: ignore[attr-defined]
    return window, view, table, [spec.name for spec in table.model.specs].index("code")


def test_undo_on_another_step_says_what_it_undid_and_where(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """On Review, Ctrl+Z undid a goal's code on Strategic plans: nothing on screen changed, and
    only the Edit menu's "Undo Change code" had told what it would do."""
    window, view, table, column = _goal_codes(qtbot, open_window, library_path)
    assert table.model.setData(table.model.index(0, column), "SP-9")
    # Which goal's code, by its name ("Change code" alone did not say).
    changed = f"Change code of {quoted(table.model.rows[0]['title'], 40)}"
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())
    view.show_step([step.key for step in STEPS].index("review"))
    window.undo_action.trigger()
    assert table.model.rows[0]["code"] != "SP-9"
    assert window.statusBar().currentMessage() == (
        f"Undone: {changed} (on the Strategic plans step)"
    )
    window.redo_action.trigger()
    assert table.model.rows[0]["code"] == "SP-9"
    assert window.statusBar().currentMessage() == f"Redone: {changed} (on the Strategic plans step)"
    # Undone where it shows, the step needs no naming.
    view.show_step([step.key for step in STEPS].index("plans"))
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == f"Undone: {changed}"
    # A name changed is a rename, named as it was.
    title_column = [spec.name for spec in table.model.specs].index("title")
    old = table.model.rows[0]["title"]
    assert table.model.setData(table.model.index(0, title_column), "Every learner connected")
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == f"Undone: Rename goal {quoted(old, 40)}"
    # A "&" in a name shows as typed, in the status bar and in the Edit menu (where it would
    # otherwise mark the next letter as the item's key, and vanish).
    assert table.model.setData(table.model.index(0, title_column), "Devices & access")
    assert table.model.setData(table.model.index(0, column), "SP-7")
    assert window.undo_action.text() == "&Undo Change code of “Devices && access”"
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == "Undone: Change code of “Devices & access”"


def test_an_undo_that_fails_is_not_announced_as_another_one_done(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """An undo that failed (its row gone from the file) was dropped from the stack, and the
    status bar then named the command the stack pointed at instead: "Undone: …" of something
    not undone."""
    from desktop.services.editing import delete_rows

    window, view, table, column = _goal_codes(qtbot, open_window, library_path)
    assert table.model.setData(table.model.index(0, column), "SP-9")
    assert table.model.setData(table.model.index(1, column), "SP-8")
    second = table.model.rows[1]["title"]
    delete_rows(window.library, "goal", [int(table.model.rows[0]["id"])])  # behind its back
    window.undo_action.trigger()  # SP-8 undone
    assert window.statusBar().currentMessage() == f"Undone: Change code of {quoted(second, 40)}"
    window.statusBar().clearMessage()
    window.undo_action.trigger()  # SP-9's row is gone: it fails
    assert not window.statusBar().currentMessage().startswith("Undone")
    assert window.save_label.text() == "⚠ Not saved"


def test_a_proposal_from_the_template_is_named_by_the_director(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blank proposal asked for its name; one from the template took the template's, "1:1
    Device Initiative Infrastructure", and the next one "… (2)", until the director found
    Rename on Home."""

    from desktop.services.proposals import list_proposals, template_items
    from desktop.services.snapshot import proposal_input
    from desktop.vocabulary import TEMPLATE_PROPOSAL_NAME

    window = open_window(library_path)
    window.show_home()
    assert window.library is not None
    answers = iter([("Hillcrest 1:1 — 2027", True), ("", False)])
    offered: list[str] = []

    def ask(*args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(f"{args[1]} | {kwargs.get('text')}")
        return next(answers)

    monkeypatch.setattr("desktop.ui.home.ask_text", ask)
    before = len(list_proposals(window.library))
    window.new_template_action.trigger()
    # The name offered is the template's own.
    template = json.loads((ROOT / "resources/templates/one_to_one.json").read_text("utf-8"))
    assert TEMPLATE_PROPOSAL_NAME == template["proposal"]["name"]
    assert offered == [f"New proposal from the 1:1 template | {TEMPLATE_PROPOSAL_NAME}"]
    assert window.context is not None
    new_id = window.context.proposal_id
    created = proposal_input(window.library, new_id)
    assert created.name == "Hillcrest 1:1 — 2027"
    assert len(created.items) == len(template_items())  # the template's content came along
    assert window.title_label.text().startswith("Hillcrest 1:1 — 2027")

    # Cancelled, nothing is created and the open proposal stays open.
    window.show_home()
    window.home.new_from_template()
    assert len(list_proposals(window.library)) == before + 1
    assert window.stack.currentWidget() is window.home


def _on_sample_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str
) -> tuple[MainWindow, Library, int, Any]:
    """The sample open on step ``key`` in a window on screen: the window, its library, the
    proposal's id and the step's page."""
    window = open_window(library_path)
    on_screen(qtbot, window)
    view = _view(window)
    library = window.library
    assert library is not None and window.context is not None
    view.show_step([step.key for step in STEPS].index(key))
    return window, library, window.context.proposal_id, view.page_for(key)


def test_a_new_scenario_starts_with_every_item_and_all_can_be_ticked_at_once(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A new scenario held no item, so it cost nothing on Review until each of the plan's
    items was ticked in turn; a scenario of three items out of twenty took seventeen clicks."""
    from PySide6.QtWidgets import QTabWidget

    from desktop.services.snapshot import proposal_input

    window, library, proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage) and window.context is not None
    page.findChildren(QTabWidget)[0].setCurrentIndex(1)
    editor = page.scenarios
    before = len(proposal_input(library, proposal).scenarios)
    items = len(proposal_input(library, proposal).items)

    editor.scenarios.add_button.click()
    qtbot.waitUntil(lambda: len(proposal_input(library, proposal).scenarios) == before + 1)
    new = proposal_input(library, proposal).scenarios[-1]
    assert len(new.item_quantities) == items
    assert all(quantity is None for quantity in new.item_quantities.values())
    editor.scenarios.view.setCurrentIndex(editor.scenarios.proxy.index(before, 0))
    qtbot.waitUntil(lambda: f"keeps {items} of {items} items" in editor.items_caption.text())
    settle(qtbot, window)
    assert editor.keep_all_button.isEnabled() and editor.leave_all_button.isEnabled()

    editor.leave_all_button.click()
    qtbot.waitUntil(lambda: not proposal_input(library, proposal).scenarios[-1].item_quantities)
    qtbot.waitUntil(lambda: f"keeps 0 of {items} items" in editor.items_caption.text())
    model = editor.items_view.model()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    # One undo step brings every tick back.
    window.context.undo_stack.undo()
    qtbot.waitUntil(
        lambda: len(proposal_input(library, proposal).scenarios[-1].item_quantities) == items
    )

    # A scenario with its own quantities keeps them when the rest are ticked.
    lean = proposal_input(library, proposal).scenarios[0]
    kept = dict(lean.item_quantities)
    assert 0 < len(kept) < items
    editor.scenarios.view.setCurrentIndex(editor.scenarios.proxy.index(0, 0))
    qtbot.waitUntil(lambda: f"keeps {len(kept)} of {items} items" in editor.items_caption.text())
    editor.keep_all_button.click()
    qtbot.waitUntil(
        lambda: len(proposal_input(library, proposal).scenarios[0].item_quantities) == items
    )
    after = proposal_input(library, proposal).scenarios[0].item_quantities
    assert {key: after[key] for key in kept} == kept
    window.context.undo_stack.undo()
    qtbot.waitUntil(lambda: proposal_input(library, proposal).scenarios[0].item_quantities == kept)


def test_a_grant_marked_not_yet_secured_says_what_the_plan_lacks_without_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A grant applied for and not yet awarded could only be named "(PENDING)": the Funding
    step said "Every year is fully funded" and the summary a gap of $0.00."""
    from desktop.services.snapshot import proposal_input

    window, library, proposal, page = _on_sample_step(qtbot, open_window, library_path, "funding")
    assert window.context is not None
    model = page.sources.model  # type: ignore[attr-defined]
    names = [spec.name for spec in model.specs]
    assert model.headerData(names.index("secured"), Qt.Orientation.Horizontal) == "Secured"
    row = next(n for n, r in enumerate(model.rows) if r["kind"].value == "grant")
    grant = model.rows[row]["name"]
    assert model.data(model.index(row, names.index("secured"))) == "Yes"
    assert model.setData(model.index(row, names.index("secured")), "No")
    qtbot.waitUntil(
        lambda: (
            [s.name for s in proposal_input(library, proposal).funding if not s.secured] == [grant]
        )
    )
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "not yet secured" in page.position.text())  # type: ignore[attr-defined]
    funding = window.context.result.base.funding  # type: ignore[union-attr]
    assert (
        f"That counts {format_money(funding.pending_total)} not yet secured: without it, the plan "
        f"is short by {format_money(funding.gap_without_pending_total)} in "
    ) in page.position.text()  # type: ignore[attr-defined]
    window.context.undo_stack.undo()
    qtbot.waitUntil(lambda: "not yet secured" not in page.position.text())  # type: ignore[attr-defined]


def test_names_with_markup_show_as_typed_not_as_formatting(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A proposal named "Grades 3<sup>rd</sup>-5 <h1>BIG" turned the CFO summary's caption
    into a superscript and a huge heading, and "&amp;" into "&": names come in colleagues'
    files, and are shown as they were typed."""
    from desktop.services.editing import update_proposal, update_row

    marked = "Grades 3<sup>rd</sup>-5 <h1>BIG</h1> &amp; co"
    window, library, proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    update_proposal(library, proposal, {"name": marked})
    lean = list_rows(library, proposal, "scenario")[0]
    update_row(library, "scenario", lean["id"], {"name": f"Lean {marked}"})
    window.open_proposal(proposal)
    settle(qtbot, window)
    assert window.view is not None
    caption = window.view.summary.caption
    qtbot.waitUntil(lambda: "BIG" in caption.text())
    line = caption.fontMetrics().lineSpacing()
    assert marked in caption.text()
    assert caption.textFormat() == Qt.TextFormat.PlainText
    assert caption.heightForWidth(caption.width()) <= 4 * line  # no heading-sized line
    window.view.show_step([step.key for step in STEPS].index("items"))
    items = window.view.page_for("items")
    assert isinstance(items, ItemsPage)
    from PySide6.QtWidgets import QTabWidget

    items.findChildren(QTabWidget)[0].setCurrentIndex(1)
    editor = items.scenarios
    editor.scenarios.view.setCurrentIndex(editor.scenarios.proxy.index(0, 0))
    qtbot.waitUntil(lambda: "BIG" in editor.items_caption.text())
    assert f"Lean {marked}" in editor.items_caption.text()
    assert editor.items_caption.textFormat() == Qt.TextFormat.PlainText


def test_a_value_refused_in_a_table_turns_the_header_to_not_saved(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "12k" in a Quantity cell was refused under the table while the header still said
    "✓ Saved", as if nothing typed was waiting; a Basics field said "⚠ Not saved"."""
    window, _library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    model = page.table.model
    quantity = [spec.name for spec in model.specs].index("quantity")
    assert window.save_label.text() == "✓ Saved"
    assert not model.setData(model.index(0, quantity), "12k")
    assert window.save_label.text() == "⚠ Not saved"
    assert "uses k, M or B" in window.save_label.toolTip()
    assert model.setData(model.index(0, quantity), "245")
    qtbot.waitUntil(lambda: window.save_label.text() == "✓ Saved")

    # The year grid of the Funding step, and a refusal given up (Esc).
    assert window.view is not None
    window.view.show_step([step.key for step in STEPS].index("funding"))
    funding = window.view.page_for("funding")
    grid = funding.grid  # type: ignore[attr-defined]
    assert not grid.setData(grid.index(0, 0), "1.5M")
    assert window.save_label.text() == "⚠ Not saved"
    funding.grid_view.itemDelegate().abandoned.emit()  # type: ignore[attr-defined]
    assert window.save_label.text() == "✓ Saved"


def test_a_paste_the_full_disk_refused_says_so_in_one_sentence(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk's message ends in a full stop, and the paste added another: "…and try
    again.. Nothing was pasted."."""
    from desktop.services import editing
    from desktop.services.library import LibraryDiskError, not_saved_message

    window, _library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    table = page.table

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise LibraryDiskError(not_saved_message("library.buyinlib", "full"))

    monkeypatch.setattr(editing, "update_rows", full_disk)
    names = [spec.name for spec in table.model.specs]
    table.view.setCurrentIndex(table.proxy.index(0, names.index("quantity")))
    assert not table.paste_text("12\n")
    said = table.problem_label.text()
    assert said.endswith("free some space on that disk and try again. Nothing was pasted.")
    assert ".." not in said
    # Clearing cells says it the same way.
    with pytest.raises(PasteRefused) as refused:
        table.model.clear([(0, names.index("unit_cost"))])
    assert str(refused.value).endswith("try again. Nothing was cleared.")


def test_a_refused_paste_says_why_and_leaves_nothing_waiting_to_be_put_right(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A paste refused as a whole ("12k" into a cost, a figure onto the funding totals) turned
    the header to "⚠ Not saved" until the proposal closed, and closing asked the director to
    put right a value that was nowhere on screen."""
    window, _library, _proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    table = page.table
    cost = [spec.name for spec in table.model.specs].index("unit_cost")
    table.view.setCurrentIndex(table.proxy.index(0, cost))
    assert not table.paste_text("12k")
    assert "uses k, M or B" in table.problem_label.text()
    assert "Nothing was pasted" in table.problem_label.text()
    assert window.save_label.text() == "✓ Saved"
    assert window.view is not None and window.view.refused_on_screen() == []
    # Wider than the table from the last column: said in whole words.
    table.view.setCurrentIndex(table.proxy.index(0, table.model.columnCount() - 1))
    assert not table.paste_text("a\tb")
    assert "2 columns wide, and the table has 1 column from the selected cell on" in (
        table.problem_label.text()
    )

    window.view.show_step([step.key for step in STEPS].index("funding"))
    funding = window.view.page_for("funding")
    grid = funding.grid  # type: ignore[attr-defined]
    totals_row = len(grid.sources)
    assert not grid.paste(totals_row, 0, [["5"]])
    problem = funding.problem.text()  # type: ignore[attr-defined]
    assert "worked out from the sources: paste into a funding source's row" in problem
    assert window.save_label.text() == "✓ Saved"
    assert window.view.refused_on_screen() == []
    # A value typed and refused still waits to be put right, as before.
    assert not grid.setData(grid.index(0, 0), "1.5M")
    assert window.save_label.text() == "⚠ Not saved"
    assert len(window.view.refused_on_screen()) == 1


def test_a_direction_override_in_a_name_does_not_reverse_it_on_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """An item imported as "Lap" + U+202E + "top; DROP TABLE item" showed in the Items table as
    "Lap meti ELBAT PORD ;pot"; a proposal name with one read backwards in the header and on
    Home. The name is kept as given (and edited as given); cells, title and lists show it
    without the override, as the summary and the command line already did."""
    from desktop.services.editing import update_proposal, update_row

    window, library, proposal, page = _on_sample_step(qtbot, open_window, library_path, "items")
    assert isinstance(page, ItemsPage)
    spoof = "Lap\u202etop; DROP TABLE item"
    first = list_rows(library, proposal, "item")[0]
    update_row(library, "item", first["id"], {"name": spoof})
    update_proposal(library, proposal, {"name": "Plan \u202d2027"})
    window.open_proposal(proposal)
    settle(qtbot, window)
    assert window.view is not None
    window.view.show_step([step.key for step in STEPS].index("items"))
    items = window.view.page_for("items")
    assert isinstance(items, ItemsPage)
    model = items.table.model
    name = [spec.name for spec in model.specs].index("name")
    row = model.row_of_id(first["id"])
    assert row is not None
    assert model.data(model.index(row, name)) == "Laptop; DROP TABLE item"
    assert model.data(model.index(row, name), Qt.ItemDataRole.EditRole) == spoof
    assert window.title_label.text() == "Plan 2027"
    window.view.show_step([step.key for step in STEPS].index("links"))
    links = window.view.page_for("links")
    listed = [links.item_list.item(n).text() for n in range(links.item_list.count())]  # type: ignore[attr-defined]
    assert "Laptop; DROP TABLE item" in listed
    window.show_home()
    home = window.home
    names = [str(home.proxy.index(n, 0).data()) for n in range(home.proxy.rowCount())]
    assert "Plan 2027" in names


def test_a_logo_named_jpg_that_is_a_png_is_kept_as_a_png(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, tmp_path: Path
) -> None:
    """A logo chosen on Basics is kept as the kind of image its bytes show, not the kind its
    file's name says, so the PDF and a shared copy draw it as what it is (a guard: the library
    has detected the kind since logos were decoded whole)."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    from desktop.services.snapshot import proposal_input
    from desktop.ui.steps.basics import BasicsPage

    window, _view_, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path = tmp_path / "district-logo.jpg"
    path.write_bytes(bytes(buffer.data()))
    assert basics.load_logo_file(path)
    assert window.library is not None and window.context is not None
    stored = proposal_input(window.library, window.context.proposal_id)
    assert stored.logo_media_type == "image/png"
    assert basics.values["logo_media_type"] == "image/png"


def test_the_fiscal_year_starts_in_a_month_chosen_by_its_name(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The first month of the fiscal year was a box holding "7": the director had to count."""
    from PySide6.QtWidgets import QComboBox

    from desktop.services.proposals import proposal_basics
    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    months = basics.editors["fiscal_year_start_month"]
    assert isinstance(months, QComboBox)
    assert months.currentText() == "July"
    assert [months.itemText(i) for i in (0, 8, 11)] == ["January", "September", "December"]
    library, proposal_id = window.context.library, window.context.proposal_id  # type: ignore[union-attr]
    months.setCurrentIndex(months.findText("January"))
    months.activated.emit(months.currentIndex())
    assert proposal_basics(library, proposal_id)["fiscal_year_start_month"] == 1
    window.context.undo_stack.undo()  # type: ignore[union-attr]
    assert proposal_basics(library, proposal_id)["fiscal_year_start_month"] == 7
    assert months.currentText() == "July"


def test_a_long_reason_on_links_wraps_in_view_and_enter_saves_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The reason box was one line: a reason of two sentences showed its first words alone."""
    from desktop.ui.steps.links import ID_ROLE

    window, _view_, links = _on_step(qtbot, open_window, library_path, "links")
    assert isinstance(links, LinksPage)
    window.resize(1366, 768)
    links.item_list.setCurrentRow(0)
    goal = links.lists["goal"].currentItem()
    assert goal is not None
    reason = (
        "Every classroom needs coverage for thirty devices at once; the new access points "
        "carry the online tests the state gives each spring."
    )
    box = links.rationale
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, reason)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # saves; no new line in a one-paragraph reason
    library, proposal_id = window.context.library, window.context.proposal_id  # type: ignore[union-attr]
    key = (links.current_item_id(), goal.data(ID_ROLE))
    assert link_state(library, proposal_id, "goal")[key] == reason
    assert box.text() == reason
    qtbot.waitUntil(lambda: box.verticalScrollBar().maximum() == 0)  # all of it in view
    assert box.height() > 3 * box.fontMetrics().lineSpacing()


def test_moving_the_first_fiscal_year_says_the_whole_plan_moved_with_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Rolling last year's case forward, the director moved the first year on: every purchase,
    grant and saving came along a year later, and nothing said so."""
    from desktop.ui.steps.basics import BasicsPage

    window, view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    year = basics.editors["fiscal_year_start"]
    year.setText("2028")
    assert basics.commit("fiscal_year_start")
    note = basics.problems["fiscal_year_start"]
    assert not note.isHidden()
    assert note.text().startswith(
        "The whole plan moved 1 year later: plan year 1 is now 2028–29, and every purchase, "
        "funding amount and saving moved with it."
    )
    # Prices are not raised with it: the case totals the same, now read as later prices.
    assert note.text().endswith(
        "The prices stay as typed and now read as 2028–29 prices: update them from this "
        "year's quotes."
    )
    # A note, not a refusal: saved, and nothing is left unsaved.
    assert window.save_label.text() == "✓ Saved"
    assert view.navigator.item(0).text() == "1  Basics  ✓"
    window.context.undo_stack.undo()  # type: ignore[union-attr]
    assert year.text() == "2027"
    assert note.isHidden()


def test_a_new_headcount_offers_to_move_the_figures_sized_to_the_old_one(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Students went from 4,200 to 4,350 and the filter and curriculum licenses stayed at
    4,200: the cost per student fell as if 150 students came free."""
    from desktop.services.headcounts import SizedFigure
    from desktop.ui.steps.basics import BasicsPage

    window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    library, proposal_id = window.context.library, window.context.proposal_id  # type: ignore[union-attr]

    def quantities() -> dict[str, Decimal]:
        return {row["name"]: row["quantity"] for row in list_rows(library, proposal_id, "item")}

    asked: list[list[SizedFigure]] = []
    answer = [False]
    monkeypatch.setattr(
        BasicsPage, "ask_to_follow", lambda _page, figures: asked.append(figures) or answer[0]
    )
    before = quantities()
    basics.editors["students"].setText("4350")
    assert basics.commit("students")
    changed = {(f.name, f.old, f.new, f.counts) for f in asked[0]}
    assert changed == {
        ("Cloud web filter covering devices at home", 4200, 4350, "students"),
        ("Digital reading and mathematics curriculum licenses", 4200, 4350, "students"),
        ("Single sign-on and multi-factor authentication", 4670, 4820, "everyone"),
    }  # fmt: skip
    assert quantities() == before  # "Leave Them": nothing moved

    answer[0] = True
    basics.editors["teachers"].setText("290")
    assert basics.commit("teachers")
    risks = {row["title"]: row["exposure"] for row in list_rows(library, proposal_id, "risk")}
    now = quantities()
    assert now["Cybersecurity awareness training for all staff"] == 480  # all staff
    # Left at 4,670 above, it no longer matches everyone (4,820): not asked about again.
    assert now["Single sign-on and multi-factor authentication"] == 4670
    assert now["Cloud web filter covering devices at home"] == 4200  # students did not change
    assert 290 in risks.values() and 280 not in risks.values()
    # The lean scenario's own quantity, a learning day per teacher, was asked about and moved:
    # it had stayed at 280 beside the proposal's 290 teachers.
    from desktop.services.grid_edits import scenario_entries

    [in_lean] = [f for f in asked[1] if f.entity == "scenario_entry"]
    assert (in_lean.name, in_lean.scenario, in_lean.old, in_lean.new) == (
        "Teacher professional learning days",
        "Lean",
        280,
        290,
    )
    assert scenario_entries(library, proposal_id)[(in_lean.row_id, in_lean.item_id)] == 290
    said = window.statusBar().currentMessage()
    assert said == f"Moved {len(asked[1])} figures to the new headcount; Ctrl+Z puts them back."
    # One undo puts the figures back, the next the headcount.
    stack = window.context.undo_stack  # type: ignore[union-attr]
    stack.undo()
    assert quantities() == before
    assert scenario_entries(library, proposal_id)[(in_lean.row_id, in_lean.item_id)] == 280
    assert basics.editors["teachers"].text() == "290"
    stack.undo()
    assert basics.editors["teachers"].text() == "280"


def test_a_template_proposal_follows_each_headcount_with_what_counts_it_and_its_e_rate(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A district of 6,200 students, 410 teachers and 250 other staff on the template: the
    learning days went 260 → 403 with the students, the core network of nine buildings to 14,
    the teachers' change then left the learning days out, and the E-Rate stayed at the
    discount on the old access points under "60% discount on the year-1 Wi-Fi and switching
    purchases"."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.grid_edits import funding_amounts
    from desktop.services.headcounts import SizedFigure
    from desktop.services.proposals import create_from_template
    from desktop.ui.steps.basics import BasicsPage

    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None
    library = window.library
    proposal_id = create_from_template(library, "Hillcrest 1:1")
    window.open_proposal(proposal_id)
    settle(qtbot, window)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("basics"))
    basics = view.page_for("basics")
    assert isinstance(basics, BasicsPage)

    def quantities() -> dict[str, Decimal]:
        return {row["name"]: row["quantity"] for row in list_rows(library, proposal_id, "item")}

    sources = {row["name"]: row["id"] for row in list_rows(library, proposal_id, "funding_source")}
    purchases = sources["E-Rate Category 2 (network purchases)"]
    asked: list[list[SizedFigure]] = []

    def change_them(_page: BasicsPage, figures: list[SizedFigure]) -> bool:
        asked.append(figures)
        return True

    monkeypatch.setattr(BasicsPage, "ask_to_follow", change_them)
    before, was_e_rate = quantities(), funding_amounts(library, proposal_id)
    basics.editors["students"].setText("6200")
    assert basics.commit("students")
    now = quantities()
    assert now["Student Chromebook-class devices"] == 6200
    assert now["Wi-Fi access points"] == 465
    for kept in (
        "Professional learning days for teachers",
        "Cybersecurity awareness training for staff",
        "Core network redundancy and battery backup",
    ):
        assert now[kept] == before[kept], kept
    # The E-Rate on the access points and switches came along: 60% of their purchase.
    assert funding_amounts(library, proposal_id)[(purchases, 1)] == 479250
    # Moved by Buy-In at the share their notes state, the E-Rate lines keep those notes.
    e_rate_notes = [
        row["notes"]
        for row in list_rows(library, proposal_id, "funding_source")
        if row["name"].startswith("E-Rate")
    ]
    assert len(e_rate_notes) == 2 and all("60% discount" in note for note in e_rate_notes)
    assert (
        window.statusBar()
        .currentMessage()
        .endswith("to the new headcount and 6 E-Rate amounts with them; Ctrl+Z puts them back.")
    )

    # The question itself says what the E-Rate becomes, one line for each source.
    monkeypatch.undo()  # the question itself, not the answer the tests give it
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    BasicsPage.ask_to_follow(basics, asked[0])
    monkeypatch.setattr(BasicsPage, "ask_to_follow", change_them)
    said = shown[0].informativeText()
    assert "With them, the E-Rate, 60% of the eligible items' cost, as its notes state:" in said
    assert "• “E-Rate Category 2 (network purchases)”: $309,600.00 → $479,250.00 in 2027–28" in (
        said
    )
    assert "• “E-Rate (internet access and support licenses)”: $345,498.13 → " in said
    assert "over 2027–28 to 2031–32" in said
    assert "“E-Rate (internet access and support licenses)”: $65,631.60 → $81,297.90 in " in (
        shown[0].detailedText()
    )

    # The teachers' change offers the teachers' items, which the students' had left alone.
    basics.editors["teachers"].setText("410")
    assert basics.commit("teachers")
    assert quantities()["Professional learning days for teachers"] == 410
    assert {f.name for f in asked[1] if f.entity == "item"} == {
        "Professional learning days for teachers",
        "Instructional technology coaches",
        "Cybersecurity awareness training for staff",
        "Single sign-on and multi-factor authentication",
    }
    # One undo puts the teachers' figures back; the next the teachers; the next the students'
    # figures, E-Rate and all.
    stack = window.context.undo_stack  # type: ignore[union-attr]
    for _ in range(3):
        stack.undo()
    assert quantities() == before
    assert funding_amounts(library, proposal_id) == was_e_rate


def test_the_headcount_question_lists_every_figure_before_one_answer_for_all(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six figures were listed and the rest said as "and 14 mores", where a help desk
    technician could hide, while the answer moved them all."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.headcounts import SizedFigure
    from desktop.ui.steps.basics import FOLLOW_LISTED, BasicsPage

    _window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    figures = [
        SizedFigure("item", n, f"Item {n}", "quantity", Decimal(4000), Decimal(4100), "students")
        for n in range(FOLLOW_LISTED + 4)
    ]
    monkeypatch.undo()  # the question itself, not the answer the tests give it
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    BasicsPage.ask_to_follow(basics, figures)
    [box] = shown
    assert "and 4 more (Show Details lists them all)" in box.informativeText()
    assert all(f"“Item {n}”: 4,000 → 4,100" in box.detailedText() for n in range(len(figures)))


def test_the_export_step_says_what_is_still_to_do_before_the_cfo_reads_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A draft with the district empty and Students still the blank default went to the CFO
    with nothing said on Export: the PDF read "a district of 1,000 students"."""
    from desktop.services.proposals import create_proposal
    from desktop.services.wizard import STEPS
    from desktop.ui.steps.export import ExportPage

    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None and window.view is not None
    window.view.show_step(len(STEPS) - 1)
    page = window.view.page_for("export")
    assert isinstance(page, ExportPage)
    assert page.still_to_do.isHidden()  # the sample has nothing left to do
    draft = create_proposal(window.library, "Quick draft")
    window.open_proposal(draft)
    settle(qtbot, window)
    window.view.show_step(len(STEPS) - 1)
    page = window.view.page_for("export")
    assert isinstance(page, ExportPage)
    said = page.still_to_do.text()
    assert not page.still_to_do.isHidden()
    assert said.startswith("Before the CFO reads it, 6 steps still have something to do:")
    assert "\n⚠ Basics: The district's name is empty (and 2 more)\n" in said
    assert "⚠ Funding: " in said


def test_a_value_typed_another_way_to_the_one_stored_is_shown_as_stored(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "usd" typed over USD was taken as USD but stayed "usd" in the field, and "4,200.0" over
    4,200 students stayed as typed: a changed value is shown as stored, these were not."""
    from desktop.ui.steps.basics import BasicsPage

    _window, _view, basics = _on_step(qtbot, open_window, library_path, "basics")
    assert isinstance(basics, BasicsPage)
    for name, typed in (("currency", "usd"), ("students", "4200.0")):
        shown = basics.editors[name].text()
        basics.editors[name].setText(typed)
        assert basics.commit(name) is True
        assert basics.editors[name].text() == shown


def test_the_clipboard_grid_reads_cells_as_spreadsheets_write_them() -> None:
    from desktop.ui.row_table import parse_clipboard_grid

    # Excel (CRLF), LibreOffice (LF), a last tab and a last line break.
    assert parse_clipboard_grid("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]
    assert parse_clipboard_grid("a\tb\nc\t\n") == [["a", "b"], ["c", ""]]
    # Quoted only where a cell holds a break, a tab or opens with a quote.
    assert parse_clipboard_grid('"x\ny"\t"t\tab"\t"""q"" r"\n') == [["x\ny", "t\tab", '"q" r']]
    # A quote that opens no quoted cell stays as copied.
    assert parse_clipboard_grid('5" screen\t"open\tend') == [['5" screen', '"open', "end"]]
    assert parse_clipboard_grid("") == []
    # A cell in quotes with nothing a spreadsheet quotes for was copied from an editor, quotes
    # and all: "c" lost them.
    assert parse_clipboard_grid('"a\tb\n"c"\td') == [['"a', "b"], ['"c"', "d"]]
    assert parse_clipboard_grid('"Lean"\t2') == [['"Lean"', "2"]]
