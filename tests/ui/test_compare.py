"""Compare on Home: next year's version against last year's, figures, items and funding."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from desktop.finance import compute
from desktop.finance.compare import compare, comparison_lines
from desktop.finance.money import format_money
from desktop.services.editing import delete_rows, list_rows, update_proposal, update_row
from desktop.services.library import open_library
from desktop.services.proposals import add_sample_proposal, duplicate_proposal
from desktop.services.snapshot import proposal_input
from desktop.ui.dialogs.compare import CompareDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory


def _two_versions(path: Path) -> tuple[int, int]:
    """The sample, and "Riverside 2028": 300 more students, the first item dearer, the
    second taken out, 290 classrooms exposed to lost class time rather than 280."""
    library = open_library(path)
    try:
        first = add_sample_proposal(library)
        add_sample_proposal(library)  # a third proposal, not the one meant
        later = duplicate_proposal(library, first, "Riverside USD — 1:1 Infrastructure 2028–2032")
        update_proposal(library, later, {"students": 4500})
        items = list_rows(library, later, "item")
        update_row(library, "item", items[0]["id"], {"unit_cost": items[0]["unit_cost"] * 2})
        delete_rows(library, "item", [items[1]["id"]])
        lost_time = next(r for r in list_rows(library, later, "risk") if r["exposure"] == 280)
        update_row(library, "risk", lost_time["id"], {"exposure": 290})
    finally:
        library.close()
    return first, later


def _compared(qtbot: QtBot, window: MainWindow, proposal_id: int) -> CompareDialog:
    """The Compare dialog for ``proposal_id``, opened from Home as its button does."""
    window.show_home()
    window.home.select_id(proposal_id)
    dialog = window.home.compare_selected()
    assert isinstance(dialog, CompareDialog)
    qtbot.addWidget(dialog)
    return dialog


def test_compare_on_home_shows_what_changed_since_the_earlier_version(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, later = _two_versions(library_path)
    window = open_window(library_path)
    window.show_home()
    home = window.home
    home.select_id(later)
    assert home.compare_button.isEnabled()
    dialog = home.compare_selected()
    assert isinstance(dialog, CompareDialog)
    qtbot.addWidget(dialog)
    # The proposal it was copied from is offered first, not the other copy of the sample.
    assert dialog.against.currentData() == first
    assert dialog.against.count() == 2

    library = window.library
    assert library is not None
    earlier, newer = proposal_input(library, first), proposal_input(library, later)
    before, after = compute(earlier), compute(newer)
    table = dialog.tabs.widget(0).widget()  # the Figures tab's table
    shown = {
        table.item(row, 0).text(): [table.item(row, c).text() for c in (1, 2, 3)]
        for row in range(table.rowCount())
    }
    change = after.tco_total - before.tco_total
    assert shown["Total cost of ownership"] == [
        format_money(before.tco_total),
        format_money(after.tco_total),
        ("+" if change > 0 else "") + format_money(change),
    ]
    assert shown["Students"] == ["4,200", "4,500", "+300"]
    # The other headcounts and the price rises are there as on Basics, though they stayed.
    assert shown["Teachers"][2] == shown["Other staff"][2] == "No change"
    rises = (
        shown["Yearly price increase (purchases)"],
        shown["Yearly price increase (recurring costs)"],
    )
    assert [rise[2] for rise in rises] == ["No change", "No change"]
    # The two versions' names differ at their end: so do the column titles.
    titles = [table.horizontalHeaderItem(column).text() for column in (1, 2)]
    assert titles[0].endswith("2027–2031") and titles[1].endswith("2028–2032")
    assert dialog.tabs.tabText(1) == "&Items (2 changed)"
    assert dialog.tabs.tabText(2) == "Funding &sources (0 changed)"

    # What stayed the same is there on request.
    items_table = dialog.tabs.widget(1).widget().findChildren(type(table))[0]
    assert items_table.rowCount() == 2
    changes = [items_table.item(r, 3).text() for r in range(items_table.rowCount())]
    assert "Taken out" in changes and any(text.startswith("+$") for text in changes)
    # The dearer item's price is named under its change, on a line of its own.
    prices = {item.name: item.unit_cost for item in earlier.items}
    (dearer,) = [item for item in newer.items if item.unit_cost != prices.get(item.name)]
    names = [items_table.item(r, 0).text() for r in range(items_table.rowCount())]
    cell = changes[names.index(dearer.name)]
    assert cell.split("\n")[1] == (
        f"unit price {format_money(prices[dearer.name])} → {format_money(dearer.unit_cost)}"
    )
    dialog.show_same.setChecked(True)
    items_table = dialog.tabs.widget(1).widget().findChildren(type(table))[0]
    assert items_table.rowCount() == len(before.base.items)
    assert dialog.tabs.currentIndex() == 0  # the tab being read stays

    # The risks, third: the cost each avoids, and the estimate that moved it.
    comparison = compare((earlier, before), (newer, after))
    moved = [line for line in comparison.risks if line.status != "Same"]
    assert dialog.tabs.tabText(3) == f"&Risks ({len(moved)} changed)"
    risks_table = dialog.tabs.widget(3).widget().findChildren(type(table))[0]
    assert risks_table.accessibleName() == "Risks compared"
    rows = {
        risks_table.item(r, 0).text(): risks_table.item(r, 3).text()
        for r in range(risks_table.rowCount())
    }
    assert rows["Class time lost to devices and sign-in problems"].split("\n")[-1] == (
        "exposure 280 → 290"
    )
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "\n".join(
        comparison_lines(compare((earlier, before), (newer, after)))
    )

    # Swapped: the earlier version against the later, every change the other way round.
    # The two proposals' figures are worked out once, not again for the swap.
    import desktop.finance

    # Home works out its list's figures in the background; that is not the dialog's doing.
    qtbot.waitUntil(lambda: not home.figures_pending, timeout=30_000)
    counted: list[object] = []
    real_compute = desktop.finance.compute
    monkeypatch.setattr(
        desktop.finance, "compute", lambda data: counted.append(data) or real_compute(data)
    )
    dialog.swap()
    assert counted == []
    assert dialog.against.currentData() == later
    table = dialog.tabs.widget(0).widget()
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Students")
    assert [table.item(row, c).text() for c in (1, 2, 3)] == ["4,500", "4,200", "\u2212300"]
    dialog.close()


def test_compare_needs_a_second_proposal_and_says_why_one_cannot_be_compared(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(library_path)
    try:
        only = add_sample_proposal(library)
    finally:
        library.close()
    window = open_window(library_path)
    window.show_home()
    home = window.home
    home.select_id(only)
    assert not home.compare_button.isEnabled()
    assert home.compare_selected() is None
    assert not next(a for a in home.row_menu().actions() if "pare" in a.text()).isEnabled()

    assert window.library is not None
    other = add_sample_proposal(window.library)
    home.refresh(select_id=only)
    assert home.compare_button.isEnabled()
    from desktop.finance import ValidationError
    from desktop.finance.result import ValidationIssue

    def refuse_the_other(_data: object) -> object:
        raise ValidationError(
            [ValidationIssue("items[0].quantity", "cannot be negative", "Wi-Fi")] * 2
        )

    monkeypatch.setattr("desktop.finance.compute", refuse_the_other)
    dialog = home.compare_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.against.currentData() == other
    assert not dialog.problem.isHidden()
    assert "cannot be compared until its figures can be worked out" in dialog.problem.text()
    assert "Item “Wi-Fi”, quantity: cannot be negative (and 1 more)." in dialog.problem.text()
    assert dialog.tabs.count() == 0 and not dialog.copy_button.isEnabled()
    dialog.close()


def test_the_compare_dialog_answers_the_keyboard_without_swapping_by_mistake(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Return anywhere in the dialog swapped the comparison (Swap was its default button), and
    Alt+S went to the Funding sources tab as often as to Swap."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    first, later = _two_versions(library_path)
    window = open_window(library_path)
    window.show_home()
    window.home.select_id(later)

    def opened() -> CompareDialog:
        dialog = window.home.compare_selected()
        assert dialog is not None
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.against.setFocus()
        return dialog

    dialog = opened()
    QTest.keyClick(dialog.against, Qt.Key.Key_Return)
    assert dialog.later[0] == later  # not swapped
    assert not dialog.isVisible()  # Return closes, as Escape does

    dialog = opened()
    # Read alone, the combo says which proposal it is compared with; the tabs say what they are.
    assert dialog.against.accessibleDescription() == (
        f"“{dialog.later[1]}” is compared against the proposal chosen here"
    )
    assert dialog.tabs.accessibleName() == "What changed"
    QTest.keyClick(dialog.against, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.later[0] != later, timeout=2_000)  # Alt+W swaps
    assert dialog.later[1] in dialog.against.accessibleDescription()
    # Tab goes from the tab bar into the table it shows, then on to the check box.
    dialog.tabs.setFocus()
    QTest.keyClick(dialog.tabs, Qt.Key.Key_Tab)
    focused = dialog.focusWidget()
    assert focused is not None and focused.accessibleName() == "Headline figures"
    QTest.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.show_same
    dialog.close()


def test_compare_greyed_out_says_what_it_needs(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """With one proposal, Compare was greyed out and its tooltip only said what it does: the
    director could not tell why, nor how to get a second version."""
    window = open_window(library_path)  # the sample alone
    window.show_home()
    home = window.home
    home.select_id(home.model.listing(0).id)
    assert not home.compare_button.isEnabled()
    assert home.compare_button.toolTip().startswith("Compare needs a second proposal: Duplicate")
    library = window.library
    assert library is not None
    duplicate_proposal(library, home.model.listing(0).id, "Next year")
    home.refresh()
    qtbot.waitUntil(lambda: home.model.rowCount() == 2)
    home.select_id(home.model.listing(0).id)
    qtbot.waitUntil(home.compare_button.isEnabled)
    assert home.compare_button.toolTip().startswith("What changed between the selected proposal")


def test_a_home_filter_that_hides_every_proposal_says_so(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Home's filter left on showed an empty list, as if the proposals were gone."""
    window = open_window(library_path)  # the sample alone
    window.show_home()
    home = window.home
    home.filter_box.setText("zzz")
    assert home.proxy.rowCount() == 0 and not home.filtered_out.isHidden()
    assert "No proposals contain \u201czzz\u201d." in home.filtered_out.text()
    assert home.filtered_out.text().endswith("to see 1 proposal.")
    home.filtered_out.linkActivated.emit("clear")
    assert home.proxy.rowCount() == 1 and home.filtered_out.isHidden()


def test_home_lists_a_damaged_proposal_by_its_name_without_figures(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A last-edit moment no Buy-In wrote emptied Home's list; then the damaged proposal was
    listed as "Proposal 1", with figures missing their currency and "Jan 1, 1970"."""
    import sqlite3

    first, _later = _two_versions(library_path)
    with sqlite3.connect(library_path) as connection:
        connection.execute("UPDATE proposal SET updated_at = 'garbage' WHERE id = ?", (first,))
    connection.close()
    window = open_window(library_path)
    window.show_home()
    home = window.home
    model = home.model
    qtbot.waitUntil(lambda: model.rowCount() == 3 and not model.pending)
    (row,) = [n for n in range(model.rowCount()) if model.listing(n).id == first]
    shown = [model.data(model.index(row, column)) for column in range(model.columnCount())]
    assert shown[0] == "Riverside USD — 1:1 Infrastructure 2027–2031"
    assert shown[3:] == ["—", "—", "—", "—"]  # no figures, no made-up date
    tip = model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "Invalid isoformat string: 'garbage'" in tip
    others = [model.listing(n) for n in range(model.rowCount()) if n != row]
    assert all(listing.total_cost is not None for listing in others)


def test_the_dialog_says_a_source_is_not_yet_secured_and_keeps_long_causes_narrow(
    qtbot: QtBot, library_path: Path
) -> None:
    """On screen a source asked for, not awarded, read like any other (only its tooltip said
    so, while the text copied said it); and a risk's changed cost per occurrence ran on one
    line so wide that the names beside it were squeezed to a few words a line."""
    from decimal import Decimal

    library = open_library(library_path)
    try:
        first = add_sample_proposal(library)
        later = duplicate_proposal(library, first, "Next year")
        grant = next(
            row for row in list_rows(library, later, "funding_source") if row["kind"] == "grant"
        )
        update_row(library, "funding_source", grant["id"], {"secured": False})
        ransomware = next(
            row for row in list_rows(library, later, "risk") if row["title"].startswith("Ransom")
        )
        update_row(library, "risk", ransomware["id"], {"cost_before": Decimal(1300000)})
        dialog = CompareDialog(library, later, "Next year", [(first, "The sample")])
        qtbot.addWidget(dialog)
        dialog.resize(1000, 700)
        sources = dialog.tabs.widget(2).widget().findChildren(QTableWidget)[0]
        assert sources.rowCount() == 1
        assert sources.item(0, 0).text() == f"{grant['name']}\nnot yet secured"
        assert sources.item(0, 3).text() == "no longer secured"
        risks = dialog.tabs.widget(3).widget().findChildren(QTableWidget)[0]
        assert risks.item(0, 0).text() == ransomware["title"]
        assert risks.item(0, 3).text().split("\n")[1:] == [
            "cost per occurrence without",
            "mitigation",
            "$1,200,000.00 → $1,300,000.00",
        ]
        dialog.close()
    finally:
        library.close()


def test_the_open_proposal_is_compared_from_the_file_menu_keeping_its_undo(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Compare was on Home only: going there closed the proposal, and with it every Ctrl+Z
    of the session. File ▸ Compare with another proposal… compares the open one in place."""
    first, later = _two_versions(library_path)
    window = open_window(library_path)
    window.open_proposal(later)
    context = window.context
    assert context is not None
    qtbot.waitUntil(lambda: context.result is not None and not context.busy, timeout=10_000)
    assert window.compare_action.isEnabled()
    items = list_rows(context.library, later, "item")
    from desktop.ui.commands import UpdateRowsCommand

    context.push(UpdateRowsCommand(context, "item", {items[0]["id"]: {"quantity": "81"}}))
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    window.compare_action.trigger()
    dialog = window.findChild(CompareDialog)
    assert isinstance(dialog, CompareDialog)
    qtbot.addWidget(dialog)
    assert dialog.against.currentData() == first  # the one it was copied from, first
    assert dialog.comparison is not None
    figures = {row.label: row for row in dialog.comparison.figures}
    assert figures["Total cost of ownership"].after == format_money(context.result.tco_total)  # type: ignore[union-attr]
    dialog.close()
    # Still in the proposal, its edit still undoable.
    assert window.context is context and context.undo_stack.canUndo()
    # At Home it is greyed: Home's own Compare acts on the proposal chosen there.
    window.show_home()
    assert not window.compare_action.isEnabled()


def test_both_names_show_whole_with_their_years(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """On one row with the chosen name, the list was left 24 characters: "Riverside USD — 1:1
    Infrastructure 2" hid the years that tell the versions apart."""
    _first, later = _two_versions(library_path)
    window = open_window(library_path)
    dialog = _compared(qtbot, window, later)
    dialog.resize(900, 640)
    qtbot.waitExposed(dialog)
    shown = dialog.against.currentText()
    assert shown.endswith("2027–2031") or shown.endswith("(2)")
    # Room for the whole name beside the arrow.
    assert dialog.against.width() > dialog.against.fontMetrics().horizontalAdvance(shown) + 20
    assert dialog.chosen.text() == "“Riverside USD — 1:1 Infrastructure 2028–2032”"


def test_the_items_tab_fits_its_change_column_at_a_large_font(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 14 pt the two money columns, titled with the whole names on two lines, pushed the
    Change column ("Taken out", "unit price $800.00 → $1,600.00") past the dialog's edge. The
    titles now say what tells the names apart, the whole names in their tooltips."""
    from PySide6.QtGui import QFont

    _first, later = _two_versions(library_path)
    window = open_window(library_path)
    window.show_home()
    window.home.select_id(later)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = QFont(app.font())
    large = QFont(normal)
    large.setPointSizeF(14)
    app.setFont(large)
    try:
        dialog = window.home.compare_selected()
        assert isinstance(dialog, CompareDialog)
        qtbot.addWidget(dialog)
        dialog.resize(1000, 700)
        qtbot.waitExposed(dialog)
        dialog.tabs.setCurrentIndex(1)
        table = dialog.tabs.currentWidget().findChild(QTableWidget)
        assert table is not None
        titles = [table.horizontalHeaderItem(c).text() for c in (1, 2)]
        assert titles == ["…2027–2031", "…2028–2032"]
        assert table.horizontalHeaderItem(2).toolTip() == dialog.later[1]
        qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=3_000)
    finally:
        app.setFont(normal)


def _rolled_forward(path: Path) -> tuple[int, int]:
    """The sample, and last year's copy of it rolled a year forward: its plan starts a year
    later, and its sign-on item (which mitigates three risks) starts in its second year."""
    library = open_library(path)
    try:
        first = add_sample_proposal(library)
        later = duplicate_proposal(library, first, "Riverside USD — 1:1 Infrastructure 2028–2032")
        start = proposal_input(library, first).fiscal_year_start
        update_proposal(library, later, {"fiscal_year_start": start + 1})
        sign_on = next(
            row for row in list_rows(library, later, "item") if row["name"].startswith("Single")
        )
        update_row(library, "item", sign_on["id"], {"start_year": 2})
    finally:
        library.close()
    return first, later


def _figures_shown(dialog: CompareDialog) -> dict[str, list[str]]:
    table = dialog.tabs.widget(0).widget()  # the Figures tab's table
    return {
        table.item(row, 0).text(): [table.item(row, column).text() for column in (1, 2, 3)]
        for row in range(table.rowCount())
    }


def test_a_plan_rolled_a_year_forward_pays_back_in_the_same_plan_year(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Last year's plan starting 2027 against this year's starting 2028: "Payback on the cost
    after E-Rate" read "Year 3 (2029–30) → Year 3 (2030–31)", "1 year later", and a director
    took it for a payback a year worse, though it comes in the same year of the plan."""
    library = open_library(library_path)
    try:
        first = add_sample_proposal(library)
        later = duplicate_proposal(library, first, "Riverside USD — 1:1 Infrastructure 2028–2032")
        start = proposal_input(library, first).fiscal_year_start
        update_proposal(library, later, {"fiscal_year_start": start + 1})
    finally:
        library.close()
    window = open_window(library_path)
    dialog = _compared(qtbot, window, later)
    shown = _figures_shown(dialog)
    assert shown["Payback on the cost after E-Rate"] == [
        f"Year 3 ({start + 2}–{(start + 3) % 100})",
        f"Year 3 ({start + 3}–{(start + 4) % 100})",
        "Same plan year (year 3);\nthis plan starts a year later",
    ]
    assert shown["Payback"][2] == "No change"  # not within either plan
    assert shown["Plan years"][2] == "Starts a year later"
    dialog.copy_button.click()
    copied = QApplication.clipboard().text().splitlines()
    assert (
        f"  Payback on the cost after E-Rate: Year 3 ({start + 2}–{(start + 3) % 100}) → "
        f"Year 3 ({start + 3}–{(start + 4) % 100}) "
        "(Same plan year (year 3); this plan starts a year later)"
    ) in copied
    dialog.close()


@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768)])
def test_the_dialog_opens_over_most_of_a_small_screen(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen: tuple[int, int],
) -> None:
    """On a 1366×768 screen Compare opened at about 760×560 over a window filling the screen:
    the Risks tab stacked each change eight lines to a row, two or three rows in view."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    width, height = screen
    room = QRect(0, 0, width, height - 40)  # less a taskbar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    _first, later = _rolled_forward(library_path)
    window = open_window(library_path)
    window.resize(room.width(), room.height() - 30)  # as maximised, less its title bar
    dialog = _compared(qtbot, window, later)
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 0.8 * room.width() and dialog.height() >= 0.8 * room.height()
    # Still a dialog on the screen, its frame and title bar within the free area.
    assert dialog.width() <= room.width() - 40 and dialog.height() <= room.height() - 40
    dialog.close()


def test_a_risks_change_names_the_item_that_moved_it_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The Risks tab read "“Single sign-on and multi-factor authent…”, which mitigates it:
    start" over "year" over "1 → 2": the item's name cut mid-word, its change broken apart."""
    _first, later = _rolled_forward(library_path)
    window = open_window(library_path)
    dialog = _compared(qtbot, window, later)
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(3)
    risks = dialog.tabs.currentWidget().findChild(QTableWidget)
    assert risks is not None and risks.rowCount() == 3
    metrics = risks.fontMetrics()
    for row in range(risks.rowCount()):
        cell = risks.item(row, 3).text()
        lines = cell.split("\n")
        assert " ".join(lines[1:]) == (
            "“Single sign-on and multi-factor authentication”, which mitigates it: start year 1 → 2"
        )
        assert lines[-1].endswith("start year 1 → 2")
        # Each line whole in its column, broken between words only.
        assert all(metrics.horizontalAdvance(line) < risks.columnWidth(3) for line in lines)
        assert "…" not in cell
    dialog.copy_button.click()
    assert (
        "“Single sign-on and multi-factor authentication”, which mitigates it: start year 1 → 2"
        in QApplication.clipboard().text()
    )
    dialog.close()
