"""Item cash flows and total cost of ownership.

An item with quantity ``q`` costs, in plan year ``y`` (1-based):
- one-time: ``q × unit_cost × (1 + purchase escalation) ** (y - 1)`` in its start year and again
  every ``lifespan_years`` after it (start + L, start + 2L, ...) while inside the horizon;
- recurring: ``q × recurring_unit_cost × (1 + recurring escalation) ** (y - 1)`` every year from
  its start year.
Each of those amounts is rounded half-up to the cent once; every total below is an exact sum of
them (see ``desktop.finance.money``). Items starting after the horizon cost nothing.

SAVINGS RULE: an item's ``annual_savings`` are what it saves a year at its own quantity in the
proposal. In a scenario they scale with the scenario's quantity relative to that own quantity
(``annual_savings × scenario quantity ÷ item quantity``; nothing when the item's own quantity is
0), rounded half-up to the cent, every year from the start year. So an item at quantity 0 saves
nothing, and half the units save half as much.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, getcontext
from typing import cast

from desktop.finance.inputs import ItemInput
from desktop.finance.memo import ITEM_LIMIT, BoundedMemo, MemoKey, Tokens
from desktop.finance.money import CENT, ONE, ZERO, safe_ratio, to_cents
from desktop.finance.result import (
    CategoryCost,
    CostLine,
    ItemCashFlow,
    TcoClassCost,
    TcoSummary,
    YearlyMoney,
)
from desktop.vocabulary import ItemCategory, TcoClass

_TCO_CLASS_OF: dict[ItemCategory, TcoClass] = {c: c.tco_class for c in ItemCategory}


def growth_factors(rate: Decimal, horizon: int) -> tuple[Decimal, ...]:
    """``(1 + rate) ** (y - 1)`` for plan years 1..horizon (year 1 at today's prices)."""
    factors: list[Decimal] = []
    factor = ONE
    for _ in range(horizon):
        factors.append(factor)
        factor *= ONE + rate
    return tuple(factors)


def purchase_years(start_year: int, lifespan_years: int | None, horizon: int) -> tuple[int, ...]:
    """Plan years in which an item is bought: its start year, then every lifespan after it."""
    if start_year > horizon:
        return ()
    if lifespan_years is None or lifespan_years < 1:
        return (start_year,)
    return tuple(range(start_year, horizon + 1, lifespan_years))


def sum_by_year(series: Sequence[YearlyMoney], horizon: int) -> YearlyMoney:
    """Year-by-year sum of equally long money series (exact: no rounding)."""
    if not series:
        return (ZERO,) * horizon
    return tuple(sum(column, ZERO) for column in zip(*series, strict=True))


def savings_at(item: ItemInput, quantity: Decimal) -> Decimal:
    """The item's yearly savings at ``quantity`` units, by the savings rule, to the cent."""
    if not item.annual_savings or not quantity or not item.quantity:
        return ZERO
    if quantity == item.quantity:  # the proposal itself: no division, no rounding surprise
        return item.annual_savings.quantize(CENT, ROUND_HALF_UP)
    return (item.annual_savings * quantity / item.quantity).quantize(CENT, ROUND_HALF_UP)


def item_cash_flow(
    item: ItemInput,
    quantity: Decimal,
    horizon: int,
    purchase_growth: tuple[Decimal, ...],
    recurring_growth: tuple[Decimal, ...],
) -> ItemCashFlow:
    """The item's yearly one-time, recurring and savings amounts, each rounded to the cent.

    This runs once per item and scenario, so it avoids work on the many zero years."""
    start = item.start_year
    zeros = (ZERO,) * horizon
    one_time: YearlyMoney = zeros
    recurring: YearlyMoney = zeros
    savings: YearlyMoney = zeros
    one_time_total = recurring_total = savings_total = ZERO
    years = purchase_years(start, item.lifespan_years, horizon)
    if years:
        active = horizon - start + 1
        lead = zeros[: start - 1]
        purchase = quantity * item.unit_cost
        if purchase:
            bought = list(zeros)
            for year in years:
                amount = (purchase * purchase_growth[year - 1]).quantize(CENT, ROUND_HALF_UP)
                bought[year - 1] = amount
                one_time_total += amount
            one_time = tuple(bought)
        running = quantity * item.recurring_unit_cost
        if running:
            if recurring_growth[-1] == ONE:  # no escalation: one rounding serves every year
                amount = running.quantize(CENT, ROUND_HALF_UP)
                recurring = lead + (amount,) * active
                recurring_total = amount * active
            else:
                tail = tuple(
                    [
                        (running * g).quantize(CENT, ROUND_HALF_UP)
                        for g in recurring_growth[start - 1 :]
                    ]
                )
                recurring = lead + tail
                recurring_total = sum(tail, ZERO)
        saved = savings_at(item, quantity)
        if saved:
            savings = lead + (saved,) * active
            savings_total = saved * active
    return ItemCashFlow(
        key=item.key,
        name=item.name,
        category=item.category,
        tco_class=_TCO_CLASS_OF[item.category],
        quantity=quantity,
        purchase_years=years,
        one_time_by_year=one_time,
        recurring_by_year=recurring,
        savings_by_year=savings,
        one_time_total=one_time_total,
        recurring_total=recurring_total,
        savings_total=savings_total,
    )


# Item flows already worked out, keyed on (parameters token, item, quantity text): see ``memo``.
FLOWS: BoundedMemo[ItemCashFlow] = BoundedMemo(ITEM_LIMIT)
_FLOW_PARAMETERS = Tokens()


def flow_token(
    horizon: int, purchase_growth: tuple[Decimal, ...], recurring_growth: tuple[Decimal, ...]
) -> int:
    """The token for everything besides the item and its quantity that ``item_cash_flow`` reads,
    including the decimal context's precision and rounding, which the arithmetic depends on."""
    context = getcontext()
    return _FLOW_PARAMETERS.of(
        horizon, purchase_growth, recurring_growth, context.prec, context.rounding
    )


def _flow_key(item: ItemInput, quantity: Decimal, token: int) -> MemoKey:
    quantity_text = str(quantity)
    return MemoKey((token, item.key, item.name, quantity_text), token, item, quantity_text)


def remembered_cash_flows(
    lines: Sequence[tuple[ItemInput, Decimal]],
    token: int,
    horizon: int,
    purchase_growth: tuple[Decimal, ...],
    recurring_growth: tuple[Decimal, ...],
) -> list[ItemCashFlow]:
    """``item_cash_flow`` of each (item, quantity), reusing the flows worked out earlier for equal
    inputs (``token`` from ``flow_token`` for the other arguments); the memory is consulted once
    for all of them."""
    keys = [_flow_key(item, quantity, token) for item, quantity in lines]
    flows = FLOWS.get_many(keys)
    new: list[tuple[MemoKey, ItemCashFlow]] = []
    for index, flow in enumerate(flows):
        if flow is None:
            item, quantity = lines[index]
            flow = item_cash_flow(item, quantity, horizon, purchase_growth, recurring_growth)
            flows[index] = flow
            new.append((keys[index], flow))
    if new:
        FLOWS.put_many(new)
    return cast(list[ItemCashFlow], flows)


def _line(label: str, by_year: YearlyMoney, tco: Decimal) -> CostLine:
    total = sum(by_year, ZERO)
    return CostLine(label=label, total=total, by_year=by_year, share=safe_ratio(total, tco))


def _add(first: YearlyMoney, second: YearlyMoney) -> YearlyMoney:
    return tuple([a + b for a, b in zip(first, second, strict=True)])


CategorySums = tuple[dict[ItemCategory, YearlyMoney], dict[ItemCategory, YearlyMoney]]


def category_sums(flows: Sequence[ItemCashFlow], horizon: int) -> CategorySums:
    """One-time and recurring cost by category and year: the one pass over all items; every
    other breakdown is summed from these, so all of them agree exactly."""
    one_time_of: dict[ItemCategory, list[YearlyMoney]] = {}
    recurring_of: dict[ItemCategory, list[YearlyMoney]] = {}
    for flow in flows:
        one_time_of.setdefault(flow.category, [])
        recurring_of.setdefault(flow.category, [])
        if flow.one_time_total:
            one_time_of[flow.category].append(flow.one_time_by_year)
        if flow.recurring_total:
            recurring_of[flow.category].append(flow.recurring_by_year)
    return (
        {c: sum_by_year(series, horizon) for c, series in one_time_of.items()},
        {c: sum_by_year(series, horizon) for c, series in recurring_of.items()},
    )


def adjusted_category_sums(
    base: CategorySums,
    removed: Sequence[ItemCashFlow],
    added: Sequence[ItemCashFlow],
    present: set[ItemCategory],
    horizon: int,
) -> CategorySums:
    """``base`` without the ``removed`` flows and with the ``added`` ones: cheaper than a full
    pass when a scenario changes few items, and exact because sums of cents are exact."""
    zeros = (ZERO,) * horizon
    result: list[dict[ItemCategory, YearlyMoney]] = []
    for part, pick in ((0, "one_time_by_year"), (1, "recurring_by_year")):
        sums = {c: list(base[part].get(c, zeros)) for c in present | set(base[part])}
        for flow in removed:
            row = sums[flow.category]
            for index, amount in enumerate(getattr(flow, pick)):
                if amount:
                    row[index] -= amount
        for flow in added:
            row = sums[flow.category]
            for index, amount in enumerate(getattr(flow, pick)):
                if amount:
                    row[index] += amount
        result.append({c: tuple(row) for c, row in sums.items() if c in present})
    return result[0], result[1]


def managed_devices(flows: Sequence[ItemCashFlow]) -> Decimal | None:
    """How many devices the initiative manages: the largest quantity among the device management
    items bought inside the horizon (every managed device needs one licence, tag or seat, so
    the largest of them counts the fleet once); without any, the total quantity of hardware
    items; without either, ``None``. Items outside the horizon or at quantity 0 do not count."""
    bought = [f for f in flows if f.purchase_years and f.quantity > 0]
    managed = [f.quantity for f in bought if f.category is ItemCategory.DEVICE_MANAGEMENT]
    if managed:
        return max(managed)
    hardware = [f.quantity for f in bought if f.category is ItemCategory.HARDWARE]
    return sum(hardware, start=ZERO) if hardware else None


def tco_summary(
    flows: Sequence[ItemCashFlow],
    horizon: int,
    students: int,
    sums: CategorySums | None = None,
) -> TcoSummary:
    """Total cost of ownership of a set of item flows and all its breakdowns (``sums``: the
    flows' ``category_sums`` when already known)."""
    category_one_time, category_recurring = sums or category_sums(flows, horizon)
    present = set(category_one_time)
    one_time_by_year = sum_by_year(list(category_one_time.values()), horizon)
    recurring_by_year = sum_by_year(list(category_recurring.values()), horizon)
    by_year = _add(one_time_by_year, recurring_by_year)
    one_time_total = sum(one_time_by_year, ZERO)
    recurring_total = sum(recurring_by_year, ZERO)
    total = one_time_total + recurring_total

    category_by_year = {c: _add(category_one_time[c], category_recurring[c]) for c in present}
    by_category = tuple(
        CategoryCost(category, _line(category.label, category_by_year[category], total))
        for category in ItemCategory
        if category in present
    )
    by_tco_class = tuple(
        TcoClassCost(
            tco_class,
            _line(
                tco_class.label,
                sum_by_year(
                    [v for c, v in category_by_year.items() if _TCO_CLASS_OF[c] is tco_class],
                    horizon,
                ),
                total,
            ),
        )
        for tco_class in TcoClass
    )
    indirect_total = sum((c.line.total for c in by_category if c.category.is_indirect), start=ZERO)

    devices = managed_devices(flows)
    per_device = to_cents(total / devices) if devices else None
    per_device_per_year = to_cents(total / devices / horizon) if devices and horizon > 0 else None
    per_student = to_cents(total / students / horizon) if students > 0 and horizon > 0 else None

    refresh_total = ZERO
    for flow in flows:
        if flow.one_time_total:  # everything bought after the first purchase is a refresh
            first = flow.purchase_years[0]
            refresh_total += flow.one_time_total - flow.one_time_by_year[first - 1]

    return TcoSummary(
        total=total,
        by_year=by_year,
        one_time_total=one_time_total,
        one_time_by_year=one_time_by_year,
        recurring_total=recurring_total,
        recurring_by_year=recurring_by_year,
        one_time_share=safe_ratio(one_time_total, total),
        recurring_share=safe_ratio(recurring_total, total),
        direct_total=total - indirect_total,
        indirect_total=indirect_total,
        indirect_share=safe_ratio(indirect_total, total),
        by_category=by_category,
        by_tco_class=by_tco_class,
        per_student_per_year=per_student,
        devices=devices,
        per_device=per_device,
        per_device_per_year=per_device_per_year,
        refresh_total=refresh_total,
    )
