"""Typical items from the template's library, added to a proposal from its Items step: how a
proposal started blank gets the starting list the product promises."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from desktop.services.proposals import create_from_template, create_proposal, template_items
from desktop.services.snapshot import proposal_input
from desktop.ui.dialogs.item_templates import TemplateItemsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.steps.items import ItemsPage
from tests.ui.conftest import WindowFactory, check_box_edge_contrast, on_step, settle


def _items_step(qtbot: QtBot, window: MainWindow, proposal: int) -> ItemsPage:
    """``proposal`` open in ``window`` on its Items step, its figures up to date."""
    page = on_step(qtbot, window, proposal, "items")
    assert isinstance(page, ItemsPage)
    return page


def test_the_template_offers_its_typical_items_with_illustrative_figures() -> None:
    items = template_items()
    assert len(items) >= 15
    assert all(item["figure_source"].startswith("Illustrative") for item in items)
    # Its own goals, risks and metrics are not the proposal's: no links come along.
    assert not any({"goals", "risks", "metrics", "ref"} & item.keys() for item in items)


def test_a_blank_proposal_adds_typical_items_in_one_undo_step(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proposal started blank had only "Add item" and "Import from spreadsheet": the
    template's library of typical items, with labelled illustrative figures, was reachable only
    by starting a new proposal from the template."""
    window = open_window(library_path)
    settle(qtbot, window)
    blank = create_proposal(window.library, "Lakeview 1:1")
    page = _items_step(qtbot, window, blank)
    assert window.context is not None and not page.template_button.isHidden()

    shown: list[TemplateItemsDialog] = []

    def answer(dialog: TemplateItemsDialog) -> int:
        shown.append(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # nothing ticked yet: nothing to add
        for row in (0, 3):
            dialog.list.item(row).setCheckState(Qt.CheckState.Checked)
        assert ok.text() == "&Add 2 items" and ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemsDialog, "exec", answer)
    page.template_button.click()
    qtbot.waitUntil(lambda: len(proposal_input(window.library, blank).items) == 2)
    typical = template_items()
    added = proposal_input(window.library, blank).items
    assert [item.name for item in added] == [typical[0]["name"], typical[3]["name"]]
    assert str(added[0].unit_cost) == typical[0]["unit_cost"]
    assert added[0].figure_source == typical[0]["figure_source"]
    # They are chosen in the table and said so: they had gone in below the fold, unselected.
    chosen = sorted({index.row() for index in page.table.view.selectionModel().selectedRows()})
    assert [page.table.model.rows[row]["name"] for row in chosen] == [item.name for item in added]
    assert window.statusBar().currentMessage().startswith("Added 2 typical items at the end")
    # The Items step says they still carry the template's figures.
    qtbot.waitUntil(lambda: "illustrative figures" in " ".join(_warnings(window)))
    window.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not proposal_input(window.library, blank).items)

    # Offered again, the ones the proposal has are marked as such.
    window.context.undo_stack.redo()
    qtbot.waitUntil(lambda: len(proposal_input(window.library, blank).items) == 2)

    def look(dialog: TemplateItemsDialog) -> int:
        names = [dialog.list.item(row).text().split("\n")[0] for row in range(dialog.list.count())]
        assert names[0] == f"{typical[0]['name']} (already in this proposal)"
        assert names[1] == typical[1]["name"]
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(TemplateItemsDialog, "exec", look)
    page.template_button.click()
    assert len(proposal_input(window.library, blank).items) == 2


def _warnings(window: Any) -> list[str]:
    from desktop.services.wizard import step_statuses

    context = window.context
    statuses = step_statuses(context.proposal_input, context.result)
    return [warning for status in statuses if status.key == "items" for warning in status.warnings]


def test_in_another_currency_the_template_prices_say_they_are_in_us_dollars(qtbot: QtBot) -> None:
    """In a Canadian proposal a Chromebook read "CAD 329.00" and was added as such: the
    template's prices are American, and nothing said so."""
    dialog = TemplateItemsDialog(template_items(), set(), "CAD")
    qtbot.addWidget(dialog)
    first = dialog.list.item(0)
    assert "$329.00" in first.text() and "CAD" not in first.text()
    assert "Its prices are in USD, shown as they are: convert them to CAD." in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )
    first.setCheckState(Qt.CheckState.Checked)
    (added,) = dialog.chosen()
    assert added["notes"].startswith("Template prices in USD: convert them to CAD.")
    assert added["figure_source"] == template_items()[0]["figure_source"]  # still "illustrative"


def test_replacing_a_template_price_clears_its_illustrative_note(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A director who typed their quote over a template item's price still had "Illustrative:
    typical price… Replace with your quote" beside it, in the PDF's item list too, and the Items
    step still asked them to replace figures they had replaced."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None
    proposal = create_from_template(window.library, "Hillcrest 1:1")
    page = _items_step(qtbot, window, proposal)
    assert window.context is not None
    model = page.table.model
    names = [spec.name for spec in model.specs]
    first = proposal_input(window.library, proposal).items[0]
    assert first.figure_source.startswith("Illustrative")
    templated = len(proposal_input(window.library, proposal).items)
    qtbot.waitUntil(lambda: f"{templated} items still have" in " ".join(_warnings(window)))

    # A name or a quantity is not a figure the note speaks of: it stays.
    assert model.setData(model.index(0, names.index("quantity")), "3,900")
    assert proposal_input(window.library, proposal).items[0].figure_source == first.figure_source
    # The price is: the note goes in the same undo step, and the status bar says so.
    assert model.setData(model.index(0, names.index("unit_cost")), "312.50")
    qtbot.waitUntil(lambda: not proposal_input(window.library, proposal).items[0].figure_source)
    assert model.rows[0]["figure_source"] == ""
    assert "Cleared the template’s note on where this item's figures come from" in (
        window.statusBar().currentMessage()
    )
    qtbot.waitUntil(lambda: f"{templated - 1} items still have" in " ".join(_warnings(window)))

    window.context.undo_stack.undo()
    qtbot.waitUntil(
        lambda: (
            proposal_input(window.library, proposal).items[0].figure_source == first.figure_source
        )
    )
    assert str(proposal_input(window.library, proposal).items[0].unit_cost) == "329.00"
    assert model.rows[0]["figure_source"] == first.figure_source

    # Saved again unchanged (a pasted block holding the same price), the price is still the
    # template's: the note stays.
    from desktop.services.editing import update_rows

    previous = update_rows(window.library, "item", {first.key: {"unit_cost": "329"}})
    assert previous == {first.key: {"unit_cost": Decimal("329.00")}}
    assert proposal_input(window.library, proposal).items[0].figure_source == first.figure_source


def test_typical_items_are_sized_to_the_proposals_enrolment(qtbot: QtBot) -> None:
    """A district of 900 students got the template's 4,000 filter licences, 4,160 device
    licences and three technicians: a total four times its own until each was fixed."""
    full = {item["name"]: Decimal(item["quantity"]) for item in template_items()}
    sized = {item["name"]: Decimal(item["quantity"]) for item in template_items(900)}
    assert full["Student Chromebook-class devices"] == 4000
    assert sized["Student Chromebook-class devices"] == 900
    assert sized["Device management (MDM) licenses"] == 936  # 4,160 × 900 / 4,000
    assert sized["Single sign-on and multi-factor authentication"] == 999  # 999.0 exactly
    assert sized["Help desk technicians"] == 1  # 0.675 rounded up: never none
    assert sized["Internet access upgrade to 10 Gbps"] == 1  # one for the district, as before
    assert template_items(4000) == template_items()
    dialog = TemplateItemsDialog(template_items(900), set(), "USD", sized=(4000, 900), byod=True)
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Quantities are sized to this plan's 900 students from the template's 4,000" in said
    assert "In a BYOD plan students bring their own devices" in said
    assert dialog.list.item(0).text().endswith("900 × $329.00")


def test_a_new_price_beside_a_note_of_where_the_old_one_came_from_says_so(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Updating last year's prices, the director left "typical 2026 cooperative pricing… To be
    replaced by the E-Rate bid results" in the case beside this year's figure: only the
    template's own wording was cleared, and nothing pointed at the director's."""
    window = open_window(library_path)
    settle(qtbot, window)
    assert window.library is not None and window.context is not None
    proposal = window.context.proposal_id
    page = _items_step(qtbot, window, proposal)
    model = page.table.model
    names = [spec.name for spec in model.specs]
    sample = proposal_input(window.library, proposal).items[0].figure_source
    assert sample  # the sample says where each figure comes from
    # The director's own words on it (the sample's alone are cleared by a new price, as the
    # template's are: see the services' tests).
    own = f"{sample} To be replaced by the E-Rate bid results."
    assert model.setData(model.index(0, names.index("figure_source")), own)
    first = proposal_input(window.library, proposal).items[0]
    assert first.figure_source == own
    assert model.setData(model.index(0, names.index("quantity")), "250")
    assert "still reads" not in window.statusBar().currentMessage()  # not a price
    assert model.setData(model.index(0, names.index("unit_cost")), "835")
    said = window.statusBar().toolTip() or window.statusBar().currentMessage()
    assert f"Its note on where the figures come from still reads “{first.figure_source[:40]}" in (
        said
    )
    assert proposal_input(window.library, proposal).items[0].figure_source == first.figure_source
    # The sample's note alone goes with the price typed over it.
    second = proposal_input(window.library, proposal).items[1]
    assert second.figure_source.startswith("Illustrative:")
    assert model.setData(model.index(1, names.index("unit_cost")), "1")
    assert proposal_input(window.library, proposal).items[1].figure_source == ""


def test_typical_items_are_sized_by_what_each_counts(qtbot: QtBot) -> None:
    """For 6,200 students, 410 teachers and 250 other staff (6,860 people), the dialog offered
    single sign-on for 6,882, learning days for 403 teachers and 682 training seats for 660
    staff, and the core network of 14 buildings: every item in proportion to the students."""
    people = {"students": 6200, "teachers": 410, "staff": 250}
    sized = {item["name"]: Decimal(item["quantity"]) for item in template_items(people)}
    assert sized["Single sign-on and multi-factor authentication"] == 6860
    assert sized["Professional learning days for teachers"] == 410
    assert sized["Cybersecurity awareness training for staff"] == 660
    assert sized["Student Chromebook-class devices"] == 6200
    assert sized["Core network redundancy and battery backup"] == 9  # per building, as it was
    template = {"students": 4000, "teachers": 260, "staff": 180}
    dialog = TemplateItemsDialog(
        template_items(people), set(), "USD", sized=(template, people),
        per_building=["Core network redundancy and battery backup"],
    )  # fmt: skip
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert (
        "Quantities are sized to this plan's 6,200 students, 410 teachers and 250 other staff "
        "from the template's 4,000, 260 and 180, each item by what it counts, rounded up."
    ) in said
    assert (
        "“Core network redundancy and battery backup” is counted per building and keeps the "
        "template's quantity: give it your own."
    ) in said


def test_a_blank_proposal_is_told_its_staff_items_are_sized_from_the_students(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proposal started blank has no teachers or staff yet: the items counting them are
    sized from its students at the template's ratio, and the dialog says so."""
    window = open_window(library_path)
    settle(qtbot, window)
    blank = create_proposal(window.library, "Lakeview 1:1", students=900)
    page = _items_step(qtbot, window, blank)
    shown: list[str] = []

    def look(dialog: TemplateItemsDialog) -> int:
        shown.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        rows = [dialog.list.item(row).text() for row in range(dialog.list.count())]
        days = next(row for row in rows if row.startswith("Professional learning days"))
        assert "59 × $0.00" in days  # 260 for 4,000 students: 58.5 for 900, rounded up
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(TemplateItemsDialog, "exec", look)
    page.template_button.click()
    assert (
        "Quantities are sized to this plan's 900 students from the template's 4,000" in (shown[0])
    )
    assert (
        "Teachers and other staff are not entered on Basics yet: the items that count them are "
        "sized from the students."
    ) in shown[0]


def test_typical_items_added_to_a_sorted_table_are_said_to_be_where_the_sort_puts_them(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the table sorted by name, the status bar said the typical items were added "at
    the end of the list" while they stood among the others, where the sort put them."""
    window = open_window(library_path)
    settle(qtbot, window)
    blank = create_proposal(window.library, "Lakeview 1:1")
    page = _items_step(qtbot, window, blank)
    rows = iter([3, 0])  # added in turn: the second sorts before the first by name

    def answer(dialog: TemplateItemsDialog) -> int:
        dialog.list.item(next(rows)).setCheckState(Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateItemsDialog, "exec", answer)
    page.template_button.click()
    qtbot.waitUntil(lambda: len(proposal_input(window.library, blank).items) == 1)
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Added 1 typical item at the end of the list")
    )
    settle(qtbot, window)

    page.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.template_button.click()
    qtbot.waitUntil(lambda: len(proposal_input(window.library, blank).items) == 2)
    names = [row["name"] for row in page.table.model.rows]
    assert names == sorted(names)  # it went in first, not last
    message = window.statusBar().currentMessage()
    assert message.startswith("Added 1 typical item where the table’s sort puts it")
    assert "end of the list" not in message


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_unticked_typical_item_shows_its_box_in_a_dark_theme(qtbot: QtBot) -> None:
    """With a dark palette in the Fusion style (Qt's choice on Windows in dark mode) the boxes
    beside the typical items were dark squares on a dark list: nothing showed that each item
    is to be ticked."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_style, before = app.style().name(), app.palette()
    dark = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):  # fmt: skip
        dark.setColor(role, QColor(colour))
    app.setStyle("Fusion")
    app.setPalette(dark)
    try:
        dialog = TemplateItemsDialog(template_items(), set(), "USD")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        widget = dialog.list
        entry = widget.item(1)  # not the current one: no highlight behind it
        assert check_box_edge_contrast(widget, entry) >= 3  # a visible outline
    finally:
        app.setPalette(before)
        app.setStyle(before_style)
