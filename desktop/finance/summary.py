"""``summary_json``: the result's key figures as plain JSON data (for the command line, files and
tests). Money is a decimal string with two places ("1234.50"), ratios are decimal strings
("0.125000"), a missing figure is ``null``; nothing is a float, so nothing is rounded twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from desktop.finance.money import money_str
from desktop.finance.result import (
    Flag,
    FundingSummary,
    ProposalResult,
    ScenarioResult,
)

JsonDict = dict[str, Any]


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else money_str(amount)


def _ratio(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _years(amounts: Sequence[Decimal]) -> list[str]:
    return [money_str(a) for a in amounts]


def _flag(flag: Flag) -> JsonDict:
    return {
        "code": flag.code,
        "severity": flag.severity.value,
        "message": flag.message,
        "year": flag.year,
    }


def _funding(funding: FundingSummary) -> JsonDict:
    return {
        "total": money_str(funding.total),
        "by_year": _years(funding.by_year),
        "sources": [
            {
                "key": s.key,
                "name": s.name,
                "kind": s.kind.value,
                "recurring": s.recurring,
                "secured": s.secured,
                "by_year": _years(s.by_year),
                "total": money_str(s.total),
            }
            for s in funding.sources
        ],
        "gap_by_year": _years(funding.gap_by_year),
        "gap_total": money_str(funding.gap_total),
        "surplus_total": money_str(funding.surplus_total),
        "pending_total": money_str(funding.pending_total),
        "gap_without_pending_total": money_str(funding.gap_without_pending_total),
        "net_position": money_str(funding.net_position),
        "e_rate_total": money_str(funding.e_rate_total),
        "cost_after_e_rate_by_year": _years(funding.cost_after_e_rate_by_year),
        "cost_after_e_rate_total": money_str(funding.cost_after_e_rate_total),
        "recurring_costs_by_year": _years(funding.recurring_costs_by_year),
        "recurring_funding_by_year": _years(funding.recurring_funding_by_year),
        "recurring_coverage_share": _ratio(funding.recurring_coverage_share),
        "temporary_for_recurring_total": money_str(funding.temporary_for_recurring_total),
        "grant_reliance_share": _ratio(funding.grant_reliance_share),
        "flags": [_flag(f) for f in funding.flags],
    }


def _scenario(scenario: ScenarioResult) -> JsonDict:
    tco, returns, benefits = scenario.tco, scenario.returns, scenario.benefits
    difference = scenario.versus_base
    return {
        "key": scenario.key,
        "name": scenario.name,
        "is_base": scenario.is_base,
        "item_count": len(scenario.items),
        "tco": money_str(tco.total),
        "tco_by_year": _years(tco.by_year),
        "one_time": money_str(tco.one_time_total),
        "recurring": money_str(tco.recurring_total),
        "per_student_per_year": _money(tco.per_student_per_year),
        "managed_devices": _ratio(tco.devices),
        "per_managed_device": _money(tco.per_device),
        "per_managed_device_per_year": _money(tco.per_device_per_year),
        "by_category": {c.category.value: money_str(c.line.total) for c in tco.by_category},
        "by_tco_class": {c.tco_class.value: money_str(c.line.total) for c in tco.by_tco_class},
        "benefits": money_str(benefits.total),
        "benefits_by_year": _years(benefits.by_year),
        "avoided_risk_cost": money_str(benefits.avoided_total),
        "savings": money_str(benefits.savings_total),
        "net_by_year": _years(returns.net_by_year),
        "cumulative_by_year": _years(returns.cumulative_by_year),
        "pv_costs": money_str(returns.pv_costs),
        "pv_benefits": money_str(returns.pv_benefits),
        "npv": money_str(returns.npv),
        "roi": _ratio(returns.roi),
        "benefit_cost_ratio": _ratio(returns.benefit_cost_ratio),
        "payback_year": returns.payback_year,
        "irr": _ratio(returns.irr),
        "savings_only": {
            "net_by_year": _years(scenario.savings_only.net_by_year),
            "npv": money_str(scenario.savings_only.npv),
            "payback_year": scenario.savings_only.payback_year,
        },
        "after_e_rate": None
        if scenario.after_e_rate is None
        else {
            "net_by_year": _years(scenario.after_e_rate.net_by_year),
            "npv": money_str(scenario.after_e_rate.npv),
            "payback_year": scenario.after_e_rate.payback_year,
        },
        "funding": _funding(scenario.funding),
        "versus_base": None
        if difference is None
        else {
            "tco": money_str(difference.tco),
            "per_student_per_year": _money(difference.per_student_per_year),
            "npv": money_str(difference.npv),
            "benefits": money_str(difference.benefits),
            "funding_gap": money_str(difference.funding_gap),
            "grant_reliance_share": _ratio(difference.grant_reliance_share),
            "payback_years": difference.payback_years,
        },
    }


def summary_json(result: ProposalResult) -> JsonDict:
    """Headline figures, yearly flows, funding, scenarios, sensitivity, rubric and alignment."""
    base = result.base
    alignment = result.alignment
    return {
        "name": result.name,
        "district": result.district,
        "currency": result.currency,
        "fiscal_year_start": result.fiscal_year_start,
        "horizon_years": result.horizon_years,
        "students": result.students,
        "discount_rate": _ratio(result.discount_rate),
        "years": list(result.years),
        "fiscal_year_labels": list(result.fiscal_year_labels),
        "headline": {
            "tco": money_str(base.tco.total),
            "per_student_per_year": _money(base.tco.per_student_per_year),
            "managed_devices": _ratio(base.tco.devices),
            "per_managed_device": _money(base.tco.per_device),
            "per_managed_device_per_year": _money(base.tco.per_device_per_year),
            "benefits": money_str(base.benefits.total),
            "npv": money_str(base.returns.npv),
            "roi": _ratio(base.returns.roi),
            "payback_year": base.returns.payback_year,
            "payback_fiscal_year": base.returns.payback_fiscal_year,
            "irr": _ratio(base.returns.irr),
            "savings_only_npv": money_str(base.savings_only.npv),
            "savings_only_payback_year": base.savings_only.payback_year,
            "funding_gap": money_str(base.funding.gap_total),
            "grant_reliance_share": _ratio(base.funding.grant_reliance_share),
        },
        "after_plan": {
            "years": result.after_plan.years,
            "first_fiscal_year": result.after_plan.first_label,
            "last_fiscal_year": result.after_plan.last_label,
            "total": money_str(result.after_plan.total),
            # The recurring costs of the first year after the plan: they go on every year.
            "recurring_next_year": money_str(result.after_plan.recurring_next_year),
            "recurring_per_student": _money(result.after_plan.recurring_per_student),
            "refreshes": [
                {
                    "item_key": refresh.item_key,
                    "name": refresh.name,
                    "plan_year": refresh.plan_year,
                    "fiscal_year": refresh.fiscal_year_label,
                    "category": refresh.category.value,
                    "amount": money_str(refresh.amount),
                }
                for refresh in result.after_plan.refreshes
            ],
        },
        "cash_flows": {
            "costs_by_year": _years(base.tco.by_year),
            "one_time_by_year": _years(base.tco.one_time_by_year),
            "recurring_by_year": _years(base.tco.recurring_by_year),
            "benefits_by_year": _years(base.benefits.by_year),
            "net_by_year": _years(base.returns.net_by_year),
            "cumulative_by_year": _years(base.returns.cumulative_by_year),
        },
        "funding": _funding(base.funding),
        # Money measures whose items claim more yearly savings than the target takes off.
        "savings_flags": [_flag(f) for f in result.savings_flags],
        "scenarios": [_scenario(s) for s in result.scenarios],
        "sensitivity": {
            "step": _ratio(result.sensitivity.step),
            "base_npv": money_str(result.sensitivity.base_npv),
            "ranking": [
                {
                    "driver": line.driver.value,
                    "label": line.label,
                    "npv_low_input": money_str(line.npv_low_input),
                    "npv_high_input": money_str(line.npv_high_input),
                    "swing": money_str(line.swing),
                }
                for line in result.sensitivity.lines
            ],
        },
        "rubric": [
            {
                "element": a.element.value,
                "label": a.label,
                "level": int(a.level),
                "level_name": a.level.label,
                "reasons": list(a.reasons),
                "next_steps": list(a.next_steps),
            }
            for a in result.rubric
        ],
        "alignment": {
            "items_without_goal": [
                {"key": n.key, "name": n.name} for n in alignment.items_without_goal
            ],
            "goals_without_item": [
                {"key": n.key, "name": n.name} for n in alignment.goals_without_item
            ],
            "risks_without_item": [
                {"key": n.key, "name": n.name} for n in alignment.risks_without_item
            ],
            "items_without_metric": [
                {"key": n.key, "name": n.name} for n in alignment.items_without_metric
            ],
        },
    }
