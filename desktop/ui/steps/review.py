"""Step 8, Review: the whole case as the CFO will see it, read only from the finance result.

Headline figures with plain-words tooltips, the charts (``desktop.ui.charts``), scenarios side by
side, what moves the result most, the rubric self-assessment and the alignment gaps. When the
proposal cannot be computed, the page lists what to fix instead of showing stale figures.
The text of every table and card comes from the pure functions of ``desktop.ui.review_text``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.after_plan import (
    after_plan_note,
    recurring_after_note,
    remaining_value_note,
)
from desktop.finance.money import format_count, format_money, format_percent
from desktop.finance.scenarios import alternatives_note, beyond_the_best_note
from desktop.finance.sensitivity import one_way_note
from desktop.services.wizard import plain_issue, step_guidance
from desktop.ui import charts
from desktop.ui.layouts import (
    Hint,
    OutlinedList,
    ReadableFrame,
    TabPageKeys,
    emptied,
    read_only_table,
    scrolled,
)
from desktop.ui.review_text import (
    NO_ITEMS,
    SCENARIO_COLUMNS,
    alignment_gaps,
    headline_figures,
    level_dots,
    rubric_details_html,
    scenario_rows,
    sensitivity_rows,
)
from desktop.wording import clip_middle, left_to_right, shown_name

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult
    from desktop.ui.context import ProposalContext


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


def _wrapped(text: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


# Characters of a scenario's name its column heading shows.
SCENARIO_NAME_LIMIT = 32


class _CardGrid(QWidget):
    """The headline figures as cards: four across, or two when four would not show every sum
    whole (a narrow window, or a large font), so none is cut or needs scrolling sideways."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[QWidget] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns = 4

    def add_card(self, card: QWidget) -> None:
        self.cards.append(card)
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        widest = max((card.minimumSizeHint().width() for card in self.cards), default=0)
        four_across = 4 * widest + 3 * self.grid.horizontalSpacing()
        columns = 2 if event.size().width() < four_across else 4
        if columns != self.columns:
            self.columns = columns
            self._place()

    def _place(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // self.columns, index % self.columns)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Two cards across is the narrowest layout: ask for no more width than that needs.
        hint = super().minimumSizeHint()
        widest = max((card.minimumSizeHint().width() for card in self.cards), default=0)
        return QSize(min(hint.width(), 2 * widest + self.grid.spacing()), hint.height())


class ReviewPage(QWidget):
    """The CFO view of the proposal; rebuilt from each new result (lazily, while hidden)."""

    title = "Review"
    guidance = step_guidance("review")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        self._failure = ""
        self.stack = QStackedWidget(self)
        self.problems_page = QWidget()
        problems = QVBoxLayout(self.problems_page)
        self.problems_heading = _wrapped(bold=True)
        self.problems_list = OutlinedList()
        self.problems_list.setAccessibleName("Problems to fix before the figures can be shown")
        problems.addWidget(self.problems_heading)
        problems.addWidget(self.problems_list, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Review sections")
        TabPageKeys(self.tabs)  # Page Up/Down on the tab bar scroll the open tab
        self.stack.addWidget(self.problems_page)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.figure_values: dict[str, QLabel] = {}
        self.scenario_table: QTableWidget | None = None
        self.sensitivity_table: QTableWidget | None = None
        self.rubric_titles: list[QLabel] = []
        context.result_changed.connect(self._on_result)
        if hasattr(context, "recalculation_failed"):
            context.recalculation_failed.connect(self._on_failure)
        self.refresh()

    # --- updating ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        result = self.context.result
        if result is None:
            self._show_problems()
        else:
            self._failure = ""
            self._show_result(result)

    def _on_result(self, *_args: object) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # charts are costly to rebuild for a page nobody is looking at

    def _on_failure(self, message: str) -> None:
        self._failure = message
        self._on_result()

    def changeEvent(self, event: QEvent) -> None:
        # The charts take their colours when built: a switch to a dark (or light) system theme
        # rebuilds them, at once if shown, else when next shown.
        if event.type() == QEvent.Type.PaletteChange:
            self._on_result()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def _show_problems(self) -> None:
        issues = list(getattr(self.context, "issues", []))
        self.problems_list.clear()
        if issues:
            self.problems_heading.setText(
                f"The figures cannot be worked out until {format_count(len(issues), 'problem')} "
                f"{'is' if len(issues) == 1 else 'are'} fixed. "
                "Each line says where the problem is and what is allowed:"
            )
            self.problems_list.addItems([plain_issue(issue) for issue in issues])
        elif self._failure:
            self.problems_heading.setText("The figures could not be worked out:")
            self.problems_list.addItem(self._failure)
        else:
            self.problems_heading.setText("Working out the figures…")
        self.problems_list.setVisible(self.problems_list.count() > 0)
        self.stack.setCurrentWidget(self.problems_page)

    def _show_result(self, result: ProposalResult) -> None:
        current = emptied(self.tabs)
        # Short names, so that all six fit beside the CFO summary on a 1024-pixel screen; each
        # says what it holds when pointed at.
        for page, name, holds in (
            (self._overview_tab(result), "Overview",
             "The headline figures, what the CFO will ask about, and the cost by year"),
            (self._cash_tab(result), "Cash and funding",
             "The running net position, and the funding against the cost of each year"),
            (self._risk_tab(result), "Risk", "Each risk's expected loss with and without the plan"),
            (self._scenario_tab(result), "Scenarios", "The scenarios side by side"),
            (self._sensitivity_tab(result), "Sensitivity",
             "Which estimates move the net present value most"),
            (self._rubric_tab(result), "Rubric",
             "The Budget & Resources rubric self-assessment, and what is not yet tied to the "
             "plan's goals, risks and measures"),
        ):  # fmt: skip
            self.tabs.setTabToolTip(self.tabs.addTab(page, name), holds)
        # Pages made now would come last in the window's Tab order (after Back and Next): their
        # figure cards and tables, what takes the keyboard in them, go right after the tab bar,
        # page by page. (Looked for by class: listing every child would make Python wrappers for
        # them all.)
        previous: QWidget = self.tabs.tabBar()
        for number in range(self.tabs.count()):
            page = self.tabs.widget(number)
            for stop in [*page.findChildren(ReadableFrame), *page.findChildren(QAbstractItemView)]:
                if not stop.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    continue  # a table's own headers: ordered after them, it took them along
                QWidget.setTabOrder(previous, stop)
                previous = stop
        self.tabs.setCurrentIndex(max(current, 0))
        self.stack.setCurrentWidget(self.tabs)

    # --- the tabs ----------------------------------------------------------------------------

    def _overview_tab(self, result: ProposalResult) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        grid = _CardGrid()
        self.figure_values = {}
        self.figure_notes = {}
        for figure in headline_figures(result):
            card = ReadableFrame()  # a Tab stop: read aloud, and Ctrl+C copies its figure
            card.setToolTip(figure.explanation)
            card.setAccessibleName(
                f"{figure.label}: {figure.value}"
                + (f"; {figure.note}".replace("\n", "; ") if figure.note else "")
            )
            inner = QVBoxLayout(card)
            inner.setContentsMargins(8, 6, 8, 6)
            inner.addWidget(_wrapped(figure.label))
            value = _wrapped(figure.value, bold=True)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.35)
            value.setFont(font)
            value.setToolTip(figure.explanation)
            # A sum is never split across lines ("−" on one, "$241,224.62" on the next).
            value.setWordWrap(not any(character.isdigit() for character in figure.value))
            inner.addWidget(value)
            if figure.note:
                note = Hint(_held_whole(figure.note))
                note.setToolTip(figure.explanation)
                inner.addWidget(note)
                self.figure_notes[figure.label] = note
            self.figure_values[figure.label] = value
            grid.add_card(card)
        layout.addWidget(grid)
        questions = [flag.message for flag in (*result.base.funding.flags, *result.savings_flags)]
        for after in (
            recurring_after_note(result.after_plan, result.currency),
            after_plan_note(result.after_plan, result.currency),
            remaining_value_note(result.after_plan, result.currency),
        ):
            if after:
                questions.append(after)
        if questions:
            notes = "".join(
                f"<li>{html.escape(left_to_right(question))}</li>" for question in questions
            )
            note = _wrapped(f"<b>What the CFO will ask about</b><ul>{notes}</ul>")
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setObjectName("cfoQuestions")
            layout.addWidget(note)
        if result.base.items:
            chart = charts.stacked_chart(
                charts.cost_by_year(result), result.currency, self.palette()
            )
            layout.addWidget(chart, 1)
        else:  # an empty chart says nothing; say what fills it instead
            layout.addWidget(_wrapped(NO_ITEMS))
            layout.addStretch(1)
        return scrolled(tab)  # on a small window the cards keep their words, the chart its size

    def _cash_tab(self, result: ProposalResult) -> QWidget:
        if not result.base.items and not result.base.funding.total:
            return self._message_tab(NO_ITEMS + " Funding streams are entered in the Funding step.")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        palette, money = self.palette(), result.currency
        layout.addWidget(charts.net_position_chart(charts.net_position(result), money, palette), 1)
        layout.addWidget(charts.stacked_chart(charts.funding_by_year(result), money, palette), 1)
        return scrolled(tab)

    def _risk_tab(self, result: ProposalResult) -> QWidget:
        if not result.base.benefits.risks:
            return self._message_tab(
                "No risks entered yet. Add them in the Risks step — what goes wrong without "
                "each item, how often and at what cost — to see what the plan avoids."
            )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        data = charts.risk_exposure(result)
        layout.addWidget(charts.paired_bars_chart(data, result.currency, self.palette()), 1)
        avoided = format_money(result.base.benefits.avoided_total, result.currency)
        layout.addWidget(
            _wrapped(
                f"Over the plan, mitigating these risks avoids an expected {avoided} in losses "
                "(each mitigating item brings its share of a risk's reduction from the year it "
                "starts)."
            )
        )
        return scrolled(tab)

    def _scenario_tab(self, result: ProposalResult) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(_wrapped("Each scenario side by side with the plan as proposed."))
        # One column per scenario and a row per figure, as in the PDF: a handful of scenarios
        # fit across the page, where nine figures across did not.
        scenarios = scenario_rows(result)
        (_, scenario_tip), *figures = SCENARIO_COLUMNS
        # A long scenario name heads its column cut short (a 200-character one made the column
        # wider than the window, its figures out of sight); pointing at it shows it whole.
        self.scenario_table = read_only_table(
            [
                "",
                *(
                    clip_middle(shown_name(scenario[0]), SCENARIO_NAME_LIMIT)
                    for scenario in scenarios
                ),
            ],
            [
                (name.replace("\n", " "), *(scenario[index] for scenario in scenarios))
                for index, (name, _tip) in enumerate(figures, start=1)
            ],
            [
                scenario_tip,
                *(f"{shown_name(scenario[0])}\n\n{scenario_tip}" for scenario in scenarios),
            ],
            stretch_first=False,  # the figures' names stay whole; a narrow window scrolls
        )
        for row, (_name, tip) in enumerate(figures):
            label = self.scenario_table.item(row, 0)
            if label is not None:
                label.setToolTip(tip)
        self.scenario_table.setAccessibleName("Scenarios side by side")
        layout.addWidget(self.scenario_table)
        for said in (beyond_the_best_note(result), alternatives_note(result)):
            if said:
                note = _wrapped(left_to_right(said))
                note.setTextFormat(Qt.TextFormat.PlainText)  # item names as typed, never markup
                layout.addWidget(note)
        if len(result.scenarios) > 1:
            data = charts.scenario_comparison(result)
            layout.addWidget(charts.paired_bars_chart(data, result.currency, self.palette()), 1)
        else:
            layout.addWidget(
                _wrapped(
                    "There are no other scenarios yet. Add some — for example a lean, a "
                    "recommended and a full version, each with its own items and quantities — "
                    "on the Scenarios tab of the Items step (step 3), and they appear here."
                )
            )
            layout.addStretch(1)
        return scrolled(tab)

    def _sensitivity_tab(self, result: ProposalResult) -> QWidget:
        if not any(line.swing for line in result.sensitivity.lines):
            return self._message_tab(
                "Nothing moves the result yet: once items, risks or savings have figures, this "
                "shows which estimate matters most."
            )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        step = format_percent(result.sensitivity.step)
        layout.addWidget(
            _wrapped(
                f"Each driver is lowered and raised by {step}, everything else as proposed; the "
                "driver whose estimate moves the net present value most is on top — check it "
                "twice before the meeting."
            )
        )
        self.sensitivity_table = read_only_table(
            ["What changes", f"NPV at −{step}", f"NPV at +{step}", "Swing"],
            sensitivity_rows(result),
            [
                "The estimate that is changed.",
                f"Net present value with this estimate {step} lower.",
                f"Net present value with this estimate {step} higher.",
                "How far the net present value moves across the two: the longer, the more this "
                "estimate matters.",
            ],
        )
        self.sensitivity_table.setAccessibleName("Sensitivity ranking")
        layout.addWidget(self.sensitivity_table)
        one_way = one_way_note(result.sensitivity)
        if one_way:
            layout.addWidget(_wrapped(one_way))
        if any(line.swing for line in result.sensitivity.lines):
            chart = charts.paired_bars_chart(
                charts.sensitivity_swings(result),
                result.currency,
                self.palette(),
                stacked=not one_way,
                tornado=True,
            )
            layout.addWidget(chart, 1)
        return scrolled(tab)

    def _rubric_tab(self, result: ProposalResult) -> QWidget:
        from desktop.finance.rubric import RUBRIC_SCOPE, rubric_beside_return

        content = QWidget()
        layout = QVBoxLayout(content)
        self.rubric_scope = _wrapped(f"{RUBRIC_SCOPE} {rubric_beside_return(result)}".strip())
        layout.addWidget(self.rubric_scope)
        grid = QGridLayout()
        self.rubric_titles = []
        for index, assessment in enumerate(result.rubric):
            card = ReadableFrame()
            card.setAccessibleName(f"{assessment.label}: {assessment.level.label}")
            inner = QVBoxLayout(card)
            title = _wrapped(
                f"{assessment.label}\n{level_dots(assessment.level)}  {assessment.level.label}",
                bold=True,
            )
            title.setAccessibleName(f"{assessment.label}: {assessment.level.label}")
            self.rubric_titles.append(title)
            inner.addWidget(title)
            details = _wrapped(rubric_details_html(assessment.reasons, assessment.next_steps))
            details.setTextFormat(Qt.TextFormat.RichText)
            inner.addWidget(details)
            inner.addStretch(1)
            card.describe_contents()
            grid.addWidget(card, index // 2, index % 2)
        layout.addLayout(grid)
        layout.addWidget(self._alignment_card(result))
        layout.addStretch(1)
        return scrolled(content)

    def _alignment_card(self, result: ProposalResult) -> QWidget:
        coverage = result.alignment
        card = ReadableFrame()
        card.setAccessibleName("Alignment")
        inner = QVBoxLayout(card)
        inner.addWidget(_wrapped("Alignment: how the pieces are tied together", bold=True))
        if coverage.items_linked_to_goal_share is not None:
            inner.addWidget(
                _wrapped(
                    f"{format_percent(coverage.items_linked_to_goal_share)} of the items serve a "
                    f"plan goal; {format_percent(coverage.goals_supported_share)} of the goals "
                    "are served by an item."
                )
            )
        else:
            inner.addWidget(_wrapped("No items yet, so nothing is tied to the plan goals."))
        if coverage.complete and result.base.items:
            inner.addWidget(
                _wrapped(
                    "✓ No loose ends: every item serves a plan goal and has a metric, every "
                    "goal is served by an item, and every risk is mitigated by an item."
                )
            )
        for label, names in alignment_gaps(result):
            if names:
                listed = "<br>".join(f"○ {html.escape(name)}" for name in names)
                gap = _wrapped(f"<b>{html.escape(label)} ({len(names)})</b><br>{listed}")
                gap.setTextFormat(Qt.TextFormat.RichText)
                inner.addWidget(gap)
        card.describe_contents()
        return card

    def _message_tab(self, text: str) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(_wrapped(text))
        layout.addStretch(1)
        return tab


def _held_whole(note: str) -> str:
    """A card's note with the figure of each line kept whole: "−" and "$17,078,881.02" apart
    read as two things (a word joiner holds the sign to the amount), and so did "Year 3" and
    "(2029–30)" (no-break spaces hold a figure's words together). Its label may still wrap."""
    held = []
    for line in note.split("\n"):
        label, colon, figure = line.rpartition(": ")
        if any(character.isdigit() for character in figure):
            figure = figure.replace(" ", "\u00a0")
        held.append(label + colon + figure.replace("\u2212", "\u2212\u2060"))
    return "\n".join(held)
