"""The faster snapshot reads exactly what the original ORM-based one read.

``desktop.services.snapshot`` reads rows as column tuples instead of ORM objects, for speed on
large proposals. The reference below is the original implementation, kept verbatim: for the
sample and for a synthetic proposal with every kind of row and link, both must give the same
``ProposalInput``, value for value (compared by ``repr`` so ``Decimal("1.0")`` and
``Decimal("1.00")`` would differ).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.generate import import_synthetic
from desktop.finance.inputs import (
    FundingInput,
    GoalInput,
    GoalLink,
    ItemInput,
    MetricInput,
    ProposalInput,
    RiskInput,
    ScenarioInput,
)
from desktop.models import (
    FundingAmount,
    FundingSource,
    Goal,
    Item,
    ItemGoalLink,
    ItemMetricLink,
    ItemRiskLink,
    Metric,
    Proposal,
    Risk,
    Scenario,
    ScenarioItem,
)
from desktop.services.editing import NotFoundError, set_funding_amount, update_proposal
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input


def test_sample_snapshot_is_unchanged(library: Library, sample_id: int) -> None:
    fast = proposal_input(library, sample_id)

    assert len(fast.items) >= 15 and fast.scenarios and fast.funding
    assert repr(fast) == repr(reference_proposal_input(library, sample_id))


def test_synthetic_snapshot_is_unchanged_even_beyond_a_shortened_horizon(
    library: Library,
) -> None:
    proposal_id = import_synthetic(library, 300)
    first_source = reference_proposal_input(library, proposal_id).funding[0].key
    set_funding_amount(library, first_source, 5, "1234.56")
    update_proposal(library, proposal_id, {"horizon_years": "4"})

    fast = proposal_input(library, proposal_id)

    assert all(5 not in source.amounts_by_year for source in fast.funding)
    assert repr(fast) == repr(reference_proposal_input(library, proposal_id))


# --- the original implementation, for reference -----------------------------------------------


def reference_proposal_input(library: Library, proposal_id: int) -> ProposalInput:
    with library.reading() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("That proposal no longer exists.")
        horizon = proposal.horizon_years

        def rows(model: Any) -> list[Any]:
            return list(
                session.scalars(
                    select(model)
                    .where(model.proposal_id == proposal_id)
                    .order_by(model.position, model.id)
                )
            )

        goals, risks, metrics = rows(Goal), rows(Risk), rows(Metric)
        items, sources, scenarios = rows(Item), rows(FundingSource), rows(Scenario)

        goal_links: dict[int, list[GoalLink]] = defaultdict(list)
        for item_id, goal_id, rationale in session.execute(
            select(ItemGoalLink.item_id, ItemGoalLink.goal_id, ItemGoalLink.rationale)
            .join(Item, Item.id == ItemGoalLink.item_id)
            .where(Item.proposal_id == proposal_id)
            .order_by(ItemGoalLink.goal_id)
        ):
            goal_links[item_id].append(GoalLink(goal_id, rationale))
        risk_links = _reference_pairs(
            session, ItemRiskLink.item_id, ItemRiskLink.risk_id, proposal_id
        )
        metric_links = _reference_pairs(
            session, ItemMetricLink.item_id, ItemMetricLink.metric_id, proposal_id
        )

        amounts: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for source_id, year, amount in session.execute(
            select(FundingAmount.source_id, FundingAmount.year, FundingAmount.amount)
            .join(FundingSource)
            .where(FundingSource.proposal_id == proposal_id, FundingAmount.year <= horizon)
        ):
            amounts[source_id][year] = amount

        entries: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        for scenario_id, item_id, override in session.execute(
            select(ScenarioItem.scenario_id, ScenarioItem.item_id, ScenarioItem.quantity_override)
            .join(Scenario)
            .where(Scenario.proposal_id == proposal_id)
        ):
            entries[scenario_id][item_id] = override

        return ProposalInput(
            name=proposal.name,
            district=proposal.district,
            initiative=proposal.initiative,
            fiscal_year_start=proposal.fiscal_year_start,
            horizon_years=horizon,
            students=proposal.students,
            teachers=proposal.teachers,
            staff=proposal.staff,
            discount_rate=proposal.discount_rate,
            currency=proposal.currency,
            purchase_escalation_rate=proposal.purchase_escalation_rate,
            recurring_escalation_rate=proposal.recurring_escalation_rate,
            fiscal_year_start_month=proposal.fiscal_year_start_month,
            status=proposal.status.value,
            prepared_by=proposal.prepared_by,
            prepared_for=proposal.prepared_for,
            executive_summary=proposal.executive_summary,
            logo=proposal.logo,
            logo_media_type=proposal.logo_media_type,
            goals=tuple(GoalInput(g.id, g.code, g.title, g.level, g.description) for g in goals),
            risks=tuple(
                RiskInput(
                    key=r.id,
                    title=r.title,
                    kind=r.kind,
                    exposure=r.exposure,
                    likelihood_before=r.likelihood_before,
                    likelihood_after=r.likelihood_after,
                    cost_before=r.cost_before,
                    cost_after=r.cost_after,
                    description=r.description,
                )
                for r in risks
            ),
            metrics=tuple(
                MetricInput(
                    key=m.id,
                    name=m.name,
                    area=m.area,
                    unit=m.unit,
                    baseline=m.baseline,
                    target=m.target,
                    target_year=m.target_year,
                    data_source=m.data_source,
                    owner=m.owner,
                )
                for m in metrics
            ),
            items=tuple(
                ItemInput(
                    key=i.id,
                    name=i.name,
                    category=i.category,
                    quantity=i.quantity,
                    unit_cost=i.unit_cost,
                    recurring_unit_cost=i.recurring_unit_cost,
                    lifespan_years=i.lifespan_years,
                    start_year=i.start_year,
                    annual_savings=i.annual_savings,
                    vendor=i.vendor,
                    notes=i.notes,
                    figure_source=i.figure_source,
                    goal_links=tuple(goal_links.get(i.id, ())),
                    risk_keys=tuple(risk_links.get(i.id, ())),
                    metric_keys=tuple(metric_links.get(i.id, ())),
                )
                for i in items
            ),
            funding=tuple(
                # The sources' notes, carried since the PDF and workbook print them.
                FundingInput(
                    s.id, s.name, s.kind, s.recurring, dict(amounts.get(s.id, {})), s.notes
                )
                for s in sources
            ),
            scenarios=tuple(
                ScenarioInput(s.id, s.name, dict(entries.get(s.id, {})), s.description)
                for s in scenarios
            ),
        )


def _reference_pairs(
    session: Session, item_column: Any, other_column: Any, proposal_id: int
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for item_id, other_id in session.execute(
        select(item_column, other_column)
        .join(Item, Item.id == item_column)
        .where(Item.proposal_id == proposal_id)
        .order_by(other_column)
    ):
        found[item_id].append(other_id)
    return found
