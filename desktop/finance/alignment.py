"""Alignment coverage: what is not yet tied to the plan, the risks or the metrics.

Lists items that serve no plan goal, goals that no item serves, risks that no item mitigates, and
items with no metric to prove them, each as key and name in input order. Links to keys that do not
exist are ignored here (validation reports them).
"""

from __future__ import annotations

from decimal import Decimal

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import safe_ratio
from desktop.finance.result import AlignmentCoverage, NamedKey


def goal_name(code: str, title: str) -> str:
    return f"{code} \u2014 {title}" if code else title


def alignment_coverage(proposal: ProposalInput) -> AlignmentCoverage:
    goal_keys = {goal.key for goal in proposal.goals}
    risk_keys = {risk.key for risk in proposal.risks}
    metric_keys = {metric.key for metric in proposal.metrics}
    served_goals: set[int] = set()
    mitigated_risks: set[int] = set()
    items_without_goal: list[NamedKey] = []
    items_without_metric: list[NamedKey] = []
    for item in proposal.items:
        goals = {link.goal_key for link in item.goal_links} & goal_keys
        served_goals |= goals
        mitigated_risks |= set(item.risk_keys) & risk_keys
        if not goals:
            items_without_goal.append(NamedKey(item.key, item.name))
        if not set(item.metric_keys) & metric_keys:
            items_without_metric.append(NamedKey(item.key, item.name))
    item_count = len(proposal.items)
    return AlignmentCoverage(
        items_without_goal=tuple(items_without_goal),
        goals_without_item=tuple(
            NamedKey(goal.key, goal_name(goal.code, goal.title))
            for goal in proposal.goals
            if goal.key not in served_goals
        ),
        risks_without_item=tuple(
            NamedKey(risk.key, risk.title)
            for risk in proposal.risks
            if risk.key not in mitigated_risks
        ),
        items_without_metric=tuple(items_without_metric),
        items_linked_to_goal_share=safe_ratio(
            Decimal(item_count - len(items_without_goal)), Decimal(item_count)
        ),
        goals_supported_share=safe_ratio(Decimal(len(served_goals)), Decimal(len(proposal.goals))),
    )
