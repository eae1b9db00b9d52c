"""The quote import dialog as a director uses it: choose a file, check, fix the columns, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.library import Library
from desktop.services.proposal_format import export_document
from desktop.services.snapshot import proposal_input
from desktop.ui.dialogs.import_items import PROBLEM_COLOUR, REFUSED_COLOUR, ImportItemsDialog

# The offscreen platform used in tests cannot size native windows; harmless, and not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

QUOTES = Path(__file__).resolve().parent.parent / "data" / "quotes"


def open_dialog(qtbot: QtBot, library: Library, proposal_id: int) -> ImportItemsDialog:
    dialog = ImportItemsDialog(library, proposal_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialog: ImportItemsDialog, path: Path
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), ""))
    )
    dialog.choose_file()
    settle(qtbot, dialog)


def settle(qtbot: QtBot, dialog: ImportItemsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.status.text().endswith("…"), timeout=10_000)


def test_a_clean_quote_imports_every_row_at_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    count = len(proposal_input(library, sample_id).items)
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    assert [dialog.sheet_combo.itemText(i) for i in range(3)] == ["Cover", "Items", "Alternates"]
    assert dialog.sheet_combo.currentText() == "Items"
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 2 items"
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 1).text() == "Help desk seat"
    assert dialog.problems.item(0).text() == "None: every row can be imported."
    dialog.grab().save(str(tmp_path / "import-dialog-clean.png"))
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    items = proposal_input(library, sample_id).items
    assert [item.key for item in items[count:]] == dialog.imported_ids
    assert [item.name for item in items[count:]] == ["Help desk seat", "Teacher coaching day"]


def test_another_sheet_can_be_picked(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int
) -> None:
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    dialog.sheet_combo.setCurrentIndex(2)
    dialog.sheet_combo.activated.emit(2)
    settle(qtbot, dialog)
    assert dialog.table is not None and dialog.table.sheet_name == "Alternates"
    assert dialog.preview.item(0, 1).text() == "Premium access point"
    assert dialog.import_button.text() == "&Import 1 item"


def test_bad_rows_are_marked_listed_and_block_the_import(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    before = export_document(library, sample_id)
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "bad_rows.csv")
    assert not dialog.import_button.isEnabled()
    assert "5 rows have problems" in dialog.status.text()
    lines = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert lines[0] == "Row 2, column 'Unit price', value 'abc': not a number"
    assert len(lines) == 6
    headers = [
        dialog.preview.horizontalHeaderItem(c).text() for c in range(dialog.preview.columnCount())
    ]
    price_column = headers.index("One-time cost per unit")
    refused = dialog.preview.item(0, price_column)
    assert refused.text() == "abc"  # what the file says, not a silent $0.00
    assert refused.background().color() == REFUSED_COLOUR
    assert dialog.preview.item(0, 1).background().color() == PROBLEM_COLOUR
    clean_row = dialog.preview.rowCount() - 1
    assert dialog.preview.item(clean_row, 1).text() == "Mouse"
    assert dialog.preview.item(clean_row, 1).background().color() != PROBLEM_COLOUR
    dialog.grab().save(str(tmp_path / "import-dialog-problems.png"))
    assert export_document(library, sample_id) == before


def test_changing_a_column_field_rechecks_the_rows(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    quote = tmp_path / "odd.csv"
    quote.write_text("Thing,Qty,Dollars\nRouter,2,450\nFirewall,1,1200\n")
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    assert not dialog.import_button.isEnabled()
    assert "no column holds the item names" in dialog.problems.item(0).text()
    for row, field in ((0, "name"), (2, "unit_cost")):
        combo = dialog.mapping.cellWidget(row, 2)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(field))
        settle(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    assert dialog.preview.item(1, 3).text() == "$1,200.00"
    dialog.import_button.click()
    assert [item.unit_cost for item in proposal_input(library, sample_id).items[-2:]] == [450, 1200]


def test_a_file_that_is_not_a_spreadsheet_is_explained(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int
) -> None:
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "really_a_png.csv")
    assert (
        dialog.status.text()
        == "really_a_png.csv is a PNG image, not a spreadsheet (.csv or .xlsx)."
    )
    assert "nothing can be imported" in dialog.problems.item(0).text()
    assert not dialog.import_button.isEnabled()
    assert dialog.mapping.rowCount() == 0 and dialog.preview.rowCount() == 0


def test_two_columns_under_one_header_import_once_one_is_chosen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """ "Unit price" twice: Import waits until the director says which column to read."""
    quote = tmp_path / "twice.csv"
    quote.write_text("Item,Qty,Unit price,Unit price\nLaptop,1,100,900\n")
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    assert not dialog.import_button.isEnabled()
    assert "2 columns (C and D) have this header" in dialog.problems.item(0).text()
    combo = dialog.mapping.cellWidget(3, 2)  # the second "Unit price"
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("unit_cost"))
    settle(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert proposal_input(library, sample_id).items[-1].unit_cost == 900


def test_the_guessed_column_of_two_under_one_header_can_be_confirmed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """The guess already reads the first "Unit price": choosing it again by hand is the
    decision, though nothing in the combos changes."""
    quote = tmp_path / "twice.csv"
    quote.write_text("Item,Qty,Unit price,Unit price\nLaptop,1,100,900\n")
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    assert not dialog.import_button.isEnabled()
    combo = dialog.mapping.cellWidget(2, 2)  # the first "Unit price", as guessed
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(0)
    settle(qtbot, dialog)
    combo.setCurrentIndex(combo.findData("unit_cost"))
    settle(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert proposal_input(library, sample_id).items[-1].unit_cost == 100


def test_a_column_with_values_but_no_header_is_pointed_out_until_its_field_is_chosen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """The prices under a blank header cell were left out, and the dialog offered "Import 2
    items" at no cost without a word about them."""
    quote = tmp_path / "unheaded.csv"
    quote.write_text("Item,Qty,,Notes\nRouter,2,450,spare\nFirewall,1,1200,\n")
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    assert dialog.import_button.isEnabled()  # a note, not a problem: the rows can be imported
    assert (
        "'Column C' holds values but is not imported (has no header): choose what it holds "
        "above, or import without it." in dialog.status.text()
    )
    combo = dialog.mapping.cellWidget(2, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("unit_cost"))
    settle(qtbot, dialog)
    assert "Column C" not in dialog.status.text()
    dialog.import_button.click()
    assert [item.unit_cost for item in proposal_input(library, sample_id).items[-2:]] == [450, 1200]


def test_tab_leaves_the_preview(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int
) -> None:
    """Tab and Shift+Tab wrapped through the preview's cells for ever: 80 presses never left it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    assert dialog.preview.rowCount() == 2
    dialog.preview.setFocus()
    dialog.preview.setCurrentCell(0, 0)
    QTest.keyClick(dialog.preview, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not dialog.preview
    dialog.preview.setFocus()
    QTest.keyClick(dialog.preview, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.focusWidget() is not dialog.preview


def test_the_arrow_keys_move_down_the_mapping_without_changing_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """Right twice put the keyboard in the first column's "Imports as" choice, and Down then
    changed "Item" to "Category" instead of moving to the next column."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    quote = tmp_path / "two.csv"
    quote.write_text("Item,Qty,Unit price\nRouter,2,700\n")
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    mapping = dialog.mapping

    def choices() -> list[str]:
        return [mapping.cellWidget(row, 2).currentText() for row in range(mapping.rowCount())]  # type: ignore[union-attr]

    before = choices()
    mapping.setFocus()
    mapping.setCurrentCell(0, 0)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
        widget = dialog.focusWidget()
        assert widget is not None
        QTest.keyClick(widget, key)
    assert choices() == before
    assert (mapping.currentRow(), mapping.currentColumn()) == (2, 2)


def test_the_dialog_grows_with_a_large_font_within_the_screen(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    """At 14 points the dialog kept 980 × 680: its column grid showed three rows and cut the
    fourth's choice in half."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    usual = open_dialog(qtbot, library, sample_id).size()
    before = QApplication.font()
    large = QFont(before)
    large.setPointSizeF(14)
    QApplication.setFont(large)
    try:
        grown = open_dialog(qtbot, library, sample_id)
        room = grown.screen().availableGeometry()
        assert usual.height() < room.height()  # there is room to grow into
        assert grown.height() > usual.height()
        assert grown.width() >= usual.width()
        assert grown.width() <= room.width() and grown.height() <= room.height()
    finally:
        QApplication.setFont(before)


def test_a_quote_imported_again_says_its_rows_are_already_items(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """The same quote with new prices, imported again, said "None: every row can be
    imported" and added each item a second time, without its links or scenarios."""
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    assert dialog.problems.count() == 1  # nothing to say the first time
    dialog.import_button.click()
    again = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, again, QUOTES / "three_sheets.xlsx")
    said = [again.problems.item(row).text() for row in range(again.problems.count())]
    assert said == [
        "None: every row can be imported.",
        "Note: Rows 2 and 3 have the name of an item already in the proposal (“Help desk "
        "seat” and “Teacher coaching day”): importing adds them as new items, counted beside "
        "those items in the total, without their links. To change a price, change it on the "
        "item itself.",
    ]
    again.grab().save(str(tmp_path / "import-dialog-again.png"))


def test_tab_reaches_the_column_choices_before_the_preview_and_import(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int
) -> None:
    """The "Imports as" choices, made once a file was read, came after Cancel and Import in the
    Tab order: the choices to check before importing were reached only past the Import button."""
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    combos = [dialog.mapping.cellWidget(row, 2) for row in range(dialog.mapping.rowCount())]
    assert combos and all(isinstance(combo, QComboBox) for combo in combos)
    order = [dialog.mapping]
    while len(order) < len(combos) + 2:
        order.append(order[-1].nextInFocusChain())
        while not (order[-1].focusPolicy() & order[-1].focusPolicy().TabFocus):
            order[-1] = order[-1].nextInFocusChain()
    assert order[1:-1] == combos and order[-1] is dialog.preview


def test_the_verdict_is_said_aloud_and_given_to_the_greyed_import_button(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    library: Library,
    sample_id: int,
    announced: list[str],
) -> None:
    """ "2 rows have problems; nothing is imported until they are fixed" was a plain line a
    screen reader never reached, Import was greyed out with no reason, and the file box read
    "…bad_rows.csv, No file chosen"."""
    dialog = open_dialog(qtbot, library, sample_id)
    assert dialog.file_edit.placeholderText() == "No file chosen"
    choose(qtbot, monkeypatch, dialog, QUOTES / "bad_rows.csv")
    verdict = dialog.status.text()
    assert "nothing is imported until they are fixed" in verdict
    assert announced[-1] == verdict
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.toolTip() == verdict
    assert dialog.import_button.accessibleDescription() == verdict
    assert dialog.file_edit.placeholderText() == ""
    choose(qtbot, monkeypatch, dialog, QUOTES / "three_sheets.xlsx")
    assert dialog.import_button.isEnabled() and dialog.import_button.toolTip() == ""
    assert announced[-1] == dialog.status.text()


def test_a_preview_cell_its_column_cuts_shows_its_whole_text_on_hover(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, library: Library, sample_id: int,
    tmp_path: Path,
) -> None:  # fmt: skip
    """A long vendor name showed as "Campus IT Pa…" in the preview with nothing to read it by;
    a cut cell now carries its whole text as its tooltip, and a cell shown whole carries none."""
    vendor = "Campus IT Partners of the Northern Valley Cooperative Purchasing Consortium, Inc."
    quote = tmp_path / "quote.csv"
    quote.write_text(
        f'Item,Qty,Unit price,Vendor\nSwitch,2,900.00,"{vendor}"\nCable,5,4.00,Acme\n',
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, library, sample_id)
    choose(qtbot, monkeypatch, dialog, quote)
    preview = dialog.preview
    headers = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    column = next(c for c, header in enumerate(headers) if header.startswith("Vendor"))
    cut, whole = preview.item(0, column), preview.item(1, column)
    assert cut.text() == vendor
    assert preview.fontMetrics().horizontalAdvance(vendor) > preview.columnWidth(column)
    assert cut.toolTip() == vendor
    assert whole.text() == "Acme" and whole.toolTip() == ""
