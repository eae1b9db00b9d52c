"""The JSON summary carries the same figures as the result, as exact decimal strings."""

from __future__ import annotations

import json
from decimal import Decimal

from finance_factories import item, proposal, risk, scenario, source

from desktop.finance import compute, summary_json

D = Decimal


def test_summary_is_json_ready_and_matches_the_result() -> None:
    result = compute(
        proposal(
            horizon_years=3,
            items=[
                item(1, "Devices", quantity=3, unit_cost="0.10", lifespan_years=2, risk_keys=(1,)),
                item(2, "Licences", quantity=1, recurring_unit_cost="1234.5"),
            ],
            risks=[risk(1, exposure=10, likelihood_before="0.5", cost_before="3")],
            funding=[source(1, {1: 500, 2: 500}, recurring=False)],
            scenarios=[scenario(1, {2: None}, "Licences only")],
        )
    )
    data = json.loads(json.dumps(summary_json(result)))
    assert data["headline"]["tco"] == "3704.10"  # 0.30 twice + 1,234.50 three times
    assert data["cash_flows"]["costs_by_year"] == ["1234.80", "1234.50", "1234.80"]
    assert sum(D(v) for v in data["cash_flows"]["costs_by_year"]) == D(data["headline"]["tco"])
    assert data["headline"]["payback_year"] is None
    assert data["headline"]["npv"] == f"{result.npv:f}"
    # With no savings, the case on budget savings alone is the costs alone.
    alone = result.base.savings_only
    assert data["headline"]["savings_only_npv"] == f"{alone.npv:f}" == f"{-alone.pv_costs:f}"
    assert data["scenarios"][0]["savings_only"]["net_by_year"] == [
        "-1234.80",
        "-1234.50",
        "-1234.80",
    ]
    assert data["headline"]["grant_reliance_share"] == "0.270015"  # 1,000 of 3,703.50
    assert data["fiscal_year_labels"] == ["2027\u201328", "2028\u201329", "2029\u201330"]
    assert [s["name"] for s in data["scenarios"]] == ["As proposed", "Licences only"]
    assert data["scenarios"][1]["versus_base"]["tco"] == "-0.60"
    assert [r["level"] for r in data["rubric"]] == [int(level) for level in result.rubric_levels]
    ranking = data["sensitivity"]["ranking"]
    assert [D(r["swing"]) for r in ranking] == sorted(
        (D(r["swing"]) for r in ranking), reverse=True
    )
    assert data["alignment"]["items_without_goal"] == [
        {"key": 1, "name": "Devices"},
        {"key": 2, "name": "Licences"},
    ]
