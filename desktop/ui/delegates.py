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
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHelpEvent, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from desktop.services.fields import FieldSpec
from desktop.ui import theme
from desktop.ui.formatting import PERCENT_TYPES, is_numeric
from desktop.ui.table_model import READ_ONLY_ROLE, SPEC_ROLE

Index = QModelIndex | QPersistentModelIndex

PLACEHOLDERS = {
    "money": "amount, e.g. 1250.00",
    "rate": "percent, e.g. 3.5",
    "likelihood": "percent, e.g. 12",
    "quantity": "number",
}


class FieldDelegate(QStyledItemDelegate):
    """Chooses the editor from the column's field spec (carried by the model's SPEC_ROLE).

    A typed value the model refuses is not thrown away with its editor: the cell's editor opens
    again holding what was typed, beside the line that says why, to be put right (or Escape to
    leave the cell as it was)."""

    # An editor left with Escape: what was typed is dropped and the cell keeps its value, so a
    # line saying why an earlier try was refused no longer stands (the table hides it).
    abandoned = Signal()

    def __init__(self, parent: QAbstractItemView) -> None:
        super().__init__(parent)
        # A refused cell and what was typed in it, until its editor opens again.
        self._refused: tuple[QPersistentModelIndex, str] | None = None
        self.closeEditor.connect(self._on_close)

    def _on_close(self, _editor: QWidget, hint: QStyledItemDelegate.EndEditHint) -> None:
        if hint == QStyledItemDelegate.EndEditHint.RevertModelCache:
            self.abandoned.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Ctrl+N while a cell is being edited adds a row, as it does in the table (the table's
        # ``add_requested``): the window's "New blank proposal" would otherwise take the key.
        view = self.parent()
        if (
            isinstance(watched, QWidget)
            and getattr(view, "row_keys", False)
            and isinstance(event, QKeyEvent)  # before type() (the note on event types in layouts)
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and event.matches(QKeySequence.StandardKey.New)
        ):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
                view.add_requested.emit()  # type: ignore[union-attr]
            return True
        return super().eventFilter(watched, event)

    def helpEvent(  # noqa: N802 - Qt's name
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        # A cell cut short ("Device management licen…h zero-touch enrollment") shows its whole
        # text in a tooltip, when it has no tooltip of its own.
        if (
            event is not None
            and view is not None
            and event.type() == QEvent.Type.ToolTip
            and index.isValid()
            and not index.data(Qt.ItemDataRole.ToolTipRole)
        ):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text and self.sizeHint(option, index).width() > option.rect.width():
                QToolTip.showText(event.globalPos(), str(text), view.viewport(), option.rect)
                return True
        return bool(super().helpEvent(event, view, option, index))

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        spec: FieldSpec | None = index.data(SPEC_ROLE)
        if spec is not None and spec.type == "long_text":
            # Prose reads from its start ("Illustrative: 60% discount on…"); the middle giving
            # way, as it does for names that differ at the end, left "Riversi…equity.". The
            # whole text is the cell's tooltip.
            option.textElideMode = Qt.TextElideMode.ElideRight
        if index.data(READ_ONLY_ROLE):
            # Worked out, not typed: quieter than the figures beside it (its tooltip says so).
            option.palette.setColor(
                QPalette.ColorRole.Text, theme.read_only_cell_colour(option.palette)
            )  # type: ignore[attr-defined]

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
            if editor.isModified():
                return  # typing in progress (or a refused value given back) is not overwritten
            editor.setText("" if value is None else str(value))
            editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            typed = editor.text()
            if not model.setData(index, typed, Qt.ItemDataRole.EditRole):
                self._refused = (QPersistentModelIndex(index), typed)
                # After the view has closed this editor (and, on Tab, opened the next one).
                QTimer.singleShot(0, self, self._reopen_refused)  # not once the table is gone
            return
        super().setModelData(editor, model, index)

    def _reopen_refused(self) -> None:
        view = self.parent()
        refused = self._refused
        self._refused = None
        if refused is None or not isinstance(view, QAbstractItemView):
            return
        index = QModelIndex(refused[0])
        if not index.isValid() or not view.isVisible():
            # The row went, or the director left the step: the line beside the table still
            # quotes what was typed.
            return
        view.setCurrentIndex(index)  # closes an editor opened meanwhile on the next cell
        view.setFocus()
        view.edit(index)
        editor = view.indexWidget(index)
        if isinstance(editor, QLineEdit):
            editor.setText(refused[1])  # the cursor after it, to go on typing
            editor.setModified(True)


class CheckOutlineDelegate(QStyledItemDelegate):
    """Draws an item's check box with an outline that shows in a dark theme.

    The Fusion style (Qt's own, and what Qt uses on Windows in dark mode) outlines a check box
    in a shade darker than the window: on a dark palette an unticked box in a list or table
    is a dark square on a dark ground, invisible. The outline is drawn again in the quiet text
    colour then; other themes are left to the style."""

    def paint(  # noqa: N802 - Qt's name
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        super().paint(painter, option, index)
        if index.data(Qt.ItemDataRole.CheckStateRole) is None:
            return
        palette = option.palette  # type: ignore[attr-defined]
        view = option.widget  # type: ignore[attr-defined]
        style = view.style() if isinstance(view, QWidget) else None
        if style is None or style.name().lower() != "fusion" or not theme.is_dark(palette):
            return
        entry = QStyleOptionViewItem(option)
        self.initStyleOption(entry, index)
        box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, entry, view)
        painter.save()
        painter.setPen(theme.quiet_text_colour(palette))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box.adjusted(0, 0, -1, -1))
        painter.restore()


class WrappedListDelegate(CheckOutlineDelegate):
    """For a list (``view``) whose entries wrap, some with a check box: every entry exactly as
    wide as the list's entries and as tall as its text needs there.

    Qt's own size hint wraps the text over the entry's whole width, a check box's room not
    taken off, and it is asked at two widths (with and without the list's spacing): a name that
    needed a line more than measured was cut with "…", and one on the edge got room for two
    lines and was drawn on one, over an empty band. The width here is always the entries' own
    and the text's room is where the style draws it.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: Index
    ) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.view
        if not view.wordWrap():  # one line each (a long list): Qt's own hint is right
            return hint
        style = view.style()
        entry = QStyleOptionViewItem(option)
        self.initStyleOption(entry, index)
        width = view.viewport().width() - 2 * view.spacing()
        entry.rect = QRect(0, 0, width, hint.height())  # type: ignore[attr-defined]
        # Where the style draws the text (beside any box), less the margins inside that.
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, entry, view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, entry, view) + 1
        room = QRect(0, 0, max(text.width() - 2 * margin, 1), 1_000_000)
        metrics = entry.fontMetrics  # type: ignore[attr-defined]
        lines = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, entry.text)  # type: ignore[attr-defined]
        height = max(lines.height(), metrics.height())
        if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
            height = max(height, style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight))
        return QSize(width, height)
