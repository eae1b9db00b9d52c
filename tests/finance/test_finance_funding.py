"""Funding gap, surplus and reliance on temporary money for recurring costs."""

from __future__ import annotations

from decimal import Decimal

from finance_factories import item, proposal, source

from desktop.finance import compute
from desktop.finance.result import Severity

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
