"""From the database to the finance engine: one proposal as a ``ProposalInput``.

Loads a proposal with all its rows and links in a handful of queries (no per-row lazy loads) and
hands the engine plain, immutable data. The rows are read as plain column tuples, not ORM
objects: the snapshot is read-only and rebuilt after every edit, so the identity map and
attribute tracking that ORM objects carry would only cost time (about a third of the time of a
10,000-item snapshot). Funding amounts for years beyond a shortened horizon are kept in the
database but left out here.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

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
from desktop.services.editing import NotFoundError
from desktop.services.library import Library


def proposal_input(library: Library, proposal_id: int) -> ProposalInput:
    with library.reading() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("That proposal no longer exists.")
        horizon = proposal.horizon_years
        # Core rows from the session's own connection (same transaction): the ORM's row
        # machinery is not needed for plain columns and costs more than the query itself.
        connection = session.connection()

        def rows(model: Any, *columns: Any) -> list[Any]:
            return list(
                connection.execute(
                    select(*columns)
                    .where(model.proposal_id == proposal_id)
                    .order_by(model.position, model.id)
                )
            )

        goals = rows(Goal, Goal.id, Goal.code, Goal.title, Goal.level, Goal.description)
        risks = rows(
            Risk, Risk.id, Risk.title, Risk.kind, Risk.exposure, Risk.likelihood_before,
            Risk.likelihood_after, Risk.cost_before, Risk.cost_after, Risk.description,
        )  # fmt: skip
        metrics = rows(
            Metric, Metric.id, Metric.name, Metric.area, Metric.unit, Metric.baseline,
            Metric.target, Metric.target_year, Metric.data_source, Metric.owner,
        )  # fmt: skip
        items = rows(
            Item, Item.id, Item.name, Item.category, Item.quantity, Item.unit_cost,
            Item.recurring_unit_cost, Item.lifespan_years, Item.start_year, Item.annual_savings,
            Item.vendor, Item.notes, Item.figure_source,
        )  # fmt: skip
        sources = rows(
            FundingSource, FundingSource.id, FundingSource.name, FundingSource.kind,
            FundingSource.recurring,
        )  # fmt: skip
        scenarios = rows(Scenario, Scenario.id, Scenario.name, Scenario.description)

        goal_links: dict[int, list[GoalLink]] = defaultdict(list)
        for item_id, goal_id, rationale in connection.execute(
            select(ItemGoalLink.item_id, ItemGoalLink.goal_id, ItemGoalLink.rationale)
            .join(Item, Item.id == ItemGoalLink.item_id)
            .where(Item.proposal_id == proposal_id)
            .order_by(ItemGoalLink.goal_id)
        ):
            goal_links[item_id].append(GoalLink(goal_id, rationale))
        risk_links = _pairs(connection, ItemRiskLink.item_id, ItemRiskLink.risk_id, proposal_id)
        metric_links = _pairs(
            connection, ItemMetricLink.item_id, ItemMetricLink.metric_id, proposal_id
        )

        amounts: dict[int, dict[int, Decimal]] = defaultdict(dict)
        for source_id, year, amount in connection.execute(
            select(FundingAmount.source_id, FundingAmount.year, FundingAmount.amount)
            .join(FundingSource)
            .where(FundingSource.proposal_id == proposal_id, FundingAmount.year <= horizon)
        ):
            amounts[source_id][year] = amount

        entries: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        for scenario_id, item_id, override in connection.execute(
            select(ScenarioItem.scenario_id, ScenarioItem.item_id, ScenarioItem.quantity_override)
            .join(Scenario)
            .where(Scenario.proposal_id == proposal_id)
        ):
            entries[scenario_id][item_id] = override

        no_links: tuple[()] = ()
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
            goals=tuple(GoalInput(*goal) for goal in goals),
            risks=tuple(
                RiskInput(
                    key=key,
                    title=title,
                    kind=kind,
                    exposure=exposure,
                    likelihood_before=likelihood_before,
                    likelihood_after=likelihood_after,
                    cost_before=cost_before,
                    cost_after=cost_after,
                    description=description,
                )
                for (
                    key,
                    title,
                    kind,
                    exposure,
                    likelihood_before,
                    likelihood_after,
                    cost_before,
                    cost_after,
                    description,
                ) in risks
            ),  # fmt: skip
            metrics=tuple(
                MetricInput(
                    key=key,
                    name=name,
                    area=area,
                    unit=unit,
                    baseline=baseline,
                    target=target,
                    target_year=target_year,
                    data_source=data_source,
                    owner=owner,
                )
                for (
                    key,
                    name,
                    area,
                    unit,
                    baseline,
                    target,
                    target_year,
                    data_source,
                    owner,
                ) in metrics
            ),  # fmt: skip
            items=tuple(
                ItemInput(
                    key=key,
                    name=name,
                    category=category,
                    quantity=quantity,
                    unit_cost=unit_cost,
                    recurring_unit_cost=recurring_unit_cost,
                    lifespan_years=lifespan_years,
                    start_year=start_year,
                    annual_savings=annual_savings,
                    vendor=vendor,
                    notes=notes,
                    figure_source=figure_source,
                    goal_links=tuple(goal_links.get(key, no_links)),
                    risk_keys=tuple(risk_links.get(key, no_links)),
                    metric_keys=tuple(metric_links.get(key, no_links)),
                )
                for (
                    key,
                    name,
                    category,
                    quantity,
                    unit_cost,
                    recurring_unit_cost,
                    lifespan_years,
                    start_year,
                    annual_savings,
                    vendor,
                    notes,
                    figure_source,
                ) in items
            ),  # fmt: skip
            funding=tuple(
                FundingInput(key, name, kind, recurring, dict(amounts.get(key, {})))
                for key, name, kind, recurring in sources
            ),
            scenarios=tuple(
                ScenarioInput(key, name, dict(entries.get(key, {})), description)
                for key, name, description in scenarios
            ),
        )


def _pairs(
    connection: Connection, item_column: Any, other_column: Any, proposal_id: int
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for item_id, other_id in connection.execute(
        select(item_column, other_column)
        .join(Item, Item.id == item_column)
        .where(Item.proposal_id == proposal_id)
        .order_by(other_column)
    ):
        found[item_id].append(other_id)
    return found
