"""Bad input is refused with a message that names the field and the thing, in plain words."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from finance_factories import item, proposal, risk, scenario, source

from desktop.finance import ValidationError, compute, validate
from desktop.finance.inputs import GoalLink, ProposalInput
from desktop.finance.result import ValidationIssue

D = Decimal


def good() -> ProposalInput:
    return proposal(
        items=[item(1, "Chromebooks", quantity=10, unit_cost="300"), item(2, "Wi-Fi")],
        risks=[risk(1, "Device loss", exposure=10, likelihood_before="0.1", cost_before="300")],
        funding=[source(1, {1: 1000}, recurring=True, name="Operating budget")],
    )


def with_item(**fields: Any) -> ProposalInput:
    p = good()
    return replace(p, items=(p.items[0], replace(p.items[1], **fields)))


def with_risk(**fields: Any) -> ProposalInput:
    p = good()
    return replace(p, risks=(replace(p.risks[0], **fields),))


CASES: list[tuple[str, ProposalInput, str, str]] = [
    ("negative quantity", with_item(quantity=D(-1)), "items[1].quantity", "Wi-Fi"),
    ("negative unit cost", with_item(unit_cost=D("-0.01")), "items[1].unit_cost", "Wi-Fi"),
    ("negative recurring", with_item(recurring_unit_cost=D(-5)), "items[1].recurring_unit_cost",
     "Wi-Fi"),
    ("negative savings", with_item(annual_savings=D(-5)), "items[1].annual_savings", "Wi-Fi"),
    ("zero lifespan", with_item(lifespan_years=0), "items[1].lifespan_years", "Wi-Fi"),
    ("negative lifespan", with_item(lifespan_years=-2), "items[1].lifespan_years", "Wi-Fi"),
    ("start year 0", with_item(start_year=0), "items[1].start_year", "Wi-Fi"),
    ("unknown goal", with_item(goal_links=(GoalLink(99),)), "items[1].goal_links[0]", "Wi-Fi"),
    ("unknown risk", with_item(risk_keys=(1, 42)), "items[1].risk_keys[1]", "Wi-Fi"),
    ("unknown metric", with_item(metric_keys=(5,)), "items[1].metric_keys[0]", "Wi-Fi"),
    ("not a number", with_item(unit_cost=D("NaN")), "items[1].unit_cost", "Wi-Fi"),
    ("zero students", replace(good(), students=0), "students", ""),
    ("negative students", replace(good(), students=-10), "students", ""),
    ("zero horizon", replace(good(), horizon_years=0), "horizon_years", ""),
    ("horizon 31", replace(good(), horizon_years=31), "horizon_years", ""),
    ("horizon 50", replace(good(), horizon_years=50), "horizon_years", ""),
    ("discount −100 %", replace(good(), discount_rate=D(-1)), "discount_rate", ""),
    ("discount 150 %", replace(good(), discount_rate=D("1.5")), "discount_rate", ""),
    ("escalation −100 %", replace(good(), purchase_escalation_rate=D(-1)),
     "purchase_escalation_rate", ""),
    ("recurring escalation", replace(good(), recurring_escalation_rate=D(-2)),
     "recurring_escalation_rate", ""),
    ("likelihood above 1", with_risk(likelihood_before=D("1.2")), "risks[0].likelihood_before",
     "Device loss"),
    ("likelihood below 0", with_risk(likelihood_after=D("-0.1")), "risks[0].likelihood_after",
     "Device loss"),
    ("negative exposure", with_risk(exposure=D(-1)), "risks[0].exposure", "Device loss"),
    ("negative risk cost", with_risk(cost_before=D(-1)), "risks[0].cost_before", "Device loss"),
    ("negative funding", replace(good(), funding=(source(1, {2: -5}, recurring=True,
     name="Operating budget"),)), "funding[0].amounts_by_year[2]", "Operating budget"),
    ("funding after horizon", replace(good(), funding=(source(1, {6: 5}, recurring=True,
     name="Operating budget"),)), "funding[0].amounts_by_year[6]", "Operating budget"),
    ("funding year 0", replace(good(), funding=(source(1, {0: 5}, recurring=True,
     name="Operating budget"),)), "funding[0].amounts_by_year[0]", "Operating budget"),
    ("scenario unknown item", replace(good(), scenarios=(scenario(1, {7: None}, "Lean"),)),
     "scenarios[0].item_quantities[7]", "Lean"),
    ("scenario negative", replace(good(), scenarios=(scenario(1, {1: -3}, "Lean"),)),
     "scenarios[0].item_quantities[1]", "Lean"),
    ("duplicate item keys", replace(good(), items=(item(1), item(1))), "items", ""),
    ("item over a trillion a year", with_item(quantity=D(1_000_000), unit_cost=D("1000000.01")),
     "items[1].unit_cost", "Wi-Fi"),
    ("recurring over a trillion", with_item(quantity=D(10**9), recurring_unit_cost=D(1001)),
     "items[1].recurring_unit_cost", "Wi-Fi"),
    ("savings over a trillion", with_item(quantity=D(2), annual_savings=D("1000000000000.01")),
     "items[1].annual_savings", "Wi-Fi"),
    ("risk over a trillion", with_risk(exposure=D(10**6), cost_before=D("1000000.01")),
     "risks[0].cost_before", "Device loss"),
    ("scenario quantity over a trillion", replace(good(), scenarios=(scenario(1, {1: 10**10},
     "Full"),)), "items[0].unit_cost", "Chromebooks"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "bad", "field", "subject"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_names_its_field_and_subject(
    case: str, bad: ProposalInput, field: str, subject: str
) -> None:
    issues = validate(bad)
    assert [i.field for i in issues] == [field], case
    assert issues[0].subject == subject
    assert issues[0].message.strip()
    with pytest.raises(ValidationError) as raised:
        compute(bad)
    assert raised.value.issues == tuple(issues)
    assert field in str(raised.value)


def test_a_good_proposal_has_no_issues() -> None:
    assert validate(good()) == []


def test_all_problems_are_reported_at_once() -> None:
    bad = replace(good(), students=0, horizon_years=0, discount_rate=D(3))
    assert {i.field for i in validate(bad)} == {"students", "horizon_years", "discount_rate"}


def test_message_reads_as_plain_words() -> None:
    (issue,) = validate(with_item(lifespan_years=0))
    assert str(issue) == (
        "items[1].lifespan_years (Wi-Fi): The lifespan must be at least 1 year "
        "(leave it empty if never replaced)."
    )


def test_boundaries_that_are_allowed() -> None:
    edge = replace(
        good(),
        horizon_years=30,
        discount_rate=D(1),
        items=(item(1, quantity=0, unit_cost="0", lifespan_years=1, start_year=30),),
        risks=(risk(1, exposure=0, likelihood_before="1", likelihood_after="0"),),
        funding=(source(1, {30: 0}, recurring=False),),
    )
    assert validate(edge) == []
    assert compute(edge).tco_total == 0


def test_a_large_fleets_whole_yearly_saving_is_not_multiplied_by_its_quantity() -> None:
    """The saving is the whole item's a year: 50,000 devices saving $50M a year is a real plan,
    not 50,000 × $50M."""
    assert validate(with_item(quantity=D(50_000), annual_savings=D(50_000_000))) == []


def test_a_trillion_a_year_is_the_most_and_escalation_counts_towards_it() -> None:
    """An item may cost up to a trillion a year, prices risen included: beyond it the figures
    stop being exact to the cent, and no district spends it. The refusal says what to check."""
    at_most = with_item(quantity=D(1_000_000), unit_cost=D(1_000_000))
    assert validate(at_most) == []
    compute(at_most)  # exact, and no arithmetic trouble at the limit
    risen = replace(at_most, purchase_escalation_rate=D("0.1"), horizon_years=3)
    (issue,) = validate(risen)
    assert issue.field == "items[1].unit_cost"
    assert issue.message == (
        "The quantity × the unit cost comes to more than $1,000,000,000,000 in a year by the "
        "plan's last year, prices rising. Check both figures."
    )
    # Validation remembers items found clean; a change of escalation is checked again.
    assert validate(replace(risen, purchase_escalation_rate=D(0))) == []
    assert len(validate(risen)) == 1


def test_bad_sensitivity_step_is_refused() -> None:
    with pytest.raises(ValidationError, match="sensitivity_step"):
        compute(good(), sensitivity_step=D("1.5"))


def test_a_plan_whose_totals_no_spreadsheet_can_carry_to_the_cent_is_refused() -> None:
    """A hundred items each just under the yearly limit, over 30 years, came to six
    quadrillion dollars: computed, exported, and the workbook's own formulas disagreed with
    the figures beside them (a spreadsheet number holds 15 significant digits)."""
    from desktop.finance import compute
    from desktop.finance.validation import MAX_PLAN_TOTAL, MAX_YEARLY_AMOUNT

    big = [
        item(k, f"Big {k}", quantity=1, recurring_unit_cost=str(MAX_YEARLY_AMOUNT))
        for k in range(1, 101)
    ]
    data = proposal(horizon_years=30, items=big)
    with pytest.raises(ValidationError) as refused:
        compute(data)
    [issue] = refused.value.issues
    assert issue.field == "items"
    assert issue.message == (
        "The plan's total cost comes to $3,000,000,000,000,000, past the "
        "$10,000,000,000,000 the figures can carry to the cent; check the largest quantities "
        "and amounts."
    )
    # Within the limit, its sensitivity's figures too (20% dearer is $9.6 trillion): computed.
    within = proposal(horizon_years=10, items=[
        item(1, "Big", quantity=1, recurring_unit_cost=str(MAX_PLAN_TOTAL / 10 * 8 / 10))
    ])  # fmt: skip
    assert compute(within).tco_total == MAX_PLAN_TOTAL * 8 / 10
    # At the limit itself, a cost 20% higher is past it: the ranking would show it.
    at = proposal(horizon_years=10, items=[
        item(1, "Big", quantity=1, recurring_unit_cost=str(MAX_PLAN_TOTAL / 10))
    ])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        compute(at)
    [issue] = refused.value.issues
    assert issue.field == "discount_rate"
    assert "with “Recurring annual costs” 20% higher comes to" in issue.message


def test_the_plan_is_named_before_its_scenarios_and_a_runaway_npv_is_refused_too() -> None:
    from desktop.finance import compute
    from desktop.finance.validation import MAX_YEARLY_AMOUNT

    half = str(MAX_YEARLY_AMOUNT / 2)
    big = [item(k, f"Big {k}", quantity=1, recurring_unit_cost=half) for k in range(1, 23)]
    doubled = scenario(50, {k: 2 for k in range(1, 23)}, "Twice over")
    data = proposal(horizon_years=1, items=big, scenarios=[doubled])
    with pytest.raises(ValidationError) as refused:
        compute(data)  # the plan, $11 trillion, and the scenario, $22 trillion: the plan said
    [issue] = refused.value.issues
    assert issue.message.startswith("The plan's total cost comes to $11,000,000,000,000, past")

    half_doubled = scenario(50, {k: 2 for k in range(1, 12)}, "Twice over")
    within = proposal(horizon_years=1, items=big[:11], scenarios=[half_doubled])
    with pytest.raises(ValidationError) as refused:
        compute(within)
    [issue] = refused.value.issues
    assert "comes to $11,000,000,000,000 in the scenario “Twice over”, past" in issue.message

    def refused_at_minus_half(years: int, yearly: str) -> ValidationIssue:
        data = proposal(
            horizon_years=years, discount_rate=Decimal("-0.5"),
            items=[item(1, "Filter", recurring_unit_cost=yearly)],
        )  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            compute(data)
        [issue] = refused.value.issues
        return issue

    # Totals within bounds, but a −50% discount rate over 30 years: the NPV runs away.
    issue = refused_at_minus_half(30, "100000")
    assert issue.field == "discount_rate" and "net present value comes to" in issue.message
    assert "check the discount rate (below zero" in issue.message  # the cause, where it is set
    # Only the sensitivity's rate past it: said as the rate tried, not "20% higher" (-60%).
    issue = refused_at_minus_half(20, "1000000")
    assert "net present value at a discount rate of −60% comes to" in issue.message

    # On budget savings alone: the risks' avoided losses hid a runaway NPV of the savings.
    from desktop.finance.validation import past_plan_total

    base = compute(proposal(items=[item(1, "Filter", recurring_unit_cost="1000")])).base
    runaway_alone = replace(base, savings_only=replace(base.savings_only, npv=Decimal("-2e13")))
    [issue] = past_plan_total("USD", [runaway_alone])
    assert "net present value on budget savings alone comes to −$20,000,000,000,000" in (
        issue.message
    )
