"""Two proposals side by side: what changed between last year's case and this year's.

A director rolling a case forward (duplicate, new prices, new enrollment) is asked by the CFO
"what changed since the version we saw?". The Home list shows three totals per proposal; the
answer needs the headline figures next to each other with their difference, and the items and
funding sources that came, went or changed (in cost or amount, or in a term behind it: a
quantity, a price, a start year, a source's amount in one year, its kind, whether secured).
Both proposals are computed by the engine as they stand; nothing here recalculates.

Risks come third, each with its risk-adjusted cost avoided over the plan and the estimates
behind it. Items, sources and risks are matched by name (``wording.name_key``: the same name
however it was typed); two items of one name in a proposal count as one line, their costs
added, and their terms are compared only where each proposal has one. Money is subtracted only
when both proposals use the same currency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Generic, TypeVar

from desktop.finance.funding import after_e_rate
from desktop.finance.inputs import ItemInput, ProposalInput, RiskInput
from desktop.finance.money import (
    MINUS_SIGN,
    format_count,
    format_money,
    format_number,
    format_rate,
    format_year_span,
)
from desktop.finance.result import FundingSourceResult, ProposalResult, shared_gap_label
from desktop.finance.scenarios import fiscal_year_label
from desktop.vocabulary import FundingKind
from desktop.wording import name_key, quoted

Money = Decimal
# A proposal as typed and as the engine worked it out: the figures are in the result, the terms
# that drive them (a unit price, a start year, a risk's likelihood) only in the input.
Computed = tuple[ProposalInput, ProposalResult]
T = TypeVar("T")
NOT_SECURED = "not yet secured"  # said of a funding source asked for, not yet awarded


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
    """An item, a funding source or a risk in one proposal or both, with its total over its
    plan (a risk's: the cost it avoids). ``comparable``: both proposals' amounts are in one
    currency, so they can be subtracted."""

    name: str
    detail: str  # the item's category or the source's kind, as the later proposal has it
    before: Money | None  # None: not in the earlier proposal
    after: Money | None  # None: not in the later proposal
    comparable: bool = True
    # An item's quantity in each (None for a funding source, or where it is not there).
    quantities: tuple[Decimal | None, Decimal | None] = (None, None)
    # The earlier proposal's category or kind, when the line is in both and it differs (an
    # item moved to another category, a grant become a bond): a change the totals do not show.
    was: str = ""
    # The terms behind the figures that changed, in words ("unit price $800.00 → $850.00",
    # "start year 2027–28 → 2028–29"): the causes of a changed total, or a change the total
    # does not show (an item's yearly savings). Quantity is said apart (``quantity_change``).
    terms: tuple[str, ...] = ()
    # A funding source not yet secured, as the later proposal has it (the earlier, for one taken
    # out): said in its detail, and beside its name on screen.
    pending: bool = False

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
        return "Changed" if self.change or self.was or self.terms else "Same"


@dataclass(frozen=True, slots=True)
class Comparison:
    before_name: str
    after_name: str
    before_currency: str
    after_currency: str
    figures: tuple[FigureRow, ...]
    items: tuple[LineChange, ...]  # the largest changes first, then the lines that stayed
    funding: tuple[LineChange, ...]
    # Each risk's line total is its risk-adjusted cost avoided over the plan, in the base case.
    risks: tuple[LineChange, ...]
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


@dataclass(frozen=True, slots=True)
class _Named(Generic[T]):
    """One line of a proposal to compare, or the lines of one name added up."""

    name: str  # as first written
    detail: str  # as shown beside the name
    kind: str  # what "was …" names when it differs: an item's category, a source's kind
    total: Money
    quantity: Decimal | None  # an item's; None for a funding source
    # What drives the line's figures (an item as typed, a source's amount in each year),
    # compared only where each proposal has one line of the name: None for two lines of one
    # name, whose terms may differ.
    terms: T | None
    pending: bool = False  # a funding source not yet secured (the first of its name)


def _grouped(named: list[_Named[T]]) -> dict[str, _Named[T]]:
    """Name key → the line of that name, names written twice added up."""
    grouped: dict[str, _Named[T]] = {}
    for line in named:
        key = name_key(line.name).casefold()
        if key in grouped:
            first = grouped[key]
            both = (
                None
                if first.quantity is None or line.quantity is None
                else first.quantity + line.quantity
            )
            grouped[key] = _Named(
                first.name,
                first.detail,
                first.kind,
                first.total + line.total,
                both,
                None,
                first.pending,
            )
        else:
            grouped[key] = line
    return grouped


def _lines(
    before: list[_Named[T]],
    after: list[_Named[T]],
    comparable: bool,
    terms_changed: Callable[[T, T], tuple[str, ...]],
) -> tuple[LineChange, ...]:
    """Each name in either proposal, as a line; ``terms_changed`` says in words what changed
    in the terms behind a line in both ("unit price $800.00 → $850.00")."""
    earlier, later = _grouped(before), _grouped(after)
    lines: list[LineChange] = []
    for key, line in later.items():
        first = earlier.get(key)
        terms: tuple[str, ...] = ()
        if first is not None and first.terms is not None and line.terms is not None:
            terms = terms_changed(first.terms, line.terms)
        lines.append(
            LineChange(
                line.name,
                line.detail,
                None if first is None else first.total,
                line.total,
                comparable,
                (None if first is None else first.quantity, line.quantity),
                first.kind if first is not None and first.kind != line.kind else "",
                terms,
                line.pending,
            )
        )
    lines += [
        LineChange(
            line.name,
            line.detail,
            line.total,
            None,
            comparable,
            (line.quantity, None),
            pending=line.pending,
        )
        for key, line in earlier.items()
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


def _items(computed: Computed) -> list[_Named[ItemInput]]:
    data, result = computed
    typed = {item.key: item for item in data.items}
    return [
        _Named(
            item.name,
            item.category.label,
            item.category.label,
            item.total,
            item.quantity,
            typed.get(item.key),
        )
        for item in result.base.items
    ]


def _sources(computed: Computed) -> list[_Named[FundingSourceResult]]:
    # A source's amount in each year is the engine's (the years of the plan, as it counts
    # them); whether it is secured is said beside its kind, and as a change of its own.
    return [
        _Named(
            source.name,
            source.kind.label + ("" if source.secured else f", {NOT_SECURED}"),
            source.kind.label,
            source.total,
            None,
            source,
            not source.secured,
        )
        for source in computed[1].base.funding.sources
    ]


@dataclass(frozen=True, slots=True)
class _RiskTerms:
    """A risk as typed, and the items that mitigate it: (name key, name, start year,
    quantity) each."""

    risk: RiskInput
    mitigators: tuple[tuple[str, str, int, Decimal], ...]


def _risks(computed: Computed) -> list[_Named[_RiskTerms]]:
    # What a risk adds to the figures is the cost it avoids, from the likelihoods and costs as
    # typed and the items that mitigate it: a moved estimate explains a moved "cost avoided",
    # and so does a mitigating item added, taken out, started later or bought in another number.
    data, result = computed
    typed = {risk.key: risk for risk in data.risks}
    mitigators: dict[int, list[tuple[str, str, int, Decimal]]] = {}
    for item in data.items:
        for key in item.risk_keys:
            mitigators.setdefault(key, []).append(
                (name_key(item.name).casefold(), item.name, item.start_year, item.quantity)
            )
    return [
        _Named(
            risk.title,
            risk.kind.label,
            risk.kind.label,
            risk.avoided_total,
            None,
            _RiskTerms(typed[risk.key], tuple(sorted(mitigators.get(risk.key, ()))))
            if risk.key in typed
            else None,
        )
        for risk in result.base.benefits.risks
    ]


class _Terms:
    """How the terms of a line in both proposals are said: money in the later's currency,
    and only when both use it; a plan year by its fiscal year when both plans start in one."""

    def __init__(self, earlier: Computed, later: Computed) -> None:
        (first, before), (second, after) = earlier, later
        self.currency = after.currency
        self.comparable = before.currency == after.currency
        starts = {
            (data.fiscal_year_start, data.fiscal_year_start_month) for data in (first, second)
        }
        # (0, 0): the plans start in different years, where a plan year names no one year.
        self.start, self.month = starts.pop() if len(starts) == 1 else (0, 0)

    def year(self, plan_year: int, *, named: bool = True) -> str:
        """ "2028–29" for plan year 2 of plans that start alike, else "year 2" ("2" when not
        ``named``, after the words "start year")."""
        if not self.start:
            return f"year {plan_year:,}" if named else f"{plan_year:,}"
        return fiscal_year_label(self.start + plan_year - 1, self.month)

    def money(self, label: str, first: Money, second: Money) -> tuple[str, ...]:
        if not self.comparable or first == second:
            return ()
        shown = format_money(first, self.currency), format_money(second, self.currency)
        return (f"{label} {shown[0]} \u2192 {shown[1]}",)

    def yearly(self, first: tuple[Money, ...], second: tuple[Money, ...]) -> tuple[str, ...]:
        """What moved year by year ("2027–28 +$50,000.00", "2028–29 −$50,000.00"): money that
        comes in another year changes the gap of each, though the total stays. Past three
        years moved, one line: "+$10,000.00 each year", or the year that moved most."""
        if not self.comparable:
            return ()
        moves = [
            (year, later - earlier)
            for year, (earlier, later) in enumerate(
                zip_longest(first, second, fillvalue=Decimal(0)), 1
            )
            if later != earlier
        ]
        if len(moves) <= 3:
            return tuple(f"{self.year(year)} {self.signed(move)}" for year, move in moves)
        if len({move for _year, move in moves}) == 1:
            every = len(moves) == max(len(first), len(second))
            each = "each year" if every else f"in each of {len(moves):,} years"
            return (f"{self.signed(moves[0][1])} {each}",)
        year, most = max(moves, key=lambda found: abs(found[1]))
        return (f"moved in {len(moves):,} years, most in {self.year(year)}: {self.signed(most)}",)

    def signed(self, amount: Money) -> str:
        return _signed_money(amount, self.currency)

    def sources(self, first: FundingSourceResult, second: FundingSourceResult) -> tuple[str, ...]:
        """A source's amounts that moved between years, and whether it is secured or recurring
        where that changed: each moves the gap, or what may pay recurring costs."""
        terms = list(self.yearly(first.by_year, second.by_year))
        if first.secured != second.secured:
            terms.append("now secured" if second.secured else "no longer secured")
        if first.recurring != second.recurring:
            terms.append("now recurring" if second.recurring else "no longer recurring")
        return tuple(terms)

    def risks(self, was: _RiskTerms, now: _RiskTerms) -> tuple[str, ...]:
        """The estimates of a risk in both that changed, each named as on the Risks step, and
        the items that mitigate it that came, went or changed."""
        first, second = was.risk, now.risk
        terms: list[str] = []
        if first.exposure != second.exposure:
            shown = format_number(first.exposure), format_number(second.exposure)
            terms.append(f"exposure {shown[0]} \u2192 {shown[1]}")
        for label, earlier, later in (
            ("likelihood without mitigation", first.likelihood_before, second.likelihood_before),
            ("likelihood with mitigation", first.likelihood_after, second.likelihood_after),
        ):
            if earlier != later:
                terms.append(f"{label} {format_rate(earlier)} \u2192 {format_rate(later)}")
        terms += self.money(
            "cost per occurrence without mitigation", first.cost_before, second.cost_before
        )
        terms += self.money(
            "cost per occurrence with mitigation", first.cost_after, second.cost_after
        )
        return (*terms, *_mitigators_changed(was.mitigators, now.mitigators))

    def items(self, first: ItemInput, second: ItemInput) -> tuple[str, ...]:
        """The price, yearly cost, savings, start year and refresh of an item in both, each
        that changed: the causes of a changed cost (or of changed savings, which the cost
        does not show)."""
        terms = [
            *self.money("unit price", first.unit_cost, second.unit_cost),
            *self.money(
                "yearly cost per unit", first.recurring_unit_cost, second.recurring_unit_cost
            ),
            *self.money("yearly savings", first.annual_savings, second.annual_savings),
        ]
        if first.start_year != second.start_year:
            years = (
                self.year(first.start_year, named=False),
                self.year(second.start_year, named=False),
            )
            terms.append(f"start year {years[0]} \u2192 {years[1]}")
        if first.lifespan_years != second.lifespan_years:
            terms.append(_refresh_change(first.lifespan_years, second.lifespan_years))
        return tuple(terms)


def _refresh_change(first: int | None, second: int | None) -> str:
    """ "refreshed every 4 → 5 years", "refreshed every 4 years → never"."""
    if first is not None and second is not None and first > 1 and second > 1:
        return f"refreshed every {first:,} \u2192 {second:,} years"
    return f"refreshed {_every(first)} \u2192 {_every(second)}"


def _every(years: int | None) -> str:
    if years is None:
        return "never"
    return "every year" if years == 1 else f"every {years:,} years"


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
    moved = second_data.fiscal_year_start - first_data.fiscal_year_start  # the plan's start

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

    def payback_row(label: str, *, after_e_rate: bool = False) -> FigureRow:
        """The paybacks, and how the later one moved: "1 year later", "Now pays back"... (a
        blank beside "Year 3 (2029–30)" and "Not within the plan" said nothing of the largest
        change in the table). Moved by plan year: last year's plan rolled a year forward pays
        back in the same plan year, a year later by the calendar, and "1 year later" read as
        a payback a year worse."""
        first = before.payback_text(after_e_rate=after_e_rate)
        second = after.payback_text(after_e_rate=after_e_rate)
        was, now = (
            result.base.returns_view(after_e_rate=after_e_rate).payback_year
            for result in (before, after)
        )
        return FigureRow(label, first, second, _payback_change(first, second, was, now, moved))

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
        _plan_years_row(before, after, moved),
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
        payback_row("Payback"),
        money_row("Total funding", one.funding.total, two.funding.total),
        # Qualified as every other surface qualifies it when either side counts money not yet
        # secured as coming in.
        money_row(
            shared_gap_label(one.funding, two.funding),
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
    # Shown when either side's case shows it (``after_e_rate``), and named as the case names
    # it: "after the E-Rate secured" once either side has E-Rate only applied for.
    if after_e_rate(one.funding) or after_e_rate(two.funding):
        pending = any(
            source.kind is FundingKind.E_RATE and not source.secured
            for funding in (one.funding, two.funding)
            for source in funding.sources
        )
        view = "after the E-Rate secured" if pending else "after E-Rate"
        rows.insert(
            rows.index(next(row for row in rows if row.label == "Total funding")),
            money_row(
                f"Cost {view}",
                one.funding.cost_after_e_rate_total,
                two.funding.cost_after_e_rate_total,
            ),
        )
        if before.after_e_rate_differs or after.after_e_rate_differs:
            # The return on that cost, as the case gives it beside the whole one (a side with
            # no E-Rate secured has the same figure either way).
            district = (
                money_row(
                    f"Net present value on the cost {view}",
                    one.returns_view(after_e_rate=True).npv,
                    two.returns_view(after_e_rate=True).npv,
                ),
                payback_row(f"Payback on the cost {view}", after_e_rate=True),
            )
            at = rows.index(next(row for row in rows if row.label == "Payback")) + 1
            rows[at:at] = district
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


def _mitigators_changed(
    was: tuple[tuple[str, str, int, Decimal], ...], now: tuple[tuple[str, str, int, Decimal], ...]
) -> tuple[str, ...]:
    """ "now also mitigated by “X”", "no longer mitigated by “Y”", "“Z”, which mitigates it:
    start year 1 → 2": what moved a risk's cost avoided when its estimates did not (a risk
    read "−$13,455.00" with no word of why, its mitigating item started a year later)."""
    before = {key: (name, start, quantity) for key, name, start, quantity in was}
    after = {key: (name, start, quantity) for key, name, start, quantity in now}

    def names(keys: list[str], side: dict[str, tuple[str, int, Decimal]]) -> str:
        shown = [_whole(side[key][0]) for key in keys[:2]]
        more = f" and {len(keys) - 2:,} more" if len(keys) > 2 else ""
        return ", ".join(shown) + more

    added = [key for key in after if key not in before]
    gone = [key for key in before if key not in after]
    moved = [key for key in after if key in before and after[key][1:] != before[key][1:]]
    said = []
    if added:
        said.append(f"now also mitigated by {names(added, after)}")
    if gone:
        said.append(f"no longer mitigated by {names(gone, before)}")
    for key in moved[:2]:
        name, start, quantity = after[key]
        _name, was_start, was_quantity = before[key]
        how = []
        if start != was_start:
            how.append(f"start year {was_start} → {start}")
        if quantity != was_quantity:
            how.append(f"quantity {format_number(was_quantity)} → {format_number(quantity)}")
        said.append(f"{_whole(name)}, which mitigates it: {', '.join(how)}")
    if len(moved) > 2:
        said.append(f"and {len(moved) - 2:,} more of the items that mitigate it")
    return tuple(said)


def _whole(name: str) -> str:
    """An item's name quoted whole in a risk's change: cut to 40 characters, "Single sign-on
    and multi-factor authent…" left the director to guess which item it was."""
    return quoted(name, max(len(name), 1))


def _payback_change(
    first: str, second: str, was: int | None, now: int | None, start_moved: int = 0
) -> str:
    """How a payback moved, by the plan year it falls in (``was``, ``now``): "No change", "1
    year later", "2 years sooner", "Now pays back", "No longer pays back", or "" when it cannot
    be said. ``start_moved``: how many years later the later plan starts than the earlier; the
    same plan year is then another fiscal year, and the change says which moved ("Same plan
    year (year 3); this plan starts a year later")."""
    if first == second:
        return "No change"
    if was is None:
        return "Now pays back" if now is not None else ""
    if now is None:
        return "No longer pays back"
    moved = now - was
    start = f"; this plan {_starts(start_moved).lower()}" if start_moved else ""
    if not moved:
        return f"Same plan year (year {now:,}){start}" if start else ""
    plan = " plan" if start else ""  # by plan year, not the calendar, when the starts differ
    return f"{abs(moved):,}{plan} {_years(abs(moved))} {'later' if moved > 0 else 'sooner'}{start}"


def _years(count: int) -> str:
    return "year" if count == 1 else "years"


def _starts(moved: int) -> str:
    """ "Starts a year later", "Starts 2 years earlier": the later plan's start against the
    earlier's (``moved`` years later; never 0)."""
    count = "a year" if abs(moved) == 1 else f"{abs(moved):,} years"
    return f"Starts {count} {'later' if moved > 0 else 'earlier'}"


def _plan_years_row(before: ProposalResult, after: ProposalResult, start_moved: int) -> FigureRow:
    """The plans' years, and how they moved: "Starts a year later", "2 years longer" (a blank
    beside "2027–28 to 2031–32" and "2028–29 to 2032–33" left the reader to work out whether
    the plan moved or grew); "" when only the month it starts in differs."""
    first, second = _plan_years(before, counted=False), _plan_years(after, counted=False)
    said = [_starts(start_moved)] if start_moved else []
    if longer := after.horizon_years - before.horizon_years:
        said.append(f"{format_count(abs(longer), 'year')} {'longer' if longer > 0 else 'shorter'}")
    change = ", ".join(said) if said else "No change" if first == second else ""
    return FigureRow("Plan years", first, second, change)


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
    comparable = before.currency == after.currency
    terms = _Terms(earlier, later)
    return Comparison(
        before_name=before.name,
        after_name=after.name,
        before_currency=before.currency,
        after_currency=after.currency,
        figures=_figures(earlier, later),
        items=_lines(_items(earlier), _items(later), comparable, terms.items),
        funding=_lines(_sources(earlier), _sources(later), comparable, terms.sources),
        risks=_lines(_risks(earlier), _risks(later), comparable, terms.risks),
        notes=_notes(before, after),
    )


def line_figures(comparison: Comparison, line: LineChange) -> str:
    """A line's totals as the text says them: "$300.00 → $315.00 (+$15.00)", or the one total
    of a line added or taken out."""
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
    quantity ("quantity 560 → 420"), the terms behind it ("unit price $800.00 → $850.00")
    and its detail ("was Grant")."""
    money = comparison.signed(line.change) if line.status == "Changed" and line.change else ""
    quantity = f"quantity {line.quantity_change}" if line.quantity_change else ""
    return money, quantity, *line.terms, f"was {line.was}" if line.was else ""


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
        ("Risks", comparison.risks, "risk", "risks"),
    ):
        lines.append(f"{heading}: {lines_summary(changes, one, many)}")
        lines += [
            f"  {line.status}: {line.name} ({line.detail}), {line_figures(comparison, line)}"
            for line in changes
            if line.status != "Same"
        ]
    lines += [f"Note: {note}" for note in comparison.notes]
    return lines
