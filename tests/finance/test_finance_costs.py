"""Item cash flows and total cost of ownership, checked against hand-computed figures."""

from __future__ import annotations

from decimal import Decimal

from finance_factories import item, proposal

from desktop.finance import compute
from desktop.vocabulary import ItemCategory, TcoClass

D = Decimal


def test_cents_add_exactly() -> None:
    """Ten items at 0.10 and twenty at 0.20 cost exactly 5.00, not 4.999999."""
    result = compute(
        proposal(
            horizon_years=1,
            items=[item(1, quantity=10, unit_cost="0.10"), item(2, quantity=20, unit_cost="0.20")],
        )
    )
    assert result.tco_total == D("5.00")
    assert str(result.tco_total) == "5.00"


def test_refresh_is_bought_again_every_lifespan_inside_the_horizon() -> None:
    laptops = item(1, "Laptops", quantity=100, unit_cost="300", lifespan_years=3, start_year=2)
    result = compute(proposal(horizon_years=8, items=[laptops]))
    flow = result.base.items[0]
    assert flow.purchase_years == (2, 5, 8)
    assert flow.one_time_by_year == (
        D(0), D(30000), D(0), D(0), D(30000), D(0), D(0), D(30000),
    )  # fmt: skip
    assert result.base.tco.refresh_total == D(60000)


def test_no_lifespan_means_bought_once_and_recurring_runs_from_start() -> None:
    service = item(
        1, "Filtering", category=ItemCategory.SECURITY, quantity=1, unit_cost="5000",
        recurring_unit_cost="1200.50", start_year=3,
    )  # fmt: skip
    result = compute(proposal(horizon_years=5, items=[service]))
    flow = result.base.items[0]
    assert flow.purchase_years == (3,)
    assert flow.one_time_by_year == (D(0), D(0), D(5000), D(0), D(0))
    assert flow.recurring_by_year == (D(0), D(0), D("1200.50"), D("1200.50"), D("1200.50"))
    assert result.tco_total == D("8601.50")
    assert result.base.tco.refresh_total == D(0)


def test_escalation_grows_prices_after_year_one_and_rounds_each_year_once() -> None:
    """Unit 0.333 × 3 = 0.999 at +10 %/year: year 2 is 1.0989 → 1.10, year 3 1.20879 → 1.21."""
    line = item(1, quantity=3, unit_cost="0.333", recurring_unit_cost="0.333", lifespan_years=1)
    result = compute(
        proposal(
            horizon_years=3,
            items=[line],
            purchase_escalation_rate=D("0.10"),
            recurring_escalation_rate=D("0.10"),
        )
    )
    flow = result.base.items[0]
    assert flow.one_time_by_year == (D("1.00"), D("1.10"), D("1.21"))
    assert flow.recurring_by_year == (D("1.00"), D("1.10"), D("1.21"))
    assert result.tco_total == D("6.62")


def test_item_starting_after_the_horizon_costs_nothing() -> None:
    late = item(1, quantity=10, unit_cost="100", recurring_unit_cost="5", start_year=6)
    result = compute(proposal(horizon_years=5, items=[late]))
    assert result.tco_total == 0
    assert result.base.items[0].purchase_years == ()
    assert result.base.tco.devices is None


def test_per_student_per_device_and_shares() -> None:
    devices = item(1, "Devices", quantity=500, unit_cost="400", lifespan_years=4)
    support = item(
        2, "Help desk", category=ItemCategory.TECHNICAL_SUPPORT, quantity=1,
        recurring_unit_cost="50000",
    )  # fmt: skip
    training = item(
        3, "Coaching", category=ItemCategory.PROFESSIONAL_LEARNING, quantity=1,
        recurring_unit_cost="10000",
    )  # fmt: skip
    result = compute(proposal(horizon_years=4, students=1000, items=[devices, support, training]))
    tco = result.base.tco
    assert tco.total == D(200000 + 200000 + 40000)
    assert tco.per_student_per_year == D("110.00")  # 440,000 / 1,000 / 4
    assert tco.devices == D(500)
    assert tco.per_device == D("880.00")
    assert tco.indirect_total == D(240000)
    assert tco.direct_total == D(200000)
    assert tco.one_time_share == D("0.454545")
    assert tco.recurring_share == D("0.545455")
    classes = {c.tco_class: c.line.total for c in tco.by_tco_class}
    assert classes == {
        TcoClass.CAPITAL: D(200000),
        TcoClass.ADMINISTRATION_OPERATIONS: D(200000),
        TcoClass.END_USER_OPERATIONS: D(40000),
    }


def test_no_hardware_means_no_per_device_figure() -> None:
    wifi = item(1, category=ItemCategory.NETWORK_INFRASTRUCTURE, quantity=40, unit_cost="900")
    result = compute(proposal(items=[wifi]))
    assert result.base.tco.devices is None
    assert result.base.tco.per_device is None


def test_empty_proposal_has_no_shares_rather_than_errors() -> None:
    result = compute(proposal(items=[]))
    assert result.tco_total == 0
    assert result.base.tco.one_time_share is None
    assert result.base.returns.roi is None
    assert result.base.returns.benefit_cost_ratio is None
    assert result.base.tco.per_student_per_year == D(0)
