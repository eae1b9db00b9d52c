"""Step 9, Export: write the business case (PDF), the numbers (Excel, CSV) or the proposal itself
(.json, .buyin) to a file the director chooses.

The export runs on a worker thread with a progress bar, so the window never freezes, and writes
through ``write_atomically``: a failure leaves no half-written file. It uses the proposal snapshot
and result the screen shows (recomputed in the worker only when there is none, or an edit is still
being computed), so the file says exactly what the Review step says. Exports whose module is not
part of this version are shown, disabled, with a note; that is checked when the page is first
shown, never at import time (the PDF and spreadsheet libraries are heavy).
"""

from __future__ import annotations

import html
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_money
from desktop.ui.theme import link_colour
from desktop.ui.workers import BackgroundJob, ProgressReporter

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput
    from desktop.finance.result import ProposalResult
    from desktop.services.library import Library
    from desktop.ui.context import ProposalContext

NOT_AVAILABLE = "not available in this version"


@dataclass(frozen=True, slots=True)
class ExportFormat:
    key: str
    label: str
    description: str
    suffix: str
    file_filter: str
    module: str  # where the export function lives
    function: str
    uses_paper: bool = False
    needs_figures: bool = True  # needs a computable proposal (the PDF and spreadsheets do)


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "full_pdf",
        "Full business case (PDF)",
        "The whole case for the CFO and the board: summary, costs, return, funding, risks, "
        "plan alignment, metrics and every item.",
        ".pdf",
        "PDF document (*.pdf)",
        "desktop.report",
        "render_business_case",
        uses_paper=True,
    ),
    ExportFormat(
        "handout_pdf",
        "Two-page handout (PDF)",
        "The ask, the headline figures and the charts on two pages, to hand the CFO.",
        ".pdf",
        "PDF document (*.pdf)",
        "desktop.report",
        "render_business_case",
        uses_paper=True,
    ),
    ExportFormat(
        "workbook",
        "Excel workbook (.xlsx)",
        "Every figure by year, item, category, funding source and scenario, for the CFO's staff.",
        ".xlsx",
        "Excel workbook (*.xlsx)",
        "desktop.sheets",
        "workbook_bytes",
    ),
    ExportFormat(
        "items_csv",
        "Items (CSV)",
        "One line per item with its costs, for any spreadsheet or purchasing system.",
        ".csv",
        "Comma-separated values (*.csv)",
        "desktop.sheets",
        "items_csv_text",
    ),
    ExportFormat(
        "proposal_json",
        "Proposal file (.json)",
        "The proposal's data in the open Buy-In format, readable by other tools.",
        ".json",
        "Proposal file (*.json)",
        "desktop.services.proposal_format",
        "export_document",
        needs_figures=False,
    ),
    ExportFormat(
        "shareable",
        "Shareable proposal (.buyin)",
        "One file a colleague can open in their own copy of Buy-In.",
        ".buyin",
        "Buy-In proposal (*.buyin)",
        "desktop.services.proposal_files",
        "export_proposal_file",
        needs_figures=False,
    ),
)
FORMATS_BY_KEY = {export.key: export for export in EXPORT_FORMATS}
PAPERS = (("letter", "Letter (8.5 × 11 in)"), ("a4", "A4 (210 × 297 mm)"))


class ExportProblem(Exception):
    """An export that cannot be made; the message is written for the director."""


def export_function(export: ExportFormat) -> Any | None:
    """The function that makes this export, or None when this version does not have it."""
    try:
        module = importlib.import_module(export.module)
    except ImportError:
        return None
    return getattr(module, export.function, None)


def suggested_file_name(proposal_name: str, export: ExportFormat) -> str:
    """A file name made from the proposal's name, safe on Windows and macOS."""
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", proposal_name).strip(" .") or "Proposal"
    if export.key == "handout_pdf":
        stem += " - handout"
    elif export.key == "items_csv":
        stem += " - items"
    return stem + export.suffix


def with_suffix(path: Path, export: ExportFormat) -> Path:
    """Add the format's extension when the typed name lacks it ("case" → "case.pdf")."""
    return (
        path if path.suffix.lower() == export.suffix else path.with_name(path.name + export.suffix)
    )


def produce_export(
    export: ExportFormat,
    library: Library,
    proposal_id: int,
    data: ProposalInput | None,
    result: ProposalResult | None,
    paper: str,
    path: Path,
    report: ProgressReporter,
) -> Path:
    """Make one export and write it to ``path`` atomically (runs on a worker thread)."""
    from desktop.services.files import write_atomically

    function = export_function(export)
    if function is None:
        raise ExportProblem(f"{export.label} is {NOT_AVAILABLE}.")
    if not path.parent.is_dir():
        raise ExportProblem(f"The folder {path.parent} does not exist.")
    if export.needs_figures and (data is None or result is None):
        report(10, "Working out the figures…")
        data, result = _recompute(library, proposal_id)
    report(30, "Preparing the file…")
    if export.key in ("full_pdf", "handout_pdf"):
        payload: bytes = function(data, result, handout=export.key == "handout_pdf", paper=paper)
    elif export.key == "workbook":
        payload = function(data, result)
    elif export.key == "items_csv":
        payload = function(data, result).encode("utf-8")
    elif export.key == "proposal_json":
        from desktop.services.proposal_format import dump_document

        payload = dump_document(function(library, proposal_id)).encode("utf-8")
    else:  # the shareable file: its service writes it (atomically) itself
        report(60, "Writing the file…")
        function(library, proposal_id, path)
        report(100, "Saved")
        return path
    report(80, "Writing the file…")
    write_atomically(path, payload)
    report(100, "Saved")
    return path


def _recompute(library: Library, proposal_id: int) -> tuple[ProposalInput, ProposalResult]:
    from desktop.finance import ValidationError, compute
    from desktop.services.snapshot import proposal_input

    data = proposal_input(library, proposal_id)
    try:
        return data, compute(data)
    except ValidationError as error:
        first = "; ".join(str(issue) for issue in error.issues[:3])
        more = len(error.issues) - 3
        extra = f" (and {more} more)" if more > 0 else ""
        raise ExportProblem(
            f"the figures cannot be worked out until these problems are fixed: {first}{extra}"
        ) from error


def describe_failure(error: BaseException) -> str:
    """The reason an export failed, in words (no traceback)."""
    if isinstance(error, NotImplementedError):  # a format whose module is still a placeholder
        return f"this export is {NOT_AVAILABLE}"
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{reason} ({error.filename})" if error.filename else reason
    return str(error) or type(error).__name__


def ask_save_path(parent: QWidget, caption: str, suggested: Path, file_filter: str) -> Path | None:
    """The system's save dialog (tests replace this function). None when cancelled."""
    chosen, _selected = QFileDialog.getSaveFileName(parent, caption, str(suggested), file_filter)
    return Path(chosen) if chosen else None


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ExportPage(QWidget):
    """Choose what to export, where, and watch it being written without freezing the window."""

    title = "Export"
    guidance = "Save the business case for the CFO, the figures for the staff, or the proposal."

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.title)
        self.job: BackgroundJob | None = None
        self.last_saved: Path | None = None
        self.last_error: str = ""
        self._folder: Path | None = None
        self._checked_availability = False
        self._pool = QThreadPool(self)  # our own, so closing the page waits for its export
        self._pool.setMaxThreadCount(1)

        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.notes: dict[str, QLabel] = {}
        formats = QGroupBox("What to export")
        formats_layout = QVBoxLayout(formats)
        for export in EXPORT_FORMATS:
            button = QRadioButton(export.label)
            button.setAccessibleName(export.label)
            button.setToolTip(export.description)
            note = QLabel(export.description)
            note.setWordWrap(True)
            note.setIndent(24)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.choices.addButton(button)
            self.buttons[export.key] = button
            self.notes[export.key] = note
            formats_layout.addWidget(button)
            formats_layout.addWidget(note)
        self.buttons["full_pdf"].setChecked(True)

        self.paper = QComboBox()
        for key, label in PAPERS:
            self.paper.addItem(label, key)
        self.paper.setAccessibleName("Paper size")
        self.paper.setToolTip("Letter for North America, A4 almost everywhere else.")
        options = QGroupBox("Options")
        options_layout = QFormLayout(options)
        options_layout.addRow("Paper size:", self.paper)

        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        figures_box = QGroupBox("Figures in the business case and the spreadsheets")
        QVBoxLayout(figures_box).addWidget(self.figures)

        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.export_button.setMinimumWidth(160)
        self.export_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.export_button.setAccessibleName("Export to a file")
        self.export_button.clicked.connect(self.start_export)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Export result")
        self.status.linkActivated.connect(self._on_link)

        side = QVBoxLayout()
        side.addWidget(options)
        side.addWidget(figures_box)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(formats, 3)
        top.addLayout(side, 2)
        action = QHBoxLayout()
        action.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        action.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(action)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.choices.buttonToggled.connect(self._update_controls)
        context.result_changed.connect(self._show_figures)
        self.refresh()

    # --- state -------------------------------------------------------------------------------

    @property
    def selected(self) -> ExportFormat:
        for key, button in self.buttons.items():
            if button.isChecked():
                return FORMATS_BY_KEY[key]
        return EXPORT_FORMATS[0]

    def select(self, key: str, paper: str | None = None) -> None:
        self.buttons[key].setChecked(True)
        if paper is not None:
            self.paper.setCurrentIndex(self.paper.findData(paper))

    def refresh(self) -> None:
        if self.isVisible():
            self.check_availability()
        self._show_figures()
        self._update_controls()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._checked_availability:
            self.check_availability()
        super().showEvent(event)

    def check_availability(self) -> None:
        """Disable the exports this version lacks (imports the light export packages)."""
        self._checked_availability = True
        for export in EXPORT_FORMATS:
            available = export_function(export) is not None
            button = self.buttons[export.key]
            button.setEnabled(available)
            button.setText(export.label if available else f"{export.label} — {NOT_AVAILABLE}")
            self.notes[export.key].setEnabled(available)
        if not self.selected_is_enabled():
            for button in self.buttons.values():
                if button.isEnabled():
                    button.setChecked(True)
                    break
        self._update_controls()

    def selected_is_enabled(self) -> bool:
        return self.buttons[self.selected.key].isEnabled()

    def _update_controls(self, *_args: object) -> None:
        busy = self.job is not None and self.job.running
        self.paper.setEnabled(self.selected.uses_paper and not busy)
        self.export_button.setEnabled(not busy and self.selected_is_enabled())

    def _show_figures(self, *_args: object) -> None:
        result = self.context.result
        if result is None:
            issues = list(getattr(self.context, "issues", []))
            self.figures.setText(
                f"The figures cannot be worked out yet ({len(issues)} problem(s) — see the "
                "Review step). The proposal file and the shareable file can still be saved."
                if issues
                else "Working out the figures…"
            )
            return
        money = result.currency
        payback = f"year {result.payback_year}" if result.payback_year else "not within the plan"
        rows = (
            (
                f"Total cost of ownership ({result.horizon_years} years)",
                format_money(result.tco_total, money),
            ),
            ("Cost per student per year", format_money(result.per_student_per_year, money)),
            ("Net present value", format_money(result.npv, money)),
            ("Payback", payback),
            ("Funding gap", format_money(result.funding_gap, money)),
        )
        cells = "".join(
            f"<tr><td>{label}</td><td align='right'>&nbsp;&nbsp;<b>{value}</b></td></tr>"
            for label, value in rows
        )
        self.figures.setText(f"<b>{result.name}</b><table>{cells}</table>")

    # --- exporting ---------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.job is not None and self.job.running:
            return
        export = self.selected
        if not self.selected_is_enabled():
            return
        if export.needs_figures and self.context.result is None and not self._busy_context():
            self._fail(
                export,
                "the figures cannot be worked out yet; fix the problems listed in the Review "
                "step first.",
            )
            return
        suggested = self._start_folder() / suggested_file_name(self._proposal_name(), export)
        chosen = ask_save_path(self, f"Save the {export.label}", suggested, export.file_filter)
        if chosen is None:
            return
        path = with_suffix(chosen, export)
        self._folder = path.parent
        # The snapshot on screen, unless an edit is still being computed (then read afresh).
        fresh = not self._busy_context()
        data = self.context.proposal_input if fresh else None
        result = self.context.result if fresh else None
        library, proposal_id, paper = (
            self.context.library,
            self.context.proposal_id,
            self.paper.currentData(),
        )

        def work(report: ProgressReporter) -> Path:
            return produce_export(export, library, proposal_id, data, result, paper, path, report)

        self.job = BackgroundJob(work, self, pool=self._pool)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(lambda saved: self._succeed(export, saved))
        self.job.failed.connect(lambda error: self._fail(export, describe_failure(error), path))
        self.last_error = ""
        self.status.setText(f"Saving {path.name}…")
        self.progress.setRange(0, 0)  # busy until the first report arrives
        self.progress.setVisible(True)
        self.job.start()
        self._update_controls()

    def _busy_context(self) -> bool:
        return bool(getattr(self.context, "busy", False))

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        self.progress.setFormat(f"{message} %p%")

    def _succeed(self, export: ExportFormat, saved: Path) -> None:
        self.progress.setVisible(False)
        self.last_saved = saved
        size = saved.stat().st_size if saved.exists() else 0
        folder = QUrl.fromLocalFile(str(saved.parent)).toString()
        colour = link_colour(self.palette()).name()  # readable on a dark theme too
        self.status.setText(
            f"✓ Saved <b>{_escape(saved.name)}</b> ({_size_text(size)}) in "
            f"{_escape(str(saved.parent))} — "
            f"<a href='{folder}' style='color: {colour}'>Open folder</a>"
        )
        self._update_controls()

    def _fail(self, export: ExportFormat, reason: str, path: Path | None = None) -> None:
        self.progress.setVisible(False)
        self.last_error = reason
        target = f" {_escape(path.name)}" if path is not None else ""
        self.status.setText(
            f"✗ Could not save the {_escape(export.label)}{target}: {_escape(_sentence(reason))} "
            "Nothing was written."
        )
        self._update_controls()

    def _on_link(self, link: str) -> None:
        open_folder(Path(QUrl(link).toLocalFile()))

    def _start_folder(self) -> Path:
        if self._folder is not None and self._folder.is_dir():
            return self._folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def _proposal_name(self) -> str:
        for source in (self.context.result, self.context.proposal_input):
            if source is not None:
                return str(source.name)
        return "Proposal"


def _escape(text: str) -> str:
    return html.escape(text)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
