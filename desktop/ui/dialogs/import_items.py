"""The "Import items from a quote" dialog: pick a CSV or XLSX file, check how its columns are
read, see every problem, then add all its items at once.

Reading and checking run on a worker thread (a 10,000-line quote takes a moment), and each run
carries a generation number so a slow, stale answer never replaces a newer one. The guessed column
fields are combo boxes the director can change; the preview shows the first rows as they will be
imported, with refused rows highlighted and every problem listed by row and column. Import is
enabled only when there is no problem, and writes all rows in one transaction;
``imported_ids`` then holds the new items' ids (the caller turns them into one undo step).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count, format_money
from desktop.services.item_import import (
    IMPORT_FIELDS,
    ItemImportReport,
    check_quote,
    field_choices,
    import_checked,
)
from desktop.services.library import Library
from desktop.services.proposals import proposal_basics
from desktop.services.snapshot import proposal_input
from desktop.sheets import QuoteTable, SpreadsheetError, read_quote
from desktop.sheets.values import cell_text
from desktop.ui import theme
from desktop.ui.layouts import OutlinedList, OutlinedTableWidget, announce, size_to_font
from desktop.ui.workers import BackgroundJob

PREVIEW_ROWS = 50
SHOWN_ERRORS = 500
FILE_FILTER = "Spreadsheets (*.csv *.xlsx *.tsv *.txt);;All files (*)"
# The light theme's colours; a dark theme gets deep variants (see desktop.ui.theme).
PROBLEM_COLOUR = theme.PROBLEM_ROW[0]  # the row
REFUSED_COLOUR = theme.REFUSED_CELL[0]  # the cell that was refused
MONEY_FIELDS = ("unit_cost", "recurring_unit_cost", "annual_savings")
NOT_IMPORTED = "(not imported)"
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _FieldChoice(QComboBox):
    """A column's "Imports as" choice in the mapping table. Up and Down (and Page Up/Down) move
    between the table's rows, as in any table, instead of changing the choice the arrow keys
    reached; Alt+Down, F4 or Space open the list to change it, the mouse wheel over it scrolls
    the table."""

    _ROW_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in self._ROW_KEYS and not event.modifiers():
            event.ignore()  # the table moves to the next row
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()


class ImportItemsDialog(QDialog):
    """Modal dialog; after ``accept()``, ``imported_ids`` lists the new items in file order."""

    def __init__(
        self,
        library: Library,
        proposal_id: int,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.proposal_id = proposal_id
        self._touched: set[str] = set()  # headers whose field the director chose, this file
        self.imported_ids: list[int] = []
        self.table: QuoteTable | None = None
        self.report: ItemImportReport | None = None
        self._pool = pool
        self._jobs: list[BackgroundJob] = []
        self._generation = 0
        self._path: Path | None = None
        self._currency = str(proposal_basics(library, proposal_id).get("currency") or "USD")
        self._labels = dict(field_choices())
        self.setWindowTitle("Import items from a quote")
        self._build()
        self._size_to_font()

    def _size_to_font(self) -> None:
        """980 × 680 at the usual font, more at a larger one (at 14 points the column grid
        showed three rows and cut the fourth's choice), never more than the screen."""
        size_to_font(self, 980, 680)

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            "Choose a vendor quote saved as CSV or Excel (.xlsx). Check how each column is read, "
            "fix anything listed under Problems, then import: every row is added at once, or none."
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file chosen")
        self.file_edit.setAccessibleName("Quote file")
        choose = QPushButton("&Choose file…")
        choose.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.setMinimumWidth(160)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)
        sheet_label = QLabel("&Sheet:")
        sheet_label.setBuddy(self.sheet_combo)
        file_row.addWidget(sheet_label)
        file_row.addWidget(self.sheet_combo)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.mapping = OutlinedTableWidget(0, 3)
        self.mapping.setTabKeyNavigation(False)  # Tab reaches the preview and the buttons
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "First value", "Imports as"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.preview = OutlinedTableWidget(0, 0)
        # Tab leaves the preview (arrows move in it): wrapping through its cells, Tab and
        # Shift+Tab never got out.
        self.preview.setTabKeyNavigation(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.problems = OutlinedList()
        self.problems.setWordWrap(True)
        self._bold_font = QFont()
        self._bold_font.setBold(True)

        mapping_box = _titled("How the columns are read", self.mapping)
        preview_box = _titled(f"Preview (first {PREVIEW_ROWS} rows)", self.preview)
        problems_box = _titled("Problems", self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for box in (mapping_box, preview_box, problems_box):
            splitter.addWidget(box)
        splitter.setSizes([210, 270, 130])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._import)
        self.buttons.rejected.connect(self.reject)

        self.problems.addItem("Choose a quote file to see how its rows would be imported.")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # --- choosing and reading --------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Choose a quote", "", FILE_FILTER)
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (off the GUI thread) and show how it would import."""
        self._touched = set()
        self._path = path
        self.file_edit.setText(str(path))
        # Read out after the name, "No file chosen" contradicted the file shown.
        self.file_edit.setPlaceholderText("")
        self._set_busy(f"Reading {path.name}…")

        def work(_report: Any) -> tuple[QuoteTable, ItemImportReport]:
            table = read_quote(path, sheet=sheet)
            return table, check_quote(proposal_input(self.library, self.proposal_id), table)

        self._run(work)

    def _sheet_chosen(self, index: int) -> None:
        if self._path is not None and self.table is not None:
            name = self.sheet_combo.itemText(index)
            if name != self.table.sheet_name:
                self.load_file(self._path, name)

    def _field_changed(self) -> None:
        table = self.table
        if table is None:
            return
        rows = range(self.mapping.rowCount())
        fields = [self._combo_field(row) for row in rows]
        # A column the director set by hand is a decision, even when it matches the guess.
        changed = self.sender()
        self._touched |= {
            table.headers[row] for row in rows if self.mapping.cellWidget(row, 2) is changed
        }
        decided = frozenset(self._touched)
        self._set_busy("Checking the rows again…")

        def work(_report: Any) -> tuple[QuoteTable, ItemImportReport]:
            data = proposal_input(self.library, self.proposal_id)
            return table, check_quote(data, table, fields, decided)

        self._run(work)

    def _run(self, work: Any) -> None:
        self._generation += 1
        generation = self._generation
        job = BackgroundJob(work, self, pool=self._pool)
        job.finished.connect(lambda outcome: self._loaded(generation, outcome))
        job.failed.connect(lambda error: self._failed(generation, error))
        self._jobs.append(job)
        job.start()

    def wait_until_idle(self, milliseconds: int = 10_000) -> None:
        """Tests only: block until the worker is done (its signals still need the event loop)."""
        for job in self._jobs:
            job.wait(milliseconds)

    def _set_busy(self, message: str) -> None:
        self.import_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(message)

    def _failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        self.table, self.report = None, None
        self.mapping.setRowCount(0)
        self.preview.setRowCount(0)
        self.problems.clear()
        self.sheet_combo.clear()
        self.sheet_combo.setEnabled(False)
        message = str(error) if isinstance(error, SpreadsheetError) else (
            f"The file could not be read: {error}"
        )  # fmt: skip
        self.status.setStyleSheet(theme.error_text_style(self.palette()))
        self.status.setText(message)
        self.problems.addItem(f"The file was not read, so nothing can be imported. {message}")
        self.import_button.setText("&Import")
        self._tell()

    def _loaded(self, generation: int, outcome: tuple[QuoteTable, ItemImportReport]) -> None:
        if generation != self._generation:
            return
        table, report = outcome
        fresh = table is not self.table
        self.table, self.report = table, report
        if fresh:
            self._show_sheets(table)
            self._show_mapping(table)
        self._show_preview(table, report)
        self._show_problems(report)
        self._show_status(table, report)
        ready = report.ok and report.row_count > 0
        self.import_button.setEnabled(ready)
        count = report.row_count
        self.import_button.setText(f"&Import {format_count(count, 'item')}" if ready else "&Import")
        self._tell()

    def _tell(self) -> None:
        """The verdict said aloud, and given to Import: greyed out, it said nothing of why."""
        said = self.status.text()
        self.import_button.setToolTip("" if self.import_button.isEnabled() else said)
        self.import_button.setAccessibleDescription(said)
        announce(self.status, said)

    # --- showing ---------------------------------------------------------------------------

    def _show_sheets(self, table: QuoteTable) -> None:
        self.sheet_combo.clear()
        # Short enough for the box ("(no sheets in a CSV fil" was cut); its tooltip says more.
        self.sheet_combo.addItems(list(table.sheet_names) or ["— (CSV)"])
        self.sheet_combo.setToolTip(
            "" if table.sheet_names else "A CSV file has no sheets: its rows are read as they are."
        )
        self.sheet_combo.setEnabled(len(table.sheet_names) > 1)
        if table.sheet_name:
            self.sheet_combo.setCurrentText(table.sheet_name)

    def _show_mapping(self, table: QuoteTable) -> None:
        self.mapping.setRowCount(len(table.headers))
        first_row = table.rows[0][1] if table.rows else ()
        for row, header in enumerate(table.headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            sample = cell_text(first_row[row]) if row < len(first_row) else ""
            self.mapping.setItem(row, 1, QTableWidgetItem(" ".join(sample.split())))
            combo = _FieldChoice()
            combo.addItem(NOT_IMPORTED, None)
            for name in IMPORT_FIELDS:
                combo.addItem(self._labels[name], name)
            field = table.fields[row]
            combo.setCurrentIndex(0 if field is None else combo.findData(field))
            combo.currentIndexChanged.connect(self._field_changed)
            combo.setAccessibleName(f"Column {header} imports as")
            self.mapping.setCellWidget(row, 2, combo)
        # The choices come right after their table in the Tab order, before the preview and
        # the buttons: made after the dialog, they had gone to its end, after Import.
        chain = [
            self.mapping,
            *(self.mapping.cellWidget(row, 2) for row in range(self.mapping.rowCount())),
            self.preview,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            if first is not None and second is not None:
                QWidget.setTabOrder(first, second)

    def _combo_field(self, row: int) -> str | None:
        combo = self.mapping.cellWidget(row, 2)
        data = combo.currentData() if isinstance(combo, QComboBox) else None
        return str(data) if data else None

    def _show_preview(self, table: QuoteTable, report: ItemImportReport) -> None:
        used = [name for name in IMPORT_FIELDS if name in report.columns.values()]
        columns = ["Row", *used]
        self.preview.clear()
        self.preview.setColumnCount(len(columns))
        self.preview.setHorizontalHeaderLabels(["Row", *(self._labels[name] for name in used)])
        problem_rows: dict[int, list[str]] = {}
        refused: dict[tuple[int, str], str] = {}  # (row, field) → the text the file holds
        for error in report.errors:
            problem_rows.setdefault(error.row, []).append(error.describe())
            name = report.columns.get(error.column)
            if name is not None:
                refused[(error.row, name)] = error.value
        shown = list(zip(report.row_numbers, report.values, strict=True))[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        problem_colour = theme.problem_row_colour(self.palette())
        for row, (number, values) in enumerate(shown):
            self.preview.setItem(
                row, 0, self._preview_cell(str(number), True, number, problem_rows, problem_colour)
            )
            for column, name in enumerate(used, start=1):
                # A refused cell shows what the file holds, not the default it would fall back to.
                bad = (number, name) in refused
                text = refused[(number, name)] if bad else self._display(name, values.get(name))
                numeric = name in (*MONEY_FIELDS, "quantity")
                item = self._preview_cell(text, numeric, number, problem_rows, problem_colour)
                if bad:
                    item.setBackground(QBrush(theme.refused_cell_colour(self.palette())))
                    item.setFont(self._bold_font)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        for column in range(self.preview.columnCount()):
            if self.preview.columnWidth(column) > 320:
                self.preview.setColumnWidth(column, 320)
        self._tell_cut_texts()

    def _tell_cut_texts(self) -> None:
        """A cell whose text its column cuts ("Campus IT Pa…") shows it whole in its tooltip,
        above any problem of its row."""
        metrics = self.preview.fontMetrics()
        padding = 2 * self.preview.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        for column in range(self.preview.columnCount()):
            room = self.preview.columnWidth(column) - padding
            for row in range(self.preview.rowCount()):
                item = self.preview.item(row, column)
                if item is None or metrics.horizontalAdvance(item.text()) <= room:
                    continue
                problems = item.toolTip()
                item.setToolTip(item.text() + (f"\n\n{problems}" if problems else ""))

    @staticmethod
    def _preview_cell(
        text: str,
        numeric: bool,
        number: int,
        problem_rows: dict[int, list[str]],
        problem_colour: QColor,
    ) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if numeric:
            item.setTextAlignment(RIGHT_ALIGNED)
        if number in problem_rows:
            item.setBackground(QBrush(problem_colour))
            item.setToolTip("\n".join(problem_rows[number]))
        return item

    def _display(self, name: str, value: Any) -> str:
        if value is None:
            return "—" if name == "lifespan_years" else ""
        if name in MONEY_FIELDS and isinstance(value, Decimal):
            return format_money(value, self._currency)
        if name == "quantity" and isinstance(value, Decimal):
            return f"{value:,f}"
        if hasattr(value, "label"):
            return str(value.label)
        return " ".join(str(value).split())

    def _show_problems(self, report: ItemImportReport) -> None:
        self.problems.clear()
        lines = report.describe_errors()
        self.problems.addItems(lines[:SHOWN_ERRORS])
        if len(lines) > SHOWN_ERRORS:
            self.problems.addItem(f"… and {len(lines) - SHOWN_ERRORS:,} more")
        if not lines:
            self.problems.addItem("None: every row can be imported.")
        for note in (report.left_out, report.describe_repeated(), report.describe_unpriced()):
            if note:
                self.problems.addItem(f"Note: {note}")

    def _show_status(self, table: QuoteTable, report: ItemImportReport) -> None:
        count = report.row_count
        parts = [
            table.description,
            f"header on row {table.header_row}",
            format_count(count, "item row"),
        ]
        if report.skipped:
            parts.append(f"{format_count(len(report.skipped), 'total or heading line')} left out")
        text = " · ".join(part for part in parts if part)
        if report.unused:
            # Values nothing will read, where that may be a slip: said before the import, until
            # the director chooses what the column holds (or chooses to leave it out).
            unused = report.unused
            named = ", ".join(f"'{column.header}'" for column in unused[:3])
            if len(unused) > 3:
                named += f" and {len(unused) - 3:,} more"
            if len(unused) == 1:
                text += (
                    f". {named} holds values but is not imported ({unused[0].why()}): choose "
                    "what it holds above, or import without it."
                )
            else:
                text += (
                    f". {named} hold values but are not imported: choose what they hold "
                    "above, or import without them."
                )
        if report.errors:
            rows = len({error.row for error in report.errors})
            self.status.setStyleSheet(theme.error_text_style(self.palette()))
            verb, them = ("has a problem", "it is") if rows == 1 else ("have problems", "they are")
            text = text.removesuffix(".")
            text += f". {format_count(rows, 'row')} {verb}; nothing is imported until {them} fixed."
        else:
            self.status.setStyleSheet("")
        self.status.setText(text)

    # --- importing -------------------------------------------------------------------------

    def _import(self) -> None:
        report = self.report
        if report is None or not report.ok:
            return
        try:
            self.imported_ids = import_checked(self.library, self.proposal_id, report)
        except Exception as error:  # noqa: BLE001 - shown to the user, nothing was written
            self.status.setStyleSheet(theme.error_text_style(self.palette()))
            self.status.setText(f"Nothing was imported: {error}")
            self._tell()
            return
        self.accept()


def _titled(title: str, body: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    label = QLabel(f"<b>{title}</b>")
    body.setAccessibleName(title)  # what a screen reader says on reaching it
    layout.addWidget(label)
    layout.addWidget(body)
    return box
