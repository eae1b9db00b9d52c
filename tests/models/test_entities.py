"""Every entity and link survives a trip through the database exactly as it was written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

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
from desktop.services.library import Library
from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    ProposalStatus,
    RiskKind,
)


def _full_proposal() -> Proposal:
    proposal = Proposal(
        name="Round trip",
        district="Lakeside Unified",
        initiative=InitiativeKind.BYOD,
        fiscal_year_start=2027,
        fiscal_year_start_month=9,
        horizon_years=6,
        students=3210,
        teachers=201,
        staff=87,
        discount_rate=Decimal("0.0425"),
        currency="EUR",
        purchase_escalation_rate=Decimal("0.021"),
        recurring_escalation_rate=Decimal("0.035"),
        status=ProposalStatus.FINAL,
        prepared_by="Director of Technology",
        prepared_for="Chief Financial Officer",
        executive_summary="Ülkü's plan — 1:1 for every learner.\nSecond line.",
        logo=b"\x89PNG\r\n\x1a\nfake",
        logo_media_type="image/png",
    )
    goal = Goal(code="SP-2", title="Every student connected", level=GoalLevel.BUILDING_TACTICAL)
    risk = Risk(
        title="Screens broken",
        kind=RiskKind.FINANCIAL,
        exposure=Decimal("3210"),
        likelihood_before=Decimal("0.125"),
        likelihood_after=Decimal("0.1"),
        cost_before=Decimal("289.99"),
        cost_after=Decimal("49.01"),
    )
    metric = Metric(
        name="Devices ready on day one",
        area=MetricArea.DEPLOYMENT_SPEED,
        unit="%",
        baseline=Decimal("71.5"),
        target=Decimal("98"),
        target_year=2029,
        data_source="MDM report",
        owner="Help desk lead",
    )
    item = Item(
        name="Student laptops",
        category=ItemCategory.HARDWARE,
        quantity=Decimal("3210.5"),
        unit_cost=Decimal("329.10"),
        recurring_unit_cost=Decimal("0.20"),
        lifespan_years=4,
        start_year=2,
        annual_savings=Decimal("1000.01"),
        vendor="Vendor & Sons <Ltd>",
        notes="multi\nline",
        figure_source="Illustrative quote",
    )
    source = FundingSource(name="General fund", kind=FundingKind.MAINTENANCE_OPERATIONS)
    source.amounts = [
        FundingAmount(year=1, amount=Decimal("0.10")),
        FundingAmount(year=2, amount=Decimal("0.20")),
    ]
    scenario = Scenario(name="Lean", description="Fewer devices")
    proposal.goals, proposal.risks, proposal.metrics = [goal], [risk], [metric]
    proposal.items, proposal.funding_sources, proposal.scenarios = [item], [source], [scenario]
    item.goal_links = [ItemGoalLink(goal=goal, rationale="Devices are the plan")]
    item.risk_links = [ItemRiskLink(risk=risk)]
    item.metric_links = [ItemMetricLink(metric=metric)]
    scenario.entries = [ScenarioItem(item=item, quantity_override=Decimal("1500"))]
    return proposal


def test_every_entity_and_link_round_trips(library: Library) -> None:
    with library.transaction() as session:
        session.add(_full_proposal())
    library.close()

    from desktop.services.library import open_library

    reopened = open_library(library.path)  # type: ignore[arg-type]
    with reopened.reading() as session:
        proposal = session.scalars(select(Proposal)).one()
        assert proposal.initiative is InitiativeKind.BYOD
        assert proposal.discount_rate == Decimal("0.0425")
        assert proposal.executive_summary.startswith("Ülkü's plan")
        assert proposal.logo == b"\x89PNG\r\n\x1a\nfake"
        assert proposal.created_at.tzinfo is not None
        goal, risk, metric = proposal.goals[0], proposal.risks[0], proposal.metrics[0]
        assert (goal.code, goal.level) == ("SP-2", GoalLevel.BUILDING_TACTICAL)
        assert (risk.likelihood_before, risk.cost_before, risk.cost_after) == (
            Decimal("0.125"), Decimal("289.99"), Decimal("49.01"),
        )  # fmt: skip
        assert (metric.baseline, metric.target, metric.target_year) == (
            Decimal("71.5"),
            Decimal("98"),
            2029,
        )
        item = proposal.items[0]
        assert item.quantity == Decimal("3210.5")
        assert item.unit_cost == Decimal("329.10")
        assert item.vendor == "Vendor & Sons <Ltd>"
        assert [link.goal.code for link in item.goal_links] == ["SP-2"]
        assert item.goal_links[0].rationale == "Devices are the plan"
        assert [link.risk.title for link in item.risk_links] == ["Screens broken"]
        assert [link.metric.name for link in item.metric_links] == ["Devices ready on day one"]
        source = proposal.funding_sources[0]
        assert [(a.year, a.amount) for a in source.amounts] == [
            (1, Decimal("0.10")),
            (2, Decimal("0.20")),
        ]
        assert proposal.scenarios[0].entries[0].quantity_override == Decimal("1500")
    reopened.close()


def test_money_sums_exactly_in_the_database(library: Library) -> None:
    """0.10 + 0.20 is 0.30 to the cent, in SQL as in Python: money is stored as whole cents."""
    with library.transaction() as session:
        session.add(_full_proposal())
    with library.reading() as session:
        total = session.scalar(select(func.sum(FundingAmount.amount)))
    assert total == Decimal("0.30")


def test_money_finer_than_a_cent_is_refused_not_rounded(library: Library) -> None:
    proposal = _full_proposal()
    proposal.items[0].unit_cost = Decimal("1.005")
    with pytest.raises(Exception, match="more than two decimal places"):
        with library.transaction() as session:
            session.add(proposal)
    with library.reading() as session:
        assert session.scalar(select(func.count(Proposal.id))) == 0


def test_deleting_a_proposal_removes_everything_in_it(library: Library) -> None:
    with library.transaction() as session:
        session.add(_full_proposal())
    with library.transaction() as session:
        session.delete(session.scalars(select(Proposal)).one())
    with library.reading() as session:
        for model in (Goal, Risk, Metric, Item, ItemGoalLink, FundingAmount, ScenarioItem):
            assert session.scalar(select(func.count()).select_from(model)) == 0
