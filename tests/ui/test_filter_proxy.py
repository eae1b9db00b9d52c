"""The filter every list and table uses: rows compared as names are, their texts kept between
letters typed and dropped the moment the rows change."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from pytestqt.qtbot import QtBot

from desktop.ui.layouts import WordFilterProxy


def test_rows_inserted_or_edited_are_filtered_by_what_they_now_say(qtbot: QtBot) -> None:
    """The kept texts were dropped after the proxy had filtered the new or changed rows with
    the old ones: "mango" inserted above "banana" was hidden, "pear" stayed shown."""
    model = QStandardItemModel()
    for word in ("banana", "apple"):
        model.appendRow(QStandardItem(word))
    proxy = WordFilterProxy()
    proxy.setSourceModel(model)
    proxy.filter_by("an")

    def shown() -> list[str]:
        return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]

    assert shown() == ["banana"]
    model.insertRow(0, QStandardItem("mango"))
    assert shown() == ["mango", "banana"]
    item = model.item(1)
    assert item is not None
    item.setText("pear")
    assert shown() == ["mango"]
    model.sort(0)
    assert shown() == ["mango"]
    proxy.filter_by("")
    assert shown() == ["apple", "mango", "pear"]
