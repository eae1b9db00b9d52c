"""Replacements due soon after the plan: the plan's own purchase rule carried past its end."""

from __future__ import annotations

from decimal import Decimal

from finance_factories import item, proposal

from desktop.finance import compute
from desktop.finance.after_plan import (
    AFTER_PLAN_YEARS,
    after_plan_note,
    listed_refreshes,
    next_purchase_year,
    remaining_value_note,
)

D = Decimal


def test_the_next_purchase_follows_the_lifespan_past_the_plans_end() -> None:
    assert next_purchase_year(1, 6, 5) == 7
    assert next_purchase_year(1, 4, 5) == 9  # bought in 1 and 5 inside the plan
    assert next_purchase_year(2, 2, 5) == 6
    assert next_purchase_year(1, 5, 5) == 6  # bought again the year after the plan
    assert next_purchase_year(1, None, 5) is None  # never replaced
    assert next_purchase_year(7, 3, 5) is None  # starts after the plan: nothing to replace


def test_replacements_due_in_the_years_after_the_plan_at_its_price_increases() -> None:
    result = compute(
        proposal(
            horizon_years=5,
            fiscal_year_start=2027,
            purchase_escalation_rate=D("0.02"),
            items=[
                item(1, "Wi-Fi", quantity=240, unit_cost="800", lifespan_years=6),
                item(2, "Switches", quantity=44, unit_cost="3600", lifespan_years=7),
                item(3, "Laptops", quantity=10, unit_cost="700", lifespan_years=4),  # year 9
                item(4, "Training", quantity=1, recurring_unit_cost="5000", lifespan_years=2),
                item(5, "Cabling", quantity=1, unit_cost="9000"),  # never replaced
            ],
        )
    )
    after = result.after_plan
    assert after.years == AFTER_PLAN_YEARS == 3
    assert (after.first_label, after.last_label) == ("2032\u201333", "2034\u201335")
    assert [(r.name, r.plan_year, r.fiscal_year_label) for r in after.refreshes] == [
        ("Wi-Fi", 7, "2033\u201334"),
        ("Switches", 8, "2034\u201335"),
    ]
    # 240 × 800 × 1.02⁶ and 44 × 3,600 × 1.02⁷, each rounded to the cent once.
    assert [r.amount for r in after.refreshes] == [D("216223.18"), D("181951.81")]
    assert after.total == D("398174.99")
    # None of it is in the plan's own cost: Wi-Fi is bought once inside the plan.
    wifi_flow = next(flow for flow in result.base.items if flow.name == "Wi-Fi")
    assert sum(1 for amount in wifi_flow.one_time_by_year if amount) == 1


def test_the_note_names_the_largest_replacement_or_the_only_one() -> None:
    two = compute(
        proposal(
            horizon_years=5,
            items=[
                item(1, "Wi-Fi", quantity=1, unit_cost="1000", lifespan_years=6),
                item(2, "Core", quantity=1, unit_cost="3000", lifespan_years=7),
            ],
        )
    )
    note = after_plan_note(two.after_plan, "USD")
    assert note.startswith("After the plan, 2 replacements fall due in ")
    assert "$4,000.00" in note and "The largest is \u201cCore\u201d, $3,000.00 in" in note
    one = compute(
        proposal(horizon_years=5, items=[item(1, "Wi-Fi", quantity=1, unit_cost="1000",
                                              lifespan_years=6)])
    )  # fmt: skip
    note = after_plan_note(one.after_plan, "USD")
    assert note.startswith("After the plan, \u201cWi-Fi\u201d falls due for replacement in ")
    assert "leaves it out" in note
    nothing = compute(proposal(horizon_years=5, items=[item(1, quantity=1, unit_cost="10")]))
    assert nothing.after_plan.refreshes == () and after_plan_note(nothing.after_plan, "") == ""


def test_a_long_list_of_replacements_shows_the_largest_and_adds_up_the_rest() -> None:
    result = compute(
        proposal(
            horizon_years=5,
            items=[
                item(n, f"Item {n}", quantity=1, unit_cost=str(100 * n), lifespan_years=6)
                for n in range(1, 21)
            ],
        )
    )
    after = result.after_plan
    assert len(after.refreshes) == 20
    shown, others, others_total = listed_refreshes(after)
    assert [refresh.name for refresh in shown] == [f"Item {n}" for n in range(6, 21)]
    assert others == 5 and others_total == D(100 + 200 + 300 + 400 + 500)
    assert sum(refresh.amount for refresh in shown) + others_total == after.total


def test_an_item_replaced_every_year_is_due_in_each_year_after_the_plan() -> None:
    """Only an item's first purchase after the plan was counted, so hotspots bought every year
    were due once in a window of three years."""
    result = compute(
        proposal(
            horizon_years=5,
            purchase_escalation_rate=D("0.02"),
            items=[item(1, "Hotspots", quantity=200, unit_cost="85", lifespan_years=1)],
        )
    )
    after = result.after_plan
    assert [r.plan_year for r in after.refreshes] == [6, 7, 8]
    # The same prices the plan itself pays: 17,000 × 1.02 ** (year − 1), to the cent.
    in_plan = result.base.items[0].one_time_by_year
    assert in_plan[-1] == D("18401.35")  # year 5
    assert [r.amount for r in after.refreshes] == [D("18769.37"), D("19144.76"), D("19527.66")]
    assert after.total == sum(r.amount for r in after.refreshes)


def test_equal_replacements_are_not_called_the_largest_of_them() -> None:
    result = compute(
        proposal(
            horizon_years=5,
            items=[
                item(n, f"Cart {n}", quantity=1, unit_cost="1000", lifespan_years=6)
                for n in range(1, 18)
            ],
        )
    )
    note = after_plan_note(result.after_plan, "USD")
    assert "The largest, $1,000.00 each, are 17 of them." in note
    assert "\u201cCart" not in note
    shown, others, others_total = listed_refreshes(result.after_plan)
    assert [r.name for r in shown] == [f"Cart {n}" for n in range(1, 16)]
    assert (others, others_total) == (2, D(2000))


def test_the_recurring_costs_that_go_on_after_the_plan_follow_the_plans_own_rule() -> None:
    """A CFO looking for the yearly cost the district keeps after the plan found only the
    replacements: the licences, support and staff that go on were nowhere."""
    from desktop.finance.after_plan import recurring_after_note

    result = compute(
        proposal(
            horizon_years=5,
            fiscal_year_start=2027,
            recurring_escalation_rate=D("0.03"),
            items=[
                item(1, "Licences", quantity=10, recurring_unit_cost="100"),
                item(2, "Technician", quantity=1, recurring_unit_cost="70000", start_year=3),
                item(3, "Cabling", quantity=1, unit_cost="9000"),  # nothing recurring
                item(4, "Later", quantity=1, recurring_unit_cost="500", start_year=6),  # outside
            ],
        )
    )
    after = result.after_plan
    # Year 6 of a plan at 3% a year: each item's cost × 1.03⁵, rounded per item as in the plan.
    assert after.recurring_next_year == D("1159.27") + D("81149.19")
    # The plan's last year, carried one more year at the same rate, item by item.
    last = result.base.tco.recurring_by_year[-1]
    assert last == D("1125.51") + D("78785.62")
    assert recurring_after_note(after, "USD").startswith(
        "The recurring costs go on after the plan: $82,308.46 in 2032–33"
    )
    nothing = compute(proposal(items=[item(1, "Cabling", quantity=1, unit_cost="9000")]))
    assert nothing.after_plan.recurring_next_year == 0
    assert nothing.after_plan.recurring_per_student is None
    assert recurring_after_note(nothing.after_plan, "USD") == ""


def test_the_lasting_yearly_cost_is_also_given_per_student() -> None:
    """A CFO budgets per pupil: the recurring cost the plan leaves behind is divided by its
    students, to the cent, and said after the yearly figure."""
    from desktop.finance.after_plan import recurring_after_note

    items = [item(1, "Licences", quantity=1, recurring_unit_cost="10000")]
    result = compute(proposal(horizon_years=5, fiscal_year_start=2027, students=3, items=items))
    after = result.after_plan
    assert after.recurring_next_year == D("10000")
    assert after.recurring_per_student == D("3333.33")  # 10,000 / 3, to the cent
    assert recurring_after_note(after, "USD").endswith(
        "every year from then on: $3,333.33 per student at the plan's 3 students."
    )
    one = compute(proposal(students=1, items=items)).after_plan
    assert recurring_after_note(one, "USD").endswith("per student at the plan's 1 student.")


def test_the_use_still_to_come_after_the_plan_from_purchases_within_it() -> None:
    """Devices bought again in the plan's last year serve three years after it: the CFO is told
    what of their price is still to be used, which the total cost counts whole."""
    result = compute(
        proposal(
            horizon_years=5,
            fiscal_year_start=2027,
            purchase_escalation_rate=D("0.03"),
            items=[
                # Bought in years 1 and 5; the year-5 purchase has 3 of its 4 years to come.
                item(1, "Student devices", quantity=100, unit_cost="500", lifespan_years=4),
                # Bought in year 1 with a 6-year life: 1 year of it after the plan.
                item(2, "Wi-Fi", quantity=1, unit_cost="1000", lifespan_years=6),
                item(3, "Carts", quantity=5, unit_cost="900", lifespan_years=5),  # used up
                item(4, "Cabling", quantity=1, unit_cost="9000"),  # no lifespan: not counted
            ],
        )
    )
    after = result.after_plan
    # 100 × 500 × 1.03⁴ = 56,275.44 (the engine's price in year 5) × 3 ÷ 4 = 42,206.58;
    # and 1,000 × 1 ÷ 6 = 166.67.
    devices = next(flow for flow in result.base.items if flow.name == "Student devices")
    assert devices.one_time_by_year[4] == D("56275.44")
    assert after.remaining_value == D("42373.25")
    largest = after.remaining_largest
    assert largest is not None
    assert (largest.name, largest.fiscal_year_label, largest.amount) == (
        "Student devices",
        "2031\u201332",
        D("42206.58"),
    )
    # Told, as the figures stand: the cost and the returns count the whole price.
    assert result.tco_total == D("50000.00") + D("56275.44") + D("1000.00") + D("4500.00") + D(
        "9000.00"
    )
    assert remaining_value_note(after, "USD") == (
        "Purchases late in the plan last beyond it: $42,373.25 of what it buys (straight line "
        "over each item's life) is use still to come after 2031\u201332, the largest share, "
        "$42,206.58, from \u201cStudent devices\u201d bought in 2031\u201332. The total cost of "
        "ownership counts their whole price and no value left at the end."
    )


def test_no_note_when_little_or_nothing_of_the_plans_purchases_is_left() -> None:
    # Every item's life ends with the plan: nothing left.
    used_up = compute(
        proposal(items=[item(1, "Carts", quantity=5, unit_cost="900", lifespan_years=5)])
    )
    assert used_up.after_plan.remaining_value == 0
    assert used_up.after_plan.remaining_largest is None
    assert remaining_value_note(used_up.after_plan, "USD") == ""
    # A sliver left, under 5% of the total cost: not worth the CFO's question.
    sliver = compute(
        proposal(
            items=[
                item(1, "Wi-Fi", quantity=1, unit_cost="1000", lifespan_years=6),
                item(2, "Cabling", quantity=1, unit_cost="9000"),
            ]
        )
    )
    assert sliver.after_plan.remaining_value == D("166.67")
    assert remaining_value_note(sliver.after_plan, "USD") == ""
    # Alone, the same Wi-Fi leaves a sixth of its cost: told, all of it that one purchase.
    alone = compute(
        proposal(items=[item(1, "Wi-Fi", quantity=1, unit_cost="1000", lifespan_years=6)])
    )
    assert "$166.67 of what it buys" in remaining_value_note(alone.after_plan, "USD")
    assert "all of it \u201cWi-Fi\u201d bought in 2027\u201328." in remaining_value_note(
        alone.after_plan, "USD"
    )
