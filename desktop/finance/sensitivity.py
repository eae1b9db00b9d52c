"""Sensitivity of the base case's NPV to each key driver (tornado chart data).

Each driver is lowered and raised by the step (±20 % by default), one at a time, everything else
as proposed:
- one-time unit costs, recurring costs, annual savings, risk costs per occurrence (before and
  after mitigation alike, so avoided cost scales): NPV is linear in these, so the new NPV is the
  base NPV minus/plus the step times the present value of what they drive;
- quantities: every item's quantity, as a scenario would change it, so every cost and every
  saving moves with it, and so does the cost avoided when quantities fall (an item's share of a
  risk's reduction scales with the part of it bought, and buying more than proposed mitigates
  no more; see the share rule in ``desktop.finance.risk``); an item at quantity 0 stays at 0;
- lifespans: each refreshed item's lifespan is scaled and rounded half-up to whole years, at
  least 1, and its purchases are re-timed;
- risk likelihoods without mitigation: each is scaled, at most 1 (a yearly chance cannot pass
  certainty), changing the avoided cost as the risk's reduction counts: each mitigating item's
  share of it from the year that item starts. The plan still changes the chance by as much as
  it did (the chance with it moves by the same amount, kept between 0 and 1), so the test
  invents no reduction the plan does not claim: a plan that lowers the cost of each
  occurrence but not the chance gains only what more or fewer occurrences at that lower cost
  bring;
- discount rate: the rate itself is scaled (3 % becomes 2.4 % and 3.6 %); a rate of zero stays
  zero and so shows no swing.
The swing is how far the NPV moves across the range tested: from the lowest to the highest of
the two NPVs and the NPV as proposed. It is the distance between the two NPVs when they lie on
either side of the proposal's, and the larger move when both go the same way (buying 20% more
costs more but mitigates no more, buying 20% less loses savings: both lower the NPV, and their
own distance was a few hundred dollars). Lines are ranked by swing, largest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from desktop.finance.cashflow import purchase_years
from desktop.finance.money import ONE, ZERO, to_cents
from desktop.finance.result import Driver, ScenarioResult, SensitivityLine, SensitivityResult
from desktop.finance.returns import discount_factors, present_value
from desktop.finance.scenarios import Context
from desktop.wording import in_a_list

LOWEST_RATE = Decimal("-0.99")


def _lifespan_pv(context: Context, factors: tuple[Decimal, ...], scale: Decimal) -> Decimal:
    """Present value of all purchases of refreshed items, with lifespans scaled by ``scale``.

    Items with the same start year and lifespan are bought in the same years, so they are
    grouped: the work depends on the number of distinct (start, lifespan) pairs, not items."""
    groups: dict[tuple[int, int], Decimal] = {}
    for item in context.proposal.items:
        if item.lifespan_years is None or item.start_year > context.horizon:
            continue
        purchase = item.quantity * item.unit_cost
        if purchase:
            group = (item.start_year, item.lifespan_years)
            groups[group] = groups.get(group, ZERO) + purchase
    total = ZERO
    growth = context.purchase_growth
    for (start, lifespan), purchase in groups.items():
        scaled = (Decimal(lifespan) * scale).quantize(ONE, rounding=ROUND_HALF_UP)
        new_lifespan = max(1, int(scaled))
        timing = sum(
            (
                growth[y - 1] * factors[y - 1]
                for y in purchase_years(start, new_lifespan, context.horizon)
            ),
            start=ZERO,
        )
        total += purchase * timing
    return total


def _likelihood_weights(
    context: Context, base: ScenarioResult, factors: tuple[Decimal, ...]
) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    """Per mitigated risk: its likelihoods before and after mitigation, and the present values
    of its expected cost before and after per unit of likelihood.

    A risk's reduction counts in each year for the shares of the items mitigating it that have
    started (the attribution rule in ``desktop.finance.risk``): each of its ``n`` items brings
    ``1/n`` of it from its own start year, so the change is weighted likewise. Items are
    counted by start year (a plan has few), not added up one by one."""
    horizon = len(factors)
    # From each year to the plan's end: the present value of one a year (0 past the end).
    from_year = [ZERO] * (horizon + 1)
    for year in range(horizon - 1, -1, -1):
        from_year[year] = from_year[year + 1] + factors[year]
    start_years = context.start_years
    weights = []
    for risk, result in zip(context.proposal.risks, base.benefits.risks, strict=True):
        keys = result.mitigating_item_keys
        if not keys:
            continue
        starts = Counter(min(start_years[key], horizon + 1) for key in keys)
        active_pv = sum(
            (from_year[start - 1] * count for start, count in starts.items()), start=ZERO
        ) / len(keys)
        weights.append(
            (
                risk.likelihood_before,
                risk.likelihood_after,
                risk.exposure * risk.cost_before * active_pv,
                risk.exposure * risk.cost_after * active_pv,
            )
        )
    return weights


def scaled_likelihoods(before: Decimal, after: Decimal, scale: Decimal) -> tuple[Decimal, Decimal]:
    """A risk's yearly chances without and with the plan when the chance without it is scaled
    (at most 1): the plan still changes the chance by as much as it did, so the chance with it
    moves by the same amount (kept between 0 and 1). A plan that leaves the chance alone gains
    no reduction from the test, and one that lowers it a little gains a little: the rule has
    no jump where the two chances meet."""
    scaled = min(ONE, before * scale)
    return scaled, min(ONE, max(ZERO, scaled - (before - after)))


def _likelihood_delta(
    weights: list[tuple[Decimal, Decimal, Decimal, Decimal]], scale: Decimal
) -> Decimal:
    """Change in PV of avoided cost when every likelihood before mitigation is scaled (see
    ``scaled_likelihoods``)."""
    total = ZERO
    for before, after, weight_before, weight_after in weights:
        new_before, new_after = scaled_likelihoods(before, after, scale)
        total += (new_before - before) * weight_before - (new_after - after) * weight_after
    return total


def _npv_at(base: ScenarioResult, rate: Decimal) -> Decimal:
    # Rounded once, as the plan's own NPV is: the present values rounded apart could put the
    # figure a cent from the one the proposal shows when that rate is entered.
    factors = discount_factors(max(rate, LOWEST_RATE), len(base.tco.by_year))
    return to_cents(
        present_value(base.benefits.by_year, factors) - present_value(base.tco.by_year, factors)
    )


def sensitivity(
    context: Context, base: ScenarioResult, step: Decimal = Decimal("0.20")
) -> SensitivityResult:
    proposal = context.proposal
    base_npv = base.returns.npv
    factors = discount_factors(proposal.discount_rate, context.horizon)
    pv_one_time = present_value(base.tco.one_time_by_year, factors)
    pv_recurring = present_value(base.tco.recurring_by_year, factors)
    pv_savings = present_value(base.benefits.savings_by_year, factors)
    pv_avoided = present_value(base.benefits.avoided_by_year, factors)
    lifespan_base = _lifespan_pv(context, factors, ONE)
    likelihoods = _likelihood_weights(context, base, factors)
    low, high = ONE - step, ONE + step

    def shifted(change: Callable[[Decimal], Decimal]) -> tuple[Decimal, Decimal]:
        """NPV with the driver lowered and raised; ``change`` gives the exact NPV change."""
        return to_cents(base_npv + change(low)), to_cents(base_npv + change(high))

    npvs: dict[Driver, tuple[Decimal, Decimal]] = {
        Driver.ONE_TIME_COSTS: shifted(lambda s: -(s - ONE) * pv_one_time),
        Driver.RECURRING_COSTS: shifted(lambda s: -(s - ONE) * pv_recurring),
        Driver.QUANTITIES: shifted(
            lambda s: (
                (s - ONE) * (pv_savings - pv_one_time - pv_recurring)
                + (min(s, ONE) - ONE) * pv_avoided
            )
        ),
        Driver.LIFESPANS: shifted(lambda s: -(_lifespan_pv(context, factors, s) - lifespan_base)),
        Driver.RISK_LIKELIHOODS: shifted(lambda s: _likelihood_delta(likelihoods, s)),
        Driver.RISK_COSTS: shifted(lambda s: (s - ONE) * pv_avoided),
        Driver.ANNUAL_SAVINGS: shifted(lambda s: (s - ONE) * pv_savings),
        Driver.DISCOUNT_RATE: (
            _npv_at(base, proposal.discount_rate * low),
            _npv_at(base, proposal.discount_rate * high),
        ),
    }
    order = list(Driver)
    lines = [
        SensitivityLine(
            driver=driver,
            label=driver.label,
            npv_low_input=npv_low,
            npv_high_input=npv_high,
            swing=max(npv_low, npv_high, base_npv) - min(npv_low, npv_high, base_npv),
        )
        for driver, (npv_low, npv_high) in npvs.items()
    ]
    lines.sort(key=lambda line: (-line.swing, order.index(line.driver)))
    return SensitivityResult(step=step, base_npv=base_npv, lines=tuple(lines))


def one_way_note(result: SensitivityResult) -> str:
    """The drivers that move the NPV the same way whichever way they change ("" when none):
    their swing is the larger move, which a table of the two NPVs alone hides (both are
    below the proposal's, and close to each other). The Review and the PDF say it alike."""
    base = result.base_npv
    lowered = [
        line.label
        for line in result.lines
        if line.npv_low_input < base and line.npv_high_input < base
    ]
    raised = [
        line.label
        for line in result.lines
        if line.npv_low_input > base and line.npv_high_input > base
    ]
    parts = []
    for labels, way in ((lowered, "lower"), (raised, "raise")):
        if labels:
            named = in_a_list([f"\u201c{label}\u201d" for label in labels])
            verb, moves = (way, "they move") if len(labels) > 1 else (f"{way}s", "it moves")
            parts.append(f"{named} {verb} the net present value whichever way {moves}")
    if not parts:
        return ""
    return (
        "; ".join(parts)
        + ": the swing is the larger of the two moves from the net present value as proposed."
    )
