"""NPV, IRR, ROI and payback, checked against numpy-financial and by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from finance_factories import item, proposal

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
