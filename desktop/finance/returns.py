"""Return on the investment: net cash flow, NPV, ROI, benefit–cost ratio, payback and IRR.

NPV CONVENTION: plan year 1 is "today" and is not discounted; plan year ``y`` is divided by
``(1 + rate) ** (y - 1)``. The NPV is the exact present value of the net cash flow, rounded to
the cent once: ``numpy_financial.npv(rate, net_by_year)`` (and spreadsheet
``=ROUND(B1 + NPV(rate, B2:Bn), 2)``) to the cent. The present values of costs and of benefits
are each rounded on their own, so their difference can be a cent from the NPV.

PAYBACK RULE: the payback year is the first plan year ``y`` such that the cumulative net position
(benefits − costs, undiscounted, summed from year 1) is ≥ 0 in ``y`` and in every later year of
the horizon, and some cost has been incurred by year ``y`` (cumulative cost > 0). Otherwise there
is none (``None``: "not within the plan"). So a plan that spends nothing in year 1 does not "pay
back" in year 1, a plan whose position turns negative again after a refresh has not paid back
until it recovers for good, and a proposal with no costs at all has no payback year.

IRR is the rate at which the NPV is zero; when the flows never change sign, or no rate between
−99 % and +1,000 % makes the NPV zero, it does not exist (``None``). When several rates qualify,
the one closest to zero is reported (as ``numpy_financial.irr`` does).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from desktop.finance.money import ONE, ZERO, safe_ratio, to_cents, to_ratio
from desktop.finance.result import ReturnSummary, YearlyMoney


def discount_factors(rate: Decimal, horizon: int) -> tuple[Decimal, ...]:
    """``1 / (1 + rate) ** (y - 1)`` for plan years 1..horizon."""
    factors: list[Decimal] = []
    factor = ONE
    step = ONE / (ONE + rate)
    for _ in range(horizon):
        factors.append(factor)
        factor *= step
    return tuple(factors)


def present_value(amounts: Sequence[Decimal], factors: Sequence[Decimal]) -> Decimal:
    """Exact (unrounded) present value of yearly amounts."""
    return sum((a * f for a, f in zip(amounts, factors, strict=True) if a), start=ZERO)


def _npv_float(rate: float, flows: Sequence[float]) -> float:
    base = 1.0 + rate
    return sum(flow / base**year for year, flow in enumerate(flows))


def _bisect(flows: Sequence[float], low: float, high: float) -> float:
    value_low = _npv_float(low, flows)
    for _ in range(200):
        middle = (low + high) / 2
        value = _npv_float(middle, flows)
        if value == 0 or high - low < 1e-13:
            return middle
        if (value < 0) == (value_low < 0):
            low, value_low = middle, value
        else:
            high = middle
    return (low + high) / 2


def internal_rate_of_return(net_by_year: Sequence[Decimal]) -> Decimal | None:
    flows = [float(v) for v in net_by_year]
    if not any(v > 0 for v in flows) or not any(v < 0 for v in flows):
        return None
    # Scan a grid of rates for sign changes, finest near zero where real answers live.
    grid = sorted(
        {-0.99, -0.9, -0.75, -0.5, 0.0, 10.0}
        | {k / 200 for k in range(-99, 201)}
        | {1.0 + k / 10 for k in range(1, 91)}
    )
    roots: list[float] = []
    previous_rate = grid[0]
    previous = _npv_float(previous_rate, flows)
    for rate in grid[1:]:
        value = _npv_float(rate, flows)
        if previous == 0:
            roots.append(previous_rate)
        elif (value < 0) != (previous < 0) and value != 0:
            roots.append(_bisect(flows, previous_rate, rate))
        previous_rate, previous = rate, value
    if previous == 0:
        roots.append(previous_rate)
    finite = [r for r in roots if math.isfinite(r)]
    if not finite:
        return None
    best = min(finite, key=abs)
    return to_ratio(Decimal(repr(best)))


def payback_year_of(
    cumulative_by_year: Sequence[Decimal], costs_by_year: Sequence[Decimal]
) -> int | None:
    """The payback year by the rule in the module docstring, or ``None``."""
    # Years after the last negative position are the ones that stay at or above zero.
    stays_positive_from = 1
    for year in range(len(cumulative_by_year), 0, -1):
        if cumulative_by_year[year - 1] < 0:
            stays_positive_from = year + 1
            break
    spent = ZERO
    for year, cost in enumerate(costs_by_year, start=1):
        spent += cost
        if year >= stays_positive_from and spent > 0:
            return year
    return None


def return_summary(
    costs_by_year: YearlyMoney,
    benefits_by_year: YearlyMoney,
    discount_rate: Decimal,
    fiscal_year_start: int,
) -> ReturnSummary:
    horizon = len(costs_by_year)
    factors = discount_factors(discount_rate, horizon)
    net_by_year = tuple(b - c for b, c in zip(benefits_by_year, costs_by_year, strict=True))
    cumulative: list[Decimal] = []
    running = ZERO
    for net in net_by_year:
        running += net
        cumulative.append(running)
    payback_year = payback_year_of(cumulative, costs_by_year)
    pv_costs_exact = present_value(costs_by_year, factors)
    pv_benefits_exact = present_value(benefits_by_year, factors)
    pv_costs, pv_benefits = to_cents(pv_costs_exact), to_cents(pv_benefits_exact)
    total_costs = sum(costs_by_year, ZERO)
    total_benefits = sum(benefits_by_year, ZERO)
    return ReturnSummary(
        discount_rate=discount_rate,
        net_by_year=net_by_year,
        cumulative_by_year=tuple(cumulative),
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=to_cents(pv_benefits_exact - pv_costs_exact),
        roi=safe_ratio(total_benefits - total_costs, total_costs),
        benefit_cost_ratio=safe_ratio(pv_benefits, pv_costs),
        payback_year=payback_year,
        payback_fiscal_year=(
            fiscal_year_start + payback_year - 1 if payback_year is not None else None
        ),
        irr=internal_rate_of_return(net_by_year),
        discount_factors=factors,
        pv_net_by_year=_rounded_to_total(
            [net * factor for net, factor in zip(net_by_year, factors, strict=True)]
        ),
    )


def _rounded_to_total(exact: Sequence[Decimal]) -> YearlyMoney:
    """``exact`` in cents, each taking what its running total rounds to less what the one
    before rounded to: they add up to the rounded sum, as the NPV is rounded."""
    rounded: list[Decimal] = []
    running, before = ZERO, ZERO
    for amount in exact:
        running += amount
        now = to_cents(running)
        rounded.append(now - before)
        before = now
    return tuple(rounded)
