"""Cell editors for the step tables: choices as combo boxes with plain labels, yes/no as a combo,
money, percentages and numbers as right-aligned line edits (the model parses and validates).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.services.fields import FieldSpec
from desktop.ui.formatting import PERCENT_TYPES, is_numeric
from desktop.ui.table_model import SPEC_ROLE

Index = QModelIndex | QPersistentModelIndex

PLACEHOLDERS = {
    "money": "amount, e.g. 1250.00",
    "rate": "percent, e.g. 3.5",
    "likelihood": "percent, e.g. 12",
    "quantity": "number",
}


class FieldDelegate(QStyledItemDelegate):
    """Chooses the editor from the column's field spec (carried by the model's SPEC_ROLE)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Ctrl+N while a cell is being edited adds a row, as it does in the table (the table's
        # ``add_requested``): the window's "New blank proposal" would otherwise take the key.
        view = self.parent()
        if (
            isinstance(watched, QWidget)
            and getattr(view, "row_keys", False)
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.New)
        ):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
                view.add_requested.emit()  # type: ignore[union-attr]
            return True
        return super().eventFilter(watched, event)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec: FieldSpec | None = index.data(SPEC_ROLE)
        if spec is None:
            return super().createEditor(parent, option, index)
        if spec.type == "choice" and spec.choices is not None:
            combo = QComboBox(parent)
            choices: type[StrEnum] = spec.choices
            for member in choices:
                combo.addItem(str(getattr(member, "label", member.value)), member)
            combo.setAccessibleName(spec.label)
            return combo
        if spec.type == "bool":
            combo = QComboBox(parent)
            combo.addItem("Yes", True)
            combo.addItem("No", False)
            combo.setAccessibleName(spec.label)
            return combo
        editor = QLineEdit(parent)
        editor.setAccessibleName(spec.label)
        editor.setFrame(False)
        if is_numeric(spec):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setPlaceholderText(PLACEHOLDERS.get(spec.type, ""))
        if spec.type in PERCENT_TYPES:
            editor.setToolTip("Type a percentage: 4.5 means 4.5 %")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
            return
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
