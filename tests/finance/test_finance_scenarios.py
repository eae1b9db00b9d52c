"""Scenarios side by side, and what moves the NPV most (sensitivity)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from finance_factories import item, proposal, risk, scenario, source

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput, ScenarioInput
from desktop.finance.result import BASE_CASE_NAME, Driver
from desktop.finance.scenarios import alternatives_note

D = Decimal


def district() -> ProposalInput:
    return proposal(
        horizon_years=6,
        students=2000,
        discount_rate=D("0.04"),
        items=[
            item(1, "Chromebooks", quantity=2000, unit_cost="280", lifespan_years=4,
                 risk_keys=(1,)),
            item(2, "Access points", quantity=80, unit_cost="950", recurring_unit_cost="60",
                 lifespan_years=5),
            item(3, "Insurance", quantity=2000, recurring_unit_cost="18.50", risk_keys=(1,)),
            item(4, "Help desk", quantity=2, recurring_unit_cost="55000", annual_savings="15000"),
        ],
        risks=[
            risk(1, "Breakage", exposure=2000, likelihood_before="0.15",
                 likelihood_after="0.05", cost_before="220", cost_after="60"),
        ],
        funding=[source(1, {y: 400000 for y in range(1, 7)}, recurring=True)],
        scenarios=[
            scenario(10, {1: 1500, 2: None, 3: 1500}, "Lean"),
            scenario(11, {1: None, 2: None, 3: None, 4: None}, "Recommended"),
        ],
    )  # fmt: skip


def test_base_case_comes_first_then_each_scenario() -> None:
    result = compute(district())
    assert [s.name for s in result.scenarios] == [BASE_CASE_NAME, "Lean", "Recommended"]
    assert result.base.is_base and result.base.key is None and result.base.versus_base is None
    assert [s.key for s in result.scenarios[1:]] == [10, 11]


def test_scenario_with_all_items_at_own_quantities_equals_the_base_case() -> None:
    result = compute(district())
    recommended = result.scenarios[2]
    assert recommended.tco == result.base.tco
    assert recommended.returns == result.base.returns
    assert recommended.versus_base is not None
    assert recommended.versus_base.tco == 0 and recommended.versus_base.npv == 0


def test_lean_scenario_figures_and_differences() -> None:
    result = compute(district())
    lean = result.scenarios[1]
    assert [f.key for f in lean.items] == [1, 2, 3]
    assert lean.items[0].quantity == D(1500)
    # Chromebooks 1500 × 280 in years 1 and 5; APs 76,000 in years 1 and 6 plus 4,800 a year;
    # insurance 1500 × 18.50 a year.
    expected = 2 * 420000 + 2 * 76000 + 6 * 4800 + 6 * 27750
    assert lean.tco.total == D(expected)
    assert lean.versus_base is not None
    assert lean.versus_base.tco == lean.tco.total - result.base.tco.total
    assert lean.versus_base.npv == lean.returns.npv - result.base.returns.npv
    assert lean.tco.per_student_per_year == (D(expected) / 2000 / 6).quantize(D("0.01"))
    assert lean.benefits.savings_total == 0  # the help desk and its savings are left out


def sensitivity_npv(result: object, driver: Driver) -> tuple[Decimal, Decimal]:
    (line,) = [x for x in result.sensitivity.lines if x.driver is driver]  # type: ignore[attr-defined]
    return line.npv_low_input, line.npv_high_input


def npv_changed(p: ProposalInput, factor: Decimal, which: str) -> Decimal:
    """The NPV with one driver scaled, worked out in full. Quantities are changed as a scenario
    changes them (savings and shares of risk reduction follow the part of each item bought),
    the others in the proposal itself."""
    if which == "quantity":
        everything = ScenarioInput(
            999, "Scaled", {i.key: i.quantity * factor for i in p.items if i.quantity}
        )
        return compute(replace(p, scenarios=(everything,))).scenarios[1].returns.npv
    return compute(scaled(p, factor, **{which: True})).npv


def scaled(p: ProposalInput, factor: Decimal, **which: bool) -> ProposalInput:
    items = tuple(
        replace(
            i,
            quantity=i.quantity * factor if which.get("quantity") else i.quantity,
            lifespan_years=(
                max(1, int((D(i.lifespan_years) * factor).quantize(D(1), "ROUND_HALF_UP")))
                if which.get("lifespan") and i.lifespan_years
                else i.lifespan_years
            ),
        )
        for i in p.items
    )
    risks = tuple(
        replace(
            r,
            likelihood_before=min(D(1), r.likelihood_before * factor),
            # The plan changes the chance by as much as it did (kept between 0 and 1).
            likelihood_after=min(
                D(1),
                max(
                    D(0),
                    min(D(1), r.likelihood_before * factor)
                    - (r.likelihood_before - r.likelihood_after),
                ),
            ),
        )
        if which.get("likelihood")
        else r
        for r in p.risks
    )
    rate = p.discount_rate * factor if which.get("rate") else p.discount_rate
    return replace(p, items=items, risks=risks, discount_rate=rate)


@pytest.mark.parametrize(
    ("driver", "which"),
    [
        (Driver.QUANTITIES, "quantity"),
        (Driver.LIFESPANS, "lifespan"),
        (Driver.RISK_LIKELIHOODS, "likelihood"),
        (Driver.DISCOUNT_RATE, "rate"),
    ],
)
def test_sensitivity_agrees_with_recomputing_the_changed_proposal(
    driver: Driver, which: str
) -> None:
    base = district()
    low, high = sensitivity_npv(compute(base), driver)
    recomputed_low = npv_changed(base, D("0.8"), which)
    recomputed_high = npv_changed(base, D("1.2"), which)
    # Shortcuts work on exact amounts, the full run rounds each item-year: a few cents apart.
    assert abs(low - recomputed_low) <= D("0.10")
    assert abs(high - recomputed_high) <= D("0.10")


@pytest.mark.parametrize("which", ["likelihood", "quantity", "risk_cost"])
def test_sensitivity_agrees_with_recomputing_when_safeguards_start_in_different_years(
    which: str,
) -> None:
    """The insurance starting in year 4 brings its half of the breakage reduction from then
    on; the likelihood line counted the whole change from the Chromebooks' year 1, and
    overstated its swing (by 12% in a proposal shaped like this)."""
    base = district()
    staggered = tuple(replace(i, start_year=4) if i.key == 3 else i for i in base.items)
    base = replace(base, items=staggered, scenarios=())
    driver = {
        "likelihood": Driver.RISK_LIKELIHOODS,
        "quantity": Driver.QUANTITIES,
        "risk_cost": Driver.RISK_COSTS,
    }[which]
    low, high = sensitivity_npv(compute(base), driver)
    if which == "risk_cost":
        recomputed = [compute(scaled_estimates(base, D(f), which)).npv for f in ("0.8", "1.2")]
    else:
        recomputed = [npv_changed(base, D(f), which) for f in ("0.8", "1.2")]
    assert abs(low - recomputed[0]) <= D("0.10")
    assert abs(high - recomputed[1]) <= D("0.10")


def district_with_idle_item() -> ProposalInput:
    """The district plus an item at quantity 0 that would save money and mitigate a risk of its
    own if it were bought: no shortcut may count what it would bring."""
    base = district()
    idle = item(5, "Theft recovery service", quantity=0, recurring_unit_cost="12",
                annual_savings="9000", risk_keys=(2,))  # fmt: skip
    theft = risk(2, "Theft", exposure=2000, likelihood_before="0.02", likelihood_after="0.01",
                 cost_before="300", cost_after="300")  # fmt: skip
    return replace(base, items=(*base.items, idle), risks=(*base.risks, theft), scenarios=())


def scaled_estimates(p: ProposalInput, factor: Decimal, which: str) -> ProposalInput:
    """``p`` with every annual saving, or every risk cost per occurrence, scaled."""
    if which == "savings":
        return replace(
            p, items=tuple(replace(i, annual_savings=i.annual_savings * factor) for i in p.items)
        )
    return replace(
        p,
        risks=tuple(
            replace(r, cost_before=r.cost_before * factor, cost_after=r.cost_after * factor)
            for r in p.risks
        ),
    )


@pytest.mark.parametrize(
    ("driver", "which"),
    [
        (Driver.QUANTITIES, "quantity"),
        (Driver.LIFESPANS, "lifespan"),
        (Driver.RISK_LIKELIHOODS, "likelihood"),
        (Driver.DISCOUNT_RATE, "rate"),
        (Driver.ANNUAL_SAVINGS, "savings"),
        (Driver.RISK_COSTS, "risk_cost"),
    ],
)
def test_sensitivity_with_an_idle_item_agrees_with_recomputing(driver: Driver, which: str) -> None:
    base = district_with_idle_item()
    result = compute(base)
    assert result.base.benefits.risks[1].avoided_total == 0  # nothing mitigates the theft
    low, high = sensitivity_npv(result, driver)
    if which in ("savings", "risk_cost"):
        recomputed = [compute(scaled_estimates(base, D(f), which)).npv for f in ("0.8", "1.2")]
    else:
        recomputed = [npv_changed(base, D(f), which) for f in ("0.8", "1.2")]
    assert abs(low - recomputed[0]) <= D("0.10")
    assert abs(high - recomputed[1]) <= D("0.10")
    assert low != high or driver is Driver.DISCOUNT_RATE


def test_sensitivity_ranking_puts_the_biggest_swing_first() -> None:
    result = compute(district())
    swings = [line.swing for line in result.sensitivity.lines]
    assert swings == sorted(swings, reverse=True)
    assert len(result.sensitivity.lines) == len(Driver)
    # Quantities move every cost, so they swing at least as much as one-time or recurring costs.
    by_driver = {line.driver: line.swing for line in result.sensitivity.lines}
    assert by_driver[Driver.QUANTITIES] >= by_driver[Driver.ONE_TIME_COSTS]
    assert by_driver[Driver.QUANTITIES] >= by_driver[Driver.RECURRING_COSTS]
    assert result.sensitivity.lines[0].driver is Driver.QUANTITIES
    assert result.sensitivity.base_npv == result.npv


def test_linear_drivers_swing_by_twice_the_step_of_their_present_value() -> None:
    p = proposal(
        horizon_years=2, discount_rate=D(0),
        items=[item(1, quantity=10, unit_cost="1000", recurring_unit_cost="100",
                    annual_savings="500")],
    )  # fmt: skip
    result = compute(p)
    by_driver = {line.driver: line for line in result.sensitivity.lines}
    assert by_driver[Driver.ONE_TIME_COSTS].swing == D(4000)  # 2 × 20 % × 10,000
    assert by_driver[Driver.ONE_TIME_COSTS].npv_low_input == result.npv + 2000
    assert by_driver[Driver.RECURRING_COSTS].swing == D(800)
    assert by_driver[Driver.ANNUAL_SAVINGS].swing == D(400)
    assert by_driver[Driver.DISCOUNT_RATE].swing == 0  # a zero rate cannot move
    assert by_driver[Driver.LIFESPANS].swing == 0  # nothing is refreshed


def test_custom_step() -> None:
    p = proposal(horizon_years=1, items=[item(1, quantity=1, unit_cost="1000")])
    result = compute(p, sensitivity_step=D("0.5"))
    by_driver = {line.driver: line.swing for line in result.sensitivity.lines}
    assert by_driver[Driver.ONE_TIME_COSTS] == D(1000)
    assert result.sensitivity.step == D("0.5")


def test_what_the_proposal_buys_beyond_a_cheaper_scenario_counts_only_what_it_gives_up() -> None:
    """The note named an alternative the proposal does not buy, called an item kept at
    quantity 0 "fewer", and quoted the net difference ($8,000) though the item given up costs
    $20,000 and the scenario spends $12,000 more on another."""
    from desktop.finance.scenarios import beyond_the_best_note

    data = proposal(
        horizon_years=1,
        items=[
            item(1, "Training", unit_cost="20000"),
            item(2, "Cheap alt", quantity=0, unit_cost="100"),
            item(3, "Devices", quantity=2, unit_cost="3000"),
        ],
        scenarios=[scenario(1, {1: 0, 3: 5}, "Lean")],
    )
    note = beyond_the_best_note(compute(data))
    assert note.startswith("“Lean” returns more on paper because it leaves out 1 item (“Training”)")
    assert "Cheap alt" not in note and "fewer" not in note
    assert "the proposal spends $20,000.00 more over the plan on them" in note
    assert "(“Lean” buys more of 1 other item in their place)" in note
    # No cheaper scenario returning more: nothing to say.
    assert beyond_the_best_note(compute(proposal(items=[item(1, "Training")]))) == ""


def test_a_scenario_credited_in_full_for_an_alternative_says_so() -> None:
    """A third of the safeguards and a token 0.0001 of an alternative the proposal does not buy
    counted the risk as mitigated in full, lifting the scenario's net present value for next to
    nothing; the assumption is the share rule's, and a CFO reading the figures is told of it."""
    breakage = risk(1, "Device breakage", exposure=300, likelihood_before="0.2", cost_before="250")
    items = [
        item(1, "Cases", quantity=300, unit_cost="30", risk_keys=(1,)),
        item(2, "Other warranty", quantity=0, unit_cost="40", risk_keys=(1,)),
        item(3, "Switches", quantity=4, unit_cost="900"),
    ]
    scenarios = [
        scenario(1, {1: 100, 3: None}, "Thirds"),
        scenario(2, {1: 100, 2: "0.0001", 3: None}, "Thirds and a token"),
        scenario(3, {1: None, 3: None}, "Twin"),
    ]
    result = compute(proposal(horizon_years=3, items=items, risks=[breakage], scenarios=scenarios))
    thirds, token = result.scenarios[1], result.scenarios[2]
    assert token.benefits.avoided_total == 3 * thirds.benefits.avoided_total  # the rule's credit
    assert token.tco.total == thirds.tco.total  # for a cent's worth of cost

    note = alternatives_note(result)
    assert note == (
        "“Thirds and a token” buys “Other warranty”, which the proposal lists at quantity 0: "
        "with no quantity of its own to measure the part bought against, “Device breakage” "
        "counts as mitigated in full there, whatever quantity it buys."
    )
    # Past three, the rest are counted: one "and", not two.
    from desktop.finance.scenarios import _named

    assert _named(["A", "B", "C", "D", "E"], "more risk") == "“A”, “B”, “C” and 2 more risks"
    assert _named(["A", "B"], "more item") == "“A” and “B”"
    # Scenarios without such an item say nothing.
    plain = compute(
        proposal(horizon_years=3, items=items, risks=[breakage], scenarios=scenarios[::2])
    )
    assert alternatives_note(plain) == ""


def test_the_likelihood_test_invents_no_reduction_the_plan_does_not_claim() -> None:
    """Damage the plan makes cheaper, not rarer (16% before and after): raising the chance
    without the plan alone counted a fall from 19.2% to 16% the plan never claimed, and
    lowering it put the chance without the plan below the chance with it."""
    base = district()
    cheaper = risk(2, "Accidental damage", exposure=2000, likelihood_before="0.16",
                   likelihood_after="0.16", cost_before="270", cost_after="45")  # fmt: skip
    rarer = risk(3, "Theft", exposure=2000, likelihood_before="0.06", likelihood_after="0.05",
                 cost_before="300", cost_after="300")  # fmt: skip
    items = tuple(
        replace(i, risk_keys=(*i.risk_keys, 2, 3)) if i.key == 3 else i for i in base.items
    )
    data = replace(base, items=items, risks=(*base.risks, cheaper, rarer), scenarios=())
    result = compute(data)
    low, high = sensitivity_npv(result, Driver.RISK_LIKELIHOODS)
    assert abs(low - npv_changed(data, D("0.8"), "likelihood")) <= D("0.10")
    assert abs(high - npv_changed(data, D("1.2"), "likelihood")) <= D("0.10")
    # Damage alone: 20% more occurrences, each $225 cheaper, and none prevented, moves the
    # NPV as 20% dearer occurrences do; theft at 80% is 4.8% with the plan or without.
    items = tuple(replace(i, risk_keys=(2,) if i.key == 3 else ()) for i in base.items)
    damage_only = replace(base, items=items, risks=(cheaper,), scenarios=())
    damage = compute(damage_only)
    npv = damage.base.returns.npv
    by_likelihood = sensitivity_npv(damage, Driver.RISK_LIKELIHOODS)
    by_cost = sensitivity_npv(damage, Driver.RISK_COSTS)
    assert by_likelihood[1] > npv > by_likelihood[0]
    assert abs(by_likelihood[1] - by_cost[1]) <= D("0.10")
    assert abs(by_likelihood[0] - by_cost[0]) <= D("0.10")
    # No jump where the chances meet: lowering the chance a tenth of a point (16% to 15.9%)
    # moves the test's gain by nothing like the fall from 19.2% to 16% it once counted.
    nearly = replace(damage_only, risks=(replace(cheaper, likelihood_after=D("0.159")),))
    near = compute(nearly)
    near_gain = sensitivity_npv(near, Driver.RISK_LIKELIHOODS)[1] - near.base.returns.npv
    assert abs(near_gain - (by_likelihood[1] - npv)) <= D("0.10")
