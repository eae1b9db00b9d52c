"""Plain, immutable inputs to the finance engine: one proposal as the engine sees it.

The services layer builds a ``ProposalInput`` from the database (``desktop.services.snapshot``);
tests and benchmarks build them directly. Nothing here knows about SQL or Qt.

Conventions (they are the contract every layer relies on):
- Money is ``Decimal`` in the proposal's currency, never ``float``. Amounts arrive with at most two
  decimal places; the engine keeps exact arithmetic and rounds once, half-up to the cent, where a
  figure is presented (see ``desktop.finance.money``).
- Plan years are 1-based: year 1 is the fiscal year that starts in ``fiscal_year_start``.
- Rates are fractions: ``Decimal("0.04")`` is 4 %.
- ``key`` fields are stable identifiers (database ids) used for links and for attributing results.
- ``template_placeholder`` on a row: it still holds the 1:1 template's placeholder wording or
  illustrative figures, which the director is to replace with the district's own (the services
  layer sets it when it reads the row, ``desktop.services.template_marks``). The engine's figures
  do not read it; the rubric gives no credit on the strength of such rows, and the printed case
  says they are still examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    RiskKind,
)

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GoalLink:
    """An item serves a plan goal, with one line saying why."""

    goal_key: int
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class ItemInput:
    """One infrastructure line: ``quantity`` units bought at ``unit_cost`` in ``start_year``,
    costing ``recurring_unit_cost`` per unit every year from ``start_year``, bought again every
    ``lifespan_years`` (``None``: never refreshed, e.g. a one-off service)."""

    key: int
    name: str
    category: ItemCategory
    quantity: Decimal
    unit_cost: Decimal = ZERO
    recurring_unit_cost: Decimal = ZERO
    lifespan_years: int | None = None
    start_year: int = 1
    annual_savings: Decimal = ZERO
    vendor: str = ""
    notes: str = ""
    figure_source: str = ""
    goal_links: tuple[GoalLink, ...] = ()
    risk_keys: tuple[int, ...] = ()
    metric_keys: tuple[int, ...] = ()
    template_placeholder: bool = False  # its figures are still the template's illustrations


@dataclass(frozen=True, slots=True)
class GoalInput:
    key: int
    code: str
    title: str
    level: GoalLevel
    description: str = ""
    template_placeholder: bool = False  # still the template's wording, not the board's


@dataclass(frozen=True, slots=True)
class RiskInput:
    """What goes wrong without mitigation. Expected annual loss is
    ``exposure × likelihood × cost per occurrence``, before and after mitigation.

    ``exposure`` counts the things at risk (e.g. 4,200 devices; 1 for a district-wide event);
    ``likelihood_*`` is the yearly chance, 0–1, that one of them suffers the event."""

    key: int
    title: str
    kind: RiskKind
    exposure: Decimal = Decimal(1)
    likelihood_before: Decimal = ZERO
    likelihood_after: Decimal = ZERO
    cost_before: Decimal = ZERO
    cost_after: Decimal = ZERO
    description: str = ""
    template_placeholder: bool = False  # its estimates are still the template's


@dataclass(frozen=True, slots=True)
class MetricInput:
    key: int
    name: str
    area: MetricArea
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_year: int | None = None
    data_source: str = ""
    owner: str = ""
    template_placeholder: bool = False  # its baseline and target are still the template's


@dataclass(frozen=True, slots=True)
class FundingInput:
    """A funding stream and what it brings per plan year (missing years bring nothing)."""

    key: int
    name: str
    kind: FundingKind
    recurring: bool
    amounts_by_year: Mapping[int, Decimal] = field(default_factory=dict)
    notes: str = ""  # the director's words on the source (terms, conditions): printed, not used
    secured: bool = True  # False: asked for, not yet awarded or approved (a pending grant)
    template_placeholder: bool = False  # its amounts are still the template's


@dataclass(frozen=True, slots=True)
class ScenarioInput:
    """A named variant: exactly the items listed, each at its override quantity, or at the item's
    own quantity when the override is ``None``."""

    key: int
    name: str
    item_quantities: Mapping[int, Decimal | None] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True, slots=True)
class ProposalInput:
    name: str
    district: str
    initiative: InitiativeKind
    fiscal_year_start: int
    horizon_years: int
    students: int
    teachers: int = 0
    staff: int = 0
    discount_rate: Decimal = Decimal("0.03")
    currency: str = "USD"
    purchase_escalation_rate: Decimal = ZERO
    recurring_escalation_rate: Decimal = ZERO
    items: tuple[ItemInput, ...] = ()
    goals: tuple[GoalInput, ...] = ()
    risks: tuple[RiskInput, ...] = ()
    metrics: tuple[MetricInput, ...] = ()
    funding: tuple[FundingInput, ...] = ()
    scenarios: tuple[ScenarioInput, ...] = ()
    # What the printed case shows about the proposal; the engine does not read these.
    fiscal_year_start_month: int = 7
    status: str = "draft"
    prepared_by: str = ""
    prepared_for: str = ""
    executive_summary: str = ""
    logo: bytes | None = None
    logo_media_type: str | None = None
