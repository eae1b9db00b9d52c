"""Add typical 1:1 items from the template's library, with their illustrative figures, to the
open proposal: how a proposal started blank gets the starting list a template proposal has."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count, format_money
from desktop.services.template_sizing import Headcounts, entered, estimated
from desktop.ui.delegates import CheckOutlineDelegate
from desktop.ui.layouts import OutlinedList
from desktop.vocabulary import TEMPLATE_CURRENCY, ItemCategory
from desktop.wording import in_a_list, quoted

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# How each headcount reads after its number.
HEADCOUNT_WORDS = {"students": "students", "teachers": "teachers", "staff": "other staff"}


def sized_sentence(template: Headcounts, plan: Headcounts, per_building: Sequence[str]) -> str:
    """What the quantities are sized to: the plan's headcounts against the template's, which
    counts are not entered yet, and which items keep the template's quantity."""
    plan_counts, template_counts = entered(plan), entered(template)
    shown = [name for name in HEADCOUNT_WORDS if name in plan_counts and name in template_counts]
    ours = [f"{plan_counts[name]:,} {HEADCOUNT_WORDS[name]}" for name in shown]
    theirs = [f"{template_counts[name]:,}" for name in shown]
    said = (
        f" Quantities are sized to this plan's {in_a_list(ours)} from the template's "
        f"{in_a_list(theirs)}{', each item by what it counts' if len(shown) > 1 else ''}, "
        "rounded up."
    )
    missing = [HEADCOUNT_WORDS[name] for name in estimated(plan)]
    if missing:
        # Teachers and staff are 0 until entered: the items counting them are sized from the
        # students, and follow the real count once it is entered on Basics.
        said += (
            f" {in_a_list(missing).capitalize()} {'is' if len(missing) == 1 else 'are'} not "
            "entered on Basics yet: the items that count them are sized from the students."
        )
    if per_building:
        one = len(per_building) == 1
        said += (
            f" {in_a_list([quoted(name, 60) for name in per_building])} "
            f"{'is' if one else 'are'} counted per building and "
            f"{'keeps' if one else 'keep'} the template's quantity: give "
            f"{'it' if one else 'them'} your own."
        )
    return said


class TemplateItemsDialog(QDialog):
    """The template's items, each to be ticked to be added; those the proposal already has
    (by name) say so."""

    def __init__(
        self,
        items: list[dict[str, Any]],
        existing_names: set[str],
        currency: str,
        parent: QWidget | None = None,
        *,
        sized: tuple[Headcounts, Headcounts] | None = None,
        byod: bool = False,
        per_building: Sequence[str] = (),
    ) -> None:
        """``sized``: the template's headcounts and the proposal's (a number alone is the
        students), when the quantities shown were sized from one to the other; ``byod``: the
        proposal is bring-your-own-device; ``per_building``: the items counted per building,
        which keep the template's quantity."""
        super().__init__(parent)
        self.setWindowTitle("Add typical items")
        intro = QLabel(
            "Typical items of a 1:1 plan, with illustrative figures (each says where they come "
            "from). Tick the ones this plan buys; they are added at the end of the list, to be "
            "given your own quantities and quotes."
        )
        intro.setWordWrap(True)
        if sized is not None:
            intro.setText(intro.text() + sized_sentence(*sized, per_building))
        if byod:
            intro.setText(
                intro.text() + " In a BYOD plan students bring their own devices: leave out "
                "the student devices and their protection plan."
            )
        if currency.upper() != TEMPLATE_CURRENCY:
            # The template's prices are American: shown and added as they are, each says so.
            intro.setText(
                intro.text() + f" Its prices are in {TEMPLATE_CURRENCY}, shown as they are: "
                f"convert them to {currency.upper()}."
            )
        self.list = OutlinedList(self)
        self.list.setAccessibleName("Typical items to add")
        # Its boxes outlined so they show in a dark theme too (see CheckOutlineDelegate).
        self.list.setItemDelegate(CheckOutlineDelegate(self.list))
        have = {name.strip().casefold() for name in existing_names}
        for values in items:
            name = str(values["name"])
            category = ItemCategory(values["category"]).label
            quantity = Decimal(str(values.get("quantity", "0")))
            unit = format_money(Decimal(str(values.get("unit_cost", "0"))), TEMPLATE_CURRENCY)
            yearly = Decimal(str(values.get("recurring_unit_cost", "0")))
            cost = f"{quantity:,f} × {unit}"
            if yearly:
                cost += f" + {format_money(yearly, TEMPLATE_CURRENCY)} a year each"
            already = name.strip().casefold() in have
            # Two lines, the name first: on one, the prices ran past the dialog's edge.
            row = QListWidgetItem(
                name + (" (already in this proposal)" if already else "") + f"\n{category} · {cost}"
            )
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)  # chosen one by one, or "Tick all"
            row.setToolTip(str(values.get("figure_source") or ""))
            if currency.upper() != TEMPLATE_CURRENCY:
                # Said on the item, where its figures will be replaced (its source is kept as
                # the template's, which the Items step recognises as still illustrative).
                notes = str(values.get("notes") or "")
                values = {
                    **values,
                    "notes": f"Template prices in {TEMPLATE_CURRENCY}: convert them to "
                    f"{currency.upper()}. {notes}".strip(),
                }
            row.setData(ROW_ROLE, values)
            self.list.addItem(row)
        every = QPushButton("Tick a&ll")
        every.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        none = QPushButton("Tick &none")
        none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ticks = QHBoxLayout()
        ticks.addWidget(every)
        ticks.addWidget(none)
        ticks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._count)
        self._count()
        # Wide enough for a name, its category and its price on one line at the font in use.
        line = self.fontMetrics().averageCharWidth()
        self.resize(max(640, 90 * line), max(420, 26 * self.fontMetrics().lineSpacing()))

    def _tick_all(self, state: Qt.CheckState) -> None:
        for index in range(self.list.count()):
            self.list.item(index).setCheckState(state)

    def _count(self, *_: Any) -> None:
        chosen = len(self.chosen())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"&Add {format_count(chosen, 'item')}" if chosen else "&Add")
        ok.setEnabled(chosen > 0)

    def chosen(self) -> list[dict[str, Any]]:
        """The ticked items' values, in the template's order."""
        return [
            dict(self.list.item(index).data(ROW_ROLE))
            for index in range(self.list.count())
            if self.list.item(index).checkState() == Qt.CheckState.Checked
        ]
