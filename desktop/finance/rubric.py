"""Self-assessment against the four Budget & Resources elements, by explicit rules.

Each element has four checks worked out from the proposal's own data (the table ``CHECKS``
below, which the PDF prints as the method). An element's level is set by how many of its checks
are met (``LEVEL_BY_CHECKS_MET``):

    0 or 1 met → 1 Beginning,  2 met → 2 Developing,  3 met → 3 Established,  4 met → 4 Exemplary

The reasons list what each check found, with figures; the next steps are the unmet checks' advice.

No credit rests on the 1:1 template's examples: a check whose evidence is rows still holding the
template's wording or illustrative figures (``Check.rests_on``: goals for the alignment, the
items' prices and the risks' estimates for the cost checks, the funding's amounts, the metrics'
baselines and targets) is not met while any such row is left, and its finding says which ("…,
but 7 goals still have the template's wording"). An untouched template rated "Exemplary" on
alignment to goals that still read "Replace with…".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from desktop.finance.funding import GRANT_RELIANCE_LIMIT
from desktop.finance.inputs import ProposalInput
from desktop.finance.money import format_count, format_money, format_percent
from desktop.finance.placeholders import TemplatePlaceholders, template_placeholders
from desktop.finance.result import (
    AlignmentCoverage,
    ProposalResult,
    RubricAssessment,
    RubricElement,
    RubricLevel,
    ScenarioResult,
)
from desktop.finance.scenarios import buys_the_same
from desktop.vocabulary import FundingKind, GoalLevel, ItemCategory, MetricArea, TcoClass

# What the PDF and the workbook say where an element has no next step.
TOP_LEVEL_NEXT_STEP = "Nothing further: this element is at the top level."

LEVEL_BY_CHECKS_MET: dict[int, RubricLevel] = {
    0: RubricLevel.BEGINNING,
    1: RubricLevel.BEGINNING,
    2: RubricLevel.DEVELOPING,
    3: RubricLevel.ESTABLISHED,
    4: RubricLevel.EXEMPLARY,
}


@dataclass(frozen=True, slots=True)
class Facts:
    """The figures the checks look at, gathered once from the proposal and its base case."""

    capital_items: int  # capital items with a purchase price
    capital_items_with_lifespan: int
    support_cost: bool
    professional_learning_cost: bool
    benefits_quantified: bool
    benefits_total: Decimal  # the base case's benefits in money over the plan
    tco_total: Decimal
    currency: str
    alternative_scenarios: int  # scenarios that buy something else, each set of items once
    scenarios_entered: int
    goals: int
    district_goals: int
    items: int
    items_with_goal: int
    goals_served: int
    goal_links: int
    goal_links_explained: int
    funding_entered: bool
    years_with_gap: int
    recurring_costs: bool
    grant_reliance: Decimal | None
    recurring_coverage: Decimal | None
    maintenance_budget_recurring: bool
    funding_kinds: int
    items_with_metric: int
    student_metric_linked: bool
    metrics: int
    metrics_with_targets: int
    metrics_with_owner: int
    placeholders: TemplatePlaceholders = TemplatePlaceholders()


def gather_facts(
    proposal: ProposalInput,
    scenarios: tuple[ScenarioResult, ...],
    alignment: AlignmentCoverage,
    placeholders: TemplatePlaceholders | None = None,
) -> Facts:
    base = scenarios[0]
    items = proposal.items
    # What wears out and is bought again: devices and the network. An internet connection's
    # one-time cost is its build-out or installation, which is not replaced; it counted as a
    # capital item "without a refresh cycle" and held the sample back a level.
    capital = [
        i
        for i in items
        if i.category.tco_class is TcoClass.CAPITAL
        and i.category is not ItemCategory.BROADBAND
        and i.unit_cost * i.quantity
    ]
    categories_with_cost = {c.category for c in base.tco.by_category if c.line.total}
    links = [link for item in items for link in item.goal_links]
    student_metrics = {m.key for m in proposal.metrics if m.area is MetricArea.STUDENT_RESULTS}
    funding = base.funding
    return Facts(
        capital_items=len(capital),
        capital_items_with_lifespan=sum(1 for i in capital if i.lifespan_years is not None),
        support_cost=ItemCategory.TECHNICAL_SUPPORT in categories_with_cost,
        professional_learning_cost=ItemCategory.PROFESSIONAL_LEARNING in categories_with_cost,
        benefits_quantified=base.benefits.quantified and base.benefits.total > 0,
        benefits_total=base.benefits.total,
        tco_total=base.tco.total,
        currency=proposal.currency,
        alternative_scenarios=_alternatives(scenarios),
        scenarios_entered=len(proposal.scenarios),
        goals=len(proposal.goals),
        district_goals=sum(1 for g in proposal.goals if g.level is GoalLevel.DISTRICT_STRATEGIC),
        items=len(items),
        items_with_goal=len(items) - len(alignment.items_without_goal),
        goals_served=len(proposal.goals) - len(alignment.goals_without_item),
        goal_links=len(links),
        goal_links_explained=sum(1 for link in links if link.rationale.strip()),
        funding_entered=funding.total > 0,
        years_with_gap=sum(1 for gap in funding.gap_by_year if gap),
        recurring_costs=funding.recurring_costs_total > 0,
        grant_reliance=funding.grant_reliance_share,
        recurring_coverage=funding.recurring_coverage_share,
        maintenance_budget_recurring=any(
            s.kind is FundingKind.MAINTENANCE_OPERATIONS and s.recurring and s.total
            for s in funding.sources
        ),
        funding_kinds=len({s.kind for s in funding.sources if s.total}),
        items_with_metric=len(items) - len(alignment.items_without_metric),
        student_metric_linked=any(set(i.metric_keys) & student_metrics for i in items),
        metrics=len(proposal.metrics),
        metrics_with_targets=sum(
            1
            for m in proposal.metrics
            if m.baseline is not None and m.target is not None and m.target_year is not None
        ),
        metrics_with_owner=sum(1 for m in proposal.metrics if m.owner.strip() and m.data_source),
        placeholders=template_placeholders(proposal) if placeholders is None else placeholders,
    )


def _alternatives(scenarios: tuple[ScenarioResult, ...]) -> int:
    """How many different alternatives the scenarios offer: a scenario that buys exactly what
    the proposal buys offers none, and two that buy the same items offer one."""
    base, *others = scenarios
    seen: list[ScenarioResult] = [base]  # the proposal, then one of each alternative
    for scenario in others:
        buys_nothing = not any(flow.quantity > 0 for flow in scenario.items)
        if not buys_nothing and not any(buys_the_same(scenario, earlier) for earlier in seen):
            seen.append(scenario)
    return len(seen) - 1


def _alternatives_found(f: Facts) -> str:
    if f.alternative_scenarios or not f.scenarios_entered:
        return (
            f"{format_count(f.alternative_scenarios, 'alternative scenario')} beside the proposal."
        )
    entered = format_count(f.scenarios_entered, "scenario")
    return f"{entered} entered, but none buys anything other than the proposal."


def _benefits_in_money(f: Facts) -> str:
    """Whether the benefits are in money, and, when they are, what they come to beside the
    cost: a check met by a case whose money returns a fraction of its cost says so, where
    "Exemplary" alone read as a verdict on the return."""
    if not f.benefits_quantified:
        return "No savings or avoided losses are in money."
    found = (
        f"The proposal puts a money value on what it saves or avoids: "
        f"{format_money(f.benefits_total, f.currency)} over the plan"
    )
    if f.tco_total <= 0:
        return found + "."
    share = f.benefits_total / f.tco_total
    if share > 1:
        return found + ", more than its total cost."
    if share == 1:
        return found + ", as much as its total cost."
    shown = format_percent(share)
    if shown == "100%":  # just under: not to read as the whole cost
        return found + ", just under its total cost."
    return found + f", {shown} of its total cost."


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: ``rule`` is the printable wording, ``met`` decides it, ``finding`` says what the
    proposal shows, ``next_step`` is the advice when it is not met. ``rests_on``: the kinds of
    row whose template examples the check's evidence would be (``placeholders.ROW_KINDS``);
    while any is left the check is not met."""

    element: RubricElement
    rule: str
    met: Callable[[Facts], bool]
    finding: Callable[[Facts], str]
    next_step: str
    rests_on: tuple[str, ...] = ()


# What to do about the template's examples a check rests on, by kind of row.
TEMPLATE_NEXT_STEPS = {
    "goals": "Write the board's own goals in place of the template's wording (each goal's "
    "title or description).",
    "items": "Replace the template's illustrative prices with the district's quotes.",
    "risks": "Replace the template's illustrative risk estimates with the district's own.",
    "metrics": "Replace the template's illustrative baselines and targets with the district's own.",
    "funding": "Replace the template's illustrative funding amounts with the district's budget.",
}


def _template_rows(check: Check, facts: Facts) -> tuple[str, ...]:
    """The kinds of row ``check`` rests on that still hold the template's examples."""
    return tuple(kind for kind in check.rests_on if getattr(facts.placeholders, kind))


def _finding(check: Check, facts: Facts, met: bool, templated: tuple[str, ...]) -> str:
    """What the check found, and, when template rows are left among its evidence, which: after
    a finding that would have met the check, as why it is not."""
    found = check.finding(facts)
    if not templated:
        return found
    joined = ", but " if met else "; "
    return found.removesuffix(".") + joined + facts.placeholders.rows_phrase(templated) + "."


def _share(share: Decimal) -> str:
    """A share of the recurring costs to one place, never rounded to a verdict it is not: a
    sliver is "under 0.1%", nearly all "over 99.9%"."""
    if 0 < share < Decimal("0.001"):
        return "under 0.1%"
    if Decimal("0.999") < share < 1:
        return "over 99.9%"
    return format_percent(share, 1)


def _rest_of_recurring(f: Facts) -> str:
    """How the sentence on recurring coverage ends: what pays the share recurring sources do
    not, in shares of all the recurring costs (said here, so it does not read as a second
    verdict on the grants' figure)."""
    if f.recurring_coverage is None or f.recurring_coverage >= 1:
        return "."
    # The check asks for all of it: said, so a small share passing the check on temporary
    # money just above does not read as the same fact failing here.
    asked = ", and this check asks for all of them"
    rest = 1 - f.recurring_coverage
    reliance = min(f.grant_reliance or Decimal(0), rest)
    if reliance == rest:
        return f"{asked}; temporary money pays the rest ({_share(rest)})."
    if reliance:
        return (
            f"{asked}; temporary money pays {_share(reliance)} and {_share(rest - reliance)} "
            "has no funding yet."
        )
    return f"{asked}; the rest ({_share(rest)}) has no funding yet."


def _against_limit(reliance: Decimal | None) -> str:
    """Where a share of temporary money stands against the rubric's limit, so that a finding
    "Met" beside one "Not yet" about the same share reads as two different tests."""
    limit = format_percent(GRANT_RELIANCE_LIMIT, 0)
    if reliance is not None and reliance > GRANT_RELIANCE_LIMIT:
        return f", above the {limit} this check allows."
    return f", within the {limit} this check allows."


def _of(part: int, whole: int, plural: str, single: str) -> str:
    """ "2 of 3 items serve a plan goal." with ``plural``; "1 of 1 item serves a plan goal."
    with ``single`` when there is one in all."""
    return f"{part} of {whole} {single if whole == 1 else plural}"


def _support_and_learning(f: Facts) -> str:
    """Which of the two is costed: "or" left the director to guess which one is missing."""
    if f.support_cost and f.professional_learning_cost:
        return "Support and professional learning are both costed."
    if f.support_cost:
        return "Technical support is costed; professional learning has no cost entered."
    if f.professional_learning_cost:
        return "Professional learning is costed; technical support has no cost entered."
    return "Neither technical support nor professional learning has a cost entered."


_E, _A, _F, _L = (
    RubricElement.EFFICIENCY_AND_COST_SAVINGS,
    RubricElement.ALIGNMENT_TO_PLANS,
    RubricElement.CONSISTENT_FUNDING,
    RubricElement.LEARNING_RETURN,
)

CHECKS: tuple[Check, ...] = (
    # Efficiency and cost savings: is the cost complete, is the value in money, were options weighed
    # "Capital items" counted 5 where the cost table's Capital class holds 7: the internet
    # connection's build-out is not bought again, so the count names what it counts.
    Check(_E, "Every device and piece of network equipment bought has a lifespan, so refreshes "
              "are in the total cost.",
          lambda f: f.capital_items > 0 and f.capital_items_with_lifespan == f.capital_items,
          lambda f: _of(f.capital_items_with_lifespan, f.capital_items,
                        "device and network purchases have a refresh cycle.",
                        "device and network purchase has a refresh cycle."),
          "Give every device and network item a lifespan so its replacement is budgeted.",
          rests_on=("items",)),
    Check(_E, "Technical support and professional learning are costed.",
          lambda f: f.support_cost and f.professional_learning_cost,
          _support_and_learning,
          "Cost the technical support and the professional learning for teachers the plan "
          "needs; they are the costs districts most often leave out.",
          rests_on=("items",)),
    Check(_E, "Savings or avoided risk costs are stated in money.",
          lambda f: f.benefits_quantified,
          _benefits_in_money,
          "Estimate the yearly losses each item prevents (breakage, theft, breaches) or the "
          "savings it brings.",
          rests_on=("items", "risks")),
    Check(_E, "At least one alternative scenario is compared with the proposal.",
          lambda f: f.alternative_scenarios >= 1,
          _alternatives_found,
          "Add a leaner and a fuller scenario so the board sees what each option buys."),
    # Alignment to district and school plans
    Check(_A, "Plan goals are entered, including a district strategic goal.",
          lambda f: f.district_goals >= 1,
          lambda f: f"{format_count(f.goals, 'plan goal')}, {f.district_goals} from the district "
                    "strategic plan.",
          "Enter the goals the board has already adopted, starting with the district plan.",
          rests_on=("goals",)),
    Check(_A, "Every item serves at least one plan goal.",
          lambda f: f.items > 0 and f.items_with_goal == f.items,
          lambda f: _of(f.items_with_goal, f.items, "items serve a plan goal.",
                        "item serves a plan goal."),
          "Link each item to the goal it serves, or reconsider the items that serve none.",
          rests_on=("goals",)),
    Check(_A, "Every plan goal is served by at least one item.",
          lambda f: f.goals > 0 and f.goals_served == f.goals,
          lambda f: _of(f.goals_served, f.goals, "goals are served by an item.",
                        "goal is served by an item."),
          "Show how each goal is supported, or say why it needs no infrastructure.",
          rests_on=("goals",)),
    Check(_A, "Every link to a goal says why the item serves it.",
          lambda f: f.goal_links > 0 and f.goal_links_explained == f.goal_links,
          lambda f: _of(f.goal_links_explained, f.goal_links, "goal links give a reason.",
                        "goal link gives a reason."),
          "Write one sentence for each link saying how the item moves the goal.",
          rests_on=("goals",)),
    # Consistent funding streams
    Check(_F, "Funding is entered and covers the cost in every year.",
          lambda f: f.funding_entered and f.years_with_gap == 0,
          lambda f: ("No funding is entered." if not f.funding_entered
                     else f"{format_count(f.years_with_gap, 'year')} with a funding gap."
                     if f.years_with_gap
                     else "Every year's cost has funding."),
          "Name a source for every year's cost, or phase the purchases to fit the budget.",
          rests_on=("items", "funding")),
    Check(_F, "Temporary money pays at most 10% of the recurring costs.",
          lambda f: f.funding_entered and (
              f.grant_reliance is None or f.grant_reliance <= GRANT_RELIANCE_LIMIT),
          lambda f: (("No funding is entered, so nothing shows how the recurring costs are "
                      "paid." if f.recurring_costs
                      else "Neither recurring costs nor funding are entered yet.")
                     if not f.funding_entered
                     else "There are no recurring costs." if not f.recurring_costs
                     else f"Grants and other temporary money pay "
                          f"{format_percent(f.grant_reliance, 1)} of the recurring costs"
                          + _against_limit(f.grant_reliance)),
          "Move subscriptions, support and licenses onto the operating budget before grants end.",
          rests_on=("items", "funding")),
    # No recurring cost is not a plan that sustains itself: it is one that leaves out the
    # support, licences and insurance every 1:1 programme pays each year (a blank proposal
    # was ticked "There are no recurring costs").
    Check(_F, "Recurring sources cover all recurring costs.",
          lambda f: bool(f.recurring_costs) and f.recurring_coverage == 1,
          lambda f: (f"Recurring sources cover {_share(f.recurring_coverage or Decimal(0))} of the "
                     "recurring costs" + _rest_of_recurring(f) if f.recurring_costs
                     else "No recurring cost is entered: support, licenses and insurance "
                          "are paid every year."),
          "Plan an operating-budget line that grows with the recurring costs: support, "
          "licenses, insurance and refresh.",
          rests_on=("items", "funding")),
    Check(_F, "The operating budget carries a recurring share and funding comes from two or "
              "more kinds of source.",
          lambda f: f.maintenance_budget_recurring and f.funding_kinds >= 2,
          lambda f: (f"Funding from {format_count(f.funding_kinds, 'kind')} of source"
                     if f.funding_kinds else "No source of funding")
                    + ("; the operating budget is a recurring source."
                       if f.maintenance_budget_recurring
                       else "; no recurring operating-budget line."),
          "Spread the plan across budget areas (operating budget, E-Rate, Title funds) so no "
          "single source carries it.",
          rests_on=("funding",)),
    # Learning return on investment
    Check(_L, "Every item has a metric that will show its value.",
          lambda f: f.items > 0 and f.items_with_metric == f.items,
          lambda f: _of(f.items_with_metric, f.items, "items have a metric.",
                        "item has a metric."),
          "Give each item at least one measure the district already collects."),
    Check(_L, "A student-results metric exists and items are linked to it.",
          lambda f: f.student_metric_linked,
          lambda f: ("Items are tied to a measure of student results." if f.student_metric_linked
                     else "No item is tied to a measure of student results."),
          "Add a student-learning measure (e.g. course completion, assessment growth) and link "
          "the items that support it."),
    Check(_L, "Every metric has a baseline, a target and a target year.",
          lambda f: f.metrics > 0 and f.metrics_with_targets == f.metrics,
          lambda f: _of(f.metrics_with_targets, f.metrics, "metrics have baseline and target.",
                        "metric has baseline and target."),
          "Record today's value and the value you commit to reach, with the year.",
          rests_on=("metrics",)),
    Check(_L, "Every metric has an owner and a data source.",
          lambda f: f.metrics > 0 and f.metrics_with_owner == f.metrics,
          lambda f: _of(f.metrics_with_owner, f.metrics, "metrics have an owner and a source.",
                        "metric has an owner and a source."),
          "Name who reports each measure and where the figures come from.",
          rests_on=("metrics",)),
)  # fmt: skip


def assess(facts: Facts) -> tuple[RubricAssessment, ...]:
    """The four elements in rubric order, each with its level, findings and next steps."""
    assessments: list[RubricAssessment] = []
    for element in RubricElement:
        reasons: list[str] = []
        next_steps: list[str] = []
        templated_kinds: list[str] = []
        met = 0
        for check in (c for c in CHECKS if c.element is element):
            shown = check.met(facts)
            templated = _template_rows(check, facts)
            if shown and not templated:
                met += 1
            elif not shown:
                next_steps.append(check.next_step)
            templated_kinds += [kind for kind in templated if kind not in templated_kinds]
            ok = shown and not templated
            reasons.append(
                ("Met: " if ok else "Not yet: ") + _finding(check, facts, shown, templated)
            )
        next_steps += [TEMPLATE_NEXT_STEPS[kind] for kind in templated_kinds]
        assessments.append(
            RubricAssessment(
                element=element,
                level=LEVEL_BY_CHECKS_MET[met],
                reasons=tuple(reasons),
                next_steps=tuple(next_steps),
            )
        )
    return tuple(assessments)


def rubric_assessment(
    proposal: ProposalInput,
    scenarios: tuple[ScenarioResult, ...],
    alignment: AlignmentCoverage,
    placeholders: TemplatePlaceholders | None = None,
) -> tuple[RubricAssessment, ...]:
    """``scenarios``: the base case first, then the alternatives."""
    return assess(gather_facts(proposal, scenarios, alignment, placeholders))


# What the rubric rates, said wherever its levels are: a CFO read "Efficiency and cost savings:
# Exemplary" beside a net present value below zero as value for money claimed.
RUBRIC_SCOPE = (
    "The rubric rates how the case is built (every cost counted, the benefits priced, the "
    "options weighed, the funding lasting, the plans and measures linked), not whether the "
    "plan pays back: the net present value says that."
)


def rubric_beside_return(result: ProposalResult) -> str:
    """The sentence for a high efficiency level beside a net present value below zero ("" when
    they do not pull apart): the case is complete, its quantified return is not there."""
    efficiency = next(
        (a for a in result.rubric if a.element is RubricElement.EFFICIENCY_AND_COST_SAVINGS),
        None,
    )
    if efficiency is None or efficiency.level < RubricLevel.ESTABLISHED or result.npv >= 0:
        return ""
    return (
        f"Here “{efficiency.label}” rates {efficiency.level.label} while the net present "
        f"value is {format_money(result.npv, result.currency)}: the cost is counted and the "
        "benefits priced, and they do not cover the cost in today's money."
    )
