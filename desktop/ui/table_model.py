"""A table model over one kind of row of the open proposal (goals, items, risks, ...).

Rows are read once with ``list_rows`` and kept as plain dictionaries; a cell edit validates the
typed text through the field's spec, then pushes an undo command whose service call writes it,
and the model patches only that row when the command reports back. A row added (or copied, or
brought back) is read alone and put where the table's order places it, and one taken away is
taken out alone. Nothing queries the library per cell, so 5,000 items scroll smoothly.

A table may also show read-only figures worked out from the proposal (an item's total over the
plan, a risk's cost avoided a year): ``ComputedColumn``. They are read from the context's latest
result, the one the summary panel and the PDF print, into a dictionary by row id each time it
changes, so the screen agrees with the PDF to the cent and no cell looks anything up.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.finance.money import format_count, format_measure_money, is_money_unit
from desktop.services.editing import NotFoundError, check_rows, list_rows
from desktop.services.fields import FieldError, FieldSpec, field_spec
from desktop.ui.commands import AddRowsCommand, UpdateRowsCommand
from desktop.ui.context import ProposalContext, RowChange, RowsAdded, RowsRemoved
from desktop.ui.formatting import (
    chance_typed_as_fraction,
    chances_pasted_as_fractions,
    display_text,
    edit_text,
    header_lines,
    is_numeric,
    parse_typed,
    sort_key,
)
from desktop.ui.layouts import WordFilterProxy
from desktop.wording import quoted

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SPEC_ROLE = Qt.ItemDataRole.UserRole + 3
READ_ONLY_ROLE = Qt.ItemDataRole.UserRole + 4  # True for a figure worked out, not typed

Index = QModelIndex | QPersistentModelIndex


MEASURED = ("baseline", "target")  # a metric's figures, in its unit


# Past this many separate places to put rows in or take them out, the rows are read afresh: each
# place is a signal of its own that the filter and the view follow.
IN_PLACE_BLOCKS = 32


# How long a row's name may be in an undo step's text ("Undo Change quantity of “…”").
UNDO_NAME_LIMIT = 40


def change_text(spec: FieldSpec, row: dict[str, Any]) -> str:
    """An edit of one cell as Edit ▸ Undo and the status bar name it, with the row's name:
    "Change item" (a name changed) and "Change one-time cost per unit" did not say which."""
    title = next((str(row[key]) for key in ("name", "title") if row.get(key)), "")
    if not title:
        return f"Change {spec.label.lower()}"
    if spec.name in ("name", "title"):
        return f"Rename {spec.label.lower()} {quoted(title, UNDO_NAME_LIMIT)}"
    return f"Change {spec.label.lower()} of {quoted(title, UNDO_NAME_LIMIT)}"


_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

# What a worked-out figure shows while the figures are being worked out, and when they cannot be.
PENDING_FIGURE = "\u2026"
NO_FIGURE = "\u2014"


@dataclass(frozen=True)
class ComputedColumn:
    """A read-only column of figures taken from the proposal's latest result: ``spec`` names
    it and says how it is shown and sorted (its ``help`` is the header's tooltip), ``figures``
    reads the result into {row id: figure}. Never typed into, cleared or pasted onto."""

    spec: FieldSpec
    figures: Callable[[ProposalResult], dict[int, Decimal]]


def _runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Row numbers as runs of neighbours, (first, last) each, in order: one signal a run."""
    runs: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


class PasteRefused(ValueError):
    """A pasted block had a value that cannot be stored; nothing of it was applied."""


def blank_columns_dropped(grid: list[list[str]], width: int) -> list[list[str]]:
    """``grid`` without its columns past ``width`` when they hold nothing in any line: a
    spreadsheet's range copied a few columns wider than its figures brings them as empty
    cells, and the block was refused as wider than the table. A block with anything past
    ``width`` comes back as it was (refused as before)."""
    if width <= 0 or any(cell.strip() for line in grid for cell in line[width:]):
        return grid
    return [line[:width] for line in grid]


class RowTableModel(QAbstractTableModel):
    problem = Signal(str)  # why the last typed value was refused
    notice = Signal(str)  # what a value saved as typed may not have meant (or "")
    figures_changed = Signal()  # the worked-out columns have the latest result's figures

    def __init__(
        self,
        context: ProposalContext,
        entity: str,
        columns: Sequence[str | ComputedColumn],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.entity = entity
        self.specs: list[FieldSpec] = [
            column.spec if isinstance(column, ComputedColumn) else field_spec(entity, column)
            for column in columns
        ]
        # The worked-out columns by number, their figures by row id, and the rows whose
        # figures went out of date with an edit of their own ("…" until the next result).
        self.computed: dict[int, ComputedColumn] = {
            number: column
            for number, column in enumerate(columns)
            if isinstance(column, ComputedColumn)
        }
        self.editable_columns = [n for n in range(len(columns)) if n not in self.computed]
        self._figures: dict[int, dict[int, Decimal]] = {n: {} for n in self.computed}
        self._awaiting: set[int] = set()
        self.rows: list[dict[str, Any]] = []
        self._row_of_id: dict[int, int] = {}
        self.currency = "USD"
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        # The cell (row id, column) whose typed value was refused last, while that stands.
        self._refused_cell: tuple[int, int] | None = None
        self._noted_cell: tuple[int, int] | None = None  # the cell ``notice`` last spoke of
        # What the last paste's values may not have meant ("" when nothing): see ``paste``.
        self.pasted_note = ""
        self._saving = False  # while ``setData`` saves: the rows changed are its own
        self._loaded = False  # whether every row has been read (rows are put in only then)
        # A value of the sorted column edited in place leaves its row where it was, out of
        # order: a row added then is placed by reading the rows again, sorted.
        self._out_of_order = False
        context.rows_changed.connect(self._on_rows_changed)
        if self.computed:
            self._figures = self._read_figures(context.result)
            context.result_changed.connect(self._on_result)

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list_rows(self.context.library, self.context.proposal_id, self.entity)
        if self._sort[0] >= 0:
            self._sort_rows()
        self._index_rows()
        self._loaded = True
        self._out_of_order = False
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of_id = {row["id"]: number for number, row in enumerate(self.rows)}

    def _order(self) -> tuple[Callable[[dict[str, Any]], Any], bool]:
        """The key the rows are in order by, and whether it is descending."""
        column, order = self._sort
        if column < 0:
            return (lambda row: (row.get("position", 0), row["id"])), False
        spec = self.specs[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if column in self.computed:
            figures = self._figures[column]
            return (lambda row: sort_key(spec, figures.get(row["id"]))), descending
        return (lambda row: sort_key(spec, row.get(spec.name))), descending

    def _sort_rows(self) -> None:
        key, descending = self._order()
        self.rows.sort(key=key, reverse=descending)

    def _place(self, row: dict[str, Any]) -> int:
        """Where ``row`` goes in the rows as they are ordered: after every row whose key comes
        before it or equals it (as a new row, last in the list's own order, is placed by a
        sort)."""
        key, descending = self._order()
        wanted = key(row)
        low, high = 0, len(self.rows)
        while low < high:
            middle = (low + high) // 2
            found = key(self.rows[middle])
            if (found >= wanted) if descending else (found <= wanted):
                low = middle + 1
            else:
                high = middle
        return low

    def _insert(self, row_ids: Iterable[int]) -> None:
        """Read the rows ``row_ids`` (added, copied or brought back) and put each where the
        table's order places it, announced to the filter and the view as rows inserted."""
        wanted = [row_id for row_id in row_ids if row_id not in self._row_of_id]
        if not wanted:
            return
        new = list_rows(self.context.library, self.context.proposal_id, self.entity, wanted)
        key, descending = self._order()
        new.sort(key=key, reverse=descending)
        places: dict[int, list[dict[str, Any]]] = {}
        for row in new:
            places.setdefault(self._place(row), []).append(row)
        if len(places) > IN_PLACE_BLOCKS:
            self.reload()
            return
        # From the end, so that each place is still where it was found.
        for place in sorted(places, reverse=True):
            block = places[place]
            self.beginInsertRows(QModelIndex(), place, place + len(block) - 1)
            self.rows[place:place] = block
            self._index_rows()
            self.endInsertRows()

    def _remove(self, row_ids: Iterable[int]) -> None:
        """Take the rows ``row_ids`` out, announced as rows removed, each run of neighbours at
        once."""
        runs = _runs({self._row_of_id[row_id] for row_id in row_ids if row_id in self._row_of_id})
        if len(runs) > IN_PLACE_BLOCKS:
            self.reload()
            return
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.rows[first : last + 1]
            self._index_rows()
            self.endRemoveRows()

    @property
    def in_list_order(self) -> bool:
        """Whether the rows are in the list's own order (no column sorts them): a row added
        then goes in last."""
        return self._sort[0] < 0

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves: one key per row in Python, instead of a proxy calling
        ``data()`` for every comparison (seconds for 5,000 rows)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        remembered = [(self.rows[index.row()]["id"], index.column()) for index in persistent]
        self._sort_rows()
        self._index_rows()
        self._out_of_order = False
        self.changePersistentIndexList(
            persistent,
            [self.index(self._row_of_id[row_id], column_) for row_id, column_ in remembered],
        )
        self.layoutChanged.emit()

    def set_currency(self, currency: str) -> None:
        if currency != self.currency:
            self.currency = currency
            if self.rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self.rows) - 1, len(self.specs) - 1)
                )

    def _on_rows_changed(self, entity: str, updates: RowChange) -> None:
        if entity != self.entity:
            return
        if self._noted_cell is not None and not self._saving:
            # Changed some other way (an undo, a paste): the note may speak of a value gone.
            self._noted_cell = None
            self.notice.emit("")
        if updates is None:
            self.reload()
            return
        if isinstance(updates, RowsAdded | RowsRemoved) and not self._loaded:
            self.reload()  # never read yet: the row added alone is not the table
            return
        if isinstance(updates, RowsAdded):
            if self._out_of_order:
                self.reload()
            else:
                self._insert(updates.ids)
            return
        if isinstance(updates, RowsRemoved):
            self._remove(updates.ids)
            return
        sorted_by = self.specs[self._sort[0]].name if self._sort[0] >= 0 else "position"
        for row_id, values in updates.items():
            number = self._row_of_id.get(row_id)
            if number is None:
                continue
            self._out_of_order |= sorted_by in values
            self.rows[number].update(values)
            if self.computed:
                # Its figures are out of date until the result of this edit comes back.
                for figures in self._figures.values():
                    figures.pop(row_id, None)
                self._awaiting.add(row_id)
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.specs) - 1))

    # --- worked-out figures ------------------------------------------------------------------

    def _read_figures(self, result: ProposalResult | None) -> dict[int, dict[int, Decimal]]:
        if result is None:
            return {number: {} for number in self.computed}
        return {number: column.figures(result) for number, column in self.computed.items()}

    def _on_result(self, result: ProposalResult | None) -> None:
        """New figures: only the cells whose figure changed are told, one signal for each run
        of neighbouring rows, so a 10,000-item table does not repaint (or refilter) every row
        after each edit."""
        old, self._figures = self._figures, self._read_figures(result)
        awaiting, self._awaiting = self._awaiting, set()
        self.figures_changed.emit()
        if not self.rows:
            return
        if result is None or not any(old.values()) or not any(self._figures.values()):
            runs = [(0, len(self.rows) - 1)]  # every row: none had or none has a figure
        else:
            runs = _runs(
                number
                for number, row in enumerate(self.rows)
                if row["id"] in awaiting
                or any(
                    old[column].get(row["id"]) != self._figures[column].get(row["id"])
                    for column in self.computed
                )
            )
        if not runs:
            return
        if len(runs) > IN_PLACE_BLOCKS:
            runs = [(runs[0][0], runs[-1][1])]
        left, right = min(self.computed), max(self.computed)
        for first, last in runs:
            self.dataChanged.emit(self.index(first, left), self.index(last, right))

    def widest_figure(self, column: int) -> str:
        """The longest text a worked-out column shows (its largest or most negative figure),
        "" when it has none: what its width must hold."""
        figures = self._figures[column].values()
        if not figures:
            return ""
        spec = self.specs[column]
        shown = (display_text(spec, value, self.currency) for value in {max(figures), min(figures)})
        return max(shown, key=len)

    def widest_value(self, column: int, rows: Iterable[int] | None = None) -> str:
        """The longest text a column of typed figures (a price, a metric's target) shows in
        ``rows``, "" when they hold none: what its width must hold. All rows: among the three
        largest and three smallest values, the longest written, so a long list is not
        formatted whole at each load."""
        name = self.specs[column].name
        if rows is None:
            valued = [
                (Decimal(str(row[name])), number)
                for number, row in enumerate(self.rows)
                if row.get(name) is not None
            ]
            ends = heapq.nlargest(3, valued) + heapq.nsmallest(3, valued)
            rows = {number for _value, number in ends}
        shown = (self.data(self.index(number, column)) for number in rows)
        return max((str(text) for text in shown if text), key=len, default="")

    def figure(self, row: int, column: int) -> Decimal | None:
        """The worked-out figure in a cell of a computed column (None: not known)."""
        return self._figures[column].get(self.rows[row]["id"])

    def _figure_pending(self) -> bool:
        """Whether a figure not known yet is being worked out ("…"), not one that cannot be
        ("—": the proposal has problems to put right, or the figures could not be updated)."""
        context = self.context
        if context.busy:
            return True
        return context.result is None and not context.issues and not context.failure

    def _computed_data(self, number: int, column: int, role: int) -> Any:
        spec = self.specs[column]
        value = self._figures[column].get(self.rows[number]["id"])
        if role == Qt.ItemDataRole.DisplayRole:
            if value is not None:
                return display_text(spec, value, self.currency)
            return PENDING_FIGURE if self._figure_pending() else NO_FIGURE
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if value is not None:
                return spec.help
            if self._figure_pending():
                return "Being worked out from the figures as they are now."
            return "Cannot be worked out until the problems the Review step lists are put right."
        if role == SORT_ROLE:
            return sort_key(spec, value)
        if role == READ_ONLY_ROLE:
            return True
        if role == SPEC_ROLE:
            return spec
        if role == ROW_ID_ROLE:
            return self.rows[number]["id"]
        return None

    # --- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.specs)

    def _in_money(self, row: dict[str, Any]) -> bool:
        """Whether a metric is measured in the proposal's currency ("USD", "$")."""
        return self.entity == "metric" and is_money_unit(str(row.get("unit") or ""), self.currency)

    def row_id(self, row: int) -> int:
        return int(self.rows[row]["id"])

    def row_of_id(self, row_id: int) -> int | None:
        return self._row_of_id.get(row_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() in self.computed:
            return self._computed_data(index.row(), index.column(), role)
        row = self.rows[index.row()]
        spec = self.specs[index.column()]
        value = row.get(spec.name)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is not None and spec.name in MEASURED and self._in_money(row):
                return format_measure_money(Decimal(value), self.currency)  # as the PDF prints it
            return display_text(spec, value, self.currency)
        if role == Qt.ItemDataRole.EditRole:
            return value if spec.type in ("choice", "bool") else edit_text(spec, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if is_numeric(spec) else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and spec.type == "long_text" and value:
            return str(value)
        if role == SORT_ROLE:
            return sort_key(spec, value)
        if role == ROW_ID_ROLE:
            return row["id"]
        if role == SPEC_ROLE:
            return spec
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        spec = self.specs[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(header_lines(spec.label))
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.help or spec.label
        if role == Qt.ItemDataRole.TextAlignmentRole and is_numeric(spec):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked of every cell a selection covers (110,000 after Ctrl+A at 10,000 items): the
        # answer is made once, not three flags joined at each call.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _READ_ONLY if index.column() in self.computed else _EDITABLE

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() in self.computed
        ):
            return False
        spec = self.specs[index.column()]
        row = self.rows[index.row()]
        cell = (int(row["id"]), index.column())
        try:
            parsed = parse_typed(spec, value)
        except FieldError as error:
            self._refused_cell = cell
            self.problem.emit(str(error))
            return False
        if parsed == row.get(spec.name):
            if cell == self._refused_cell:
                # The refused cell put back as it is stored: nothing is left unsaved. (Another
                # cell left unchanged says nothing: the refused one's editor is open again.)
                self._refused_cell = None
                self.problem.emit("")
            return True
        self._refused_cell = None
        self.problem.emit("")
        command = UpdateRowsCommand(
            self.context,
            self.entity,
            {int(row["id"]): {spec.name: parsed}},
            text=change_text(spec, row),
        )
        self._saving = True
        try:
            self.context.push(command)
        finally:
            self._saving = False
        if command.failed:
            # Refused when saved (a cost past what the engine computes): said here, by the
            # cell, as a refusal while typing is; nothing was stored and no undo step made.
            self._refused_cell = cell
            self.problem.emit(command.failed)
            return False
        note = chance_typed_as_fraction(spec, value, parsed)
        if note or cell == self._noted_cell:
            # A note stands until its own cell is saved again or another takes its place: the
            # next cell's save took "0.3 saved as 0.3%" away before it could be read.
            self._noted_cell = cell if note else None
            self.notice.emit(note)
        return True

    # --- editing helpers used by the table editor ---------------------------------------------

    def clear(self, cells: list[tuple[int, int]]) -> int:
        """Empty the cells ``(source row, column)`` as Delete does in a spreadsheet, in one
        undo step: text goes blank, an amount to 0, an optional figure to none. A cell that
        cannot be empty (a name, a quantity, a category) refuses the whole clearing, named,
        and nothing changes (raising ``PasteRefused``). Returns the cells changed."""
        changes: dict[int, dict[str, Any]] = {}
        for row, column in cells:
            if column in self.computed:
                continue  # a figure worked out: it goes when what it is worked out from does
            spec = self.specs[column]
            try:
                value = parse_typed(spec, "")
            except FieldError:
                raise PasteRefused(
                    f"{spec.label} cannot be left empty, so nothing was cleared; type a new "
                    "value over it instead."
                ) from None
            if value != self.rows[row].get(spec.name):
                changes.setdefault(self.row_id(row), {})[spec.name] = value
        return self._save_cells(changes, "Clear", "Clearing", "cleared")

    def fill(self, cells: list[tuple[int, int]], text: str) -> int:
        """One copied value pasted on the chosen cells ``(source row, column)``, every one of
        them filled as a spreadsheet fills a selection, in one undo step. A worked-out figure
        among them is stepped over; a value refused for any cell refuses the whole paste, named,
        and nothing changes (raising ``PasteRefused``). Returns the cells applied."""
        changes: dict[int, dict[str, Any]] = {}
        chances: list[tuple[FieldSpec, Any]] = []
        self.pasted_note = ""
        for row, column in cells:
            if column in self.computed:
                continue  # a figure worked out: nobody types in it
            spec = self.specs[column]
            try:
                value = parse_typed(spec, text)
            except FieldError as error:
                raise PasteRefused(
                    f"Pasted value, {_said(str(error))} Nothing was pasted."
                ) from None
            if spec.type in ("likelihood", "rate"):
                chances.append((spec, value))
            changes.setdefault(self.row_id(row), {})[spec.name] = value
        count = self._save_cells(changes, "Paste", "The pasted value", "pasted")
        for spec, value in chances:
            note = chance_typed_as_fraction(spec, text, value)
            if note:
                self.pasted_note = f"Pasted into {format_count(count, 'cell')}: {note}"
                break
        return count

    def _save_cells(
        self, changes: dict[int, dict[str, Any]], verb: str, subject: str, done: str
    ) -> int:
        """Save ``changes`` (row id → field → value) as one undo step named "<verb> N cells";
        a change refused when saved raises ``PasteRefused`` ("<subject>: … Nothing was
        <done>.") with every cell as it was. Returns the cells saved (0: nothing to save)."""
        count = sum(len(values) for values in changes.values())
        if not count:
            return 0
        command = UpdateRowsCommand(
            self.context, self.entity, changes, f"{verb} {count:,} cell{'s' if count > 1 else ''}"
        )
        self.context.push(command)
        if command.failed:
            raise PasteRefused(f"{subject}: {_said(command.failed)} Nothing was {done}.")
        return count

    def paste(self, targets: list[int | None], left: int, grid: list[list[str]]) -> int:
        """Apply a block of typed text: line ``n`` goes to source row ``targets[n]`` (``None``:
        a new row, for lines past the end) from column ``left``. The block's columns go to the
        columns that can be typed in, from ``left`` on: a worked-out column (an item's total) is
        stepped over, so a block copied from a spreadsheet of the inputs lands as it did.

        Every cell is validated first: one refused value refuses the whole block (raising
        ``PasteRefused`` with the cell named) and nothing changes. Returns the cells applied."""
        if not grid:
            return 0
        columns = [column for column in self.editable_columns if column >= left]
        grid = blank_columns_dropped(grid, len(columns))
        width = max(len(line) for line in grid)
        if width > len(columns):
            room = len(columns)
            raise PasteRefused(
                f"The pasted block is {format_count(width, 'column')} wide, and the table has "
                f"{format_count(room, 'column')} from the selected cell on. Nothing was pasted."
            )
        changes: dict[int, dict[str, Any]] = {}
        new_rows: list[dict[str, Any]] = []
        chances: list[tuple[int, FieldSpec, str, Any]] = []  # likelihoods and rates pasted
        self.pasted_note = ""
        for offset, line in enumerate(grid):
            values: dict[str, Any] = {}
            for column_offset, text in enumerate(line):
                spec = self.specs[columns[column_offset]]
                try:
                    values[spec.name] = parse_typed(spec, text)
                except FieldError as error:
                    raise PasteRefused(
                        f"Pasted line {offset + 1}, {_said(str(error))} Nothing was pasted."
                    ) from None
                if spec.type in ("likelihood", "rate"):
                    chances.append((offset + 1, spec, text, values[spec.name]))
            target = targets[offset] if offset < len(targets) else None
            if target is not None:
                changes[self.row_id(target)] = values
            else:
                new_rows.append(values)
        cells = sum(len(line) for line in grid)
        text = f"Paste {cells:,} cells"
        if not (changes and new_rows):
            # One command: refused when saved (a cost past what the engine computes), it
            # stores nothing and leaves no undo step.
            command: UpdateRowsCommand | AddRowsCommand = (
                UpdateRowsCommand(self.context, self.entity, changes, text)
                if changes
                else AddRowsCommand(self.context, self.entity, new_rows, text)
            )
            self.context.push(command)
            if command.failed:
                raise PasteRefused(f"The pasted block: {_said(command.failed)} Nothing was pasted.")
            self.pasted_note = chances_pasted_as_fractions(chances)
            return cells
        try:
            # Two commands in one undo step: the second refused would leave the first's half
            # of the block in it, so the whole block is checked first, changing nothing.
            check_rows(
                self.context.library, self.context.proposal_id, self.entity, changes, new_rows
            )
        except (FieldError, NotFoundError) as error:
            raise PasteRefused(
                f"The pasted block: {_said(str(error))} Nothing was pasted."
            ) from None
        stack = self.context.undo_stack
        stack.beginMacro(text)
        try:
            self.context.push(UpdateRowsCommand(self.context, self.entity, changes))
            self.context.push(AddRowsCommand(self.context, self.entity, new_rows))
        finally:
            stack.endMacro()
        self.pasted_note = chances_pasted_as_fractions(chances)
        return cells


def _said(reason: str) -> str:
    """A reason as a sentence, ended once: the services' own end in a full stop ("…free some
    space on that disk and try again."), and one more made "again.. Nothing was pasted"."""
    reason = reason.rstrip()
    return reason if reason.endswith((".", "!", "?")) else reason + "."


class RowSortProxy(WordFilterProxy):
    """Sorts on exact keys (see ``formatting.sort_key``) and filters on any shown text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.sort(column, order)  # the proxy keeps the source's order; it only filters
        else:
            super().sort(column, order)
