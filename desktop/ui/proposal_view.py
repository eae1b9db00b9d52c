"""The guided editor for one proposal: the step navigator on the left, the step's title, guidance
and editor in the middle with Back and Next, and the live CFO summary on the right.

Step pages are built the first time they are shown, so opening a large proposal only loads what
is on screen. The navigator's ✓ and ⚠ marks come from the Qt-free rules in
``desktop.services.wizard``.

At a later start the view is first built from a ``Preview`` (the proposal read from the library
file and computed, before the database layer has loaded): the step list, its marks and the CFO
summary are real, and the step area says the proposal is opening. ``attach`` then turns that
same view into the editor in place, on the step the director may already have chosen, so
nothing on screen jumps or blanks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.wizard import STEPS, StepStatus, step_statuses
from desktop.ui.context import ProposalContext
from desktop.ui.layouts import OutlinedList, announce
from desktop.ui.summary_panel import SummaryPanel

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput
    from desktop.finance.result import ProposalResult, ValidationIssue


SUMMARY_WIDTH = 280  # pixels: the CFO summary beside the steps
# The least room the steps need beside the summary, in characters of the window's font: the
# Items step's row of buttons with its item, total, quantity and price columns, and a
# five-year funding grid. With less, the summary is put away: at 70, 14 points in a 1366-pixel
# window kept it, and Items showed three columns cut short ("Hardwar…devices"), no cost at all.
STEPS_ROOM_CHARACTERS = 90
# The warnings the line under a step shows; its tooltip and the step list give them all.
SHOWN_WARNINGS = 3
STEP_ROW_PADDING = 4  # pixels above and below each step's name in the list of steps


@dataclass(frozen=True)
class Preview:
    """A proposal as read from the library file, and what the engine made of it."""

    proposal_input: ProposalInput
    result: ProposalResult | None
    issues: list[ValidationIssue] = field(default_factory=list)


def page_classes() -> dict[str, type[QWidget]]:
    """Each step's page class; Review and Export fall back to a note if they are missing."""
    from desktop.ui.steps.basics import BasicsPage
    from desktop.ui.steps.funding import FundingPage
    from desktop.ui.steps.items import ItemsPage
    from desktop.ui.steps.links import LinksPage
    from desktop.ui.steps.metrics import MetricsPage
    from desktop.ui.steps.plans import PlansPage
    from desktop.ui.steps.risks import RisksPage

    classes: dict[str, type[QWidget]] = {
        "basics": BasicsPage,
        "plans": PlansPage,
        "items": ItemsPage,
        "risks": RisksPage,
        "metrics": MetricsPage,
        "links": LinksPage,
        "funding": FundingPage,
    }
    try:
        from desktop.ui.steps.review import ReviewPage

        classes["review"] = ReviewPage
    except ImportError:
        classes["review"] = _placeholder("Review", "The CFO view of the whole proposal.")
    try:
        from desktop.ui.steps.export import ExportPage

        classes["export"] = ExportPage
    except ImportError:
        classes["export"] = _placeholder("Export", "The printed business case and spreadsheet.")
    return classes


def _placeholder(step_title: str, step_guidance: str) -> type[QWidget]:
    from desktop.ui.steps.base import StepPage

    class PlaceholderPage(StepPage):
        title = step_title
        guidance = step_guidance

        def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
            super().__init__(context, parent)
            note = QLabel("This step is not available in this version.")
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            QVBoxLayout(self).addWidget(note)

    return PlaceholderPage


class _RoomyRows(QStyledItemDelegate):
    """Each step's row a little taller than its name (a style sheet would do the same, and
    lose the dark palette)."""

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 2 * STEP_ROW_PADDING)


class ProposalView(QWidget):
    step_changed = Signal(int)
    # The summary was put away (True) to leave the steps room, or came back (False).
    summary_put_away = Signal(bool)

    def __init__(
        self,
        context: ProposalContext | None,
        parent: QWidget | None = None,
        *,
        preview: Preview | None = None,
    ) -> None:
        """The editor of ``context``'s proposal; without a context, a read-only ``preview``
        until ``attach`` (the step pages need the open library)."""
        super().__init__(parent)
        self.context = context
        self.classes = page_classes() if context is not None else {}
        self.pages: dict[int, QWidget] = {}
        self.statuses: tuple[StepStatus, ...] = (
            step_statuses(preview.proposal_input, preview.result, preview.issues)
            if preview is not None and context is None
            else step_statuses(None, None)
        )

        # What a screen reader was last told of the step shown (see ``_announce_step``).
        self.announcement = ""
        self.navigator = OutlinedList()
        self.navigator.setAccessibleName("Steps")
        # Rows a little apart, as a list of places to go: packed at the text's height, the
        # steps read as one block of text, the first touching the list's edge.
        self.navigator.setItemDelegate(_RoomyRows(self.navigator))
        for status in self.statuses:
            self.navigator.addItem(QListWidgetItem(status.label))
        # As wide as the longest step name with a warning count, and no wider: the space is
        # worth more to the tables in the middle.
        # One width for every step and proposal: sized to the marks of the moment, the list
        # (and the form beside it) moved sideways from one step or proposal to the next.
        navigator_width = self._navigator_width()
        self.navigator.setFixedWidth(navigator_width)
        self.navigator.currentRowChanged.connect(self.show_step)

        self.step_title = QLabel()
        title_font = QFont(self.step_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.step_title.setFont(title_font)
        self.step_guidance = QLabel()
        self.step_guidance.setWordWrap(True)
        self.step_warnings = QLabel()
        self.step_warnings.setTextFormat(Qt.TextFormat.PlainText)  # names rows as typed
        self.step_warnings.setWordWrap(True)
        self.step_warnings.setAccessibleDescription("What this step still lacks")
        self.stack = QStackedWidget()
        # What the step area says while a preview waits for the open library.
        self.opening: QLabel | None = None
        if context is None:
            self.opening = QLabel("Opening the proposal for editing…")
            self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(self.opening)
        self.back_button = QPushButton("← Back")
        self.back_button.setAccessibleName("Previous step")
        self.back_button.setToolTip("Previous step (Alt+Left or Ctrl+Page Up)")
        self.next_button = QPushButton("Next →")
        self.next_button.setAccessibleName("Next step")
        self.next_button.setToolTip("Next step (Alt+Right or Ctrl+Page Down)")
        self.next_button.setDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(12, 6, 12, 6)
        centre_layout.addWidget(self.step_title)
        centre_layout.addWidget(self.step_guidance)
        centre_layout.addWidget(self.step_warnings)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addLayout(buttons)

        self.summary = SummaryPanel(
            context,
            preview=(preview.result, preview.issues) if preview is not None else None,
        )
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.navigator)
        splitter.addWidget(centre)
        splitter.addWidget(self.summary)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        # The summary's width leaves the widest step (the items table's buttons) room on the
        # smallest window, so it does not narrow as the director moves through the steps.
        splitter.setSizes([navigator_width, 900, SUMMARY_WIDTH])
        self.splitter = splitter
        self.summary_wanted = True  # View ▸ CFO summary; shown when the window has room
        self.summary_squeezed = False
        # Its figures arrive after the view is shown, and may widen it past the room there is.
        self.summary.widened.connect(self._fit_summary)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        for keys, action in (
            ((QKeySequence("Alt+Left"), QKeySequence("Ctrl+PgUp")), self.go_back),
            ((QKeySequence("Alt+Right"), QKeySequence("Ctrl+PgDown")), self.go_next),
        ):
            for key in keys:
                # The whole window's (while the proposal is shown): focus on the header's
                # buttons must not stop the step keys the Go menu lists.
                shortcut = QShortcut(key, self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(action)

        if context is not None:
            self._listen(context)
        self._update_navigator()
        self.navigator.setCurrentRow(0)

    @property
    def editable(self) -> bool:
        """False while the view is a preview waiting for the open library."""
        return self.context is not None

    def attach(self, context: ProposalContext) -> None:
        """Turn the preview into the editor of ``context``'s proposal, on the step shown now.
        The summary and the step marks keep the preview's figures until the context's first
        recalculation replaces them."""
        self.context = context
        self.classes = page_classes()
        self.summary.attach(context)
        self._listen(context)
        self.show_step(self.current_step)
        if self.opening is not None:
            self.stack.removeWidget(self.opening)
            self.opening.deleteLater()
            self.opening = None

    def _listen(self, context: ProposalContext) -> None:
        # Once per recalculation: the context tells its issues, then its result, every time,
        # and the checklist read both (165 ms each at 10,000 items).
        context.result_changed.connect(self._update_statuses)
        # A value refused on a page (and still on screen, unsaved) counts on its step's line.
        context.save_state_changed.connect(lambda *_: self._update_navigator())

    def _navigator_width(self) -> int:
        """Room for every step's title with the widest mark it can carry ("⚠ 99")."""
        metrics = self.navigator.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(f"{number}  {step.title}  ⚠ 99")
            for number, step in enumerate(STEPS, start=1)
        )
        return widest + 2 * self.navigator.frameWidth() + 16

    # --- the summary's room -----------------------------------------------------------------

    def set_summary_wanted(self, wanted: bool) -> None:
        self.summary_wanted = wanted
        self._fit_summary()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_summary()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_summary()

    def _fit_summary(self) -> None:
        """Show the summary only when the steps keep room for their buttons and tables beside
        it: at 14 points in a 1024-pixel window it took 405 pixels and left every step crushed
        ("dd ite" for "Add item", a funding grid of one year)."""
        if not self.isVisible():  # not laid out yet: its width says nothing
            self.summary.setVisible(self.summary_wanted)
            return
        handles = self.splitter.handleWidth() * (self.splitter.count() - 1)
        room = self.width() - self.navigator.minimumWidth() - self.summary.minimumWidth()
        fits = room - handles >= STEPS_ROOM_CHARACTERS * self.fontMetrics().averageCharWidth()
        squeezed = self.summary_wanted and not fits
        self.summary.setVisible(self.summary_wanted and fits)
        if squeezed != self.summary_squeezed:
            self.summary_squeezed = squeezed
            self.summary_put_away.emit(squeezed)

    # --- steps -------------------------------------------------------------------------------

    @property
    def current_step(self) -> int:
        return self.navigator.currentRow()

    def page(self, number: int) -> QWidget:
        """The page of step ``number`` (0-based), built on first use."""
        if self.context is None:
            raise RuntimeError("a preview has no step pages until the library is open")
        if number not in self.pages:
            page_class: Any = self.classes[STEPS[number].key]
            page = page_class(self.context, self.stack)
            self.pages[number] = page
            self.stack.addWidget(page)
            self._tab_through(page)
            if number == len(STEPS) - 1:
                self._tell_export_page()
        return self.pages[number]

    def _tab_through(self, page: QWidget) -> None:
        """Tab goes step list → the page's fields → Back → Next → the CFO summary, the order
        they are seen in.

        A page is built after the buttons, so without this its fields would come after them.
        Just built, the page's widgets are the last in the window's focus chain: the last one
        Tab stops at is found walking back from the window. (Walking forward from the page
        would end by asking its last widget for the next one, the window itself; the bindings
        make a widget returned that way a child of the one asked, so closing the proposal
        would take the window's menu actions with it.)"""
        window = page.window()
        widget = window.previousInFocusChain()
        for _ in range(10_000):
            if widget is window or not page.isAncestorOf(widget):
                return
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                break
            widget = widget.previousInFocusChain()
        else:
            return
        QWidget.setTabOrder(widget, self.back_button)
        QWidget.setTabOrder(self.back_button, self.next_button)
        QWidget.setTabOrder(self.next_button, self.summary)

    def page_for(self, key: str) -> QWidget:
        return self.page([step.key for step in STEPS].index(key))

    def show_step(self, number: int) -> None:
        if not 0 <= number < len(STEPS):
            return
        if self.navigator.currentRow() != number:
            self.navigator.setCurrentRow(number)  # comes back here through the signal
            return
        if self.context is None:  # a preview: the pages need the open library
            if self.opening is not None:
                self.stack.setCurrentWidget(self.opening)
            self.step_title.setText(f"{number + 1}. {STEPS[number].title}")
            self.step_guidance.setText(STEPS[number].guidance)
        else:
            page = self.page(number)
            self.stack.setCurrentWidget(page)
            self.step_title.setText(
                f"{number + 1}. {getattr(page, 'title', '') or STEPS[number].title}"
            )
            self.step_guidance.setText(str(getattr(page, "guidance", "")))
        self._show_step_warnings()
        # A button that is disabled while it has focus passes focus down the chain (Next on
        # the last step to the header's Home button, where one more press left the proposal):
        # it goes to the other button instead.
        for button, enabled, other in (
            (self.back_button, number > 0, self.next_button),
            (self.next_button, number < len(STEPS) - 1, self.back_button),
        ):
            if not enabled and button.hasFocus():
                other.setFocus(Qt.FocusReason.OtherFocusReason)
            button.setEnabled(enabled)
        self._announce_step(number)
        self.step_changed.emit(number)

    def _announce_step(self, number: int) -> None:
        """Tell a screen reader which step is now shown, and what it still lacks, when the
        keyboard stays where it was (Next, Back, Alt+arrows, the Go menu, a link to a step).
        The step list says the step itself when it has the focus; the first step shown is the
        window's own news."""
        title = self.step_title.text().split(". ", 1)[-1]
        warnings = self.statuses[number].warnings if number < len(self.statuses) else ()
        said = f"Step {number + 1} of {len(STEPS)}, {title}."
        if warnings:
            said += " Still to do: " + "; ".join(warnings[:3]) + "."
        first, self.announcement = not self.announcement, said
        if not first and not self.navigator.hasFocus():
            announce(self, said)

    def go_next(self) -> None:
        self.show_step(min(self.current_step + 1, len(STEPS) - 1))

    def go_back(self) -> None:
        self.show_step(max(self.current_step - 1, 0))

    # --- statuses ----------------------------------------------------------------------------

    def _update_statuses(self, *_: Any) -> None:
        if self.context is None:
            return
        self.statuses = step_statuses(
            self.context.proposal_input, self.context.result, self.context.issues
        )
        self._update_navigator()

    def _with_unsaved(self, number: int) -> StepStatus:
        """Step ``number``'s status with what its page holds refused and unsaved: the step
        list said "Basics ✓" while four fields there read "Not saved"."""
        status = self.statuses[number]
        unsaved = self._unsaved(number)
        return replace(status, warnings=unsaved + status.warnings) if unsaved else status

    def refused_on_screen(self) -> list[tuple[int, str]]:
        """Each value typed, refused and still on screen to be put right, as (step, why): what
        leaving the proposal would drop. Read from the pages themselves (Basics' fields, every
        table's line), not from the last save, which another edit may have made since."""
        from PySide6.QtWidgets import QAbstractItemView

        from desktop.ui.layouts import ProblemLabel

        found = []
        for number, page in sorted(self.pages.items()):
            for label in page.findChildren(ProblemLabel):
                if not (label.typed and label.refused and not label.isHidden()):
                    continue
                # Where: a Basics field by its name, a table by its step ("Items — …").
                field = label.about
                where = (
                    STEPS[number].title
                    if field is None or isinstance(field, QAbstractItemView)
                    else field.accessibleName() or STEPS[number].title
                )
                found.append((number, f"{where} — {label.refused}"))
        return found

    def _unsaved(self, number: int) -> tuple[str, ...]:
        page = self.pages.get(number)
        return tuple(getattr(page, "unsaved_notes", lambda: [])())

    def _update_navigator(self) -> None:
        for row in range(len(self.statuses)):
            status = self._with_unsaved(row)
            entry = self.navigator.item(row)
            entry.setText(status.label)
            tip = "\n".join(f"⚠ {warning}" for warning in status.warnings)
            entry.setToolTip(tip or ("Complete" if status.complete else ""))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, status.label.replace("⚠", "warnings"))
        self._show_step_warnings()
        self._tell_export_page()

    def _tell_export_page(self) -> None:
        """What is still to do, on the Export page: the case went to the CFO with the Basics
        warnings open ("a district of 1,000 students", the blank default) and nothing said."""
        page = self.pages.get(len(STEPS) - 1)
        if hasattr(page, "show_still_to_do"):
            page.show_still_to_do([self._with_unsaved(row) for row in range(len(self.statuses))])

    def _show_step_warnings(self) -> None:
        number = self.current_step
        if not 0 <= number < len(self.statuses):
            return
        warnings = self._with_unsaved(number).warnings
        text = "   ".join(f"⚠ {warning}." for warning in warnings[:SHOWN_WARNINGS])
        if len(warnings) > SHOWN_WARNINGS:
            # The step's name in the list counts them all: the line must not say fewer.
            text += f"   and {len(warnings) - SHOWN_WARNINGS:,} more"
        self.step_warnings.setText(text)
        self.step_warnings.setToolTip("\n".join(f"⚠ {warning}." for warning in warnings))
        self.step_warnings.setVisible(bool(warnings))
