"""Savings claimed against the measures meant to prove them.

A measure kept in money ("Spending on printed workbooks", in USD) whose target is below its
baseline promises a yearly drop: baseline less target. The items tied to it that claim a yearly
saving say how much of that drop they bring. When they claim more than the target promises, the
case counts savings its own measure will never show, and the CFO who reads both asks which is
right. A measure whose target is not below its baseline is left alone: money meant to rise
(reimbursements received) or a placeholder says nothing about savings.

Only the items tied to that one money measure are added up: a saving tied to two of them could
be booked against either, so it is left out rather than counted twice. Savings are the yearly
amounts the cash flows count for the proposal as entered (``savings_at``): an item at quantity
0, or starting after the plan's last year, saves nothing in the case and is not counted here.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from desktop.finance.cashflow import savings_at
from desktop.finance.inputs import ItemInput, MetricInput, ProposalInput
from desktop.finance.money import ZERO, format_count, format_measure_money, is_money_unit
from desktop.finance.result import Flag, Severity
from desktop.wording import in_a_list, quoted, shown_name

# The flag's stable code, for the workbook, ``summary --json`` and tests.
SAVINGS_PAST_TARGET = "savings_past_target"

# Items named in the flag before the rest are counted ("and 3 more items").
NAMED_ITEMS = 3


def _promised_drop(metric: MetricInput) -> Decimal | None:
    """How far the measure's target takes its money down a year, or None when it has no
    baseline or target, or its target is not below its baseline."""
    if metric.baseline is None or metric.target is None or metric.target >= metric.baseline:
        return None
    return metric.baseline - metric.target


def _names(items: list[ItemInput]) -> str:
    """The items, named: "“A”, “B”, “C” and 2 more items" (the rest counted, named or not);
    when fewer than that many have names, the unnamed ones are counted as such. Only the
    names shown are read (thousands of items may share one measure)."""
    named: list[str] = []
    for item in items:
        if shown_name(item.name):
            named.append(quoted(item.name))
            if len(named) == NAMED_ITEMS:
                break
    rest = len(items) - len(named)
    if len(named) == NAMED_ITEMS and rest:
        named.append(format_count(rest, "more item"))
    elif rest:  # every name is shown: the others have none
        named.append("an unnamed item" if rest == 1 else f"{rest:,} unnamed items")
    return in_a_list(named)


def _message(metric: MetricInput, items: list[ItemInput], claimed: Decimal, currency: str) -> str:
    assert metric.baseline is not None and metric.target is not None  # _promised_drop said so
    drop = metric.baseline - metric.target
    by = f" by {metric.target_year}" if metric.target_year is not None else ""
    one = len(items) == 1
    said = (
        f"{_names(items)} {'counts' if one else 'count'} "
        f"{format_measure_money(claimed, currency)} a year in savings"
        f"{'' if one else ' between them'} against the measure "
        f"{quoted(metric.name, unnamed='without a name')}, more than the "
        f"{format_measure_money(drop, currency)} a year its target takes off "
        f"({format_measure_money(metric.baseline, currency)} down to "
        f"{format_measure_money(metric.target, currency)}{by}) by "
        f"{format_measure_money(claimed - drop, currency)} a year: lower the savings or the "
        "target, so the case and its measure agree."
    )
    return said[:1].upper() + said[1:]  # "An unnamed item counts …"


def _past_targets(
    proposal: ProposalInput,
) -> list[tuple[MetricInput, list[ItemInput], Decimal, Decimal]]:
    """Each money measure whose items claim more yearly savings than its target takes off,
    in the measures' order: the measure, its items, what they claim a year and the drop."""
    currency = proposal.currency
    measures = {
        metric.key: metric
        for metric in proposal.metrics
        if _promised_drop(metric) is not None and is_money_unit(metric.unit, currency)
    }
    if not measures:
        return []
    claims: defaultdict[int, list[tuple[ItemInput, Decimal]]] = defaultdict(list)
    horizon = proposal.horizon_years
    for item in proposal.items:
        # Cheap tests first: this runs on every recalculation, over every item.
        if item.annual_savings <= 0 or not item.quantity or item.start_year > horizon:
            continue
        tied = {key for key in item.metric_keys if key in measures}
        if len(tied) == 1:
            claims[tied.pop()].append((item, savings_at(item, item.quantity)))
    found = []
    for key, metric in measures.items():
        claimed_by = claims.get(key)
        if not claimed_by:
            continue
        claimed = sum((saving for _item, saving in claimed_by), ZERO)
        drop = _promised_drop(metric)
        if drop is not None and claimed > drop:
            found.append((metric, [item for item, _saving in claimed_by], claimed, drop))
    return found


def savings_past_targets(proposal: ProposalInput) -> tuple[Flag, ...]:
    """One warning per money measure whose items claim more yearly savings than its target
    takes off, in the measures' order."""
    return tuple(
        Flag(
            SAVINGS_PAST_TARGET,
            Severity.WARNING,
            _message(metric, items, claimed, proposal.currency),
        )
        for metric, items, claimed, _drop in _past_targets(proposal)
    )


def savings_past_targets_a_year(proposal: ProposalInput) -> Decimal:
    """How much yearly savings the items claim beyond what their measures' targets take off,
    all measures together (0 when none does): the part of the savings the case's own measures
    will not show, which a summary of the savings should say."""
    return sum((claimed - drop for _metric, _items, claimed, drop in _past_targets(proposal)), ZERO)
