"""Replacements that fall due soon after the plan ends.

A plan's years often stop just before a large replacement: a wireless network bought in year 1
with a six-year life is bought again in year 7, outside a five-year plan. The total cost of
ownership is right for the plan's own years, but the next budget meets that bill, and a CFO
asks about it. For each item of the proposal as entered that is replaced on a cycle, its
purchases after the plan's last year are found by the plan's own rule (``desktop.finance.cashflow``:
the start year, then every lifespan after it, at the purchase price increases carried on) and
listed when they fall within ``AFTER_PLAN_YEARS`` of the plan's end; an item replaced every year
is listed once a year. Items never replaced, or starting after the plan, have none.

The recurring costs do not stop either: licences, support contracts and staff go on. The first
year after the plan's recurring cost is worked out by the same rule as the plan's years
(``q × recurring unit cost × (1 + recurring escalation) ** (y − 1)``, rounded per item) for the
items that start within the plan.

The mirror of both: purchases made late in the plan are still in use after it. For each item
replaced on a cycle, its last purchase within the plan (by the same rule, at the engine's price
for that year) has ``years of life after the plan's last year ÷ lifespan`` of its price still to
give, straight line, rounded to the cent per item. The total cost of ownership counts the whole
price and nothing left at the end, so the CFO is told when that remainder is at least
``REMAINING_NOTE_SHARE`` of it.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.finance.cashflow import growth_factors, purchase_years
from desktop.finance.inputs import ProposalInput
from desktop.finance.money import ZERO, format_count, format_money, format_year_span, to_cents
from desktop.finance.result import AfterPlan, Money, RefreshDue, UseAfterPlan
from desktop.finance.scenarios import fiscal_year_label
from desktop.wording import quoted

# The PDF and the workbook list this many replacements, the largest; the rest are counted and
# added up on one line (a 10,000-item plan may have thousands due).
LISTED_REFRESHES = 15

# How far past the plan's end the next replacements are looked for: the budgets the board will
# be setting while this plan is still fresh.
AFTER_PLAN_YEARS = 3

# The use left after the plan is told once it comes to this share of the total cost of
# ownership; a smaller remainder would only add noise to the CFO's questions.
REMAINING_NOTE_SHARE = Decimal("0.05")


def next_purchase_year(start_year: int, lifespan_years: int | None, horizon: int) -> int | None:
    """The first plan year after ``horizon`` in which the item is bought again, or None."""
    if start_year > horizon or lifespan_years is None or lifespan_years < 1:
        return None
    cycles = (horizon - start_year) // lifespan_years + 1
    return start_year + cycles * lifespan_years


def remaining_use(
    proposal: ProposalInput, growth: tuple[Decimal, ...], labels: dict[int, str]
) -> tuple[UseAfterPlan, ...]:
    """Each item's last purchase within the plan and what of it is still to be used after the
    plan, straight line over its life; items whose life ends within the plan have none."""
    horizon = proposal.horizon_years
    kept: list[UseAfterPlan] = []
    for item in proposal.items:
        lifespan = item.lifespan_years
        years = purchase_years(item.start_year, lifespan, horizon)
        purchase = item.quantity * item.unit_cost
        if not years or lifespan is None or lifespan < 1 or not purchase:
            continue
        bought = years[-1]
        beyond = bought + lifespan - 1 - horizon  # years of its life after the plan's last
        if beyond <= 0:
            continue
        price = to_cents(purchase * growth[bought - 1])  # what the engine charges that year
        amount = to_cents(price * beyond / lifespan)
        if amount:
            kept.append(UseAfterPlan(item.key, item.name, bought, labels[bought], amount))
    return tuple(kept)


def after_plan(proposal: ProposalInput, tco_total: Money = ZERO) -> AfterPlan:
    """The replacements due in the ``AFTER_PLAN_YEARS`` after the proposal's last plan year,
    and the use still to come after it from purchases within it. ``tco_total``: the plan's
    total cost of ownership, against which that use is weighed."""
    horizon = proposal.horizon_years
    last = horizon + AFTER_PLAN_YEARS
    # The plan's own price factors, carried on: a purchase costs what the engine would charge.
    growth = growth_factors(proposal.purchase_escalation_rate, last)
    labels = {
        year: fiscal_year_label(
            proposal.fiscal_year_start + year - 1, proposal.fiscal_year_start_month
        )
        for year in range(1, last + 1)
    }
    remaining = remaining_use(proposal, growth, labels)
    due: list[RefreshDue] = []
    for item in proposal.items:
        first = next_purchase_year(item.start_year, item.lifespan_years, horizon)
        purchase = item.quantity * item.unit_cost
        if first is None or first > last or not purchase:
            continue
        # An item replaced every year or two is bought more than once in the window.
        for year in range(first, last + 1, item.lifespan_years or 1):
            due.append(
                RefreshDue(
                    item_key=item.key,
                    name=item.name,
                    category=item.category,
                    plan_year=year,
                    fiscal_year_label=labels[year],
                    amount=to_cents(purchase * growth[year - 1]),
                )
            )
    due.sort(key=lambda refresh: refresh.plan_year)  # stable: items keep their order in a year
    recurring_growth = growth_factors(proposal.recurring_escalation_rate, horizon + 1)[-1]
    recurring = sum(
        (
            to_cents(item.quantity * item.recurring_unit_cost * recurring_growth)
            for item in proposal.items
            if item.start_year <= horizon and item.recurring_unit_cost and item.quantity
        ),
        ZERO,
    )
    return AfterPlan(
        years=AFTER_PLAN_YEARS,
        first_label=labels[horizon + 1],
        last_label=labels[last],
        refreshes=tuple(due),
        total=sum((refresh.amount for refresh in due), ZERO),
        recurring_next_year=recurring,
        recurring_per_student=(
            to_cents(recurring / proposal.students) if recurring and proposal.students > 0 else None
        ),
        students=proposal.students,
        remaining_value=sum((use.amount for use in remaining), ZERO),
        # The first among equals: items keep their order.
        remaining_largest=max(remaining, key=lambda use: use.amount, default=None),
        plan_last_label=labels[horizon],
        tco_total=tco_total,
    )


def recurring_after_note(after: AfterPlan, currency: str) -> str:
    """What the CFO is told about the recurring costs that go on after the plan ("" when there
    are none): the screen's list of questions and the PDF's cost section say it alike."""
    if not after.recurring_next_year:
        return ""
    money = format_money(after.recurring_next_year, currency)
    note = (
        f"The recurring costs go on after the plan: {money} in {after.first_label} at the "
        "plan's price increases, for the licenses, services, support and staff the plan "
        "keeps. The budget will carry them every year from then on"
    )
    if after.recurring_per_student is None:
        return note + "."
    return (
        f"{note}: {format_money(after.recurring_per_student, currency)} per student at the "
        f"plan's {format_count(after.students, 'student')}."
    )


def after_plan_note(after: AfterPlan, currency: str) -> str:
    """What the CFO is told about the replacements due after the plan, in one sentence ("" when
    none is due): the screen's list of questions and the PDF's cost section say it alike."""
    if not after.refreshes:
        return ""
    money = format_money(after.total, currency)
    tail = (
        "The total cost of ownership leaves it out; the budget of that year will have to carry it."
        if len(after.refreshes) == 1
        else "The total cost of ownership leaves them out; the budgets of those years will have "
        "to carry them."
    )
    if len(after.refreshes) == 1:
        (only,) = after.refreshes
        return (
            f"After the plan, {quoted(only.name)} falls due for replacement in "
            f"{only.fiscal_year_label}: {money} at the plan's price increases. {tail}"
        )
    largest = max(after.refreshes, key=lambda refresh: refresh.amount)
    alike = sum(1 for refresh in after.refreshes if refresh.amount == largest.amount)
    biggest = format_money(largest.amount, currency)
    named = (
        f"The largest is {quoted(largest.name)}, {biggest} in {largest.fiscal_year_label}."
        if alike == 1
        else f"The largest, {biggest} each, are {alike:,} of them."
    )
    span = format_year_span(after.first_label, after.last_label)
    return (
        f"After the plan, {len(after.refreshes):,} replacements fall due in {span}: "
        f"{money} at the plan's price increases. {named} {tail}"
    )


def remaining_value_note(after: AfterPlan, currency: str) -> str:
    """What the CFO is told about the use still to come after the plan from purchases made
    within it, in one sentence ("" when it is under ``REMAINING_NOTE_SHARE`` of the total cost
    of ownership): the screen's list of questions, the PDF's cost section and the workbook say
    it alike."""
    largest = after.remaining_largest
    if (
        largest is None
        or after.tco_total <= 0
        or after.remaining_value < after.tco_total * REMAINING_NOTE_SHARE
    ):
        return ""
    money = format_money(after.remaining_value, currency)
    named = f"{quoted(largest.name)} bought in {largest.fiscal_year_label}"
    most = (
        f"all of it {named}"
        if largest.amount == after.remaining_value
        else f"the largest share, {format_money(largest.amount, currency)}, from {named}"
    )
    return (
        f"Purchases late in the plan last beyond it: {money} of what it buys (straight line "
        f"over each item's life) is use still to come after {after.plan_last_label}, {most}. "
        "The total cost of ownership counts their whole price and no value left at the end."
    )


def listed_refreshes(after: AfterPlan) -> tuple[tuple[RefreshDue, ...], int, Money]:
    """The replacements a table lists (the ``LISTED_REFRESHES`` largest, in year order; the
    first in the list among equals), and how many others there are and what they come to."""
    if len(after.refreshes) <= LISTED_REFRESHES:
        return after.refreshes, 0, ZERO
    ranked = sorted(range(len(after.refreshes)), key=lambda i: -after.refreshes[i].amount)
    kept = sorted(ranked[:LISTED_REFRESHES])
    shown = tuple(after.refreshes[i] for i in kept)
    rest = after.total - sum((refresh.amount for refresh in shown), ZERO)
    return shown, len(after.refreshes) - LISTED_REFRESHES, rest
