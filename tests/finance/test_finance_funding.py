"""Funding gap, surplus and reliance on temporary money for recurring costs."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from finance_factories import item, proposal, source

from desktop.finance import compute
from desktop.finance.result import Severity
from desktop.vocabulary import FundingKind, ItemCategory

D = Decimal

ITEMS = [
    item(1, "Devices", quantity=1, unit_cost="10000"),
    item(2, "Licences", quantity=1, recurring_unit_cost="5000"),
]


def funded(*sources: object) -> object:
    return compute(proposal(horizon_years=3, items=ITEMS, funding=list(sources))).base.funding


def test_gap_surplus_and_grant_reliance_by_year() -> None:
    funding = funded(
        source(1, {1: 3000, 2: 3000, 3: 3000}, recurring=True),
        source(2, {1: 12000, 2: 1000}, recurring=False),
    )
    assert funding.by_year == (D(15000), D(4000), D(3000))
    assert funding.gap_by_year == (D(0), D(1000), D(2000))
    assert funding.gap_total == D(3000)
    assert funding.surplus_total == D(0)
    assert funding.net_position == D(-3000)
    assert funding.recurring_covered_by_year == (D(3000),) * 3
    assert funding.recurring_coverage_share == D("0.6")
    assert funding.temporary_for_recurring_by_year == (D(2000), D(1000), D(0))
    assert funding.temporary_for_recurring_total == D(3000)
    assert funding.grant_reliance_share == D("0.2")
    codes = [(f.code, f.severity, f.year) for f in funding.flags]
    assert codes == [
        ("gap_in_year", Severity.WARNING, 2),
        ("gap_in_year", Severity.WARNING, 3),
        ("grants_for_recurring", Severity.WARNING, None),
    ]
    assert "$1,000.00" in funding.flags[0].message
    assert "2028\u201329" in funding.flags[0].message
    # The temporary money named with the years recurring costs lean on it (year 3 does not).
    assert (
        "are paid from grants or other temporary money (\u201cSource 2\u201d, in 2027\u201328 "
        "and 2028\u201329); those costs" in funding.flags[2].message
    )


def test_small_grant_reliance_is_a_notice_not_a_warning() -> None:
    funding = funded(
        source(1, {1: 4500, 2: 5000, 3: 5000}, recurring=True),
        source(2, {1: 10500}, recurring=False),
    )
    assert funding.grant_reliance_share == D("0.033333")  # 500 of 15,000
    (flag,) = funding.flags
    assert flag.code == "grants_for_recurring"
    assert flag.severity is Severity.NOTICE


def test_fully_funded_from_recurring_sources_has_no_flags() -> None:
    funding = funded(source(1, {1: 15000, 2: "5200", 3: 5000}, recurring=True))
    assert funding.gap_total == 0
    # $200 over a $25,000 plan: rounding in the amounts, not a question for the CFO.
    assert funding.surplus_by_year == (D(0), D(200), D(0))
    assert funding.grant_reliance_share == 0
    assert funding.recurring_coverage_share == 1
    assert funding.flags == ()


def test_sources_bringing_well_over_the_cost_are_a_question() -> None:
    """Sources worth $26,400 against a $25,000 plan showed every year "fully funded", a ✓ on
    the Funding step and nothing in the case: money raised for nothing, or a cost left out."""
    funding = funded(source(1, {1: 15000, 2: 6000, 3: 5400}, recurring=True))
    assert funding.gap_total == 0 and funding.surplus_total == D(1400)
    (flag,) = funding.flags
    assert (flag.code, flag.severity) == ("funding_surplus", Severity.NOTICE)
    assert flag.message.startswith(
        "The sources bring $1,400.00 more than the plan costs (in 2028\u201329 and 2029\u201330)"
    )


def test_no_funding_entered_is_flagged_once() -> None:
    funding = funded()
    assert [f.code for f in funding.flags] == ["no_funding"]
    assert funding.gap_total == D(25000)
    assert funding.grant_reliance_share == 0


def test_sources_reconcile_with_total_funding() -> None:
    funding = funded(
        source(1, {1: "1000.10", 3: "0.20"}, recurring=True),
        source(2, {2: "0.10"}, recurring=False),
    )
    assert funding.total == D("1000.40")
    assert sum(s.total for s in funding.sources) == funding.total
    assert sum(funding.by_year) == funding.total


def test_no_recurring_costs_means_no_reliance_share() -> None:
    result = compute(
        proposal(horizon_years=2, items=ITEMS[:1], funding=[source(1, {1: 10000}, recurring=False)])
    )
    assert result.base.funding.grant_reliance_share is None
    assert result.base.funding.recurring_coverage_share is None


def test_money_not_yet_secured_shows_the_gap_the_plan_would_have_without_it() -> None:
    """A grant applied for and not yet awarded counted as money in hand: "every year's cost is
    covered", with nothing to say what the plan lacks if it is not awarded."""
    funding = funded(
        source(1, {1: 5000, 2: 3000, 3: 5000}, recurring=True),
        source(2, {1: 8000, 2: 2000}, recurring=False, name="State digital grant", secured=False),
        source(3, {1: 2000}, recurring=False),
    )
    assert funding.gap_total == 0 and funding.surplus_total == D(0)
    assert funding.pending_by_year == (D(8000), D(2000), D(0))
    assert funding.pending_total == D(10000)
    assert funding.gap_without_pending_by_year == (D(8000), D(2000), D(0))
    assert funding.gap_without_pending_total == D(10000)
    (flag,) = [f for f in funding.flags if f.code == "pending_funding"]
    assert flag.severity is Severity.WARNING
    assert flag.message == (
        "$10,000.00 of the funding is not yet secured (“State digital grant”): if it does not "
        "come, the plan is short by $10,000.00, in 2027\u201328 and 2028\u201329."
    )
    # A source the plan does not need (a surplus as large) is a notice, not a warning.
    spare = funded(
        source(1, {1: 15000, 2: 5000, 3: 5000}, recurring=True),
        source(2, {1: 3000}, recurring=False, name="Foundation gift", secured=False),
    )
    assert spare.gap_without_pending_total == 0 and spare.pending_total == D(3000)
    (flag,) = [f for f in spare.flags if f.code == "pending_funding"]
    assert flag.severity is Severity.NOTICE
    assert flag.message.endswith("the plan's costs are met without it as well.")
    # Every source secured: nothing pending, the same gap either way, no flag.
    secured = funded(source(1, {1: 15000, 2: 5000, 3: 5000}, recurring=True))
    assert secured.pending_total == 0
    assert secured.gap_without_pending_by_year == secured.gap_by_year
    assert not [f for f in secured.flags if f.code == "pending_funding"]


def test_e_rate_above_what_the_network_items_cost_is_a_warning() -> None:
    """A director cut the access points from 90 to 40 and the E-Rate figure, typed by hand,
    stayed: 119% of the eligible cost, with nothing said but a general surplus."""
    network = item(1, "Access points", quantity=40, unit_cost="1000",
                   category=ItemCategory.NETWORK_INFRASTRUCTURE)  # fmt: skip
    devices = item(2, "Devices", quantity=100, unit_cost="300")
    e_rate = source(1, {1: 36000}, recurring=False, kind=FundingKind.E_RATE, name="E-Rate")
    general = source(2, {1: 34000, 2: 0}, recurring=True)
    within = compute(proposal(horizon_years=2, items=[network, devices], funding=[e_rate, general]))
    assert not [f for f in within.base.funding.flags if f.code == "e_rate_beyond_eligible"]
    cut = dataclasses.replace(network, quantity=D(30))  # $30,000 eligible: 90% is $27,000
    beyond = compute(proposal(horizon_years=2, items=[cut, devices], funding=[e_rate, general]))
    (flag,) = [f for f in beyond.base.funding.flags if f.code == "e_rate_beyond_eligible"]
    assert flag.severity is Severity.WARNING
    assert flag.message.startswith(
        "E-Rate brings $36,000.00 in 2027–28, more than 90% of the $30,000.00 the network and "
        "internet items cost that year"
    )


def test_money_not_yet_secured_in_a_year_to_spare_beside_a_gap_is_said_plainly() -> None:
    """With a gap in year 2 and the pending grant in year 1, which had money to spare, the
    flag said "the plan's costs are met without it as well" beside the gap."""
    funding = funded(
        source(1, {1: 16000, 2: 3000, 3: 5000}, recurring=True),
        source(2, {1: 1000}, recurring=False, name="Foundation gift", secured=False),
    )
    assert funding.gap_total == D(2000) and funding.gap_without_pending_total == D(2000)
    (flag,) = [f for f in funding.flags if f.code == "pending_funding"]
    assert flag.message.endswith("without it the plan is short by no more than it is already.")


def test_money_over_in_some_years_with_others_short_is_not_called_more_than_the_plan_costs() -> (
    None
):
    """ "The sources bring $6,000.00 more than the plan costs" was said of a plan $4,000 short
    overall: the money was in the wrong years, not too much."""
    funding = funded(source(1, {1: 21000}, recurring=True))
    assert funding.surplus_total == D(6000) and funding.gap_total == D(10000)
    (flag,) = [f for f in funding.flags if f.code == "funding_surplus"]
    assert flag.message == (
        "In 2027\u201328 the sources bring $6,000.00 more than that year costs, while other "
        "years are short by $10,000.00; money left in a year does not pay another, so it pays "
        "for the plan only if it can move to the years that need it."
    )
    assert "more than the plan costs" not in " ".join(f.message for f in funding.flags)
    # Said to the CFO in the case too: never "the CFO will ask", to the CFO.
    assert "CFO" not in flag.message


def test_a_recurring_source_far_above_its_usual_year_is_asked_about() -> None:
    """E-Rate marked recurring brought $226,440 in its first year (a discount on that year's
    purchases) and about $17,000 after: the reliance on temporary money counted all of it as
    lasting money, and nothing asked."""
    # Over three times its usual year: the first source. Not the second (twice its usual
    # year), nor the same amounts as temporary money, nor a year of pilot money.
    funding = compute(
        proposal(
            horizon_years=4,
            items=ITEMS,
            funding=[
                source(1, {1: 9000, 2: 2000, 3: 2200, 4: 2100}, recurring=True),
                source(2, {1: 6000, 2: 3000, 3: 2800, 4: 2900}, recurring=True),
                source(3, {1: 9000, 2: 2000, 3: 2200, 4: 2100}, recurring=False),
                # A pilot year, then full funding: a budget's shape, not a spike.
                source(4, {1: 5000, 2: 20000, 3: 20000, 4: 20000}, recurring=True),
            ],
        )
    ).base.funding
    (flag,) = [f for f in funding.flags if f.code == "recurring_source_peak"]
    assert flag.severity is Severity.NOTICE
    assert flag.message.startswith(
        "\u201cSource 1\u201d is recurring money but brings $9,000.00 in 2027\u201328, against "
        "$2,000.00 to $2,200.00 in its other years: if the difference is one-time money"
    )  # the range its other years bring, not a middle figure that reads as worked out
    # The same amount each other year; and with years that bring nothing, not counted in.
    for horizon, said in ((3, "years"), (5, "years with money")):
        steady = compute(
            proposal(
                horizon_years=horizon,
                items=ITEMS,
                funding=[source(1, {1: 9000, 2: 2000, 3: 2000}, recurring=True)],
            )
        ).base.funding
        (flag,) = [f for f in steady.flags if f.code == "recurring_source_peak"]
        assert f"against $2,000.00 in each of its other {said}: if" in flag.message


def test_the_return_on_the_cost_after_e_rate_is_weighed_beside_the_whole_one() -> None:
    """The net present value weighs the whole cost; a CFO who nets the federal discount off the
    bills asked what the case comes to on the district's side, where it can turn."""
    network = [
        item(1, "Switches", category=ItemCategory.NETWORK_INFRASTRUCTURE, quantity=1,
             unit_cost="10000", annual_savings="2500"),
        item(2, "Circuit", category=ItemCategory.BROADBAND, quantity=1,
             recurring_unit_cost="1000"),
    ]  # fmt: skip
    e_rate = source(1, {1: 6000}, recurring=False, kind=FundingKind.E_RATE, name="E-Rate")
    pending = dataclasses.replace(
        source(2, {2: 500}, recurring=True, kind=FundingKind.E_RATE, name="Applied for"),
        secured=False,
    )
    general = source(3, {y: 1000 for y in range(1, 4)}, recurring=True, name="General")
    result = compute(proposal(horizon_years=3, items=network, funding=[e_rate, pending, general]))
    base = result.base
    district = base.after_e_rate
    assert district is not None and result.after_e_rate_differs
    # Costs 11,000 / 1,000 / 1,000, savings 2,500 a year: the secured 6,000 comes off year 1
    # only; the E-Rate applied for is not counted.
    assert base.returns.net_by_year == (D(-8500), D(1500), D(1500))
    assert district.net_by_year == (D(-2500), D(1500), D(1500))
    assert base.returns.npv < 0 < district.npv
    assert district.npv == base.returns.npv + D(6000)  # year 1 is not discounted
    assert result.payback_text() == "Not within the plan"
    assert result.payback_text(after_e_rate=True) == "Year 3 (2029–30)"
    # Without E-Rate secured there is no such figure.
    plain = compute(proposal(horizon_years=3, items=network, funding=[pending, general]))
    assert plain.base.after_e_rate is None and not plain.after_e_rate_differs
    assert plain.payback_text(after_e_rate=True) == plain.payback_text()
