"""A table editor for one kind of row: the table (sortable, multi-select), Add, Duplicate and
Remove buttons, spreadsheet paste, and a line that says why a typed value was refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QToolTip,
    QWidget,
)

from desktop.finance.money import format_count
from desktop.ui.commands import (
    AddRowsCommand,
    DeleteRowsCommand,
    DuplicateRowsCommand,
    describe,
)
from desktop.ui.context import ProposalContext
from desktop.ui.delegates import FieldDelegate
from desktop.ui.formatting import header_lines, is_numeric
from desktop.ui.frozen_column import FrozenColumns
from desktop.ui.layouts import (
    FilteredOutNote,
    FocusOutlined,
    Hint,
    ProblemLabel,
    show_status,
    stack,
)
from desktop.ui.table_model import ComputedColumn, PasteRefused, RowSortProxy, RowTableModel


def paste_corner(selected: list[QModelIndex], current: QModelIndex) -> tuple[int, int] | None:
    """Where a pasted block starts, as (row, column): the chosen cells' top left corner,
    wherever the drag that chose them ended (as in a spreadsheet); else the current cell; None
    when there is neither."""
    if selected:
        return min(index.row() for index in selected), min(index.column() for index in selected)
    if current.isValid():
        return current.row(), current.column()
    return None


def parse_clipboard_grid(text: str) -> list[list[str]]:
    """Cells as spreadsheets put them on the clipboard: tab between cells, a line break between
    rows (the last one dropped). A cell that holds a line break or a tab comes in double quotes,
    with its own quotes doubled; only a quote that opens a cell starts one ("5\" screen" stays
    as copied). A line break inside a cell is kept as "\n": a one-line field makes it a space
    as it does a typed one, notes keep it.

    Lines that hold nothing after the last one that does are dropped: text copied from an
    e-mail or a web page often ends in a blank line or two, and each one pasted the next row's
    first cell empty (a funding source's year 1 amount went to $0 without a word). A block of
    nothing but blank cells is kept: pasting it is how blanks are pasted on purpose."""
    rows = _clipboard_lines(text)
    filled = [number for number, row in enumerate(rows) if any(cell.strip() for cell in row)]
    return rows[: filled[-1] + 1] if filled else rows


def _clipboard_lines(text: str) -> list[list[str]]:
    """Every line of ``text`` split into cells, as ``parse_clipboard_grid`` reads them."""
    rows: list[list[str]] = []
    row: list[str] = []
    at, end = 0, len(text)
    while at < end:
        cell, at = _clipboard_cell(text, at)
        row.append(cell)
        if at >= end:
            rows.append(row)
            break
        if text[at] == "\t":
            at += 1
            if at >= end:  # a tab at the very end leaves an empty last cell
                row.append("")
                rows.append(row)
            continue
        # A line break: "\r\n" (Excel), "\n" or "\r".
        at += 2 if text.startswith("\r\n", at) else 1
        rows.append(row)
        row = []
    return rows


_CELL_END = re.compile("[\t\r\n]")
_QUOTED_CELL = re.compile('"((?:[^"]|"")*)"(?=[\t\r\n]|$)')


def _clipboard_cell(text: str, at: int) -> tuple[str, int]:
    """The cell that starts at ``at`` and where it ends (at its tab, its line break or the
    text's end)."""
    quoted = _QUOTED_CELL.match(text, at) if text.startswith('"', at) else None
    # A spreadsheet quotes a cell only for a tab, a line break or a quote of its own (doubled):
    # "c" copied from an editor is a cell with its quotes, not one to take them off.
    if quoted is not None and not any(mark in quoted.group(1) for mark in ("\t", "\n", "\r", '""')):
        quoted = None
    if quoted is not None:
        inside = quoted.group(1).replace('""', '"')
        return inside.replace("\r\n", "\n").replace("\r", "\n"), quoted.end()
    # Not quoted, or a quote with no closing one before the cell ends: the text as copied.
    found = _CELL_END.search(text, at)
    stop = found.start() if found else len(text)
    return text[at:stop], stop


if TYPE_CHECKING:
    from PySide6.QtGui import QFontMetrics


def header_width(metrics: QFontMetrics, lines: Iterable[str]) -> int:
    """Wide enough for a column title's lines, with room for the sort arrow and the margins."""
    return max(metrics.horizontalAdvance(line) for line in lines) + 28


class RowTableView(FocusOutlined, QTableView):
    """A table that pastes tab-separated text and never measures 5,000 rows for their height."""

    paste_requested = Signal()
    clear_requested = Signal()  # Delete on chosen cells, not editing: empty them
    add_requested = Signal()  # Ctrl+N in the table, when ``row_keys``
    remove_requested = Signal()  # Ctrl+Delete on selected cells, when ``row_keys``
    resized = Signal()  # after the view took a new size (its viewport's width is current)
    row_keys_unused = Signal()  # Ctrl+N or Ctrl+Delete where the table adds no rows (no-op)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Tab leaves the table for the next control (arrow keys move between cells); otherwise
        # Tab and Shift+Tab go round the cells for ever and nothing after the table is reached.
        self.setTabKeyNavigation(False)
        # Names that differ only at the end ("… in reading", "… in mathematics") stay apart
        # when a column is too narrow for them: the middle gives way, not the end.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.row_keys = False  # whether Ctrl+N and Ctrl+Delete add and remove rows here
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        # Start in the list's own order; a click on a header sorts.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setWordWrap(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        # Sideways by pixels: every column can be brought clear of the frozen name column.
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen: FrozenColumns | None = None

    def freeze_columns(self, count: int) -> None:
        """Keep columns ``0 .. count - 1`` in view while the table is scrolled sideways (once
        the model is set)."""
        self.frozen = FrozenColumns(self, count)

    def scrollTo(  # noqa: N802 - Qt's name
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        frozen = self.frozen
        if frozen is None or not frozen.isVisible() or not index.isValid():
            super().scrollTo(index, hint)
            return
        sideways = self.horizontalScrollBar()
        offset = sideways.value()
        on_overlay = frozen.covers(index)
        covered = frozen.width_covered
        super().scrollTo(index, hint)
        if on_overlay:
            sideways.setValue(offset)  # the name is in view already, on the overlay
            return
        # A cell scrolled to must not end up under the frozen columns.
        hidden = covered - self.visualRect(index).left()
        if hidden > 0:
            sideways.setValue(sideways.value() - hidden)

    def edit(self, index: QModelIndex | QPersistentModelIndex, *rest: Any) -> bool:  # type: ignore[override]
        frozen = self.frozen
        frozen_cell = frozen is not None and frozen.covers(index)
        covered = frozen.width_covered if frozen is not None else 0
        if rest:
            opened = bool(super().edit(index, *rest))
        else:
            super().edit(index)
            opened = True
        if not opened or self.state() != QAbstractItemView.State.EditingState:
            return opened
        # The cell being edited comes into full view (its editor moves with it): a frozen one
        # back at the table's start, any other clear of the frozen columns.
        if frozen_cell:
            self.horizontalScrollBar().setValue(0)
        elif covered and self.visualRect(index).left() < covered:
            self.scrollTo(index)
        return opened

    def moveCursor(  # noqa: N802 - Qt's name
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab out of a cell's editor pass over the cells nobody types in (an
        item's total over the plan, a risk's cost avoided), on to the next one to fill in:
        Tab after a risk's name stopped on its worked-out figure with no editor open, and the
        next Tab left the table, the figures typed after it lost."""
        index = super().moveCursor(action, modifiers)
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(action)
        model = self.model()
        if step is None or model is None or not index.isValid():
            return index
        header = self.horizontalHeader()
        columns = model.columnCount(index.parent())
        row, visual = index.row(), header.visualIndex(index.column())
        for _ in range(columns):  # at most the rest of this row and the start of the next
            candidate = model.index(row, header.logicalIndex(visual), index.parent())
            if not candidate.isValid():
                break
            if candidate.flags() & Qt.ItemFlag.ItemIsEditable and not header.isSectionHidden(
                candidate.column()
            ):
                return candidate
            visual += step
            if not 0 <= visual < columns:
                visual %= columns
                row += step
        return index

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.resized.emit()

    def _table_key(self, event: Any) -> Signal | None:
        """The table's own command for a key press, when a cell is not being edited."""
        if self.state() == QAbstractItemView.State.EditingState:
            return None
        if event.matches(QKeySequence.StandardKey.Paste):
            return self.paste_requested
        control = Qt.KeyboardModifier.ControlModifier
        if event.matches(QKeySequence.StandardKey.New):
            signal = self.add_requested
        elif event.key() == Qt.Key.Key_Delete and event.modifiers() == control:
            signal = self.remove_requested
        elif event.key() == Qt.Key.Key_Delete and not event.modifiers():
            # A spreadsheet's Delete: the chosen cells are emptied (Ctrl+Delete removes rows).
            return self.clear_requested
        else:
            return None
        # A grid without rows of its own to add or remove (a scenario's items) still claims the
        # keys, which do nothing there: Ctrl+N in any table reaching the window's "New blank
        # proposal" would open a dialog nobody asked for.
        return signal if self.row_keys else self.row_keys_unused

    def event(self, event: QEvent) -> bool:
        # Ctrl+N is also the window's "New blank proposal": in the table it adds a row, as the
        # Add button's tooltip says, so the table claims the key before the menu's shortcut.
        if (
            isinstance(event, QKeyEvent)  # the class first (see the note on event types in layouts)
            and event.type() == QEvent.Type.ShortcutOverride
            and self._table_key(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: Any) -> None:
        signal = self._table_key(event)
        if signal is not None:
            signal.emit()
            event.accept()
            return
        super().keyPressEvent(event)


NAME_COLUMN_EXTRA = 600  # at most this many pixels of a wide window go to the name column
NAME_LEAST_CHARACTERS = 26  # the name column gives way to the figures down to this many
CELL_PADDING = 16  # beside a cell's text: the delegate's margins, with room to spare


def choice_width(view: QTableView, labels: Iterable[str]) -> int:
    """Wide enough for the longest of ``labels`` in a cell, and in the list box beside its
    arrow while the cell is edited."""
    metrics = view.fontMetrics()
    widest = max(metrics.horizontalAdvance(label) for label in labels)
    option = QStyleOptionComboBox()
    option.initFrom(view)
    box = view.style().sizeFromContents(
        QStyle.ContentsType.CT_ComboBox, option, QSize(widest, metrics.height()), view
    )
    return max(box.width(), widest + CELL_PADDING)


class RowTableEditor(QWidget):
    """Table + buttons for one entity; ``model`` holds the rows, ``proxy`` sorts them."""

    def __init__(
        self,
        context: ProposalContext,
        entity: str,
        columns: Sequence[str | ComputedColumn],
        widths: dict[str, int] | None = None,
        parent: QWidget | None = None,
        *,
        keep_in_view: str | None = None,
        prose_share: float = 0.0,
    ) -> None:
        """``widths``: columns' widths in pixels (the name column's is where it starts: it
        takes a share of a wide window's spare width). The name column gives way, down to a
        width that still tells the rows apart, to keep the columns up to ``keep_in_view`` (an
        item's costs) in view; a last column of prose gets at least ``prose_share`` of the
        room it shares with the name column when the two cannot both show their text whole."""
        super().__init__(parent)
        self.context = context
        self.entity = entity
        self.model = RowTableModel(context, entity, columns, self)
        self.proxy = RowSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = RowTableView(self)
        self.view.setModel(self.proxy)
        # A reload (a scenario renamed, a source's kind changed) resets the model: the cell
        # the director is on stays current, or Tab after naming a new scenario went to the
        # first row, and the description typed next replaced another scenario's name.
        self._kept_cell: tuple[int, int] | None = None
        # Whether the keyboard was in the table (or a cell's editor) as a reload began: the
        # reset closes the editor, and the focus fell to the next control (a template item's
        # price saved with Enter left the keyboard on "← Back").
        self._had_focus = False
        self.model.modelAboutToBeReset.connect(self._keep_current_cell)
        self.model.modelReset.connect(self._restore_current_cell)
        # Rows an undo or redo brings back are put in alone: the first is current, as after a
        # reload.
        self.model.rowsInserted.connect(self._current_on_restored)
        self.delegate = FieldDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setAccessibleName(f"{describe(entity, 2).split(' ', 1)[1].capitalize()} table")
        self.view.paste_requested.connect(self.paste_from_clipboard)
        self.view.clear_requested.connect(self.clear_selected)
        self.view.row_keys = True
        self.view.add_requested.connect(self.add_row)
        self.view.remove_requested.connect(self.remove_selected)
        self.model.problem.connect(self.show_problem)
        metrics = self.view.horizontalHeader().fontMetrics()
        cells = self.view.fontMetrics()
        self._base_widths: list[int] = []
        for number, spec in enumerate(self.model.specs):
            # Wide enough for the header's words, so no column title is ever cut off.
            needed = header_width(metrics, header_lines(spec.label))
            width = (widths or {}).get(spec.name)
            if width is None and spec.type == "choice" and spec.choices is not None:
                # A choice given no width of its own is as wide as its longest label, at any
                # font ("District …egic plan" at 14 points), in its cell and in the list box
                # that edits it.
                labels = [str(getattr(choice, "label", choice)) for choice in spec.choices]
                width = choice_width(self.view, labels)
            width = width or (110 if spec.type != "text" else 180)
            self._base_widths.append(max(width, needed))
            self.view.setColumnWidth(number, self._base_widths[-1])
        # The name column (what each row is) gets a share of a wide window's spare width; the
        # last column, notes or a description, still takes the rest.
        names = [n for n, spec in enumerate(self.model.specs) if spec.name in ("name", "title")]
        self._name_column = names[0] if names else None
        self._keep_in_view = (
            [spec.name for spec in self.model.specs].index(keep_in_view) if keep_in_view else None
        )
        self._prose_share = prose_share if self.model.specs[-1].type == "long_text" else 0.0
        # The least the name column gives way to: a name still tells its row from the others.
        self._name_least = cells.averageCharWidth() * NAME_LEAST_CHARACTERS
        if self._name_column is not None and self._name_column < len(self._base_widths) - 1:
            self.view.freeze_columns(self._name_column + 1)
        self.view.horizontalHeader().setResizeContentsPrecision(0)
        self._fitting = False
        self._name_width_chosen = False
        self.view.resized.connect(self._fit_name_column)
        self.model.figures_changed.connect(self._fit_figure_columns)
        self._fit_figure_columns()
        # The columns of figures the director types: widths set for the usual font cut a
        # target of $110,000 to "$1…00" at 14 points, and a larger figure typed at any font.
        self._value_columns = [
            number
            for number, spec in enumerate(self.model.specs)
            if number not in self.model.computed and is_numeric(spec)
        ]
        self.model.modelReset.connect(self._fit_value_columns)
        self.model.rowsInserted.connect(
            lambda _parent, first, last: self._fit_value_columns(range(first, last + 1))
        )
        self.model.dataChanged.connect(self._fit_changed_values)
        self._fit_value_columns()
        self.model.modelReset.connect(self._fit_name_column)
        self.model.rowsInserted.connect(self._fit_name_column)
        # A width the director drags stays: from then on the column is theirs.
        self.view.horizontalHeader().sectionResized.connect(self._on_section_resized)

        plural = describe(entity, 2).split(" ", 1)[1]
        singular = describe(entity, 1).split(" ", 1)[1]
        self.row_names = (singular, plural)
        # Alt and the underlined letter press each button from the keyboard (no menu uses
        # A, D or R; only the visible step's buttons answer).
        self.add_button = QPushButton(f"&Add {singular}")
        self.duplicate_button = QPushButton("&Duplicate")
        self.remove_button = QPushButton("&Remove")
        self.filter_box = QLineEdit()
        # A short placeholder that a narrow box shows whole ("Filter funding sourc…" did not);
        # what it filters is in its name and tooltip.
        self.filter_box.setPlaceholderText("Filter…")
        self.filter_box.setToolTip(f"Show only the {plural} whose cells contain this text")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName(f"Filter {plural}")
        # Narrow enough that the buttons beside it keep their words, and the summary panel its
        # width, on the smallest window (the items' five buttons need all but about 70 pixels
        # of it); "Filter…" still shows.
        self.filter_box.setMinimumWidth(
            max(64, self.filter_box.fontMetrics().horizontalAdvance("Filter…") + 24)
        )
        self.filter_box.setMaximumWidth(260)
        self.filter_box.textChanged.connect(self.proxy.filter_by)
        self.filtered_out = FilteredOutNote(self.filter_box, self.proxy, (singular, plural))
        for button, tip in (
            (self.add_button, f"Add a new {singular} at the end (Ctrl+N in the table)"),
            (self.duplicate_button, f"Copy the selected {plural}"),
            (
                self.remove_button,
                f"Remove the selected {plural} (Ctrl+Delete in the table); Undo brings them back",
            ),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(button.text().replace("&", ""))
        self.add_button.clicked.connect(self.add_row)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.remove_button.clicked.connect(self.remove_selected)

        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.duplicate_button, self.remove_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.filter_box)

        self.problem_label = ProblemLabel(
            "Why the last value was refused", about=self.view, keep_notes=True
        )
        self.model.notice.connect(self.problem_label.note)
        self.delegate.abandoned.connect(lambda: self.show_problem(""))
        self.problem_label.refusal.connect(context.report_refusal)
        self.hint = Hint(
            "Double-click or start typing to edit a cell. Paste rows copied from a spreadsheet "
            "with Ctrl+V; every change can be undone."
        )

        stack(
            self, self.buttons, self.filtered_out, self.view, self.problem_label, self.hint,
            stretch=self.view,
        )  # fmt: skip
        self.order_tabs()

        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == self._name_column and not self._fitting:
            self._name_width_chosen = True

    def _fit_figure_columns(self) -> None:
        """Widen a worked-out column (an item's total) to its longest figure: its width was set
        for a typical total, and a plan of millions in a large font showed "$12,5…6.90"."""
        metrics = self.view.fontMetrics()
        widened = False
        for column in self.model.computed:
            needed = metrics.horizontalAdvance(self.model.widest_figure(column)) + CELL_PADDING
            if needed > self._base_widths[column]:
                self._base_widths[column] = needed
                self.view.setColumnWidth(column, needed)
                widened = True
        if widened:
            self._fit_name_column()  # the room left beside the figures changed

    def _fit_value_columns(self, rows: Iterable[int] | None = None) -> None:
        """Widen a column of typed figures to the longest of them in ``rows`` (all when None);
        a column is never narrowed, so one figure edited down leaves the others room."""
        metrics = self.view.fontMetrics()
        widened = False
        for column in self._value_columns:
            text = self.model.widest_value(column, rows)
            needed = metrics.horizontalAdvance(text) + CELL_PADDING if text else 0
            if needed > self._base_widths[column]:
                self._base_widths[column] = needed
                self.view.setColumnWidth(column, needed)
                widened = True
        if widened:
            self._fit_name_column()  # the room left beside the figures changed

    def _fit_changed_values(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        columns = range(top_left.column(), bottom_right.column() + 1)
        if any(column in columns for column in self._value_columns):
            self._fit_value_columns(range(top_left.row(), bottom_right.row() + 1))

    def _fit_name_column(self, *_args: object) -> None:
        column = self._name_column
        last = len(self._base_widths) - 1
        if column is None or column == last or self._name_width_chosen:
            return
        base = self._base_widths[column]
        others = sum(w for n, w in enumerate(self._base_widths) if n != column)
        viewport = self.view.viewport().width()
        spare = viewport - others - base
        # What the names shown need (the header's precision of 0 measures the rows in view
        # only: Qt's default of 1,000 rows took 0.45 s at each row added), from the spare
        # width: every other column keeps its own, and the last one stretches over what is left.
        wanted = max(self.view.sizeHintForColumn(column) - base, 0)
        width = base + min(wanted, max(spare, 0), NAME_COLUMN_EXTRA)
        if self._prose_share:
            # Descriptions beside the names: cut to "Riverside 2030…" while the names took
            # all the room, they keep a share of it (what they need, if less).
            room = viewport - (others - self._base_widths[last])
            prose = min(self.view.sizeHintForColumn(last), int(room * self._prose_share))
            width = max(base, min(width, room - max(prose, self._base_widths[last])))
        if self._keep_in_view is not None and column < self._keep_in_view:
            # The columns up to ``keep_in_view`` (an item's costs) stay in view: the name gives
            # way for them, cut in the middle (whole in its tooltip), unless even at its least
            # they would not fit (a small window scrolls sideways as before).
            beside = sum(self._base_widths[: self._keep_in_view + 1]) - base
            room_left = viewport - beside
            if room_left < width and room_left >= min(base, self._name_least):
                width = room_left
        self._fitting = True
        try:
            self.view.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def order_tabs(self) -> None:
        """Tab follows the row of buttons left to right, then the filter, the note that it hides
        every row (its "Clear the filter", shown above the table, came after it), the table."""
        widgets = [self.buttons.itemAt(index).widget() for index in range(self.buttons.count())]
        chain = [widget for widget in widgets if widget is not None]
        chain += [self.filtered_out, self.view]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.reload()
        self._update_buttons()

    def _keep_current_cell(self) -> None:
        focused = QApplication.focusWidget()
        self._had_focus = focused is not None and (
            focused is self.view or self.view.isAncestorOf(focused)
        )
        index = self.current_source_index()
        self._kept_cell = (
            (self.model.row_id(index.row()), index.column()) if index.isValid() else None
        )
        restored = getattr(self.context, "restored_rows", None)
        if restored is not None and restored[0] == self.entity and restored[1]:
            # An undone delete: the row brought back is current again, in the same column.
            self._kept_cell = (restored[1][0], index.column() if index.isValid() else 0)

    def _current_on_restored(self, *_inserted: object) -> None:
        restored = getattr(self.context, "restored_rows", None)
        if restored is None or restored[0] != self.entity or not restored[1]:
            return
        current = self.view.currentIndex()
        self._kept_cell = (restored[1][0], current.column() if current.isValid() else 0)
        self.view.selectionModel().clearSelection()
        self._restore_current_cell()

    def _restore_current_cell(self) -> None:
        had_focus, self._had_focus = self._had_focus, False
        if had_focus and not self.view.hasFocus():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        kept, self._kept_cell = self._kept_cell, None
        if kept is None:
            return
        row_id, column = kept
        row = self.model.row_of_id(row_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, column))
        if index.isValid():
            # Current again, not chosen: a row chosen here would join the next choice (Ctrl+N's
            # new row), and Ctrl+Delete would remove both.
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def set_currency(self, currency: str) -> None:
        self.model.set_currency(currency)

    # --- selection ---------------------------------------------------------------------------

    def _selected_view_rows(self) -> list[int]:
        """The rows chosen, as the view shows them, read from the selection's ranges: every
        chosen cell as an index of its own (110,000 after Ctrl+A at 10,000 items) took most
        of a second."""
        rows: set[int] = set()
        for chosen in self.view.selectionModel().selection():
            rows.update(range(chosen.top(), chosen.bottom() + 1))
        return sorted(rows)

    def selected_source_rows(self) -> list[int]:
        proxy = self.proxy
        return sorted(
            proxy.mapToSource(proxy.index(row, 0)).row() for row in self._selected_view_rows()
        )

    def selected_ids(self) -> list[int]:
        return [self.model.row_id(row) for row in self.selected_source_rows()]

    def _update_buttons(self, *_: Any) -> None:
        has_selection = self.view.selectionModel().hasSelection()
        self.duplicate_button.setEnabled(has_selection)
        self.remove_button.setEnabled(has_selection)

    # --- actions -----------------------------------------------------------------------------

    def add_row(self) -> None:
        # A new row is blank: a filter would hide it as it is made, with nothing selected.
        self.filter_box.clear()
        command = AddRowsCommand(self.context, self.entity, [{}])
        self.context.push(command)
        if not command.failed:
            # The new row alone is chosen: with Ctrl held (Ctrl+N) the one chosen before
            # would join it, and Ctrl+Delete next would remove both.
            self.view.selectionModel().clearSelection()
        self.view.setFocus()
        last = self.proxy.rowCount() - 1
        if last >= 0:
            # The new row, wherever a sort placed it (the list's last row is another one when
            # the table is sorted by a column).
            added = self.model.row_of_id(command.row_ids[0]) if command.row_ids else None
            source_row = len(self.model.rows) - 1 if added is None else added
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            # The service copies each row with its links, amounts or scenario entries.
            command = DuplicateRowsCommand(self.context, self.entity, ids)
            self.context.push(command)
            if not command.failed:
                # The copies are what the director works on next.
                self.filter_box.clear()
                self.select_row_ids(command.row_ids)

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            current = self.view.currentIndex()
            top = self._selected_view_rows()[0]
            column = current.column() if current.isValid() else 0
            command = DeleteRowsCommand(self.context, self.entity, ids)
            self.context.push(command)
            self._say_removed(command, len(ids))
            # The row that took the first removed row's place (or the new last row) is current,
            # so the arrow keys and Ctrl+Delete carry on from where the director was.
            rows = self.proxy.rowCount()
            if rows:
                index = self.proxy.index(min(top, rows - 1), column)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
            self.view.setFocus()
            self._update_buttons()

    def _say_removed(self, command: DeleteRowsCommand, count: int) -> None:
        """What went, in the status bar: a goal's links (and their reasons) went with it
        without a word, and only an undo the director did not know to try brought them back."""
        deleted = command.deleted
        window = self.window()
        if command.failed or deleted is None or not isinstance(window, QMainWindow):
            return
        them = "it" if count == 1 else "them"
        said = f"Removed {describe(self.entity, count)}"
        if deleted.links:
            said += f" and {format_count(deleted.links, 'link')} to {them}"
            them = "them"
        show_status(window, f"{said}. Ctrl+Z brings {them} back.", 10_000)

    def select_row_ids(self, row_ids: Iterable[int]) -> None:
        """Select the rows ``row_ids`` wherever the table's order shows them (the first
        current), focus in the table."""
        rows = (self.model.row_of_id(row_id) for row_id in row_ids)
        self.select_source_rows([row for row in rows if row is not None])

    def select_source_rows(self, source_rows: Iterable[int]) -> None:
        """Select ``source_rows`` of the model (the first current), focus in the table."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        first = True
        for source_row in source_rows:
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            if not index.isValid():
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if first:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                first = False
            selection.select(index, flags)
        self.view.setFocus()

    def clear_selected(self) -> None:
        """Delete: the chosen cells emptied, in one undo step, or a refusal naming the cell
        that cannot be empty (before, Delete did nothing and said nothing)."""
        chosen = self.view.selectedIndexes() or [self.view.currentIndex()]
        cells = sorted(
            {
                (source.row(), source.column())
                for source in (self.proxy.mapToSource(index) for index in chosen)
                if source.isValid()
            }
        )
        if not cells:
            return
        try:
            self.model.clear(cells)
        except PasteRefused as refused:
            self.show_problem(str(refused), block=True)
            return
        self.show_problem("", block=True)

    def paste_from_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste tab-separated text at the current cell; returns whether it was applied."""
        grid = parse_clipboard_grid(text)
        if not grid:
            return False
        current = self.view.currentIndex()
        selected = self.view.selectedIndexes()
        if len(grid) == 1 and len(grid[0]) == 1 and len(selected) > 1:
            # One value copied, several cells chosen: each is filled, as in a spreadsheet
            # (before, only the top left one was, and the rest kept what they held).
            filled = self._fill_selected(selected, grid[0][0])
            if filled is not None:
                return filled
        corner = paste_corner(selected, current)
        top, left = corner if corner is not None else (self.proxy.rowCount(), 0)
        targets: list[int | None] = []
        for offset in range(len(grid)):
            visual = top + offset
            if visual < self.proxy.rowCount():
                targets.append(self.proxy.mapToSource(self.proxy.index(visual, 0)).row())
            else:
                targets.append(None)
        added = targets.count(None)
        if added and self.filter_box.text().strip():
            # The lines past the last row shown would be new rows at the end of the list, which
            # the filter hides: pasted over three filtered-out lines, a block added three items
            # no one could see, counted in every total.
            self.show_problem(self._hidden_rows_refusal(len(grid) - added, added), block=True)
            return False
        return self._pasted(lambda: self.model.paste(targets, left, grid))

    def _fill_selected(self, selected: list[QModelIndex], text: str) -> bool | None:
        """``text`` pasted in every chosen cell that can be typed in (the rows shown, worked-out
        figures stepped over): whether it was applied, or None when none can be typed in."""
        cells = sorted(
            {
                (source.row(), source.column())
                for source in (self.proxy.mapToSource(index) for index in selected)
                if source.isValid() and source.column() not in self.model.computed
            }
        )
        if not cells:
            return None
        return self._pasted(lambda: self.model.fill(cells, text))

    def _pasted(self, paste: Callable[[], object]) -> bool:
        """Run ``paste`` (the model's paste or fill): whether it was applied. A refusal is said
        under the table; an applied paste clears it and says the model's note, if any."""
        try:
            paste()
        except PasteRefused as refused:
            self.show_problem(str(refused), block=True)
            return False
        self.show_problem("", block=True)
        if self.model.pasted_note:
            self.problem_label.note(self.model.pasted_note)
        return True

    def _hidden_rows_refusal(self, shown: int, added: int) -> str:
        """Why a paste that would add rows the filter hides was refused."""
        singular, plural = self.row_names
        lines = "line" if added == 1 else f"{added:,} lines"
        rows = f"a new {singular}" if added == 1 else f"new {plural}"
        if shown:
            where = (
                f"the filter shows {format_count(shown, 'row')} from the selected one down, "
                f"so the other {lines} would be added as {rows}"
            )
        else:
            where = f"{'it' if added == 1 else 'they'} would be added as {rows}"
        return (
            f"The pasted block has {format_count(shown + added, 'line')}: {where} that the "
            "filter hides. Clear the filter, then paste again. Nothing was pasted."
        )

    def show_problem(self, message: str, *, block: bool = False) -> None:
        """Why a value typed (or, with ``block``, a paste or clearing as a whole) was refused;
        "" once none stands."""
        if block:
            self.problem_label.report_block(message)
        else:
            self.problem_label.report(message)
        if message:
            rect = self.view.visualRect(self.view.currentIndex())
            where = self.view.viewport().mapToGlobal(rect.bottomLeft())
            QToolTip.showText(where, message, self.view)

    def current_source_index(self) -> QModelIndex:
        return self.proxy.mapToSource(self.view.currentIndex())
