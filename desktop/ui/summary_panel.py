"""The live CFO summary beside every step: the figures a CFO asks for first, in plain words.

Every figure is read from the finance result and formatted with ``desktop.finance.money``, so it
matches the Review step, the PDF and the spreadsheet to the cent. Tooltips explain the finance
terms for a director who is not an accountant.

The panel is one stop of the Tab order: a screen reader reads every figure from its description,
and Ctrl+C copies them as text, ready for an e-mail to the CFO.

At a later start the panel first shows a result the window computed from the library file before
the proposal is open for editing (no context yet); ``attach`` then hands it the open proposal,
whose own recalculation replaces those figures when it arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.finance.money import (
    format_count,
    format_money,
    format_percent,
)
from desktop.services.wizard import plain_issue
from desktop.ui.formatting import wrappable
from desktop.ui.layouts import ReadableFrame
from desktop.wording import QUOTED_LIMIT, clip_middle, isolated, left_to_right, shown_name

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult, ValidationIssue
    from desktop.ui.context import ProposalContext

TIPS = {
    "tco": (
        "Total cost of ownership: everything the initiative costs over the planning horizon — "
        "purchases, refreshes, licenses, support, training and insurance — not just the "
        "sticker price."
    ),
    "per_student": "The total cost of ownership divided by the students and by the years.",
    "npv": (
        "Net present value: the money the district is ahead (or behind) once future savings "
        "and avoided losses are weighed against the costs, counting a dollar next year as worth "
        "a little less than a dollar today (the discount rate). Above zero: the plan pays for "
        "itself."
    ),
    "payback": (
        "The first plan year from which the savings and avoided losses so far stay at or "
        "above the money spent so far, to the end of the plan."
    ),
    "gap": "The part of the yearly costs that no funding source covers yet, summed over the years.",
    "grants": (
        "The share of recurring (yearly) costs paid with temporary money such as grants or "
        "bonds. Lower is safer: when the grant ends, the cost stays."
    ),
}


def rubric_dots(level: int, out_of: int = 4) -> str:
    """``●●○○`` for level 2 of 4."""
    return "●" * level + "○" * (out_of - level)


MINIMUM_WIDTH = 260  # pixels, at any font
MARGIN, SPACING = 14, 12  # around the panel's contents, and between a label and its figure


class SummaryPanel(ReadableFrame):
    widened = Signal()  # its least width grew (wider figures, a larger font)

    def __init__(
        self,
        context: ProposalContext | None,
        parent: QWidget | None = None,
        *,
        preview: tuple[ProposalResult | None, list[ValidationIssue]] | None = None,
    ) -> None:
        """``context`` is the open proposal; without one, ``preview`` (a result and the
        validation issues it was computed with) is shown until ``attach``."""
        super().__init__(parent)
        self.context = context
        self._preview_issues: list[ValidationIssue] = list(preview[1]) if preview else []
        self.setAccessibleName("CFO summary")
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        heading = QLabel("CFO summary")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self._caption = "Base case, all items"  # the caption's whole text, for copying
        self.caption = QLabel(self._caption)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # the proposal's name, as typed
        self.caption.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING)
        grid.setVerticalSpacing(8)
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        rows = (
            ("tco", "Total cost of ownership"),
            ("per_student", "Cost per student per year"),
            ("npv", "Net present value"),
            ("payback", "Payback"),
            ("gap", "Funding gap"),
            ("grants", "Recurring costs paid from temporary money"),
        )
        value_font = QFont(self.font())
        value_font.setBold(True)
        for row, (key, text) in enumerate(rows):
            label = QLabel(text)
            label.setToolTip(TIPS[key])
            label.setWordWrap(True)
            value = QLabel("…")
            value.setFont(value_font)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setToolTip(TIPS[key])
            value.setAccessibleName(text)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key], self.labels[key] = value, label
        grid.setColumnStretch(0, 1)

        rubric_heading = QLabel("Budget & resources rubric")
        rubric_font = rubric_heading.font()
        rubric_font.setBold(True)
        rubric_heading.setFont(rubric_font)
        rubric_heading.setWordWrap(True)  # at 14 points it read "Budget & resources rub"
        self.rubric_grid = QGridLayout()
        self.rubric_grid.setVerticalSpacing(6)
        self.rubric_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(4):
            name = QLabel("")
            name.setWordWrap(True)
            dots = QLabel("")
            dots.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.rubric_grid.addWidget(name, row, 0)
            self.rubric_grid.addWidget(dots, row, 1)
            self.rubric_labels.append((name, dots))
        self.rubric_grid.setColumnStretch(0, 1)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Why the figures cannot be computed")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setContentsMargins(0, 10, 0, 0)  # apart from the rubric it explains
        self.problems.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.addWidget(heading)
        layout.addWidget(self.caption)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(14)
        layout.addWidget(rubric_heading)
        layout.addLayout(self.rubric_grid)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        if context is not None:
            self._listen(context)
            self.show_result(context.result)
        else:
            self.show_result(preview[0] if preview else None)

    def attach(self, context: ProposalContext) -> None:
        """Follow the open proposal from now on. The figures on screen stay until its first
        recalculation arrives: they were computed from the same library moments ago, and
        blanking them in between would only make the panel flicker."""
        self.context = context
        self._preview_issues = []
        self._listen(context)

    def _listen(self, context: ProposalContext) -> None:
        context.result_changed.connect(self.show_result)
        context.validation_changed.connect(self._show_problems)
        context.recalculation_failed.connect(self._show_problems)

    def value_text(self, key: str) -> str:
        return self.values[key].text()

    def _set_caption(self, text: str) -> None:
        self._caption = text
        self.caption.setText(text)
        self.caption.setToolTip("")

    def copy_text(self) -> str:
        """What the panel shows, as lines of text: its description for a screen reader, and
        what Ctrl+C copies."""
        # The caption as written: without the mark that steers its direction on screen and the
        # hints that let a long name wrap.
        lines = [f"CFO summary: {self._caption}"]
        lines += [
            f"{self.labels[key].text()}: {shown.text()}" for key, shown in self.values.items()
        ]
        rubric = [dots.accessibleName() for name, dots in self.rubric_labels if name.text()]
        if rubric:
            lines += ["Budget & resources rubric:", *rubric]
        if self.problems.text():
            lines.append(self.problems.text())
        return "\n".join(lines).replace("\u00a0", " ")  # plain spaces in an e-mail

    def show_result(self, result: Any) -> None:
        self._show_problems()
        if result is None:
            # Blank, never the last figures: they no longer describe the proposal.
            for value in self.values.values():
                value.setText("—")
            self.labels["gap"].setText("Funding gap")  # nothing counted, nothing to qualify
            for _name, dots in self.rubric_labels:
                dots.setText("—" if _name.text() else "")
            if self._issues() or (self.context is not None and self.context.failure):
                self._set_caption("The figures are not up to date")
            self.setAccessibleDescription(self.copy_text())
            return
        currency = result.currency
        # "(5 years)" on one line: it broke after "(5" in the panel's width.
        years = format_count(result.horizon_years, "year").replace(" ", "\u00a0")
        self.labels["tco"].setText(f"Total cost of ownership ({years})")
        self.values["tco"].setText(format_money(result.tco_total, currency))
        self.values["per_student"].setText(format_money(result.per_student_per_year, currency))
        self.values["npv"].setText(format_money(result.npv, currency))
        returns = result.base.returns
        self.values["payback"].setText(result.payback_text())
        # The tooltip is set in both branches: an undo back to "not within the plan" must not
        # leave the previous payback year in it.
        if result.payback_year is None:
            self.values["payback"].setToolTip(TIPS["payback"])
        else:
            fiscal = returns.payback_fiscal_year
            label = result.fiscal_year_labels[result.payback_year - 1]
            self.values["payback"].setToolTip(
                f"{TIPS['payback']}\n\nHere: plan year {result.payback_year}, fiscal {label}"
                + (f" (starting {fiscal})." if fiscal else ".")
            )
        self.values["gap"].setText(format_money(result.funding_gap, currency))
        self._show_gap_basis(result.base.funding, currency)
        self.values["grants"].setText(format_percent(result.base.funding.reliance_shown, 1))
        for (name, dots), assessment in zip(self.rubric_labels, result.rubric, strict=False):
            name.setText(assessment.label)
            dots.setText(rubric_dots(int(assessment.level)))
            tip = (
                f"{assessment.label}: {assessment.level.label} (level {int(assessment.level)} of 4)"
            )
            if assessment.reasons:
                tip += "\n\nWhy: " + " ".join(assessment.reasons)
            if assessment.next_steps:
                tip += "\n\nTo raise it: " + " ".join(assessment.next_steps)
            for widget in (name, dots):
                widget.setToolTip(tip)
            dots.setAccessibleName(f"{assessment.label}: level {int(assessment.level)} of 4")
        # The name leads the caption: its direction controls would reorder the words after it.
        # A long one is cut in its middle, and one typed without spaces wraps rather than run
        # past the panel's edge; the whole name is in the tooltip.
        name = shown_name(result.name)
        shown = clip_middle(name, QUOTED_LIMIT)
        self._caption = f"{isolated(name)}, base case with every item"
        self.caption.setText(
            left_to_right(f"{isolated(wrappable(shown))}, base case with every item")
        )
        self.caption.setToolTip(name if shown != name else "")
        self.setAccessibleDescription(self.copy_text())
        self._fit_figures()

    def _show_gap_basis(self, plan: Any, currency: str) -> None:
        """The gap's label says when it counts money not yet secured, and its tooltip what the
        gap would be without it: "$0.00" read as a plan paid for."""
        counted = plan.extra_shortfall_total > 0
        text = plan.gap_label
        tip = TIPS["gap"]
        if counted:
            pending = format_money(plan.pending_total, currency)
            without = format_money(plan.gap_without_pending_total, currency)
            tip += (
                f"\n\nIt counts {pending} not yet secured; without it the gap would be {without}."
            )
        self.labels["gap"].setText(text)
        self.values["gap"].setAccessibleName(text)
        for widget in (self.labels["gap"], self.values["gap"]):
            widget.setToolTip(tip)

    def _fit_figures(self) -> None:
        """Wide enough for the widest figure beside a label of a few words, in the font the
        director reads with: at a large system font the panel kept its width and cut the
        figures ("$4,116,108.0") and the labels' last lines."""
        widest = max(value.sizeHint().width() for value in self.values.values())
        words = self.fontMetrics().horizontalAdvance("Cost per student")
        needed = 2 * MARGIN + SPACING + words + widest
        # Only ever wider while the proposal is open: a figure gaining a digit as the director
        # types would otherwise push the page sideways and back.
        width = max(MINIMUM_WIDTH, self.minimumWidth(), needed)
        if width != self.minimumWidth():
            self.setMinimumWidth(width)
            self.widened.emit()

    def _issues(self) -> list[ValidationIssue]:
        return self.context.issues if self.context is not None else self._preview_issues

    def _show_problems(self, *_args: object) -> None:
        """Say why the figures could not be updated: the first problem in plain words (the
        Review step lists them all), or the failure's reason."""
        issues = self._issues()
        failure = self.context.failure if self.context is not None else ""
        if issues:
            more = len(issues) - 1
            listed = f"… and {format_count(more, 'more problem')}, listed in the Review step."
            rest = f"\n\n{listed}" if more else ""
            why = f"Fix this first:\n{plain_issue(issues[0])}{rest}"
        elif failure:
            why = f"{failure}\n\nThey are worked out again after the next change."
        else:
            why = ""
        self.problems.setText(f"⚠ The figures could not be updated. {why}" if why else "")
        self.problems.setVisible(bool(why))
        self.setAccessibleDescription(self.copy_text())
