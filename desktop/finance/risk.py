"""Risk-adjusted value: the expected losses an item's mitigation avoids, and item savings.

A risk's expected annual loss is ``exposure × likelihood × cost per occurrence``, before and after
mitigation, each rounded half-up to the cent. The avoided cost is ``before − after``; it can be
negative when the mitigated figures are worse, and is then kept and flagged, never hidden.

A risk's avoided cost counts in plan year ``y`` only when at least one item of the scenario that
mitigates it (``ItemInput.risk_keys``) is active, i.e. ``start_year ≤ y``. Risks no item mitigates
avoid nothing.

ATTRIBUTION RULE: in each year the avoided cost is split equally among the mitigating items active
that year; the cents that do not divide evenly go one each to the items in ascending key order.
So an item's attributions always sum exactly to the risk's avoided cost for that year.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.finance.cashflow import sum_by_year
from desktop.finance.inputs import ItemInput, RiskInput
from desktop.finance.money import CENT, ZERO, to_cents
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
    items: Sequence[ItemInput], horizon: int
) -> dict[int, list[tuple[int, int, str]]]:
    """Risk key → (item key, start year, item name) of the items mitigating it inside the
    horizon, in ascending item key order."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    for item in items:
        if item.start_year > horizon:
            continue
        for risk_key in dict.fromkeys(item.risk_keys):  # a repeated link counts once
            found.setdefault(risk_key, []).append((item.key, item.start_year, item.name))
    for entries in found.values():
        entries.sort()
    return found


def _split(amount: Decimal, parts: int) -> tuple[Decimal, Decimal, int]:
    """Equal share, share plus one cent, and how many parts get the extra cent."""
    cents = int(amount / CENT)
    share, remainder = divmod(cents, parts)  # floor division: also right for negative amounts
    return Decimal(share) * CENT, Decimal(share + 1) * CENT, remainder


def risk_result(
    risk: RiskInput, mitigators: Sequence[tuple[int, int, str]], horizon: int
) -> RiskResult:
    before, after = expected_losses(risk)
    avoided = before - after
    avoided_by_year = [ZERO] * horizon
    item_years: dict[int, list[Decimal]] = {key: [ZERO] * horizon for key, _, _ in mitigators}
    if mitigators and avoided:
        for index in range(horizon):
            year = index + 1
            active = [key for key, start, _ in mitigators if start <= year]
            if not active:
                continue
            avoided_by_year[index] = avoided
            share, share_plus_cent, remainder = _split(avoided, len(active))
            for position, key in enumerate(active):
                item_years[key][index] = share_plus_cent if position < remainder else share
    attributions = tuple(
        RiskAttribution(
            item_key=key,
            item_name=name,
            by_year=tuple(item_years[key]),
            total=sum(item_years[key], ZERO),
        )
        for key, _, name in mitigators
    )
    return RiskResult(
        key=risk.key,
        title=risk.title,
        kind=risk.kind,
        expected_loss_before=before,
        expected_loss_after=after,
        avoided_per_year=avoided,
        mitigation_worse=avoided < 0,
        mitigating_item_keys=tuple(key for key, _, _ in mitigators),
        avoided_by_year=tuple(avoided_by_year),
        avoided_total=sum(avoided_by_year, ZERO),
        attributions=attributions,
    )


def benefit_summary(
    risks: Sequence[RiskInput],
    items: Sequence[ItemInput],
    flows: Sequence[ItemCashFlow],
    horizon: int,
) -> BenefitSummary:
    """Avoided risk cost plus item savings, by year, for the items of one scenario."""
    mitigators = mitigators_by_risk(items, horizon)
    results = tuple(risk_result(r, mitigators.get(r.key, ()), horizon) for r in risks)
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
        risks=results,
        quantified=quantified,
    )
