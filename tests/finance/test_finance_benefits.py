"""Risk-adjusted value: expected losses avoided, attribution to items, savings."""

from __future__ import annotations

from decimal import Decimal

from finance_factories import item, proposal, risk, scenario

from desktop.finance import compute

D = Decimal


def loss_risk(key: int = 1, **overrides: str) -> object:
    fields = {
        "exposure": "4200",
        "likelihood_before": "0.05",
        "likelihood_after": "0.02",
        "cost_before": "300",
        "cost_after": "300",
    }
    fields.update(overrides)
    return risk(key, "Device loss", **fields)


def test_expected_losses_and_avoided_cost_per_year() -> None:
    insurance = item(1, "Insurance", quantity=1, recurring_unit_cost="10000", risk_keys=(1,))
    result = compute(proposal(horizon_years=3, items=[insurance], risks=[loss_risk()]))
    outcome = result.base.benefits.risks[0]
    assert outcome.expected_loss_before == D("63000.00")
    assert outcome.expected_loss_after == D("25200.00")
    assert outcome.avoided_per_year == D("37800.00")
    assert outcome.avoided_by_year == (D("37800.00"),) * 3
    assert result.base.benefits.avoided_total == D("113400.00")
    assert not outcome.mitigation_worse


def test_three_items_share_a_risk_with_an_odd_cent() -> None:
    """1.00 avoided among three items: 0.34 to the lowest key, 0.33 to the others, each from
    its start year; in year 1 only two items are active, so the risk has 0.67 of its 1.00 (the
    whole, shared by the two, was counted from year 1 before)."""
    shared = risk(7, exposure=1, likelihood_before="1", cost_before="1.00")
    items = [
        item(9, "Cases", risk_keys=(7,), start_year=2),
        item(5, "Insurance", risk_keys=(7,)),
        item(2, "Training", risk_keys=(7,)),
    ]
    result = compute(proposal(horizon_years=3, items=items, risks=[shared]))
    outcome = result.base.benefits.risks[0]
    assert outcome.mitigating_item_keys == (2, 5, 9)
    by_key = {a.item_key: a.by_year for a in outcome.attributions}
    assert by_key[2] == (D("0.34"), D("0.34"), D("0.34"))
    assert by_key[5] == (D("0.33"), D("0.33"), D("0.33"))
    assert by_key[9] == (D("0.00"), D("0.33"), D("0.33"))
    assert outcome.avoided_by_year == (D("0.67"), D("1.00"), D("1.00"))
    for index in range(3):
        assert sum(a.by_year[index] for a in outcome.attributions) == outcome.avoided_by_year[index]


def test_odd_cents_spread_in_ascending_key_order() -> None:
    tiny = risk(1, exposure=1, likelihood_before="1", cost_before="0.05")
    items = [item(k, risk_keys=(1,)) for k in (30, 10, 20)]
    result = compute(proposal(horizon_years=1, items=items, risks=[tiny]))
    shares = {a.item_key: a.total for a in result.base.benefits.risks[0].attributions}
    assert shares == {10: D("0.02"), 20: D("0.02"), 30: D("0.01")}


def test_avoided_cost_counts_only_once_a_mitigating_item_is_active() -> None:
    late = item(1, "Insurance", risk_keys=(1,), start_year=3)
    result = compute(proposal(horizon_years=4, items=[late], risks=[loss_risk()]))
    assert result.base.benefits.avoided_by_year == (D(0), D(0), D("37800.00"), D("37800.00"))


def test_worse_mitigation_is_kept_negative_and_flagged() -> None:
    worse = loss_risk(likelihood_after="0.06")
    result = compute(proposal(horizon_years=2, items=[item(1, risk_keys=(1,))], risks=[worse]))
    outcome = result.base.benefits.risks[0]
    assert outcome.avoided_per_year == D("-12600.00")
    assert outcome.mitigation_worse
    assert result.base.benefits.total == D("-25200.00")


def test_negative_avoided_cost_also_splits_exactly() -> None:
    worse = risk(1, exposure=1, likelihood_before="0", likelihood_after="1", cost_after="1.00")
    items = [item(k, risk_keys=(1,)) for k in (1, 2, 3)]
    result = compute(proposal(horizon_years=1, items=items, risks=[worse]))
    shares = [a.total for a in result.base.benefits.risks[0].attributions]
    assert sum(shares) == D("-1.00")
    assert max(shares) - min(shares) == D("0.01")


def test_unmitigated_risk_avoids_nothing_and_is_listed() -> None:
    """A risk nothing in the plan mitigates keeps its loss: its estimate "with mitigation" is
    what an item would do, not what the plan does, so it shows nowhere as avoided."""
    result = compute(proposal(items=[item(1)], risks=[loss_risk()]))
    assert result.base.benefits.avoided_total == 0
    assert [r.key for r in result.alignment.risks_without_item] == [1]
    (outcome,) = result.base.benefits.risks
    assert outcome.expected_loss_before == outcome.expected_loss_after == D("63000.00")
    assert outcome.avoided_per_year == 0 and not outcome.mitigation_worse


def test_savings_are_a_per_item_amount_from_the_start_year() -> None:
    saver = item(1, quantity=500, annual_savings="1000", start_year=2)
    result = compute(proposal(horizon_years=3, items=[saver]))
    assert result.base.benefits.savings_by_year == (D(0), D(1000), D(1000))


def test_dropping_the_only_mitigating_item_in_a_scenario_loses_the_avoided_cost() -> None:
    items = [item(1, "Insurance", risk_keys=(1,)), item(2, "Devices")]
    result = compute(
        proposal(
            horizon_years=2, items=items, risks=[loss_risk()], scenarios=[scenario(1, {2: None})]
        )
    )
    assert result.base.benefits.avoided_total == D("75600.00")
    assert result.scenarios[1].benefits.avoided_total == 0
    assert result.scenarios[1].versus_base is not None
    assert result.scenarios[1].versus_base.benefits == D("-75600.00")


def test_an_item_at_quantity_zero_neither_mitigates_nor_saves() -> None:
    insurance = item(1, "Insurance", quantity=0, recurring_unit_cost="18", risk_keys=(1,),
                     annual_savings="5000")  # fmt: skip
    result = compute(proposal(horizon_years=3, items=[insurance], risks=[loss_risk()]))
    benefits = result.base.benefits
    (outcome,) = benefits.risks
    assert outcome.mitigating_item_keys == ()
    assert outcome.avoided_total == 0 and outcome.attributions == ()
    assert outcome.avoided_per_year == 0
    assert outcome.expected_loss_after == outcome.expected_loss_before
    assert benefits.savings_total == 0
    assert benefits.total == 0


def test_a_scenario_that_drops_an_item_to_zero_loses_its_benefits() -> None:
    insurance = item(1, "Insurance", quantity=4200, recurring_unit_cost="18", risk_keys=(1,))
    help_desk = item(2, "Help desk", quantity=2, recurring_unit_cost="55000",
                     annual_savings="15000")  # fmt: skip
    result = compute(
        proposal(
            horizon_years=3,
            items=[insurance, help_desk],
            risks=[loss_risk()],
            scenarios=[scenario(1, {1: 0, 2: 0}, "Nothing bought")],
        )
    )
    base, nothing = result.base, result.scenarios[1]
    assert base.benefits.avoided_total == D("113400.00")
    assert base.benefits.savings_total == D("45000.00")
    assert nothing.tco.total == 0
    assert nothing.benefits.total == 0
    assert nothing.benefits.risks[0].mitigating_item_keys == ()
    assert nothing.returns.npv == 0
    # Dropping everything can no longer look better than buying it for the benefits it brings.
    assert nothing.versus_base is not None
    assert nothing.versus_base.benefits == -(D("113400.00") + D("45000.00"))


def test_savings_scale_with_the_scenario_quantity_and_round_half_up_each_year() -> None:
    help_desk = item(1, "Help desk", quantity=3, recurring_unit_cost="1000",
                     annual_savings="100.00", start_year=2)  # fmt: skip
    result = compute(
        proposal(
            horizon_years=3,
            items=[help_desk],
            scenarios=[
                scenario(1, {1: 1}, "One of three"),
                scenario(2, {1: 6}, "Twice as many"),
                scenario(3, {1: "0.5"}, "Half of one"),
            ],
        )
    )
    savings = [s.benefits.savings_by_year for s in result.scenarios]
    assert savings[0] == (D(0), D("100.00"), D("100.00"))  # as proposed
    assert savings[1] == (D(0), D("33.33"), D("33.33"))  # 100 × 1/3 = 33.333...
    assert savings[2] == (D(0), D("200.00"), D("200.00"))
    assert savings[3] == (D(0), D("16.67"), D("16.67"))  # 100 × 0.5/3 = 16.666..., half-up
    one = result.scenarios[1]
    assert one.items[0].savings_total == D("66.66") == one.benefits.savings_total


def test_a_partial_quantity_mitigates_its_part_of_the_risk() -> None:
    """The share rule: 100 of 4,200 devices insured earn 100/4,200 of the reduction, and the
    risk's loss after mitigation in that scenario is what is left. (Any quantity used to count
    as the whole mitigation, so a scenario could cut a safeguard to almost nothing and keep
    all of its value.)"""
    insurance = item(1, "Insurance", quantity=4200, recurring_unit_cost="18", risk_keys=(1,))
    result = compute(
        proposal(
            horizon_years=3,
            items=[insurance],
            risks=[loss_risk()],
            scenarios=[
                scenario(1, {1: 100}, "A few devices insured"),
                scenario(2, {1: 8400}, "Twice as many"),
            ],
        )
    )
    few, more = result.scenarios[1], result.scenarios[2]
    (outcome,) = few.benefits.risks
    assert outcome.mitigating_item_keys == (1,)
    # 37,800.00 × 100 / 4,200 = 900.00 a year.
    assert outcome.avoided_by_year == (D("900.00"),) * 3
    assert outcome.avoided_per_year == D("900.00")
    assert outcome.expected_loss_after == D("63000.00") - D("900.00")
    assert few.benefits.avoided_total == D("2700.00")
    # Buying more than proposed mitigates no more.
    assert more.benefits.avoided_total == result.base.benefits.avoided_total


def test_a_scenario_keeps_the_shares_of_the_mitigating_items_it_buys() -> None:
    """Four items share a 1,000.00 reduction (250.00 each). A scenario that drops one and
    buys half of another keeps 250 + 250 + 125 = 625.00, each share rounded half-up to the
    cent, and its attributions still add up to the risk's figure every year."""
    shared = risk(1, exposure=1, likelihood_before="1", cost_before="1000.00")
    items = [item(k, f"Safeguard {k}", quantity=10, risk_keys=(1,)) for k in (1, 2, 3, 4)]
    result = compute(
        proposal(
            horizon_years=2,
            items=items,
            risks=[shared],
            scenarios=[scenario(1, {1: None, 2: None, 3: 5}, "Lean")],
        )
    )
    base, lean = result.base.benefits.risks[0], result.scenarios[1].benefits.risks[0]
    assert base.avoided_per_year == D("1000.00")
    assert lean.mitigating_item_keys == (1, 2, 3)
    assert {a.item_key: a.total for a in lean.attributions} == {
        1: D("500.00"), 2: D("500.00"), 3: D("250.00"),
    }  # fmt: skip
    assert lean.avoided_by_year == (D("625.00"), D("625.00"))
    for year in range(2):
        assert sum(a.by_year[year] for a in lean.attributions) == lean.avoided_by_year[year]


def test_shares_of_odd_cents_round_half_up_per_item_and_year() -> None:
    """1.00 shared by three items is 0.34, 0.33 and 0.33; a scenario buying half of the last
    earns 0.165, rounded half-up to 0.17: 0.84 in all."""
    tiny = risk(1, exposure=1, likelihood_before="1", cost_before="1.00")
    items = [item(k, quantity=2, risk_keys=(1,)) for k in (1, 2, 3)]
    result = compute(
        proposal(
            horizon_years=1,
            items=items,
            risks=[tiny],
            scenarios=[scenario(1, {1: None, 2: None, 3: 1})],
        )
    )
    outcome = result.scenarios[1].benefits.risks[0]
    assert {a.item_key: a.total for a in outcome.attributions} == {
        1: D("0.34"), 2: D("0.33"), 3: D("0.17"),
    }  # fmt: skip
    assert outcome.avoided_total == D("0.84")


def test_a_scenario_that_buys_everything_as_proposed_matches_the_base_case() -> None:
    items = [item(1, "Insurance", quantity=4200, risk_keys=(1,)), item(2, "Cases", risk_keys=(1,))]
    result = compute(
        proposal(
            horizon_years=3,
            items=items,
            risks=[loss_risk()],
            scenarios=[scenario(1, {1: None, 2: None}, "Same")],
        )
    )
    assert result.scenarios[1].benefits == result.base.benefits


def test_an_alternative_the_proposal_does_not_buy_mitigates_in_full_when_bought() -> None:
    """An item at quantity 0 in the proposal has no part to measure: a scenario that swaps it
    in for the proposed safeguard keeps the whole reduction (it used to keep half, sharing it
    with the safeguard it dropped)."""
    shared = risk(1, exposure=1, likelihood_before="1", cost_before="100.00")
    items = [item(1, quantity=1, risk_keys=(1,)), item(2, quantity=0, risk_keys=(1,))]
    result = compute(
        proposal(
            horizon_years=1,
            items=items,
            risks=[shared],
            scenarios=[
                scenario(1, {1: None, 2: 3}, "Both"),
                scenario(2, {2: 3}, "The alternative instead"),
            ],
        )
    )
    assert result.base.benefits.risks[0].mitigating_item_keys == (1,)
    both = result.scenarios[1].benefits.risks[0]
    assert both.mitigating_item_keys == (1, 2)
    assert {a.item_key: a.total for a in both.attributions} == {1: D("50.00"), 2: D("50.00")}
    assert both.avoided_total == D("100.00")
    swapped = result.scenarios[2].benefits.risks[0]
    assert swapped.mitigating_item_keys == (2,) and swapped.avoided_total == D("100.00")


def test_putting_a_safeguard_off_past_the_plan_never_raises_the_cost_avoided() -> None:
    """Two safeguards remove a $10,000-a-year loss between them. With the second bought in the
    plan's last year the case avoided $30,000; put off to the year after the plan it avoided
    $50,000, the first one then credited with the whole reduction from year 1. The second owns
    its half wherever it starts: the plan only ever sees the first one's half before it."""
    breach = risk(1, "Breach", exposure=1, likelihood_before="0.1", cost_before=100_000,
                  likelihood_after=0, cost_after=0)  # fmt: skip

    def avoided(second_start: int) -> tuple[Decimal, tuple[Decimal, ...]]:
        items = [
            item(1, "Multi-factor sign-in", unit_cost=1000, risk_keys=(1,)),
            item(2, "Staff training", unit_cost=1000, start_year=second_start, risk_keys=(1,)),
        ]
        base = compute(proposal(horizon_years=5, items=items, risks=[breach])).base
        (outcome,) = base.benefits.risks
        return outcome.avoided_total, outcome.avoided_by_year

    in_last_year, after_the_plan = avoided(5), avoided(6)
    assert in_last_year[0] == D("30000.00")
    assert after_the_plan == (D("25000.00"), (D("5000.00"),) * 5)
    assert after_the_plan[0] < in_last_year[0]
