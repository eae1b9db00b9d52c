"""Rubric self-assessment: levels follow the data, and every level says why and what next."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from finance_factories import item, proposal, risk, scenario, source

from desktop.finance import compute
from desktop.finance.inputs import GoalInput, GoalLink, MetricInput, ProposalInput
from desktop.finance.result import RubricElement, RubricLevel
from desktop.finance.rubric import CHECKS
from desktop.vocabulary import FundingKind, GoalLevel, ItemCategory, MetricArea

D = Decimal


def bare() -> ProposalInput:
    """Devices only, nothing linked, nothing funded."""
    return proposal(items=[item(1, "Devices", quantity=100, unit_cost="300")])


def complete() -> ProposalInput:
    goal = GoalInput(1, "D1", "Every student has a device", GoalLevel.DISTRICT_STRATEGIC)
    metrics = (
        MetricInput(
            1,
            "Reading growth",
            MetricArea.STUDENT_RESULTS,
            baseline=D(40),
            target=D(55),
            target_year=3,
            data_source="State assessment",
            owner="Assessment office",
        ),
    )
    link = (GoalLink(1, "Devices make daily practice possible"),)
    common = {"goal_links": link, "metric_keys": (1,)}
    return proposal(
        horizon_years=4,
        items=[
            item(1, "Devices", quantity=100, unit_cost="300", lifespan_years=4, risk_keys=(1,),
                 **common),
            item(2, "Help desk", category=ItemCategory.TECHNICAL_SUPPORT,
                 recurring_unit_cost="5000", **common),
            item(3, "Coaching", category=ItemCategory.PROFESSIONAL_LEARNING,
                 recurring_unit_cost="2000", **common),
        ],
        goals=[goal],
        metrics=list(metrics),
        risks=[risk(1, exposure=100, likelihood_before="0.2", cost_before="250")],
        funding=[
            source(1, {y: 7000 for y in range(1, 5)}, recurring=True),
            source(2, {1: 30000}, recurring=False, kind=FundingKind.E_RATE),
        ],
        scenarios=[scenario(1, {1: 80, 2: None, 3: None})],
    )  # fmt: skip


def levels(p: ProposalInput) -> dict[RubricElement, RubricLevel]:
    return {a.element: a.level for a in compute(p).rubric}


def test_a_bare_proposal_is_beginning_everywhere_with_next_steps() -> None:
    result = compute(bare())
    assert [a.element for a in result.rubric] == list(RubricElement)
    assert result.rubric_levels == (RubricLevel.BEGINNING,) * 4
    for assessment in result.rubric:
        assert len(assessment.reasons) == 4
        assert assessment.next_steps


def test_a_complete_proposal_is_exemplary_everywhere_with_nothing_left_to_do() -> None:
    result = compute(complete())
    assert result.rubric_levels == (RubricLevel.EXEMPLARY,) * 4
    assert all(a.next_steps == () for a in result.rubric)
    assert all(reason.startswith("Met: ") for a in result.rubric for reason in a.reasons)


def test_removing_the_professional_learning_cost_lowers_efficiency_by_one_level() -> None:
    p = complete()
    without = replace(p, items=p.items[:2], scenarios=())
    got = levels(without)
    # No professional learning and no alternative scenario: two of four checks fail.
    assert got[RubricElement.EFFICIENCY_AND_COST_SAVINGS] is RubricLevel.DEVELOPING
    assessment = compute(without).rubric[0]
    assert any("professional learning" in step.lower() for step in assessment.next_steps)


def test_grants_paying_recurring_costs_lower_the_funding_level() -> None:
    p = complete()
    grant_heavy = replace(
        p,
        funding=(
            source(1, {1: 1000}, recurring=True),
            source(2, {y: 40000 if y == 1 else 7000 for y in range(1, 5)}, recurring=False),
        ),
    )
    result = compute(grant_heavy)
    assert result.grant_reliance_share is not None and result.grant_reliance_share > D("0.10")
    # Every year is still paid for and several budgets contribute: two of four checks remain.
    funding = compute(grant_heavy).rubric[2]
    assert funding.level is RubricLevel.DEVELOPING
    assert funding.reasons[1].startswith("Not yet: Grants and other temporary money pay 9")
    assert levels(p)[RubricElement.CONSISTENT_FUNDING] is RubricLevel.EXEMPLARY


def test_without_a_student_results_metric_learning_return_drops() -> None:
    p = complete()
    productivity = replace(p.metrics[0], area=MetricArea.END_USER_PRODUCTIVITY)
    assert levels(replace(p, metrics=(productivity,)))[RubricElement.LEARNING_RETURN] is (
        RubricLevel.ESTABLISHED
    )


def test_unlinked_item_and_unserved_goal_lower_alignment() -> None:
    p = complete()
    extra_goal = GoalInput(2, "B7", "Library hours", GoalLevel.BUILDING_TACTICAL)
    loose = item(9, "Spare chargers", quantity=10, unit_cost="20")
    changed = replace(p, goals=(*p.goals, extra_goal), items=(*p.items, loose))
    assert levels(changed)[RubricElement.ALIGNMENT_TO_PLANS] is RubricLevel.DEVELOPING
    alignment = compute(changed).alignment
    assert [n.name for n in alignment.items_without_goal] == ["Spare chargers"]
    assert [n.name for n in alignment.goals_without_item] == ["B7 \u2014 Library hours"]
    assert [n.name for n in alignment.items_without_metric] == ["Spare chargers"]


def test_every_element_has_four_printable_checks() -> None:
    for element in RubricElement:
        rules = [c.rule for c in CHECKS if c.element is element]
        assert len(rules) == 4
        assert all(rule.endswith(".") for rule in rules)


def test_recurring_coverage_never_rounds_to_a_verdict_it_is_not() -> None:
    """Coverage of 99.96% printed "cover 100.0% …; the other 0.0% has no funding yet", and
    "of the other 50.0%, temporary money pays 20.0%" read as 20% of the half."""
    from desktop.finance.rubric import _rest_of_recurring, _share, gather_facts

    assert _share(Decimal("0.9996")) == "over 99.9%"
    assert _share(Decimal("0.0004")) == "under 0.1%"
    assert _share(Decimal("0.5")) == "50.0%"
    data = proposal(items=[item(1, recurring_unit_cost="1000")])
    result = compute(data)
    facts = gather_facts(data, result.scenarios, result.alignment)
    half = replace(facts, recurring_coverage=Decimal("0.5"), grant_reliance=Decimal("0.2"))
    asked = ", and this check asks for all of them"
    assert _rest_of_recurring(half) == (
        f"{asked}; temporary money pays 20.0% and 30.0% has no funding yet."
    )
    sliver = replace(facts, recurring_coverage=Decimal("0.9996"), grant_reliance=Decimal(0))
    assert _rest_of_recurring(sliver) == f"{asked}; the rest (under 0.1%) has no funding yet."


def test_no_finding_is_both_met_and_not_yet() -> None:
    """A blank proposal read "Not yet: There are no recurring costs." right above "Met: There
    are no recurring costs.": the same words cannot be a pass and a fail."""
    for data in (bare(), proposal(items=[item(1, unit_cost="500")]), complete()):
        for assessment in compute(data).rubric:
            findings = [reason.split(": ", 1) for reason in assessment.reasons]
            verdicts: dict[str, set[str]] = {}
            for verdict, finding in findings:
                verdicts.setdefault(finding, set()).add(verdict)
            assert all(len(seen) == 1 for seen in verdicts.values()), assessment.reasons
    blank_funding = compute(bare()).rubric[2]
    assert "Not yet: No funding is entered." in blank_funding.reasons


def test_a_share_of_temporary_money_is_read_against_the_limit_it_passes_or_fails() -> None:
    """The sample's 1.2% is "Met" on one check and "Not yet" on the next (temporary money at
    most 10%; recurring sources cover everything): the finding says which limit it meets."""
    p = complete()
    small = replace(
        p,
        funding=(
            source(1, {y: 6900 for y in range(1, 5)}, recurring=True),
            source(2, {y: 5000 for y in range(1, 5)}, recurring=False),
        ),
    )
    reasons = compute(small).rubric[2].reasons
    temporary = next(r for r in reasons if "temporary money pay" in r and r.startswith("Met"))
    assert temporary.endswith("within the 10% this check allows.")
    # The next check's "Not yet" on the same money says what it asks, which is not the 10%.
    covered = next(r for r in reasons if r.startswith("Not yet: Recurring sources cover"))
    assert "and this check asks for all of them; temporary money pays the rest" in covered


def test_a_scenario_that_buys_what_the_proposal_buys_is_no_alternative() -> None:
    """The sample's "Recommended" buys every item as proposed; the rubric counted it among
    "3 alternative scenarios", and a proposal whose only scenario was such a twin passed the
    check for weighing options."""
    twin_only = replace(complete(), scenarios=(scenario(1, {1: None, 2: None, 3: None}),))
    assessment = compute(twin_only).rubric[0]
    assert (
        "Not yet: 1 scenario entered, but none buys anything other than the proposal."
        in assessment.reasons
    )
    both = replace(complete(), scenarios=(*twin_only.scenarios, *complete().scenarios))
    both = replace(both, scenarios=(both.scenarios[0], replace(both.scenarios[1], key=2)))
    reasons = compute(both).rubric[0].reasons
    assert "Met: 1 alternative scenario beside the proposal." in reasons


def test_two_scenarios_that_buy_the_same_items_offer_one_alternative() -> None:
    lean = scenario(1, {1: 80, 2: None, 3: None})
    copy = replace(lean, key=2, name="Lean again")
    reasons = compute(replace(complete(), scenarios=(lean, copy))).rubric[0].reasons
    assert "Met: 1 alternative scenario beside the proposal." in reasons


def test_a_scenario_that_buys_nothing_is_no_alternative() -> None:
    """A scenario added with every item left out lifted "Efficiency and cost savings" a level,
    as if the board had been shown another option."""
    empty = replace(complete(), scenarios=(scenario(1, {}, "Nothing yet"),))
    assert compute(empty).base.tco.total > 0
    reasons = compute(empty).rubric[0].reasons
    assert "Not yet: 1 scenario entered, but none buys anything other than the proposal." in (
        reasons
    )


def test_the_money_check_says_what_the_benefits_come_to_beside_the_cost() -> None:
    """ "Exemplary" on efficiency beside a net present value of −$1.35M read as a verdict on
    the return: the finding now gives the benefits in money and their share of the cost."""
    result = compute(complete())
    benefits, cost = result.base.benefits.total, result.base.tco.total
    assert 0 < benefits < cost
    share = round(100 * benefits / cost)
    assert (
        "Met: The proposal puts a money value on what it saves or avoids: "
        f"${benefits:,.2f} over the plan, {share}% of its total cost." in result.rubric[0].reasons
    )


def test_benefits_as_large_as_the_cost_or_just_under_read_as_they_are() -> None:
    """A share of exactly 1 read "more than its total cost", and 99.6% read "100%"."""
    from types import SimpleNamespace

    from desktop.finance.rubric import _benefits_in_money

    def said(benefits: str) -> str:
        facts = SimpleNamespace(
            benefits_quantified=True, benefits_total=D(benefits), tco_total=D(1000), currency="USD"
        )
        return _benefits_in_money(facts)  # type: ignore[arg-type]

    assert said("1000").endswith("$1,000.00 over the plan, as much as its total cost.")
    assert said("996").endswith("$996.00 over the plan, just under its total cost.")
    assert said("1200").endswith("more than its total cost.")
    assert said("340").endswith("34% of its total cost.")


def test_an_internet_connections_installation_needs_no_refresh_cycle() -> None:
    """A circuit's one-time build-out is not bought again: it counted as a capital item
    "without a refresh cycle" and held efficiency a level down. A switch without a lifespan
    still does."""
    p = complete()
    circuit = item(
        4, "Internet circuit upgrade", category=ItemCategory.BROADBAND, unit_cost="10000",
        recurring_unit_cost="24000", goal_links=p.items[0].goal_links, metric_keys=(1,),
    )  # fmt: skip
    with_circuit = replace(p, items=(*p.items, circuit))
    assert levels(with_circuit)[RubricElement.EFFICIENCY_AND_COST_SAVINGS] is (
        RubricLevel.EXEMPLARY
    )
    switch = replace(circuit, key=5, name="Switches", category=ItemCategory.NETWORK_INFRASTRUCTURE)
    with_switch = replace(p, items=(*p.items, switch))
    efficiency = compute(with_switch).rubric[0]
    assert efficiency.level is RubricLevel.ESTABLISHED
    assert efficiency.reasons[0] == (
        "Not yet: 1 of 2 device and network purchases have a refresh cycle."
    )


def test_a_bare_proposals_funding_reasons_neither_repeat_nor_tick_what_is_missing() -> None:
    """Devices only, no funding: the funding element said "No funding is entered." twice,
    then ticked "Met: There are no recurring costs." for a plan that left them out."""
    (funding,) = [
        a for a in compute(bare()).rubric if a.element is RubricElement.CONSISTENT_FUNDING
    ]
    assert len(set(funding.reasons)) == len(funding.reasons), funding.reasons
    assert not any(reason.startswith("Met: ") for reason in funding.reasons), funding.reasons
    assert any("No recurring cost is entered" in reason for reason in funding.reasons)


def _templated(data: ProposalInput, *kinds: str) -> ProposalInput:
    """``data`` with every row of ``kinds`` marked as still the template's example."""
    return replace(
        data,
        **{
            kind: tuple(replace(row, template_placeholder=True) for row in getattr(data, kind))
            for kind in kinds
        },
    )


def test_goals_and_metrics_still_the_templates_earn_no_credit_and_say_why() -> None:
    """An untouched 1:1 template showed Alignment ●●●● and Learning return ●●●● on the CFO
    summary, with "Met: 7 plan goals, 3 from the district strategic plan" while the Plans step
    said all 7 goals still had the template's wording."""
    result = compute(_templated(complete(), "goals", "metrics"))
    by_element = {a.element: a for a in result.rubric}
    alignment = by_element[RubricElement.ALIGNMENT_TO_PLANS]
    assert alignment.level is RubricLevel.BEGINNING
    assert alignment.reasons == (
        "Not yet: 1 plan goal, 1 from the district strategic plan, but 1 goal still has the "
        "template's wording.",
        "Not yet: 3 of 3 items serve a plan goal, but 1 goal still has the template's wording.",
        "Not yet: 1 of 1 goal is served by an item, but 1 goal still has the template's wording.",
        "Not yet: 3 of 3 goal links give a reason, but 1 goal still has the template's wording.",
    )
    assert alignment.next_steps == (
        "Write the board's own goals in place of the template's wording (each goal's title or "
        "description).",
    )
    learning = by_element[RubricElement.LEARNING_RETURN]
    # Which measure shows an item's value stands; the template's baselines and owners do not.
    assert learning.level is RubricLevel.DEVELOPING
    assert learning.reasons[2:] == (
        "Not yet: 1 of 1 metric has baseline and target, but 1 metric still has the template's "
        "illustrative baseline and target.",
        "Not yet: 1 of 1 metric has an owner and a source, but 1 metric still has the "
        "template's illustrative baseline and target.",
    )
    # The elements that rest on neither keep their level.
    assert by_element[RubricElement.EFFICIENCY_AND_COST_SAVINGS].level is RubricLevel.EXEMPLARY
    assert by_element[RubricElement.CONSISTENT_FUNDING].level is RubricLevel.EXEMPLARY


def test_the_templates_prices_estimates_and_amounts_earn_no_cost_or_funding_credit() -> None:
    """Illustrative prices were "costed", illustrative risk estimates "in money", and funding
    typed by the template "covered every year's cost"."""
    result = compute(_templated(complete(), "items", "risks", "funding"))
    efficiency, alignment, funding, learning = result.rubric
    assert efficiency.level is RubricLevel.BEGINNING  # only the alternative scenario counts
    assert (
        "Not yet: Support and professional learning are both costed, but 3 items still have "
        "the template's illustrative figures." in efficiency.reasons
    )
    money = next(r for r in efficiency.reasons if "money value" in r)
    assert money.startswith("Not yet: ") and money.endswith(
        ", but 3 items still have the template's illustrative figures and 1 risk the "
        "template's illustrative estimates."
    )
    assert funding.level is RubricLevel.BEGINNING
    assert funding.reasons[0] == (
        "Not yet: Every year's cost has funding, but 3 items still have the template's "
        "illustrative figures and 2 funding sources the template's illustrative amounts."
    )
    assert "Replace the template's illustrative funding amounts with the district's budget." in (
        funding.next_steps
    )
    assert alignment.level is learning.level is RubricLevel.EXEMPLARY
    # Made the district's own, the same rows earn the credit again.
    assert compute(complete()).rubric_levels == (RubricLevel.EXEMPLARY,) * 4
