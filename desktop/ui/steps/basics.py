"""Step 1: the proposal's basics — district, initiative, years, headcounts, rates, who prepared it.

One form row per field of ``ENTITY_FIELDS["proposal"]`` with the label and help from the field
specs. A value is checked with the same parser the services use when the field loses focus; a
refused value keeps its text, shows the reason under the field, and is not stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count, format_money, format_number
from desktop.logo import logo_media_type, logo_problem
from desktop.services.fields import ENTITY_FIELDS, FieldError, FieldSpec
from desktop.services.headcount_text import old_counts, quoting_note, texts_quoting
from desktop.services.headcounts import E_RATE, HEADCOUNTS, SizedFigure, sized_to_headcounts
from desktop.services.plan_years import years_off_plan
from desktop.services.proposals import proposal_basics
from desktop.services.wizard import step_guidance
from desktop.ui.commands import (
    FundingAmountCommand,
    MovePlanCommand,
    ScenarioEntriesCommand,
    SetLogoCommand,
    UpdateProposalCommand,
    UpdateRowsCommand,
)
from desktop.ui.context import ProposalContext
from desktop.ui.formatting import chance_typed_as_fraction, edit_text, is_numeric, parse_typed
from desktop.ui.layouts import Hint, ProblemLabel, TextBox, show_status, widen_message
from desktop.ui.steps.base import StepPage
from desktop.wording import MONTHS, in_a_list, quoted, undo_text

FOLLOW_LISTED = 6  # figures named in the question; the rest are counted
SPECS = {spec.name: spec for spec in ENTITY_FIELDS["proposal"]}  # the form's fields, by name
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


class _UndoFallsThrough(QObject):
    """Lets Ctrl+Z (and redo) reach the window's Undo from a field with nothing of its own to
    undo. A text field claims the keys whatever its history: on Basics, where every control is
    a field, Edit ▸ Undo could then never be reached from the keyboard. A field being typed in
    still undoes its own typing first."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The class first: reading type() of every event a field gets is not safe (see the
        # note on event types in layouts.py).
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.ShortcutOverride:
            return False
        if isinstance(watched, QLineEdit):
            can_undo, can_redo = watched.isUndoAvailable(), watched.isRedoAvailable()
        elif isinstance(watched, QPlainTextEdit):
            document = watched.document()
            can_undo, can_redo = document.isUndoAvailable(), document.isRedoAvailable()
        else:
            return False
        if (event.matches(QKeySequence.StandardKey.Undo) and not can_undo) or (
            event.matches(QKeySequence.StandardKey.Redo) and not can_redo
        ):
            event.ignore()  # not claimed: the window's shortcut runs
            return True
        return False


class _EscapePutsBack(QObject):
    """Escape in a one-line field puts back the value saved, as it does in a table's cell:
    it left the typing in place, and the next Tab saved what the director meant to drop."""

    def __init__(self, page: BasicsPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() != Qt.Key.Key_Escape or not isinstance(watched, QLineEdit):
            return False
        return self.page.put_back(watched)


class BasicsPage(StepPage):
    title = "Basics"
    guidance = step_guidance("basics")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.values: dict[str, Any] = {}
        self.editors: dict[str, QWidget] = {}
        self.problems: dict[str, ProblemLabel] = {}
        self._undo_falls_through = _UndoFallsThrough(self)
        self._escape_puts_back = _EscapePutsBack(self)
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # A field wider than the room beside its label goes under the label, so a narrow window
        # never needs to scroll sideways.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for spec in ENTITY_FIELDS["proposal"]:
            editor = self._make_editor(spec)
            editor.setAccessibleName(spec.label)
            if spec.help:
                editor.setToolTip(spec.help)
                editor.setAccessibleDescription(spec.help)
            problem = ProblemLabel(f"Problem with {spec.label}", about=editor)
            # Short fields carry their unit and help to their right; the form stays one column.
            line = QHBoxLayout()
            line.setSpacing(8)
            # The field sits at the top of its row, level with its label, when the help beside
            # it wraps to several lines (centred, it dropped below the label).
            top = Qt.AlignmentFlag.AlignTop
            line.addWidget(editor, 0, top)
            if spec.type in ("rate", "likelihood"):
                unit = QLabel("%")
                unit.setMinimumHeight(editor.sizeHint().height())
                line.addWidget(unit, 0, top)
            if spec.help:
                line.addWidget(Hint(spec.help), 1, top)
            elif isinstance(editor, QComboBox) or editor.minimumWidth() == editor.maximumWidth():
                # A narrow field (a figure, the currency: fixed in _make_editor) leaves the rest
                # of the row empty: without the stretch the row, and the refusal under the
                # field, would be held to the field's width.
                line.addStretch(1)
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addLayout(line)
            cell.addWidget(problem)
            label = QLabel(spec.label + ":")
            label.setBuddy(editor)
            form.addRow(label, cell)
            self.editors[spec.name] = editor
            self.problems[spec.name] = problem
            editor.installEventFilter(self._undo_falls_through)
            if isinstance(editor, QLineEdit):
                editor.installEventFilter(self._escape_puts_back)
        logo_row = self._make_logo_row()
        logo_label = QLabel("Logo on the printed case:")
        logo_label.setBuddy(self.logo_button)  # the label names the button to screen readers
        form.addRow(logo_label, logo_row)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the first field
        scroll.setWidget(form_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._scroll = scroll
        # Tab from the header or the step list into a field scrolled out of sight left the
        # focus where nobody could see it: the form scrolls to whichever field gets it.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._show_focused)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _show_focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        form = self._scroll.widget()
        if new is not None and form is not None and form.isAncestorOf(new):
            self._scroll.ensureWidgetVisible(new)

    # --- building ----------------------------------------------------------------------------

    def _make_editor(self, spec: FieldSpec) -> QWidget:
        if spec.type == "choice" and spec.choices is not None:
            combo = QComboBox()
            combo.setMinimumWidth(260)
            for member in spec.choices:
                combo.addItem(str(getattr(member, "label", member.value)), member)
            combo.activated.connect(lambda _i, name=spec.name: self.commit(name))
            return combo
        if spec.name == "fiscal_year_start_month":
            # A month is chosen by its name: "7" in a box asked the director to count months.
            combo = QComboBox()
            combo.setFixedWidth(140)  # level with the figures above and below it
            for number, month in enumerate(MONTHS, 1):
                combo.addItem(month, number)
            combo.activated.connect(lambda _i, name=spec.name: self.commit(name))
            return combo
        if spec.type == "long_text":
            box = TextBox()
            box.finished.connect(lambda name=spec.name: self.commit(name))
            box.setMinimumHeight(110)
            box.setPlaceholderText(
                "A few sentences for the first page: what you ask for, and what the district "
                "gets for it."
            )
            return box
        line = QLineEdit()
        if spec.name == "currency":
            line.setFixedWidth(140)
        if is_numeric(spec):
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.setFixedWidth(140)
        if spec.type in ("rate", "likelihood"):
            line.setPlaceholderText("percent, e.g. 3.5")
        line.editingFinished.connect(lambda name=spec.name: self.commit(name))
        return line

    def _make_logo_row(self) -> QWidget:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setFixedSize(160, 64)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_button = QPushButton("Choose &logo…")
        self.logo_button.setAccessibleName("Choose a logo image")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton("Re&move logo")
        self.logo_remove.clicked.connect(lambda: self.set_logo(None, None))
        self.logo_problem = ProblemLabel(
            "Problem with the logo", about=self.logo_button, typed=False
        )
        for widget in (self.logo_preview, self.logo_button, self.logo_remove, self.logo_problem):
            row.addWidget(widget)
        row.addStretch(1)
        return host

    # --- reading -----------------------------------------------------------------------------

    def refresh(self, *, keep_refused: bool = False) -> None:
        self.values = proposal_basics(self.context.library, self.context.proposal_id)
        for spec in ENTITY_FIELDS["proposal"]:
            if keep_refused and self.problems[spec.name].refused:
                continue  # keep the refused text on screen so it can be corrected
            self._show_value(spec, self.values.get(spec.name))
        logo = self.values.get("logo")
        if logo:
            pixmap = QPixmap()
            pixmap.loadFromData(logo)
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
        self.logo_remove.setEnabled(bool(logo))

    def put_back(self, editor: QLineEdit) -> bool:
        """The value saved, shown again in ``editor`` in place of what was typed (a refusal
        standing there given up with it); False when there is nothing to put back, so that
        Escape goes on to do what it does elsewhere."""
        name = next((name for name, field in self.editors.items() if field is editor), None)
        if name is None:
            return False
        spec = SPECS[name]
        saved = edit_text(spec, self.values.get(name))
        refused = bool(self.problems[name].refused)
        if editor.text() == saved and not refused:
            return False
        self._show_value(spec, self.values.get(name))
        editor.selectAll()
        if refused and not self.unsaved_notes():  # nothing typed is left waiting here
            self.context.report_saved()
        return True

    def _show_value(self, spec: FieldSpec, value: Any) -> None:
        editor = self.editors[spec.name]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != (value or ""):
                editor.setPlainText(value or "")
        elif isinstance(editor, QLineEdit):
            editor.setText(edit_text(spec, value))
            if not editor.hasFocus():
                editor.setCursorPosition(0)  # a long name shows its start, not its end
        self.problems[spec.name].report("")

    def _on_data_changed(self, entity: str) -> None:
        if entity == "proposal":
            self.refresh(keep_refused=True)

    # --- writing -----------------------------------------------------------------------------

    def typed_value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def unsaved_notes(self) -> list[str]:
        """One line for each field whose typed value was refused and is still on screen."""
        return [
            f"{SPECS[name].label}: what was typed is not saved"
            for name, problem in self.problems.items()
            if problem.refused
        ]

    def commit(self, name: str) -> bool:
        """Validate the field's typed value and store it (as one undo step) when it changed."""
        spec = SPECS[name]
        problem = self.problems[name]
        typed = self.typed_value(name)  # as typed: saving shows it again as stored ("0.03%")
        try:
            value = parse_typed(spec, typed)
        except FieldError as error:
            problem.report(f"{error.message}.")
            # The refused text stays in the field, and the header must not say "Saved" over
            # it when the director moves on to another step.
            self.context.report_failed(str(error))
            return False
        was_refused = bool(problem.refused)
        problem.report("")
        if value == self.values.get(name):
            if was_refused:  # put back as it was stored: nothing is left unsaved
                self.context.report_saved()
            editor = self.editors[name]
            if isinstance(editor, QLineEdit) and editor.text() != edit_text(spec, value):
                # Typed another way to the same value ("usd" for USD, "3.50" for 3.5%): shown
                # as it is stored, as a changed value is, not left as typed.
                self._show_value(spec, value)
            return True
        was = dict(self.values)
        before = was.get(name)
        command: UpdateProposalCommand | MovePlanCommand
        if name == "fiscal_year_start":  # the metrics' target years move with the plan
            command = MovePlanCommand(self.context, value, spec.label.lower())
        else:
            command = UpdateProposalCommand(self.context, {name: value}, spec.label.lower())
        self.context.push(command)
        if command.failed:
            problem.report(command.failed)
            return False
        if isinstance(command, MovePlanCommand) and isinstance(before, int):
            moved = command.move
            problem.note(
                moved_plan_note(
                    value,
                    self.values["fiscal_year_start_month"],
                    before,
                    targets_moved=len(moved.target_years_before) if moved else 0,
                    name_years=years_off_plan(
                        str(self.values["name"]),
                        value,
                        int(self.values["horizon_years"]),
                        int(self.values["fiscal_year_start_month"]),
                    ),
                )
            )
        elif name == "horizon_years" and isinstance(before, int) and value < before:
            problem.note(self._shortened_plan_note(value))
        else:  # "0.03" for a rate is 0.03%: saved, and said, in case 3% was meant
            problem.note(chance_typed_as_fraction(spec, typed, value))
        if name in HEADCOUNTS:
            after = {**was, name: value}
            self._follow_headcount(was, after)
            # Whether or not the figures moved, a number written in a note or a description
            # stays as typed: the printed case then read "285 × 60%" beside "Exposure is the
            # 280 teachers".
            rows = texts_quoting(
                self.context.library, self.context.proposal_id, old_counts(was, after)
            )
            if rows:
                problem.note(quoting_note(rows))
        return True

    def _shortened_plan_note(self, horizon: int) -> str:
        """What a shorter plan leaves out: the years dropped took their funding and purchases
        out of every figure without a word (five years to three took $1.5M of funding)."""
        from desktop.finance.scenarios import fiscal_year_label
        from desktop.services.proposals import left_outside_plan

        money, items = left_outside_plan(self.context.library, self.context.proposal_id, horizon)
        if not money and not items:
            return ""
        last = fiscal_year_label(
            int(self.values["fiscal_year_start"]) + horizon - 1,
            int(self.values["fiscal_year_start_month"]),
        )
        left = [
            part
            for part in (
                f"{format_money(money, str(self.values['currency']))} of funding" if money else "",
                format_count(items, "item that starts", "items that start") + " later"
                if items
                else "",
            )
            if part
        ]
        many = len(left) > 1 or (items > 1 and not money)
        return (
            f"The plan now ends in {last}: {' and '.join(left)} "
            f"{'are' if many else 'is'} kept but counted nowhere. Lengthen the plan again to "
            f"count {'them' if many else 'it'}, or Undo."
        )

    def _follow_headcount(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Offer to move the quantities and exposures sized to a headcount that changed: left
        as typed, they made the cost per student fall as if more students came free."""
        figures = sized_to_headcounts(self.context.library, self.context.proposal_id, before, after)
        if not figures or not self.ask_to_follow(figures):
            return
        stack = self.context.undo_stack
        stack.beginMacro(undo_text(f"Resize {format_count(len(figures), 'figure')}"))
        for entity in ("item", "risk"):
            changes = {f.row_id: {f.field: f.new} for f in figures if f.entity == entity}
            if changes:
                self.context.push(UpdateRowsCommand(self.context, entity, changes))
        # The E-Rate that discounts the items moved, in the same undo step as they.
        amounts = {(f.row_id, f.year): f.new for f in figures if f.entity == E_RATE and f.year}
        if amounts:
            self.context.push(
                FundingAmountCommand(
                    self.context, amounts, "Change E-Rate amounts", keep_notes=True
                )
            )
        in_scenarios: dict[int, dict[int, tuple[bool, Any]]] = {}
        for figure in figures:
            if figure.entity == "scenario_entry" and figure.item_id is not None:
                in_scenarios.setdefault(figure.row_id, {})[figure.item_id] = (True, figure.new)
        for scenario_id, entries in in_scenarios.items():
            self.context.push(ScenarioEntriesCommand(self.context, scenario_id, entries))
        stack.endMacro()
        window = self.window()
        if isinstance(window, QMainWindow):  # "Change Them" went by with nothing said
            sized = len(figures) - len(amounts)
            with_them = (
                f" and {format_count(len(amounts), 'E-Rate amount')} with them" if amounts else ""
            )
            show_status(
                window,
                f"Moved {format_count(sized, 'figure')} to the new headcount{with_them}; Ctrl+Z "
                "puts them back.",
                10_000,
            )

    def ask_to_follow(self, figures: list[SizedFigure]) -> bool:
        """Whether the director wants ``figures`` moved to the new headcount (a method of its
        own so tests can answer it)."""
        sized = [f for f in figures if f.entity != E_RATE]
        e_rate = [f for f in figures if f.entity == E_RATE]
        every = [
            f"• {quoted(f.name, 60)}"
            + (f" in the scenario {quoted(f.scenario, 40)}" if f.scenario else "")
            + f": {'number exposed ' if f.entity == 'risk' else ''}"
            f"{format_number(f.old)} → {format_number(f.new)} ({f.counts})"
            for f in sized
        ]
        lines = every[:FOLLOW_LISTED]
        if len(sized) > FOLLOW_LISTED:
            # "and 4 more", not "4 mores".
            lines.append(f"and {len(sized) - FOLLOW_LISTED:,} more (Show Details lists them all)")
        if e_rate:
            # Money, and few sources: each is named, its years together; Show Details has each
            # year's amount.
            lines.append(f"\nWith them, the E-Rate, {e_rate[0].counts}:")
            lines.extend(self._e_rate_lines(e_rate, summed=True))
            every += ["", f"E-Rate, {e_rate[0].counts}:", *self._e_rate_lines(e_rate)]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Change the figures sized to the headcount?")
        box.setText("These figures are sized to the headcount before the change:")
        box.setInformativeText("\n".join(lines) + "\n\nChange them to the new headcount?")
        if len(sized) > FOLLOW_LISTED or len(e_rate) > len({f.row_id for f in e_rate}):
            # All of them, before answering for all: the 13th could be a help desk technician.
            box.setDetailedText("\n".join(every))
        widen_message(box, 96)
        change = box.addButton("&Change Them", QMessageBox.ButtonRole.AcceptRole)
        # Leaving them is the default: a quantity can equal a headcount by chance.
        box.setDefaultButton(box.addButton("&Leave Them", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is change

    def _e_rate_lines(self, figures: list[SizedFigure], *, summed: bool = False) -> list[str]:
        """One line for each E-Rate amount that follows, or (``summed``) for each source, its
        years added up ("over 2027–28 to 2031–32")."""
        from desktop.finance.scenarios import fiscal_year_label

        currency = str(self.values.get("currency") or "USD")
        first, month = (
            int(self.values["fiscal_year_start"]),
            int(self.values["fiscal_year_start_month"]),
        )

        def label(year: int | None) -> str:
            return fiscal_year_label(first + (year or 1) - 1, month)

        def line(name: str, old: Decimal, new: Decimal, when: str) -> str:
            money = f"{format_money(old, currency)} → {format_money(new, currency)}"
            return f"• {quoted(name, 60)}: {money} {when}"

        if not summed:
            return [line(f.name, f.old, f.new, f"in {label(f.year)}") for f in figures]
        lines = []
        for source in dict.fromkeys(f.row_id for f in figures):
            own = [f for f in figures if f.row_id == source]
            years = [label(f.year) for f in own]
            when = f"in {years[0]}" if len(own) == 1 else f"over {years[0]} to {years[-1]}"
            old = sum((f.old for f in own), Decimal(0))
            new = sum((f.new for f in own), Decimal(0))
            lines.append(line(own[0].name, old, new, when))
        return lines

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a logo", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.load_logo_file(Path(path))

    def load_logo_file(self, path: Path) -> bool:
        media_type = LOGO_TYPES.get(path.suffix.lower())
        if media_type is None:
            self._logo_problem("the logo must be a PNG or JPEG image")
            return False
        try:
            data = path.read_bytes()
        except OSError as error:
            self._logo_problem(f"{path.name} cannot be read ({error.strerror})")
            return False
        problem = logo_problem(data, media_type)  # its size from the header, then decoded
        if problem is not None:
            self._logo_problem(f"{path.name} {problem}")
            return False
        if QPixmap().loadFromData(data) is False:
            self._logo_problem(f"{path.name} is not a readable image")
            return False
        # Kept as the kind its bytes show, as the library keeps it: a PNG named .jpg is a PNG.
        return self.set_logo(data, logo_media_type(data) or media_type)

    def set_logo(self, data: bytes | None, media_type: str | None) -> bool:
        old = (self.values.get("logo"), self.values.get("logo_media_type"))
        command = SetLogoCommand(self.context, (data, media_type), old)
        self.context.push(command)
        if command.failed:
            self._logo_problem(command.failed)
            return False
        self.logo_problem.report("")
        return True

    def _logo_problem(self, message: str) -> None:
        self.logo_problem.report(f"{message}.")


def moved_plan_note(
    first_year: int,
    start_month: int,
    before: int,
    *,
    targets_moved: int = 0,
    name_years: Sequence[str] = (),
) -> str:
    """What moving the first fiscal year does: the whole plan moves with it. A director rolling
    last year's case forward expected what was bought and spent in its first year to stay
    behind; every cost, source and saving came along instead, without a word. The metrics'
    target years (``targets_moved`` of them) came along too; ``name_years`` are the years the
    proposal's name still names that are not the plan's ("2027–2031" over a plan now 2028–29
    to 2032–33)."""
    from desktop.finance.scenarios import fiscal_year_label

    later = "later" if first_year > before else "earlier"
    years = abs(first_year - before)
    label = fiscal_year_label(first_year, start_month)
    targets = (
        f" So did the target years of {format_count(targets_moved, 'metric')}."
        if targets_moved
        else ""
    )
    name = (
        f" The proposal's name still says {in_a_list(list(name_years))}: change it to the "
        "plan's new years."
        if name_years
        else ""
    )
    return (
        f"The whole plan moved {years} year{'s' if years != 1 else ''} {later}: plan year 1 is "
        f"now {label}, and every purchase, funding amount and saving moved with it.{targets}"
        f"{name} Rolling last year's plan forward? Take out by hand what was already bought and "
        "the money already spent. The prices stay as typed and now read as "
        f"{label} prices: update them from this year's quotes."
    )
