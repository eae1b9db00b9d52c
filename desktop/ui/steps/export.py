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
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
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

from desktop.finance.money import format_count, format_money
from desktop.services.wizard import plain_issue, step_guidance
from desktop.ui.export_formats import (
    EXPORT_FORMATS,
    FORMATS_BY_KEY,
    NOT_AVAILABLE,
    PAPERS,
    ExportFormat,
    describe_failure,
    export_function,
    produce_export,
    sentence,
    size_text,
    suggested_file_name,
    with_suffix,
)
from desktop.ui.formatting import wrappable
from desktop.ui.layouts import Hint, announce, scrolled
from desktop.ui.theme import link_colour
from desktop.ui.workers import BackgroundJob, ProgressReporter
from desktop.wording import isolated, left_to_right, shown_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desktop.services.wizard import StepStatus
    from desktop.ui.context import ProposalContext


def ask_save_path(parent: QWidget, caption: str, suggested: Path, file_filter: str) -> Path | None:
    """The system's save dialog (tests replace this function). None when cancelled."""
    chosen, _selected = QFileDialog.getSaveFileName(parent, caption, str(suggested), file_filter)
    return Path(chosen) if chosen else None


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


STACKED_BELOW = 760  # pixels of page width under which the options go below the formats


# Each format's choice with its Alt key, as every other step's buttons have one (the menus
# hold F, E, V, G and H; the header's Export menu X; the Export button P; the paper size Z).
_KEYED_LABELS = {
    "full_pdf": "Full business &case (PDF)",
    "handout_pdf": "Two-page hand&out (PDF)",
    "workbook": "Excel wor&kbook (.xlsx)",
    "items_csv": "&Items (CSV)",
    "proposal_json": "Proposal file (.&json)",
    "shareable": "&Shareable proposal (.buyin)",
}


def _keyed(export: ExportFormat) -> str:
    """``export``'s label with its Alt key marked (the label alone for a format not listed)."""
    keyed = _KEYED_LABELS.get(export.key, export.label)
    return keyed if keyed.replace("&", "") == export.label else export.label


class ExportPage(QWidget):
    """Choose what to export, where, and watch it being written without freezing the window."""

    title = "Export"
    guidance = step_guidance("export")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.title)
        self.job: BackgroundJob | None = None
        self.last_saved: Path | None = None
        self.last_error: str = ""
        self._focus_back = False  # an export running took focus from the Export button
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
            button = QRadioButton(_keyed(export))
            button.setAccessibleName(export.label)
            button.setToolTip(export.description)
            note = Hint(export.description)
            note.setIndent(24)
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
        options_layout.addRow("Paper si&ze:", self.paper)

        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        figures_box = QGroupBox("Figures in the business case and the spreadsheets")
        figures_layout = QVBoxLayout(figures_box)
        figures_layout.addWidget(self.figures)
        self.still_to_do = QLabel()
        self.still_to_do.setWordWrap(True)
        self.still_to_do.setTextFormat(Qt.TextFormat.PlainText)  # names steps and rows
        self.still_to_do.setVisible(False)
        figures_layout.addWidget(self.still_to_do)

        self.export_button = QPushButton("Ex&port…")
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
        self.status.setAccessibleDescription("Export result")
        self.status.linkActivated.connect(self._on_link)

        side = QVBoxLayout()
        side.addWidget(options)
        side.addWidget(figures_box)
        side.addStretch(1)
        # Side by side, or the options under the formats when the pane is narrow (a small
        # window): neither the descriptions nor the figures are ever cut.
        self._top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(formats, 3)
        top.addLayout(side, 2)
        action = QHBoxLayout()
        action.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        action.addWidget(self.progress, 1)
        # The page scrolls: in a small window the descriptions wrap to more lines than fit.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._content = content
        self._area = area = scrolled(content)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the choices, not their frame
        outer.addWidget(area, 1)  # grows up to its content's height (see resizeEvent)
        # The button and what it did stay in view right below the choices, however small the
        # window: the choices scroll when they do not fit, and are never taller than they need.
        outer.addLayout(action)
        outer.addWidget(self.status)
        outer.addStretch(0)

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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        direction = (
            QBoxLayout.Direction.TopToBottom
            if event.size().width() < STACKED_BELOW
            else QBoxLayout.Direction.LeftToRight
        )
        if self._top.direction() != direction:
            self._top.setDirection(direction)
        self._fit_area(event.size().width())

    def _fit_area(self, width: int | None = None) -> None:
        """The choices' pane as tall as its content needs at this width, never taller."""
        if not hasattr(self, "_area"):
            return  # still being built
        layout = self._content.layout()
        layout.invalidate()  # its height for a width changes with the direction just set
        page_width = self.width() if width is None else width
        width = max(page_width - self._area.verticalScrollBar().sizeHint().width(), 1)
        needed = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        self._area.setMaximumHeight(needed + 2 * self._area.frameWidth() + 2)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._checked_availability:
            self.check_availability()
        super().showEvent(event)
        # Fitted again now that its widgets have their fonts: a page laid out while hidden
        # measured its text in fonts not yet polished, and the list of steps still to do ran
        # past its pane's foot.
        self._fit_area()

    def check_availability(self) -> None:
        """Disable the exports this version lacks (imports the light export packages)."""
        self._checked_availability = True
        for export in EXPORT_FORMATS:
            available = export_function(export) is not None
            button = self.buttons[export.key]
            button.setEnabled(available)
            button.setText(_keyed(export) if available else f"{export.label} — {NOT_AVAILABLE}")
            self.notes[export.key].setEnabled(available)
        if not self.selected_is_enabled():
            for button in self.buttons.values():
                if button.isEnabled():
                    button.setChecked(True)
                    break
        self._update_controls()

    def show_still_to_do(self, statuses: Sequence[StepStatus]) -> None:
        """Under the figures, the steps with something still to do before the CFO reads the
        case, each with its first warning: nothing stops the export, but nothing hides it."""
        open_steps = [status for status in statuses if status.warnings]
        lines = [
            f"⚠ {status.title}: {status.warnings[0]}"
            + (f" (and {len(status.warnings) - 1:,} more)" if len(status.warnings) > 1 else "")
            for status in open_steps
        ]
        count = format_count(len(open_steps), "step")
        self.still_to_do.setText(
            f"Before the CFO reads it, {count} still "
            f"{'has' if len(open_steps) == 1 else 'have'} something to do:\n" + "\n".join(lines)
        )
        self.still_to_do.setVisible(bool(open_steps))
        self._fit_area()  # the list changes the choices' height, as the figures do

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
            failure = str(getattr(self.context, "failure", ""))
            if issues:
                text = (
                    "The figures cannot be worked out yet "
                    f"({format_count(len(issues), 'problem')} — see the Review step). "
                    "Every export waits for them, the proposal files too: Buy-In would "
                    "refuse to open one saved now."
                )
            elif failure:
                text = (
                    f"The figures could not be updated: {_escape(failure)}. Exporting works "
                    "them out again first."
                )
            else:
                text = "Working out the figures…"
            self.figures.setText(text)
            return
        money = result.currency
        payback = result.payback_text()
        rows = (
            (
                f"Total cost of ownership ({format_count(result.horizon_years, 'year')})",
                format_money(result.tco_total, money),
            ),
            ("Cost per student per year", format_money(result.per_student_per_year, money)),
            ("Net present value", format_money(result.npv, money)),
            ("Payback", payback),
            (result.base.funding.gap_label, format_money(result.funding_gap, money)),
        )
        cells = "".join(
            f"<tr><td>{label}</td><td align='right'>&nbsp;&nbsp;<b>{value}</b></td></tr>"
            for label, value in rows
        )
        # The name heads the figures on the left, in whatever script it is written; one typed
        # without spaces wraps (it widened the page and cut the formats' descriptions).
        name = left_to_right(isolated(wrappable(shown_name(result.name))))
        self.figures.setText(f"<b>{_escape(name)}</b><table>{cells}</table>")
        self._fit_area()  # the figures' height changed: the choices may need more room

    # --- exporting ---------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.job is not None and self.job.running:
            return
        export = self.selected
        if not self.selected_is_enabled():
            return
        issues = list(getattr(self.context, "issues", []))
        if self.context.result is None and issues and not self._busy_context():
            # Known problems: refuse before asking for a file name, and say which one. The
            # proposal files too: one written now would be refused where it is opened.
            more = (
                f" (and {len(issues) - 1} more, listed in the Review step)"
                if len(issues) > 1
                else ""
            )
            self._fail(
                export,
                f"the figures cannot be worked out until this is fixed: "
                f"{plain_issue(issues[0])}{more}",
            )
            return
        suggested = self._start_folder() / suggested_file_name(self._proposal_name(), export)
        chosen = ask_save_path(
            self, f"Save the {export.in_a_sentence}", suggested, export.file_filter
        )
        if chosen is None:
            return
        path = with_suffix(chosen, export)
        self._folder = path.parent
        # The snapshot and figures on screen, unless an edit is still being computed or the last
        # recalculation failed: then the worker reads and computes afresh, and when that fails
        # too the reason is shown and nothing is written.
        fresh = not self._busy_context() and self.context.result is not None
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
        self._link_reachable(False)
        self.status.setText(f"Saving {path.name}…")
        self.progress.setRange(0, 0)  # busy until the first report arrives
        self.progress.setVisible(True)
        self.job.start()
        # Export is disabled while it runs: focus would fall to "← Back", where the next
        # Space went back to Review. It waits on the progress bar and comes back after.
        self._focus_back = self.export_button.hasFocus()
        if self._focus_back:
            self.progress.setFocus()
        self._update_controls()

    def _busy_context(self) -> bool:
        return bool(getattr(self.context, "busy", False))

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(percent)
        self.progress.setFormat(f"{message} %p%")

    def _succeed(self, export: ExportFormat, saved: Path) -> None:
        self._give_focus_back()
        self.progress.setVisible(False)
        self.last_saved = saved
        size = saved.stat().st_size if saved.exists() else 0
        colour = link_colour(self.palette()).name()  # readable on a dark theme too
        # The link names no path: one in the markup was cut at an apostrophe ("o'neil").
        self.status.setText(
            f"✓ Saved <b>{_escape(saved.name)}</b> ({size_text(size)}) in "
            f"{_escape(str(saved.parent))} — "
            f'<a href="{_OPEN_FOLDER}" style="color: {colour}">Open folder</a>'
        )
        self._link_reachable(True)
        self._update_controls()
        announce(self.status, f"Saved {saved.name} ({size_text(size)}) in {saved.parent}.")

    def _give_focus_back(self) -> None:
        """Focus back on Export, enabled again, when the export took it (before the progress
        bar holding it is hidden, which would pass it on to "← Back")."""
        self._update_controls()
        if self._focus_back and QApplication.focusWidget() in (self.progress, None):
            self.export_button.setFocus()
        self._focus_back = False

    def _link_reachable(self, reachable: bool) -> None:
        """Whether the status line is a Tab stop: while it shows "Open folder", which can then
        be reached with Tab and opened with Return, not by mouse alone."""
        flags = Qt.TextInteractionFlag.LinksAccessibleByMouse
        if reachable:
            flags |= Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        self.status.setTextInteractionFlags(flags)
        if not reachable:
            self.status.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _fail(self, export: ExportFormat, reason: str, path: Path | None = None) -> None:
        self._give_focus_back()
        self.progress.setVisible(False)
        self.last_error = reason
        target = f" {path.name}" if path is not None else ""
        self._link_reachable(False)
        said = f"Could not save the {export.in_a_sentence}{target}: {sentence(reason)}"
        self.status.setText(f"✗ {_escape(said)} Nothing was written.")
        self._update_controls()
        announce(self.status, f"{said} Nothing was written.")

    def _on_link(self, link: str) -> None:
        if link == _OPEN_FOLDER and self.last_saved is not None:
            open_folder(self.last_saved.parent)

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


# The "Open folder" link's target: the folder is the last file saved's.
_OPEN_FOLDER = "#open-folder"


def _escape(text: str) -> str:
    return html.escape(text)
