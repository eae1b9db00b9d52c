"""NPV, IRR, ROI and payback, checked against numpy-financial and by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from finance_factories import item, proposal, risk, scenario

from desktop.finance import compute
from desktop.finance.returns import internal_rate_of_return

D = Decimal


def investment(horizon: int = 5, saving: str = "30000", rate: str = "0.05") -> object:
    """100,000 up front, then savings every year."""
    return proposal(
        horizon_years=horizon,
        discount_rate=D(rate),
        items=[item(1, quantity=1, unit_cost="100000", annual_savings=saving)],
    )


def test_npv_matches_numpy_financial_with_year_one_undiscounted() -> None:
    result = compute(investment())
    net = [float(v) for v in result.base.returns.net_by_year]
    assert net == [-70000.0, 30000.0, 30000.0, 30000.0, 30000.0]
    expected = npf.npv(0.05, net)
    assert abs(float(result.npv) - expected) <= 0.01
    returns = result.base.returns
    assert returns.npv == returns.pv_benefits - returns.pv_costs
    assert returns.pv_costs == D("100000.00")


def test_irr_matches_numpy_financial() -> None:
    result = compute(investment())
    irr = result.base.returns.irr
    assert irr is not None
    assert float(irr) == pytest.approx(npf.irr([-70000, 30000, 30000, 30000, 30000]), abs=1e-6)


@pytest.mark.parametrize(
    "flows",
    [
        [-1000, 100, 200, 300, 400, 500],
        [-500, -500, 300, 300, 300, 300],
        [-100, 10, 10, 10, 10],  # negative IRR
        [-100, 300],
    ],
)
def test_irr_agrees_with_numpy_financial_on_conventional_flows(flows: list[int]) -> None:
    ours = internal_rate_of_return([D(v) for v in flows])
    assert ours is not None
    assert float(ours) == pytest.approx(npf.irr(flows), abs=1e-6)


def test_irr_is_none_when_flows_never_turn_positive() -> None:
    assert internal_rate_of_return([D(-5), D(-5)]) is None
    assert internal_rate_of_return([D(0), D(0)]) is None
    assert compute(investment(saving="0")).base.returns.irr is None


def test_roi_and_benefit_cost_ratio() -> None:
    result = compute(investment(rate="0"))
    returns = result.base.returns
    assert returns.roi == D("0.5")  # (150,000 − 100,000) / 100,000
    assert returns.benefit_cost_ratio == D("1.5")


def test_payback_year_is_the_first_with_cumulative_position_not_negative() -> None:
    result = compute(investment())
    assert result.base.returns.cumulative_by_year == (
        D(-70000), D(-40000), D(-10000), D(20000), D(50000),
    )  # fmt: skip
    assert result.payback_year == 4
    assert result.base.returns.payback_fiscal_year == 2030


def test_payback_is_none_when_not_reached_inside_the_horizon() -> None:
    result = compute(investment(horizon=3))
    assert result.payback_year is None
    assert result.base.returns.payback_fiscal_year is None


def test_zero_discount_rate_npv_is_plain_sum() -> None:
    result = compute(investment(rate="0"))
    assert result.npv == D(50000)


def test_nothing_spent_in_year_one_does_not_count_as_paying_back_in_year_one() -> None:
    laptops = item(1, "Laptops", quantity=100, unit_cost="500", start_year=2, annual_savings="1000")
    result = compute(proposal(horizon_years=5, items=[laptops]))
    assert result.base.returns.cumulative_by_year == (
        D(0), D(-49000), D(-48000), D(-47000), D(-46000),
    )  # fmt: skip
    assert result.payback_year is None
    assert result.base.returns.payback_fiscal_year is None


def test_an_empty_proposal_or_one_without_costs_has_no_payback_year() -> None:
    assert compute(proposal()).payback_year is None
    free_savings = item(1, "Donated routers", quantity=3, annual_savings="500")
    result = compute(proposal(items=[free_savings]))
    assert result.base.returns.cumulative_by_year[0] == D(500)
    assert result.payback_year is None


def test_payback_waits_for_the_first_cost_even_after_early_savings() -> None:
    saver = item(1, "Energy savings", quantity=1, annual_savings="100")
    refresh = item(2, "Switches", quantity=1, unit_cost="150", start_year=3)
    result = compute(proposal(horizon_years=5, discount_rate=D(0), items=[saver, refresh]))
    # 100, 200, 150, 250, 350: positive throughout, but nothing is spent before year 3.
    assert result.base.returns.cumulative_by_year == (
        D(100), D(200), D(150), D(250), D(350),
    )  # fmt: skip
    assert result.payback_year == 3
    assert result.base.returns.payback_fiscal_year == 2029


def test_payback_is_the_year_from_which_the_position_stays_positive() -> None:
    # 100,000 up front, 35,000 saved a year, devices refreshed in year 5 for 100,000.
    device = item(1, quantity=1, unit_cost="100000", lifespan_years=4, annual_savings="35000")
    result = compute(proposal(horizon_years=7, items=[device]))
    assert result.base.returns.cumulative_by_year == (
        D(-65000), D(-30000), D(5000), D(40000), D(-25000), D(10000), D(45000),
    )  # fmt: skip
    assert result.payback_year == 6
    assert result.base.returns.payback_fiscal_year == 2032
    dip = item(1, quantity=1, unit_cost="100000", lifespan_years=4, annual_savings="40000")
    result = compute(proposal(horizon_years=5, items=[dip]))
    # −60,000, −20,000, 20,000, 60,000, then the refresh takes it back to 0: still not negative.
    assert result.base.returns.cumulative_by_year[-1] == D(0)
    assert result.payback_year == 3
    drop = item(1, quantity=1, unit_cost="100000", lifespan_years=4, annual_savings="35000")
    result = compute(proposal(horizon_years=5, items=[drop]))
    # −65,000, −30,000, 5,000, 40,000, then the refresh: −25,000. It has not paid back for good.
    assert result.base.returns.cumulative_by_year[2] == D(5000)
    assert result.base.returns.cumulative_by_year[-1] == D(-25000)
    assert result.payback_year is None


def test_scenario_payback_and_its_difference_follow_the_same_rule() -> None:
    device = item(1, quantity=1, unit_cost="100000", annual_savings="30000")
    later = item(2, "Later purchase", quantity=1, unit_cost="20000", start_year=2)
    result = compute(
        proposal(
            horizon_years=6,
            items=[device, later],
            scenarios=[
                scenario(1, {1: None}, "Without the later purchase"),
                scenario(2, {2: None}, "Only the later purchase"),
            ],
        )
    )
    # Base: −70,000, −60,000, −30,000, 0, 30,000, 60,000.
    assert result.payback_year == 4
    without, only = result.scenarios[1], result.scenarios[2]
    # −70,000, −40,000, −10,000, 20,000...: the same year as the base case.
    assert without.returns.payback_year == 4
    assert without.versus_base is not None and without.versus_base.payback_years == 0
    # 0, −20,000, ... : nothing spent in year 1 is not a payback in year 1.
    assert only.returns.cumulative_by_year[:2] == (D(0), D(-20000))
    assert only.returns.payback_year is None
    assert only.versus_base is not None and only.versus_base.payback_years is None


def test_budget_savings_alone_leave_out_the_losses_avoided() -> None:
    """The case on budget money: the same costs, the items' savings as the only benefit."""
    breakage = risk(1, exposure=100, likelihood_before="0.2", cost_before="500")  # 10,000 a year
    result = compute(
        proposal(
            horizon_years=4,
            discount_rate=D("0.05"),
            items=[
                item(1, quantity=1, unit_cost="40000", annual_savings="6000", risk_keys=(1,)),
            ],
            risks=[breakage],
        )
    )
    with_risk, alone = result.base.returns, result.base.savings_only
    assert with_risk.net_by_year == (D(-24000), D(16000), D(16000), D(16000))
    assert alone.net_by_year == (D(-34000), D(6000), D(6000), D(6000))
    assert alone.cumulative_by_year[-1] == D(-16000)
    assert float(alone.npv) == pytest.approx(npf.npv(0.05, [-34000, 6000, 6000, 6000]), abs=0.01)
    # Counting the losses avoided it pays back in year 3; on savings alone it never does.
    assert with_risk.payback_year == 3
    assert alone.payback_year is None
    assert result.payback_text(savings_only=True) == "Not within the plan"
    assert result.payback_text() == f"Year 3 ({result.fiscal_year_labels[2]})"


def test_without_losses_avoided_budget_savings_alone_are_the_whole_case() -> None:
    result = compute(investment())
    assert result.base.savings_only == result.base.returns
