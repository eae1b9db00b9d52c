"""E-Rate amounts against the share of the eligible items' cost their notes state.

E-Rate is entered as a funding source's amounts, year by year: figures, which do not follow the
items they discount. The 1:1 template's and the sample's are worked out from their items, and
their notes say so ("60% discount on the year-1 Wi-Fi and switching purchases"); the items E-Rate
discounts say so in theirs ("E-Rate Category 2 eligible."). When the director changed the number
of access points, the E-Rate stayed at the old amounts under the same note, and the CFO found
the arithmetic wrong.

Read together, the notes say what the E-Rate should be: in each plan year, the share the E-Rate
sources' notes state of what the items noted as eligible cost that year (as the cash flows count
it, escalation included). ``e_rate_check`` compares the amounts with that, and
``e_rate_following`` works out the amounts that keep the share when item quantities change.

Nothing is said of a proposal whose E-Rate notes do not all state one and the same share, or
none of whose items is noted as eligible: nothing there says what its E-Rate should be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.finance.cashflow import growth_factors, item_cash_flow, sum_by_year
from desktop.finance.inputs import FundingInput, ItemInput, ProposalInput
from desktop.finance.money import ZERO, to_cents
from desktop.finance.result import YearlyMoney
from desktop.vocabulary import FundingKind

# A share a note states ("60% discount", "a 72.5 % discount").
_SHARE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")
# An item noted as eligible ("E-Rate Category 2 eligible.", "E-Rate eligible"), not one noted as
# not ("not E-Rate eligible", "isn't E-Rate eligible", "no longer E-Rate eligible").
_ELIGIBLE = re.compile(
    r"(?<![\w'’])(?P<before>(?:\S+\s+){0,2})E-?Rate(?:\s+Category\s+[12])?\s+eligible\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|no|never|isn['’]t|aren['’]t|nor)\b", re.IGNORECASE)

# How far the amounts of a year may stray from the share before they no longer match it: a
# figure rounded to the nearest hundred or thousand still does; a change of quantities does not.
TOLERANCE_SHARE = Decimal("0.01")
TOLERANCE_FLOOR = Decimal("1.00")


def stated_share(note: str) -> Decimal | None:
    """The one share a note states, as a fraction (None when it states none, or several)."""
    shares = {Decimal(found) for found in _SHARE.findall(note)}
    if len(shares) != 1:
        return None
    share = shares.pop() / 100
    return share if 0 < share <= 1 else None


def noted_eligible(item: ItemInput) -> bool:
    """Whether the item's notes say E-Rate discounts it."""
    return says_eligible(item.notes)


def says_eligible(notes: str) -> bool:
    """Whether notes say E-Rate discounts what they are about ("E-Rate Category 2 eligible.")."""
    return any(not _NEGATION.search(found["before"]) for found in _ELIGIBLE.finditer(notes))


@dataclass(frozen=True)
class ERateCheck:
    """The E-Rate sources of a proposal against the share their notes state."""

    share: Decimal  # as a fraction: 0.60
    sources: tuple[FundingInput, ...]  # the E-Rate sources with money in the plan years
    brought_by_year: YearlyMoney  # what they bring, each plan year
    eligible_by_year: YearlyMoney  # what the items noted as eligible cost, each plan year

    @property
    def owed_by_year(self) -> YearlyMoney:
        """The share of the eligible items' cost, each plan year, to the cent."""
        return tuple(to_cents(self.share * cost) for cost in self.eligible_by_year)

    def years_off(self) -> list[int]:
        """The plan years (1-based) whose E-Rate no longer matches the share."""
        return [
            year
            for year, (brought, owed) in enumerate(
                zip(self.brought_by_year, self.owed_by_year, strict=True), 1
            )
            if abs(brought - owed) > max(TOLERANCE_FLOOR, owed * TOLERANCE_SHARE)
        ]


def e_rate_check(proposal: ProposalInput) -> ERateCheck | None:
    """The proposal's E-Rate against the share its notes state; None when nothing says what it
    should be (see the module's note)."""
    horizon = proposal.horizon_years
    sources = tuple(
        source
        for source in proposal.funding
        if source.kind is FundingKind.E_RATE and _in_plan(source, horizon)
    )
    if not sources:
        return None
    shares = {stated_share(source.notes) for source in sources}
    share = shares.pop() if len(shares) == 1 else None
    eligible = [item for item in proposal.items if noted_eligible(item)]
    if share is None or not eligible:
        return None
    return ERateCheck(
        share,
        sources,
        sum_by_year([_by_year(source, horizon) for source in sources], horizon),
        _cost_by_year(proposal, eligible),
    )


def e_rate_following(
    proposal: ProposalInput, quantities: Mapping[int, Decimal]
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(E-Rate source's key, plan year) → (its amount, the amount that keeps the share) when the
    items keyed in ``quantities`` take those quantities; empty when the E-Rate does not match
    its share now (the director's own figures: the Funding step says so), when no item noted as
    eligible changes, or when it cannot be told which source takes the change.

    A change in what eligible items cost once (a purchase) goes to the E-Rate source that is
    not recurring, and a change in their yearly cost to the one that is, as the template and
    the sample keep them ("E-Rate Category 2 (network purchases)" beside "E-Rate (internet
    access and support licenses)"); one E-Rate source takes both."""
    check = e_rate_check(proposal)
    if check is None or check.years_off():
        return {}
    moved = [
        item
        for item in proposal.items
        if item.key in quantities and noted_eligible(item) and quantities[item.key] != item.quantity
    ]
    if not moved:
        return {}
    horizon = proposal.horizon_years
    before = _flows(proposal, moved)
    after = _flows(proposal, [replace(item, quantity=quantities[item.key]) for item in moved])
    lasting = [source for source in check.sources if source.recurring]
    temporary = [source for source in check.sources if not source.recurring]
    once_to = _one_of(temporary) or (None if temporary else _one_of(lasting))
    yearly_to = _one_of(lasting) or (None if lasting else _one_of(temporary))
    changes: dict[int, list[Decimal]] = {}
    for part, source in ((0, once_to), (1, yearly_to)):
        for index in range(horizon):
            difference = after[part][index] - before[part][index]
            if not difference:
                continue
            if source is None:
                return {}  # several sources of that kind: which one discounts it is not said
            changes.setdefault(source.key, [ZERO] * horizon)[index] += difference
    following = {}
    amounts = {source.key: _by_year(source, horizon) for source in check.sources}
    for key, differences in changes.items():
        for year, difference in enumerate(differences, 1):
            was = amounts[key][year - 1]
            becomes = max(to_cents(was + check.share * difference), ZERO)
            if becomes != was:
                following[(key, year)] = (was, becomes)
    return following


def _one_of(sources: Sequence[FundingInput]) -> FundingInput | None:
    return sources[0] if len(sources) == 1 else None


def _in_plan(source: FundingInput, horizon: int) -> bool:
    return any(amount and 1 <= year <= horizon for year, amount in source.amounts_by_year.items())


def _by_year(source: FundingInput, horizon: int) -> YearlyMoney:
    return tuple(to_cents(source.amounts_by_year.get(year, ZERO)) for year in range(1, horizon + 1))


def _flows(proposal: ProposalInput, items: Sequence[ItemInput]) -> tuple[YearlyMoney, YearlyMoney]:
    """What ``items`` cost once and yearly, each plan year, at their own quantities."""
    horizon = proposal.horizon_years
    purchase = growth_factors(proposal.purchase_escalation_rate, horizon)
    recurring = growth_factors(proposal.recurring_escalation_rate, horizon)
    flows = [item_cash_flow(item, item.quantity, horizon, purchase, recurring) for item in items]
    return (
        sum_by_year([flow.one_time_by_year for flow in flows], horizon),
        sum_by_year([flow.recurring_by_year for flow in flows], horizon),
    )


def _cost_by_year(proposal: ProposalInput, items: Sequence[ItemInput]) -> YearlyMoney:
    one_time, recurring = _flows(proposal, items)
    return tuple(a + b for a, b in zip(one_time, recurring, strict=True))
