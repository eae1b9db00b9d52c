"""Two proposals side by side: what changed between last year's case and this year's.

A director rolling a case forward (duplicate, new prices, new enrollment) is asked by the CFO
"what changed since the version we saw?". The Home list shows three totals per proposal; the
answer needs the headline figures next to each other with their difference, and the items and
funding sources that came, went or changed (in cost or amount, quantity, kind, or whether
secured). Both proposals are computed by the engine as they stand; nothing here recalculates.

Items and sources are matched by name (``wording.name_key``: the same name however it was
typed); two items of one name in a proposal count as one line, their costs added. Money is
subtracted only when both proposals use the same currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import (
    MINUS_SIGN,
    format_count,
    format_money,
    format_number,
    format_rate,
    format_year_span,
)
from desktop.finance.result import ProposalResult
from desktop.vocabulary import FundingKind
from desktop.wording import name_key, quoted

Money = Decimal
# A proposal as typed and as the engine worked it out: the figures are in the result, the terms
# that drive them (a unit price, a start year, a risk's likelihood) only in the input.
Computed = tuple[ProposalInput, ProposalResult]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One headline figure of both proposals, as shown, and how it moved."""

    label: str
    before: str
    after: str
    change: str  # "+$1,200.00", "−2", "No change"; "" when the two cannot be subtracted

    @property
    def moved(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class LineChange:
    """An item or a funding source in one proposal or both, with its total over its plan.
    ``comparable``: both proposals' amounts are in one currency, so they can be subtracted."""

    name: str
    detail: str  # the item's category or the source's kind, as the later proposal has it
    before: Money | None  # None: not in the earlier proposal
    after: Money | None  # None: not in the later proposal
    comparable: bool = True
    # An item's quantity in each (None for a funding source, or where it is not there).
    quantities: tuple[Decimal | None, Decimal | None] = (None, None)
    # The earlier proposal's detail, when the line is in both and it differs (an item moved to
    # another category, a source no longer secured): a change the totals do not show.
    was: str = ""

    @property
    def quantity_change(self) -> str:
        """ "560 → 420" when an item in both is bought in another quantity, else "": the cause
        a CFO looks for beside a changed cost."""
        first, second = self.quantities
        if first is None or second is None or first == second:
            return ""
        return f"{format_number(first)} \u2192 {format_number(second)}"

    @property
    def change(self) -> Money:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))

    @property
    def status(self) -> str:
        if self.before is None:
            return "Added"
        if self.after is None:
            return "Taken out"
        if not self.comparable:
            return "In both"  # dollars against euros say nothing of a change
        return "Changed" if self.change or self.was else "Same"


@dataclass(frozen=True, slots=True)
class Comparison:
    before_name: str
    after_name: str
    before_currency: str
    after_currency: str
    figures: tuple[FigureRow, ...]
    items: tuple[LineChange, ...]  # the largest changes first, then the lines that stayed
    funding: tuple[LineChange, ...]
    notes: tuple[str, ...]  # what the reader must know to read the two side by side

    @property
    def same_currency(self) -> bool:
        return self.before_currency == self.after_currency

    def money(self, amount: Money | None, *, later: bool = True) -> str:
        return format_money(amount, self.after_currency if later else self.before_currency)

    def signed(self, amount: Money) -> str:
        """A change in money: "+$1,200.00", "−$300.00" or "No change"; "" across currencies."""
        if not self.same_currency:
            return ""
        return _signed_money(amount, self.after_currency)


def _signed_money(amount: Money, currency: str) -> str:
    if not amount:
        return "No change"
    return ("+" if amount > 0 else "") + format_money(amount, currency)


def _signed_count(amount: int) -> str:
    if not amount:
        return "No change"
    return f"+{amount:,}" if amount > 0 else f"{MINUS_SIGN}{-amount:,}"


def lines_summary(lines: tuple[LineChange, ...], one: str, many: str) -> str:
    """ "3 items added, 1 taken out, 9 changed, 6 the same" (only the counts there are), or
    "No items in either" when both have none."""
    if not lines:
        return f"No {many} in either"
    counts = {status: 0 for status in ("Added", "Taken out", "Changed", "Same", "In both")}
    for line in lines:
        counts[line.status] += 1
    parts: list[str] = []
    for status, words in (
        ("Added", "added"),
        ("Taken out", "taken out"),
        ("Changed", "changed"),
        ("Same", "the same"),
        ("In both", "in both (in other currencies)"),
    ):
        if count := counts[status]:
            noun = "" if parts else " " + (one if count == 1 else many)  # named once, first
            parts.append(f"{count:,}{noun} {words}")
    return ", ".join(parts)


# One line of a proposal to compare: name, detail, total, and an item's quantity (None for a
# funding source).
_Named = tuple[str, str, Money, Decimal | None]


def _grouped(named: list[_Named]) -> dict[str, _Named]:
    """Name key → (name as first written, detail, total, quantity), names written twice added
    up."""
    grouped: dict[str, _Named] = {}
    for name, detail, total, quantity in named:
        key = name_key(name).casefold()
        if key in grouped:
            first, first_detail, so_far, counted = grouped[key]
            both = None if counted is None or quantity is None else counted + quantity
            grouped[key] = (first, first_detail, so_far + total, both)
        else:
            grouped[key] = (name, detail, total, quantity)
    return grouped


def _lines(before: list[_Named], after: list[_Named], comparable: bool) -> tuple[LineChange, ...]:
    earlier, later = _grouped(before), _grouped(after)
    lines = [
        LineChange(
            name,
            detail,
            earlier[key][2] if key in earlier else None,
            total,
            comparable,
            (earlier[key][3] if key in earlier else None, quantity),
            earlier[key][1] if key in earlier and earlier[key][1] != detail else "",
        )
        for key, (name, detail, total, quantity) in later.items()
    ]
    lines += [
        LineChange(name, detail, total, None, comparable, (quantity, None))
        for key, (name, detail, total, quantity) in earlier.items()
        if key not in later
    ]
    # The largest moves first; the lines that stayed keep the later proposal's order at the end.
    order = {id(line): index for index, line in enumerate(lines)}
    return tuple(
        sorted(
            lines,
            key=lambda line: (
                line.status in ("Same", "In both"),
                -abs(line.change) if comparable else 0,
                order[id(line)],
            ),
        )
    )


def _items(result: ProposalResult) -> list[_Named]:
    return [
        (item.name, item.category.label, item.total, item.quantity) for item in result.base.items
    ]


def _sources(result: ProposalResult) -> list[_Named]:
    return [
        (
            source.name,
            source.kind.label + ("" if source.secured else ", not yet secured"),
            source.total,
            None,
        )
        for source in result.base.funding.sources
    ]


def _plan_years(result: ProposalResult, *, counted: bool = True) -> str:
    """ "2027–28 to 2031–32 (5 years)"; without the count in the table, where it made the
    proposals' columns too wide for the change beside them."""
    labels = result.fiscal_year_labels
    span = format_year_span(labels[0], labels[-1]) if labels else "—"
    if not counted:
        return span
    return f"{span} ({format_count(result.horizon_years, 'year')})"


def _figures(earlier: Computed, later: Computed) -> tuple[FigureRow, ...]:
    (first_data, before), (second_data, after) = earlier, later
    same = before.currency == after.currency

    def money_row(label: str, first: Money | None, second: Money | None) -> FigureRow:
        change = ""
        if same and first is not None and second is not None:
            change = _signed_money(second - first, after.currency)
        return FigureRow(
            label,
            format_money(first, before.currency),
            format_money(second, after.currency),
            change,
        )

    def text_row(label: str, first: str, second: str) -> FigureRow:
        return FigureRow(label, first, second, "No change" if first == second else "")

    def count_row(label: str, first: int, second: int) -> FigureRow:
        return FigureRow(label, f"{first:,}", f"{second:,}", _signed_count(second - first))

    def rate_row(label: str, first: Decimal, second: Decimal) -> FigureRow:
        return text_row(label, format_rate(first), format_rate(second))

    rate = (
        f" at {format_rate(after.discount_rate)}"
        if before.discount_rate == after.discount_rate
        else ""
    )
    one, two = before.base, after.base
    rows = [
        text_row(
            "Plan years",
            _plan_years(before, counted=False),
            _plan_years(after, counted=False),
        ),
        count_row("Students", before.students, after.students),
        # The other headcounts and the price rises, named as on Basics: each moves the figures
        # below it (a price rise every item's cost), so a change there is a cause to see.
        count_row("Teachers", first_data.teachers, second_data.teachers),
        count_row("Other staff", first_data.staff, second_data.staff),
        rate_row(
            "Yearly price increase (purchases)",
            first_data.purchase_escalation_rate,
            second_data.purchase_escalation_rate,
        ),
        rate_row(
            "Yearly price increase (recurring costs)",
            first_data.recurring_escalation_rate,
            second_data.recurring_escalation_rate,
        ),
        money_row("Total cost of ownership", before.tco_total, after.tco_total),
        money_row("One-time purchases", one.tco.one_time_total, two.tco.one_time_total),
        money_row("Recurring costs", one.tco.recurring_total, two.tco.recurring_total),
        money_row(
            "Cost per student per year", before.per_student_per_year, after.per_student_per_year
        ),
        money_row(
            "Risk-adjusted cost avoided", one.benefits.avoided_total, two.benefits.avoided_total
        ),
        money_row(
            "Savings (costs no longer paid)", one.benefits.savings_total, two.benefits.savings_total
        ),
        money_row(f"Net present value{rate}", before.npv, after.npv),
        text_row("Payback", before.payback_text(), after.payback_text()),
        money_row("Total funding", one.funding.total, two.funding.total),
        # Qualified as every other surface qualifies it when either side counts money not yet
        # secured as coming in.
        money_row(
            (one.funding if one.funding.extra_shortfall_total else two.funding).gap_label,
            before.funding_gap,
            after.funding_gap,
        ),
        money_row("Funding surplus", one.funding.surplus_total, two.funding.surplus_total),
        money_row(
            # An amount here; the Review step and the summary give the same money as a share.
            "Amount of recurring costs paid from temporary money",
            one.funding.temporary_for_recurring_total,
            two.funding.temporary_for_recurring_total,
        ),
        money_row(
            "Recurring costs the year after the plan",
            before.after_plan.recurring_next_year,
            after.after_plan.recurring_next_year,
        ),
        money_row(
            "Recurring cost per student the year after the plan",
            before.after_plan.recurring_per_student,
            after.after_plan.recurring_per_student,
        ),
    ]
    # The district's share once the E-Rate discount is taken off, when either counts any.
    # Named for the E-Rate secured when either has some only applied for: that side's
    # figure leaves it out ("after E-Rate" beside a cost with none taken off misled).
    e_rate = [
        source
        for funding in (one.funding, two.funding)
        for source in funding.sources
        if source.kind is FundingKind.E_RATE and source.total
    ]
    if e_rate:
        pending = any(not source.secured for source in e_rate)
        rows.insert(
            rows.index(next(row for row in rows if row.label == "Total funding")),
            money_row(
                "Cost after the E-Rate secured" if pending else "Cost after E-Rate",
                one.funding.cost_after_e_rate_total,
                two.funding.cost_after_e_rate_total,
            ),
        )
    if before.discount_rate != after.discount_rate:
        rows.insert(
            rows.index(next(row for row in rows if row.label.startswith("Net present value"))),
            text_row(
                "Discount rate",
                format_rate(before.discount_rate),
                format_rate(after.discount_rate),
            ),
        )
    return tuple(rows)


def _notes(before: ProposalResult, after: ProposalResult) -> tuple[str, ...]:
    notes: list[str] = []
    if before.currency != after.currency:
        notes.append(
            f"The two are in different currencies ({before.currency} and {after.currency}): "
            "their amounts are shown side by side, not subtracted."
        )
    if before.fiscal_year_labels != after.fiscal_year_labels:
        notes.append(
            "The two plans cover different years, so each total is over its own plan: "
            f"{_plan_years(before)} against {_plan_years(after)}."
        )
    if before.discount_rate != after.discount_rate:
        notes.append(
            "The net present values are discounted at different rates "
            f"({format_rate(before.discount_rate)} and {format_rate(after.discount_rate)}), "
            "which moves them even where nothing else changed."
        )
    return tuple(notes)


def compare(earlier: Computed, later: Computed) -> Comparison:
    """``later`` (the newer version, as a rule) against ``earlier``, each given as its input
    and the engine's result of it; each change is later minus earlier."""
    (_, before), (_, after) = earlier, later
    return Comparison(
        before_name=before.name,
        after_name=after.name,
        before_currency=before.currency,
        after_currency=after.currency,
        figures=_figures(earlier, later),
        items=_lines(_items(before), _items(after), before.currency == after.currency),
        funding=_lines(_sources(before), _sources(after), before.currency == after.currency),
        notes=_notes(before, after),
    )


def line_figures(comparison: Comparison, line: LineChange) -> str:
    """An item's or a source's totals as the text says them: "$300.00 → $315.00 (+$15.00)",
    or the one total of a line added or taken out."""
    if line.status in ("Changed", "Same", "In both"):
        change = "; ".join(part for part in causes(comparison, line) if part)
        return f"{comparison.money(line.before, later=False)} → {comparison.money(line.after)}" + (
            f" ({change})" if change else ""
        )
    if line.after is None:
        return comparison.money(line.before, later=False)
    return comparison.money(line.after)


def causes(comparison: Comparison, line: LineChange) -> tuple[str, ...]:
    """What changed on a line, in words: its cost or amount ("" when that stayed), its
    quantity ("quantity 560 → 420") and its detail ("was Grant")."""
    money = comparison.signed(line.change) if line.status == "Changed" and line.change else ""
    quantity = f"quantity {line.quantity_change}" if line.quantity_change else ""
    return money, quantity, f"was {line.was}" if line.was else ""


def comparison_lines(comparison: Comparison) -> list[str]:
    """The comparison as plain text, a line each: what ``buyin compare`` prints and the
    dialog copies for an e-mail to the CFO."""
    # Each figure reads from the earlier to the later, as the first line says.
    lines = [f"From {quoted(comparison.before_name)} to {quoted(comparison.after_name)}"]
    for figure in comparison.figures:
        shown = f"{figure.before} → {figure.after}" if figure.moved else figure.after
        change = f" ({figure.change})" if figure.moved and figure.change else ""
        lines.append(f"  {figure.label}: {shown}{change}")
    for heading, changes, one, many in (
        ("Items", comparison.items, "item", "items"),
        ("Funding sources", comparison.funding, "source", "sources"),
    ):
        lines.append(f"{heading}: {lines_summary(changes, one, many)}")
        lines += [
            f"  {line.status}: {line.name} ({line.detail}), {line_figures(comparison, line)}"
            for line in changes
            if line.status != "Same"
        ]
    lines += [f"Note: {note}" for note in comparison.notes]
    return lines
