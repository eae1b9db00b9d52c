"""The one immutable result of a proposal's finance: every screen, the PDF and the spreadsheet
read this object and nothing else, so they can never disagree.

Conventions:
- Money is ``Decimal`` rounded to the cent (see ``desktop.finance.money`` for the rounding rule);
  every ``total`` is the exact sum of its breakdown.
- ``*_by_year`` tuples have one entry per plan year: index 0 is plan year 1, index ``h - 1`` is
  the last year of the horizon. ``ProposalResult.years`` and ``fiscal_year_labels`` name them.
- Ratios and shares are fractions (``Decimal("0.125")`` is 12.5 %), or ``None`` when they do not
  exist (e.g. a share of zero costs). Nothing is ever NaN or infinite.
- Scenario 0 is always the base case, "As proposed".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum

from desktop.finance.money import ZERO, format_payback
from desktop.finance.placeholders import TemplatePlaceholders
from desktop.vocabulary import FundingKind, ItemCategory, RiskKind, TcoClass

Money = Decimal
YearlyMoney = tuple[Decimal, ...]

BASE_CASE_NAME = "As proposed"


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem with the input. ``field`` locates it (``"items[3].quantity"``), ``subject``
    names the thing in the director's words (``"Student Chromebooks"``), ``message`` says what is
    wrong and what is allowed."""

    field: str
    message: str
    subject: str = ""

    def __str__(self) -> str:
        where = f"{self.field} ({self.subject})" if self.subject else self.field
        return f"{where}: {self.message}"


# --------------------------------------------------------------------------------------------
# Costs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemCashFlow:
    """What one item costs, year by year, at the quantity used in its scenario."""

    key: int
    name: str
    category: ItemCategory
    tco_class: TcoClass
    quantity: Decimal
    purchase_years: tuple[int, ...]  # plan years in which it is bought (first buy + refreshes)
    one_time_by_year: YearlyMoney
    recurring_by_year: YearlyMoney
    # The item's annual savings scaled to this quantity, from its start year (cashflow.py).
    savings_by_year: YearlyMoney
    one_time_total: Money
    recurring_total: Money
    savings_total: Money

    @property
    def total(self) -> Money:
        return self.one_time_total + self.recurring_total

    @property
    def total_by_year(self) -> YearlyMoney:
        return tuple(
            a + b for a, b in zip(self.one_time_by_year, self.recurring_by_year, strict=True)
        )


@dataclass(frozen=True, slots=True)
class CostLine:
    """One row of a cost breakdown (a category or a cost class)."""

    label: str
    total: Money
    by_year: YearlyMoney
    share: Decimal | None  # of the scenario's TCO


@dataclass(frozen=True, slots=True)
class CategoryCost:
    category: ItemCategory
    line: CostLine


@dataclass(frozen=True, slots=True)
class TcoClassCost:
    tco_class: TcoClass
    line: CostLine


@dataclass(frozen=True, slots=True)
class TcoSummary:
    """Total cost of ownership over the horizon and its breakdowns."""

    total: Money
    by_year: YearlyMoney
    one_time_total: Money
    one_time_by_year: YearlyMoney
    recurring_total: Money
    recurring_by_year: YearlyMoney
    one_time_share: Decimal | None
    recurring_share: Decimal | None
    direct_total: Money
    indirect_total: Money  # technical support and professional learning
    indirect_share: Decimal | None
    by_category: tuple[CategoryCost, ...]  # only categories with items, vocabulary order
    by_tco_class: tuple[TcoClassCost, ...]  # all three classes, vocabulary order
    per_student_per_year: Money | None  # TCO / students / horizon years
    # Managed devices: the largest quantity among device management items bought inside the
    # horizon; when there are none, the total quantity of hardware items; else None
    # (``cashflow.managed_devices``). Shown as "per managed device".
    devices: Decimal | None
    per_device: Money | None  # TCO / managed devices: the cost per managed device
    per_device_per_year: Money | None  # TCO / managed devices / horizon years, rounded once
    refresh_total: Money  # purchases after the first one (device refresh) inside the horizon


# --------------------------------------------------------------------------------------------
# Benefits
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RiskAttribution:
    """The part of a risk's avoided cost credited to one mitigating item."""

    item_key: int
    item_name: str
    by_year: YearlyMoney
    total: Money


@dataclass(frozen=True, slots=True)
class RiskResult:
    key: int
    title: str
    kind: RiskKind
    expected_loss_before: Money  # per year, without mitigation
    expected_loss_after: Money  # per year, with the plan's mitigation (= before if none)
    avoided_per_year: Money  # before − after; negative when the "mitigation" makes it worse
    mitigation_worse: bool
    mitigating_item_keys: tuple[int, ...]  # items in this scenario that mitigate it, ascending
    avoided_by_year: YearlyMoney  # counted only in years when a mitigating item is active
    avoided_total: Money
    attributions: tuple[RiskAttribution, ...]  # sum exactly to avoided_by_year


@dataclass(frozen=True, slots=True)
class BenefitSummary:
    avoided_by_year: YearlyMoney
    savings_by_year: YearlyMoney
    by_year: YearlyMoney  # avoided + savings
    avoided_total: Money
    savings_total: Money
    total: Money
    risks: tuple[RiskResult, ...]  # every risk of the proposal, input order
    quantified: bool  # at least one risk with a loss estimate or one item with savings


# --------------------------------------------------------------------------------------------
# Return
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReturnSummary:
    """Net position and discounted figures.

    NPV convention: year 1 is today (not discounted), year ``y`` is discounted by
    ``(1 + rate) ** (y - 1)``; identical to ``numpy_financial.npv(rate, net_by_year)``."""

    discount_rate: Decimal
    net_by_year: YearlyMoney  # benefits − costs
    cumulative_by_year: YearlyMoney
    pv_costs: Money
    pv_benefits: Money
    npv: Money
    roi: Decimal | None  # (total benefits − total costs) / total costs, undiscounted
    benefit_cost_ratio: Decimal | None  # PV benefits / PV costs
    # First plan year from which the cumulative net stays ≥ 0 to the end of the horizon, once
    # some cost has been incurred (see ``desktop.finance.returns``); None: not within the plan.
    payback_year: int | None
    payback_fiscal_year: int | None
    irr: Decimal | None  # None when undefined (no sign change, no root)
    # Each year's discount factor, and its net at today's value in cents, rounded so that the
    # years add up to ``npv`` exactly (each year takes the cents its running total rounds to).
    discount_factors: tuple[Decimal, ...] = ()
    pv_net_by_year: YearlyMoney = ()


# --------------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------------


class Severity(StrEnum):
    NOTICE = "notice"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the CFO will ask about, in plain words."""

    code: str  # stable identifier: "no_funding", "gap_in_year", "grants_for_recurring", ...
    severity: Severity
    message: str
    year: int | None = None  # plan year, when the flag is about one year


@dataclass(frozen=True, slots=True)
class FundingSourceResult:
    key: int
    name: str
    kind: FundingKind
    recurring: bool
    by_year: YearlyMoney
    total: Money
    secured: bool = True  # False: asked for, not yet awarded or approved


@dataclass(frozen=True, slots=True)
class FundingSummary:
    """Funding against cost, year by year.

    Gap and surplus are per year and not carried over: a surplus in year 2 does not pay year 3
    unless the district moves it there, so ``gap_total`` is the sum of yearly gaps.
    Grant reliance: in each year recurring sources pay recurring costs first; the rest of the
    recurring costs that temporary (non-recurring) money pays is reliance on temporary money."""

    sources: tuple[FundingSourceResult, ...]
    total: Money
    by_year: YearlyMoney
    recurring_funding_by_year: YearlyMoney
    temporary_funding_by_year: YearlyMoney
    gap_by_year: YearlyMoney  # max(cost − funding, 0)
    surplus_by_year: YearlyMoney  # max(funding − cost, 0)
    gap_total: Money
    surplus_total: Money
    net_position: Money  # total funding − total cost (negative: short over the horizon)
    recurring_costs_by_year: YearlyMoney
    recurring_costs_total: Money
    recurring_covered_by_year: YearlyMoney  # recurring costs paid by recurring sources
    recurring_coverage_share: Decimal | None  # covered / recurring costs
    temporary_for_recurring_by_year: YearlyMoney
    temporary_for_recurring_total: Money
    grant_reliance_share: Decimal | None  # temporary money for recurring / recurring costs
    flags: tuple[Flag, ...]
    # Money not yet secured (a grant applied for), and the gap the plan would have without it:
    # what the case turns on if it is not awarded.
    pending_by_year: YearlyMoney
    pending_total: Money
    gap_without_pending_by_year: YearlyMoney
    gap_without_pending_total: Money
    # E-Rate, all its sources together: a federal discount on the bills, not the district's
    # money; and the cost left after the E-Rate secured, for the district's budgets and grants.
    e_rate_by_year: YearlyMoney = ()
    e_rate_total: Money = Decimal(0)
    cost_after_e_rate_by_year: YearlyMoney = ()
    cost_after_e_rate_total: Money = Decimal(0)

    @property
    def gap_label(self) -> str:
        """The gap's name on a screen, saying when it takes money not yet secured as coming
        in: "Funding gap $0.00" read as a plan paid for, and "counting money not yet secured"
        as the gap should that money fail, the opposite of what it is."""
        if self.extra_shortfall_total > 0:
            return "Funding gap if the money not yet secured comes in"
        return "Funding gap"

    @property
    def reliance_shown(self) -> Decimal | None:
        """The share of recurring costs paid from temporary money as a screen shows it: none
        while no funding source is entered ("0.0%" read as a virtue when nothing pays at
        all); the share otherwise."""
        return self.grant_reliance_share if self.sources else None

    @property
    def extra_shortfall_total(self) -> Money:
        """How much larger the gap is without the money not yet secured (0 when the plan does
        not need that money): what every "counting the money not yet secured" turns on."""
        return self.gap_without_pending_total - self.gap_total


def shared_gap_label(first: FundingSummary, *others: FundingSummary) -> str:
    """One name for the gaps of several fundings side by side (scenarios, two proposals):
    qualified when any of them counts money not yet secured as coming in."""
    for funding in (first, *others):
        if funding.extra_shortfall_total > 0:
            return funding.gap_label
    return first.gap_label


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScenarioDifference:
    """This scenario minus the base case (positive: this scenario has more)."""

    tco: Money
    per_student_per_year: Money | None
    npv: Money
    benefits: Money
    funding_gap: Money
    grant_reliance_share: Decimal | None
    payback_years: int | None  # this payback year − the base's; None when either has none


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    key: int | None  # None for the base case
    name: str
    description: str
    is_base: bool
    items: tuple[ItemCashFlow, ...]  # the items in this scenario, input order
    tco: TcoSummary
    benefits: BenefitSummary
    returns: ReturnSummary
    # The same, counting the items' savings alone (costs the district stops paying) and none of
    # the risk-adjusted losses avoided: the case on budget money only, as a cautious CFO reads it.
    savings_only: ReturnSummary
    funding: FundingSummary
    versus_base: ScenarioDifference | None  # None for the base case
    # The same weighed against the cost after the E-Rate secured (the federal discount taken
    # off: what the district's budgets and grants carry) rather than the whole cost; None when
    # no E-Rate is secured. The headline figures weigh the whole cost, whoever pays it.
    after_e_rate: ReturnSummary | None = None

    def returns_view(
        self, *, savings_only: bool = False, after_e_rate: bool = False
    ) -> ReturnSummary:
        """The return as asked: the whole one, on budget savings alone, or against the cost
        after the E-Rate secured (the whole one when there is no such figure)."""
        if savings_only:
            return self.savings_only
        if after_e_rate and self.after_e_rate is not None:
            return self.after_e_rate
        return self.returns


# --------------------------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------------------------


class Driver(StrEnum):
    ONE_TIME_COSTS = "one_time_costs"
    RECURRING_COSTS = "recurring_costs"
    QUANTITIES = "quantities"
    LIFESPANS = "lifespans"
    RISK_LIKELIHOODS = "risk_likelihoods"
    RISK_COSTS = "risk_costs"
    ANNUAL_SAVINGS = "annual_savings"
    DISCOUNT_RATE = "discount_rate"

    @property
    def label(self) -> str:
        return _DRIVER_LABELS[self]


_DRIVER_LABELS: dict[Driver, str] = {
    Driver.ONE_TIME_COSTS: "One-time unit costs",
    Driver.RECURRING_COSTS: "Recurring annual costs",
    Driver.QUANTITIES: "Quantities",
    Driver.LIFESPANS: "Lifespans (refresh cycles)",
    Driver.RISK_LIKELIHOODS: "Risk likelihoods without mitigation",
    Driver.RISK_COSTS: "Risk costs per occurrence",
    Driver.ANNUAL_SAVINGS: "Annual savings",
    Driver.DISCOUNT_RATE: "Discount rate",
}


@dataclass(frozen=True, slots=True)
class SensitivityLine:
    """NPV when one driver is lowered (``npv_low_input``) or raised (``npv_high_input``) by the
    step, everything else as proposed. ``swing``: how far the NPV moves across the range, from
    the lowest to the highest of the two and the base NPV (the tornado bar's length)."""

    driver: Driver
    label: str
    npv_low_input: Money
    npv_high_input: Money
    swing: Money


@dataclass(frozen=True, slots=True)
class SensitivityResult:
    step: Decimal  # 0.20 = ±20 %
    base_npv: Money
    lines: tuple[SensitivityLine, ...]  # ranked: largest swing first


# --------------------------------------------------------------------------------------------
# Rubric and alignment
# --------------------------------------------------------------------------------------------


class RubricElement(StrEnum):
    EFFICIENCY_AND_COST_SAVINGS = "efficiency_and_cost_savings"
    ALIGNMENT_TO_PLANS = "alignment_to_plans"
    CONSISTENT_FUNDING = "consistent_funding"
    LEARNING_RETURN = "learning_return"

    @property
    def label(self) -> str:
        return _ELEMENT_LABELS[self]


_ELEMENT_LABELS: dict[RubricElement, str] = {
    RubricElement.EFFICIENCY_AND_COST_SAVINGS: "Efficiency and cost savings",
    RubricElement.ALIGNMENT_TO_PLANS: "Alignment to district and school plans",
    RubricElement.CONSISTENT_FUNDING: "Consistent funding streams",
    RubricElement.LEARNING_RETURN: "Learning return on investment",
}


class RubricLevel(IntEnum):
    BEGINNING = 1
    DEVELOPING = 2
    ESTABLISHED = 3
    EXEMPLARY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True, slots=True)
class RubricAssessment:
    element: RubricElement
    level: RubricLevel
    reasons: tuple[str, ...]  # why this level, from the proposal's own figures
    next_steps: tuple[str, ...]  # what would raise it; empty at the top level

    @property
    def label(self) -> str:
        return self.element.label


@dataclass(frozen=True, slots=True)
class NamedKey:
    key: int
    name: str


@dataclass(frozen=True, slots=True)
class AlignmentCoverage:
    items_without_goal: tuple[NamedKey, ...]
    goals_without_item: tuple[NamedKey, ...]  # name is "CODE — title"
    risks_without_item: tuple[NamedKey, ...]
    items_without_metric: tuple[NamedKey, ...]
    items_linked_to_goal_share: Decimal | None
    goals_supported_share: Decimal | None

    @property
    def complete(self) -> bool:
        return not (
            self.items_without_goal
            or self.goals_without_item
            or self.risks_without_item
            or self.items_without_metric
        )


# --------------------------------------------------------------------------------------------
# After the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefreshDue:
    """One purchase of an item in the years after the plan (``desktop.finance.after_plan``)."""

    item_key: int
    name: str
    category: ItemCategory
    plan_year: int  # counted on from the plan's years: horizon + 1, + 2, ...
    fiscal_year_label: str
    amount: Money  # at the plan's purchase price increases, rounded to the cent


@dataclass(frozen=True, slots=True)
class UseAfterPlan:
    """An item's last purchase within the plan and the share of it still to be used after the
    plan's last year (``desktop.finance.after_plan``)."""

    item_key: int
    name: str
    plan_year: int  # the year of the purchase, within the plan
    fiscal_year_label: str
    amount: Money  # price × years of life after the plan ÷ lifespan, rounded to the cent


@dataclass(frozen=True, slots=True)
class AfterPlan:
    """The replacements that fall due in the ``years`` after the plan ends; not part of the
    total cost of ownership, which counts the plan's own years."""

    years: int
    first_label: str  # the first and last fiscal years looked at ("2032–33", "2034–35")
    last_label: str
    refreshes: tuple[RefreshDue, ...]  # by year, then in the items' order
    total: Money
    # The recurring costs of the first year after the plan (``first_label``): what the items
    # bought within it go on costing each year, at the plan's recurring price increases.
    recurring_next_year: Money
    # That year's recurring cost per student at the plan's enrollment: the lasting cost per
    # pupil a budget takes on. None with no students or no recurring cost.
    recurring_per_student: Money | None
    students: int
    # What the purchases made within the plan have still to give after it: for each item's
    # last purchase, its price × the years of its life after the plan ÷ its lifespan (straight
    # line). The total cost of ownership counts their whole price and no value left.
    remaining_value: Money = ZERO
    remaining_largest: UseAfterPlan | None = None  # the item that leaves the most
    plan_last_label: str = ""  # the plan's last fiscal year ("2031–32")
    tco_total: Money = ZERO  # the plan's total cost, against which the remainder is weighed


# --------------------------------------------------------------------------------------------
# The whole result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProposalResult:
    name: str
    district: str
    currency: str
    fiscal_year_start: int
    horizon_years: int
    students: int
    discount_rate: Decimal
    years: tuple[int, ...]  # 1 .. horizon
    fiscal_years: tuple[int, ...]  # calendar year each plan year starts in
    fiscal_year_labels: tuple[str, ...]  # "2027–28"
    scenarios: tuple[ScenarioResult, ...]  # base case first
    sensitivity: SensitivityResult
    rubric: tuple[RubricAssessment, ...]  # the four elements, rubric order
    alignment: AlignmentCoverage
    after_plan: AfterPlan  # the proposal's replacements due soon after its last year
    # Money measures whose items claim more yearly savings than the target takes off
    # (``desktop.finance.claims``); the CFO's questions, beside the funding's flags.
    savings_flags: tuple[Flag, ...] = ()
    # What of the 1:1 template's examples the proposal still holds (``desktop.finance.
    # placeholders``): the rubric gives them no credit and the printed case says so.
    placeholders: TemplatePlaceholders = TemplatePlaceholders()

    @property
    def base(self) -> ScenarioResult:
        return self.scenarios[0]

    # Headline figures of the base case, for the summary panel and the executive summary.
    @property
    def tco_total(self) -> Money:
        return self.base.tco.total

    @property
    def per_student_per_year(self) -> Money | None:
        return self.base.tco.per_student_per_year

    @property
    def npv(self) -> Money:
        return self.base.returns.npv

    @property
    def payback_year(self) -> int | None:
        return self.base.returns.payback_year

    @property
    def after_e_rate_differs(self) -> bool:
        """Whether the return on the cost after the E-Rate secured is a figure of its own: some
        E-Rate is secured and there is a cost to weigh."""
        return self.base.after_e_rate is not None and bool(self.tco_total)

    @property
    def savings_only_differs(self) -> bool:
        """Whether the case on budget savings alone says anything the full one does not: there
        is a cost, and the risk estimates change the benefits."""
        return bool(self.tco_total) and bool(self.base.benefits.avoided_total)

    def payback_text(
        self,
        scenario: ScenarioResult | None = None,
        *,
        savings_only: bool = False,
        after_e_rate: bool = False,
    ) -> str:
        """The payback of ``scenario`` (the proposal's own by default) as every surface words it
        (``format_payback``): with its fiscal year's label, and "—" when
        the scenario spends nothing, so has nothing to pay back. With ``savings_only``, the
        payback counting the items' savings alone; with ``after_e_rate``, against the cost
        after the E-Rate secured."""
        chosen = scenario or self.base
        returns = chosen.returns_view(savings_only=savings_only, after_e_rate=after_e_rate)
        return format_payback(
            returns.payback_year, self.fiscal_year_labels, spent=bool(chosen.tco.total)
        )

    @property
    def funding_gap(self) -> Money:
        return self.base.funding.gap_total

    @property
    def scenarios_gap_label(self) -> str:
        """The gap's name over a row of scenarios: qualified when any of them counts money not
        yet secured as coming in, so one label holds for every column."""
        return shared_gap_label(*(scenario.funding for scenario in self.scenarios))

    @property
    def grant_reliance_share(self) -> Decimal | None:
        return self.base.funding.grant_reliance_share

    @property
    def rubric_levels(self) -> tuple[RubricLevel, ...]:
        return tuple(assessment.level for assessment in self.rubric)
