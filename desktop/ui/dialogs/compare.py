"""The "Compare proposals" dialog: the proposal chosen on Home against another of the library.

Next year's version is made with Duplicate and then changed (new prices, enrollment, a quote
re-imported); the CFO then asks what moved since the case they saw. The dialog shows the two
side by side, each change as the chosen proposal minus the other: the headline figures, then
the items, the funding sources and the risks that were added, taken out or changed, each
change with the terms behind it (a price, a year's amount, a likelihood). The figures come from
``desktop.finance.compare`` (the engine's results of both, as they stand); "Copy as text" puts
the same words ``buyin compare`` prints on the clipboard, for an e-mail.
"""

from __future__ import annotations

import re
import textwrap
import threading
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.compare import (
    NOT_SECURED,
    Comparison,
    Computed,
    LineChange,
    causes,
    compare,
    comparison_lines,
    lines_summary,
)
from desktop.services.library import Library, LibraryError
from desktop.ui.formatting import header_lines
from desktop.ui.layouts import (
    ProblemLabel,
    emptied,
    read_only_table,
    scrolled,
    size_to_window,
)
from desktop.ui.workers import BackgroundJob
from desktop.wording import clip_middle, quoted

# A proposal's name in a column title: the whole name is in the title's tooltip.
_TITLE_LENGTH = 40

# Two proposals holding this many items between them are compared at once (in a few hundredths
# of a second); a larger pair is worked out on a worker, "Comparing…" said meanwhile: two of
# 10,000 items froze the dialog for 1.6 seconds, when it opened and at each choice.
AT_ONCE_ITEMS = 2_000

# A proposal and the one it is compared against, each as (id, name).
Pair = tuple[tuple[int, str], tuple[int, str]]


class CompareDialog(QDialog):
    """``proposal_id`` (the later version, as a rule) against one of ``others`` (id, name),
    chosen in the dialog; the first of ``others`` to begin with."""

    @classmethod
    def open_for(
        cls,
        parent: QWidget,
        library: Library,
        chosen: tuple[int, str],
        listed: Sequence[tuple[int, str]],
        known: dict[int, Computed] | None = None,
    ) -> CompareDialog | None:
        """Open (shown, not waited for) the comparison of ``chosen`` (id, name) with the others
        of ``listed``, the one named most like it first; None when there is no other."""
        proposal_id, name = chosen
        others = [other for other in listed if other[0] != proposal_id]
        if not others:
            return None
        others.sort(key=lambda other: _likely_earlier(name, other[1]))
        dialog = cls(library, proposal_id, name, others, parent, known=known)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def __init__(
        self,
        library: Library,
        proposal_id: int,
        name: str,
        others: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        known: dict[int, Computed] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        # Each proposal's figures, worked out once: Swap and choosing another proposal compared
        # the same ones again (a second or so each at 10,000 items). The dialog is modal, so
        # nothing changes them meanwhile. ``known``: the figures an earlier comparison worked
        # out, given by Home while the library is as it was then (filled in here in turn).
        self._results: dict[int, Computed] = {} if known is None else known
        self._lock = threading.Lock()  # the worker fills ``_results`` too
        self._comparisons: dict[tuple[int, int], Comparison] = {}
        self._request = 0  # the latest pair asked for: what arrives for another is dropped
        self._sizes = _item_counts(library)
        self._open_tab = 0
        self.later: tuple[int, str] = (proposal_id, name)
        self.comparison: Comparison | None = None
        self.setWindowTitle("Compare proposals")
        self.setMinimumSize(720, 520)

        self.chosen = QLabel()
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)  # a proposal's name
        # Its text is cut to 80 characters in the middle (the years at the end tell versions
        # apart), and wraps rather than be cut again at a large font.
        self.chosen.setWordWrap(True)
        self.chosen.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.against = QComboBox()
        self.against.setAccessibleName("Compare with")
        self.against.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.against.setMinimumContentsLength(24)
        self._others = list(others)
        for other_id, other_name in self._others:
            self.against.addItem(clip_middle(other_name, 80), other_id)
            self.against.setItemData(
                self.against.count() - 1, other_name, Qt.ItemDataRole.ToolTipRole
            )
        against_label = QLabel("&against")
        against_label.setBuddy(self.against)
        # Alt+W: Alt+S is the Funding sources tab's. Never the default button: Return anywhere
        # in the dialog swapped the comparison, the figures reversed without a word.
        self.swap_button = QPushButton("S&wap")
        self.swap_button.setAutoDefault(False)
        self.swap_button.setToolTip(
            "Compare the other way round: the other proposal against this one"
        )
        self.swap_button.clicked.connect(self.swap)
        # Two rows, each name given the dialog's width: on one row the list was left 24
        # characters, and "Riverside USD — 1:1 Infrastructure 2" hid the years that tell the
        # versions apart (at a large font, the name beside "Compare" was cut too).
        choice = QGridLayout()
        choice.addWidget(QLabel("Compare"), 0, 0)
        choice.addWidget(self.chosen, 0, 1, 1, 2)
        choice.addWidget(against_label, 1, 0)
        choice.addWidget(self.against, 1, 1)
        choice.addWidget(self.swap_button, 1, 2)
        choice.setColumnStretch(1, 1)

        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = ProblemLabel("Why the two cannot be compared", typed=False)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)

        # While a large pair is worked out: what is being compared, over a busy bar.
        self.working = QLabel()
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        self.working.setWordWrap(True)
        self.working_bar = QProgressBar()
        self.working_bar.setRange(0, 0)
        self.working_bar.setTextVisible(False)
        self.working_bar.setAccessibleName("Comparing")
        self.working.hide()
        self.working_bar.hide()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What changed")
        self.show_same = QCheckBox("Show the &lines that stayed the same")
        self.show_same.toggled.connect(lambda _on: self._fill_tabs())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("Cl&ose")
        self.close_button.setDefault(True)  # Return closes, as Escape does
        self.copy_button = buttons.addButton(
            "&Copy as text", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip("The comparison as plain text, for an e-mail or a note")
        self.copy_button.clicked.connect(self.copy_text)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addWidget(self.notes)
        layout.addWidget(self.problem)
        layout.addWidget(self.working)
        layout.addWidget(self.working_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.show_same)
        layout.addWidget(buttons)
        self.against.currentIndexChanged.connect(lambda _index: self.refresh())
        # Most of the window it opens over: at 760 × 560 on a 1366 × 768 screen the Risks tab
        # stacked each change eight lines to a row, a few rows in view. Larger with a larger
        # font still: at 14 points the figures' names were cut to a word ("Tota", "Plan yea")
        # in a dialog kept at its usual size on a screen with room.
        size_to_window(self, 760, 560)
        self.refresh()

    # --- what is compared --------------------------------------------------------------------

    def swap(self) -> None:
        """The proposal compared against becomes the chosen one, and the other way round."""
        index = self.against.currentIndex()
        if index < 0:
            return
        other = self._others[index]
        self._others[index] = self.later
        self.later = other
        self.against.blockSignals(True)
        self.against.setItemText(index, clip_middle(self._others[index][1], 80))
        self.against.setItemData(index, self._others[index][0])
        self.against.setItemData(index, self._others[index][1], Qt.ItemDataRole.ToolTipRole)
        self.against.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        later_id, later_name = self.later
        self.chosen.setText(quoted(later_name, 80, middle=True))
        self.chosen.setToolTip(later_name)
        # The combo is read alone: which proposal it is compared with goes with it.
        self.against.setAccessibleDescription(
            f"{quoted(later_name, 120)} is compared against the proposal chosen here"
        )
        self._request += 1
        index = self.against.currentIndex()
        if index < 0:
            self._show(None, "")
            return
        pair: Pair = (self._others[index], self.later)
        known = self._comparisons.get((pair[0][0], pair[1][0]))
        if known is not None:
            self._show(known, "")
        elif sum(self._sizes.get(proposal_id, 0) for proposal_id, _name in pair) <= AT_ONCE_ITEMS:
            self._show(*self._compared(pair))
        else:
            self._work_out(pair, self._request)

    @property
    def comparing(self) -> bool:
        """Whether the pair chosen is still being worked out."""
        return self.working.isVisibleTo(self)

    def _work_out(self, pair: Pair, request: int) -> None:
        """Compare ``pair`` on a worker, saying so meanwhile; shown when it arrives, unless
        another pair has been chosen since (``request``)."""
        if not self.comparing:
            self._open_tab = max(self.tabs.currentIndex(), 0)
        self.comparison = None
        self.problem.note("")
        self.notes.hide()
        self.copy_button.setEnabled(False)
        emptied(self.tabs)
        self.show_same.setEnabled(False)
        (_, before), (_, after) = pair
        self.working.setText(
            f"Comparing {quoted(after, 60, middle=True)} against {quoted(before, 60, middle=True)}…"
        )
        self.working.show()
        self.working_bar.show()
        job = BackgroundJob(lambda _report: self._compared(pair), self, pool=_pool())
        job.finished.connect(lambda outcome: self._arrived(request, outcome))
        job.failed.connect(lambda error: self._arrived(request, (None, str(error))))
        job.finished.connect(job.deleteLater)
        job.failed.connect(job.deleteLater)
        job.start()

    def _arrived(self, request: int, outcome: tuple[Comparison | None, str]) -> None:
        if request == self._request:  # else another pair was chosen meanwhile
            self._show(*outcome)

    def _show(self, comparison: Comparison | None, problem: str) -> None:
        if self.comparing:
            self.working.hide()
            self.working_bar.hide()
            self.tabs.setCurrentIndex(-1)
        self.comparison = comparison
        self.problem.note(problem)
        self.notes.setText("\n".join(comparison.notes) if comparison else "")
        self.notes.setVisible(bool(self.notes.text()))
        self.copy_button.setEnabled(comparison is not None)
        self._fill_tabs()

    def _compared(self, pair: Pair) -> tuple[Comparison | None, str]:
        """The comparison of ``pair`` (the other proposal, then the chosen one), or why there
        is none; safe to call on a worker."""
        other, later = pair
        try:
            comparison = compare(self._computed(other), self._computed(later))
        except _NotComparable as refused:
            return None, str(refused)
        with self._lock:
            self._comparisons[(other[0], later[0])] = comparison
        return comparison, ""

    def _computed(self, proposal: tuple[int, str]) -> Computed:
        """The proposal as typed and its figures, worked out once."""
        from desktop.finance import ValidationError, compute
        from desktop.services.snapshot import proposal_input

        proposal_id, name = proposal
        with self._lock:
            if proposal_id in self._results:
                return self._results[proposal_id]
        try:
            data = proposal_input(self.library, proposal_id)
            computed = data, compute(data)
        except ValidationError as invalid:
            from desktop.services.wizard import plain_issue

            first = plain_issue(invalid.issues[0]).rstrip(".") if invalid.issues else invalid
            more = len(invalid.issues) - 1
            others = f" (and {more} more)" if more > 0 else ""
            raise _NotComparable(
                f"{quoted(name, 60, middle=True)} cannot be compared until its figures can be "
                f"worked out: {first}{others}. Open it to put that right."
            ) from invalid
        except LibraryError as error:
            named = quoted(name, 60, middle=True)
            raise _NotComparable(f"{named} cannot be read: {error}") from error
        with self._lock:
            self._results[proposal_id] = computed
        return computed

    # --- what is shown -----------------------------------------------------------------------

    def _fill_tabs(self) -> None:
        current = emptied(self.tabs)
        if current < 0:  # emptied while the pair was worked out: the tab open before
            current = self._open_tab
        comparison = self.comparison
        self.show_same.setEnabled(comparison is not None)
        if comparison is None:
            return
        before = _title(comparison.before_name)
        after = _title(comparison.after_name)
        figures = _wrapping(
            read_only_table(
                ["Figure", before, after, "Change"],
                # A change in two parts on two lines ("Same plan year (year 3);" over "this
                # plan starts a year later"): on one, its column squeezed the figures' names.
                [
                    (f.label, f.before, f.after, f.change.replace("; ", ";\n"))
                    for f in comparison.figures
                ],
                ["", comparison.before_name, comparison.after_name, "This proposal less the other"],
            )
        )
        figures.setAccessibleName("Headline figures")
        self.tabs.addTab(scrolled(figures), "&Figures")
        tables = [figures]
        for title, lines, one, many in (
            ("&Items", comparison.items, "item", "items"),
            ("Funding &sources", comparison.funding, "source", "sources"),
            ("&Risks", comparison.risks, "risk", "risks"),
        ):
            page, table = self._lines_page(
                comparison, lines, one, many, _distinct_titles(comparison)
            )
            moved = sum(1 for line in lines if line.status in ("Added", "Taken out", "Changed"))
            self.tabs.addTab(page, f"{title} ({moved:,} changed)")
            if table is not None:
                tables.append(table)
        self.tabs.setCurrentIndex(max(current, 0))
        # Tab goes from the tab bar into the open page, then to the check box and the buttons:
        # pages made anew went to the end of the order, after Close.
        chain = [self.tabs, *tables, self.show_same, self.copy_button, self.close_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _lines_page(
        self,
        comparison: Comparison,
        lines: tuple[LineChange, ...],
        one: str,
        many: str,
        titles: tuple[str, str],
    ) -> tuple[QWidget, QTableWidget | None]:
        page = QWidget()
        layout = QVBoxLayout(page)
        summary = QLabel(lines_summary(lines, one, many) + ".")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        shown = [line for line in lines if self.show_same.isChecked() or line.status != "Same"]
        # The category or kind is in the name's tooltip, and a line added or taken out says so
        # in the Change column: columns of their own left the names and figures no room.
        table = read_only_table(
            [one.capitalize(), *titles, "Change"],
            [
                (
                    # Not yet secured is said under a source's name, as the text says it: its
                    # kind, less telling, stays in the tooltip.
                    f"{line.name}\n{NOT_SECURED}" if line.pending else line.name,
                    comparison.money(line.before, later=False),
                    comparison.money(line.after),
                    _change_text(comparison, line),
                )
                for line in shown
            ],
            ["", comparison.before_name, comparison.after_name, "This proposal less the other"],
        )
        _wrapping(table)
        for row, line in enumerate(shown):
            name = table.item(row, 0)
            if name is not None:
                name.setToolTip(f"{line.name}\n{line.detail}")
        table.setAccessibleName(f"{many.capitalize()} compared")
        layout.addStretch(1)
        if not shown:
            table.deleteLater()
            layout.insertWidget(1, QLabel(f"No {many} changed."))
            return scrolled(page), None
        layout.insertWidget(1, table)
        return scrolled(page), table

    def copy_text(self) -> None:
        if self.comparison is not None:
            QGuiApplication.clipboard().setText("\n".join(comparison_lines(self.comparison)))


def _change_text(comparison: Comparison, line: LineChange) -> str:
    """ "+$15,360.00" (with "quantity 560 → 420" or "was Grant" under it when that changed
    too), "Added", "Taken out", "In both" (other currencies), or "" (the same)."""
    if line.status in ("Changed", "Same"):
        # The same cost from another quantity (a price that moved with it) is said too.
        return "\n".join(_folded(part) for part in causes(comparison, line) if part)
    return line.status


# The longest a cause runs on one line of the Change column: a longer one widened the column
# and squeezed the names beside it to a word a line.
_CAUSE_LENGTH = 36


def _folded(cause: str) -> str:
    """A long cause on more lines, broken between whole words: "likelihood without mitigation"
    over "8% → 9%", the figures of a change kept together ("start year 1 → 2" read "start",
    "year", "1 → 2" a line each), long ones on a line of their own."""
    if len(cause) <= _CAUSE_LENGTH:
        return cause
    head, arrow, tail = cause.partition(" \u2192 ")
    label, _, first = head.rpartition(" ")
    figures = f"{first} \u2192 {tail}"
    if arrow and label and "\u2192" not in tail and len(figures) > _SHORT_FIGURES:
        return "\n".join([*_words(label), figures])
    # Each change's short figures as one word, never broken inside.
    glued = _FIGURES.sub(
        lambda found: found[0].replace(" ", _GLUE) if len(found[0]) <= _SHORT_FIGURES else found[0],
        cause,
    )
    return "\n".join(_words(glued)).replace(_GLUE, " ")


# Figures of a change this long at most ("8% → 9%", "280 → 290", "start year 1 → 2"'s "1 → 2")
# stay on the line of the words before them; longer ones (two sums of money) get a line of their
# own.
_SHORT_FIGURES = 16
_GLUE = "\u00a0"  # a space no line breaks at, while the words are wrapped
_FIGURES = re.compile(r"\S+ \u2192 \S+")  # "1 → 2", "4,200 → 4,350"


def _words(text: str) -> list[str]:
    """``text`` on lines of at most ``_CAUSE_LENGTH``, broken only between words (a longer
    word has a line of its own)."""
    return textwrap.wrap(text, _CAUSE_LENGTH, break_long_words=False, break_on_hyphens=False)


class _NotComparable(Exception):
    """Why one of the two proposals cannot be compared, in words."""


def _item_counts(library: Library) -> dict[int, int]:
    """How many items each proposal holds: what comparing it costs."""
    from desktop.services.proposals import item_counts

    try:
        return item_counts(library)
    except LibraryError:
        return {}  # unknown: each pair is then compared at once, as it always was


_POOL: QThreadPool | None = None


def _pool() -> QThreadPool:
    """One worker for every comparison: a pair chosen meanwhile waits for the one before, whose
    figures it may share (the chosen proposal's). Not the dialog's own, so closing the dialog
    mid-comparison does not wait for it."""
    global _POOL  # noqa: PLW0603 - one pool for the application's life
    if _POOL is None:
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(1)
    return _POOL


def _wrapping(table: QTableWidget) -> QTableWidget:
    """The first column takes the room the figures leave and wraps its words onto more lines
    rather than cutting them ("Risk-adjusted cost …" at a large font on a small screen)."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The room the figures leave, but never less than a few words ("Recurring costs on"):
    # stretched, the column was squeezed by wide figures at a large font to a word a line,
    # cut mid-word ("Tota", "Plan yea"); now the table scrolls sideways instead.
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    table.viewport().installEventFilter(_NamesColumn(table))
    return table


class _NamesColumn(QObject):
    """Keeps a table's first column as wide as the room its other columns leave, and at
    least ``NAMES_LEAST`` wide, as the table's viewport is resized."""

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self.table = table
        self.least = table.fontMetrics().horizontalAdvance(NAMES_LEAST) + 12

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            table = self.table
            others = sum(table.columnWidth(column) for column in range(1, table.columnCount()))
            room = table.viewport().width() - others
            table.horizontalHeader().resizeSection(0, max(self.least, room))
        return False


NAMES_LEAST = "Recurring costs on"  # the least a figure's name column shows on a line


def _title(name: str) -> str:
    """A proposal's name as a column title: on two lines, so its column is no wider than its
    figures, and cut in the middle past that (versions of one case differ at the end, "…
    2027–2031" and "… 2028–2032": cut at the end, both columns read "Riverside USD — 1:1
    Inf…")."""
    lines = header_lines(name, _TITLE_LENGTH // 2)
    return "\n".join(clip_middle(line, _TITLE_LENGTH // 2 + 4) for line in lines)


def _distinct_titles(comparison: Comparison) -> tuple[str, str]:
    """The two proposals' column titles on the items, sources and risks tabs: what tells the
    names apart ("…2027–2031 (2)", "…2028–2032") when they begin alike, the whole names in the
    tooltips. As wide as the whole names on two lines, the money columns pushed the Change
    column past the dialog's edge at a large font."""
    first, second = comparison.before_name, comparison.after_name
    shared = 0
    for at, (one, two) in enumerate(zip(first, second, strict=False)):
        if one != two:
            break
        if one == " ":
            shared = at + 1  # the words both begin with, whole
    if shared < 12 or shared >= min(len(first), len(second)):
        return _title(first), _title(second)
    return _title("…" + first[shared:]), _title("…" + second[shared:])


def _likely_earlier(name: str, other: str) -> float:
    """A sort key: the proposal whose name is most like ``name`` first ("Riverside 2028" next
    to "Riverside 2027", "Copy of X" next to "X"): the one a director comparing next year's
    version with last year's most likely means."""
    from difflib import SequenceMatcher

    return -SequenceMatcher(None, name.casefold(), other.casefold()).ratio()
