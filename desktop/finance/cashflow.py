"""Item cash flows and total cost of ownership.

An item with quantity ``q`` costs, in plan year ``y`` (1-based):
- one-time: ``q × unit_cost × (1 + purchase escalation) ** (y - 1)`` in its start year and again
  every ``lifespan_years`` after it (start + L, start + 2L, ...) while inside the horizon;
- recurring: ``q × recurring_unit_cost × (1 + recurring escalation) ** (y - 1)`` every year from
  its start year.
Each of those amounts is rounded half-up to the cent once; every total below is an exact sum of
them (see ``desktop.finance.money``). Items starting after the horizon cost nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.finance.inputs import ItemInput
from desktop.finance.money import ZERO, safe_ratio, to_cents
from desktop.finance.result import (
    CategoryCost,
    CostLine,
    ItemCashFlow,
    TcoClassCost,
    TcoSummary,
    YearlyMoney,
)
from desktop.vocabulary import ItemCategory, TcoClass

ONE = Decimal(1)


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


def item_cash_flow(
    item: ItemInput,
    quantity: Decimal,
    horizon: int,
    purchase_growth: tuple[Decimal, ...],
    recurring_growth: tuple[Decimal, ...],
) -> ItemCashFlow:
    """The item's yearly one-time, recurring and savings amounts, each rounded to the cent."""
    start = item.start_year
    zeros = [ZERO] * horizon
    one_time = list(zeros)
    recurring = list(zeros)
    savings = list(zeros)
    years = purchase_years(start, item.lifespan_years, horizon)
    if years:
        purchase = quantity * item.unit_cost
        if purchase:
            for year in years:
                one_time[year - 1] = to_cents(purchase * purchase_growth[year - 1])
        running = quantity * item.recurring_unit_cost
        if running:
            if recurring_growth[-1] == ONE:  # no escalation: one rounding serves every year
                amount = to_cents(running)
                recurring[start - 1 :] = [amount] * (horizon - start + 1)
            else:
                recurring[start - 1 :] = [
                    to_cents(running * factor) for factor in recurring_growth[start - 1 :]
                ]
        if item.annual_savings:
            saved = to_cents(item.annual_savings)
            savings[start - 1 :] = [saved] * (horizon - start + 1)
    return ItemCashFlow(
        key=item.key,
        name=item.name,
        category=item.category,
        tco_class=item.category.tco_class,
        quantity=quantity,
        purchase_years=years,
        one_time_by_year=tuple(one_time),
        recurring_by_year=tuple(recurring),
        savings_by_year=tuple(savings),
        one_time_total=sum(one_time, ZERO),
        recurring_total=sum(recurring, ZERO),
        savings_total=sum(savings, ZERO),
    )


def _line(label: str, flows: Sequence[ItemCashFlow], horizon: int, tco: Decimal) -> CostLine:
    by_year = sum_by_year(
        [f.one_time_by_year for f in flows] + [f.recurring_by_year for f in flows], horizon
    )
    total = sum(by_year, ZERO)
    return CostLine(label=label, total=total, by_year=by_year, share=safe_ratio(total, tco))


def tco_summary(
    flows: Sequence[ItemCashFlow], horizon: int, students: int, start_years: dict[int, int]
) -> TcoSummary:
    """Total cost of ownership of a set of item flows and all its breakdowns.

    ``start_years`` maps item key to start year, to tell first purchases from refreshes."""
    one_time_by_year = sum_by_year([f.one_time_by_year for f in flows], horizon)
    recurring_by_year = sum_by_year([f.recurring_by_year for f in flows], horizon)
    by_year = tuple(a + b for a, b in zip(one_time_by_year, recurring_by_year, strict=True))
    one_time_total = sum(one_time_by_year, ZERO)
    recurring_total = sum(recurring_by_year, ZERO)
    total = one_time_total + recurring_total

    by_category_flows: dict[ItemCategory, list[ItemCashFlow]] = {}
    for flow in flows:
        by_category_flows.setdefault(flow.category, []).append(flow)
    by_category = tuple(
        CategoryCost(category, _line(category.label, by_category_flows[category], horizon, total))
        for category in ItemCategory
        if category in by_category_flows
    )
    by_tco_class = tuple(
        TcoClassCost(
            tco_class,
            _line(
                tco_class.label,
                [f for f in flows if f.tco_class is tco_class],
                horizon,
                total,
            ),
        )
        for tco_class in TcoClass
    )
    indirect_total = sum((c.line.total for c in by_category if c.category.is_indirect), start=ZERO)

    hardware = [f for f in flows if f.category is ItemCategory.HARDWARE and f.purchase_years]
    devices = sum((f.quantity for f in hardware), start=ZERO) if hardware else None
    per_device = to_cents(total / devices) if devices else None
    per_student = to_cents(total / students / horizon) if students > 0 and horizon > 0 else None

    refresh_total = ZERO
    for flow in flows:
        first = start_years.get(flow.key, 1)
        if flow.purchase_years:
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
        refresh_total=refresh_total,
    )
