"""Savings claimed against the measures meant to prove them.

A measure kept in money ("Spending on printed workbooks", in USD) with a baseline and a target
promises a yearly drop: baseline less target. The items tied to it that claim a yearly saving
say how much of that drop they bring. When they claim more than the target promises, the case
counts savings its own measure will never show, and the CFO who reads both asks which is right.

Only the items tied to that one money measure are added up: a saving tied to two of them could
be booked against either, so it is left out rather than counted twice. Savings are compared as
entered for the proposal, a year at full quantity, as the cash flows count them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from desktop.finance.inputs import ItemInput, MetricInput, ProposalInput
from desktop.finance.money import (
    ZERO,
    format_count,
    format_measure_money,
    format_money,
    is_money_unit,
)
from desktop.finance.result import Flag, Severity
from desktop.wording import quoted

# The flag's stable code, for the workbook, ``summary --json`` and tests.
SAVINGS_PAST_TARGET = "savings_past_target"

# Items named in the flag before the rest are counted ("and 3 more items").
NAMED_ITEMS = 3


def _promised_drop(metric: MetricInput) -> Decimal | None:
    """How far the measure's target takes its spending down a year (0 when it does not fall),
    or None when there is no baseline or target to compare with."""
    if metric.baseline is None or metric.target is None:
        return None
    return max(metric.baseline - metric.target, ZERO)


def _names(items: list[ItemInput]) -> str:
    named = [quoted(item.name, unnamed="an unnamed item") for item in items]
    if len(named) > NAMED_ITEMS:
        rest = len(named) - NAMED_ITEMS
        return ", ".join(named[:NAMED_ITEMS]) + f" and {format_count(rest, 'more item')}"
    if len(named) > 1:
        return ", ".join(named[:-1]) + " and " + named[-1]
    return named[0]


def _message(metric: MetricInput, items: list[ItemInput], claimed: Decimal, currency: str) -> str:
    assert metric.baseline is not None and metric.target is not None  # _promised_drop said so
    drop = _promised_drop(metric)
    baseline = format_measure_money(metric.baseline, currency)
    target = format_measure_money(metric.target, currency)
    by = f" by {metric.target_year}" if metric.target_year is not None else ""
    if drop:
        promise = (
            f"more than the {format_measure_money(drop, currency)} a year its target takes off "
            f"({baseline} down to {target}{by})"
        )
    else:
        promise = f"yet its target does not bring that spending down ({baseline} to {target}{by})"
    counts = "counts" if len(items) == 1 else "count"
    between = "" if len(items) == 1 else " between them"
    return (
        f"{_names(items)} {counts} {format_money(claimed, currency)} a year in savings{between} "
        f"against the measure {quoted(metric.name, unnamed='without a name')}, "
        f"{promise}: lower the savings or the target, so the case and its measure agree."
    )


def savings_past_targets(proposal: ProposalInput) -> tuple[Flag, ...]:
    """One warning per money measure whose items claim more yearly savings than its target
    takes off, in the measures' order."""
    currency = proposal.currency
    measures = {
        metric.key: metric
        for metric in proposal.metrics
        if _promised_drop(metric) is not None and is_money_unit(metric.unit, currency)
    }
    if not measures:
        return ()
    claims: defaultdict[int, list[ItemInput]] = defaultdict(list)
    for item in proposal.items:
        if item.annual_savings <= 0:
            continue
        tied = {key for key in item.metric_keys if key in measures}
        if len(tied) == 1:
            claims[tied.pop()].append(item)
    flags: list[Flag] = []
    for key, metric in measures.items():
        items = claims.get(key)
        if not items:
            continue
        claimed = sum((item.annual_savings for item in items), ZERO)
        drop = _promised_drop(metric)
        if drop is not None and claimed > drop:
            flags.append(
                Flag(
                    SAVINGS_PAST_TARGET,
                    Severity.WARNING,
                    _message(metric, items, claimed, currency),
                )
            )
    return tuple(flags)
