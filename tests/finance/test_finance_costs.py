"""Item cash flows and total cost of ownership, checked against hand-computed figures."""

from __future__ import annotations

from decimal import Decimal

from finance_factories import item, proposal

from desktop.finance import compute, summary_json
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


def test_managed_devices_are_the_largest_device_management_quantity() -> None:
    # Like the sample: a spare pool and carts are hardware, the 3,780 student devices are the
    # district's own and show up as device management licences and asset tags.
    spares = item(1, "Spare devices", quantity=180, unit_cost="350")
    carts = item(2, "Charging carts", quantity=24, unit_cost="1800")
    mdm = item(3, "Device management licences", category=ItemCategory.DEVICE_MANAGEMENT,
               quantity=3780, recurring_unit_cost="6")  # fmt: skip
    tags = item(4, "Asset tags", category=ItemCategory.DEVICE_MANAGEMENT, quantity=3000,
                unit_cost="2")  # fmt: skip
    result = compute(proposal(horizon_years=1, items=[spares, carts, mdm, tags]))
    tco = result.base.tco
    assert tco.total == D(63000 + 43200 + 22680 + 6000)
    assert tco.devices == D(3780)  # not 204 spares and carts, not 6,780 licences and tags
    assert tco.per_device == D("35.68")  # 134,880 / 3,780 = 35.682...


def test_managed_devices_fall_back_to_hardware_when_no_management_item_is_bought() -> None:
    laptops = item(1, "Laptops", quantity=500, unit_cost="400")
    dropped = item(2, "Device management", category=ItemCategory.DEVICE_MANAGEMENT,
                   quantity=0, recurring_unit_cost="6")  # fmt: skip
    later = item(3, "Asset tags", category=ItemCategory.DEVICE_MANAGEMENT, quantity=900,
                 unit_cost="2", start_year=9)  # fmt: skip
    result = compute(proposal(horizon_years=5, items=[laptops, dropped, later]))
    assert result.base.tco.devices == D(500)
    assert result.base.tco.per_device == D("400.00")
    alone = compute(proposal(horizon_years=5, items=[dropped, later]))
    assert alone.base.tco.devices is None and alone.base.tco.per_device is None


def test_summary_labels_the_figure_per_managed_device() -> None:
    mdm = item(1, "Device management", category=ItemCategory.DEVICE_MANAGEMENT, quantity=400,
               recurring_unit_cost="5")  # fmt: skip
    data = summary_json(compute(proposal(horizon_years=2, items=[mdm])))
    assert data["headline"]["managed_devices"] == "400"
    assert data["headline"]["per_managed_device"] == "10.00"
    assert "per_device" not in data["headline"]
    assert data["scenarios"][0]["per_managed_device"] == "10.00"


def test_empty_proposal_has_no_shares_rather_than_errors() -> None:
    result = compute(proposal(items=[]))
    assert result.tco_total == 0
    assert result.base.tco.one_time_share is None
    assert result.base.returns.roi is None
    assert result.base.returns.benefit_cost_ratio is None
    assert result.base.tco.per_student_per_year == D(0)


def test_the_cost_per_device_a_year_is_rounded_once() -> None:
    """$100,000 over 6 managed devices and 2 years: the PDF said $8,333.34 a year, the
    $16,666.67 per device halved, where the cost per device a year is $8,333.33."""
    wifi = item(1, "Wi-Fi", category=ItemCategory.NETWORK_INFRASTRUCTURE, quantity=1,
                unit_cost="100000")  # fmt: skip
    mdm = item(2, "Device management", category=ItemCategory.DEVICE_MANAGEMENT, quantity=6)
    tco = compute(proposal(horizon_years=2, items=[wifi, mdm])).base.tco
    assert (tco.total, tco.devices, tco.per_device) == (D("100000.00"), D(6), D("16666.67"))
    assert tco.per_device_per_year == D("8333.33")
