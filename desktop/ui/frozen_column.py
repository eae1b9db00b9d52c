"""The name column kept in view while a wide table is scrolled sideways.

Qt's tables have no frozen column, so, as in Qt's own frozen-column example, a second view of the
same rows is laid over the table's left edge: it shows the leading columns up to the name and
shares the table's model, selection and vertical scrolling. It appears only once the table is
scrolled to the right, so a table at rest looks and behaves exactly as before; from then on the
director editing a price, a lifespan or the notes still sees which item the row is.

The overlay only shows and selects: a click on a name selects that cell in the table, and
editing a name (a double-click on it, F2 or typing) scrolls the table back to its start, where
the name's own cell takes the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView

# The overlay takes at most this share of the table's width, the name column giving way (names
# are cut in the middle, so their ends stay apart); when even the narrowest name would not fit,
# the table scrolls as a whole instead of leaving a sliver beside the names.
MAX_SHARE = 0.4
NARROWEST_NAME = 110


class FrozenColumns(QTableView):
    """Columns ``0 .. count - 1`` of ``table``, drawn over it while it is scrolled sideways."""

    def __init__(self, table: QTableView, count: int) -> None:
        super().__init__(table)
        self.table = table
        self.count = count
        self.setObjectName("frozenColumns")
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(table.selectionBehavior())
        self.setSelectionMode(table.selectionMode())
        self.setAlternatingRowColors(table.alternatingRowColors())
        self.setWordWrap(False)
        self.setTextElideMode(table.textElideMode())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        # A plain edge on the right, where the scrolled cells pass under it.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView#frozenColumns { border-right: 1px solid palette(mid); }")
        rows = self.verticalHeader()
        rows.hide()  # the table's own row numbers stay in view beside the overlay
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Sorting by a frozen column's title works from either header, and both show it; the
        # table does the sorting (a view of its own would sort the rows a second time).
        header.setSectionsClickable(table.isSortingEnabled())
        header.setSortIndicatorShown(table.isSortingEnabled())
        main_header = table.horizontalHeader()
        self._sorted_there(main_header.sortIndicatorSection(), main_header.sortIndicatorOrder())
        header.sortIndicatorChanged.connect(self._sorted_here)
        main_header.sortIndicatorChanged.connect(self._sorted_there)

        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.horizontalScrollBar().valueChanged.connect(self.place)
        table.horizontalScrollBar().rangeChanged.connect(self.place)
        main_header.sectionResized.connect(self.place)
        main_header.geometriesChanged.connect(self.place)
        table.verticalHeader().geometriesChanged.connect(self.place)
        # A reset forgets which columns a header hides.
        self.model().modelReset.connect(self._hide_other_columns)
        self.model().layoutChanged.connect(self._hide_other_columns)
        self.pressed.connect(self._pressed)
        self.doubleClicked.connect(self.table.edit)
        self.hide()  # until the table is scrolled sideways
        self._hide_other_columns()

    def _widths(self) -> list[int] | None:
        """The frozen columns' widths on the overlay (the table's, the name's cut to the room
        left), or None when they do not fit or part of the real ones is still in view (it would
        show beside the overlay, twice)."""
        table = self.table
        widths = [table.columnWidth(column) for column in range(self.count)]
        in_table = sum(widths)
        room = int(table.viewport().width() * MAX_SHARE) - sum(widths[:-1])
        if room < min(NARROWEST_NAME, widths[-1]):
            return None
        widths[-1] = min(widths[-1], room)
        offset = table.horizontalScrollBar().value()
        if offset <= 0 or offset < in_table - sum(widths):
            return None
        return widths

    @property
    def width_covered(self) -> int:
        """How much of the table's viewport the overlay hides (0 while it is hidden)."""
        return self.width() if self.isVisible() else 0

    def _hide_other_columns(self, *_args: object) -> None:
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column >= self.count)
        self.place()

    def place(self, *_args: object) -> None:
        """Over the table's leading columns once they have scrolled out from under it, hidden
        otherwise."""
        table = self.table
        widths = self._widths()
        if widths is not None:
            for column, width in enumerate(widths):
                self.setColumnWidth(column, width)
            # The same header height, so the rows line up with the table's.
            self.horizontalHeader().setFixedHeight(table.horizontalHeader().height())
            frame = table.frameWidth()
            self.setGeometry(
                frame + table.verticalHeader().width(),
                frame,
                sum(widths) + 1,  # its right-hand edge
                table.viewport().height() + table.horizontalHeader().height(),
            )
            self.verticalScrollBar().setValue(table.verticalScrollBar().value())
        shown = widths is not None
        if shown == self.isHidden():
            self.setVisible(shown)

    def covers(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether ``index`` is one of the cells the overlay shows, and it is showing."""
        return self.isVisible() and index.isValid() and index.column() < self.count

    def _sorted_here(self, column: int, order: Qt.SortOrder) -> None:
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _sorted_there(self, column: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(column, order)

    def _pressed(self, _index: QModelIndex) -> None:
        # The overlay never has the keyboard; the table it stands for takes it.
        self.table.setFocus(Qt.FocusReason.MouseFocusReason)
