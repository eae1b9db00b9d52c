"""Scenarios: the base case "As proposed" and each named variant, with full figures each.

The base case has every item at its own quantity. A ``ScenarioInput`` has exactly the items it
lists, each at its override quantity or, when the override is ``None``, at the item's own. Item
flows are computed once for the base case and reused by every scenario that keeps an item's
quantity, so a scenario costs little more than the items it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.finance.cashflow import (
    CategorySums,
    adjusted_category_sums,
    category_sums,
    flow_token,
    growth_factors,
    remembered_cash_flows,
    tco_summary,
)
from desktop.finance.funding import e_rate_eligible, funding_summary, source_result
from desktop.finance.inputs import ItemInput, ProposalInput, ScenarioInput
from desktop.finance.money import ZERO, format_count, format_money
from desktop.finance.result import (
    BASE_CASE_NAME,
    FundingSourceResult,
    ItemCashFlow,
    ProposalResult,
    ScenarioDifference,
    ScenarioResult,
)
from desktop.finance.returns import return_summary
from desktop.finance.risk import benefit_summary
from desktop.wording import in_a_list, quoted


def fiscal_year_label(calendar_year: int, start_month: int = 7) -> str:
    """The fiscal year starting in July (or any month but January) 2027 is "2027–28"; one
    starting in January 2027 is the calendar year, "2027"."""
    if start_month == 1:
        return str(calendar_year)
    return f"{calendar_year}\u2013{(calendar_year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class Context:
    """What every scenario of one proposal shares, worked out once."""

    proposal: ProposalInput
    horizon: int
    purchase_growth: tuple[Decimal, ...]
    recurring_growth: tuple[Decimal, ...]
    year_labels: tuple[str, ...]
    sources: tuple[FundingSourceResult, ...]
    start_years: dict[int, int]
    items_by_key: dict[int, ItemInput]
    flow_token: int

    @classmethod
    def of(cls, proposal: ProposalInput) -> Context:
        horizon = proposal.horizon_years
        purchase_growth = growth_factors(proposal.purchase_escalation_rate, horizon)
        recurring_growth = growth_factors(proposal.recurring_escalation_rate, horizon)
        return cls(
            proposal=proposal,
            horizon=horizon,
            purchase_growth=purchase_growth,
            recurring_growth=recurring_growth,
            year_labels=tuple(
                fiscal_year_label(proposal.fiscal_year_start + i, proposal.fiscal_year_start_month)
                for i in range(horizon)
            ),
            sources=tuple(source_result(s, horizon) for s in proposal.funding),
            start_years={item.key: item.start_year for item in proposal.items},
            items_by_key={item.key: item for item in proposal.items},
            flow_token=flow_token(horizon, purchase_growth, recurring_growth),
        )

    def flows(self, lines: Sequence[tuple[ItemInput, Decimal]]) -> list[ItemCashFlow]:
        """Each (item, quantity)'s cash flow. Remembered across computations: after an edit only
        the changed item is worked out again."""
        return remembered_cash_flows(
            lines, self.flow_token, self.horizon, self.purchase_growth, self.recurring_growth
        )


def _figures(
    context: Context,
    key: int | None,
    name: str,
    description: str,
    items: Sequence[ItemInput],
    flows: Sequence[ItemCashFlow],
    sums: CategorySums,
    base: ScenarioResult | None,
) -> ScenarioResult:
    proposal = context.proposal
    tco = tco_summary(flows, context.horizon, proposal.students, sums)
    reuse = {r.key: r for r in base.benefits.risks} if base is not None else None
    everything = context.items_by_key if base is not None else None
    benefits = benefit_summary(proposal.risks, items, flows, context.horizon, reuse, everything)
    returns = return_summary(
        tco.by_year, benefits.by_year, proposal.discount_rate, proposal.fiscal_year_start
    )
    savings_only = return_summary(
        tco.by_year, benefits.savings_by_year, proposal.discount_rate, proposal.fiscal_year_start
    )
    funding = funding_summary(
        context.sources,
        tco.by_year,
        tco.recurring_by_year,
        proposal.currency,
        context.year_labels,
        e_rate_eligible(tco, context.horizon),
    )
    # The district's own side of the return: the secured E-Rate taken off the costs it
    # discounts, year by year, the benefits unchanged.
    after_e_rate = (
        return_summary(
            funding.cost_after_e_rate_by_year,
            benefits.by_year,
            proposal.discount_rate,
            proposal.fiscal_year_start,
        )
        if funding.cost_after_e_rate_total != tco.total
        else None
    )
    result = ScenarioResult(
        key=key,
        name=name,
        description=description,
        is_base=base is None,
        items=tuple(flows),
        tco=tco,
        benefits=benefits,
        returns=returns,
        savings_only=savings_only,
        funding=funding,
        versus_base=None,
        after_e_rate=after_e_rate,
    )
    if base is None:
        return result
    return replace(result, versus_base=difference(result, base))


def _delta(this: Decimal | None, base: Decimal | None) -> Decimal | None:
    return None if this is None or base is None else this - base


def difference(this: ScenarioResult, base: ScenarioResult) -> ScenarioDifference:
    payback = this.returns.payback_year
    base_payback = base.returns.payback_year
    return ScenarioDifference(
        tco=this.tco.total - base.tco.total,
        per_student_per_year=_delta(this.tco.per_student_per_year, base.tco.per_student_per_year),
        npv=this.returns.npv - base.returns.npv,
        benefits=this.benefits.total - base.benefits.total,
        funding_gap=this.funding.gap_total - base.funding.gap_total,
        grant_reliance_share=_delta(
            this.funding.grant_reliance_share, base.funding.grant_reliance_share
        ),
        payback_years=(None if payback is None or base_payback is None else payback - base_payback),
    )


@dataclass(frozen=True, slots=True)
class BaseCase:
    """The base case's result plus what scenarios reuse from it."""

    result: ScenarioResult
    sums: CategorySums
    flows_by_key: dict[int, ItemCashFlow]


def base_case(context: Context) -> BaseCase:
    items = context.proposal.items
    flows = context.flows([(item, item.quantity) for item in items])
    sums = category_sums(flows, context.horizon)
    result = _figures(context, None, BASE_CASE_NAME, "", items, flows, sums, None)
    return BaseCase(result, sums, {flow.key: flow for flow in flows})


def scenario(context: Context, spec: ScenarioInput, base_case: BaseCase) -> ScenarioResult:
    """One named variant; items keep the input order, unknown keys are ignored (validation
    reports them). Items at their base quantity reuse the base case's flows, and the cost
    breakdowns are adjusted from the base case's when the scenario changes few items."""
    base = base_case.result
    base_flows = base_case.flows_by_key
    items: list[ItemInput] = []
    chosen: list[ItemCashFlow | None] = []
    changed: list[tuple[ItemInput, Decimal]] = []
    kept: set[int] = set()
    for item in context.proposal.items:
        if item.key not in spec.item_quantities:
            continue
        override = spec.item_quantities[item.key]
        quantity = item.quantity if override is None else override
        items.append(item)
        reused = base_flows.get(item.key)
        if reused is not None and reused.quantity == quantity:
            chosen.append(reused)
            kept.add(item.key)
        else:
            chosen.append(None)  # worked out below, with the other changed items
            changed.append((item, quantity))
    added = context.flows(changed) if changed else []
    new_flows = iter(added)
    flows = [flow if flow is not None else next(new_flows) for flow in chosen]
    if not added and len(kept) == len(base.items):  # the proposal itself under another name
        return replace(
            base,
            key=spec.key,
            name=spec.name,
            description=spec.description,
            is_base=False,
            versus_base=difference(base, base),
        )
    removed = [flow for flow in base.items if flow.key not in kept]
    if len(removed) + len(added) < len(flows) // 2:
        present = {flow.category for flow in flows}
        sums = adjusted_category_sums(base_case.sums, removed, added, present, context.horizon)
    else:
        sums = category_sums(flows, context.horizon)
    return _figures(context, spec.key, spec.name, spec.description, items, flows, sums, base)


def all_scenarios(context: Context) -> tuple[ScenarioResult, ...]:
    base = base_case(context)
    return (
        base.result,
        *(scenario(context, spec, base) for spec in context.proposal.scenarios),
    )


def best_return(result: ProposalResult) -> ScenarioResult:
    """The scenario with the highest net present value (the proposal itself among them, and
    first of equals)."""
    return max(result.scenarios, key=lambda s: s.returns.npv)


def buys_the_same(scenario: ScenarioResult, other: ScenarioResult) -> bool:
    """Whether two scenarios buy exactly the same items at the same quantities: with the base
    case as ``other``, ``scenario``'s figures are the proposal's own."""
    return scenario.items == other.items


def _named(names: list[str], more: str, shown: int = 3) -> str:
    """ "“A”, “B” and “C”", or "“A”, “B”, “C” and 2 more risks" past ``shown`` names."""
    quoted_names = [quoted(name) for name in names[:shown]]
    if len(names) > shown:
        quoted_names.append(format_count(len(names) - shown, more))
    return in_a_list(quoted_names)


def alternatives_note(result: ProposalResult) -> str:
    """What the scenarios that buy an alternative (an item the proposal lists at quantity 0)
    are credited with, said where their figures are ("" when none does): such an item has no
    quantity of its own to measure the part bought against, so the share rule counts the risks
    it mitigates as mitigated whole, whatever quantity is bought. A CFO comparing the scenarios
    should see that assumption, not find it in their net present values."""
    own = {flow.key: flow.quantity for flow in result.base.items}
    sentences = []
    for scenario in result.scenarios:
        bought = {
            flow.key: flow
            for flow in scenario.items
            if flow.quantity > 0 and own.get(flow.key, ZERO) <= 0
        }
        credited = [
            risk
            for risk in scenario.benefits.risks
            if risk.avoided_total > 0 and not bought.keys().isdisjoint(risk.mitigating_item_keys)
        ]
        if scenario.is_base or not credited:
            continue
        keys = {key for risk in credited for key in risk.mitigating_item_keys if key in bought}
        items = [bought[key] for key in bought if key in keys]
        one = len(items) == 1
        sentences.append(
            f"{quoted(scenario.name)} buys {_named([f.name for f in items], 'more item')}, which "
            f"the proposal lists at quantity 0: with no quantity of {'its' if one else 'their'} "
            f"own to measure the part bought against, "
            f"{_named([risk.title for risk in credited], 'more risk')} "
            f"{'counts' if len(credited) == 1 else 'count'} as mitigated in full there, "
            f"whatever quantity it buys."
        )
    return " ".join(sentences)


def beyond_the_best_note(result: ProposalResult) -> str:
    """When a scenario that costs less has the highest net present value, what the proposal's
    extra cost buys: the items that scenario leaves out or buys fewer of, and what the proposal
    spends on them ("" otherwise). The first question a CFO asks of such a table ("why not that
    one?") is answered by what the difference pays for, which the figures alone do not say.
    The Review and the PDF say it alike, under their scenario tables."""
    base = result.base
    best = best_return(result)
    if best.is_base or best.versus_base is None or best.versus_base.tco >= 0:
        return ""
    bought = {flow.key: flow for flow in best.items if flow.quantity > 0}
    proposed = [flow for flow in base.items if flow.quantity > 0]  # not the alternatives
    dropped = [flow for flow in proposed if flow.key not in bought]
    fewer = [
        flow
        for flow in proposed
        if flow.key in bought and bought[flow.key].quantity < flow.quantity
    ]
    if not dropped and not fewer:
        return ""
    # What the proposal spends on them beyond the scenario: their own cost, not the net
    # difference (the scenario may spend more elsewhere).
    spent = sum(
        (
            flow.total - (bought[flow.key].total if flow.key in bought else ZERO)
            for flow in dropped + fewer
        ),
        ZERO,
    )
    own = {flow.key: flow.quantity for flow in base.items}
    more = [flow for flow in bought.values() if flow.quantity > own.get(flow.key, ZERO)]

    def listed(flows: list[ItemCashFlow]) -> str:
        shown = ", ".join(quoted(flow.name) for flow in flows[:5])
        return shown + (f" and {len(flows) - 5:,} more" if len(flows) > 5 else "")

    parts = []
    if dropped:
        parts.append(f"leaves out {format_count(len(dropped), 'item')} ({listed(dropped)})")
    if fewer:
        parts.append(f"buys fewer of {format_count(len(fewer), 'item')} ({listed(fewer)})")
    name = quoted(best.name)
    also = (
        f" ({name} buys more of {format_count(len(more), 'other item')} in their place)"
        if more
        else ""
    )
    lead = (
        f"{name} returns more on paper because it {' and '.join(parts)}: the proposal spends "
        f"{format_money(spent, result.currency)} more over the plan on them{also}"
    )
    # What the proposal counts beyond the scenario's benefits: their quantified return, which
    # the net present values weigh and find short of their cost.
    gained = -best.versus_base.benefits
    if gained > 0:
        return (
            f"{lead}, and counts {format_money(gained, result.currency)} more of quantified "
            "benefits, which in today's money fall short of the extra cost. The rest of their "
            "case is in the plan goals they serve and the measures they move."
        )
    return (
        f"{lead}. Their case is in the plan goals they serve and the measures they move, not "
        "in these figures."
    )
