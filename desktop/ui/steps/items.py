"""Step 3: what is being bought, and which items each scenario (lean, recommended, full) keeps.

Two tabs: the items table (with "Import…" from a spreadsheet when the importer is available, and
"Typical items…" from the template's library) and
the scenarios editor (a scenario list with its own table, and a checklist of items with an
optional quantity for that scenario).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count
from desktop.services.fields import FieldError, FieldSpec, field_spec
from desktop.services.wizard import step_guidance
from desktop.ui.commands import AddRowsCommand, ImportedRowsCommand, ScenarioEntriesCommand
from desktop.ui.context import ProposalContext
from desktop.ui.delegates import CheckOutlineDelegate, FieldDelegate
from desktop.ui.formatting import display_text, edit_text, parse_typed
from desktop.ui.layouts import ProblemLabel, show_status, split, stack
from desktop.ui.review_text import scenario_figures, scenario_figures_line
from desktop.ui.row_table import RowTableEditor, RowTableView, header_width
from desktop.ui.steps.base import StepPage
from desktop.ui.table_model import NO_FIGURE, PENDING_FIGURE, SPEC_ROLE, ComputedColumn
from desktop.wording import left_to_right, quoted, without_overrides

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult

Index = QModelIndex | QPersistentModelIndex


def _item_totals(result: ProposalResult) -> dict[int, Decimal]:
    return {flow.key: flow.total for flow in result.base.items}


# Beside the name, so the line that drives the cost is seen without scrolling sideways.
ITEM_TOTAL = ComputedColumn(
    FieldSpec(
        "total_over_plan",
        "Total over the plan",
        "money",
        help="What the item costs over the whole plan: its purchases, refreshes and yearly "
        "costs at its quantity, as the PDF's item tables print it. Worked out from the "
        "figures, not typed.",
    ),
    _item_totals,
)
# The figures an item's cost is read by come next, in view on a laptop screen (the name gives
# way for them; see RowTableEditor's ``keep_in_view``); the category, the timing and the words
# follow.
ITEM_COLUMNS: list[str | ComputedColumn] = [
    "name", ITEM_TOTAL, "quantity", "unit_cost", "recurring_unit_cost", "category",
    "lifespan_years", "start_year", "annual_savings", "vendor", "notes", "figure_source",
]  # fmt: skip
ITEM_COSTS_END = "recurring_unit_cost"
ITEM_WIDTHS = {
    "name": 330, "total_over_plan": 130, "category": 190, "quantity": 80, "lifespan_years": 90,
}  # fmt: skip


class ScenarioItemsModel(QAbstractTableModel):
    """Items with a check box (in this scenario or not) and a quantity for the scenario."""

    problem = Signal(str)
    HEADERS = ("In\nscenario", "Item", "Item's\nquantity", "Quantity in\nthis scenario")

    def __init__(self, context: ProposalContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        # The items as (id, name, quantity), and the chosen scenario's entries by item id (its
        # quantity there, or None for the item's own): nothing while no scenario is chosen. A
        # dictionary for each of 10,000 items and every scenario's entries took 4 MB before
        # the tab was even opened.
        self.items: list[tuple[int, str, Decimal]] = []
        self.entries: dict[int, Decimal | None] = {}
        self.scenario_id: int | None = None
        self.quantity_spec = field_spec("item", "quantity")

    def load(self, scenario_id: int | None) -> None:
        """Show one scenario's items from the latest snapshot (read off the GUI thread)."""
        items, entries = self.items, self.entries
        data = self.context.proposal_input
        if scenario_id is None:
            items, entries = [], {}
        elif data is None:
            entries = entries if scenario_id == self.scenario_id else {}
        else:
            items = [(item.key, item.name, item.quantity) for item in data.items]
            entries = next(
                (dict(s.item_quantities) for s in data.scenarios if s.key == scenario_id), {}
            )
        same_rows = len(items) == len(self.items) and all(
            new[0] == old[0] for new, old in zip(items, self.items, strict=True)
        )
        if scenario_id == self.scenario_id and same_rows:
            # The same scenario and items, new figures (a tick saved, the result back): told as
            # changed cells, so the current cell stays and Space, Down, Space works down a list.
            self.items, self.entries = items, entries
            if self.rowCount():
                last = self.index(self.rowCount() - 1, len(self.HEADERS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.scenario_id = scenario_id
        self.items, self.entries = items, entries
        self.endResetModel()

    def _patch(self, item_id: int, included: bool, quantity: Decimal | None) -> None:
        if included:
            self.entries[item_id] = quantity
        else:
            self.entries.pop(item_id, None)
        row = next((n for n, item in enumerate(self.items) if item[0] == item_id), None)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def include_all(self, included: bool) -> int:
        """Keep every item in the scenario (each at the quantity it has there) or none, as one
        undo step; returns how many items changed."""
        if self.scenario_id is None:
            return 0
        changes = {
            item_id: (included, None)
            for item_id, _name, _quantity in self.items
            if (item_id in self.entries) != included
        }
        if not changes:
            return 0
        text = "Keep every item in a scenario" if included else "Leave every item out of a scenario"
        command = ScenarioEntriesCommand(self.context, self.scenario_id, changes, text)
        self.context.push(command)
        if command.failed:
            return 0
        for item_id in changes:
            if included:
                self.entries[item_id] = None
            else:
                self.entries.pop(item_id, None)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 3))
        return len(changes)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.scenario_id is None else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Vertical:
            # Numbered as every other table's rows: blank, a screen reader named no row.
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (
                "Leave the scenario quantity empty to use the item's own quantity."
                if section == 3
                else None
            )
        return None

    def _key(self, row: int) -> int:
        return self.items[row][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item_id, name, quantity = self.items[index.row()]
        included = item_id in self.entries
        column = index.column()
        if column == 0 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
        if column == 0 and role == Qt.ItemDataRole.AccessibleTextRole:
            return "Included" if included else "Left out"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        override = self.entries.get(item_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return without_overrides(name)
            if column == 2:
                return display_text(self.quantity_spec, quantity)
            if column == 3:
                return display_text(self.quantity_spec, override) if included else "—"
        if role == Qt.ItemDataRole.EditRole and column == 3:
            return edit_text(self.quantity_spec, override)
        if role == SPEC_ROLE and column == 3:
            return self.quantity_spec  # the editor of a quantity (FieldDelegate)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 3 and self._key(index.row()) in self.entries:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        scenario_id = self.scenario_id
        if scenario_id is None or not index.isValid():
            return False
        item_id = self._key(index.row())
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            included = Qt.CheckState(value) == Qt.CheckState.Checked
            override = self.entries.get(item_id) if included else None
            command = ScenarioEntriesCommand(
                self.context, scenario_id, {item_id: (included, override)}
            )
            self.context.push(command)
            if not command.failed:
                self._patch(item_id, included, override)
            return True
        if index.column() == 3 and role == Qt.ItemDataRole.EditRole:
            text = str(value or "").strip()
            try:
                quantity = parse_typed(self.quantity_spec, text) if text else None
            except FieldError as error:
                self.problem.emit(str(error))
                return False
            self.problem.emit("")
            command = ScenarioEntriesCommand(self.context, scenario_id, {item_id: (True, quantity)})
            self.context.push(command)
            if not command.failed:
                self._patch(item_id, True, quantity)
            return True
        return False


SCENARIOS_SIDE_BY_SIDE_FROM = 820  # pixels: narrower, the items go under the scenarios
# Above the items, the list of scenarios is only as tall as this many of its rows: a list of one
# had a third of the pane, and the items a few rows under it.
SCENARIO_ROWS_ABOVE_ITEMS = 4
SCENARIO_FIGURES_FROM_HEIGHT = 420  # pixels: lower, one above the other, no room for them


class ScenariosEditor(QWidget):
    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scenarios = RowTableEditor(
            context, "scenario", ["name", "description"], {"name": 200}, self
        )
        self.scenarios.hint.setText(
            "The base case holds every item. A scenario keeps only the items ticked in its "
            "list, optionally at another quantity; a new one starts with every item ticked."
        )
        self.items_model = ScenarioItemsModel(context, self)
        self.items_view = RowTableView(self)
        self.items_view.setSortingEnabled(False)
        self.items_view.setModel(self.items_model)
        self.items_view.setAccessibleName("Items in the selected scenario")
        # The ticks stay visible in a dark theme (see CheckOutlineDelegate).
        self.items_view.setItemDelegateForColumn(0, CheckOutlineDelegate(self.items_view))
        # A quantity typed wrong comes back in its editor to be put right, as in the item table.
        quantities = FieldDelegate(self.items_view)
        self.items_view.setItemDelegateForColumn(3, quantities)
        # The tick and the two quantities keep the width their headings need; the item's name
        # takes the rest, so the quantity a director edits is never pushed out of view.
        header = self.items_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        for column in (0, 2, 3):
            width = header_width(metrics, ScenarioItemsModel.HEADERS[column].split("\n"))
            self.items_view.setColumnWidth(column, max(width, 90))
        self.items_caption = QLabel("Choose a scenario in the list of scenarios to see its items.")
        self.items_caption.setWordWrap(True)
        self.items_caption.setTextFormat(Qt.TextFormat.PlainText)  # a scenario's name
        self.problem = ProblemLabel(
            "Why the last scenario quantity was refused", about=self.items_view
        )
        self.items_model.problem.connect(self.problem.report)
        quantities.abandoned.connect(lambda: self.problem.report(""))
        self.problem.refusal.connect(context.report_refusal)
        # A scenario of a few items out of many, or the plan less a few: one click, not a tick
        # per item.
        self.keep_all_button = QPushButton("Keep a&ll items")
        self.keep_all_button.setToolTip("Tick every item: the scenario buys the whole plan")
        self.keep_all_button.clicked.connect(lambda: self.items_model.include_all(True))
        self.leave_all_button = QPushButton("Leave all &out")
        self.leave_all_button.setToolTip("Untick every item, to tick the few the scenario keeps")
        self.leave_all_button.clicked.connect(lambda: self.items_model.include_all(False))
        # Beside the caption, not under it: a row of their own cost the items a row at a large
        # font in a small window.
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.items_caption, 1)
        heading.addWidget(self.keep_all_button, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addWidget(self.leave_all_button, 0, Qt.AlignmentFlag.AlignBottom)
        # What the scenario being shaped costs and returns, as the Review and the PDF give it,
        # so leaving an item out shows what it saves without going to the Review step.
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setAccessibleName("The selected scenario's figures")
        self.figures.setToolTip(
            "The scenario's total cost of ownership over the plan, its net present value "
            "(benefits minus costs in today's money), and how much more (+) or less (−) each "
            "is than the plan as proposed. Worked out again after each change."
        )
        self.figures.setVisible(False)
        right = QWidget()
        stack(right, heading, self.figures, self.items_view, self.problem, stretch=self.items_view)
        self.splitter = split(self, Qt.Orientation.Horizontal, self.scenarios, right, (320, 580))
        self.scenarios.view.selectionModel().currentRowChanged.connect(self._show_scenario)
        context.result_changed.connect(self._on_snapshot)
        # An edit leaves the figures out of date until the result of it comes back: "…" then.
        context.data_changed.connect(self._on_edit)
        self._figures_stale = False
        self._roomy = True  # room for the figures' lines above the items
        # One above the other, the list keeps the height of its rows as the pane is resized,
        # until the director drags the divider: then the height they chose stays.
        self._list_height_chosen = False
        self._fitting_rows = False
        self.splitter.splitterMoved.connect(self._on_divider_moved)
        self._dirty = False
        proxy = self.scenarios.proxy
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset):
            signal.connect(self._fit_scenario_rows)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Below SCENARIOS_SIDE_BY_SIDE_FROM the two panes stand one above the other, so the
        # editor is never narrower than the wider of them; side by side (the splitter's own
        # hint, kept while the tab is hidden) it asked the smallest window for both widths.
        hint = super().minimumSizeHint()
        widest = max(self.splitter.widget(n).minimumSizeHint().width() for n in range(2))
        return QSize(min(hint.width(), widest), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Side by side the scenario's items had a sliver of a narrow window: there they go
        # under the list of scenarios, which needs only a few rows.
        narrow = event.size().width() < SCENARIOS_SIDE_BY_SIDE_FROM
        # In a short pane (a large font in a small window) the items' rows come first.
        roomy = not narrow or event.size().height() >= SCENARIO_FIGURES_FROM_HEIGHT
        if roomy != self._roomy:
            self._roomy = roomy
            self._show_figures(self.current_scenario_id())
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            # One above the other, a taller window gives its height to the items.
            self.splitter.setStretchFactor(0, 0 if narrow else 1)
            self.splitter.setStretchFactor(1, 1)
            if narrow:
                self._fit_scenario_rows()
            else:
                total = event.size().width()
                first = min(total * 2 // 5, 360)
                self.splitter.setSizes([first, max(total - first, 1)])
        # One above the other, the scenarios (two at least, when there are two) in view under the
        # buttons, heading and note, however the window is sized: at 14 points a third of a
        # short window showed half of one ("Lean" cut in two).
        least = min(self._rows_in_view(self._scenario_rows(2)), event.size().height() // 2)
        least = least if narrow else 0
        if self.scenarios.minimumHeight() != least:
            self.scenarios.setMinimumHeight(least)
        if narrow and not self._list_height_chosen:
            # Fitted at every size: fitted once, when the pane was first laid out small, the
            # list kept a height that showed two of the sample's three scenarios.
            self._fit_scenario_rows()

    def _on_divider_moved(self, *_: Any) -> None:
        if not self._fitting_rows:
            self._list_height_chosen = True

    def _scenario_rows(self, most: int) -> int:
        """How many rows the list of scenarios shows above the items: its rows, one at least
        (for the first one added), ``most`` at most."""
        return max(1, min(self.scenarios.proxy.rowCount(), most))

    def _fit_scenario_rows(self, *_: Any) -> None:
        """One above the other, the list of scenarios gets the height of its rows (a few at
        most) and the items the rest."""
        if self.splitter.orientation() != Qt.Orientation.Vertical:
            return
        total = sum(self.splitter.sizes()) or self.height()
        # A third of a short pane at most (the items need their rows too), and never less than
        # the minimum kept in view (see resizeEvent).
        needed = self._rows_in_view(self._scenario_rows(SCENARIO_ROWS_ABOVE_ITEMS))
        first = max(min(needed, total // 3), self.scenarios.minimumHeight())
        self._fitting_rows = True
        try:
            self.splitter.setSizes([first, max(total - first, 1)])
        finally:
            self._fitting_rows = False

    def _rows_in_view(self, rows: int) -> int:
        """The height the list of scenarios needs to show ``rows`` rows under its buttons,
        heading and note, at the list's present width."""
        editor, view = self.scenarios, self.scenarios.view
        # The wrapped note's height at the width the list has one above the other (the size
        # hint wraps it narrower, which gave the list most of a row more than it needed).
        width = self.width() if self.splitter.orientation() == Qt.Orientation.Vertical else 0
        needed = editor.heightForWidth(width) if width > 0 and editor.hasHeightForWidth() else -1
        around = (needed if needed > 0 else editor.sizeHint().height()) - view.sizeHint().height()
        header = view.horizontalHeader().sizeHint().height()
        frame = 2 * view.frameWidth()
        return around + header + frame + rows * view.verticalHeader().defaultSectionSize() + 4

    def current_scenario_id(self) -> int | None:
        index = self.scenarios.current_source_index()
        if not index.isValid():
            return None
        return self.scenarios.model.row_id(index.row())

    def _show_scenario(self, *_: Any) -> None:
        scenario_id = self.current_scenario_id()
        self.items_model.load(scenario_id)
        for button in (self.keep_all_button, self.leave_all_button):
            button.setEnabled(scenario_id is not None and bool(self.items_model.items))
        if scenario_id is None:
            self.items_caption.setText(
                "Choose a scenario in the list of scenarios to see its items."
                if self.scenarios.model.rows
                else "No scenario yet: add one (a leaner or a fuller plan, say), then choose "
                "which items it buys and how many."
            )
        else:
            name = self.scenarios.model.rows[self.scenarios.current_source_index().row()]["name"]
            included = len(self.items_model.entries)
            kept = f"{included:,} of {len(self.items_model.items):,} items"
            self.items_caption.setText(
                left_to_right(
                    f"{quoted(name)} keeps {kept}: tick to keep one, or type its quantity "
                    "for this scenario only."
                )
            )
        self._show_figures(scenario_id)

    def _show_figures(self, scenario_id: int | None) -> None:
        """The scenario's figures from the latest result: "…" while an edit's are worked out,
        "—" when they cannot be (the proposal has problems to put right)."""
        self.figures.setVisible(scenario_id is not None and self._roomy)
        if scenario_id is None:
            return
        context = self.context
        result = context.result
        figures = None
        if result is not None and not self._figures_stale and not context.busy:
            figures = scenario_figures(result, scenario_id)
        if figures is None:
            pending = (
                self._figures_stale
                or context.busy
                or (result is None and not context.issues and not context.failure)
            )
            figures = (PENDING_FIGURE if pending else NO_FIGURE,) * 4
        self.figures.setText(scenario_figures_line(figures))

    def refresh(self) -> None:
        self.scenarios.refresh()
        self._show_scenario()

    def _on_edit(self, *_: Any) -> None:
        self._figures_stale = True
        if self.isVisible():
            self._show_figures(self.current_scenario_id())

    def _on_snapshot(self, *_: Any) -> None:
        self._figures_stale = False
        if self.isVisible():
            self._show_scenario()
        else:
            self._dirty = True  # shown fresh when the tab is next opened

    def showEvent(self, event: Any) -> None:
        if self._dirty:
            self._dirty = False
            self._show_scenario()
        # The tab opened on an empty items table and a caption asking for a choice: the first
        # scenario is shown until another is chosen.
        view = self.scenarios.view
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))
        super().showEvent(event)


class ItemsPage(StepPage):
    title = "Items"
    guidance = step_guidance("items")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # Made first, so its tab bar (drawn on top) comes before the tables in Tab order.
        self.tabs = QTabWidget(self)
        self.table = RowTableEditor(
            context, "item", ITEM_COLUMNS, ITEM_WIDTHS, self, keep_in_view=ITEM_COSTS_END
        )
        # Short labels: with Add, Duplicate, Remove and the filter, longer ones were cut at the
        # smallest window ("from spreads…"); the tooltips and accessible names say the rest.
        self.import_button = QPushButton("&Import…")
        self.import_button.setAccessibleName("Import items from a spreadsheet")
        self.import_button.setToolTip("Add items from an Excel workbook or a CSV file")
        self.import_button.clicked.connect(self.import_items)
        self.import_button.setEnabled(_import_dialog_class() is not None)
        self.table.buttons.insertWidget(3, self.import_button)
        self.template_button = QPushButton("&Typical items…")
        self.template_button.setAccessibleName("Add typical items from the template")
        self.template_button.setToolTip(
            "Add typical 1:1 items with illustrative figures, to replace with your quotes"
        )
        self.template_button.clicked.connect(self.add_typical_items)
        self.table.buttons.insertWidget(4, self.template_button)
        self.table.order_tabs()
        self.scenarios = ScenariosEditor(context, self)
        self.tabs.addTab(self.table, "Items")
        self.tabs.addTab(self.scenarios, "Scenarios")
        self.tabs.setAccessibleName("Items and scenarios")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        context.result_changed.connect(self._follow_currency)
        self.refresh()

    def refresh(self) -> None:
        self._follow_currency()
        self.table.refresh()
        self.scenarios.refresh()

    def _follow_currency(self, *_: Any) -> None:
        data = self.context.proposal_input
        if data is not None:
            self.table.set_currency(data.currency)

    def add_typical_items(self) -> None:
        """The template's typical items, to tick and add (one undo step for all of them)."""
        dialog = _typical_items_dialog(self)
        if dialog.exec():
            rows = dialog.chosen()
            if rows:
                text = f"Add {format_count(len(rows), 'typical item')}"
                command = AddRowsCommand(self.context, "item", rows, text)
                self.context.push(command)
                if not command.failed:
                    self._show_added(command.row_ids, command.left_out)

    def _show_added(self, row_ids: list[int], left_out: str = "") -> None:
        """The items just added chosen, and said so: they had gone in below the fold,
        unselected, and only the figures changing showed it. ``left_out`` says which scenarios
        do not hold them (``commands.left_out_note``), before the undo's reminder."""
        table = self.table
        self.tabs.setCurrentWidget(table)
        table.filter_box.clear()  # a filter could hide them as they come
        table.select_row_ids(row_ids)
        count = len(row_ids)
        window = self.window()
        if isinstance(window, QMainWindow):
            # Sorted by a column, the table puts them among the others, not last.
            where = (
                "at the end of the list"
                if table.model.in_list_order
                else f"where the table’s sort puts {'it' if count == 1 else 'them'}"
            )
            them = "it" if count == 1 else "them"
            added = f"Added {format_count(count, 'typical item')} {where}, chosen"
            if left_out:
                said = f"{added}. {left_out} Ctrl+Z takes {them} away again."
            else:
                said = f"{added}; Ctrl+Z takes {them} away again."
            show_status(window, said, 15_000 if left_out else 10_000)

    def import_items(self) -> None:
        dialog_class = _import_dialog_class()
        if dialog_class is None:
            return
        dialog = dialog_class(self.context.library, self.context.proposal_id, self)
        if dialog.exec():
            imported = list(getattr(dialog, "imported_ids", []) or [])
            if imported:
                self.context.push(ImportedRowsCommand(self.context, "item", imported))


def _typical_items_dialog(page: ItemsPage) -> Any:
    from desktop.services.proposals import template_items
    from desktop.services.template_sizing import (
        counts_in_use,
        template_headcounts,
        template_item_sizes,
    )
    from desktop.ui.dialogs.item_templates import TemplateItemsDialog
    from desktop.vocabulary import InitiativeKind, SizedBy

    data = page.context.proposal_input
    if data is None:
        return TemplateItemsDialog(template_items(), set(), "USD", page)
    names = {item.name for item in data.items}
    headcounts = {"students": data.students, "teachers": data.teachers, "staff": data.staff}
    template = template_headcounts()
    sized = (template, headcounts) if counts_in_use(headcounts) != counts_in_use(template) else None
    per_building = [
        size.name for size in template_item_sizes() if size.sized_by is SizedBy.BUILDINGS
    ]
    return TemplateItemsDialog(
        template_items(headcounts), names, data.currency, page, sized=sized,
        byod=data.initiative is InitiativeKind.BYOD, per_building=per_building,
    )  # fmt: skip


def _import_dialog_class() -> Any:
    try:
        from desktop.ui.dialogs.import_items import ImportItemsDialog
    except ImportError:
        return None
    return ImportItemsDialog
