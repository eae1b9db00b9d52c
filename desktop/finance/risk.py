"""Risk-adjusted value: the expected losses an item's mitigation avoids, and item savings.

A risk's expected annual loss is ``exposure × likelihood × cost per occurrence``, before and after
mitigation, each rounded half-up to the cent. The avoided cost is ``before − after``; it can be
negative when the mitigated figures are worse, and is then kept and flagged, never hidden.

A risk's avoided cost is brought by the items of the scenario that mitigate it
(``ItemInput.risk_keys``), each from the year it is active, i.e. ``start_year ≤ y``, and only
when it is bought in that scenario, i.e. its quantity there is above 0 (the attribution rule
below says how much each brings). Risks no item mitigates avoid nothing: their expected loss
after mitigation is their loss before, whatever the estimate with mitigation says.

QUANTITY RULE: an item mitigates its risks and earns its savings only in the years it is active
and only when its quantity in the scenario is above 0 (savings scale with the quantity, see
``desktop.finance.cashflow``).

ATTRIBUTION RULE: each mitigating item owns an equal share of the risk's yearly reduction; the
cents that do not divide evenly go one each to the items in ascending key order. An item brings
its share from its start year, and the risk's avoided cost in a year is the sum of the shares of
the items active then: the whole reduction once every mitigating item has started, and part of
it before (a risk three items mitigate, one of them starting in year 3, has two thirds of its
reduction in years 1 and 2). An item first bought after the plan owns its share too, which
arrives after the plan: the items in the plan are credited with theirs only (leaving it out made
putting a safeguard off past the plan raise the benefits). So the items' attributions always sum
exactly to the risk's avoided cost, year by year. (An earlier rule gave the whole reduction
from the first item's start, shared among the items active: a plan whose safeguards mostly came
later was credited with all of it from year 1.)

SHARE RULE (scenarios): each mitigating item of the proposal as entered owns its equal share of a
risk's reduction (the attribution rule), and a scenario earns of that share the part of the item
it buys: its quantity there over the item's own, at most all of it; an item the scenario drops
earns nothing of its share, and buying more than proposed mitigates no more. Each scaled share is
rounded half-up to the cent per year, and the risk's avoided cost in the scenario is their sum,
so a scenario that drops one of four mitigating items keeps three quarters of the reduction,
where "any mitigating item kept" used to count the whole. An item whose own quantity is 0 (an
alternative the proposal does not buy) has no part to measure: a scenario that buys it gets the
risk's whole reduction, shared equally by the items it buys, as the proposal would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from operator import itemgetter

from desktop.finance.cashflow import sum_by_year
from desktop.finance.inputs import ItemInput, RiskInput
from desktop.finance.memo import BoundedMemo, MemoKey
from desktop.finance.money import CENT, ONE, ZERO, to_cents
from desktop.finance.result import (
    BenefitSummary,
    ItemCashFlow,
    RiskAttribution,
    RiskResult,
)


def expected_losses(risk: RiskInput) -> tuple[Decimal, Decimal]:
    """Expected annual loss before and after mitigation, each rounded to the cent."""
    before = to_cents(risk.exposure * risk.likelihood_before * risk.cost_before)
    after = to_cents(risk.exposure * risk.likelihood_after * risk.cost_after)
    return before, after


def mitigators_by_risk(
    items: Sequence[ItemInput], horizon: int, quantities: Mapping[int, Decimal] | None = None
) -> dict[int, list[tuple[int, int, str]]]:
    """Risk key → (item key, start year, item name) of the items mitigating it, in ascending
    item key order, for the risks at least one of them mitigates inside the horizon. An item
    bought only after the plan is listed with the others: it owns its share of the reduction,
    which arrives after the plan (the attribution rule), so the items in the plan do not get
    the whole of it. ``quantities`` holds each item's quantity in the scenario (default: its
    own); an item at quantity 0 mitigates nothing."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    inside: set[int] = set()  # the risks an item mitigates within the plan
    for item in items:
        keys = item.risk_keys
        if not keys:
            continue  # most items mitigate nothing: no need to look up their quantity
        quantity = item.quantity if quantities is None else quantities[item.key]
        if quantity <= 0:
            continue
        if len(keys) > 1:
            keys = tuple(dict.fromkeys(keys))  # a repeated link counts once
        entry = (item.key, item.start_year, item.name)
        for risk_key in keys:
            found.setdefault(risk_key, []).append(entry)
        if item.start_year <= horizon:
            inside.update(keys)
    if len(inside) < len(found):  # a risk only items after the plan mitigate: none in it
        found = {key: entries for key, entries in found.items() if key in inside}
    for entries in found.values():
        entries.sort()
    return found


_first = itemgetter(0)
RISK_LIMIT = 4_000  # risk results remembered (a proposal has tens to a few hundred risks)


def _split(amount: Decimal, parts: int) -> tuple[Decimal, Decimal, int]:
    """Equal share, share plus one cent, and how many parts get the extra cent."""
    cents = int(amount / CENT)
    share, remainder = divmod(cents, parts)  # floor division: also right for negative amounts
    return Decimal(share) * CENT, Decimal(share + 1) * CENT, remainder


Row = tuple[tuple[Decimal, ...], Decimal]  # an item's yearly share and its total


def _attribution_rows(avoided: Decimal, starts: Sequence[int], horizon: int) -> list[Row]:
    """Each mitigating item's yearly share (items in ascending key order, ``starts`` theirs):
    its equal part of ``avoided`` (one cent more for the first ``r``), from its start year.
    Items alike (same start, same part) share one row, so the work grows with items plus
    years, not items × years."""
    zeros = (ZERO,) * horizon
    if not avoided or not starts:
        return [(zeros, ZERO)] * len(starts)
    share, plus, remainder = _split(avoided, len(starts))
    cache: dict[tuple[int, bool], Row] = {}
    rows: list[Row] = []
    for position, start in enumerate(starts):
        extra = position < remainder
        row = cache.get((start, extra))
        if row is None:
            part = plus if extra else share
            values = tuple(ZERO if year < start else part for year in range(1, horizon + 1))
            row = cache[(start, extra)] = (values, sum(values, ZERO))
        rows.append(row)
    return rows


# A risk's result depends only on the risk, its mitigating items (key, start year, name) and the
# horizon. After an edit most risks keep all three, and rebuilding their per-item attributions
# (one object per mitigating item) was a third of a 10,000-item recalculation.
RISKS: BoundedMemo[RiskResult] = BoundedMemo(RISK_LIMIT)


def _remembered_risk_result(
    risk: RiskInput, mitigators: list[tuple[int, int, str]], horizon: int
) -> RiskResult:
    key = MemoKey((risk.key, len(mitigators), horizon), risk, tuple(mitigators), horizon)
    result = RISKS.get(key)
    if result is None:
        result = risk_result(risk, mitigators, horizon)
        RISKS.put(key, result)
    return result


def _remembered_shared_result(
    risk: RiskInput,
    entries: tuple[tuple[int, int, str], ...],
    shares: tuple[Decimal, ...],
    horizon: int,
) -> RiskResult:
    key = MemoKey((risk.key, len(entries), horizon, shares), risk, entries, shares, horizon)
    result = RISKS.get(key)
    if result is None:
        result = shared_risk_result(risk, entries, shares, horizon)
        RISKS.put(key, result)
    return result


def shared_risk_result(
    risk: RiskInput,
    entries: Sequence[tuple[int, int, str]],
    shares: Sequence[Decimal],
    horizon: int,
) -> RiskResult:
    """A scenario's result for ``risk`` under the share rule: ``entries`` are the items that
    share its reduction, ``shares`` the part of each the scenario buys (0: dropped)."""
    kept = [entry for entry, share in zip(entries, shares, strict=True) if share > 0]
    if not any(start <= horizon for _, start, _ in kept):
        return risk_result(risk, (), horizon)
    before, after = expected_losses(risk)
    rows = _attribution_rows(before - after, [start for _, start, _ in entries], horizon)
    share_of, plus, remainder = _split(before - after, len(entries))
    attributions = []
    avoided = ZERO  # a year, once every item kept has started (after the plan, for some)
    for position, ((key, _, name), share, (row, total)) in enumerate(
        zip(entries, shares, rows, strict=True)
    ):
        if share <= 0:
            continue
        part = plus if position < remainder else share_of
        if share != ONE:
            row = tuple(to_cents(value * share) for value in row)
            total = sum(row, ZERO)
            part = to_cents(part * share)
        avoided += part
        attributions.append(RiskAttribution(item_key=key, item_name=name, by_year=row, total=total))
    avoided_by_year = sum_by_year([a.by_year for a in attributions], horizon)
    return RiskResult(
        key=risk.key,
        title=risk.title,
        kind=risk.kind,
        expected_loss_before=before,
        expected_loss_after=before - avoided,
        avoided_per_year=avoided,
        mitigation_worse=before - after < 0,
        mitigating_item_keys=tuple(key for key, _, _ in kept),
        avoided_by_year=avoided_by_year,
        avoided_total=sum(avoided_by_year, ZERO),
        attributions=tuple(attributions),
    )


def risk_result(
    risk: RiskInput, mitigators: Sequence[tuple[int, int, str]], horizon: int
) -> RiskResult:
    before, after = expected_losses(risk)
    if not mitigators:
        after = before  # the estimate "with mitigation" is not the plan's: nothing mitigates it
    avoided = before - after
    rows = _attribution_rows(avoided, [start for _, start, _ in mitigators], horizon)
    attributions = tuple(
        RiskAttribution(item_key=key, item_name=name, by_year=row, total=total)
        for (key, _, name), (row, total) in zip(mitigators, rows, strict=True)
    )
    avoided_by_year = sum_by_year([row for row, _ in rows], horizon)
    return RiskResult(
        key=risk.key,
        title=risk.title,
        kind=risk.kind,
        expected_loss_before=before,
        expected_loss_after=after,
        avoided_per_year=avoided,
        mitigation_worse=avoided < 0,
        mitigating_item_keys=tuple(key for key, _, _ in mitigators),
        avoided_by_year=avoided_by_year,
        avoided_total=sum(avoided_by_year, ZERO),
        attributions=attributions,
    )


def benefit_summary(
    risks: Sequence[RiskInput],
    items: Sequence[ItemInput],
    flows: Sequence[ItemCashFlow],
    horizon: int,
    reuse: Mapping[int, RiskResult] | None = None,
    proposal_items: Mapping[int, ItemInput] | None = None,
) -> BenefitSummary:
    """Avoided risk cost plus item savings, by year, for the items of one scenario.

    For a scenario, ``reuse`` holds the base case's risk results by key and ``proposal_items``
    every item as entered, by key: a risk mitigated by the same items, each bought whole, gives
    the base case's result; otherwise the share rule applies (module docstring)."""
    quantities = {flow.key: flow.quantity for flow in flows}
    mitigators = mitigators_by_risk(items, horizon, quantities)
    # Among the items that mitigate something: the part bought of each the scenario buys less
    # of than proposed, and the alternatives it buys that the proposal does not.
    partial: dict[int, Decimal] = {}
    alternatives: set[int] = set()
    if proposal_items is not None:
        for item in items:
            if not item.risk_keys:
                continue
            quantity, own = quantities[item.key], item.quantity
            if own <= 0:
                if quantity > 0:
                    alternatives.add(item.key)
            elif quantity < own:
                partial[item.key] = quantity / own
    results: list[RiskResult] = []
    for risk in risks:
        found = mitigators.get(risk.key, [])
        reused = reuse.get(risk.key) if reuse else None
        if proposal_items is None or reused is None:
            results.append(_remembered_risk_result(risk, found, horizon))
            continue
        found_keys = tuple(map(_first, found))
        if found_keys == reused.mitigating_item_keys and partial.keys().isdisjoint(found_keys):
            results.append(reused)  # same items, each bought whole: the base case's result
            continue
        if alternatives and not alternatives.isdisjoint(found_keys):
            # An alternative the proposal does not buy, bought here: there is no part of it to
            # measure, so the risk is mitigated whole, shared by the items bought (the base rule).
            results.append(_remembered_risk_result(risk, found, horizon))
            continue
        sharing = {
            key: (key, proposal_items[key].start_year, proposal_items[key].name)
            for key in reused.mitigating_item_keys
        }
        sharing.update({entry[0]: entry for entry in found})
        entries = tuple(sorted(sharing.values()))
        bought = set(found_keys)
        shares = tuple(partial.get(key, ONE) if key in bought else ZERO for key, _, _ in entries)
        results.append(_remembered_shared_result(risk, entries, shares, horizon))
    avoided_by_year = sum_by_year([r.avoided_by_year for r in results], horizon)
    savings_by_year = sum_by_year([f.savings_by_year for f in flows if f.savings_total], horizon)
    by_year = tuple(a + s for a, s in zip(avoided_by_year, savings_by_year, strict=True))
    quantified = any(r.expected_loss_before or r.expected_loss_after for r in results) or any(
        f.savings_total for f in flows
    )
    return BenefitSummary(
        avoided_by_year=avoided_by_year,
        savings_by_year=savings_by_year,
        by_year=by_year,
        avoided_total=sum(avoided_by_year, ZERO),
        savings_total=sum(savings_by_year, ZERO),
        total=sum(by_year, ZERO),
        risks=tuple(results),
        quantified=quantified,
    )
