"""Step 7: who pays, year by year — funding sources, what each brings per plan year, and how the
total compares with the cost (the gap, and how much of the recurring cost rests on grants).

The amounts grid is source × plan year; its last rows (total funding, total cost, gap) are read
from the finance result, so they match the Review step and the PDF to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from desktop.finance.funding import extra_shortfall, unpaid_recurring
from desktop.finance.money import format_count, format_money, format_percent
from desktop.finance.result import ProposalResult
from desktop.services.editing import funding_amount_field, funding_amounts, list_rows
from desktop.services.fields import FieldError
from desktop.services.wizard import step_guidance
from desktop.ui.commands import FundingAmountCommand
from desktop.ui.context import ProposalContext
from desktop.ui.formatting import edit_text, parse_typed
from desktop.ui.layouts import ProblemLabel, split, stack
from desktop.ui.row_table import (
    RowTableEditor,
    RowTableView,
    parse_clipboard_grid,
    paste_corner,
)
from desktop.ui.steps.base import StepPage
from desktop.ui.table_model import blank_columns_dropped
from desktop.wording import in_a_list, without_overrides

Index = QModelIndex | QPersistentModelIndex
TOTAL_ROWS = ("Total funding", "Total cost", "Gap (cost not funded)")
NAME_COLUMN_MIN, NAME_COLUMN_MAX = 180, 340
# A year column is as wide as its widest figure (bold, as the totals are) plus this room, and
# never narrower than YEAR_COLUMN_MIN.
YEAR_COLUMN_PADDING, YEAR_COLUMN_MIN = 16, 84


class FundingGridModel(QAbstractTableModel):
    """Rows: funding sources, then three read-only total rows; columns: plan years."""

    problem = Signal(str)  # why the amount typed was refused ("" once none stands)
    block_problem = Signal(str)  # why a paste or clearing was refused as a whole

    def __init__(self, context: ProposalContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sources: list[dict[str, Any]] = []
        self.amounts: dict[tuple[int, int], Decimal] = {}
        self.horizon = 0
        self.currency = "USD"
        self.year_labels: tuple[str, ...] = ()

    def reload(self) -> None:
        library, proposal_id = self.context.library, self.context.proposal_id
        sources = list_rows(library, proposal_id, "funding_source")
        amounts = funding_amounts(library, proposal_id)
        horizon, currency, labels = self.horizon, self.currency, self.year_labels
        data, result = self.context.proposal_input, self.context.result
        if data is not None:
            horizon, currency = data.horizon_years, data.currency
        if result is not None:
            labels = result.fiscal_year_labels
        if len(sources) == len(self.sources) and horizon == self.horizon:
            # The same rows and years with new values (an amount typed, the figures back):
            # told as changed cells, not a reset, which closed the editor in the middle of
            # its commit and threw the keyboard out of the grid with the current cell lost.
            self.sources, self.amounts = sources, amounts
            self.currency, self.year_labels = currency, labels
            rows, columns = self.rowCount(), self.columnCount()
            if rows and columns:
                self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
            return
        self.beginResetModel()
        self.sources, self.amounts = sources, amounts
        self.horizon, self.currency, self.year_labels = horizon, currency, labels
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sources) + len(TOTAL_ROWS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.horizon

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical:
            role = Qt.ItemDataRole.DisplayRole
        if role != Qt.ItemDataRole.DisplayRole:
            if (
                role == Qt.ItemDataRole.TextAlignmentRole
                and orientation == Qt.Orientation.Horizontal
            ):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if orientation == Qt.Orientation.Horizontal:
            label = self.year_labels[section] if section < len(self.year_labels) else ""
            return f"Year {section + 1}" + (f"\n{label}" if label else "")
        if section < len(self.sources):
            return without_overrides(str(self.sources[section]["name"]))
        return TOTAL_ROWS[section - len(self.sources)]

    def _total(self, which: int, year: int) -> Decimal | None:
        result = self.context.result
        if result is None or year > len(result.years):
            return None
        funding = result.base.funding
        if which == 0:
            return funding.by_year[year - 1]
        if which == 1:
            return result.base.tco.by_year[year - 1]
        return funding.gap_by_year[year - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        year = index.column() + 1
        is_total = index.row() >= len(self.sources)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if is_total:
            if role == Qt.ItemDataRole.DisplayRole:
                return format_money(
                    self._total(index.row() - len(self.sources), year), self.currency
                )
            return None
        key = (int(self.sources[index.row()]["id"]), year)
        amount = self.amounts.get(key, Decimal("0.00"))
        if role == Qt.ItemDataRole.DisplayRole:
            return format_money(amount, self.currency)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(funding_amount_field(year), amount)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.row() < len(self.sources):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def parse(self, row: int, column: int, raw: Any) -> tuple[tuple[int, int], Decimal]:
        year = column + 1
        value = parse_typed(funding_amount_field(year), raw)
        return (int(self.sources[row]["id"]), year), value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.row() >= len(self.sources):
            return False
        try:
            key, amount = self.parse(index.row(), index.column(), value)
        except FieldError as error:
            self.problem.emit(f"{self.sources[index.row()]['name']}, {error}")
            return False
        self.problem.emit("")
        if amount != self.amounts.get(key, Decimal("0.00")):
            self.context.push(FundingAmountCommand(self.context, {key: amount}))
        return True

    def clear(self, cells: list[tuple[int, int]]) -> int:
        """Delete on chosen amounts: each goes to 0, in one undo step (the totals' rows below
        the sources are not amounts and stay). Returns the amounts changed."""
        changes: dict[tuple[int, int], Decimal] = {}
        for row, column in cells:
            if row < len(self.sources) and column < self.horizon:
                key, amount = self.parse(row, column, "")
                if amount != self.amounts.get(key, Decimal("0.00")):
                    changes[key] = amount
        if changes:
            self.block_problem.emit("")
            self.context.push(FundingAmountCommand(self.context, changes, "Clear funding amounts"))
        return len(changes)

    def fill(self, cells: list[tuple[int, int]], text: str) -> bool | None:
        """One copied value pasted on the chosen amounts, every one filled in one undo step (the
        totals' rows are stepped over); a value refused for any refuses all, named. Whether it
        was applied, or None when no chosen cell is an amount."""
        changes: dict[tuple[int, int], Decimal] = {}
        for row, column in sorted(cells):
            if row >= len(self.sources) or column >= self.horizon:
                continue  # the totals and the gap are worked out
            if not self._parsed_into(changes, row, column, text):
                return False
        if not changes:
            return None
        self.block_problem.emit("")
        self.context.push(FundingAmountCommand(self.context, changes, "Paste funding amounts"))
        return True

    def paste(self, top: int, left: int, grid: list[list[str]]) -> bool:
        changes: dict[tuple[int, int], Decimal] = {}
        if top >= len(self.sources):  # on the totals under the sources
            self.block_problem.emit(
                "The totals and the gap are worked out from the sources: paste into a funding "
                "source's row. Nothing was pasted."
            )
            return False
        grid = blank_columns_dropped(grid, self.horizon - left)
        for offset, line in enumerate(grid):
            row = top + offset
            if row >= len(self.sources):
                self.block_problem.emit(
                    "The pasted block runs past the last funding source. Nothing was pasted."
                )
                return False
            for column_offset, text in enumerate(line):
                column = left + column_offset
                if column >= self.horizon:
                    self.block_problem.emit(
                        "The pasted block runs past the last plan year. Nothing was pasted."
                    )
                    return False
                if not self._parsed_into(changes, row, column, text):
                    return False
        self.block_problem.emit("")
        self.context.push(FundingAmountCommand(self.context, changes, "Paste funding amounts"))
        return True

    def _parsed_into(
        self, changes: dict[tuple[int, int], Decimal], row: int, column: int, text: str
    ) -> bool:
        """``text`` pasted in a source's year, read into ``changes``; or, refused, said (naming
        the source) and False, for the paste to change nothing."""
        try:
            key, amount = self.parse(row, column, text)
        except FieldError as error:
            self.block_problem.emit(f"{self.sources[row]['name']}, {error}. Nothing was pasted.")
            return False
        changes[key] = amount
        return True


class FundingPage(StepPage):
    title = "Funding"
    guidance = step_guidance("funding")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sources = RowTableEditor(
            context, "funding_source", ["name", "kind", "recurring", "secured", "notes"],
            {"name": 260, "kind": 230, "recurring": 90, "secured": 80}, self,
        )  # fmt: skip
        self.sources.hint.setText(
            "Recurring sources (the operations budget, E-Rate) can carry yearly costs, grants "
            "and bonds cannot. A new source starts as not secured: set Secured to Yes once the "
            "money is awarded or approved."
        )
        # Room between the hint's last line and the splitter handle below it.
        self.sources.layout().setContentsMargins(0, 0, 0, 10)
        self.grid = FundingGridModel(context, self)
        self.grid_view = RowTableView(self)
        self.grid_view.setSortingEnabled(False)
        self.grid_view.setModel(self.grid)
        self.grid_view.setAccessibleName("Funding amounts by plan year")
        grid_header = self.grid_view.horizontalHeader()
        grid_header.setStretchLastSection(False)
        grid_header.setMinimumSectionSize(YEAR_COLUMN_MIN)
        # Names are cut with "…" (full name in the tooltip) only when the years would not fit
        # beside them otherwise (see _fit_grid_columns); cut in the middle, as the tables cut
        # them, since names that start alike differ at the end ("E-Rate Category 1 (…)").
        self.grid_view.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # Stretch fills a short horizon; a long one scrolls, each year keeping its figures whole.
        grid_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.resized.connect(self._fit_grid_columns)
        self.grid_view.paste_requested.connect(self._paste)
        self.grid_view.clear_requested.connect(
            lambda: self.grid.clear(
                [(index.row(), index.column()) for index in self.grid_view.selectedIndexes()]
            )
        )
        from desktop.ui.delegates import FieldDelegate

        delegate = FieldDelegate(self.grid_view)
        self.grid_view.setItemDelegate(delegate)
        self.grid_caption = QLabel("What each source brings per plan year")
        self.problem = ProblemLabel("Why the last amount was refused", about=self.grid_view)
        self.grid.problem.connect(self.problem.report)
        self.grid.block_problem.connect(self.problem.report_block)
        delegate.abandoned.connect(lambda: self.problem.report(""))
        self.problem.refusal.connect(context.report_refusal)
        self.position = _ResizeTold()
        self.position.setWordWrap(True)
        # A sentence taking fewer lines than when the panes were fitted left the line it gave
        # up as an empty band in the grid under the gap; more lines cut the gap row off.
        self.position.resized.connect(self._keep_totals_in_view)
        self.position.setAccessibleDescription("Funding position")
        # A refusal shown under the grid took the height of its last rows: the gap went out of
        # view under the message. It stands in place of the funding sentence instead (which
        # the refused value did not change) until the amount is put right or abandoned.
        self.grid.problem.connect(lambda message: self.position.setHidden(bool(message)))
        delegate.abandoned.connect(self.position.show)
        self.grid.problem.connect(self._keep_totals_in_view)
        lower = QWidget()
        parts = (self.grid_caption, self.grid_view, self.problem, self.position)
        stack(lower, *parts, stretch=self.grid_view)
        self.splitter = split(self, Qt.Orientation.Vertical, self.sources, lower, (230, 440))
        # A taller window gives its extra height to the list of sources; the grid below is
        # sized to its rows when the page is first shown (see _fit_panes).
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self._panes_fitted = False
        self._fitted_rows = 0  # the grid's rows when the panes were last fitted
        # Whether the grid scrolled sideways when the panes were last fitted: a window made
        # wider drops the scroll bar, and the grid's pane would keep its height as a blank band.
        self._fitted_scrolling = False
        self.grid_view.horizontalScrollBar().rangeChanged.connect(self._on_grid_scrolling)
        context.result_changed.connect(self._on_result)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._panes_fitted:
            self._panes_fitted = True
            self._fit_panes()
            # Again once the window has laid the page out for good: the summary beside it may
            # take its width from figures that arrive with it, and a narrower page wraps the
            # notes under the sources onto more lines, which the list then lost (at a large
            # font it showed one source).
            QTimer.singleShot(0, self, self._fit_panes)

    def _fit_panes(self) -> None:
        """The grid pane as tall as its rows need (no empty band under the totals), the list
        of sources the rest, so it shows as many sources as the window allows."""
        total = sum(self.splitter.sizes())
        self._fitted_rows = self.grid.rowCount()
        view = self.grid_view
        self._fitted_scrolling = view.horizontalScrollBar().maximum() > 0
        rows = sum(view.rowHeight(row) for row in range(self.grid.rowCount()))
        grid = rows + view.horizontalHeader().height() + 2 * view.frameWidth()
        if self._fitted_scrolling:
            grid += view.horizontalScrollBar().sizeHint().height()
        lower = view.parentWidget()
        if lower is None or total <= 0:
            return
        wanted = lower.height() - view.height() + grid  # the caption and notes as laid out
        # The list keeps room for two sources at least (it scrolls, and each source is also a
        # row of the grid); the grid's totals and gap are what a small window must show.
        table = self.sources.view
        least_for_sources = (
            self.sources.height()
            - table.viewport().height()
            + 2 * table.verticalHeader().defaultSectionSize()
        )
        if table.horizontalScrollBar().isVisible():  # it takes its height from the view
            least_for_sources += table.horizontalScrollBar().height()
        lower_height = min(wanted, total - least_for_sources)
        if lower_height > 0:
            self.splitter.setSizes([total - lower_height, lower_height])
        # Too many sources for the window: the grid scrolls, and shows its end, the totals and
        # the gap (each source is in the list above too).
        QTimer.singleShot(0, self, self._show_totals)

    def _show_totals(self) -> None:
        if self._totals_cut():
            view = self.grid_view
            view.scrollToBottom()
            # The cell being worked on stays in view: a figure just typed in the first source's
            # row went out of sight after every recalculation.
            if view.currentIndex().isValid():
                view.scrollTo(view.currentIndex())

    def _totals_cut(self) -> bool:
        """Whether the grid's last row (the gap) lies under the pane's edge."""
        view, last = self.grid_view, self.grid.rowCount() - 1
        return last >= 0 and view.visualRect(self.grid.index(last, 0)).bottom() > (
            view.viewport().height()
        )

    def _keep_totals_in_view(self, *_: Any) -> None:
        """Fit the panes again, once laid out, if the grid's last row (the gap) is cut, or an
        empty band lies under it (the sentence below took fewer lines than when fitted)."""
        if self._panes_fitted:
            QTimer.singleShot(0, self, self._fit_if_misfitted)

    def _fit_if_misfitted(self) -> None:
        if self._totals_cut() or self._band_under_totals():
            self._fit_panes()

    def _band_under_totals(self) -> bool:
        """Whether the grid's pane is taller than its rows (a line of text or so: a fitted
        pane is within a pixel or two of them)."""
        view = self.grid_view
        rows = sum(view.rowHeight(row) for row in range(self.grid.rowCount()))
        return view.viewport().height() - rows > 4

    def _on_grid_scrolling(self, _minimum: int, maximum: int) -> None:
        if self._panes_fitted and (maximum > 0) != self._fitted_scrolling:
            QTimer.singleShot(0, self, self._fit_panes)

    def refresh(self) -> None:
        data = self.context.proposal_input
        if data is not None:
            self.sources.set_currency(data.currency)
        self.sources.refresh()
        self._reload_grid()
        self._show_position()

    def _reload_grid(self) -> None:
        self.grid.reload()
        # A source added or removed changes the grid's rows: fitted again (once laid out), so
        # its totals and gap stay in view instead of scrolling under the pane's edge.
        if self._panes_fitted and self.grid.rowCount() != self._fitted_rows:
            QTimer.singleShot(0, self, self._fit_panes)
        self._fit_grid_columns()

    def _fit_grid_columns(self) -> None:
        """Every year wide enough for its widest figure, and the names as wide as they need up
        to NAME_COLUMN_MAX; when the window cannot hold all the years beside the names, the
        names give way first (down to NAME_COLUMN_MIN), so a five-year plan shows whole on a
        laptop screen. Longer horizons still scroll, each year keeping its figures whole."""
        view, grid = self.grid_view, self.grid
        header = view.verticalHeader()
        names = [str(source["name"]) for source in grid.sources] + list(TOTAL_ROWS)
        # Measured in bold: the current row's name is drawn bold, and measured plain it was cut
        # ("State digital learning gr…") as soon as its row was chosen.
        bold_header = QFont(header.font())
        bold_header.setBold(True)
        measure = QFontMetrics(bold_header).horizontalAdvance
        widest_name = max(measure(name) for name in names) + 16
        name_width = min(max(widest_name, NAME_COLUMN_MIN), NAME_COLUMN_MAX)
        years = grid.columnCount()
        if years:
            bold = QFont(view.font())
            bold.setBold(True)
            metrics = QFontMetrics(bold)
            texts = [
                str(grid.data(grid.index(row, column)) or "")
                for row in range(grid.rowCount())
                for column in range(years)
            ]
            widest_figure = max(metrics.horizontalAdvance(text) for text in texts)
            year_width = max(widest_figure + YEAR_COLUMN_PADDING, YEAR_COLUMN_MIN)
            view.horizontalHeader().setMinimumSectionSize(year_width)
            room = view.width() - 2 * view.frameWidth()
            if view.verticalScrollBar().isVisible():
                room -= view.verticalScrollBar().width()
            name_width = max(min(name_width, room - years * year_width), NAME_COLUMN_MIN)
        header.setFixedWidth(name_width)

    def _on_data_changed(self, entity: str) -> None:
        if entity in ("funding_source", "funding_amount", "proposal"):
            self._reload_grid()

    def _on_result(self, *_: Any) -> None:
        data = self.context.proposal_input
        if data is not None:
            self.sources.set_currency(data.currency)
        self._reload_grid()
        self._show_position()

    def _paste(self) -> None:
        from PySide6.QtGui import QGuiApplication

        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        index = self.grid_view.currentIndex()
        grid = parse_clipboard_grid(text)
        selected = self.grid_view.selectedIndexes()
        if len(grid) == 1 and len(grid[0]) == 1 and len(selected) > 1:
            # One amount copied, several years or sources chosen: each is filled, as in a
            # spreadsheet (before, only the current one was).
            cells = [(cell.row(), cell.column()) for cell in selected]
            filled = self.grid.fill(cells, grid[0][0])
            if filled is not None:
                return filled
        # At the chosen cells' corner, as on the other steps' tables: it was the current cell,
        # where the drag that chose them ended.
        corner = paste_corner(selected, index)
        return corner is not None and self.grid.paste(*corner, grid)

    def _show_position(self) -> None:
        result = self.context.result
        if result is None:
            self.position.setText("The totals appear once the figures can be computed.")
            return
        self.position.setText(funding_position(result))
        self._keep_totals_in_view()


def funding_position(result: ProposalResult) -> str:
    """The sentence under the funding grid: what the sources bring against the cost, where it
    falls short, and how much of the recurring costs rely on temporary money."""
    funding = result.base.funding
    currency = result.currency
    gap = funding.gap_total
    if not funding.total and not result.tco_total:
        # "Every year is fully funded" was said of a blank proposal, nothing costed or paid.
        return (
            "Nothing is costed or funded yet: the items' costs and the sources that pay "
            "them meet here, year by year."
        )
    parts = [
        f"Over {format_count(result.horizon_years, 'year')} the sources bring "
        f"{format_money(funding.total, currency)} against a cost of "
        f"{format_money(result.tco_total, currency)}."
    ]
    if gap > 0:
        short_years = _years_of(result.years, funding.gap_by_year)
        # A surplus in one year does not pay another year's cost: said with its amount, or the
        # gap reads as wrong against the two totals (short by more than they differ).
        surplus_years = _years_of(result.years, funding.surplus_by_year)
        carried = (
            f"; the {format_money(funding.surplus_total, currency)} left over in "
            f"{_years(surplus_years)} does not carry over to "
            f"{'it' if len(short_years) == 1 else 'them'}"
            if surplus_years
            else ""
        )
        parts.append(
            f"Funding falls short by {format_money(gap, currency)} "
            f"{_across(short_years, result.horizon_years)}{carried}."
        )
    elif any(flag.code == "funding_surplus" for flag in funding.flags):
        # A surplus worth asking about (the totals above show a smaller one well enough).
        spare_years = _years_of(result.years, funding.surplus_by_year)
        parts.append(
            "Every year is fully funded; the sources bring "
            f"{format_money(funding.surplus_total, currency)} more than the cost, in "
            f"{_years(spare_years)} (not carried into another year)."
        )
    else:
        parts.append("Every year is fully funded.")
    extra = funding.extra_shortfall_total
    if extra > 0:
        parts.append(
            f"That counts {format_money(funding.pending_total, currency)} not yet secured: "
            f"without it, the plan is short by {'a further ' if gap else ''}"
            f"{format_money(extra, currency)} "
            f"{_across(_years_of(result.years, extra_shortfall(funding)), result.horizon_years)}."
        )
    # With no source, "0.0% rely on grants" read as a virtue: nothing pays them at all.
    if funding.grant_reliance_share is not None and funding.sources:
        parts.append(
            f"{format_percent(funding.grant_reliance_share, 1)} of recurring costs rely on "
            "grants or other temporary money."
        )
        unpaid = unpaid_recurring(funding)
        if any(unpaid):
            # "0.0% rely on grants" read as recurring money paying them all: nothing pays these.
            parts.append(
                f"{format_money(sum(unpaid, Decimal(0)), currency)} of recurring costs, "
                f"{_across(_years_of(result.years, unpaid), result.horizon_years)}, have no money "
                "to pay them."
            )
    return " ".join(parts)


def _years_of(years: tuple[int, ...], amounts: tuple[Decimal, ...]) -> list[str]:
    """The plan years (as text) whose amount is above zero."""
    return [str(year) for year, value in zip(years, amounts, strict=True) if value > 0]


def _across(years: list[str], horizon: int) -> str:
    """Where a total falls: "in year 2", "in all, across years 1 and 3" (a total said "in years
    1 and 3" read as each year's), or "in all, over the plan's 5 years" when it falls in every
    one, as the PDF says it (``wording.across_years``, which names fiscal years)."""
    if len(years) == 1:
        return f"in {_years(years)}"
    if len(years) == horizon:
        return f"in all, over the plan's {horizon} years"
    return f"in all, across {_years(years)}"


def _years(years: list[str]) -> str:
    """ "year 2", "years 1, 3 and 4"."""
    return f"{'year' if len(years) == 1 else 'years'} {in_a_list(years)}"


class _ResizeTold(QLabel):
    """A label that tells when its height changes (its text wrapped onto more or fewer
    lines)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self.resized.emit()
